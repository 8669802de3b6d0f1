/**
 * The bad-input corpus: every file in test/fleet/fixtures/bad/ is a small malformed fleet whose header
 * lists, as `# expect: LINE:COLUMN MESSAGE`, every problem the loader must report — exact
 * message, exact position, nothing more. None may escape as anything but a UserError.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, UserError } from '../../src/errors.js';
import { parseFleet } from '../../src/fleet/load.js';

const dir = join(import.meta.dirname, 'fixtures', 'bad');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

function expectations(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('# expect: '))
    .map((l) => l.slice('# expect: '.length));
}

function problemsOf(text: string, file: string): string[] {
  try {
    parseFleet(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    const e = error as UserError;
    expect(e.exitCode).toBe(1);
    for (const p of e.problems) expect(p.location.file).toBe(file);
    return e.problems.map((p) => `${p.location.line}:${p.location.column} ${p.message}`);
  }
  throw new Error(`${file} loaded without problems`);
}

describe('bad-input corpus', () => {
  it('holds at least 35 files, each with its expectations', () => {
    expect(files.length).toBeGreaterThanOrEqual(35);
    for (const f of files) expect(expectations(readFileSync(join(dir, f), 'utf8')), f).not.toHaveLength(0);
  });

  it.each(files)('%s reports exactly the expected problems', (f) => {
    const text = readFileSync(join(dir, f), 'utf8');
    expect(problemsOf(text, f)).toEqual(expectations(text));
  });

  it('formats each problem as file:line:column: message', () => {
    const text = readFileSync(join(dir, 'region-unknown.yaml'), 'utf8');
    try {
      parseFleet(text, 'fleets/region-unknown.yaml');
    } catch (error) {
      const [p] = (error as UserError).problems;
      expect(p).toBeDefined();
      expect(formatProblem(p!)).toMatch(
        /^fleets\/region-unknown\.yaml:\d+:\d+: spokes\[0\]\.region: "eu-centrall-1"/,
      );
      expect(p!.path).toBe('spokes[0].region');
    }
  });
});
