/**
 * Prove the synthesized templates, not the model: read the IAM documents and access entries back
 * out of the templates (observe-templates.ts), prove that plan, and compare its access matrix with
 * the one proven from the intended plan. Any difference means the templates would deploy access
 * other than what was proven. Pure.
 */
import { isDeepStrictEqual } from 'node:util';
import type { AccessPlan } from '../../plan/types.js';
import { prove } from '../../prove/prove.js';
import type { Cell } from '../../prove/types.js';
import { type ObserveOptions, observeTemplates, type StackTemplate } from './observe-templates.js';

export interface VerifyResult {
  /** True when the templates prove exactly the plan's access matrix. */
  readonly same: boolean;
  /** Whether the proof holds on the templates (every intended path, nothing else). */
  readonly holds: boolean;
  /** Cells of the matrix (witness × cluster) compared. */
  readonly cells: number;
  /** Up to 20 cells that differ, as `witness → cluster: plan … / templates …`. */
  readonly differences: readonly string[];
  /** What the reader assumed rather than read (imported provider, StackSet instance accounts). */
  readonly assumed: readonly string[];
}

export function verifyTemplates(
  stacks: readonly StackTemplate[],
  plan: AccessPlan,
  options: ObserveOptions = {},
): VerifyResult {
  const observed = observeTemplates(stacks, plan, options);
  const expected = prove(plan).matrix;
  const actual = prove(observed.plan);
  const key = (c: Cell) => `${c.witness}\0${c.cluster}`;
  const actualCells = new Map(actual.matrix.cells.map((c) => [key(c), c]));
  const differences: string[] = [];
  for (const cell of expected.cells) {
    const other = actualCells.get(key(cell));
    actualCells.delete(key(cell));
    if (!isDeepStrictEqual(comparable(cell), other && comparable(other)))
      differences.push(
        `${cell.witness} → ${cell.cluster}: plan ${describe(cell)} / templates ${other ? describe(other) : 'no cell'}`,
      );
  }
  for (const extra of actualCells.values())
    differences.push(`${extra.witness} → ${extra.cluster}: plan no cell / templates ${describe(extra)}`);
  const same =
    differences.length === 0 &&
    isDeepStrictEqual(expected.witnesses, actual.matrix.witnesses) &&
    isDeepStrictEqual(expected.clusters, actual.matrix.clusters);
  return {
    same,
    holds: actual.holds,
    cells: expected.cells.length,
    differences: differences.slice(0, 20),
    assumed: observed.assumed,
  };
}

/** Everything a cell says about access; `blockedAt` reasons are explanations, not access. */
function comparable(c: Cell): unknown {
  return { reachable: c.reachable, intended: c.intended, via: c.via, access: c.access };
}

function describe(c: Cell): string {
  return c.reachable ? `reachable via ${c.via.join(' → ')}` : 'unreachable';
}
