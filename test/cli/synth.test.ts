/**
 * `fleetlink synth` as a user runs it: the compiled CLI in a child process, then the real CDK CLI
 * (`cdk ls --app DIR`, devDependency aws-cdk) reading the assembly it wrote.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const cdk = join(root, 'node_modules', 'aws-cdk', 'bin', 'cdk');
const example = (name: string) => join(root, 'examples', name, 'fleet.yaml');
const work = mkdtempSync(join(tmpdir(), 'fleetlink-cli-synth-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(args: readonly string[], cwd = work) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('fleetlink synth', () => {
  it('writes a cloud assembly and tells how to deploy it', () => {
    const r = run(['synth', example('two-accounts'), '--out', 'assembly']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/fleetlink-hub-\d{12}-[a-z0-9-]+ +\d{12} +[a-z0-9-]+ +hub/);
    expect(r.stdout).toMatch(/fleetlink-spokes-\d{12}-[a-z0-9-]+ .* spokes \(after fleetlink-hub-/);
    expect(r.stdout).toContain('npx cdk deploy --app assembly --all');
    const files = readdirSync(join(work, 'assembly'));
    expect(files).toContain('manifest.json');
    expect(files.filter((f) => f.endsWith('.template.json'))).toHaveLength(2);
    // Validation ran (default on) and found nothing.
    const report = JSON.parse(readFileSync(join(work, 'assembly', 'validation-report.json'), 'utf8'));
    expect(report.pluginReports.flatMap((p: { violations?: unknown[] }) => p.violations ?? [])).toEqual([]);
  });

  it('prints JSON alone on stdout with --format json', () => {
    const r = run(['synth', example('pod-identity'), '--out', 'pod', '--no-validation', '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.outdir).toBe('pod');
    expect(out.deploy).toBe('npx cdk deploy --app pod --all');
    const kinds: string[] = out.stacks.map((s: { kind: string }) => s.kind);
    expect(kinds[0]).toBe('hub');
    expect(new Set(kinds.slice(1))).toEqual(new Set(['spokes']));
    for (const s of out.stacks) {
      expect(s.account).toMatch(/^\d{12}$/);
      expect(existsSync(join(work, 'pod', s.templateFile))).toBe(true);
    }
    expect(existsSync(join(work, 'pod', 'validation-report.json'))).toBe(false);
  });

  it('replaces the output directory as a whole, and leaves it untouched when it fails', () => {
    const dir = join(work, 'atomic');
    mkdirSync(dir);
    writeFileSync(join(dir, 'stale.txt'), 'old');
    const bad = run(['synth', join(work, 'missing.yaml'), '--out', 'atomic', '--no-validation']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('missing.yaml');
    expect(bad.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readdirSync(dir)).toEqual(['stale.txt']);

    const ok = run(['synth', example('least-privilege'), '--out', 'atomic', '--no-validation']);
    expect(ok.code).toBe(0);
    expect(readdirSync(dir)).not.toContain('stale.txt');
    expect(readdirSync(dir)).toContain('manifest.json');
    expect(readdirSync(work).filter((f) => f.includes('.tmp-') || f.includes('.old-'))).toEqual([]);
  });

  it('synthesizes a plan.json with --plan and proves the templates with --verify', () => {
    const planJson = run(['plan', example('capability'), '--format', 'json']);
    expect(planJson.code).toBe(0);
    writeFileSync(join(work, 'plan.json'), planJson.stdout);
    const r = run(['synth', '--plan', 'plan.json', '--out', 'from-plan', '--no-validation', '--verify']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Verified: the templates prove the same access matrix as the plan \(\d+ cells/);
    const json = run([
      'synth',
      '--plan',
      'plan.json',
      '--out',
      'from-plan',
      '--no-validation',
      '--verify',
      '--format',
      'json',
    ]);
    expect(JSON.parse(json.stdout).verified).toMatchObject({ same: true, differences: [] });
  });

  it('a missing --plan file is a usage error (exit 2) and writes nothing', () => {
    const r = run(['synth', '--plan', 'nope.json', '--out', 'never', '--no-validation']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('fleetlink: cannot read plan file nope.json: no such file\n');
    expect(existsSync(join(work, 'never'))).toBe(false);
  });

  it('rejects a malformed --org-admin as a usage error', () => {
    const r = run(['synth', example('organization'), '--out', 'org', '--org-admin', '12345']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--org-admin must be ACCOUNT or ACCOUNT/REGION');
  });

  it('writes an assembly the AWS CDK CLI reads: `cdk ls --app DIR` lists exactly our stacks', () => {
    const r = run(['synth', example('organization'), '--out', 'org', '--no-validation', '--format', 'json']);
    expect(r.code).toBe(0);
    const names: string[] = JSON.parse(r.stdout).stacks.map((s: { name: string }) => s.name);
    const ls = spawnSync(
      process.execPath,
      [cdk, 'ls', '--app', 'org', '--no-notices', '--no-version-reporting'],
      {
        cwd: work,
        encoding: 'utf8',
        env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' },
      },
    );
    expect(ls.status, ls.stderr).toBe(0);
    expect(ls.stdout.trim().split('\n').sort()).toEqual([...names].sort());
  });
});
