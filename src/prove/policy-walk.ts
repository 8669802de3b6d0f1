/**
 * Small read-only helpers over IAM policy JSON as it appears in a plan. They never judge a request
 * nor match a pattern (that is src/iam's job: evaluate, and match.ts for narrow questions); they only list statements, principals and condition entries, with
 * the JSON path each came from, so findings can point at the exact place.
 */
import type { PolicyDocument, PolicyStatement } from '../iam/document.js';
import { actionPatternCovers } from '../iam/match.js';

export interface IndexedStatement {
  readonly statement: PolicyStatement;
  /** JSON path of the statement inside its document: `Statement[0]` or `Statement`. */
  readonly path: string;
}

export function statementsOf(doc: PolicyDocument | undefined): IndexedStatement[] {
  if (!doc || doc.Statement === undefined || doc.Statement === null) return [];
  const s = doc.Statement as PolicyStatement | readonly PolicyStatement[];
  if (Array.isArray(s)) return s.map((statement, i) => ({ statement, path: `Statement[${i}]` }));
  return [{ statement: s as PolicyStatement, path: 'Statement' }];
}

export function asArray<T>(value: T | readonly T[] | undefined): readonly T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

/** Principal values of one type (`AWS`, `Federated`, `Service`); `['*']` for `"Principal": "*"`. */
export function principalValues(statement: PolicyStatement, type: string): readonly string[] {
  const p = statement.Principal;
  if (p === undefined) return [];
  if (p === '*') return ['*'];
  return asArray(p[type]);
}

export function actionsOf(statement: PolicyStatement): readonly string[] {
  return asArray(statement.Action).map((a) => a.toLowerCase());
}

/** Does an Allow statement's Action (or NotAction) cover this action? */
export function statementCoversAction(statement: PolicyStatement, action: string): boolean {
  if (statement.Action !== undefined)
    return asArray(statement.Action).some((a) => actionPatternCovers(a, action));
  if (statement.NotAction !== undefined)
    return !asArray(statement.NotAction).some((a) => actionPatternCovers(a, action));
  return false;
}

export interface ConditionEntry {
  /** Operator as written, e.g. `StringEquals`, `ForAnyValue:StringLike`, `ArnLikeIfExists`. */
  readonly operator: string;
  /** Condition key as written (keys are case-insensitive in IAM). */
  readonly key: string;
  readonly values: readonly string[];
  /** JSON path: `Statement[0].Condition.StringEquals.<key>`. */
  readonly path: string;
}

export function conditionEntries(statement: PolicyStatement, statementPath: string): ConditionEntry[] {
  const out: ConditionEntry[] = [];
  const cond = statement.Condition;
  if (!cond) return out;
  for (const [operator, block] of Object.entries(cond)) {
    if (!block || typeof block !== 'object') continue;
    for (const [key, raw] of Object.entries(block)) {
      const values = asArray(raw as string | readonly string[]).map((v) => String(v));
      out.push({ operator, key, values, path: `${statementPath}.Condition.${operator}.${key}` });
    }
  }
  return out;
}

/** The one ARN reader (src/iam/arn.ts), re-exported for prove's checks. */
export { accountOf, partitionOf, roleNameOf } from '../iam/arn.js';
