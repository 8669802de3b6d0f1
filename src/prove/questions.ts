/**
 * Narrow IAM questions about one role of a plan — planned, or observed from live state by doctor —
 * each answered by Fleetlink's evaluator (src/iam): does the role's identity side allow an action,
 * does its permissions boundary, which trust statements admit a caller. doctor asks these on the
 * RolePlans of the plan it observes, so it has no IAM judge of its own; the reachability proof of
 * the whole chain is `prove` on the same plan.
 * Evaluation logic: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import { accountOf, parseArn } from '../iam/arn.js';
import type { PolicyDocument, PolicyStatement } from '../iam/document.js';
import { evaluate } from '../iam/evaluate.js';
import { conditionAccepts } from '../iam/match.js';
import { PolicyError } from '../iam/policy.js';
import type { ContextValue, EvalRequest, EvalResult } from '../iam/types.js';
import type { RolePlan } from '../plan/types.js';
import { type IndexedStatement, statementsOf } from './policy-walk.js';
import { identityDocuments } from './witnesses.js';

export interface IdentityDecision {
  readonly allowed: boolean;
  /** Sid or `Statement[i]` of the Deny statement that applied (an explicit deny). */
  readonly deniedBy?: string;
}

/** The session ARN a role's calls are made as (argocd-k8s-auth's calls, doctor's questions). */
function sessionOf(roleArn: string): string {
  const arn = parseArn(roleArn);
  const name = roleArn.slice(roleArn.lastIndexOf('/') + 1);
  return arn ? `arn:${arn.partition}:sts::${arn.account}:assumed-role/${name}/fleetlink-doctor` : roleArn;
}

function callerContext(roleArn: string): Record<string, ContextValue> {
  return {
    'aws:PrincipalArn': roleArn,
    'aws:PrincipalAccount': accountOf(roleArn) ?? '',
    'aws:PrincipalType': 'AssumedRole',
  };
}

/** The evaluator's answer, or undefined when a document is invalid (IAM would reject it: it allows nothing). */
function ask(request: EvalRequest): EvalResult | undefined {
  try {
    return evaluate(request);
  } catch (e) {
    if (e instanceof PolicyError) return undefined;
    throw e;
  }
}

const ALLOW_ALL = (action: string): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }],
});

/**
 * Identity side of a hop: do the role's identity policies (inline, customer-managed, attached — every
 * document the plan carries) allow `action` on `resource`, with no Deny that applies? Judged as a
 * same-account request so that only these documents decide (the trust side is asked separately).
 */
export function identityAllows(role: RolePlan, action: string, resource: string): IdentityDecision {
  const r = ask({
    principal: sessionOf(role.arn),
    action,
    resource,
    context: callerContext(role.arn),
    identityPolicies: identityDocuments(role),
    resourceAccount: role.account,
  });
  if (r?.decision === 'Allowed') return { allowed: true };
  if (r?.decision !== 'ExplicitlyDenied') return { allowed: false };
  const deny = r.explain.policySets
    .flatMap((set) => set.statements)
    .find((st) => st.effect === 'Deny' && st.matched);
  return { allowed: false, deniedBy: deny?.sid ?? `Statement[${deny?.index ?? 0}]` };
}

/**
 * Does the role's permissions boundary (typed in the plan) let `action` on `resource` through?
 * Asked in the boundary's own place in the evaluation, behind an identity policy that allows the
 * action, so only the boundary decides; `undefined` when the role has no boundary document.
 */
export function boundaryAllows(role: RolePlan, action: string, resource: string): boolean | undefined {
  const boundary = role.permissionsBoundaryPolicy;
  if (!boundary) return undefined;
  const r = ask({
    principal: sessionOf(role.arn),
    action,
    resource,
    context: callerContext(role.arn),
    identityPolicies: [ALLOW_ALL(action)],
    permissionBoundary: boundary,
    resourceAccount: role.account,
  });
  return r?.decision === 'Allowed';
}

/** One trust statement with its conditions cut down to the keys a question judges. */
function cut(
  st: PolicyStatement,
  judged: (lowerKey: string) => boolean,
  anyPrincipal: boolean,
): PolicyStatement {
  const cond: Record<string, Record<string, string | boolean | number | readonly string[]>> = {};
  for (const [op, block] of Object.entries(st.Condition ?? {})) {
    if (typeof block !== 'object' || block === null) continue;
    const kept = Object.entries(block).filter(([k]) => judged(k.toLowerCase()));
    if (kept.length > 0) cond[op] = Object.fromEntries(kept);
  }
  const { Condition: _, Principal, NotPrincipal, ...rest } = st;
  const who = anyPrincipal
    ? { Principal: '*' as const }
    : { ...(Principal !== undefined && { Principal }), ...(NotPrincipal !== undefined && { NotPrincipal }) };
  return { ...rest, ...who, ...(Object.keys(cond).length > 0 && { Condition: cond }) };
}

/** Does one trust statement, alone, admit the request? */
function statementAdmits(
  role: RolePlan,
  statement: PolicyStatement,
  request: Omit<EvalRequest, 'resource' | 'resourcePolicy'>,
): boolean {
  if (statement.Effect !== 'Allow') return false;
  const r = ask({
    ...request,
    resource: role.arn,
    resourceAccount: role.account,
    resourcePolicy: { Version: '2012-10-17', Statement: [statement] },
  });
  return r?.decision === 'Allowed';
}

const PRINCIPAL_ARN = (k: string) => k === 'aws:principalarn';

/**
 * Trust statements through which the role `callerArn` (acting through its sessions) can call
 * `action` on `role`. The principal forms (role ARN, account root, bare id, `*`) and an
 * `aws:PrincipalArn` condition are judged exactly; conditions on keys argocd-k8s-auth never sends
 * are reported by their own rule (FM-3.3).
 */
export function trustStatementsForRole(
  role: RolePlan,
  callerArn: string,
  action: string,
): IndexedStatement[] {
  return statementsOf(role.trustPolicy).filter(({ statement }) =>
    statementAdmits(role, cut(statement, PRINCIPAL_ARN, false), {
      principal: sessionOf(callerArn),
      action,
      context: callerContext(callerArn),
      // An identity policy allowing the action: only the trust statement decides.
      identityPolicies: [ALLOW_ALL(action)],
    }),
  );
}

/**
 * Do the conditions on `keys` of one trust statement accept this request context? The statement's
 * Principal is not judged (another rule names a wrong principal); the caller is a principal of the
 * role's own account of the given kind (`pods.eks.amazonaws.com`, an OIDC provider).
 */
export function trustConditionsAdmit(
  role: RolePlan,
  statement: PolicyStatement,
  caller: string,
  action: string,
  context: Readonly<Record<string, string>>,
): boolean {
  const keys = new Set(Object.keys(context).map((k) => k.toLowerCase()));
  return statementAdmits(
    role,
    cut(statement, (k) => keys.has(k), true),
    {
      principal: caller,
      action,
      context,
    },
  );
}

/** Does one condition entry (operator as written, its values) accept `value`? By src/iam's operators. */
export function conditionAdmits(operator: string, values: readonly string[], value: string): boolean {
  return conditionAccepts(operator, values, value);
}
