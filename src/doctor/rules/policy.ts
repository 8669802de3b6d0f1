/**
 * Small, conservative readers of IAM policy documents for doctor's static rules.
 * They answer "does any Allow statement cover this?" ignoring conditions unless a rule asks
 * about a condition explicitly; the full evaluator (src/iam) and prove do the rigorous work.
 * Grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */

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

/** IAM wildcard match: `*` any run, `?` one character. */
export function globMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, caseInsensitive ? 'is' : 's').test(value);
}

export function actionMatches(st: Statement, action: string): boolean {
  if (st.Action !== undefined) return asList(st.Action).some((a) => globMatch(a, action, true));
  if (st.NotAction !== undefined) return !asList(st.NotAction).some((a) => globMatch(a, action, true));
  return false;
}

function resourceMatches(st: Statement, resource: string): boolean {
  if (st.Resource !== undefined) return asList(st.Resource).some((r) => globMatch(r, resource));
  if (st.NotResource !== undefined) return !asList(st.NotResource).some((r) => globMatch(r, resource));
  return false;
}

export interface IdentityDecision {
  readonly allowed: boolean;
  /** Sid or index of a Deny statement that matches without conditions. */
  readonly deniedBy?: string;
}

/** Identity-policy view: an Allow covering (action, resource) and no unconditional Deny. */
export function identityAllows(docs: readonly unknown[], action: string, resource: string): IdentityDecision {
  let allowed = false;
  for (const doc of docs) {
    for (const st of statements(doc)) {
      if (st.Effect === 'Allow' && actionMatches(st, action) && resourceMatches(st, resource)) allowed = true;
    }
  }
  for (const doc of docs) {
    const deny = statements(doc).find(
      (st) =>
        st.Effect === 'Deny' &&
        st.Condition === undefined &&
        actionMatches(st, action) &&
        resourceMatches(st, resource),
    );
    if (deny) return { allowed: false, deniedBy: deny.Sid ?? 'Deny statement' };
  }
  return { allowed };
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

function baseOp(op: string): string {
  return op
    .replace(/^For(Any|All)Values?:/, '')
    .replace(/IfExists$/, '')
    .toLowerCase();
}

/** Does a string/ARN condition operator accept `value`? Unknown operators count as satisfied. */
export function conditionAccepts(op: string, values: readonly string[], value: string): boolean {
  const b = baseOp(op);
  switch (b) {
    case 'stringequals':
    case 'arnequals':
      return values.includes(value);
    case 'stringequalsignorecase':
      return values.some((v) => v.toLowerCase() === value.toLowerCase());
    case 'stringlike':
    case 'arnlike':
      return values.some((v) => globMatch(v, value));
    case 'stringnotequals':
    case 'arnnotequals':
      return !values.includes(value);
    case 'stringnotlike':
    case 'arnnotlike':
      return !values.some((v) => globMatch(v, value));
    default:
      return true;
  }
}

function accountOfArn(arn: string): string | undefined {
  return arn.split(':')[4];
}

/**
 * Does a trust policy let `roleArn` (an IAM role, acting through its sessions) call `action`?
 * Principal forms: the role ARN, the account root ARN, the bare account id, or `*`; a
 * `aws:PrincipalArn` condition must accept the role ARN. Other conditions are not judged here.
 */
export function trustAllowsRole(trust: unknown, roleArn: string, action: string): boolean {
  const account = accountOfArn(roleArn);
  const partition = roleArn.split(':')[1] ?? 'aws';
  return statements(trust).some((st) => {
    if (st.Effect !== 'Allow' || !actionMatches(st, action)) return false;
    const aws = principals(st, 'AWS');
    const principalOk = aws.some(
      (p) => p === '*' || p === roleArn || p === account || p === `arn:${partition}:iam::${account}:root`,
    );
    if (!principalOk) return false;
    return conditions(st)
      .filter((c) => c.key.toLowerCase() === 'aws:principalarn')
      .every((c) => conditionAccepts(c.op, c.values, roleArn));
  });
}

/** Trust statements through which `roleArn` can assume the role (same test as trustAllowsRole). */
export function trustStatementsForRole(trust: unknown, roleArn: string, action: string): Statement[] {
  return statements(trust).filter((st) => trustAllowsRole({ Statement: [st] }, roleArn, action));
}
