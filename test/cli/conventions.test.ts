/**
 * One set of conventions (README "Fleetlink", the conventions paragraph): every command that
 * writes files takes -o/--out; every command that reports takes --format json and then prints
 * JSON alone on stdout. Runs the CLI in process through exec(argv, io).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const root = join(import.meta.dirname, '..', '..');
const EXAMPLE = join(root, 'examples', 'two-accounts', 'fleet.yaml');
const tmp = mkdtempSync(join(tmpdir(), 'fleetlink-conventions-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** In process, in the temporary directory: exec(argv, io) with io.cwd = tmp (test/helpers/cli.ts). */
function cli(...args: string[]) {
  return runCli(args, { cwd: tmp });
}

describe('every command that writes files takes -o/--out', () => {
  it.each([
    ['plan', [EXAMPLE], 'plan-out', 'plan-out/plan.json'],
    ['diagram', [EXAMPLE], 'fleet.mmd', 'fleet.mmd'],
    ['report', [EXAMPLE], 'report.html', 'report.html'],
    ['schema', [], 'fleet.schema.json', 'fleet.schema.json'],
  ] as const)('%s -o', async (command, args, out, written) => {
    const r = await cli(command, ...args, '-o', join(tmp, out));
    expect(r.stderr).not.toMatch(/unknown option/);
    expect(r.code).toBe(0);
    expect(existsSync(join(tmp, written))).toBe(true);
  });

  it('schema -o writes exactly what schema prints', async () => {
    const out = join(tmp, 'schema-copy.json');
    expect((await cli('schema', '--out', out)).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe((await cli('schema')).stdout);
  });
});

describe('every command that reports takes --format json', () => {
  it.each([
    ['plan', [EXAMPLE]],
    ['prove', [EXAMPLE]],
    ['report', [EXAMPLE, '-o', join(tmp, 'r.html')]],
    ['schema', []],
    ['doctor', ['--print-iam-policy', EXAMPLE]],
  ] as const)('%s --format json prints JSON alone on stdout', async (command, args) => {
    const r = await cli(command, ...args, '--format', 'json');
    expect(r.stderr).not.toMatch(/unknown option/);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });

  it('report --format json names the file, the verdict and the counts', async () => {
    const out = join(tmp, 'summary.html');
    const r = await cli('report', EXAMPLE, '-o', out, '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ report: out, holds: true, clusters: 1, findings: 0, errors: 0 });
    expect(r.stderr).toBe('');
  });

  it('schema refuses a format it cannot print, as a usage error', async () => {
    const r = await cli('schema', '--format', 'yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format must be one of json (got "yaml")');
  });
});

describe('warnings carry file:line:column like errors', () => {
  it('a lint warning names the place in the fleet file', async () => {
    const text = readFileSync(EXAMPLE, 'utf8').replace('- name: cluster2', '- name: prod');
    const file = join(tmp, 'prod.yaml');
    writeFileSync(file, text);
    const line = text.split('\n').findIndex((l) => l.includes('- name: prod')) + 1;
    const r = await cli('plan', 'prod.yaml');
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe(
      `prod.yaml:${line}:5: warning LINT-PROD-CLUSTER-ADMIN prod: spoke prod looks like production (its name "prod") and grants Argo CD cluster-admin on the whole cluster`,
    );
  });
});
