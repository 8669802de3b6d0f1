/**
 * Proving a plan some of whose values are not known yet (a Terraform plan: ARNs, policies built
 * from resources created in the same apply). Nothing that depends on an unknown value is guessed:
 *
 * - An unknown policy document of a role (trust, identity or boundary) is bounded: the plan is
 *   proved once with the least the document could allow (nothing) and once with the most
 *   (everything). A cell of the access matrix on which both agree does not depend on the document;
 *   a cell on which they differ is undetermined. A finding is kept only when both runs report it.
 * - Any other unknown value marks what it feeds: a cluster's column (an access entry whose
 *   principal is unknown), a service account's row (a Pod Identity association whose role is
 *   unknown), or the whole matrix (an unknown cluster name, Argo CD values that are unknown).
 *   Findings about that part are dropped: they would be about placeholder data.
 * - Every unknown value is reported as PROVE-UNKNOWN-UNTIL-APPLY, and a result with unknown values
 *   never holds: prove says what it could decide and that the rest waits for apply.
 */
import type { Finding } from '../findings.js';
import { sortFindings } from '../findings.js';
import type { AccessPlan, PolicyDocument, RolePlan } from '../plan/types.js';
import { catalogEntry } from './catalog.js';
import { type ProveOptions, prove } from './prove.js';
import type { AccessMatrix, Cell, ProveResult } from './types.js';

export type UnknownEffect =
  /** One of a role's documents is unknown; `name` is the policy's name for identity documents. */
  | {
      readonly kind: 'role-document';
      readonly roleArn: string;
      readonly slot: 'trust' | 'identity' | 'boundary';
      readonly name?: string;
    }
  /** A cluster's column; with `findings`, only those finding ids of the cluster are affected. */
  | { readonly kind: 'cluster'; readonly cluster: string; readonly findings?: readonly string[] }
  /** A service account's row (witness `sa:<namespace>/<name>`). */
  | { readonly kind: 'service-account'; readonly namespace: string; readonly name: string }
  | { readonly kind: 'proof' };

export interface UnknownValue {
  /** Where the value is, e.g. `module.eks.aws_eks_access_entry.this["argocd"]`. */
  readonly source: string;
  /** The attribute, e.g. `principal_arn`. */
  readonly attribute: string;
  /** What the value is computed from, when the source says (Terraform configuration references). */
  readonly references: readonly string[];
  readonly effect: UnknownEffect;
  /** Why it is unknown, when there is more to say than "known after apply". */
  readonly note?: string;
}

/** An Allow for everything: the most an unknown document could grant. */
const ALLOW_ALL_IDENTITY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};
const ALLOW_ALL_TRUST: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*' }],
};
/** A trust that admits no one: the least an unknown trust policy could grant. */
export const DENY_ALL_TRUST: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Principal: '*', Action: '*' }],
};
const DENY_ALL_BOUNDARY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }],
};

/** The finding id of an unknown value (src/prove/catalog.ts). */
export const UNKNOWN_ID = 'PROVE-UNKNOWN-UNTIL-APPLY';

export interface BoundedResult extends ProveResult {
  /** Cells that depend on unknown values, and the number of unknown values. */
  readonly undetermined: { readonly cells: number; readonly values: number };
}

/**
 * Prove `plan` whose unknown role documents are given in their least form (an unknown trust is
 * DENY_ALL_TRUST; an unknown identity policy or boundary is absent from the plan).
 */
export function proveWithUnknowns(
  plan: AccessPlan,
  unknowns: readonly UnknownValue[],
  options: ProveOptions = {},
): BoundedResult {
  const low = prove(plan, options);
  if (unknowns.length === 0) return { ...low, undetermined: { cells: 0, values: 0 } };
  const docs = unknowns.filter((u) => u.effect.kind === 'role-document');
  const high = docs.length > 0 ? prove(widen(plan, unknowns), options) : undefined;

  const proof = unknowns.some((u) => u.effect.kind === 'proof');
  const columns = new Set<string>();
  const rows = new Set<string>();
  const findingScopes = new Map<string, Set<string>>();
  for (const u of unknowns) {
    const e = u.effect;
    if (e.kind === 'cluster') {
      if (e.findings) {
        const set = findingScopes.get(e.cluster) ?? new Set<string>();
        for (const id of e.findings) set.add(id);
        findingScopes.set(e.cluster, set);
      } else columns.add(e.cluster);
    } else if (e.kind === 'service-account') rows.add(`sa:${e.namespace}/${e.name}`);
  }
  const highCells = new Map((high?.matrix.cells ?? []).map((c) => [`${c.witness}\u0000${c.cluster}`, c]));
  const because = (cell: Cell): string[] => {
    const out = new Set<string>();
    for (const u of unknowns) {
      const e = u.effect;
      if (
        e.kind === 'proof' ||
        (e.kind === 'cluster' && !e.findings && e.cluster === cell.cluster) ||
        (e.kind === 'service-account' && `sa:${e.namespace}/${e.name}` === cell.witness)
      )
        out.add(`${u.source}.${u.attribute}`);
    }
    return [...out];
  };
  const cells: Cell[] = low.matrix.cells.map((cell) => {
    const key = `${cell.witness}\u0000${cell.cluster}`;
    const other = high ? highCells.get(key) : cell;
    const bounded = other !== undefined && other.reachable === cell.reachable;
    const tainted = proof || columns.has(cell.cluster) || rows.has(cell.witness);
    if (bounded && !tainted) return cell;
    const reasons = tainted
      ? because(cell)
      : docs.map((u) => `${u.source}.${u.attribute}`).filter((s, i, a) => a.indexOf(s) === i);
    return {
      witness: cell.witness,
      cluster: cell.cluster,
      reachable: false,
      intended: cell.intended,
      via: [],
      undetermined: { because: reasons },
    };
  });
  const matrix: AccessMatrix = { ...low.matrix, cells };
  const undeterminedCells = cells.filter((c) => c.undetermined).length;

  const inHigh = high ? new Set(high.findings.map((f) => `${f.id}\u0000${f.subject}`)) : undefined;
  const undeterminedClusters = new Set(cells.filter((c) => c.undetermined).map((c) => c.cluster));
  const determinedLeak = new Set(
    cells.filter((c) => c.reachable && !c.intended && !c.undetermined).map((c) => c.via[0] ?? c.cluster),
  );
  const kept = low.findings.filter((f) => {
    if (inHigh && !inHigh.has(`${f.id}\u0000${f.subject}`)) return false;
    if (proof && f.id !== 'POLICY-INVALID') return false;
    if (columns.has(f.subject)) return false;
    if (findingScopes.get(f.subject)?.has(f.id)) return false;
    if (f.id === 'PROVE-UNREACHABLE' && undeterminedClusters.has(f.subject)) return false;
    if (f.id === 'PROVE-LEAK' && !determinedLeak.has(f.subject)) return false;
    return true;
  });
  const findings = sortFindings([...kept, ...unknownFindings(unknowns)]);
  // Something waits for apply: the answer is not yes. It is "no" when what could be decided
  // already fails (a decided leak or blocked path, an error finding), else inconclusive.
  const decidedFails =
    cells.some((c) => !c.undetermined && c.reachable !== c.intended) ||
    kept.some((f) => f.severity === 'error');
  const causes = [
    ...low.causes,
    ...unknowns.map((u) => ({
      kind: 'unknown-until-apply' as const,
      source: u.source,
      attribute: u.attribute,
      references: u.references,
      affects: describe(u.effect),
    })),
  ];
  return {
    holds: false,
    verdict: decidedFails ? 'fails' : 'inconclusive',
    causes,
    matrix,
    findings,
    undetermined: { cells: undeterminedCells, values: unknowns.length },
  };
}

/** The plan with every unknown document at its most permissive. */
function widen(plan: AccessPlan, unknowns: readonly UnknownValue[]): AccessPlan {
  const byRole = new Map<string, UnknownValue[]>();
  for (const u of unknowns)
    if (u.effect.kind === 'role-document') {
      const list = byRole.get(u.effect.roleArn) ?? [];
      list.push(u);
      byRole.set(u.effect.roleArn, list);
    }
  const roles = plan.roles.map((role): RolePlan => {
    const list = byRole.get(role.arn);
    if (!list) return role;
    let next: RolePlan & { permissionsBoundaryPolicy?: PolicyDocument } = role;
    for (const u of list) {
      if (u.effect.kind !== 'role-document') continue;
      if (u.effect.slot === 'trust') next = { ...next, trustPolicy: ALLOW_ALL_TRUST };
      else if (u.effect.slot === 'identity')
        next = {
          ...next,
          inlinePolicies: [
            ...next.inlinePolicies,
            { name: u.effect.name ?? `(unknown ${u.source})`, document: ALLOW_ALL_IDENTITY },
          ],
        };
      else {
        const { permissionsBoundaryPolicy: _, ...rest } = next;
        next = rest;
      }
    }
    return next;
  });
  return { ...plan, roles };
}

/** The least form of an unknown boundary (what the reader puts in the plan). */
export function leastBoundary(): PolicyDocument {
  return DENY_ALL_BOUNDARY;
}

function unknownFindings(unknowns: readonly UnknownValue[]): Finding[] {
  const entry = catalogEntry(UNKNOWN_ID);
  const bySource = new Map<string, UnknownValue[]>();
  for (const u of unknowns) {
    const list = bySource.get(u.source) ?? [];
    list.push(u);
    bySource.set(u.source, list);
  }
  return [...bySource].map(([source, list]) => {
    const attrs = [...new Set(list.map((u) => u.attribute))];
    const refs = [...new Set(list.flatMap((u) => u.references))];
    const notes = [...new Set(list.map((u) => u.note).filter((n): n is string => !!n))];
    const effects = [...new Set(list.map((u) => describe(u.effect)))];
    return {
      id: UNKNOWN_ID,
      severity: entry.severity,
      link: entry.link,
      subject: source,
      message: `${attrs.join(', ')} of ${source} ${attrs.length === 1 ? 'is' : 'are'} ${notes.length > 0 ? notes.join('; ') : 'known only after apply'}${refs.length > 0 ? ` (computed from ${refs.slice(0, 4).join(', ')})` : ''}; prove does not guess, so it leaves undetermined: ${effects.join('; ')}.`,
      evidence: list.slice(0, 8).map((u) => ({ source, path: u.attribute, value: 'unknown' })),
      fix: entry.fix,
    };
  });
}

function describe(e: UnknownEffect): string {
  switch (e.kind) {
    case 'role-document':
      return `what ${e.slot === 'trust' ? 'the trust policy' : e.slot === 'identity' ? 'the permissions' : 'the permissions boundary'} of ${e.roleArn} allow${e.slot === 'trust' ? 's' : ''}`;
    case 'cluster':
      return e.findings ? `the checks ${e.findings.join(', ')} of ${e.cluster}` : `access to ${e.cluster}`;
    case 'service-account':
      return `what ${e.namespace}/${e.name} reaches`;
    case 'proof':
      return 'the whole access matrix';
  }
}
