/**
 * doctor on a bare machine: no kubeconfig, no current context, an IRSA or a Pod Identity fleet.
 * The messages name the cause and how to point doctor at the hub; the first link is named after
 * the fleet's identity mode.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeSnapshot } from '../../src/doctor/analyze.js';
import { collectHub, loadKubeConfig } from '../../src/doctor/collect-k8s.js';
import { formatDoctorText, linkTitle } from '../../src/doctor/format-text.js';
import { healthyPodIdentitySnapshot, healthySnapshot } from './helpers/healthy.js';

const root = join(import.meta.dirname, '..', '..');
const home = mkdtempSync(join(tmpdir(), 'fleetlink-bare-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('no kubeconfig / no current context', () => {
  it('no kubeconfig at all: says so and how to point doctor at the hub', () => {
    expect(() => loadKubeConfig(undefined, { HOME: home })).toThrow(
      /^no kubeconfig found \(KUBECONFIG is not set and ~\/\.kube\/config does not exist\); point doctor at the hub: KUBECONFIG=\/path\/to\/kubeconfig, --context CTX/,
    );
  });

  it('KUBECONFIG naming a missing file says which', () => {
    expect(() => loadKubeConfig(undefined, { HOME: home, KUBECONFIG: join(home, 'nope') })).toThrow(
      `no kubeconfig found: KUBECONFIG names ${join(home, 'nope')}, which does not exist`,
    );
  });

  it('a kubeconfig without a current context lists the contexts and names --context', () => {
    const dir = join(home, 'ctx');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'config');
    writeFileSync(
      file,
      `apiVersion: v1
kind: Config
clusters:
- name: hub
  cluster: { server: "https://127.0.0.1:6443" }
users:
- name: me
  user: { token: not-a-secret }
contexts:
- name: hub-admin
  context: { cluster: hub, user: me }
`,
    );
    const saved = process.env.KUBECONFIG;
    process.env.KUBECONFIG = file;
    try {
      expect(() => loadKubeConfig(undefined, process.env)).toThrow(
        /^kubeconfig has no current context \(contexts: hub-admin\): pass --context CTX or set hub\.kubeContext/,
      );
      expect(loadKubeConfig('hub-admin', process.env).getCurrentContext()).toBe('hub-admin');
    } finally {
      if (saved === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = saved;
    }
  });

  it('doctor, the CLI, on a machine without kubeconfig: one clear hub finding, never the HTTP-protocol message', () => {
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: home,
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'not-a-real-secret',
      AWS_EC2_METADATA_DISABLED: 'true',
      // No AWS endpoint is reachable from a test: point the SDK at a closed local port.
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      NO_COLOR: '1',
    };
    const r = spawnSync(
      process.execPath,
      [join(root, 'dist/cli/main.js'), 'doctor', join(root, 'examples/two-accounts/fleet.yaml')],
      { encoding: 'utf8', env, cwd: home },
    );
    expect(r.status).toBe(1);
    expect(r.stdout).not.toContain('HTTP protocol is not allowed');
    expect(r.stdout).toContain('no kubeconfig found');
    expect(r.stdout).toContain('--context');
    // Not read is not broken: the link is unchecked, with the cause.
    expect(r.stdout).toMatch(/^ {2}\? IRSA {13}unchecked: no kubeconfig/m);
  });

  it('collectHub records the cause as a k8s:kubeconfig collection error', async () => {
    const saved = { HOME: process.env.HOME, KUBECONFIG: process.env.KUBECONFIG };
    process.env.HOME = home;
    delete process.env.KUBECONFIG;
    try {
      const hub = await collectHub({ namespace: 'argocd' });
      expect(hub.errors).toHaveLength(1);
      expect(hub.errors[0]).toMatchObject({ step: 'k8s:kubeconfig', code: 'NoKubeconfig' });
    } finally {
      process.env.HOME = saved.HOME;
      if (saved.KUBECONFIG !== undefined) process.env.KUBECONFIG = saved.KUBECONFIG;
    }
  });
});

describe('the first link is named after the identity mode', () => {
  it('IRSA for an IRSA fleet, Pod Identity for a Pod Identity fleet', () => {
    const irsa = formatDoctorText(analyzeSnapshot(healthySnapshot()));
    expect(irsa).toMatch(/^ {2}✓ IRSA /m);
    expect(irsa).not.toContain('pod identity');
    const pia = formatDoctorText(analyzeSnapshot(healthyPodIdentitySnapshot()));
    expect(pia).toMatch(/^ {2}✓ Pod Identity /m);
    expect(linkTitle('identity', 'eks-capability')).toBe('EKS capability');
    expect(linkTitle('manager', 'irsa')).toBe('management role');
  });
});
