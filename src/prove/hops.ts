/**
 * The hops of the chain, evaluated with Fleetlink's IAM evaluator and composed into reachability.
 *
 *   witness ─(AssumeRoleWithWebIdentity | Pod Identity agent | EKS service | AssumeRole)→ role
 *   role session ─(sts:AssumeRole [+ sts:TagSession when session tags are transitive])→ role …
 *
 * Efficiency (witnesses × roles grows fast): trust policies are indexed by the principals they
 * name, so a hop is only evaluated when the target trust could possibly match; evaluations are
 * cached per (start, action, trust document, same-account) when the caller's identity policies do
 * not depend on the resource; closures (every role a start reaches) are computed once per start,
 * and a role session's outgoing hops once per (role, session tags) — so the management role's hops
 * to N deployers are evaluated once, not once per witness.
 */
import type { ContextValue, EvalRequest, EvalResult } from '../iam/types.js';
import type { AccessPlan, PolicyDocument, PolicyStatement, RolePlan } from '../plan/types.js';
import { accountOf, globMatch, principalValues, statementsOf } from './policy-walk.js';
import { identityDocuments, podIdentityTags, type Start } from './witnesses.js';

export type EvaluateFn = (request: EvalRequest) => EvalResult;

export interface ActionResult {
  readonly action: string;
  readonly result: EvalResult;
}

/** One attempt to move from a principal to a role. */
export interface HopResult {
  readonly allowed: boolean;
  readonly target: RolePlan;
  /** The evaluator's answers, one per action the hop needs (empty when a gate stopped it first). */
  readonly results: readonly ActionResult[];
  /** A non-IAM reason the hop cannot happen (no Pod Identity association, account rules, …). */
  readonly gate?: string;
  /** Why it was denied (empty when allowed). */
  readonly reason: string;
  /** The hop was not evaluated because the target's trust policy names no matching principal. */
  readonly unnamed?: boolean;
  /**
   * Pod Identity with `targetRoleArn`: the association role EKS assumed first; the hop is EKS's own
   * AssumeRole from it into the target (`target`). Set when that second AssumeRole is what failed.
   */
  readonly via?: RolePlan;
}

export interface Session {
  readonly role: RolePlan;
  /** Transitive session tags carried by the session (EKS Pod Identity). */
  readonly tags: Readonly<Record<string, string>>;
  readonly key: string;
}

export interface Reached {
  readonly session: Session;
  /** Lower-cased ARN of the role this one was assumed from; absent for the first role. */
  readonly parent?: string;
}

export interface Closure {
  /** Lower-cased role ARN → how it was reached (breadth first: shortest chains). */
  readonly reached: ReadonlyMap<string, Reached>;
}

export interface EngineOptions {
  /** SCPs per account id (one list per account; evaluated for principals of that account). */
  readonly scps?: Readonly<Record<string, readonly PolicyDocument[]>>;
  /**
   * RCPs per account id, evaluated for requests on resources of that account: a role hop is a
   * request on the TARGET role, so the deployer's account for AssumeRole into a deployer and the
   * hub account for the web-identity hop into the management role.
   * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
   */
  readonly rcps?: Readonly<Record<string, readonly PolicyDocument[]>>;
}

/**
 * AWS attaches RCPFullAWSAccess to every root, OU and account and it cannot be detached, so an
 * account's RCPs always include it; without it the evaluator's "every level must allow" rule would
 * turn a deny-only RCP list into an implicit deny of everything.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
 */
export const RCP_FULL_AWS_ACCESS: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
};

const MAX_DEPTH = 6;

const lc = (s: string): string => s.toLowerCase();

/** Role → permissions boundary document, when an (observed) plan carries it. */
export function boundaryDocument(role: RolePlan): PolicyDocument | undefined {
  return role.permissionsBoundaryPolicy;
}

export { identityDocuments };

export function sessionArnOf(role: RolePlan): string {
  return `arn:${role.partition}:sts::${role.account}:assumed-role/${role.name}/fleetlink-witness`;
}

/** A short, human reason from an evaluator answer. */
export function reasonOf(action: string, result: EvalResult): string {
  const summary = result.explain.summary.startsWith(result.decision)
    ? result.explain.summary.slice(result.decision.length).replace(/^[:\s]+/, '')
    : result.explain.summary;
  const parts = [`${action} ${result.decision}: ${summary}`];
  const details: string[] = [];
  for (const set of result.explain.policySets) {
    if (set.decision === 'Allowed' || set.decision === 'NotApplicable') continue;
    for (const s of set.statements) {
      const relevant =
        result.decision === 'ExplicitlyDenied' ? s.effect === 'Deny' && s.matched : s.effect === 'Allow';
      if (relevant && s.reason && !details.includes(s.reason)) details.push(`${set.kind}: ${s.reason}`);
      if (details.length >= 2) break;
    }
    if (details.length >= 2) break;
  }
  const text = details.length > 0 ? `${parts[0]} (${details.join('; ')})` : (parts[0] as string);
  return text.length > 600 ? `${text.slice(0, 597)}...` : text;
}

interface TrustIndex {
  readonly awsByAccount: Map<string, RolePlan[]>;
  readonly federated: Map<string, RolePlan[]>;
  readonly service: Map<string, RolePlan[]>;
  /** Roles whose trust has `"*"` principals or NotPrincipal: candidates for everyone. */
  readonly wildcard: RolePlan[];
}

function push(map: Map<string, RolePlan[]>, key: string, role: RolePlan): void {
  const list = map.get(key);
  if (!list) map.set(key, [role]);
  else if (list[list.length - 1] !== role) list.push(role);
}

/**
 * Index every role by the principals its trust policy's Allow statements name. Sound for
 * pre-filtering: a statement can only match an AWS principal of account X if it names X (an ARN in X
 * or the bare id), `"*"`, or uses NotPrincipal.
 */
function indexTrust(roles: readonly RolePlan[]): TrustIndex {
  const index: TrustIndex = {
    awsByAccount: new Map(),
    federated: new Map(),
    service: new Map(),
    wildcard: [],
  };
  for (const role of roles) {
    let wildcard = false;
    for (const { statement } of statementsOf(role.trustPolicy)) {
      if (statement.Effect !== 'Allow') continue;
      if (statement.NotPrincipal !== undefined || statement.Principal === '*') {
        wildcard = true;
        continue;
      }
      for (const v of principalValues(statement, 'AWS')) {
        if (v === '*') wildcard = true;
        else {
          const account = accountOf(v);
          if (account) push(index.awsByAccount, account, role);
        }
      }
      for (const v of principalValues(statement, 'Federated')) {
        if (v === '*') wildcard = true;
        else push(index.federated, lc(v), role);
      }
      for (const v of principalValues(statement, 'Service')) {
        if (v === '*') wildcard = true;
        else push(index.service, lc(v), role);
      }
    }
    if (wildcard) index.wildcard.push(role);
  }
  return index;
}

function tagsKey(tags: Readonly<Record<string, string>>): string {
  const keys = Object.keys(tags);
  if (keys.length === 0) return '';
  return keys
    .sort()
    .map((k) => `${k}=${tags[k]}`)
    .join(',');
}

/** Context for a chained AssumeRole that carries transitive session tags (IAM "Chaining roles with session tags"). */
function tagContext(
  tags: Readonly<Record<string, string>>,
  asPrincipalTags: boolean,
): Record<string, ContextValue> {
  const ctx: Record<string, ContextValue> = {};
  const keys = Object.keys(tags);
  if (keys.length === 0) return ctx;
  for (const k of keys) {
    const v = tags[k] as string;
    ctx[`aws:RequestTag/${k}`] = v;
    if (asPrincipalTags) ctx[`aws:PrincipalTag/${k}`] = v;
  }
  ctx['aws:TagKeys'] = keys;
  return ctx;
}

export class ChainEngine {
  private readonly rolesByArn = new Map<string, RolePlan>();
  private readonly index: TrustIndex;
  private readonly trustIds = new WeakMap<RolePlan, string>();
  private trustCounter = 0;
  private readonly evalCache = new Map<string, EvalResult>();
  private readonly entryMemo = new Map<string, Map<string, HopResult>>();
  private readonly sessionMemo = new Map<string, Map<string, HopResult>>();
  private readonly closureMemo = new Map<string, Closure>();
  private readonly trustTextCache = new Map<string, string>();
  private readonly orgId: string | undefined;
  private readonly orgAccounts = new Set<string>();
  /** Number of evaluator calls made (for benchmarks and tests of the caching). */
  evaluations = 0;
  /** Condition key → the hops whose answer rested on its absence (see `unsuppliedKeys`). */
  private readonly unsupplied = new Map<string, Set<string>>();

  constructor(
    private readonly plan: AccessPlan,
    private readonly evaluate: EvaluateFn,
    private readonly options: EngineOptions = {},
  ) {
    for (const role of plan.roles)
      if (!this.rolesByArn.has(lc(role.arn))) this.rolesByArn.set(lc(role.arn), role);
    this.index = indexTrust(plan.roles);
    // With an Organization, the plan's accounts are its members: requests carry the org id
    // (aws:PrincipalOrgID / aws:ResourceOrgID, IAM global condition keys) that policies may test.
    if (plan.organization) {
      this.orgId = plan.organization.id;
      this.orgAccounts = new Set([
        plan.hub.account,
        ...plan.roles.map((r) => r.account),
        ...plan.clusters.map((c) => c.account),
        ...plan.accessEntries.map((e) => e.account),
      ]);
    }
  }

  role(arn: string): RolePlan | undefined {
    return this.rolesByArn.get(lc(arn));
  }

  /** Every role a start can become, and through which chain. */
  closure(start: Start): Closure {
    const memo = this.closureMemo.get(start.key);
    if (memo) return memo;
    const reached = new Map<string, Reached>();
    const queue: { session: Session; depth: number }[] = [];
    const visit = (session: Session, parent: string | undefined, depth: number) => {
      const k = lc(session.role.arn);
      if (reached.has(k)) return;
      reached.set(k, parent === undefined ? { session } : { session, parent });
      queue.push({ session, depth });
    };
    const own = start.key.startsWith('role|') ? this.role(start.iamArn ?? '') : undefined;
    if (own) visit(this.session(own, {}), undefined, 0);
    else {
      const tags = start.podIdentity ? podIdentityTags(start.podIdentity) : {};
      for (const hop of this.entryHops(start).values())
        if (hop.allowed) visit(this.session(hop.target, tags), undefined, 0);
    }
    for (let i = 0; i < queue.length; i++) {
      const { session, depth } = queue[i]!;
      if (depth >= MAX_DEPTH) continue;
      for (const hop of this.sessionHops(session).values())
        if (hop.allowed) visit(this.session(hop.target, session.tags), lc(session.role.arn), depth + 1);
    }
    const closure: Closure = { reached };
    this.closureMemo.set(start.key, closure);
    return closure;
  }

  /** Role ARNs (hop order) of the chain by which a closure reached a role. */
  chainTo(closure: Closure, arn: string): string[] {
    const out: string[] = [];
    let k: string | undefined = lc(arn);
    while (k !== undefined) {
      const r = closure.reached.get(k);
      if (!r) break;
      out.unshift(r.session.role.arn);
      k = r.parent;
      if (out.length > MAX_DEPTH + 1) break;
    }
    return out;
  }

  session(role: RolePlan, tags: Readonly<Record<string, string>>): Session {
    return { role, tags, key: `${lc(role.arn)}|${tagsKey(tags)}` };
  }

  /** The first hop from a start to every candidate role. */
  entryHops(start: Start): Map<string, HopResult> {
    const memo = this.entryMemo.get(start.key);
    if (memo) return memo;
    const out = new Map<string, HopResult>();
    for (const role of this.entryCandidates(start)) {
      const targetArn = start.kind === 'pod-identity' ? this.targetRoleOf(start, role) : undefined;
      const target = targetArn === undefined ? undefined : this.role(targetArn);
      if (targetArn === undefined) out.set(lc(role.arn), this.entryHop(start, role));
      else if (target) out.set(lc(target.arn), this.targetRoleHop(start, role, target));
    }
    this.entryMemo.set(start.key, out);
    return out;
  }

  /** The association's `targetRoleArn` for this start and association role, when it has one. */
  private targetRoleOf(start: Start, role: RolePlan): string | undefined {
    return this.podAssociations(start).find((a) => lc(a.roleArn) === lc(role.arn) && a.targetRoleArn)
      ?.targetRoleArn;
  }

  /**
   * EKS Pod Identity with a target role (EKS User Guide, pod-id-assign-target-role): EKS assumes the
   * association role, then "using those credentials" assumes the target role, and the pod only ever
   * holds the target's credentials. The second AssumeRole is a role-chaining call from the
   * association role: its identity policy and the target's trust must allow sts:AssumeRole, plus
   * sts:TagSession while session tags are on (they are transitive, pod-id-abac). With tags disabled
   * EKS sets `sts:ExternalId` to `<region>/<account>/<cluster>/<namespace>/<service account>`.
   */
  private targetRoleHop(start: Start, via: RolePlan, target: RolePlan): HopResult {
    const first = this.entryHop(start, via);
    // The first hop failing is the association role's own trust (FM-1.11), reported on that role.
    if (!first.allowed) return first;
    const pi = start.podIdentity!;
    const tags = podIdentityTags(pi);
    const from = this.sessionStart(this.session(via, tags));
    const externalId: Record<string, string> = pi.tagged
      ? {}
      : {
          'sts:ExternalId': `${pi.region ?? ''}/${pi.account}/${pi.clusterName}/${pi.namespace}/${pi.serviceAccount}`,
        };
    const hop = this.assumeRoleHop(
      { ...from, context: { ...(from.context ?? {}), ...externalId } },
      target,
      tags,
    );
    return hop.allowed ? hop : { ...hop, via };
  }

  /** The hop from a start to one role: evaluated if it is a candidate, otherwise explained. */
  entryHopTo(start: Start, role: RolePlan): HopResult {
    if (start.key.startsWith('role|')) {
      const own = this.role(start.iamArn ?? '');
      if (own) return this.sessionHopTo(this.session(own, {}), role);
    }
    return this.entryHops(start).get(lc(role.arn)) ?? this.unnamedHop(start, role);
  }

  /** Outgoing AssumeRole hops of a role session. */
  sessionHops(session: Session): Map<string, HopResult> {
    const memo = this.sessionMemo.get(session.key);
    if (memo) return memo;
    const out = new Map<string, HopResult>();
    const source = session.role;
    const candidates = new Set<RolePlan>([
      ...(this.index.awsByAccount.get(source.account) ?? []),
      ...this.index.wildcard,
    ]);
    for (const target of candidates)
      out.set(lc(target.arn), this.assumeRoleHop(this.sessionStart(session), target, session.tags));
    this.sessionMemo.set(session.key, out);
    return out;
  }

  sessionHopTo(session: Session, role: RolePlan): HopResult {
    return this.sessionHops(session).get(lc(role.arn)) ?? this.unnamedHop(this.sessionStart(session), role);
  }

  /** As-if hop for Pod Identity: would the trust accept this pod if an association existed? */
  podIdentityTrustAccepts(start: Start, role: RolePlan): HopResult {
    return this.podIdentityEval(start, role);
  }

  private sessionStart(session: Session): Start {
    const role = session.role;
    return {
      key: `session|${session.key}`,
      cacheKey: `session|${lc(role.arn)}`,
      kind: 'aws',
      principal: sessionArnOf(role),
      account: role.account,
      iamArn: role.arn,
      identityPolicies: identityDocuments(role),
      context: {
        'aws:PrincipalArn': role.arn,
        'aws:PrincipalAccount': role.account,
        'aws:PrincipalType': 'AssumedRole',
      },
    };
  }

  private entryCandidates(start: Start): RolePlan[] {
    const set = new Set<RolePlan>(this.index.wildcard);
    switch (start.kind) {
      case 'web-identity':
        for (const r of this.index.federated.get(lc(start.principal)) ?? []) set.add(r);
        break;
      case 'pod-identity': {
        // The agent assumes exactly the associated role(s); the trust is checked on those.
        set.clear();
        for (const a of this.podAssociations(start)) {
          const r = this.role(a.roleArn);
          if (r) set.add(r);
        }
        break;
      }
      case 'service':
        set.clear();
        for (const r of this.plan.roles) if (r.kind === 'capability') set.add(r);
        break;
      case 'aws':
        if (start.account) for (const r of this.index.awsByAccount.get(start.account) ?? []) set.add(r);
        break;
    }
    return [...set];
  }

  private podAssociations(start: Start) {
    const pi = start.podIdentity;
    if (!pi) return [];
    return this.plan.podIdentityAssociations.filter(
      (a) =>
        a.clusterName === pi.clusterName &&
        a.account === pi.account &&
        a.namespace === pi.namespace &&
        a.serviceAccount === pi.serviceAccount,
    );
  }

  private entryHop(start: Start, role: RolePlan): HopResult {
    switch (start.kind) {
      case 'web-identity':
        return this.webIdentityHop(start, role);
      case 'pod-identity': {
        const pi = start.podIdentity!;
        // EKS: "You can only associate roles that are in the same AWS account as the cluster" (pod-identities).
        if (role.account !== pi.account)
          return this.gated(
            role,
            `EKS Pod Identity only uses roles of the cluster's account (${pi.account}); ${role.arn} is in ${role.account}`,
          );
        return this.podIdentityEval(start, role);
      }
      case 'service': {
        const svc = start.service!;
        // EKS capability role "must be in the same AWS account as the cluster and capability resource".
        if (role.account !== svc.sourceAccount)
          return this.gated(
            role,
            `the EKS capability only uses a role of its own account (${svc.sourceAccount})`,
          );
        const context = { 'aws:SourceAccount': svc.sourceAccount };
        return this.combine(role, [
          this.run(start, 'sts:AssumeRole', role, context, []),
          this.run(start, 'sts:TagSession', role, context, []),
        ]);
      }
      case 'aws':
        return this.assumeRoleHop(start, role, {});
    }
  }

  private webIdentityHop(start: Start, role: RolePlan): HopResult {
    const wi = start.webIdentity!;
    if (wi.checkProvider && this.plan.oidcProviders.length > 0) {
      const provider = this.plan.oidcProviders.find((p) => lc(p.arn) === lc(wi.providerArn));
      if (!provider)
        return this.gated(
          role,
          `InvalidIdentityToken: no OpenIDConnect provider ${wi.providerArn} in the plan (FM-1.3)`,
        );
      if (!provider.clientIds.includes(wi.aud))
        return this.gated(
          role,
          `InvalidIdentityToken: Incorrect token audience "${wi.aud}" (provider ClientIDList: ${provider.clientIds.join(', ') || 'empty'})`,
        );
    }
    return this.combine(role, [
      this.run(start, 'sts:AssumeRoleWithWebIdentity', role, start.context ?? {}, []),
    ]);
  }

  private podIdentityEval(start: Start, role: RolePlan): HopResult {
    const pi = start.podIdentity!;
    const tags = podIdentityTags(pi);
    const context = tagContext(tags, false);
    const results = [this.run(start, 'sts:AssumeRole', role, context, [])];
    // With session tags the agent's AssumeRole also needs sts:TagSession (EKS pod-id-role).
    if (pi.tagged) results.push(this.run(start, 'sts:TagSession', role, context, []));
    return this.combine(role, results);
  }

  private assumeRoleHop(start: Start, role: RolePlan, tags: Readonly<Record<string, string>>): HopResult {
    const context = { ...(start.context ?? {}), ...tagContext(tags, true) };
    const results = [this.run(start, 'sts:AssumeRole', role, context, start.identityPolicies ?? [])];
    // Pod Identity session tags are transitive: the chained AssumeRole also needs sts:TagSession (FM-3.2).
    if (Object.keys(tags).length > 0)
      results.push(this.run(start, 'sts:TagSession', role, context, start.identityPolicies ?? []));
    return this.combine(role, results);
  }

  private combine(role: RolePlan, results: ActionResult[]): HopResult {
    const denied = results.filter((r) => r.result.decision !== 'Allowed');
    return {
      allowed: denied.length === 0,
      target: role,
      results,
      reason: denied.map((d) => reasonOf(d.action, d.result)).join('; '),
    };
  }

  private gated(role: RolePlan, gate: string): HopResult {
    return { allowed: false, target: role, results: [], gate, reason: gate };
  }

  private readonly unnamedMemo = new Map<string, HopResult>();

  private unnamedHop(start: Start, role: RolePlan): HopResult {
    const k = `${start.key}|${role.arn}`;
    let hop = this.unnamedMemo.get(k);
    if (!hop) {
      hop = this.explainUnnamed(start, role);
      this.unnamedMemo.set(k, hop);
    }
    return hop;
  }

  private explainUnnamed(start: Start, role: RolePlan): HopResult {
    let who: string;
    switch (start.kind) {
      case 'web-identity':
        who = `OIDC provider ${start.principal}`;
        break;
      case 'pod-identity': {
        const pi = start.podIdentity!;
        return this.gated(
          role,
          `no EKS Pod Identity association for ${pi.namespace}/${pi.serviceAccount} on ${pi.clusterName} (${pi.account}) names ${role.arn}`,
        );
      }
      case 'service':
        who = `service ${start.principal}`;
        return this.gated(role, `${role.arn} is not the EKS capability role`);
      default:
        who = start.account ? `principal of account ${start.account}` : 'anonymous caller';
    }
    return {
      allowed: false,
      target: role,
      results: [],
      unnamed: true,
      reason: `ImplicitlyDenied: the trust policy of ${role.arn} names no ${who}`,
    };
  }

  private trustId(role: RolePlan): string {
    let id = this.trustIds.get(role);
    if (id === undefined) {
      const text = JSON.stringify(role.trustPolicy);
      id = this.trustTextCache.get(text);
      if (id === undefined) {
        id = `t${this.trustCounter++}`;
        // A Resource element or a policy variable can make the answer depend on the role ARN.
        if (text.includes('"Resource"') || text.includes('"NotResource"') || text.includes('${'))
          id += `@${role.arn}`;
        this.trustTextCache.set(text, id);
      }
      this.trustIds.set(role, id);
    }
    return id;
  }

  private run(
    start: Start,
    action: string,
    role: RolePlan,
    context: Readonly<Record<string, ContextValue>>,
    identityPolicies: readonly PolicyDocument[],
  ): ActionResult {
    const scps = start.account ? this.options.scps?.[start.account] : undefined;
    const rcps = this.rcpsOf(role.account);
    const boundary = start.key.startsWith('session|') && start.iamArn ? this.role(start.iamArn) : undefined;
    const boundaryDoc = boundary ? boundaryDocument(boundary) : undefined;
    // Identity policies that name resources make the answer resource-specific; trust-only hops
    // (and witnesses with `Resource: "*"`) depend only on the trust document and account relation.
    const resourceSpecific = identityPolicies.length > 0 && !identityPolicies.every(isResourceStar);
    const same = start.account === role.account ? 's' : 'x';
    // Session tags only change the answer when a policy on either side mentions tags.
    const tagSensitive = this.mentionsTags(identityPolicies, boundaryDoc, role, scps, rcps);
    if (this.orgId) {
      const org: Record<string, ContextValue> = {};
      if (this.orgAccounts.has(role.account)) org['aws:ResourceOrgID'] = this.orgId;
      if (start.account && this.orgAccounts.has(start.account)) org['aws:PrincipalOrgID'] = this.orgId;
      context = { ...context, ...org };
    }
    const who = tagSensitive ? start.key : (start.cacheKey ?? start.key);
    const ctx = tagSensitive ? context : withoutTags(context);
    // RCPs belong to the target's account: roles with the same trust text in two accounts differ.
    const target = resourceSpecific ? role.arn : `${this.trustId(role)}${rcps ? `@${role.account}` : ''}`;
    const key = `${who}|${action}|${target}|${same}|${JSON.stringify(ctx)}`;
    let result = this.evalCache.get(key);
    if (!result) {
      const request: EvalRequest = {
        principal: start.principal,
        action,
        resource: role.arn,
        context,
        identityPolicies: resourceSpecific
          ? this.slicer(start, identityPolicies).slice(role.arn)
          : identityPolicies,
        resourcePolicy: role.trustPolicy,
        resourceAccount: role.account,
        ...(boundaryDoc ? { permissionBoundary: boundaryDoc } : {}),
        ...(scps && scps.length > 0 ? { scps } : {}),
        ...(rcps ? { rcps } : {}),
      };
      this.evaluations++;
      result = this.evaluate(request);
      // A denial is explained against the full policies, not the slice (statement indexes match the plan).
      if (result.decision !== 'Allowed' && resourceSpecific)
        result = this.evaluate({ ...request, identityPolicies });
      this.evalCache.set(key, result);
    }
    for (const k of result.absentKeys ?? []) {
      if (knownAbsent(k) || (this.orgId !== undefined && ORG_KEYS.test(k))) continue;
      const hops = this.unsupplied.get(k) ?? new Set<string>();
      hops.add(`${start.principal} → ${role.arn} (${action})`);
      this.unsupplied.set(k, hops);
    }
    return { action, result };
  }

  /**
   * Condition keys some evaluated hop looked up that prove did not supply and that the real
   * request may carry (aws:SourceIp, aws:RequestedRegion, aws:PrincipalTag/…): an answer that
   * rests on them is not proven either way.
   */
  unsuppliedKeys(): { key: string; hops: string[] }[] {
    return [...this.unsupplied]
      .map(([key, hops]) => ({ key, hops: [...hops].sort() }))
      .sort((a, b) => a.key.localeCompare(b.key));
  }

  private readonly rcpMemo = new Map<string, readonly PolicyDocument[] | undefined>();

  /** The RCPs of an account (with the always-attached RCPFullAWSAccess), or undefined when none are known. */
  private rcpsOf(account: string): readonly PolicyDocument[] | undefined {
    if (this.rcpMemo.has(account)) return this.rcpMemo.get(account);
    const list = this.options.rcps?.[account];
    const out = list && list.length > 0 ? [RCP_FULL_AWS_ACCESS, ...list] : undefined;
    this.rcpMemo.set(account, out);
    return out;
  }

  private readonly slicers = new Map<string, IdentitySlicer>();

  private slicer(start: Start, docs: readonly PolicyDocument[]): IdentitySlicer {
    const k = start.cacheKey ?? start.key;
    let s = this.slicers.get(k);
    if (!s) {
      s = new IdentitySlicer(docs);
      this.slicers.set(k, s);
    }
    return s;
  }

  private readonly tagMemo = new WeakMap<object, boolean>();

  private mentionsTags(
    identity: readonly PolicyDocument[],
    boundary: PolicyDocument | undefined,
    role: RolePlan,
    scps: readonly PolicyDocument[] | undefined,
    rcps: readonly PolicyDocument[] | undefined,
  ): boolean {
    const docs: object[] = [
      ...identity,
      role.trustPolicy,
      ...(boundary ? [boundary] : []),
      ...(scps ?? []),
      ...(rcps ?? []),
    ];
    return docs.some((d) => {
      let v = this.tagMemo.get(d);
      if (v === undefined) {
        v = /requesttag|principaltag|tagkeys|\$\{/i.test(JSON.stringify(d));
        this.tagMemo.set(d, v);
      }
      return v;
    });
  }
}

const TAG_KEY = /^aws:(requesttag\/|principaltag\/|tagkeys$)/i;

/**
 * Keys whose absence prove knows, so a condition on one of them is decided right by treating it
 * as absent:
 * - argocd-k8s-auth sets no ExternalId, SourceIdentity, MFA or session tags (its `aws` command takes
 *   only cluster name, role ARN and profile: failure mode FM-3.3), EKS service-account tokens carry
 *   no session-tags claim, and prove supplies the Pod Identity agent's session tags itself;
 * - the principal keys prove supplies for every IAM principal and role session it models, and that
 *   anonymous and web-identity requests do not carry ("Anonymous requests do not include this key",
 *   IAM User Guide, AWS global condition context keys);
 * - the claims of a web-identity token (`<issuer>:sub`, `:aud`, `:amr`): prove supplies the ones an
 *   EKS service-account token has.
 */
const KNOWN_ABSENT =
  /^(sts:externalid|sts:sourceidentity|aws:sourceidentity|aws:multifactorauthpresent|aws:multifactorauthage|aws:requesttag\/.*|aws:tagkeys|sts:transitivetagkeys|aws:principalarn|aws:principalaccount|aws:principaltype|[^:]+\/[^:]*:(sub|aud|amr))$/i;

/** With `plan.organization`, prove knows which accounts carry the org id and which do not. */
const ORG_KEYS = /^aws:(principalorgid|resourceorgid)$/i;

function knownAbsent(key: string): boolean {
  return KNOWN_ABSENT.test(key);
}

function withoutTags(context: Readonly<Record<string, ContextValue>>): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  for (const [k, v] of Object.entries(context)) if (!TAG_KEY.test(k)) out[k] = v;
  return out;
}

/**
 * Cuts long `Resource` lists down to the entries that can match one target before evaluation.
 * A management role listing N deployer ARNs would otherwise cost N pattern tests per hop, N² in
 * total. Sound: a statement whose Resource list has no entry matching the target cannot apply, and
 * a statement that applies keeps every entry that could match (case-insensitive superset; the
 * evaluator makes the exact decision).
 */
class IdentitySlicer {
  private readonly docs: readonly { doc: PolicyDocument; parts: readonly SlicedStatement[] | undefined }[];
  private readonly cache = new Map<string, PolicyDocument[]>();

  constructor(docs: readonly PolicyDocument[]) {
    this.docs = docs.map((doc) => {
      const statements = statementsOf(doc).map((x) => x.statement);
      const indexable = statements.some(
        (st) => Array.isArray(st.Resource) && st.Resource.length >= SLICE_MIN,
      );
      if (!indexable) return { doc, parts: undefined };
      return {
        doc,
        parts: statements.map((st) => {
          const r = st.Resource;
          if (!Array.isArray(r) || r.length < SLICE_MIN || r.some((x: string) => x.includes('${')))
            return { statement: st };
          const exact = new Map<string, string>();
          const wild: string[] = [];
          for (const x of r as readonly string[]) {
            if (x.includes('*') || x.includes('?')) wild.push(x);
            else exact.set(x.toLowerCase(), x);
          }
          return { statement: st, exact, wild };
        }),
      };
    });
  }

  slice(target: string): PolicyDocument[] {
    const hit = this.cache.get(target);
    if (hit) return hit;
    const t = target.toLowerCase();
    const out = this.docs.map(({ doc, parts }) => {
      if (!parts) return doc;
      const kept: PolicyStatement[] = [];
      for (const part of parts) {
        if (!part.exact) {
          kept.push(part.statement);
          continue;
        }
        const resources: string[] = [];
        const e = part.exact.get(t);
        if (e) resources.push(e);
        for (const w of part.wild ?? []) if (globMatch(w.toLowerCase(), t)) resources.push(w);
        if (resources.length > 0) kept.push({ ...part.statement, Resource: resources });
      }
      return { Version: doc.Version, Statement: kept };
    });
    this.cache.set(target, out);
    return out;
  }
}

interface SlicedStatement {
  readonly statement: PolicyStatement;
  readonly exact?: Map<string, string>;
  readonly wild?: readonly string[];
}

const SLICE_MIN = 16;

function isResourceStar(doc: PolicyDocument): boolean {
  return statementsOf(doc).every(({ statement }) => {
    const r = statement.Resource;
    return (
      statement.NotResource === undefined &&
      (r === '*' || (Array.isArray(r) && r.length === 1 && r[0] === '*'))
    );
  });
}
