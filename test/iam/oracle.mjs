// Adapter from Fleetlink's EvalRequest shape to the test oracle, @cloud-copilot/iam-simulate
// (AGPL-3.0: a devDependency, imported only by test/ and bench/, never by src/).
//
// - runUnsafeSimulation (synchronous, no context-key filtering) is the oracle; the validating
//   runSimulation drops EKS OIDC condition keys (see the reference notes on libraries).
// - Its resource policy must be wrapped with createValidatedPolicy(...) so it carries metadata;
//   loadPolicy(raw) without metadata crashes in the resource-policy analysis.
// - runUnsafeSimulation ignores Simulation.sessionPolicy (it passes `sessionPolicy: undefined` to the
//   engine). For requests with session policies we call the same engine function it calls,
//   `authorize`, with the session policy set (several session policies are merged into one document:
//   their statements form one policy set either way).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createValidatedPolicy,
  loadPolicy,
  validateIdentityPolicy,
  validateResourcePolicy,
} from '@cloud-copilot/iam-policy';
import { anonymousPrincipal, runUnsafeSimulation } from '@cloud-copilot/iam-simulate';

const require = createRequire(import.meta.url);
const esmDir = join(dirname(require.resolve('@cloud-copilot/iam-simulate')), '..', 'esm');
const deep = (p) => import(pathToFileURL(join(esmDir, p)).href);
const { authorize } = await deep('core_engine/CoreSimulatorEngine.js');
const { AwsRequestImpl } = await deep('request/request.js');
const { RequestContextImpl } = await deep('requestContext.js');
const { DiscoveryContextKeyConstraints } = await deep('context_keys/discoveryContextKeyConstraints.js');

const statementsOf = (doc) => (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]);

function levels(list) {
  if (!list || list.length === 0) return [];
  if (list.every((e) => !Array.isArray(e))) return [list];
  return list.map((e) => (Array.isArray(e) ? e : [e]));
}

function resourceAccountOf(request) {
  return request.resourceAccount ?? (request.resource.split(':')[4] || undefined);
}

/** Builds the oracle's Simulation input for an EvalRequest. */
export function toSimulation(request) {
  const orgPolicies = (list, kind) =>
    levels(list).map((level, li) => ({
      orgIdentifier: `${kind}-level-${li}`,
      policies: level.map((policy, i) => ({ name: `${kind}-${li}-${i}`, policy })),
    }));
  return {
    request: {
      principal:
        request.principal === 'anonymous' || request.principal === '*'
          ? anonymousPrincipal
          : request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: resourceAccountOf(request) },
      contextVariables: request.context ?? {},
    },
    identityPolicies: (request.identityPolicies ?? []).map((policy, i) => ({
      name: `identity-${i}`,
      policy,
    })),
    serviceControlPolicies: orgPolicies(request.scps, 'scp'),
    resourceControlPolicies: orgPolicies(request.rcps, 'rcp'),
    resourcePolicy: request.resourcePolicy
      ? createValidatedPolicy(request.resourcePolicy, validateResourcePolicy, { name: 'resource' })
      : undefined,
    permissionBoundaryPolicies: request.permissionBoundary
      ? [{ name: 'boundary', policy: request.permissionBoundary }]
      : undefined,
  };
}

function authorizeWithSession(request, simulation) {
  const load = (p) => loadPolicy(p.policy, { name: p.name });
  const org = (list) => list.map((o) => ({ orgIdentifier: o.orgIdentifier, policies: o.policies.map(load) }));
  const session = {
    Version: '2012-10-17',
    Statement: request.sessionPolicies.flatMap(statementsOf),
  };
  const analysis = authorize({
    request: new AwsRequestImpl(
      simulation.request.principal,
      simulation.request.resource,
      simulation.request.action,
      new RequestContextImpl(simulation.request.contextVariables),
    ),
    sessionPolicy: loadPolicy(session, { name: 'session' }),
    identityPolicies: simulation.identityPolicies.map(load),
    serviceControlPolicies: org(simulation.serviceControlPolicies),
    resourceControlPolicies: org(simulation.resourceControlPolicies),
    resourcePolicy: simulation.resourcePolicy ? loadPolicy(simulation.resourcePolicy) : undefined,
    permissionBoundaries: simulation.permissionBoundaryPolicies?.map(load),
    vpcEndpointPolicies: undefined,
    simulationParameters: {
      simulationMode: 'Strict',
      discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([]),
    },
    serviceSettings: { s3: { blockPublicAccess: undefined } },
  });
  return analysis.result;
}

/** The oracle's decision: 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied'. */
export function oracleDecision(request) {
  const simulation = toSimulation(request);
  if (request.sessionPolicies && request.sessionPolicies.length > 0)
    return authorizeWithSession(request, simulation);
  return runUnsafeSimulation(simulation, {});
}

/** The oracle's own validation errors for a case's policies (to keep generated policies valid). */
export function oracleValidationErrors(request) {
  const errors = [];
  for (const p of request.identityPolicies ?? []) errors.push(...validateIdentityPolicy(p));
  if (request.resourcePolicy) errors.push(...validateResourcePolicy(request.resourcePolicy));
  return errors;
}
