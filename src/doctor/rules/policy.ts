/**
 * Readers of IAM policy documents for doctor's static rules (statements, principals, condition
 * entries), and the questions those rules ask, every one of them answered by Fleetlink's IAM
 * evaluator (src/iam: evaluate, its condition operators and its wildcard matcher): doctor has no
 * IAM judge of its own. prove, on the observed plan, decides reachability with the same evaluator.
 * Grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import { accountOf, parseArn } from '../../iam/arn.js';
import { compileCondition, evaluateCondition, parseOperator } from '../../iam/conditions.js';
import { evaluate } from '../../iam/evaluate.js';
import { compileGlob, type Glob, globMatches } from '../../iam/pattern.js';
import { PolicyError } from '../../iam/policy.js';
import type { EvalRequest } from '../../iam/types.js';
import type { PolicyDocument } from '../../plan/types.js';

export interface Statement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
  readonly NotResource?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

export function asList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.map(String);
  return [String(v)];
}

export function statements(doc: unknown): Statement[] {
  if (typeof doc !== 'object' || doc === null) return [];
  const s = (doc as { Statement?: unknown }).Statement;
  if (Array.isArray(s)) return s.filter((x): x is Statement => typeof x === 'object' && x !== null);
  if (typeof s === 'object' && s !== null) return [s as Statement];
  return [];
}

const globs = new Map<string, Glob>();

/** IAM wildcard match (`*` any run, `?` one character) by src/iam's matcher. */
export function globMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  const k = `${caseInsensitive ? 'i' : 's'}${pattern}`;
  let g = globs.get(k);
  if (!g) {
    if (globs.size > 10_000) globs.clear();
    g = compileGlob(pattern, caseInsensitive);
    globs.set(k, g);
  }
  return globMatches(g, value);
}

export function actionMatches(st: Statement, action: string): boolean {
  if (st.Action !== undefined) return asList(st.Action).some((a) => globMatch(a, action, true));
  if (st.NotAction !== undefined) return !asList(st.NotAction).some((a) => globMatch(a, action, true));
  return false;
}

export interface IdentityDecision {
  readonly allowed: boolean;
  /** Sid or `Statement[i]` of the Deny statement that applied. */
  readonly deniedBy?: string;
}

/** The session ARN doctor asks about for a role: what argocd-k8s-auth's calls are made as. */
function sessionOf(roleArn: string): string {
  const arn = parseArn(roleArn);
  const name = roleArn.slice(roleArn.lastIndexOf('/') + 1);
  return arn ? `arn:${arn.partition}:sts::${arn.account}:assumed-role/${name}/fleetlink-doctor` : roleArn;
}

function callerContext(roleArn: string): EvalRequest['context'] {
  return {
    'aws:PrincipalArn': roleArn,
    'aws:PrincipalAccount': accountOf(roleArn) ?? '',
    'aws:PrincipalType': 'AssumedRole',
  };
}

/** Documents as the collector read them, typed for the evaluator (which validates them). */
function asDocs(docs: readonly unknown[]): PolicyDocument[] {
  return docs as PolicyDocument[];
}

/**
 * Identity side of a hop, by the evaluator: do the caller's policies (inline + attached, or a
 * boundary on its own) allow `action` on `resource`, with no Deny that applies? Judged as a
 * same-account request so that only these documents decide (the trust side is asked separately).
 * A document the evaluator rejects allows nothing.
 */
export function identityAllows(
  docs: readonly unknown[],
  action: string,
  resource: string,
  callerRoleArn: string,
): IdentityDecision {
  try {
    const r = evaluate({
      principal: sessionOf(callerRoleArn),
      action,
      resource,
      context: callerContext(callerRoleArn),
      identityPolicies: asDocs(docs),
      ...(accountOf(callerRoleArn) && { resourceAccount: accountOf(callerRoleArn) }),
    });
    if (r.decision === 'Allowed') return { allowed: true };
    if (r.decision !== 'ExplicitlyDenied') return { allowed: false };
    const deny = r.explain.policySets
      .flatMap((set) => set.statements)
      .find((st) => st.effect === 'Deny' && st.matched);
    return { allowed: false, deniedBy: deny?.sid ?? `Statement[${deny?.index ?? 0}]` };
  } catch (e) {
    if (e instanceof PolicyError) return { allowed: false };
    throw e;
  }
}

export function principals(st: Statement, type: 'AWS' | 'Federated' | 'Service'): string[] {
  const p = st.Principal;
  if (p === '*') return type === 'AWS' ? ['*'] : [];
  if (typeof p !== 'object' || p === null) return [];
  return asList((p as Record<string, unknown>)[type]);
}

/** Condition entries as flat tuples; operator names keep any `ForAnyValue:` prefix / `IfExists` suffix. */
export function conditions(st: Statement): { op: string; key: string; values: string[] }[] {
  const out: { op: string; key: string; values: string[] }[] = [];
  for (const [op, block] of Object.entries(st.Condition ?? {})) {
    if (typeof block !== 'object' || block === null) continue;
    for (const [key, v] of Object.entries(block)) out.push({ op, key, values: asList(v) });
  }
  return out;
}

/**
 * Does the condition `op` with these policy values accept `value` for its key, by src/iam's
 * condition operators? An operator IAM does not know accepts nothing (IAM rejects the policy).
 */
export function conditionAccepts(op: string, values: readonly string[], value: string): boolean {
  const parsed = parseOperator(op);
  if (!parsed) return false;
  const c = compileCondition(op, parsed, 'k', values, false);
  return evaluateCondition(c, (key) => (key === 'k' ? value : undefined)).matches;
}

/**
 * Does a trust policy let `roleArn` (an IAM role, acting through its sessions) call `action`? By
 * the evaluator, on each Allow statement with its conditions cut down to `aws:PrincipalArn`: the
 * principal forms (role ARN, account root, bare id, `*`) and that condition are judged exactly;
 * conditions on keys argocd-k8s-auth never sends are reported by their own rule (FM-3.3).
 */
export function trustAllowsRole(trust: unknown, roleArn: string, action: string): boolean {
  return trustStatementsForRole(trust, roleArn, action).length > 0;
}

function principalArnOnly(st: Statement): Statement {
  const cond: Record<string, Record<string, unknown>> = {};
  for (const [op, block] of Object.entries(st.Condition ?? {})) {
    if (typeof block !== 'object' || block === null) continue;
    const kept = Object.entries(block).filter(([k]) => k.toLowerCase() === 'aws:principalarn');
    if (kept.length > 0) cond[op] = Object.fromEntries(kept);
  }
  const { Condition: _, ...rest } = st;
  return Object.keys(cond).length > 0 ? { ...rest, Condition: cond } : rest;
}

function statementAdmits(st: Statement, roleArn: string, action: string): boolean {
  if (st.Effect !== 'Allow') return false;
  const account = accountOf(roleArn);
  try {
    // Same account and an identity policy allowing the action: only the trust statement decides.
    const r = evaluate({
      principal: sessionOf(roleArn),
      action,
      resource: roleArn,
      context: callerContext(roleArn),
      identityPolicies: [
        { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] },
      ],
      resourcePolicy: { Version: '2012-10-17', Statement: [principalArnOnly(st)] } as PolicyDocument,
      ...(account && { resourceAccount: account }),
    });
    return r.decision === 'Allowed';
  } catch (e) {
    if (e instanceof PolicyError) return false;
    throw e;
  }
}

/** Trust statements through which `roleArn` can assume the role (same test as trustAllowsRole). */
export function trustStatementsForRole(trust: unknown, roleArn: string, action: string): Statement[] {
  return statements(trust).filter((st) => statementAdmits(st, roleArn, action));
}
