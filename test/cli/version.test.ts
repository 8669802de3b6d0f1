/**
 * `--version` and SARIF `toolVersion` come from the package.json shipped next to the code, not
 * from npm's environment: an installed copy with another version reports that version.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toolVersion } from '../../src/cli/version.js';

const tmp = mkdtempSync(join(tmpdir(), 'fleetlink-version-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The built CLI installed in a package whose package.json says 9.8.7, run outside npm. */
function installed(extra: Record<string, string> = {}, name = 'pkg'): string {
  const pkg = join(tmp, name);
  cpSync('dist', join(pkg, 'dist'), { recursive: true });
  cpSync('examples', join(pkg, 'examples'), { recursive: true });
  symlinkSync(resolve('node_modules'), join(pkg, 'node_modules'), 'dir');
  const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ ...manifest, version: '9.8.7', ...extra }));
  return pkg;
}

describe('tool version', () => {
  it('is the version in package.json', () => {
    expect(toolVersion()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it('an installed copy reports its own package.json version in --version and SARIF', () => {
    const pkg = installed();
    const env = { ...process.env };
    delete env.npm_package_version;
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [join(pkg, 'dist/cli/main.js'), ...args], {
        encoding: 'utf8',
        env,
        cwd: pkg,
      });
    const v = run('--version');
    expect([v.status, v.stdout.trim()]).toEqual([0, '9.8.7']);
    const sarif = run('prove', 'examples/two-accounts/fleet.yaml', '--format', 'sarif');
    expect(sarif.status).toBe(0);
    expect(JSON.parse(sarif.stdout).runs[0].tool.driver.version).toBe('9.8.7');
  });

  // An empty homepage counts as none, so this holds whatever the repository's package.json says.
  it('SARIF helpUri follows the installed package.json homepage, else the upstream docs', () => {
    const rule = (pkg: string) => {
      const env = { ...process.env };
      const out = spawnSync(
        process.execPath,
        [join(pkg, 'dist/cli/main.js'), 'prove', 'examples/sharded/fleet.yaml', '--format', 'sarif'],
        { encoding: 'utf8', env, cwd: pkg },
      );
      expect(out.status).toBe(0);
      return JSON.parse(out.stdout).runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'FM-5.6');
    };
    const withHome = rule(installed({ homepage: 'https://example.org/fleetlink#readme' }, 'home'));
    expect(withHome.helpUri).toBe('https://example.org/fleetlink/docs/findings.md#fm-5-6');
    expect(withHome.help.text).toContain(
      'Reference: docs/findings.md#fm-5-6 (shipped in the fleetlink package)',
    );
    const without = rule(installed({ homepage: '' }, 'nohome'));
    expect(without.helpUri).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });
});
