/**
 * Findings from the intended paths: walk each path hop by hop with the evaluator's answers and name
 * the failure mode of the first hop that fails (identity → FM-1.x, role hop → FM-2.x/3.x).
 * Static checks run first, so a hop that fails because of an already-reported defect (e.g. a typo
 * in the provider ARN, FM-1.5) is not reported a second time under a vaguer id.
 */

import type { Evidence } from '../findings.js';
import { actionPatternCovers, wildcardMatches } from '../iam/match.js';
import type { EvalResult } from '../iam/types.js';
import type { AccessPlan, RolePlan } from '../plan/types.js';
import type { FindingSink } from './catalog.js';
import { type ChainEngine, type HopResult, identityDocuments, reasonOf } from './hops.js';
import type { ClusterInfo } from './matrix.js';
import { asArray, conditionEntries, principalValues, statementsOf } from './policy-walk.js';
import type { Start, WitnessSpec } from './witnesses.js';

const lc = (s: string): string => s.toLowerCase();

/** Condition keys argocd-k8s-auth never supplies on its AssumeRole (FM-3.3). */
const UNSATISFIABLE = [
  'sts:externalid',
  'aws:multifactorauthpresent',
  'aws:multifactorauthage',
  'sts:sourceidentity',
];

export interface PathContext {
  readonly plan: AccessPlan;
  readonly sink: FindingSink;
  readonly engine: ChainEngine;
  readonly witnesses: readonly WitnessSpec[];
  readonly clusters: readonly ClusterInfo[];
}

export function runPathChecks(ctx: PathContext): void {
  const { plan, engine } = ctx;
  const byId = new Map(ctx.witnesses.map((w) => [w.witness.id, w]));
  const clusterByName = new Map(ctx.clusters.map((c) => [c.registration.name, c]));
  const identityDone = new Set<string>();
  const hopDone = new Set<string>();
  for (const path of plan.intended) {
    const info = clusterByName.get(path.cluster);
    if (!info) continue;
    const witnessId =
      plan.identity === 'eks-capability'
        ? `capability:${plan.hub.clusterName}`
        : `sa:${path.serviceAccount.namespace}/${path.serviceAccount.name}`;
    const spec = byId.get(witnessId);
    const start = spec?.startFor(info.registration);
    if (!start) continue;
    const roles = path.roles.map((a) => engine.role(a));
    const first = roles[0];
    if (!first) continue;
    const sa = `${path.serviceAccount.namespace}/${path.serviceAccount.name}`;
    const entry = engine.entryHopTo(start, first);
    if (!entry.allowed) {
      if (!identityDone.has(`${sa}|${first.arn}`))
        identityFinding(ctx, start, sa, first, entry, info.registration.name);
      identityDone.add(`${sa}|${first.arn}`);
      continue;
    }
    const closure = engine.closure(start);
    for (let i = 0; i + 1 < roles.length; i++) {
      const from = roles[i];
      const to = roles[i + 1];
      if (!from || !to) break;
      const reached = closure.reached.get(lc(from.arn));
      if (!reached) break;
      const hop = engine.sessionHopTo(reached.session, to);
      if (hop.allowed) continue;
      const key = `${reached.session.key}|${to.arn}|${path.cluster}`;
      if (!hopDone.has(key)) roleHopFinding(ctx, from, to, hop, path.cluster);
      hopDone.add(key);
      break;
    }
  }
  // FM-2.2: a cluster whose roleARN is the management role needs explicit self-trust.
  for (const info of ctx.clusters) {
    const roleArn = info.registration.config.awsAuthConfig?.roleARN;
    const mgmt = plan.roles.find((r) => r.kind === 'management');
    if (!roleArn || !mgmt || lc(roleArn) !== lc(mgmt.arn)) continue;
    const hop = engine.sessionHopTo(engine.session(mgmt, {}), mgmt);
    if (!hop.allowed)
      ctx.sink.add({
        id: 'FM-2.2',
        subject: info.registration.name,
        message: `awsAuthConfig.roleARN of ${info.registration.name} is the management role itself; argocd-k8s-auth still calls AssumeRole and the role does not trust itself: ${hop.reason}`,
        evidence: [
          {
            source: `cluster Secret ${info.registration.secretName}`,
            path: 'config.awsAuthConfig.roleARN',
            value: roleArn,
          },
          { source: `trust policy of ${mgmt.arn}`, path: 'Statement' },
        ],
      });
  }
}

function hasIdentityError(sink: FindingSink, subjects: readonly string[]): boolean {
  return ['FM-1.3', 'FM-1.4', 'FM-1.5', 'FM-1.11', 'FM-1.12'].some((id) =>
    subjects.some((s) => sink.has(id, s)),
  );
}

function identityFinding(
  ctx: PathContext,
  start: Start,
  sa: string,
  role: RolePlan,
  hop: HopResult,
  cluster: string,
): void {
  const { sink, plan } = ctx;
  const ev: Evidence[] = [{ source: `trust policy of ${role.arn}`, path: 'Statement', value: hop.reason }];
  const subjects = [role.arn, ...plan.oidcProviders.map((p) => p.arn)];
  if (guardrailDenial(ctx, role, hop)) return;
  switch (start.kind) {
    case 'web-identity': {
      if (hop.gate?.includes('Incorrect token audience')) {
        if (!hasIdentityError(sink, subjects))
          sink.add({ id: 'FM-1.4', subject: role.arn, message: hop.gate, evidence: ev });
        return;
      }
      if (hop.gate?.includes('no OpenIDConnect provider')) {
        if (!hasIdentityError(sink, subjects))
          sink.add({ id: 'FM-1.3', subject: role.arn, message: hop.gate, evidence: ev });
        return;
      }
      if (hasIdentityError(sink, subjects)) return;
      if (hop.unnamed) {
        sink.add({
          id: 'FM-1.3',
          subject: role.arn,
          message: `The trust policy of ${role.arn} does not name the hub OIDC provider ${start.principal}.`,
          evidence: ev,
        });
        return;
      }
      const sub = start.context?.[`${start.webIdentity?.issuerHost}:sub`];
      sink.add({
        id: 'FM-1.2',
        subject: sa,
        message: `${sa} cannot assume ${role.arn}: the trust policy does not accept the subject ${String(sub)} (${hop.reason}).`,
        evidence: ev,
        fix: `Add "${String(sub)}" to the StringEquals ${start.webIdentity?.issuerHost}:sub list of ${role.arn}.`,
      });
      return;
    }
    case 'pod-identity': {
      if (hop.gate?.startsWith('no EKS Pod Identity association')) {
        sink.add({
          id: 'FM-1.10',
          subject: sa,
          message: `${hop.gate}; ${sa} gets no AWS credentials (or falls back to the node role).`,
          evidence: [{ source: 'AccessPlan', path: 'podIdentityAssociations', value: sa }],
        });
        return;
      }
      if (hop.via && hop.results.length > 0) {
        const tag = hop.results.find((r) => r.action === 'sts:TagSession' && r.result.decision !== 'Allowed');
        const assumeOk = hop.results.some(
          (r) => r.action === 'sts:AssumeRole' && r.result.decision === 'Allowed',
        );
        sink.add({
          id: 'FM-1.14',
          subject: role.arn,
          message:
            tag && assumeOk
              ? `EKS chains from the association role ${hop.via.arn} into the target role ${role.arn} for ${sa}; the Pod Identity session tags are on and transitive, so that AssumeRole also needs sts:TagSession, which is not allowed: ${hop.reason}`
              : `EKS cannot chain from the association role ${hop.via.arn} into the target role ${role.arn} for ${sa}: ${hop.reason}`,
          evidence: [
            ev[0]!,
            {
              source: 'AccessPlan',
              path: 'podIdentityAssociations',
              value: { roleArn: hop.via.arn, targetRoleArn: role.arn },
            },
          ],
        });
        return;
      }
      if (hasIdentityError(sink, [role.arn])) return;
      sink.add({
        id: 'FM-1.11',
        subject: sa,
        message: `EKS Pod Identity cannot assume ${role.arn} for ${sa}: ${hop.reason}`,
        evidence: ev,
      });
      return;
    }
    case 'service':
      sink.add({
        id: 'FM-7.8',
        subject: role.arn,
        message: `The EKS capability cannot assume ${role.arn}: ${hop.reason}`,
        evidence: ev,
      });
      return;
    default:
      sink.add({
        id: 'FM-1.2',
        subject: sa,
        message: `${sa} cannot reach ${role.arn} for ${cluster}: ${hop.reason}`,
        evidence: ev,
      });
  }
}

/** Organization policies that sit outside both the caller's and the role's own documents. */
const GUARDRAILS = new Set(['scp', 'rcp']);

/**
 * An SCP or RCP that explicitly denies the first hop (e.g. an RCP of the hub account denying
 * AssumeRoleWithWebIdentity): FM-2.3, not a trust-policy defect — the trust may be right.
 */
function guardrailDenial(ctx: PathContext, role: RolePlan, hop: HopResult): boolean {
  for (const r of hop.results) {
    if (r.result.decision !== 'ExplicitlyDenied') continue;
    const set = r.result.explain.policySets.find(
      (s) => s.decision === 'ExplicitlyDenied' && GUARDRAILS.has(s.kind),
    );
    if (!set) continue;
    if (!ctx.sink.has('FM-2.3', role.arn))
      ctx.sink.add({
        id: 'FM-2.3',
        subject: role.arn,
        message: `${r.action} into ${role.arn} is explicitly denied by ${set.kind === 'rcp' ? `an RCP of account ${role.account}` : 'an SCP'}: ${hop.reason}`,
        evidence: [
          {
            source: set.kind === 'rcp' ? `RCPs of account ${role.account}` : 'SCPs of the caller account',
            path: 'Statement',
            value: hop.reason,
          },
        ],
      });
    return true;
  }
  return false;
}

function denyBy(kind: string | undefined, to: RolePlan): string {
  if (kind === undefined) return '';
  if (kind === 'rcp') return ` by an RCP of account ${to.account}`;
  if (kind === 'scp') return ' by an SCP';
  return ` by a ${kind} policy`;
}

function setDecision(result: EvalResult, kind: string): string | undefined {
  return result.explain.policySets.find((s) => s.kind === kind)?.decision;
}

/** Does some identity policy of `role` allow `action` on `target` (static, for explain-less answers)? */
function identityAllows(role: RolePlan, action: string, target: string): boolean {
  return identityDocuments(role).some((doc) =>
    statementsOf(doc).some(
      ({ statement }) =>
        statement.Effect === 'Allow' &&
        asArray(statement.Action).some((a) => actionPatternCovers(a, action)) &&
        asArray(statement.Resource).some((r) => wildcardMatches(lc(r), lc(target))),
    ),
  );
}

/** Trust statements that name `from` (by ARN or account) and carry conditions argocd-k8s-auth cannot meet. */
function unsatisfiableConditions(from: RolePlan, to: RolePlan, podIdentity: boolean): Evidence[] {
  const out: Evidence[] = [];
  for (const { statement, path } of statementsOf(to.trustPolicy)) {
    if (statement.Effect !== 'Allow') continue;
    const names = principalValues(statement, 'AWS').some(
      (v) => v === '*' || lc(v) === lc(from.arn) || v === from.account || v.endsWith(`:${from.account}:root`),
    );
    if (!names) continue;
    for (const c of conditionEntries(statement, path)) {
      const key = lc(c.key);
      if (UNSATISFIABLE.includes(key) || (!podIdentity && key.startsWith('aws:requesttag/')))
        out.push({ source: `trust policy of ${to.arn}`, path: c.path, value: c.values });
    }
  }
  return out;
}

function roleHopFinding(
  ctx: PathContext,
  from: RolePlan,
  to: RolePlan,
  hop: HopResult,
  cluster: string,
): void {
  const { sink, plan } = ctx;
  const podIdentity = plan.identity === 'pod-identity';
  if (lc(from.arn) === lc(to.arn)) {
    sink.add({
      id: 'FM-2.2',
      subject: cluster,
      message: `The chain for ${cluster} assumes ${to.arn} from itself, and its trust policy does not allow that: ${hop.reason}`,
      evidence: [{ source: `trust policy of ${to.arn}`, path: 'Statement', value: hop.reason }],
    });
    return;
  }
  const explicit = hop.results.find((r) => r.result.decision === 'ExplicitlyDenied');
  if (explicit) {
    const denySet = explicit.result.explain.policySets.find((s) => s.decision === 'ExplicitlyDenied');
    sink.add({
      id: 'FM-2.3',
      subject: from.arn,
      message: `${explicit.action} from ${from.arn} to ${to.arn} is explicitly denied${denyBy(denySet?.kind, to)}: ${hop.reason}`,
      evidence: [
        {
          // RCPs belong to the target's account, every other guardrail to the caller.
          source:
            denySet?.kind === 'rcp'
              ? `RCPs of account ${to.account}`
              : denySet
                ? `${denySet.kind} policies of ${from.arn}`
                : `policies of ${from.arn}`,
          path: 'Statement',
          value: hop.reason,
        },
      ],
    });
    return;
  }
  const assume = hop.results.find((r) => r.action === 'sts:AssumeRole');
  const tag = hop.results.find((r) => r.action === 'sts:TagSession');
  const trustEv: Evidence = {
    source: `trust policy of ${to.arn}`,
    path: 'Statement',
    value: to.trustPolicy.Statement,
  };
  if (hop.unnamed || !assume) {
    if (!sink.has('FM-3.1', to.arn))
      sink.add({
        id: 'FM-3.1',
        subject: to.arn,
        message: `The trust policy of ${to.arn} does not name the management role ${from.arn}.`,
        evidence: [trustEv],
        fix: `Trust "Principal": {"AWS": "${from.arn}"} with sts:AssumeRole${podIdentity ? ' and sts:TagSession' : ''}.`,
      });
    if (!identityAllows(from, 'sts:AssumeRole', to.arn) && from.account !== to.account)
      addFm21(ctx, from, to, 'sts:AssumeRole');
    return;
  }
  const failing =
    assume.result.decision !== 'Allowed'
      ? assume
      : tag && tag.result.decision !== 'Allowed'
        ? tag
        : undefined;
  if (!failing) return;
  const identityOk =
    setDecision(failing.result, 'identity') === 'Allowed' ||
    (setDecision(failing.result, 'identity') === undefined && identityAllows(from, failing.action, to.arn));
  const trustOk = setDecision(failing.result, 'resource') === 'Allowed';
  if (failing === tag) {
    sink.add({
      id: 'FM-3.2',
      subject: to.arn,
      message: `Pod Identity session tags are transitive, so AssumeRole into ${to.arn} also needs sts:TagSession, which the ${!trustOk ? 'deployer trust policy' : 'management role identity policy'} does not allow: ${reason(failing)}`,
      evidence: [
        !trustOk
          ? trustEv
          : { source: `identity policies of ${from.arn}`, path: 'Statement', value: reason(failing) },
      ],
      fix: !trustOk
        ? `Add sts:TagSession to the Action of the trust statement for ${from.arn}.`
        : `Allow sts:TagSession on ${to.arn} in an identity policy of ${from.arn}.`,
    });
    return;
  }
  if (!identityOk) addFm21(ctx, from, to, failing.action, reason(failing));
  if (!trustOk) {
    const unsat = unsatisfiableConditions(from, to, podIdentity);
    if (unsat.length > 0)
      sink.add({
        id: 'FM-3.3',
        subject: to.arn,
        message: `The trust policy of ${to.arn} requires ${unsat.map((u) => u.path?.split('.').pop()).join(', ')}, which argocd-k8s-auth never sends (it only passes --cluster-name/--role-arn).`,
        evidence: unsat,
      });
    else if (!sink.has('FM-3.1', to.arn))
      sink.add({
        id: 'FM-3.1',
        subject: to.arn,
        message: `The trust policy of ${to.arn} does not let ${from.arn} assume it: ${reason(failing)}`,
        evidence: [trustEv],
        fix: `Trust "Principal": {"AWS": "${from.arn}"} with sts:AssumeRole${podIdentity ? ' and sts:TagSession' : ''}.`,
      });
  }
}

function reason(r: { action: string; result: EvalResult }): string {
  return reasonOf(r.action, r.result);
}

function addFm21(ctx: PathContext, from: RolePlan, to: RolePlan, action: string, why?: string): void {
  const podIdentity = ctx.plan.identity === 'pod-identity';
  const docs = [...from.inlinePolicies, ...from.managedPolicies];
  ctx.sink.add({
    id: 'FM-2.1',
    subject: to.arn,
    message: `No identity policy of ${from.arn} allows ${action} on ${to.arn}${docs.length === 0 ? ' (the role has no permission policies at all)' : ''}${why ? `: ${why}` : ''}.`,
    evidence: [
      {
        source: `identity policies of ${from.arn}`,
        path: docs.length === 0 ? 'inlinePolicies' : 'inlinePolicies[*].document.Statement',
        value: docs.map((d) => d.name),
      },
    ],
    fix: `Allow ${podIdentity ? '["sts:AssumeRole", "sts:TagSession"]' : '"sts:AssumeRole"'} on "${to.arn}" in an inline policy of ${from.arn}.`,
  });
}
