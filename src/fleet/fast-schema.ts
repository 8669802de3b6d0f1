/**
 * The fleet file schema (schema.ts) as plain checks, for the fast path: it accepts exactly the
 * files the zod schema accepts and returns the same output (defaults filled, same key order), or
 * `undefined` — then the careful reader runs zod and reports every problem with its position.
 *
 * Why a second form of the schema: importing zod and building the schema costs about 55 ms of
 * start-up (94 modules), more than everything else `fleetlink plan` does for 10 spokes. The rules
 * themselves (rules.ts, ca.ts, endpoints.ts) are shared; only the shape is written twice, and
 * test/fleet/fast-schema.test.ts checks both forms agree on the examples, the bad-file corpus and
 * generated mutations of them. Change schema.ts and this file together.
 */
import { checkCaDataCached } from './ca.js';
import { DEFAULTS } from './defaults.js';
import { checkEndpoint, checkOidcIssuer } from './endpoints.js';
import { REGIONS } from './regions.js';
import {
  checkAccessPolicyName,
  checkAccountId,
  checkArgoClusterName,
  checkArgoVersion,
  checkChartVersion,
  checkConfigMapKey,
  checkCrdName,
  checkEksClusterName,
  checkGroup,
  checkIamPath,
  checkLabelValue,
  checkNamespace,
  checkObjectName,
  checkOrganizationalUnit,
  checkOrganizationId,
  checkQualifiedKey,
  checkReleaseName,
  checkResourceName,
  checkRoleArn,
  checkRoleName,
  checkRoleNamePattern,
  checkScopeNamespace,
  checkSsmParameterName,
  checkTagKey,
  checkTagValue,
} from './rules.js';
import type { FleetFile } from './schema.js';

/** A rejected value: the fast path gives up and the careful reader explains. */
const BAD: unique symbol = Symbol('bad');
type Check = (value: unknown) => unknown;
type Rule = (v: string) => string | undefined;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function text(rule?: Rule): Check {
  return (v) => (typeof v === 'string' && (rule === undefined || rule(v) === undefined) ? v : BAD);
}

function oneOf(values: readonly string[]): Check {
  const set = new Set(values);
  return (v) => (typeof v === 'string' && set.has(v) ? v : BAD);
}

const bool: Check = (v) => (typeof v === 'boolean' ? v : BAD);

/** zod `z.number().int().min(min).max(max)`. */
function count(min: number, max: number): Check {
  return (v) => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : BAD);
}

/** zod `z.number().positive().max(max)` (zod rejects NaN and infinities). */
function positive(max: number): Check {
  return (v) => (typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= max ? v : BAD);
}

/** zod `.optional()`: an absent key stays absent. */
const OPTIONAL: unique symbol = Symbol('optional');
interface Field {
  readonly check: Check;
  /** `OPTIONAL`, or a function giving the value of an absent key (zod `.default` / `.prefault`). */
  readonly absent?: typeof OPTIONAL | (() => unknown);
}

const optional = (check: Check): Field => ({ check, absent: OPTIONAL });
/** zod `.default(x)`: an absent key becomes a copy of x, not checked. */
const withDefault = (check: Check, value: () => unknown): Field => ({ check, absent: value });
/** zod `.prefault(x)`: an absent key is checked as if it were x. */
const prefault = (check: Check, value: () => unknown): Field => ({ check, absent: () => check(value()) });

/** zod `z.strictObject`: every key known; output in the schema's key order. */
function object(
  shape: Record<string, Check | Field>,
  refine?: (o: Record<string, unknown>) => boolean,
): Check {
  const entries = Object.entries(shape).map(
    ([k, f]) => [k, typeof f === 'function' ? { check: f } : f] as const,
  );
  return (v) => {
    if (!isPlainObject(v)) return BAD;
    for (const key of Object.keys(v)) if (!Object.hasOwn(shape, key)) return BAD;
    const out: Record<string, unknown> = {};
    for (const [key, field] of entries) {
      const present = Object.hasOwn(v, key) && v[key] !== undefined;
      let result: unknown;
      if (present) result = field.check(v[key]);
      else if (field.absent === OPTIONAL) continue;
      else if (field.absent === undefined) return BAD;
      else result = field.absent();
      if (result === BAD) return BAD;
      out[key] = result;
    }
    return refine === undefined || refine(out) ? out : BAD;
  };
}

function list(item: Check, min = 0): Check {
  return (v) => {
    if (!Array.isArray(v) || v.length < min) return BAD;
    const out: unknown[] = [];
    for (const x of v) {
      const r = item(x);
      if (r === BAD) return BAD;
      out.push(r);
    }
    return out;
  };
}

/** zod `z.record(z.string(), text(valueRule))` with keys checked by keyRule. */
function stringMap(keyRule: Rule, valueRule?: Rule): Check {
  const value = text(valueRule);
  return (v) => {
    if (!isPlainObject(v)) return BAD;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v)) {
      // An own `__proto__` key would be assigned differently here and in zod: let zod decide.
      if (key === '__proto__' || keyRule(key) !== undefined) return BAD;
      const r = value(v[key]);
      if (r === BAD) return BAD;
      out[key] = r;
    }
    return out;
  };
}

const accountId = text(checkAccountId);
const region = oneOf(REGIONS);
const eksClusterName = text(checkEksClusterName);
const argoClusterName = text(checkArgoClusterName);
const roleName = text(checkRoleName);
const roleNamePattern = text(checkRoleNamePattern);
const iamPath = text(checkIamPath);
const namespace = text(checkNamespace);
const serviceAccount = text((v) => checkObjectName(v, 'service-account name'));
const accessPolicy = oneOf(['cluster-admin', 'admin', 'edit', 'view', 'none']);

const credentials = object(
  { profile: optional(text()), roleArn: optional(text(checkRoleArn)) },
  (c) => (c.profile === undefined) !== (c.roleArn === undefined),
);

const roleRef = (name: Check, defaults: { readonly name: string; readonly path: string }): Field =>
  prefault(
    object({
      name: withDefault(name, () => defaults.name),
      path: withDefault(iamPath, () => defaults.path),
    }),
    () => ({}),
  );

const A = DEFAULTS.argocd;
const argocd = prefault(
  object({
    namespace: withDefault(namespace, () => A.namespace),
    releaseName: withDefault(text(checkReleaseName), () => A.releaseName),
    chartVersion: withDefault(text(checkChartVersion), () => A.chartVersion),
    version: withDefault(text(checkArgoVersion), () => A.version),
    serviceAccounts: prefault(
      object({
        applicationController: withDefault(serviceAccount, () => A.serviceAccounts.applicationController),
        applicationSetController: withDefault(
          serviceAccount,
          () => A.serviceAccounts.applicationSetController,
        ),
        server: withDefault(serviceAccount, () => A.serviceAccounts.server),
      }),
      () => ({}),
    ),
    dynamicClusterDistribution: withDefault(bool, () => A.dynamicClusterDistribution),
    controller: prefault(
      object({
        replicas: withDefault(count(1, 1000), () => A.controller.replicas),
        shardingAlgorithm: withDefault(
          oneOf(['legacy', 'round-robin', 'consistent-hashing']),
          () => A.controller.shardingAlgorithm,
        ),
        maxIdleConnections: optional(count(1, 1_000_000)),
        watchBudget: optional(count(1, 10_000_000)),
      }),
      () => ({}),
    ),
    capability: optional(
      object({
        kubernetesGroup: withDefault(text(checkGroup), () => DEFAULTS.capability.kubernetesGroup),
        cm: withDefault(stringMap(checkConfigMapKey), () => ({})),
      }),
    ),
  }),
  () => ({}),
);

const hub = object({
  name: withDefault(argoClusterName, () => DEFAULTS.hub.name),
  account: accountId,
  region,
  clusterName: eksClusterName,
  oidcIssuer: optional(text((v) => checkOidcIssuer(v).problem)),
  oidcProvider: withDefault(oneOf(['existing', 'create']), () => DEFAULTS.hub.oidcProvider),
  managementRole: roleRef(roleName, DEFAULTS.hub.managementRole),
  capabilityRole: optional(object({ name: roleName, path: withDefault(iamPath, () => '/') })),
  registerSelf: withDefault(bool, () => DEFAULTS.hub.registerSelf),
  kubeContext: optional(text()),
  credentials: optional(credentials),
  podIdentity: optional(
    object({
      disableSessionTags: withDefault(bool, () => false),
      managementAccount: optional(accountId),
      associationRole: optional(
        object({
          name: withDefault(roleName, () => DEFAULTS.podIdentity.associationRole.name),
          path: withDefault(iamPath, () => DEFAULTS.podIdentity.associationRole.path),
        }),
      ),
    }),
  ),
});

const caObject = object(
  {
    data: optional(text((v) => checkCaDataCached(v))),
    ssmParameter: optional(text(checkSsmParameterName)),
  },
  (c) => (c.data === undefined) !== (c.ssmParameter === undefined),
);
const ca: Check = (v) => (v === 'discover' ? v : caObject(v));

const scopeNamespaces = list(text(checkScopeNamespace));
const groups = list(text(checkGroup));
const extraPolicies = list(
  object({
    policy: text(checkAccessPolicyName),
    namespaces: withDefault(scopeNamespaces, () => []),
  }),
);
const clusterScoped = list(text(checkResourceName));
const crds = list(text(checkCrdName));

const labels = stringMap((k) => checkQualifiedKey(k, 'label'), checkLabelValue);
const annotations = stringMap((k) => checkQualifiedKey(k, 'annotation'));
const project = text((v) => checkObjectName(v, 'Argo CD project name'));

const spoke = object({
  name: argoClusterName,
  account: accountId,
  region: optional(region),
  clusterName: optional(eksClusterName),
  endpoint: optional(text((v) => checkEndpoint(v).problem)),
  ca: optional(ca),
  deployerRole: optional(object({ name: optional(roleNamePattern), path: optional(iamPath) })),
  access: optional(
    object({
      policy: optional(accessPolicy),
      namespaces: optional(scopeNamespaces),
      groups: optional(groups),
      extraPolicies: optional(extraPolicies),
      clusterScoped: optional(clusterScoped),
      customResourceDefinitions: optional(crds),
    }),
  ),
  labels: optional(labels),
  annotations: optional(annotations),
  project: optional(project),
  namespaces: optional(list(namespace)),
  clusterResources: optional(bool),
  credentials: optional(credentials),
  weight: optional(positive(1_000_000)),
  shard: optional(count(0, 999)),
  parked: optional(bool),
  applications: optional(count(0, 1_000_000)),
});

const defaults = prefault(
  object({
    deployerRole: roleRef(roleNamePattern, DEFAULTS.deployerRole),
    access: prefault(
      object({
        policy: withDefault(accessPolicy, () => DEFAULTS.access.policy),
        namespaces: withDefault(scopeNamespaces, () => []),
        groups: withDefault(groups, () => []),
        extraPolicies: withDefault(extraPolicies, () => []),
        clusterScoped: withDefault(clusterScoped, () => []),
        customResourceDefinitions: withDefault(crds, () => []),
      }),
      () => ({}),
    ),
    labels: withDefault(labels, () => ({})),
    annotations: withDefault(annotations, () => ({})),
    project: optional(project),
    clusterResources: withDefault(bool, () => false),
  }),
  () => ({}),
);

const organization = object({
  id: text(checkOrganizationId),
  organizationalUnits: list(text(checkOrganizationalUnit), 1),
  regions: optional(list(region)),
  delegatedAdmin: withDefault(bool, () => DEFAULTS.organization.delegatedAdmin),
});

const fleetFile = object({
  apiVersion: (v) => (v === 'fleetlink.dev/v1alpha1' ? v : BAD),
  kind: (v) => (v === 'Fleet' ? v : BAD),
  identity: withDefault(oneOf(['irsa', 'pod-identity', 'eks-capability']), () => DEFAULTS.identity),
  argocd,
  hub,
  defaults,
  spokes: withDefault(list(spoke), () => []),
  organization: optional(organization),
  tags: withDefault(stringMap(checkTagKey, checkTagValue), () => ({})),
});

/** What `fleetFileSchema.safeParse(data)` returns as `data` on success; `undefined` otherwise. */
export function checkFleetFile(data: unknown): FleetFile | undefined {
  const out = fleetFile(data);
  return out === BAD ? undefined : (out as FleetFile);
}
