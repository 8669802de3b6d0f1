/** The bundled examples (examples/<name>/fleet.yaml), planned with the real loader and planner. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFleet } from '../../../src/fleet/load.js';
import { planFleet } from '../../../src/plan/plan.js';
import type { AccessPlan } from '../../../src/plan/types.js';

export const EXAMPLES_DIR = 'examples';

export function exampleFleetFiles(): string[] {
  if (!existsSync(EXAMPLES_DIR)) return [];
  return readdirSync(EXAMPLES_DIR)
    .map((d) => join(EXAMPLES_DIR, d, 'fleet.yaml'))
    .filter((f) => existsSync(f))
    .sort();
}

export function examplePlans(): [string, AccessPlan][] {
  return exampleFleetFiles().map((file) => [
    file,
    planFleet(parseFleet(readFileSync(file, 'utf8'), file).fleet),
  ]);
}
