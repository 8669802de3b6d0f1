import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFleet, parseFleetCarefully, parseFleetFast } from '../../src/fleet/load.js';
import { fleetToYaml } from '../../src/fleet/serialize.js';
import type { Fleet } from '../../src/fleet/types.js';
import { generateFleet } from '../../src/testing/generate-fleet.js';

/** Load a fleet back from its YAML; drop sourceLine, which only loaded fleets carry. */
function roundTrip(fleet: Fleet): Fleet {
  const loaded = parseFleet(fleetToYaml(fleet), 'generated.yaml').fleet;
  return { ...loaded, spokes: loaded.spokes.map(({ sourceLine: _, ...s }) => s) };
}

const options = fc.record(
  {
    identity: fc.constantFrom('irsa' as const, 'pod-identity' as const, 'eks-capability' as const),
    organization: fc.boolean(),
    accounts: fc.integer({ min: 1, max: 40 }),
  },
  { requiredKeys: [] },
);

describe('generateFleet', () => {
  it('is deterministic', () => {
    expect(generateFleet(25, { organization: true, accounts: 3 })).toEqual(
      generateFleet(25, { organization: true, accounts: 3 }),
    );
  });

  it('passes its own validation and survives a YAML round trip unchanged, for any options', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), options, (n, o) => {
        const fleet = generateFleet(n, o);
        expect(roundTrip(fleet)).toEqual(fleet);
      }),
      { numRuns: 40 },
    );
  });

  it('loads through the fast reader, with the same result (source lines included) as the careful one', () => {
    for (const o of [
      {},
      { identity: 'pod-identity' as const },
      { identity: 'eks-capability' as const },
      { organization: true },
    ]) {
      const text = fleetToYaml(generateFleet(30, o));
      const fast = parseFleetFast(text, 'g.yaml');
      expect(fast).toBeDefined();
      expect(fast?.fleet.spokes[2]?.sourceLine).toBeGreaterThan(0);
      expect(parseFleetCarefully(text, 'g.yaml')).toEqual(fast);
    }
  });

  it('spreads spokes over the requested number of accounts', () => {
    const fleet = generateFleet(100, { accounts: 7 });
    expect(new Set(fleet.spokes.map((s) => s.account)).size).toBe(7);
    expect(new Set(fleet.spokes.map((s) => s.name)).size).toBe(100);
  });

  it('covers the three CA forms and access shapes', () => {
    const fleet = generateFleet(20);
    expect(new Set(fleet.spokes.map((s) => s.ca.kind))).toEqual(new Set(['inline', 'ssm', 'discover']));
    expect(new Set(fleet.spokes.map((s) => s.access.policy))).toEqual(
      new Set(['admin', 'edit', 'view', null]),
    );
  });

  it('builds a 5,000-spoke organization fleet that validates', () => {
    const fleet = generateFleet(5000, { organization: true, accounts: 250 });
    expect(fleet.spokes).toHaveLength(5000);
    expect(roundTrip(fleet).spokes).toHaveLength(5000);
  });

  it('rejects nonsense sizes', () => {
    expect(() => generateFleet(-1)).toThrow(RangeError);
    expect(() => generateFleet(3, { accounts: 0 })).toThrow(RangeError);
  });
});
