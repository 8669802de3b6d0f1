/**
 * A re-synth of an unchanged plan is byte-identical (every file of the assembly), and a plan
 * listing the same things in another order gives the same templates: `cdk diff` stays empty.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { AccessPlan } from '../../../src/plan/types.js';
import { readTree, type Synthesized, synthForTest } from './helpers.js';
import { availableExamples, FIXTURES } from './scenarios.js';

const cleanups: Synthesized[] = [];
afterAll(() => {
  for (const s of cleanups) s.cleanup();
});

describe.each([...availableExamples(), ...FIXTURES])('re-synth of $name', ({ plan: loadPlan }) => {
  it('is byte-identical, file for file', async () => {
    const plan = await loadPlan();
    const a = synthForTest(plan, { validation: false });
    const b = synthForTest(plan, { validation: false });
    cleanups.push(a, b);
    const ta = readTree(a.dir);
    const tb = readTree(b.dir);
    expect([...ta.keys()].sort()).toEqual([...tb.keys()].sort());
    for (const [file, content] of ta) expect(tb.get(file), file).toBe(content);
    // A re-ordered but equal plan gives the same templates too (stable ids, sorted resources).
    const shuffled: AccessPlan = {
      ...plan,
      roles: [...plan.roles].reverse(),
      accessEntries: [...plan.accessEntries].reverse(),
      podIdentityAssociations: [...plan.podIdentityAssociations].reverse(),
    };
    const c = synthForTest(shuffled, { validation: false });
    cleanups.push(c);
    const tc = readTree(c.dir);
    for (const [file, content] of ta)
      if (file.endsWith('.template.json')) expect(tc.get(file), file).toBe(content);
  });
});
