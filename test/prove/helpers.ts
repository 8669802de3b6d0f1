/** Shared fixtures for prove tests: real plans of the bundled examples, and a typed way to break them. */
import { readFleet } from '../../src/cli/fleet-file.js';
import { planFleet } from '../../src/plan/plan.js';
import type { AccessPlan, PolicyDocument, PolicyStatement } from '../../src/plan/types.js';

export type DeepMutable<T> = T extends readonly (infer U)[]
  ? DeepMutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: DeepMutable<T[K]> }
    : T;

export type Draft = DeepMutable<AccessPlan>;
export type DraftStatement = DeepMutable<PolicyStatement>;

const cache = new Map<string, AccessPlan>();

/** The AccessPlan of `examples/<name>/fleet.yaml`, planned once per test file. */
export async function examplePlan(name: string): Promise<AccessPlan> {
  const hit = cache.get(name);
  if (hit) return hit;
  const { fleet } = await readFleet(`examples/${name}/fleet.yaml`);
  const plan = planFleet(fleet);
  cache.set(name, plan);
  return plan;
}

/** A deep copy of `plan` with one defect applied by `fn`. */
export function mutate(plan: AccessPlan, fn: (p: Draft) => void): AccessPlan {
  const copy = structuredClone(plan) as unknown as Draft;
  fn(copy);
  return copy as unknown as AccessPlan;
}

export function role(p: Draft, id: string): Draft['roles'][number] {
  const r = p.roles.find((x) => x.id === id || x.kind === id);
  if (!r) throw new Error(`no role ${id}`);
  return r;
}

/** The statements of a policy document as a mutable array (normalizing a single-statement object). */
export function statements(doc: DeepMutable<PolicyDocument>): DraftStatement[] {
  if (!Array.isArray(doc.Statement)) doc.Statement = [doc.Statement as DraftStatement];
  return doc.Statement as DraftStatement[];
}

/** The first condition block whose key ends with `suffix` (e.g. `:sub`). */
export function conditionKey(s: DraftStatement, operator: string, suffix: string): string {
  const block = s.Condition?.[operator];
  const key = block ? Object.keys(block).find((k) => k.endsWith(suffix)) : undefined;
  if (!key) throw new Error(`no ${operator} condition ending in ${suffix}`);
  return key;
}
