import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return path === join('src', 'testing') ? [] : sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('the testing export', () => {
  it('is used by no product module: the CLI and the library never load the generators', () => {
    const offenders = sources('src').filter((f) => /from '(\.\.\/)+testing\//.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('is not part of the main entry point', async () => {
    const main = await import('../../src/index.js');
    expect(Object.keys(main)).not.toContain('generateFleet');
  });

  it('resolves as fleetlink/testing from the built package and generates a valid fleet', () => {
    // Self-reference through package.json "exports", as a dependent project would import it.
    const script = [
      "const t = await import('fleetlink/testing');",
      "const { parseFleet } = await import('fleetlink');",
      "const { fleetToYaml } = await import('fleetlink');",
      'const fleet = t.generateFleet(3);',
      "const loaded = parseFleet(fleetToYaml(fleet), 'generated.yaml').fleet;",
      'const snap = t.expectedSnapshot((await import("fleetlink")).planFleet(loaded));',
      'console.log(JSON.stringify({ spokes: loaded.spokes.length, accounts: snap.accounts.length }));',
    ].join('\n');
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ spokes: 3, accounts: 4 });
  });
});
