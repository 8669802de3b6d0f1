/**
 * Lints: choices that work today but widen who can ride the chain or hide what prove cannot see.
 * Each is a warning (or info), never an error: the access matrix is what proves a real leak.
 */

import { describeMarker, productionMarker } from '../fleet/production.js';
import { operatorBaseName } from '../iam/match.js';
import type { AccessPlan, RolePlan } from '../plan/types.js';
import type { FindingSink } from './catalog.js';
import type { ChainEngine } from './hops.js';
import type { ClusterInfo } from './matrix.js';
import {
  asArray,
  conditionEntries,
  principalValues,
  statementCoversAction,
  statementsOf,
} from './policy-walk.js';
import type { WitnessSpec } from './witnesses.js';

const lc = (s: string): string => s.toLowerCase();

/** Condition keys that pin a `"*"` principal to named callers (IAM global condition keys). */
const NARROWING_KEYS = new Set([
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceorgid',
  'aws:userid',
  'aws:username',
]);

export interface LintContext {
  readonly plan: AccessPlan;
  readonly sink: FindingSink;
  readonly clusters: readonly ClusterInfo[];
  readonly engine: ChainEngine;
  readonly witnesses: readonly WitnessSpec[];
}

export function runLints(ctx: LintContext): void {
  for (const role of ctx.plan.roles) {
    lintTrust(ctx, role);
    lintIdentity(ctx, role);
  }
  lintProductionAdmin(ctx);
  lintPodIdentityTrust(ctx);
}

function lintTrust({ sink }: LintContext, role: RolePlan): void {
  const source = `trust policy of ${role.arn}`;
  for (const { statement, path } of statementsOf(role.trustPolicy)) {
    if (statement.Effect !== 'Allow') continue;
    const conditions = conditionEntries(statement, path);
    const star =
      statement.Principal === '*' ||
      statement.NotPrincipal !== undefined ||
      ['AWS', 'Federated', 'Service'].some((t) => principalValues(statement, t).includes('*'));
    if (star) {
      const narrowed = conditions.some(
        (c) =>
          NARROWING_KEYS.has(lc(c.key)) &&
          !c.operator.includes('IfExists') &&
          c.values.every((v) => v !== '*'),
      );
      if (!narrowed)
        sink.add({
          id: 'LINT-WILDCARD-PRINCIPAL',
          subject: role.arn,
          message: `A trust statement of ${role.arn} allows the "*" principal without an aws:PrincipalArn/aws:PrincipalAccount/aws:PrincipalOrgID condition.`,
          evidence: [
            { source, path: `${path}.Principal`, value: statement.Principal ?? statement.NotPrincipal },
          ],
        });
    }
    const federated = principalValues(statement, 'Federated').filter((f) => f.includes(':oidc-provider/'));
    if (federated.length === 0) continue;
    for (const c of conditions) {
      const key = lc(c.key);
      if (
        key.endsWith(':sub') &&
        (operatorBaseName(c.operator) ?? c.operator).startsWith('StringLike') &&
        c.values.some((v) => /[*?]/.test(v))
      )
        sink.add({
          id: 'LINT-SUB-WILDCARD',
          subject: role.arn,
          message: `${c.operator} on ${c.key} with ${c.values.join(', ')} admits every matching service account, not only Argo CD's.`,
          evidence: [{ source, path: c.path, value: c.values }],
        });
    }
    if (!conditions.some((c) => lc(c.key).endsWith(':aud')))
      sink.add({
        id: 'LINT-MISSING-AUD',
        subject: role.arn,
        message: `The web-identity statement of ${role.arn} has no ":aud" condition.`,
        evidence: [{ source, path: `${path}.Condition`, value: statement.Condition ?? null }],
      });
  }
}

function lintIdentity({ sink }: LintContext, role: RolePlan): void {
  const docs = [...role.inlinePolicies, ...role.managedPolicies];
  if (role.kind === 'deployer' && (docs.length > 0 || role.attachedPolicyArns.length > 0))
    sink.add({
      id: 'LINT-DEPLOYER-PERMISSIONS',
      subject: role.arn,
      message: `Deployer role ${role.arn} has permission policies (${[...docs.map((d) => d.name), ...role.attachedPolicyArns].join(', ')}); anything that rides the chain gets them too.`,
      evidence: [
        { source: `role ${role.arn}`, path: 'inlinePolicies', value: role.inlinePolicies.map((p) => p.name) },
        { source: `role ${role.arn}`, path: 'attachedPolicyArns', value: role.attachedPolicyArns },
      ],
    });
  for (const [i, p] of docs.entries()) {
    const where =
      i < role.inlinePolicies.length
        ? `inlinePolicies[${i}]`
        : `managedPolicies[${i - role.inlinePolicies.length}]`;
    for (const { statement, path } of statementsOf(p.document)) {
      if (statement.Effect !== 'Allow' || !statementCoversAction(statement, 'sts:AssumeRole')) continue;
      const resources = asArray(statement.Resource);
      const any =
        statement.NotResource !== undefined ||
        resources.some(
          (r) => r === '*' || /^arn:[^:]*:iam::\*:role\/\*$/.test(r) || r === 'arn:*:iam::*:role/*',
        );
      if (any)
        sink.add({
          id: 'LINT-ASSUME-ANY',
          subject: role.arn,
          message: `Policy ${p.name} of ${role.arn} allows sts:AssumeRole on ${statement.NotResource !== undefined ? 'everything but NotResource' : '*'}: the role can assume any role that trusts its account.`,
          evidence: [
            {
              source: `policy ${p.name} of ${role.arn}`,
              path: `${where}.document.${path}.Resource`,
              value: statement.Resource ?? statement.NotResource,
            },
          ],
        });
    }
  }
  const read = new Set((role.attachedPolicies ?? []).map((p) => p.arn));
  const unevaluated = role.attachedPolicyArns.filter((arn) => !read.has(arn));
  const boundary = role.permissionsBoundaryArn;
  if (boundary && !role.permissionsBoundaryPolicy) unevaluated.push(boundary);
  if (unevaluated.length > 0 && role.kind !== 'deployer')
    sink.add({
      id: 'LINT-UNEVALUATED-POLICY',
      subject: role.arn,
      message: `prove cannot evaluate ${unevaluated.join(', ')} of ${role.arn}: the documents are not in the plan.`,
      evidence: [{ source: `role ${role.arn}`, path: 'attachedPolicyArns', value: unevaluated }],
    });
}

/** LINT-PROD-CLUSTER-ADMIN on the plan: the rule is src/fleet/production.ts, shared with the linter. */
function lintProductionAdmin({ sink, clusters }: LintContext): void {
  for (const info of clusters) {
    const c = info.registration;
    const marker = productionMarker(c.name, c.labels);
    if (!marker) continue;
    const admin = info.entries.find((e) =>
      e.accessPolicies.some(
        (p) => p.policyArn.endsWith('/AmazonEKSClusterAdminPolicy') && p.accessScope.type === 'cluster',
      ),
    );
    if (admin)
      sink.add({
        id: 'LINT-PROD-CLUSTER-ADMIN',
        subject: c.name,
        message: `Spoke ${c.name} looks like production (${describeMarker(marker)}) and ${admin.principalArn} gets AmazonEKSClusterAdminPolicy on the whole cluster.`,
        evidence: [
          marker.kind === 'label'
            ? { source: `cluster Secret ${c.secretName}`, path: `labels.${marker.key}`, value: marker.value }
            : { source: `cluster Secret ${c.secretName}`, path: 'name', value: c.name },
          {
            source: `access entry ${admin.principalArn}`,
            path: 'accessPolicies',
            value: admin.accessPolicies,
          },
        ],
      });
  }
}

/**
 * Pod Identity: the association is the gate today, the trust policy is the guard for tomorrow. If
 * the trust would accept an unintended pod once someone associates it, say so.
 */
function lintPodIdentityTrust({ plan, sink, engine, witnesses }: LintContext): void {
  if (plan.identity !== 'pod-identity') return;
  const targets = new Set(plan.podIdentityAssociations.map((a) => lc(a.roleArn)));
  for (const spec of witnesses) {
    if (spec.witness.intended) continue;
    const first = plan.clusters[0];
    const start = first ? spec.startFor(first) : undefined;
    if (start?.kind !== 'pod-identity' || !start.podIdentity) continue;
    // Another account's cluster cannot be associated with our roles at all (EKS same-account rule).
    if (start.podIdentity.account !== plan.hub.account) continue;
    for (const arn of targets) {
      const role = engine.role(arn);
      if (!role) continue;
      const hop = engine.podIdentityTrustAccepts(start, role);
      if (hop.allowed)
        sink.add({
          id: 'LINT-POD-IDENTITY-TRUST-BROAD',
          subject: role.arn,
          message: `The trust policy of ${role.arn} would accept ${spec.witness.label} if an association were created for it.`,
          evidence: [{ source: `trust policy of ${role.arn}`, path: 'Statement', value: spec.witness.id }],
        });
    }
  }
}
