/**
 * The hops of the chain, evaluated with Fleetlink's IAM evaluator and composed into reachability.
 *
 *   witness ─(AssumeRoleWithWebIdentity | Pod Identity agent | EKS service | AssumeRole)→ role
 *   role session ─(sts:AssumeRole [+ sts:TagSession when session tags are transitive])→ role …
 *
 * The engine is three parts, one module each: start enumeration (trust-index.ts: which roles a
 * start could enter, by the principals trust policies name), hop evaluation (hop-evaluator.ts: the
 * request for one hop and the evaluation cache), and here what each kind of hop asks and the
 * memos that compose hops into closures: closures (every role a start reaches) are computed once
 * per start, and a role session's outgoing hops once per (role, session tags) — so the management
 * role's hops to N deployers are evaluated once, not once per witness.
 */
import { statementReason } from '../iam/explain-text.js';
import type { ContextValue, EvalResult } from '../iam/types.js';
import type { AccessPlan, PolicyDocument, RolePlan } from '../plan/types.js';
import { type ActionResult, type EngineOptions, type EvaluateFn, HopEvaluator } from './hop-evaluator.js';
import { entryCandidates, indexTrust, podAssociations, type TrustIndex } from './trust-index.js';
import {
  type ChainedSessionStart,
  identityDocuments,
  type PodIdentityEntryStart,
  podIdentityTags,
  type Start,
  type WebIdentityStart,
} from './witnesses.js';

export {
  type ActionResult,
  boundaryDocument,
  type EngineOptions,
  type EvaluateFn,
  RCP_FULL_AWS_ACCESS,
} from './hop-evaluator.js';
export { identityDocuments };

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

const MAX_DEPTH = 6;
const NO_CONTEXT: Readonly<Record<string, ContextValue>> = Object.freeze({});
const NO_POLICIES: readonly PolicyDocument[] = Object.freeze([]);

const lc = (s: string): string => s.toLowerCase();

/** Lower-cased ARN of a role, computed once per role object (the hot loops ask for it per cell). */
const roleKeys = new WeakMap<RolePlan, string>();
export function keyOf(role: RolePlan): string {
  let k = roleKeys.get(role);
  if (k === undefined) {
    k = role.arn.toLowerCase();
    roleKeys.set(role, k);
  }
  return k;
}

export function sessionArnOf(role: RolePlan): string {
  return `arn:${role.partition}:sts::${role.account}:assumed-role/${role.name}/fleetlink-witness`;
}

/** A short, human reason from an evaluator answer (built from its explanation's data). */
export function reasonOf(action: string, result: EvalResult): string {
  const head = `${action} ${result.decision}: ${result.explain.because}`;
  const details: string[] = [];
  for (const set of result.explain.policySets) {
    if (set.decision === 'Allowed' || set.decision === 'NotApplicable') continue;
    for (const s of set.statements) {
      const relevant =
        result.decision === 'ExplicitlyDenied' ? s.effect === 'Deny' && s.matched : s.effect === 'Allow';
      if (relevant) details.push(`${set.kind}: ${statementReason(s.effect, s.decidedBy)}`);
      if (details.length >= 2) break;
    }
    if (details.length >= 2) break;
  }
  const text = details.length > 0 ? `${head} (${details.join('; ')})` : head;
  return text.length > 600 ? `${text.slice(0, 597)}...` : text;
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

/** Reason text per shared answer: thousands of hops share one cached evaluation and its reason. */
const reasonMemo = new WeakMap<ActionResult, string>();

function reasonFor(answer: ActionResult): string {
  let text = reasonMemo.get(answer);
  if (text === undefined) {
    text = reasonOf(answer.action, answer.result);
    reasonMemo.set(answer, text);
  }
  return text;
}

function combine(role: RolePlan, results: ActionResult[]): HopResult {
  let reason = '';
  let allowed = true;
  for (const r of results) {
    if (r.result.decision === 'Allowed') continue;
    reason = allowed ? reasonFor(r) : `${reason}; ${reasonFor(r)}`;
    allowed = false;
  }
  return { allowed, target: role, results, reason };
}

function gated(role: RolePlan, gate: string): HopResult {
  return { allowed: false, target: role, results: [], gate, reason: gate };
}

/** Memoised per key: the engine's answers are pure functions of the plan and their key. */
function memoised<T>(memo: Map<string, T>, key: string, compute: () => T): T {
  let v = memo.get(key);
  if (v === undefined) {
    v = compute();
    memo.set(key, v);
  }
  return v;
}

export class ChainEngine {
  private readonly rolesByArn = new Map<string, RolePlan>();
  private readonly index: TrustIndex;
  private readonly hops: HopEvaluator;
  private readonly entryMemo = new Map<string, Map<string, HopResult>>();
  private readonly sessionMemo = new Map<string, Map<string, HopResult>>();
  private readonly closureMemo = new Map<string, Closure>();
  private readonly unnamedMemo = new Map<string, HopResult>();
  /** One start object per session key (its identity documents array is then shared too). */
  private readonly sessionStarts = new Map<RolePlan, Map<string, ChainedSessionStart>>();

  constructor(
    private readonly plan: AccessPlan,
    evaluate: EvaluateFn,
    options: EngineOptions = {},
  ) {
    for (const role of plan.roles)
      if (!this.rolesByArn.has(lc(role.arn))) this.rolesByArn.set(lc(role.arn), role);
    this.index = indexTrust(plan.roles);
    this.hops = new HopEvaluator(plan, evaluate, (arn) => this.role(arn), options);
  }

  /** Number of evaluator calls made (for benchmarks and tests of the caching). */
  get evaluations(): number {
    return this.hops.evaluations;
  }

  role(arn: string): RolePlan | undefined {
    return this.rolesByArn.get(lc(arn));
  }

  /** Every role a start can become, and through which chain. */
  closure(start: Start): Closure {
    return memoised(this.closureMemo, start.key, () => this.computeClosure(start));
  }

  private computeClosure(start: Start): Closure {
    const reached = new Map<string, Reached>();
    const queue: { session: Session; depth: number }[] = [];
    const visit = (session: Session, parent: string | undefined, depth: number) => {
      const k = keyOf(session.role);
      if (reached.has(k)) return;
      reached.set(k, parent === undefined ? { session } : { session, parent });
      queue.push({ session, depth });
    };
    const own = this.ownRole(start);
    if (own) visit(this.session(own, {}), undefined, 0);
    else {
      const tags = start.kind === 'pod-identity' ? podIdentityTags(start.podIdentity) : {};
      for (const hop of this.entryHops(start).values())
        if (hop.allowed) visit(this.session(hop.target, tags), undefined, 0);
    }
    for (let i = 0; i < queue.length; i++) {
      const { session, depth } = queue[i]!;
      if (depth >= MAX_DEPTH) continue;
      for (const hop of this.sessionHops(session).values())
        if (hop.allowed) visit(this.session(hop.target, session.tags), keyOf(session.role), depth + 1);
    }
    return { reached };
  }

  /** A plan-role start is already a session of its role: no entry hop. */
  private ownRole(start: Start): RolePlan | undefined {
    return start.kind === 'aws' && start.origin === 'plan-role' ? this.role(start.iamArn) : undefined;
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
    return { role, tags, key: `${keyOf(role)}|${tagsKey(tags)}` };
  }

  /** The first hop from a start to every candidate role. */
  entryHops(start: Start): Map<string, HopResult> {
    return memoised(this.entryMemo, start.key, () => {
      const out = new Map<string, HopResult>();
      for (const role of entryCandidates(this.plan, this.index, (arn) => this.role(arn), start)) {
        const targetArn = start.kind === 'pod-identity' ? this.targetRoleOf(start, role) : undefined;
        const target = targetArn === undefined ? undefined : this.role(targetArn);
        if (targetArn === undefined) out.set(keyOf(role), this.entryHop(start, role));
        else if (target)
          out.set(keyOf(target), this.targetRoleHop(start as PodIdentityEntryStart, role, target));
      }
      return out;
    });
  }

  /** The association's `targetRoleArn` for this start and association role, when it has one. */
  private targetRoleOf(start: PodIdentityEntryStart, role: RolePlan): string | undefined {
    return podAssociations(this.plan, start).find((a) => lc(a.roleArn) === keyOf(role) && a.targetRoleArn)
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
  private targetRoleHop(start: PodIdentityEntryStart, via: RolePlan, target: RolePlan): HopResult {
    const first = this.entryHop(start, via);
    // The first hop failing is the association role's own trust (FM-1.11), reported on that role.
    if (!first.allowed) return first;
    const pi = start.podIdentity;
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
    const own = this.ownRole(start);
    if (own) return this.sessionHopTo(this.session(own, {}), role);
    return this.entryHops(start).get(keyOf(role)) ?? this.unnamedHop(start, role);
  }

  /** Outgoing AssumeRole hops of a role session. */
  sessionHops(session: Session): Map<string, HopResult> {
    return memoised(this.sessionMemo, session.key, () => {
      const out = new Map<string, HopResult>();
      const candidates = new Set<RolePlan>([
        ...(this.index.awsByAccount.get(session.role.account) ?? []),
        ...this.index.wildcard,
      ]);
      const start = this.sessionStart(session);
      for (const target of candidates)
        out.set(keyOf(target), this.assumeRoleHop(start, target, session.tags));
      return out;
    });
  }

  sessionHopTo(session: Session, role: RolePlan): HopResult {
    return this.sessionHops(session).get(keyOf(role)) ?? this.unnamedHop(this.sessionStart(session), role);
  }

  /** As-if hop for Pod Identity: would the trust accept this pod if an association existed? */
  podIdentityTrustAccepts(start: PodIdentityEntryStart, role: RolePlan): HopResult {
    return this.podIdentityEval(start, role);
  }

  /**
   * Condition keys some evaluated hop looked up that prove did not supply and that the real
   * request may carry: an answer that rests on them is not proven either way.
   */
  unsuppliedKeys(): { key: string; hops: string[] }[] {
    return this.hops.unsuppliedKeys();
  }

  private sessionStart(session: Session): ChainedSessionStart {
    // Keyed by the role object too: a plan may carry two roles with one ARN.
    let byKey = this.sessionStarts.get(session.role);
    if (!byKey) {
      byKey = new Map();
      this.sessionStarts.set(session.role, byKey);
    }
    let start = byKey.get(session.key);
    if (!start) {
      start = this.makeSessionStart(session);
      byKey.set(session.key, start);
    }
    return start;
  }

  private makeSessionStart(session: Session): ChainedSessionStart {
    const role = session.role;
    return {
      key: `session|${session.key}`,
      cacheKey: `session|${keyOf(role)}`,
      kind: 'aws',
      origin: 'chained-session',
      role,
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

  private entryHop(start: Start, role: RolePlan): HopResult {
    switch (start.kind) {
      case 'web-identity':
        return this.webIdentityHop(start, role);
      case 'pod-identity': {
        const pi = start.podIdentity;
        // EKS: "You can only associate roles that are in the same AWS account as the cluster" (pod-identities).
        if (role.account !== pi.account)
          return gated(
            role,
            `EKS Pod Identity only uses roles of the cluster's account (${pi.account}); ${role.arn} is in ${role.account}`,
          );
        return this.podIdentityEval(start, role);
      }
      case 'service': {
        const svc = start.service;
        // EKS capability role "must be in the same AWS account as the cluster and capability resource".
        if (role.account !== svc.sourceAccount)
          return gated(role, `the EKS capability only uses a role of its own account (${svc.sourceAccount})`);
        const context = { 'aws:SourceAccount': svc.sourceAccount };
        return combine(role, [
          this.hops.run(start, 'sts:AssumeRole', role, context, []),
          this.hops.run(start, 'sts:TagSession', role, context, []),
        ]);
      }
      case 'aws':
        return this.assumeRoleHop(start, role, {});
    }
  }

  private webIdentityHop(start: WebIdentityStart, role: RolePlan): HopResult {
    const wi = start.webIdentity;
    if (wi.checkProvider && this.plan.oidcProviders.length > 0) {
      const provider = this.plan.oidcProviders.find((p) => lc(p.arn) === lc(wi.providerArn));
      if (!provider)
        return gated(
          role,
          `InvalidIdentityToken: no OpenIDConnect provider ${wi.providerArn} in the plan (FM-1.3)`,
        );
      if (!provider.clientIds.includes(wi.aud))
        return gated(
          role,
          `InvalidIdentityToken: Incorrect token audience "${wi.aud}" (provider ClientIDList: ${provider.clientIds.join(', ') || 'empty'})`,
        );
    }
    return combine(role, [
      this.hops.run(start, 'sts:AssumeRoleWithWebIdentity', role, start.context ?? {}, []),
    ]);
  }

  private podIdentityEval(start: PodIdentityEntryStart, role: RolePlan): HopResult {
    const pi = start.podIdentity;
    const context = tagContext(podIdentityTags(pi), false);
    const results = [this.hops.run(start, 'sts:AssumeRole', role, context, [])];
    // With session tags the agent's AssumeRole also needs sts:TagSession (EKS pod-id-role).
    if (pi.tagged) results.push(this.hops.run(start, 'sts:TagSession', role, context, []));
    return combine(role, results);
  }

  private assumeRoleHop(
    start: Start & { kind: 'aws' },
    role: RolePlan,
    tags: Readonly<Record<string, string>>,
  ): HopResult {
    // Without session tags the start's own context object is the request context: the evaluator's
    // cache keys its text by object, so reusing it spares a copy and a JSON.stringify per hop.
    const context =
      Object.keys(tags).length === 0
        ? (start.context ?? NO_CONTEXT)
        : { ...(start.context ?? {}), ...tagContext(tags, true) };
    const identity = start.identityPolicies ?? NO_POLICIES;
    const results = [this.hops.run(start, 'sts:AssumeRole', role, context, identity)];
    // Pod Identity session tags are transitive: the chained AssumeRole also needs sts:TagSession (FM-3.2).
    if (Object.keys(tags).length > 0)
      results.push(this.hops.run(start, 'sts:TagSession', role, context, identity));
    return combine(role, results);
  }

  private unnamedHop(start: Start, role: RolePlan): HopResult {
    return memoised(this.unnamedMemo, `${start.key}|${role.arn}`, () => explainUnnamed(start, role));
  }
}

/** Why a role the start's candidates did not include cannot be entered. */
function explainUnnamed(start: Start, role: RolePlan): HopResult {
  let who: string;
  switch (start.kind) {
    case 'web-identity':
      who = `OIDC provider ${start.principal}`;
      break;
    case 'pod-identity': {
      const pi = start.podIdentity;
      return gated(
        role,
        `no EKS Pod Identity association for ${pi.namespace}/${pi.serviceAccount} on ${pi.clusterName} (${pi.account}) names ${role.arn}`,
      );
    }
    case 'service':
      return gated(role, `${role.arn} is not the EKS capability role`);
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
