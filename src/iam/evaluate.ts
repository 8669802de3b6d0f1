/**
 * Fleetlink's IAM request evaluator, written from AWS's published policy evaluation logic:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 *
 * The model (see README "simulate --jsonl" for the user-facing version):
 * 1. An explicit Deny in any applicable policy (identity, session, permissions boundary, resource,
 *    SCP, RCP) wins.
 * 2. Core grant:
 *    - service principals and web-identity/SAML providers have no identity policies: only the resource
 *      (trust) policy can grant, by naming them;
 *    - same account: an Allow in the identity policies OR in the resource policy naming the principal
 *      (its ARN, or its role for a role session) suffices. A resource policy that names only the
 *      ACCOUNT delegates to the identity policies. For `sts:` actions on a role (and `kms:` on a key)
 *      a resource policy, when present, must trust the principal or its account EVEN in the same
 *      account: role trust policies and KMS key policies are the documented exceptions to "either
 *      side suffices" (reference_policies_evaluation-logic.html, "Identity-based policies with
 *      resource-based policies"; https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html);
 *    - cross account: the identity policies AND the resource policy (naming the principal or its
 *      account) must both allow.
 * 3. Guardrails, each must allow when present: SCPs of the principal's account (every level of the
 *    Organization path), RCPs of the resource's account, the permissions boundary, session policies.
 *    Same account, an implicit deny in a permissions boundary or session policy does not limit what a
 *    resource policy grants to the user / role-session / federated-user ARN itself (but it does limit a
 *    grant to the role ARN) — the "resource-based policies" rows of the evaluation-logic page.
 * 4. `sts:GetCallerIdentity` is always allowed for an authenticated caller
 *    (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html).
 */
import {
  federatedUserToUserArn,
  isAccountId,
  type PrincipalKind,
  parseArn,
  principalAccount,
  principalKind,
  sessionRoleName,
} from './arn.js';
import { type ContextLookup, evaluateCondition } from './conditions.js';
import { statementReason } from './explain-text.js';
import { globMatches, isUnresolved, resolveTemplate, type Template } from './pattern.js';
import {
  type ActionPattern,
  arnKey,
  compiledPolicy,
  type ParsedPolicy,
  type ParsedStatement,
  type PrincipalEntry,
  type PrincipalSpec,
  type ResourcePattern,
} from './policy.js';
import type {
  ContextValue,
  Decision,
  EvalRequest,
  EvalResult,
  PolicySetExplain,
  PolicySetKind,
  PrincipalVia,
  StatementDecider,
  StatementExplain,
} from './types.js';

export interface EvaluateOptions {
  /**
   * Build per-statement explanations (`explain.policySets`). Turn off in hot loops (prove evaluates
   * many requests): the decision and the summary sentence are the same either way.
   * @default true
   */
  readonly explain?: boolean;
}

/** How a resource policy's Principal matched the caller; higher is more specific. */
const NO_MATCH = 0;
const ACCOUNT = 1;
const SESSION_ROLE = 2;
const SESSION_USER = 3;
const EXACT = 4;
type Level = 0 | 1 | 2 | 3 | 4;

interface Req {
  readonly principal: string;
  readonly kind: PrincipalKind;
  readonly account: string | undefined;
  readonly service: string;
  readonly actionName: string;
  readonly resource: string;
  readonly resourceArn: ReturnType<typeof parseArn>;
  readonly resourceKey: string;
  /** For an assumed-role caller: what a role ARN must match (path dropped, name case-insensitive). */
  readonly session:
    | { readonly partition: string; readonly account: string; readonly roleName: string }
    | undefined;
  /** For a federated-user caller: the IAM user ARN behind it. */
  readonly federatedUser: string | undefined;
  readonly lookup: ContextLookup;
  readonly hasBoundary: boolean;
  readonly explain: boolean;
  /** Condition keys (as the policy spells them) a condition looked up and the context lacked. */
  absent: Set<string> | undefined;
}

interface StatementOutcome {
  readonly applies: boolean;
  readonly level: Level;
  /** The Principal matched through `"*"` (for the boundary rule of role principals). */
  readonly viaWildcard: boolean;
  /** The Principal names the caller's own ARN. */
  readonly named: boolean;
  /** What decided (only built when explaining). */
  readonly decider: StatementDecider | undefined;
}

const MATCHES = 1;
const MISSES = 0;
const CANNOT = -1;

function actionMatches(p: ActionPattern, req: Req): boolean {
  return p.all || (p.service === req.service && globMatches(p.name, req.actionName));
}

function resourceTest(p: ResourcePattern, req: Req): number {
  if (p.all) return MATCHES;
  if (p.literalKey !== undefined) return p.literalKey === req.resourceKey ? MATCHES : MISSES;
  const arn = p.arn;
  const r = req.resourceArn;
  if (!arn || !r) return MISSES;
  if (!r.resource.startsWith(arn.product)) return MISSES;
  const segments = segmentTest(arn.partition, r.partition, req) ?? segmentTest(arn.service, r.service, req);
  if (segments !== undefined) return segments;
  const more = segmentTest(arn.region, r.region, req) ?? segmentTest(arn.account, r.account, req);
  if (more !== undefined) return more;
  const glob = resolveTemplate(arn.id, req.lookup, false);
  if (isUnresolved(glob)) return CANNOT;
  return globMatches(glob, r.resource.slice(arn.product.length)) ? MATCHES : MISSES;
}

/** One ARN segment (partition, service, region, account); `undefined` when it matches. */
function segmentTest(t: Template, actual: string, req: Req): number | undefined {
  const g = t.glob ?? resolveTemplate(t, req.lookup, true);
  if (isUnresolved(g)) return CANNOT;
  return globMatches(g, actual) ? undefined : MISSES;
}

/**
 * How one Principal entry matches the caller (reference_policies_elements_principal.html):
 * `*` everyone; an account (id or root ARN) every principal of that account (delegating to its
 * identity policies); a role ARN also the role's sessions; a user ARN also its federated sessions.
 */
function entryLevel(e: PrincipalEntry, req: Req): Level {
  if (req.kind === 'anonymous') return e.type === 'AWS' && e.star ? EXACT : NO_MATCH;
  if (e.type !== 'AWS') return e.value === req.principal ? EXACT : NO_MATCH;
  if (e.star) return EXACT;
  if (e.account !== undefined) return e.account === req.account ? ACCOUNT : NO_MATCH;
  if (e.uniqueId) return NO_MATCH;
  const s = req.session;
  if (
    e.role &&
    s &&
    e.role.name === s.roleName &&
    e.role.account === s.account &&
    e.role.partition === s.partition
  ) {
    return SESSION_ROLE;
  }
  if (req.federatedUser !== undefined && req.federatedUser === e.value) return SESSION_USER;
  return e.value === req.principal ? EXACT : NO_MATCH;
}

interface PrincipalMatch {
  readonly level: Level;
  /** An EXACT match came through `"*"`. */
  readonly viaWildcard: boolean;
  /** An EXACT match came through the caller's own ARN written out (not `"*"`). */
  readonly named: boolean;
}

function principalLevel(spec: PrincipalSpec, req: Req): PrincipalMatch {
  let level: Level = NO_MATCH;
  let viaWildcard = false;
  let named = false;
  for (const e of spec.entries) {
    const l = entryLevel(e, req);
    if (l === EXACT) {
      if (e.star) viaWildcard = true;
      else named = true;
    }
    if (l > level) level = l;
  }
  return { level, viaWildcard, named };
}

const raws = (patterns: readonly { raw: string }[]): string[] => patterns.map((p) => p.raw);

const VIA: Readonly<Record<number, PrincipalVia>> = {
  [ACCOUNT]: 'account',
  [SESSION_ROLE]: 'session-role',
  [SESSION_USER]: 'session-user',
};

function requestValues(v: ContextValue | undefined): readonly string[] | undefined {
  return v === undefined ? undefined : typeof v === 'string' ? [v] : v;
}

const NOT_APPLIES: StatementOutcome = Object.freeze({
  applies: false,
  level: NO_MATCH,
  viaWildcard: false,
  named: false,
  decider: undefined,
});

/** A statement that does not apply; without explanations, one shared object (hot loops). */
function no(req: Req, decider: () => StatementDecider): StatementOutcome {
  return req.explain
    ? { applies: false, level: NO_MATCH, viaWildcard: false, named: false, decider: decider() }
    : NOT_APPLIES;
}

/** Applying outcomes without a reason, shared: level × viaWildcard × named. */
const APPLIES: readonly StatementOutcome[] = Array.from({ length: 20 }, (_, i) =>
  Object.freeze({
    applies: true,
    level: (i >> 2) as Level,
    viaWildcard: (i & 2) !== 0,
    named: (i & 1) !== 0,
    decider: undefined,
  }),
);

/** Does a statement apply to the request? `resourcePolicy` turns on Principal matching. */
function matchStatement(st: ParsedStatement, req: Req, resourcePolicy: boolean): StatementOutcome {
  const action = req.explain ? `${req.service}:${req.actionName}` : '';
  if (st.actions && !st.actions.some((p) => actionMatches(p, req))) {
    return no(req, () => ({ element: 'Action', action, patterns: raws(st.actions!) }));
  }
  if (st.notActions?.some((p) => actionMatches(p, req))) {
    return no(req, () => ({ element: 'NotAction', action, patterns: raws(st.notActions!) }));
  }
  const resource = req.resource;
  if (st.resources) {
    let hit = false;
    for (const p of st.resources) if (resourceTest(p, req) === MATCHES) hit = true;
    if (!hit) return no(req, () => ({ element: 'Resource', resource, patterns: raws(st.resources!) }));
  }
  if (st.notResources) {
    for (const p of st.notResources) {
      const t = resourceTest(p, req);
      if (t !== MISSES) {
        const patterns = raws(st.notResources);
        return no(req, () =>
          t === MATCHES
            ? { element: 'NotResource', resource, patterns }
            : { element: 'NotResource', resource, patterns, unresolvedVariable: true },
        );
      }
    }
  }
  let level: Level = EXACT;
  let viaWildcard = false;
  let named = false;
  if (resourcePolicy) {
    const principal = req.principal;
    if (st.principal) {
      ({ level, viaWildcard, named } = principalLevel(st.principal, req));
      if (level === NO_MATCH) {
        const written = st.principal.raw;
        return no(req, () => ({ element: 'Principal', principal, written }));
      }
    } else if (st.notPrincipal) {
      // "The NotPrincipal element with a Deny effect will always deny any IAM principal that has a
      // permissions boundary policy attached" (access_policies_boundaries.html).
      const forced = req.hasBoundary && st.effect === 'Deny';
      if (!forced && principalLevel(st.notPrincipal, req).level !== NO_MATCH) {
        const written = st.notPrincipal.raw;
        return no(req, () => ({ element: 'NotPrincipal', principal, written }));
      }
    } else {
      return no(req, () => ({ element: 'Principal', principal }));
    }
  }
  for (const c of st.conditions) {
    // The statement's fate depends on this key's absence: callers that model a partial context
    // (prove) must know the answer rests on it.
    const value = req.lookup(c.lookupKey);
    if (value === undefined) {
      req.absent ??= new Set();
      req.absent.add(c.key);
    }
    const outcome = evaluateCondition(c, req.lookup);
    if (!outcome.matches) {
      return no(req, () => {
        const got = requestValues(value);
        return {
          element: 'Condition',
          operator: c.operator,
          key: c.key,
          policyValues: c.values.map((v) => v.raw),
          ...(got && { requestValues: got }),
          detail: outcome.why?.() ?? '',
        };
      });
    }
  }
  if (!req.explain)
    return APPLIES[(level << 2) | (viaWildcard ? 2 : 0) | (named ? 1 : 0)] as StatementOutcome;
  const via = VIA[level];
  return {
    applies: true,
    level,
    viaWildcard,
    named,
    decider: { element: 'Statement', applies: true, action, resource, ...(via && { principalVia: via }) },
  };
}

interface SetResult {
  readonly decision: Decision;
  readonly explain: PolicySetExplain;
}

interface NamedPolicy {
  readonly name: string;
  readonly policy: ParsedPolicy;
}

function explainOf(st: ParsedStatement, name: string, outcome: StatementOutcome): StatementExplain {
  return {
    policy: name,
    index: st.index,
    ...(st.sid ? { sid: st.sid } : {}),
    effect: st.effect,
    matched: outcome.applies,
    reason: outcome.decider ? statementReason(st.effect, outcome.decider) : '',
    decidedBy: outcome.decider!,
  };
}

/** Identity-like policy sets (identity, session, boundary, one SCP/RCP level): deny > allow > implicit. */
function analyzeSet(kind: PolicySetKind, policies: readonly NamedPolicy[], req: Req): SetResult {
  let allowed = false;
  let denied = false;
  const statements: StatementExplain[] = [];
  for (const { name, policy } of policies) {
    for (const st of policy.statements) {
      const outcome = matchStatement(st, req, false);
      if (outcome.applies) {
        if (st.effect === 'Deny') denied = true;
        else allowed = true;
      }
      if (req.explain) statements.push(explainOf(st, name, outcome));
    }
  }
  const decision: Decision = denied ? 'ExplicitlyDenied' : allowed ? 'Allowed' : 'ImplicitlyDenied';
  return { decision, explain: { kind, decision, statements } };
}

interface ResourceResult extends SetResult {
  readonly denied: boolean;
  /** Best Principal level among applicable Allow statements. */
  readonly allowLevel: Level;
  /** An applicable Allow names the caller exactly (its own ARN, or `*`). */
  readonly exact: boolean;
  readonly exactViaWildcard: boolean;
  /** An applicable Allow names the caller's own ARN explicitly. */
  readonly named: boolean;
}

function analyzeResource(policy: ParsedPolicy | undefined, req: Req): ResourceResult | undefined {
  if (!policy) return undefined;
  let denied = false;
  let allowLevel: Level = NO_MATCH;
  let exact = false;
  let exactViaWildcard = false;
  let named = false;
  const statements: StatementExplain[] = [];
  for (const st of policy.statements) {
    const outcome = matchStatement(st, req, true);
    if (outcome.applies) {
      if (st.effect === 'Deny') denied = true;
      else {
        if (outcome.level > allowLevel) allowLevel = outcome.level;
        if (outcome.level === EXACT) {
          exact = true;
          if (outcome.viaWildcard) exactViaWildcard = true;
          if (outcome.named) named = true;
        }
      }
    }
    if (req.explain) statements.push(explainOf(st, 'resource', outcome));
  }
  const decision: Decision = denied
    ? 'ExplicitlyDenied'
    : allowLevel > NO_MATCH
      ? 'Allowed'
      : 'ImplicitlyDenied';
  return {
    decision,
    denied,
    allowLevel,
    exact,
    exactViaWildcard,
    named,
    explain: { kind: 'resource', decision, statements },
  };
}

type PolicyList = readonly (readonly unknown[])[] | readonly unknown[] | undefined;

/** SCP/RCP input: nested arrays are Organization levels; a flat array is ONE level. */
function levelsOf(list: PolicyList): (readonly unknown[])[] {
  if (!list || list.length === 0) return [];
  if (list.every((e) => !Array.isArray(e))) return [list as readonly unknown[]];
  return list.map((e) => (Array.isArray(e) ? (e as readonly unknown[]) : [e]));
}

/** Every level must allow; any deny wins. */
function analyzeControl(kind: 'scp' | 'rcp', list: PolicyList, req: Req): SetResult | undefined {
  const levels = levelsOf(list);
  if (levels.length === 0) return undefined;
  let denied = false;
  let allAllow = true;
  const statements: StatementExplain[] = [];
  levels.forEach((level, li) => {
    const named = level.map((doc, i) => ({
      name: req.explain ? `${kind}[${li}][${i}]` : '',
      policy: compiledPolicy(doc, () => `$.${kind}s[${li}][${i}]`),
    }));
    const r = analyzeSet(kind, named, req);
    if (r.decision === 'ExplicitlyDenied') denied = true;
    if (r.decision !== 'Allowed') allAllow = false;
    if (req.explain) statements.push(...r.explain.statements);
  });
  const decision: Decision = denied ? 'ExplicitlyDenied' : allAllow ? 'Allowed' : 'ImplicitlyDenied';
  return { decision, explain: { kind, decision, statements } };
}

const NO_CONTEXT: ContextLookup = () => undefined;

/**
 * Case-insensitive key lookup. The lower-cased index is built on the first lookup (many requests
 * meet no condition at all) and not cached across calls: contexts are per request, and holding an
 * index per context object costs the garbage collector more than rebuilding it.
 */
function contextLookup(context: Readonly<Record<string, ContextValue>> | undefined): ContextLookup {
  if (!context) return NO_CONTEXT;
  let map: Map<string, ContextValue> | undefined;
  return (k) => {
    if (map === undefined) {
      map = new Map();
      for (const key in context) {
        const v = context[key];
        if (v !== undefined) map.set(key.toLowerCase(), v);
      }
    }
    return map.get(k);
  };
}

/** Small memo for facts derived from strings that recur across many evaluations (ARNs). */
function memo<T>(compute: (key: string) => T, limit = 10_000): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let v = cache.get(key);
    if (v === undefined) {
      if (cache.size >= limit) cache.clear();
      v = compute(key);
      cache.set(key, v);
    }
    return v;
  };
}

interface PrincipalFacts {
  readonly principal: string;
  readonly kind: PrincipalKind;
  readonly account: string | undefined;
  readonly session: Req['session'];
  readonly federatedUser: string | undefined;
}

const principalFacts = memo((raw: string): PrincipalFacts => {
  // A bare account id as the caller is that account's root.
  const principal = isAccountId(raw) ? `arn:aws:iam::${raw}:root` : raw;
  const kind = principalKind(principal);
  return {
    principal,
    kind,
    account: kind === 'anonymous' ? undefined : principalAccount(principal),
    session: sessionOf(principal, kind),
    federatedUser: kind === 'federated-user' ? federatedUserToUserArn(principal) : undefined,
  };
});

const resourceFacts = memo((resource: string) => ({ arn: parseArn(resource), key: arnKey(resource) }));

function sessionOf(principal: string, kind: PrincipalKind): Req['session'] {
  if (kind !== 'assumed-role') return undefined;
  const arn = parseArn(principal);
  const name = sessionRoleName(principal);
  return arn && name
    ? { partition: arn.partition, account: arn.account, roleName: name.toLowerCase() }
    : undefined;
}

/** Services whose resource policy must trust the caller even within one account. */
function needsExplicitTrust(req: Req): boolean {
  if (req.service === 'sts') return true;
  return req.service === 'kms' && (req.resourceArn?.resource.startsWith('key/') ?? false);
}

const SESSION_KINDS: ReadonlySet<PrincipalKind> = new Set(['assumed-role', 'federated-user']);
const NO_IDENTITY_POLICIES: ReadonlySet<PrincipalKind> = new Set([
  'service',
  'oidc-provider',
  'saml-provider',
]);

/** Evaluates one request. Throws `PolicyError` (with JSON paths) if a policy is invalid. */
export function evaluate(request: EvalRequest, options: EvaluateOptions = {}): EvalResult {
  const explain = options.explain !== false;
  const {
    principal,
    kind,
    account,
    session: sessionFacts,
    federatedUser,
  } = principalFacts(request.principal);
  const colon = request.action.indexOf(':');
  const { arn: resourceArn, key: resourceKey } = resourceFacts(request.resource);
  const req: Req = {
    principal,
    kind,
    account,
    service: (colon === -1 ? request.action : request.action.slice(0, colon)).toLowerCase(),
    actionName: colon === -1 ? '' : request.action.slice(colon + 1),
    resource: request.resource,
    resourceArn,
    resourceKey,
    session: sessionFacts,
    federatedUser,
    lookup: contextLookup(request.context),
    hasBoundary: request.permissionBoundary !== undefined,
    explain,
    absent: undefined,
  };
  const resourceAccount = request.resourceAccount ?? (resourceArn?.account || undefined);
  const sameAccount = req.account !== undefined && req.account === resourceAccount;

  const identity = analyzeSet(
    'identity',
    (request.identityPolicies ?? []).map((doc, i) => ({
      name: explain ? `identity[${i}]` : '',
      policy: compiledPolicy(doc, () => `$.identityPolicies[${i}]`),
    })),
    req,
  );
  const resource = analyzeResource(
    request.resourcePolicy === undefined
      ? undefined
      : compiledPolicy(request.resourcePolicy, '$.resourcePolicy'),
    req,
  );
  const sessionDocs = request.sessionPolicies ?? [];
  const session =
    sessionDocs.length === 0
      ? undefined
      : analyzeSet(
          'session',
          sessionDocs.map((doc, i) => ({
            name: explain ? `session[${i}]` : '',
            policy: compiledPolicy(doc, () => `$.sessionPolicies[${i}]`),
          })),
          req,
        );
  const boundary =
    request.permissionBoundary === undefined
      ? undefined
      : analyzeSet(
          'permissionBoundary',
          [
            {
              name: 'permissionBoundary',
              policy: compiledPolicy(request.permissionBoundary, '$.permissionBoundary'),
            },
          ],
          req,
        );
  const scp = analyzeControl('scp', request.scps as PolicyList, req);
  const rcp = analyzeControl('rcp', request.rcps as PolicyList, req);

  const sets: PolicySetExplain[] = [];
  const addSet = (r: SetResult | undefined, kindName: PolicySetKind, applicable: boolean) => {
    if (!explain) return;
    // Only the policy sets the request supplied (identity always): absent ones are noise.
    if (r) sets.push(applicable ? r.explain : { ...r.explain, decision: 'NotApplicable' });
    else if (kindName === 'identity')
      sets.push({ kind: kindName, decision: 'NotApplicable', statements: [] });
  };

  const done = (decision: Decision, because: string, decidingSet?: PolicySetKind): EvalResult => ({
    decision,
    explain: {
      summary: `${decision}: ${because}`,
      because,
      ...(decidingSet && { decidingSet }),
      crossAccount: !sameAccount,
      policySets: sets,
    },
    ...(req.absent !== undefined && req.absent.size > 0 && { absentKeys: [...req.absent].sort() }),
  });

  if (kind === 'anonymous') {
    // Anonymous requests: only resource policies can grant; RCPs still apply; SCPs, identity,
    // boundary and session policies have no principal to attach to.
    addSet(identity, 'identity', false);
    addSet(resource, 'resource', true);
    addSet(session, 'session', false);
    addSet(boundary, 'permissionBoundary', false);
    addSet(scp, 'scp', false);
    addSet(rcp, 'rcp', true);
    if (resource?.denied)
      return done('ExplicitlyDenied', 'the resource policy denies anonymous access', 'resource');
    if (rcp?.decision === 'ExplicitlyDenied')
      return done('ExplicitlyDenied', 'an RCP denies the request', 'rcp');
    if (!resource || resource.allowLevel === NO_MATCH) {
      return done(
        'ImplicitlyDenied',
        'an anonymous request needs a resource policy allowing Principal "*"',
        'resource',
      );
    }
    if (rcp && rcp.decision !== 'Allowed')
      return done('ImplicitlyDenied', 'not every RCP level allows the request', 'rcp');
    return done('Allowed', 'the resource policy allows anonymous access', 'resource');
  }

  const noIdentity = NO_IDENTITY_POLICIES.has(kind);
  addSet(identity, 'identity', !noIdentity);
  addSet(resource, 'resource', true);
  addSet(session, 'session', true);
  addSet(boundary, 'permissionBoundary', true);
  addSet(scp, 'scp', true);
  addSet(rcp, 'rcp', true);

  if (req.service === 'sts' && req.actionName.toLowerCase() === 'getcalleridentity') {
    return done('Allowed', 'sts:GetCallerIdentity needs no permission and cannot be denied');
  }

  // 1. Explicit deny anywhere wins.
  const denier = (
    [
      [noIdentity ? undefined : identity, 'an identity policy', 'identity'],
      [resource, 'the resource policy', 'resource'],
      [session, 'a session policy', 'session'],
      [boundary, 'the permissions boundary', 'permissionBoundary'],
      [scp, 'an SCP', 'scp'],
      [rcp, 'an RCP', 'rcp'],
    ] as const
  ).find(([r]) => r?.decision === 'ExplicitlyDenied');
  if (denier) return done('ExplicitlyDenied', `${denier[1]} denies the request`, denier[2]);

  // 2. Core grant.
  const identityAllows = !noIdentity && identity.decision === 'Allowed';
  const resDirect = resource !== undefined && resource.allowLevel >= SESSION_ROLE;
  const resAccount = resource !== undefined && resource.allowLevel === ACCOUNT;
  let core: boolean;
  let why: string;
  if (noIdentity) {
    // A web-identity / SAML provider is an IAM resource of one account, and only roles of that
    // account can trust it (id_roles_providers_create_oidc.html); service principals have no account.
    const providerElsewhere = kind !== 'service' && !sameAccount;
    core = resDirect && !providerElsewhere;
    why = core
      ? `the resource policy allows ${principal}`
      : providerElsewhere
        ? `${principal} is an identity provider of another account than the resource`
        : `${principal} has no identity policies; the resource policy must name it`;
  } else if (sameAccount) {
    if (resource && needsExplicitTrust(req)) {
      core = resDirect || (identityAllows && resource.allowLevel >= ACCOUNT);
      why = core
        ? resDirect
          ? 'the resource policy names the principal'
          : 'the resource policy trusts the account and an identity policy allows'
        : `${req.service}: the resource policy must trust the principal or its account, even in the same account${
            resAccount ? ', and an identity policy must then allow' : ''
          }`;
    } else {
      core = resDirect || identityAllows;
      why = core
        ? identityAllows
          ? 'same account: an identity policy allows'
          : 'same account: the resource policy allows'
        : 'same account: neither an identity policy nor the resource policy allows';
    }
  } else {
    const resSide = resDirect || resAccount;
    core = resSide && identityAllows;
    why = core
      ? 'cross-account: both an identity policy and the resource policy allow'
      : `cross-account: needs an allow in both the identity policies (${identity.decision}) and the resource policy (${
          resource ? (resSide ? 'Allowed' : 'ImplicitlyDenied') : 'none'
        })`;
  }
  if (!core) return done('ImplicitlyDenied', why);

  // 3. Guardrails. Same account, an implicit deny in a boundary or session policy does not limit a
  //    grant the resource policy makes to the caller's own user / session ARN. For session policies
  //    the grant must name the session ARN ("If that policy specifically references the … session in
  //    the Principal element … These permissions are granted in addition to the permissions that are
  //    granted by the session policies", STS API reference, Policy parameter); `"*"` is not that.
  const isSessionCaller = SESSION_KINDS.has(kind);
  const ownArnGrant = sameAccount && resource?.exact;
  const sessionBypass = sameAccount && isSessionCaller && resource?.named;
  if (session && session.decision !== 'Allowed' && !sessionBypass) {
    return done('ImplicitlyDenied', 'no session policy allows the request', 'session');
  }
  if (boundary && boundary.decision !== 'Allowed') {
    const bypass =
      ownArnGrant &&
      (isSessionCaller ||
        kind === 'user' ||
        (kind === 'role' && resource !== undefined && resource.exactViaWildcard));
    if (!bypass)
      return done(
        'ImplicitlyDenied',
        'the permissions boundary does not allow the request',
        'permissionBoundary',
      );
  }
  if (scp && scp.decision !== 'Allowed')
    return done('ImplicitlyDenied', 'not every SCP level allows the request', 'scp');
  if (rcp && rcp.decision !== 'Allowed')
    return done('ImplicitlyDenied', 'not every RCP level allows the request', 'rcp');
  return done('Allowed', why);
}
