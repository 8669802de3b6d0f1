/**
 * The plans the CDK tests run on: every bundled example (through the real loader and planner)
 * plus hand-made plans for shapes the examples do not cover.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AccessPlan } from '../../../src/plan/types.js';
import { LEAST_PRIVILEGE_SPOKES, manySpokes, planFixture } from './fixtures.js';

export interface Scenario {
  readonly name: string;
  readonly plan: () => Promise<AccessPlan>;
}

export const EXAMPLES = [
  'two-accounts',
  'pod-identity',
  'least-privilege',
  'capability',
  'organization',
] as const;

const root = join(import.meta.dirname, '..', '..', '..');

export function examplePath(name: string): string {
  return join(root, 'examples', name, 'fleet.yaml');
}

/** Load and plan an example with the project's own loader and planner. */
export async function planExample(name: string): Promise<AccessPlan> {
  const { readFleet } = await import('../../../src/cli/fleet-file.js');
  const { planFleet } = await import('../../../src/plan/plan.js');
  const { fleet } = await readFleet(examplePath(name));
  return planFleet(fleet);
}

export const FIXTURES: readonly Scenario[] = [
  { name: 'fixture: irsa, provider imported', plan: async () => planFixture() },
  { name: 'fixture: irsa, provider created', plan: async () => planFixture({ createOidcProvider: true }) },
  { name: 'fixture: pod-identity', plan: async () => planFixture({ identity: 'pod-identity' }) },
  {
    name: 'fixture: least-privilege, managed policy',
    plan: async () => planFixture({ spokes: LEAST_PRIVILEGE_SPOKES, managedPolicy: true }),
  },
  { name: 'fixture: eks-capability', plan: async () => planFixture({ identity: 'eks-capability' }) },
  {
    name: 'fixture: organization pattern',
    plan: async () =>
      planFixture({ organization: true, orgPattern: true, spokes: manySpokes(3, '/fleetlink/') }),
  },
];

/** Examples that exist in this checkout (they are written in parallel with this module). */
export function availableExamples(): Scenario[] {
  return EXAMPLES.filter((name) => existsSync(examplePath(name))).map((name) => ({
    name: `example: ${name}`,
    plan: () => planExample(name),
  }));
}
