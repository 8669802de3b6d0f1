/**
 * Whatever the input, parseFleet either returns a Fleet or throws a UserError whose problems all
 * carry a real position: never another exception (which the CLI would print as an internal error).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { parseFleet, parseFleetCarefully, parseFleetFast } from '../../src/fleet/load.js';

const root = join(import.meta.dirname, '..', '..');
const seeds = ['two-accounts', 'least-privilege', 'capability', 'organization'].map((e) =>
  readFileSync(join(root, 'examples', e, 'fleet.yaml'), 'utf8'),
);

function outcome(text: string): void {
  // The fast reader may only answer for valid files, and must answer exactly as the careful one.
  const fast = parseFleetFast(text, 'f.yaml');
  if (fast !== undefined) expect(parseFleetCarefully(text, 'f.yaml')).toEqual(fast);
  try {
    parseFleet(text, 'f.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    const lines = text.split('\n').length;
    for (const p of (error as UserError).problems) {
      expect(p.location.line).toBeGreaterThanOrEqual(1);
      expect(p.location.line).toBeLessThanOrEqual(lines);
      expect(p.location.column).toBeGreaterThanOrEqual(1);
      expect(p.message).not.toBe('');
    }
  }
}

const edit = fc.record({
  at: fc.nat(),
  cut: fc.integer({ min: 0, max: 12 }),
  insert: fc.oneof(
    fc.constantFrom(
      ':',
      '-',
      ' ',
      '\n',
      '\t',
      '"',
      "'",
      '[',
      ']',
      '{',
      '}',
      '&a',
      '*a',
      '<<: *a',
      '!!int',
      '---',
      '# x',
      'yes',
      '0',
    ),
    fc.string({ maxLength: 6 }),
  ),
});

describe('robustness', () => {
  it('the fast and careful readers agree on every example, and the fast one answers', () => {
    for (const seed of seeds) {
      const fast = parseFleetFast(seed, 'f.yaml');
      expect(fast).toBeDefined();
      expect(parseFleetCarefully(seed, 'f.yaml')).toEqual(fast);
    }
  });

  it('a flow sequence closed less indented than its block gets one verdict from both readers', () => {
    // js-yaml accepts `]` at column 1 here; the yaml library rejects it (seen from a random edit).
    const text = seeds[1]?.replace('namespaces: [team-a, team-b]', 'namespaces: [team-a, team-b\n]') ?? '';
    expect(text).toContain('team-b\n]');
    expect(parseFleetFast(text, 'f.yaml')).toBeUndefined();
    outcome(text);
  });

  it('random edits of real fleet files never escape as anything but a positioned UserError', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.array(edit, { minLength: 1, maxLength: 4 }),
        (seed, edits) => {
          let text = seed;
          for (const e of edits) {
            const i = e.at % (text.length + 1);
            text = text.slice(0, i) + e.insert + text.slice(i + e.cut);
          }
          outcome(text);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('arbitrary YAML values in place of the fleet never escape', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (value) => outcome(JSON.stringify(value))),
      { numRuns: 200 },
    );
  });
});
