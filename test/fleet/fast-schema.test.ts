/**
 * The zod-free form of the fleet schema (src/fleet/fast-schema.ts) against the zod schema it mirrors:
 * on every example, every file of the bad-input corpus, generated fleets and random mutations of
 * them, both give the same verdict, and on success the same output, key order included (it flows
 * into the plan JSON).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import jsyaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { dropExtensions } from '../../src/fleet/fast-parse.js';
import { checkFleetFile } from '../../src/fleet/fast-schema.js';
import { fleetFileSchema } from '../../src/fleet/schema.js';
import { fleetToYaml } from '../../src/fleet/serialize.js';
import { generateFleet } from '../../src/testing/generate-fleet.js';

const root = join(import.meta.dirname, '..', '..');
const bad = join(import.meta.dirname, 'fixtures', 'bad');

function readData(text: string): unknown {
  const data = jsyaml.load(text);
  dropExtensions(data);
  return data;
}

const examples = readdirSync(join(root, 'examples'))
  .map((d) => join(root, 'examples', d, 'fleet.yaml'))
  .filter((f) => {
    try {
      readFileSync(f);
      return true;
    } catch {
      return false;
    }
  });
const corpus = readdirSync(bad)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => join(bad, f));

const generated = [
  generateFleet(12),
  generateFleet(8, { identity: 'pod-identity', accounts: 3 }),
  generateFleet(5, { identity: 'eks-capability' }),
  generateFleet(20, { organization: true, accounts: 4 }),
].map((f) => readData(fleetToYaml(f)));

/** Both verdicts and outputs, as comparable strings. */
function verdicts(data: unknown): { zod: string; fast: string } {
  const parsed = fleetFileSchema.safeParse(data);
  const fast = checkFleetFile(data);
  return {
    zod: parsed.success ? JSON.stringify(parsed.data) : 'rejected',
    fast: fast === undefined ? 'rejected' : JSON.stringify(fast),
  };
}

function expectSame(data: unknown, what: string): void {
  const v = verdicts(data);
  expect(v.fast, what).toBe(v.zod);
}

describe('fast fleet schema = zod fleet schema', () => {
  it('agrees on the examples (all valid) and the bad-input corpus', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
    for (const f of examples) {
      const data = readData(readFileSync(f, 'utf8'));
      expectSame(data, f);
      expect(checkFleetFile(data), f).toBeDefined();
    }
    let rejected = 0;
    for (const f of corpus) {
      let data: unknown;
      try {
        data = readData(readFileSync(f, 'utf8'));
      } catch {
        continue; // not YAML js-yaml reads: the careful reader handles it (bad-corpus.test.ts)
      }
      expectSame(data, f);
      if (checkFleetFile(data) === undefined) rejected++;
    }
    // Most corpus files are shape errors; the rest are cross-field rules (validate.ts) or lints.
    expect(rejected).toBeGreaterThanOrEqual(30);
  });

  it('agrees on generated fleets', () => {
    for (const data of generated) {
      expectSame(data, 'generated');
      expect(checkFleetFile(data)).toBeDefined();
    }
  });

  it('agrees on random mutations of valid fleets', () => {
    const bases = [...examples.map((f) => readData(readFileSync(f, 'utf8'))), ...generated];
    // Every container (by path) of every base, every key and every value seen: mutations move real
    // values and keys to other places, which makes near-valid files, where the two forms could differ.
    const containers: Array<{ base: number; path: string[] }> = [];
    const keys = new Set<string>(['unexpected']);
    const seen: unknown[] = [];
    const walk = (node: unknown, base: number, path: string[]): void => {
      if (typeof node !== 'object' || node === null) return;
      containers.push({ base, path });
      for (const [k, v] of Object.entries(node)) {
        if (!Array.isArray(node)) keys.add(k);
        if (seen.length < 4000) seen.push(v);
        walk(v, base, [...path, k]);
      }
    };
    bases.forEach((b, i) => {
      walk(b, i, []);
    });
    const constants = fc.constantFrom(
      undefined,
      null,
      '',
      'discover',
      'x',
      '/eks/cluster/ca',
      true,
      false,
      0,
      12,
      [],
      {},
      ['a'],
      { unknown: 1 },
      { 'bad key!': 'x' },
    );
    const value = fc.oneof(constants, fc.constantFrom(...seen), fc.string({ maxLength: 8 }));
    const mutation = fc.record({
      at: fc.nat(containers.length - 1),
      op: fc.constantFrom('set', 'add', 'delete'),
      pick: fc.nat(),
      key: fc.constantFrom(...keys),
      value,
    });
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        const copies = new Map<number, unknown>();
        let last: unknown;
        for (const { at, op, pick, key, value: v } of mutations) {
          const { base, path } = containers[at] as { base: number; path: string[] };
          if (!copies.has(base)) copies.set(base, structuredClone(bases[base]));
          let node = copies.get(base) as Record<string, unknown> | undefined;
          for (const p of path) node = node?.[p] as Record<string, unknown> | undefined;
          if (typeof node !== 'object' || node === null) continue;
          const existing = Object.keys(node);
          const target =
            op === 'add' || existing.length === 0 ? key : (existing[pick % existing.length] as string);
          if (Array.isArray(node) && op !== 'set') continue;
          if (op === 'delete') delete node[target];
          else node[target] = structuredClone(v);
          last = copies.get(base);
        }
        if (last !== undefined) expectSame(last, JSON.stringify(mutations).slice(0, 300));
      }),
      { numRuns: 500 },
    );
  });

  it('agrees when any key of any mapping of an example is removed or takes a value seen elsewhere', () => {
    const bases = examples.map((f) => readData(readFileSync(f, 'utf8')));
    const valuesOf = new Map<string, unknown[]>();
    const containers: Array<{ base: number; path: string[] }> = [];
    const walk = (node: unknown, base: number, path: string[]): void => {
      if (typeof node !== 'object' || node === null) return;
      if (!Array.isArray(node)) containers.push({ base, path });
      for (const [k, v] of Object.entries(node)) {
        const list = valuesOf.get(k) ?? [];
        if (
          !Array.isArray(node) &&
          list.length < 3 &&
          !list.some((x) => JSON.stringify(x) === JSON.stringify(v))
        )
          list.push(v);
        valuesOf.set(k, list);
        walk(v, base, [...path, k]);
      }
    };
    bases.forEach((b, i) => {
      walk(b, i, []);
    });
    let cases = 0;
    for (const { base, path } of containers) {
      for (const [key, candidates] of valuesOf) {
        if (/^\d+$/.test(key)) continue;
        for (const candidate of [undefined, ...candidates]) {
          const data = structuredClone(bases[base]) as Record<string, unknown>;
          let node = data;
          for (const p of path) node = node[p] as Record<string, unknown>;
          if (candidate === undefined) delete node[key];
          else node[key] = structuredClone(candidate);
          expectSame(data, `${path.join('.')}.${key} = ${JSON.stringify(candidate)?.slice(0, 60)}`);
          cases++;
        }
      }
    }
    expect(cases).toBeGreaterThan(1000);
  });
});
