/**
 * Planner ↔ doctor consistency: the snapshot a correctly deployed fleet would produce has no
 * error finding and no drift, for every bundled example and for generated fleets.
 */
import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readFleet } from '../../src/cli/fleet-file.js';
import { analyzeSnapshot } from '../../src/doctor/analyze.js';
import { diffPlans } from '../../src/doctor/diff.js';
import { observePlan } from '../../src/doctor/observe.js';
import { parseSnapshot } from '../../src/doctor/snapshot.js';
import { planFleet } from '../../src/plan/plan.js';
import { prove } from '../../src/prove/prove.js';
import { expectedSnapshot } from '../../src/testing/expected-snapshot.js';
import { generateFleet } from '../../src/testing/generate-fleet.js';

const examples = readdirSync('examples', { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => `examples/${d.name}/fleet.yaml`)
  .filter((f) => existsSync(f));

describe('expected snapshot of a planned fleet', () => {
  for (const file of examples) {
    it(`${file}: no drift, and no error beyond what prove already reports on the plan`, async () => {
      const { fleet } = await readFleet(file);
      const plan = planFleet(fleet);
      const snap = expectedSnapshot(plan);
      expect(parseSnapshot(JSON.parse(JSON.stringify(snap))).ok).toBe(true);
      expect(diffPlans(plan, observePlan(snap), snap)).toEqual([]);
      const r = analyzeSnapshot(snap, { plan });
      const known = new Set(prove(plan).findings.map((f) => `${f.id}|${f.subject}`));
      expect(r.findings.filter((f) => f.severity === 'error' && !known.has(`${f.id}|${f.subject}`))).toEqual(
        [],
      );
      expect(r.clusters.length).toBe(fleet.spokes.length);
    });
  }

  it('a generated 50-spoke fleet: no error finding', () => {
    const plan = planFleet(generateFleet(50));
    const r = analyzeSnapshot(expectedSnapshot(plan), { plan });
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});
