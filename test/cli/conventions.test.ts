/**
 * One set of conventions (README "Fleetlink", the conventions paragraph): every command that
 * writes files takes -o/--out; every command that reports takes --format json and then prints
 * JSON alone on stdout. Spawns the built CLI (npm test builds first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const EXAMPLE = join(root, 'examples', 'two-accounts', 'fleet.yaml');
const tmp = mkdtempSync(join(tmpdir(), 'fleetlink-conventions-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'dist', 'cli', 'main.js'), ...args], {
    encoding: 'utf8',
    cwd: tmp,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('every command that writes files takes -o/--out', () => {
  it.each([
    ['plan', [EXAMPLE], 'plan-out', 'plan-out/plan.json'],
    ['diagram', [EXAMPLE], 'fleet.mmd', 'fleet.mmd'],
    ['report', [EXAMPLE], 'report.html', 'report.html'],
    ['schema', [], 'fleet.schema.json', 'fleet.schema.json'],
  ] as const)('%s -o', (command, args, out, written) => {
    const r = cli(command, ...args, '-o', join(tmp, out));
    expect(r.stderr).not.toMatch(/unknown option/);
    expect(r.code).toBe(0);
    expect(existsSync(join(tmp, written))).toBe(true);
  });

  it('schema -o writes exactly what schema prints', () => {
    const out = join(tmp, 'schema-copy.json');
    expect(cli('schema', '--out', out).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(cli('schema').stdout);
  });
});

describe('every command that reports takes --format json', () => {
  it.each([
    ['plan', [EXAMPLE]],
    ['prove', [EXAMPLE]],
    ['report', [EXAMPLE, '-o', join(tmp, 'r.html')]],
    ['schema', []],
    ['doctor', ['--print-iam-policy', EXAMPLE]],
  ] as const)('%s --format json prints JSON alone on stdout', (command, args) => {
    const r = cli(command, ...args, '--format', 'json');
    expect(r.stderr).not.toMatch(/unknown option/);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });

  it('report --format json names the file, the verdict and the counts', () => {
    const out = join(tmp, 'summary.html');
    const r = cli('report', EXAMPLE, '-o', out, '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ report: out, holds: true, clusters: 1, findings: 0, errors: 0 });
    expect(r.stderr).toBe('');
  });

  it('schema refuses a format it cannot print, as a usage error', () => {
    const r = cli('schema', '--format', 'yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format must be one of json (got "yaml")');
  });
});

describe('warnings carry file:line:column like errors', () => {
  it('a lint warning names the place in the fleet file', () => {
    const text = readFileSync(EXAMPLE, 'utf8').replace('- name: cluster2', '- name: prod');
    const file = join(tmp, 'prod.yaml');
    writeFileSync(file, text);
    const line = text.split('\n').findIndex((l) => l.includes('- name: prod')) + 1;
    const r = cli('plan', 'prod.yaml');
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe(
      `prod.yaml:${line}:5: warning LINT-PROD-CLUSTER-ADMIN prod: spoke prod looks like production (its name "prod") and grants Argo CD cluster-admin on the whole cluster`,
    );
  });
});
