/**
 * `fleetlink doctor` as a user runs it: the built CLI in a child process (npm test builds first).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthySnapshot, mutate, secretA } from '../doctor/helpers/healthy.js';

const CLI = join(process.cwd(), 'dist/cli/main.js');
let dir: string;
let healthy: string;
let broken: string;

function run(args: string[], env: Record<string, string | undefined> = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...clean, NO_COLOR: '1', ...env },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fleetlink-doctor-cli-'));
  healthy = join(dir, 'healthy.json');
  broken = join(dir, 'broken.json');
  writeFileSync(healthy, JSON.stringify(healthySnapshot()));
  writeFileSync(
    broken,
    JSON.stringify(
      mutate(healthySnapshot(), (s) => {
        secretA(s).config!.awsAuthConfig!.clusterName = 'arn:aws:eks:eu-west-1:222222222222:cluster/spoke-a';
      }),
    ),
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fleetlink doctor --snapshot (offline)', () => {
  it('a healthy snapshot: every link ✓, exit 0', () => {
    const r = run(['doctor', '--snapshot', healthy]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('spoke-a');
    expect(r.stdout).toContain('✓ EKS token');
    expect(r.stdout).not.toContain('✗');
  });

  it('a broken snapshot: the broken link, the FM id, the evidence and the fix; exit 1', () => {
    const r = run(['doctor', '--snapshot', broken]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ EKS token\s+FM-4\.1/);
    expect(r.stdout).toContain(
      'evidence: cluster Secret argocd-cluster-spoke-a config.awsAuthConfig.clusterName',
    );
    expect(r.stdout).toContain('fix: set awsAuthConfig.clusterName');
    expect(r.stdout).toMatch(/spoke-b .*OK/);
  });

  it('--format json: the full result on stdout, nothing else', () => {
    const r = run(['doctor', '--snapshot', broken, '--format', 'json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.apiVersion).toBe('fleetlink.dev/doctor/v1');
    expect(j.clusters.map((c: { name: string }) => c.name)).toEqual(['spoke-a', 'spoke-b']);
    const token = j.clusters[0].links.find((l: { link: string }) => l.link === 'token');
    expect(token).toMatchObject({ ok: false });
    expect(
      j.findings.some((f: { id: string; subject: string }) => f.id === 'FM-4.1' && f.subject === 'spoke-a'),
    ).toBe(true);
    expect(j.snapshot.apiVersion).toBe('fleetlink.dev/snapshot/v1');
  });

  it('a file that is not a snapshot: message with the file and JSON path, exit 1, no stack', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ apiVersion: 'fleetlink.dev/snapshot/v1', kind: 'Snapshot' }));
    const r = run(['doctor', '--snapshot', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(bad);
    expect(r.stderr).toContain('collectedAt');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a missing snapshot file is exit 2 (doctor could not run), naming the file', () => {
    const missing = join(dir, 'nope.json');
    const r = run(['doctor', '--snapshot', missing]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`fleetlink: cannot read snapshot ${missing}: no such file\n`);
    expect(r.stdout).toBe('');
  });

  it('with the fleet file too: drift against its plan', () => {
    const r = run(['doctor', 'examples/two-accounts/fleet.yaml', '--snapshot', healthy, '--format', 'json']);
    const j = JSON.parse(r.stdout);
    expect(j.findings.some((f: { id: string }) => f.id.startsWith('DRIFT-'))).toBe(true);
  });

  it('usage errors exit 2', () => {
    expect(run(['doctor', '--snapshot', healthy, '--probe']).code).toBe(2);
    expect(run(['doctor', '--snapshot', healthy, '--format', 'yaml']).code).toBe(2);
    expect(run(['doctor', 'examples/two-accounts/fleet.yaml', '--concurrency', '0']).code).toBe(2);
  });
});

describe('fleetlink doctor --print-iam-policy', () => {
  it('prints per-account read-only policies with specific actions', () => {
    const r = run(['doctor', 'examples/two-accounts/fleet.yaml', '--print-iam-policy', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j.read).sort()).toEqual(['111111111111', '222222222222']);
    const actions = Object.values(j.read as Record<string, { Statement: { Action: string[] }[] }>).flatMap(
      (d) => d.Statement.flatMap((s) => s.Action),
    );
    expect(actions).toContain('eks:ListAssociatedAccessPolicies');
    expect(actions.some((a) => a.includes('*'))).toBe(false);
  });
});

describe('fleetlink doctor live, with nothing reachable', () => {
  it('no kubeconfig and no AWS credentials: every cluster is still reported, exit 1', () => {
    const saved = join(dir, 'saved.json');
    const r = run(
      [
        'doctor',
        'examples/two-accounts/fleet.yaml',
        '--format',
        'json',
        '--timeout',
        '3000',
        '--save-snapshot',
        saved,
      ],
      {
        KUBECONFIG: join(dir, 'no-kubeconfig'),
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONFIG_FILE: join(dir, 'no-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
        HOME: dir,
      },
    );
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.clusters.map((c: { name: string }) => c.name)).toEqual(['cluster2']);
    expect(j.findings.some((f: { id: string }) => f.id === 'DOCTOR-COLLECT')).toBe(true);
    // Nothing was read, so nothing is ✓: every link is unchecked, with its cause.
    type L = { state: string; ok: boolean; reason: string };
    const links: L[] = j.clusters.flatMap((c: { links: L[] }) => c.links);
    expect(links.filter((l) => l.ok || l.state === 'ok')).toEqual([]);
    for (const l of links.filter((x) => x.state === 'unchecked')) expect(l.reason).toMatch(/^unchecked: \S/);
    expect(links.some((l) => /no credentials for account|no kubeconfig/.test(l.reason))).toBe(true);
    // One finding per root cause, not one per failed call.
    const collect = j.findings.filter((f: { id: string }) => f.id === 'DOCTOR-COLLECT');
    const keys = collect.map((f: { subject: string; message: string }) => `${f.subject}|${f.message}`);
    expect(new Set(keys).size).toBe(keys.length);
    // The saved snapshot analyses offline to the same verdict.
    const again = run(['doctor', '--snapshot', saved, '--format', 'json']);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout).findings).toEqual(j.findings);
  });
});
