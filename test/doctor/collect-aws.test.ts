import { afterEach, describe, expect, it } from 'vitest';
import { collectAws, decodePolicy } from '../../src/doctor/collect-aws.js';
import { collectionTargets } from '../../src/doctor/intent.js';
import { analyze } from '../../src/doctor/rules/index.js';
import type { AccountSnapshot, Snapshot } from '../../src/doctor/snapshot.js';
import { type FakeAws, installFakeAws, testCredentials } from './helpers/fake-aws.js';
import { A, B, HUB, healthyPodIdentitySnapshot, healthySnapshot, MGMT } from './helpers/healthy.js';

let fake: FakeAws | undefined;
afterEach(() => fake?.restore());

const fast = {
  credentialsFor: (_c: unknown, _r: string) => undefined,
  sleep: async () => {},
  timeoutMs: 200,
};

/** Credentials per account come from the fleet; the test maps each account to test credentials. */
function run(snap: Snapshot, extra: Record<string, unknown> = {}) {
  const targets = collectionTargets(snap.intent, snap.hub).map((t) => ({
    ...t,
    credentials: { profile: t.account },
  }));
  return collectAws(targets, {
    ...fast,
    credentialsFor: (c) => testCredentials(c?.profile ?? 'none'),
    ...extra,
  });
}

function sortAccounts(a: readonly AccountSnapshot[]) {
  return [...a].sort((x, y) => x.account.localeCompare(y.account));
}

describe('AWS collector against AWS-shaped responses', () => {
  it('reads back exactly the state the fake AWS holds (IRSA)', async () => {
    const snap = healthySnapshot();
    fake = installFakeAws(snap);
    const got = sortAccounts(await run(snap));
    // Access-entry principals that are not Fleetlink's are listed but not described.
    const node = (acct: string) => ({
      principalArn: `arn:aws:iam::${acct}:role/eks-node-role`,
      kubernetesGroups: [],
      accessPolicies: [],
    });
    const want = sortAccounts(snap.accounts).map((a) => ({
      ...a,
      clusters: a.clusters.map((c) =>
        c.accessEntries
          ? {
              ...c,
              accessEntries: [
                ...c.accessEntries.map((e) => ({
                  ...e,
                  accessPolicies: e.accessPolicies.map((p) => ({
                    ...p,
                    modifiedAt: p.modifiedAt ?? p.associatedAt,
                  })),
                })),
                node(a.account),
              ],
            }
          : c,
      ),
      // The hub cluster's associations are only read in Pod Identity mode.
      ...(a.account === HUB && { clusters: a.clusters.map(({ podIdentityAssociations: _, ...c }) => c) }),
      // OIDC providers are read only where the IRSA role lives.
      ...(a.account !== HUB && { oidcProviders: undefined }),
      // GetAccountSummary answers a default map for accounts without one.
      accountSummary: a.accountSummary ?? { Roles: 10 },
    }));
    expect(JSON.parse(JSON.stringify(got))).toEqual(JSON.parse(JSON.stringify(want)));
  });

  it('reads Pod Identity associations with their timestamps', async () => {
    const snap = healthyPodIdentitySnapshot();
    fake = installFakeAws(snap);
    const hub = (await run(snap)).find((a) => a.account === HUB)!;
    expect(hub.clusters[0]!.podIdentityAssociations).toHaveLength(3);
    expect(hub.clusters[0]!.podIdentityAssociations![0]).toMatchObject({
      roleArn: MGMT,
      createdAt: '2026-10-01T00:00:00.000Z',
    });
    expect(hub.oidcProviders).toBeUndefined();
  });

  it('decodes URL-encoded policy documents as IAM returns them', () => {
    const doc = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::1:role/a+b' }],
    };
    expect(decodePolicy(encodeURIComponent(JSON.stringify(doc)))).toEqual(doc);
  });

  it('records a missing role and a missing cluster as data, and analysis names them', async () => {
    const snap = healthySnapshot();
    const world = structuredClone(snap);
    const acct = world.accounts.find((a) => a.account === A)!;
    acct.roles = [];
    acct.clusters = [];
    fake = installFakeAws(world);
    const accounts = await run(snap);
    const a = accounts.find((x) => x.account === A)!;
    expect(a.notFound).toEqual(
      expect.arrayContaining([
        { kind: 'role', id: `arn:aws:iam::${A}:role/argocd-deployer` },
        { kind: 'cluster', id: 'spoke-a' },
      ]),
    );
    const findings = analyze({ ...snap, accounts });
    expect(findings.some((f) => f.id === 'FM-3.1' && f.subject === 'spoke-a')).toBe(true);
    expect(findings.some((f) => f.id === 'FM-4.1' && f.subject === 'spoke-a')).toBe(true);
  });
});

describe('access entries', () => {
  it('the expected principal is read directly; when it is absent that is data, not an error', async () => {
    const snap = healthySnapshot();
    const world = structuredClone(snap);
    world.accounts.find((a) => a.account === A)!.clusters[0]!.accessEntries![0]!.principalArn = MGMT;
    fake = installFakeAws(world);
    const accounts = await run(snap);
    const a = accounts.find((x) => x.account === A)!;
    expect(a.errors).toEqual([]);
    const entries = a.clusters[0]!.accessEntries!;
    expect(entries.find((e) => e.principalArn === MGMT)?.accessPolicies).toHaveLength(1);
    const f = analyze({ ...snap, accounts }).find((x) => x.id === 'FM-5.2');
    expect(f?.message).toContain('maps the management role');
  });
});

describe('fault injection', () => {
  it('retries throttling and 5xx with backoff and ends with complete data', async () => {
    const snap = healthySnapshot();
    fake = installFakeAws(snap, {
      faults: {
        [`${A}:GetRole`]: { kind: 'throttle', times: 2 },
        [`${B}:DescribeCluster`]: { kind: '5xx', times: 1 },
      },
    });
    const waits: number[] = [];
    const accounts = await run(snap, { sleep: async (ms: number) => void waits.push(ms) });
    expect(accounts.every((a) => a.errors.length === 0)).toBe(true);
    expect(fake.calls.get(`${A}:GetRole`)).toBe(3);
    expect(waits.length).toBe(3);
    expect(analyze({ ...snap, accounts }).filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('backs off under an account rate limit: throttled calls shrink the limit and the data is complete', async () => {
    const snap = healthySnapshot();
    // At most 2 calls of one account in flight, or AWS answers ThrottlingException.
    fake = installFakeAws(snap, { inFlightCap: 2 });
    const accounts = await run(snap);
    expect(fake.capThrottles()).toBeGreaterThan(0);
    expect(accounts.flatMap((a) => a.errors)).toEqual([]);
    expect(sortAccounts(accounts)).toEqual(sortAccounts(await run(snap, { perAccount: 2 })));
  });

  it('gives up after the attempt budget and reports the throttled call', async () => {
    const snap = healthySnapshot();
    fake = installFakeAws(snap, { faults: { [`${A}:DescribeCluster`]: { kind: 'throttle', times: 99 } } });
    const accounts = await run(snap);
    const err = accounts.find((a) => a.account === A)!.errors;
    expect(err).toEqual([
      expect.objectContaining({
        step: 'eks:DescribeCluster',
        target: 'spoke-a',
        code: 'ThrottlingException',
      }),
    ]);
    expect(fake.calls.get(`${A}:DescribeCluster`)).toBe(4);
  });

  it('times out a call that never answers, and the rest of the run completes', async () => {
    const snap = healthySnapshot();
    fake = installFakeAws(snap, { faults: { [`${B}:*`]: { kind: 'hang' } } });
    const started = Date.now();
    const accounts = await run(snap, { timeoutMs: 50, attempts: 2 });
    expect(Date.now() - started).toBeLessThan(5000);
    const b = accounts.find((a) => a.account === B)!;
    expect(b.errors.length).toBeGreaterThan(0);
    expect(b.errors.every((e) => e.code === 'TimeoutError')).toBe(true);
    expect(accounts.find((a) => a.account === A)!.errors).toEqual([]);
    const findings = analyze({ ...snap, accounts });
    expect(findings.some((f) => f.id === 'DOCTOR-COLLECT' && f.subject === 'spoke-b')).toBe(true);
    expect(findings.some((f) => f.subject === 'spoke-a' && f.severity === 'error')).toBe(false);
  });

  it('an account without credentials is one clear error; other accounts are read', async () => {
    const snap = healthySnapshot();
    fake = installFakeAws(snap);
    const accounts = await run(snap, {
      credentialsFor: (c: { profile?: string } | undefined) =>
        c?.profile === B
          ? async () => {
              throw Object.assign(new Error('Could not load credentials from any providers'), {
                name: 'CredentialsProviderError',
              });
            }
          : testCredentials(c?.profile ?? 'none'),
    });
    const b = accounts.find((a) => a.account === B)!;
    expect(b.errors).toEqual([
      expect.objectContaining({ step: 'credentials', code: 'CredentialsProviderError' }),
    ]);
    expect(fake.calls.get(`${B}:DescribeCluster`)).toBeUndefined();
    expect(accounts.find((a) => a.account === A)!.clusters).toHaveLength(1);
  });

  it('access denied is not retried and becomes a finding on the right cluster', async () => {
    const snap = healthySnapshot();
    fake = installFakeAws(snap, { faults: { [`${A}:ListAccessEntries`]: { kind: 'deny' } } });
    const accounts = await run(snap);
    expect(fake.calls.get(`${A}:ListAccessEntries`)).toBe(1);
    const f = analyze({ ...snap, accounts }).find((x) => x.id === 'DOCTOR-COLLECT');
    expect(f).toMatchObject({ subject: 'spoke-a', link: 'access', severity: 'error' });
  });

  it('Ctrl-C (abort) stops the run promptly', async () => {
    const snap = healthySnapshot();
    fake = installFakeAws(snap, { latencyMs: 200 });
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 20);
    const started = Date.now();
    await expect(run(snap, { signal: ctl.signal, timeoutMs: 5000 })).rejects.toThrow(/interrupted/);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
