/**
 * The Node range package.json `engines` declares is one every installed package admits: no
 * `npm install` on a supported Node prints EBADENGINE, and no dependency is run on a Node it says
 * it does not support. Production and development dependencies alike (a contributor installs
 * both), including those bundled inside other packages (aws-cdk-lib's). And the AWS SDK's own
 * check (it warns when "versions published after the first week of January 2027 will require
 * node >=22") stays silent on every supported Node.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { emitWarningIfUnsupportedVersion } from '@aws-sdk/core';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  engines: { node: string };
};
const declared = manifest.engines.node;

interface Installed {
  readonly path: string;
  readonly name: string;
  readonly engine?: string;
}

/** Every package under `dir`/node_modules, nested node_modules included. */
function installed(dir: string): Installed[] {
  const nm = join(dir, 'node_modules');
  if (!existsSync(nm)) return [];
  const found: Installed[] = [];
  const visit = (pkgDir: string): void => {
    const file = join(pkgDir, 'package.json');
    if (!existsSync(file)) return;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; engines?: { node?: unknown } };
    const engine = pkg.engines?.node;
    found.push({
      path: relative(root, pkgDir),
      name: pkg.name ?? relative(nm, pkgDir),
      ...(typeof engine === 'string' ? { engine } : {}),
    });
    found.push(...installed(pkgDir));
  };
  for (const entry of readdirSync(nm, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    if (entry.name.startsWith('@'))
      for (const scoped of readdirSync(join(nm, entry.name), { withFileTypes: true })) {
        if (scoped.isDirectory()) visit(join(nm, entry.name, scoped.name));
      }
    else visit(join(nm, entry.name));
  }
  return found;
}

/** The packages whose `engines.node` leaves out some Node version that `range` admits. */
function notAdmitting(range: string, packages: readonly Installed[]): string[] {
  return packages
    .filter((p) => p.engine !== undefined && !semver.subset(range, p.engine, { includePrerelease: false }))
    .map((p) => `${p.path} (${p.name}) declares node ${p.engine}`);
}

/** The lowest version of each part of the range: `^22.17.0 || >=24.0.0` → 22.17.0, 24.0.0. */
function floors(range: string): string[] {
  return new semver.Range(range).set.map((set) => {
    const min = semver.minVersion(set.map((c) => c.value).join(' '));
    if (!min) throw new Error(`${range} has an empty part`);
    return min.version;
  });
}

describe('the declared Node range', () => {
  const packages = installed(root);

  it('is a valid range that leaves out Node 20 (end of life April 2026)', () => {
    expect(semver.validRange(declared)).not.toBeNull();
    expect(semver.intersects(declared, '20.x')).toBe(false);
    expect(semver.satisfies('22.17.0', declared)).toBe(true);
    expect(semver.satisfies('24.0.0', declared)).toBe(true);
  });

  it('is admitted by the engines.node of every installed package, dependencies and devDependencies', () => {
    // The walk really saw the tree, bundled dependencies included.
    expect(packages.length).toBeGreaterThan(300);
    const names = new Set(packages.map((p) => p.path));
    for (const p of [
      'node_modules/@aws-sdk/client-eks',
      'node_modules/aws-cdk-lib/node_modules/minimatch',
      'node_modules/mermaid',
      'node_modules/@sparticuz/chromium',
    ])
      expect(names).toContain(p);
    expect(notAdmitting(declared, packages)).toEqual([]);
  });

  it('the check names a package whose range leaves out part of ours', () => {
    const sample: Installed[] = [
      { path: 'node_modules/a', name: 'a', engine: '>=18' },
      { path: 'node_modules/b', name: 'b', engine: '^22.17.0 || >=24.0.0' },
      { path: 'node_modules/c', name: 'c' },
    ];
    expect(notAdmitting('>=22.12', sample)).toEqual([
      'node_modules/b (b) declares node ^22.17.0 || >=24.0.0',
    ]);
    expect(notAdmitting('^22.17.0 || >=24', sample)).toEqual([]);
    expect(notAdmitting('>=20.19', [{ path: 'node_modules/d', name: 'd', engine: '>=20.0.0' }])).toEqual([]);
  });

  it("the AWS SDK's Node support notice stays silent on the lowest supported Nodes, not on Node 20", () => {
    const warnings: string[] = [];
    const listen = (w: Error) => warnings.push(w.message);
    process.on('warning', listen);
    const emit = process.emitWarning;
    process.emitWarning = ((w: string | Error) => warnings.push(String(w))) as typeof process.emitWarning;
    try {
      // The SDK warns once per process: the supported floors first, then one it must warn for.
      for (const v of floors(declared)) emitWarningIfUnsupportedVersion(`v${v}`);
      expect(warnings).toEqual([]);
      emitWarningIfUnsupportedVersion('v20.19.0');
      expect(warnings.join('\n')).toMatch(/will require node >=22. You are running node v20\.19\.0/);
    } finally {
      process.emitWarning = emit;
      process.off('warning', listen);
    }
  });

  it('plan --resolve-ca on this Node prints the notice exactly when this Node is outside the range', () => {
    const r = spawnSync(
      process.execPath,
      [
        join(root, 'dist', 'cli', 'main.js'),
        'plan',
        join(root, 'examples', 'organization', 'fleet.yaml'),
        '--resolve-ca',
      ],
      {
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: '/nonexistent',
          NO_COLOR: '1',
          // No credentials anywhere, and no instance metadata: the call fails at once, offline.
          AWS_CONFIG_FILE: '/nonexistent/config',
          AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
          AWS_EC2_METADATA_DISABLED: 'true',
        },
      },
    );
    expect(r.stderr).toContain('--resolve-ca:');
    expect(r.status).toBe(2);
    const supported = semver.satisfies(process.version, declared);
    expect(r.stderr.includes('NodeVersionSupportWarning')).toBe(!supported);
  });
});
