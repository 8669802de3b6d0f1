/**
 * One hop request, built and answered by the evaluator, with the caches that make proving a large
 * fleet cheap: evaluations are cached per (start, action, trust document, same-account) when the
 * caller's identity policies do not depend on the resource, and session tags only enter the key
 * when some policy on either side mentions tags. It also records the condition keys an answer
 * rested on that prove did not supply (three-state verdict: inconclusive).
 */
import type { PolicyDocument } from '../iam/document.js';
import type { ContextValue, EvalRequest, EvalResult } from '../iam/types.js';
import type { AccessPlan, RolePlan } from '../plan/types.js';
import { IdentitySlicer, isResourceStar } from './identity-slicer.js';
import { type Start, startAccount } from './witnesses.js';

export type EvaluateFn = (request: EvalRequest) => EvalResult;

export interface ActionResult {
  readonly action: string;
  readonly result: EvalResult;
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

/** Role → permissions boundary document, when an (observed) plan carries it. */
export function boundaryDocument(role: RolePlan): PolicyDocument | undefined {
  return role.permissionsBoundaryPolicy;
}

export class HopEvaluator {
  private readonly evalCache = new Map<string, ActionResult>();
  private readonly ctxTexts = new WeakMap<object, { full?: string; untagged?: string }>();
  private readonly starMemo = new WeakMap<readonly PolicyDocument[], boolean>();
  private readonly trustIds = new WeakMap<RolePlan, string>();
  private readonly trustTextCache = new Map<string, string>();
  private trustCounter = 0;
  private readonly rcpMemo = new Map<string, readonly PolicyDocument[] | undefined>();
  private readonly slicers = new Map<string, IdentitySlicer>();
  private readonly tagMemo = new WeakMap<object, boolean>();
  /** Condition key → the hops whose answer rested on its absence (see `unsuppliedKeys`). */
  private readonly unsupplied = new Map<string, Set<string>>();
  private readonly orgId: string | undefined;
  private readonly orgAccounts = new Set<string>();
  /** Number of evaluator calls made (for benchmarks and tests of the caching). */
  evaluations = 0;

  constructor(
    plan: AccessPlan,
    private readonly evaluate: EvaluateFn,
    private readonly role: (arn: string) => RolePlan | undefined,
    private readonly options: EngineOptions = {},
  ) {
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

  /** The evaluator's answer to `action` on `role` for `start`, cached where the answer is shared. */
  run(
    start: Start,
    action: string,
    role: RolePlan,
    baseContext: Readonly<Record<string, ContextValue>>,
    identityPolicies: readonly PolicyDocument[],
  ): ActionResult {
    let context = baseContext;
    const account = startAccount(start);
    const scps = account ? this.options.scps?.[account] : undefined;
    const rcps = this.rcpsOf(role.account);
    // A session obtained inside the chain is limited by its role's permissions boundary.
    const boundary =
      start.kind === 'aws' && start.origin === 'chained-session' ? this.role(start.iamArn) : undefined;
    const boundaryDoc = boundary ? boundaryDocument(boundary) : undefined;
    // Identity policies that name resources make the answer resource-specific; trust-only hops
    // (and witnesses with `Resource: "*"`) depend only on the trust document and account relation.
    const resourceSpecific = identityPolicies.length > 0 && !this.allResourceStar(identityPolicies);
    const same = account === role.account ? 's' : 'x';
    // Session tags only change the answer when a policy on either side mentions tags.
    const tagSensitive = this.mentionsTags(identityPolicies, boundaryDoc, role, scps, rcps);
    let orgFlags = '';
    if (this.orgId) {
      const org: Record<string, ContextValue> = {};
      if (this.orgAccounts.has(role.account)) {
        org['aws:ResourceOrgID'] = this.orgId;
        orgFlags += 'r';
      }
      if (account && this.orgAccounts.has(account)) {
        org['aws:PrincipalOrgID'] = this.orgId;
        orgFlags += 'p';
      }
      if (orgFlags) context = { ...context, ...org };
    }
    const who = tagSensitive ? start.key : (start.cacheKey ?? start.key);
    // The context before the org keys, plus which org keys were added, determines the request's
    // context exactly (the org id is fixed per plan); its text is computed once per context object.
    const ctxText = this.contextText(baseContext, tagSensitive);
    // RCPs belong to the target's account: roles with the same trust text in two accounts differ.
    const target = resourceSpecific ? role.arn : `${this.trustId(role)}${rcps ? `@${role.account}` : ''}`;
    const key = `${who}|${action}|${target}|${same}|${orgFlags}|${ctxText}`;
    let answer = this.evalCache.get(key);
    if (!answer) {
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
      let result = this.evaluate(request);
      // A denial is explained against the full policies, not the slice (statement indexes match the plan).
      if (result.decision !== 'Allowed' && resourceSpecific)
        result = this.evaluate({ ...request, identityPolicies });
      // One answer object per cache entry: hops that share an evaluation share its ActionResult.
      answer = { action, result };
      this.evalCache.set(key, answer);
    }
    const absent = answer.result.absentKeys;
    if (absent && absent.length > 0) {
      const hop = `${start.principal} → ${role.arn} (${action})`;
      for (const k of absent) {
        if (knownAbsent(k) || (this.orgId !== undefined && ORG_KEYS.test(k))) continue;
        const hops = this.unsupplied.get(k) ?? new Set<string>();
        hops.add(hop);
        this.unsupplied.set(k, hops);
      }
    }
    return answer;
  }

  /** JSON of a context (without session-tag keys unless tag-sensitive), once per context object. */
  private contextText(context: Readonly<Record<string, ContextValue>>, tagSensitive: boolean): string {
    let texts = this.ctxTexts.get(context);
    if (!texts) {
      texts = {};
      this.ctxTexts.set(context, texts);
    }
    if (tagSensitive) {
      texts.full ??= JSON.stringify(context);
      return texts.full;
    }
    texts.untagged ??= JSON.stringify(withoutTags(context));
    return texts.untagged;
  }

  private allResourceStar(docs: readonly PolicyDocument[]): boolean {
    let v = this.starMemo.get(docs);
    if (v === undefined) {
      v = docs.every(isResourceStar);
      this.starMemo.set(docs, v);
    }
    return v;
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

  /** The RCPs of an account (with the always-attached RCPFullAWSAccess), or undefined when none are known. */
  private rcpsOf(account: string): readonly PolicyDocument[] | undefined {
    if (this.rcpMemo.has(account)) return this.rcpMemo.get(account);
    const list = this.options.rcps?.[account];
    const out = list && list.length > 0 ? [RCP_FULL_AWS_ACCESS, ...list] : undefined;
    this.rcpMemo.set(account, out);
    return out;
  }

  private slicer(start: Start, docs: readonly PolicyDocument[]): IdentitySlicer {
    const k = start.cacheKey ?? start.key;
    let s = this.slicers.get(k);
    if (!s) {
      s = new IdentitySlicer(docs);
      this.slicers.set(k, s);
    }
    return s;
  }

  private mentionsTags(
    identity: readonly PolicyDocument[],
    boundary: PolicyDocument | undefined,
    role: RolePlan,
    scps: readonly PolicyDocument[] | undefined,
    rcps: readonly PolicyDocument[] | undefined,
  ): boolean {
    for (const d of identity) if (this.tagged(d)) return true;
    if (this.tagged(role.trustPolicy)) return true;
    if (boundary && this.tagged(boundary)) return true;
    if (scps) for (const d of scps) if (this.tagged(d)) return true;
    if (rcps) for (const d of rcps) if (this.tagged(d)) return true;
    return false;
  }

  private tagged(d: object): boolean {
    let v = this.tagMemo.get(d);
    if (v === undefined) {
      v = /requesttag|principaltag|tagkeys|\$\{/i.test(JSON.stringify(d));
      this.tagMemo.set(d, v);
    }
    return v;
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
