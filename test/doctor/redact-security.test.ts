import { describe, expect, it } from 'vitest';
import { redactClusterConfig } from '../../src/doctor/redact.js';

describe('redactClusterConfig: a malformed config never leaks its text', () => {
  const secret = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEyMyJ9';
  it.each([
    `{"bearerToken": ${secret}}`,
    `${secret}`,
    `{"password": "x", "bearerToken": ${secret}, "tlsClientConfig": {}}`,
  ])('JSON.parse excerpt is withheld: %#', (raw) => {
    const { configError } = redactClusterConfig(raw);
    expect(configError).toBeDefined();
    expect(configError).not.toContain(secret.slice(0, 6));
    expect(configError).not.toContain('eyJ');
  });
  it('keeps the kind of error and the position when V8 gives one', () => {
    expect(redactClusterConfig('{"a":1,}').configError).toMatch(/position \d+/);
  });
});

describe('collectHub: a broken kubeconfig never leaks its credentials', () => {
  it('keeps the YAML error line but not the quoted kubeconfig lines', async () => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { collectHub } = await import('../../src/doctor/collect-k8s.js');
    const dir = await mkdtemp(join(tmpdir(), 'fleetlink-kc-'));
    const file = join(dir, 'config');
    await writeFile(
      file,
      'apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    token: sha256~TOPSECRETVALUE\n     bad: indent\n',
    );
    const saved = process.env.KUBECONFIG;
    process.env.KUBECONFIG = file;
    try {
      const hub = await collectHub({ namespace: 'argocd' });
      const text = JSON.stringify(hub.errors);
      expect(text).toContain('bad indentation');
      expect(text).not.toContain('TOPSECRETVALUE');
    } finally {
      if (saved === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = saved;
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('probe error text', () => {
  it('scrubs EKS and bearer tokens a proxy reflected into an error body', async () => {
    const { scrubCredentials } = await import('../../src/doctor/probe.js');
    const text = 'echo: Authorization: Bearer k8s-aws-v1.aHR0cHM6Ly9zdHM_abc-123 and Bearer eyJhbGciOi.x.y';
    const out = scrubCredentials(text);
    expect(out).not.toContain('aHR0cHM6Ly9zdHM');
    expect(out).not.toContain('eyJhbGciOi');
    expect(out).toContain('Bearer REDACTED');
  });
});

describe('exec provider arguments', () => {
  it('replaces bare EKS / bearer tokens whatever flag precedes them', () => {
    const raw = JSON.stringify({
      execProviderConfig: {
        command: 'sh',
        args: ['-c', 'echo', 'k8s-aws-v1.aHR0cHM6Ly9zdHM', 'Bearer abc.def'],
      },
      tlsClientConfig: { insecure: false },
    });
    const text = JSON.stringify(redactClusterConfig(raw));
    expect(text).not.toContain('aHR0cHM6Ly9zdHM');
    expect(text).not.toContain('abc.def');
    expect(text).toContain('echo');
  });
});
