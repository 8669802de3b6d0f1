/**
 * The evaluator's own matching, for callers outside src/iam that need to ask one narrow question
 * (prove's pre-filters, its static checks, doctor through prove). Nothing outside src/iam compiles
 * a policy pattern or implements a condition operator: it asks here, so there is one judge.
 * Wildcards: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 * Operators: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import { compileCondition, evaluateCondition, parseOperator } from './conditions.js';
import { compileGlob, type Glob, globMatches } from './pattern.js';

const globs = new Map<string, Glob>();

/** IAM wildcard match (`*` any run of characters, `?` exactly one), as the evaluator matches. */
export function wildcardMatches(pattern: string, value: string, ignoreCase = false): boolean {
  const k = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let g = globs.get(k);
  if (!g) {
    if (globs.size > 10_000) globs.clear();
    g = compileGlob(pattern, ignoreCase);
    globs.set(k, g);
  }
  return globMatches(g, value);
}

/** Does an action pattern (`sts:Assume*`, `*`) cover `action`? Actions are case-insensitive. */
export function actionPatternCovers(pattern: string, action: string): boolean {
  return wildcardMatches(pattern, action, true);
}

/**
 * The operator's base name without set prefix and `IfExists` suffix, as the evaluator's operator
 * table names it (`ForAnyValue:StringLikeIfExists` → `StringLike`); `undefined` when IAM does not
 * know the operator (IAM rejects such a policy).
 */
export function operatorBaseName(operator: string): string | undefined {
  return parseOperator(operator)?.def.name;
}

/**
 * Does a condition (operator as written, its policy values) accept `value` as the only value of its
 * key? Judged by the evaluator's operators; an operator IAM does not know accepts nothing.
 */
export function conditionAccepts(operator: string, policyValues: readonly string[], value: string): boolean {
  const parsed = parseOperator(operator);
  if (!parsed) return false;
  const c = compileCondition(operator, parsed, 'k', policyValues, false);
  return evaluateCondition(c, (key) => (key === 'k' ? value : undefined)).matches;
}
