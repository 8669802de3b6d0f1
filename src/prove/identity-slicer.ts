/**
 * Cuts long `Resource` lists down to the entries that can match one target before evaluation.
 * A management role listing N deployer ARNs would otherwise cost N pattern tests per hop, N² in
 * total. Sound: a statement whose Resource list has no entry matching the target cannot apply, and
 * a statement that applies keeps every entry that could match (case-insensitive superset, by
 * src/iam's wildcard matcher; the evaluator makes the exact decision).
 */
import type { PolicyDocument, PolicyStatement } from '../iam/document.js';
import { wildcardMatches } from '../iam/match.js';
import { statementsOf } from './policy-walk.js';

interface SlicedStatement {
  readonly statement: PolicyStatement;
  readonly exact?: Map<string, string>;
  readonly wild?: readonly string[];
}

const SLICE_MIN = 16;

export class IdentitySlicer {
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
        for (const w of part.wild ?? []) if (wildcardMatches(w.toLowerCase(), t)) resources.push(w);
        if (resources.length > 0) kept.push({ ...part.statement, Resource: resources });
      }
      return { Version: doc.Version, Statement: kept };
    });
    this.cache.set(target, out);
    return out;
  }
}

/** Every statement grants on `Resource: "*"` (the answer cannot depend on the target). */
export function isResourceStar(doc: PolicyDocument): boolean {
  return statementsOf(doc).every(({ statement }) => {
    const r = statement.Resource;
    return (
      statement.NotResource === undefined &&
      (r === '*' || (Array.isArray(r) && r.length === 1 && r[0] === '*'))
    );
  });
}
