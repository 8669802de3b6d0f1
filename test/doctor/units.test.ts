import { describe, expect, it } from 'vitest';
import { classify, triageTable } from '../../src/doctor/classify.js';
import { diffPlans } from '../../src/doctor/diff.js';
import { doctorPermissions } from '../../src/doctor/iam-policy.js';
import { collectionTargets } from '../../src/doctor/intent.js';
import { observePlan } from '../../src/doctor/observe.js';
import { redactClusterConfig, redactClusterSecret, redactEnvVar } from '../../src/doctor/redact.js';
import { adaptiveLimiter, isThrottling, limiter, withRetry } from '../../src/doctor/reliability.js';
import { REDACTED, snapshotJsonSchema } from '../../src/doctor/snapshot.js';
import { isFindingId } from '../../src/findings/registry.js';
import { planFleet } from '../../src/plan/plan.js';
import { expectedSnapshot } from '../../src/testing/expected-snapshot.js';
import { generateFleet } from '../../src/testing/generate-fleet.js';
import { DEPLOYER_A, healthySnapshot, MGMT } from './helpers/healthy.js';

describe('classify: the triage table (docs/failure-modes.md#triage)', () => {
  const cases: [string, Parameters<typeof classify>[1], string][] = [
    [
      'WebIdentityErr: failed to retrieve credentials caused by: InvalidIdentityToken: No OpenIDConnect provider found in your account for https://oidc.eks.eu-west-1.amazonaws.com/id/X',
      'assume-role-with-web-identity',
      'FM-1.3',
    ],
    ['InvalidIdentityToken: Incorrect token audience', 'assume-role-with-web-identity', 'FM-1.4'],
    [
      'AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity',
      'assume-role-with-web-identity',
      'FM-1.2',
    ],
    ['ValidationError: Request ARN is invalid', 'assume-role-with-web-identity', 'FM-1.6'],
    [
      'User: arn:aws:sts::1111:assumed-role/argocd-prod-workers-role/i-0a2b3c4d5e6f70819 is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::2:role/d',
      'assume-deployer',
      'FM-1.1',
    ],
    [
      'User: arn:aws:sts::1:assumed-role/m/s is not authorized to perform: sts:TagSession on resource: arn:aws:iam::2:role/d',
      'assume-deployer',
      'FM-3.2',
    ],
    [
      'User: x is not authorized to perform: sts:AssumeRole on resource: y with an explicit deny in a service control policy',
      'assume-deployer',
      'FM-2.3',
    ],
    [
      'User: x is not authorized to perform: sts:AssumeRole on resource: y because no identity-based policy allows the sts:AssumeRole action',
      'assume-deployer',
      'FM-2.1',
    ],
    ['User: x is not authorized to perform: sts:AssumeRole on resource: y', 'assume-deployer', 'FM-3.1'],
    [
      'RegionDisabledException: STS is not activated in this region for account:2',
      'assume-deployer',
      'FM-3.4',
    ],
    [
      'InvalidClientTokenId: The security token included in the request is invalid',
      'assume-deployer',
      'FM-3.5',
    ],
    [
      'failed to resolve service endpoint, endpoint rule error, Invalid Configuration: Missing Region',
      undefined,
      'FM-4.4',
    ],
    [
      'getting credentials: exec: executable argocd-k8s-auth failed with exit code 20 (Client.Timeout exceeded while awaiting headers)',
      undefined,
      'FM-4.2',
    ],
    ['Post "https://sts.amazonaws.com/": dial tcp 1.2.3.4:443: i/o timeout', 'assume-deployer', 'FM-4.3'],
    ['the server has asked for the client to provide credentials', 'spoke-version', 'FM-5.2'],
    [
      'User "arn:aws:sts::2:assumed-role/d/s" cannot list resource "pods" in API group "" at the cluster scope',
      'spoke-access',
      'FM-5.5',
    ],
    ['x509: certificate signed by unknown authority', 'spoke-version', 'FM-6.4'],
    ['unable to load root certificates: unable to parse bytes as PEM block', 'spoke-version', 'FM-6.4'],
    ['dial tcp: lookup abc.gr7.eu-west-1.eks.amazonaws.com: no such host', 'spoke-version', 'FM-6.3'],
    ['Get "https://x/version?timeout=32s": dial tcp 10.0.0.1:443: i/o timeout', 'spoke-version', 'FM-6.1'],
    ['getting credentials: exec: executable aws not found', undefined, 'FM-7.1'],
    [
      'no kind "ExecCredential" is registered for version "client.authentication.k8s.io/v1alpha1"',
      undefined,
      'FM-7.5',
    ],
    ['Cluster has no applications and is not being monitored.', undefined, 'FM-7.4'],
    [
      'failed to refresh cached credentials, request send failed, Get "http://169.254.170.23/v1/credentials": dial tcp 169.254.170.23:80: connect: connection refused',
      'assume-role-for-pod-identity',
      'FM-1.9',
    ],
    [
      'AccessDenied: User: arn:aws:sts::111111111111:assumed-role/argocd-manager/s is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/argocd-deployer with an explicit deny in a permissions boundary',
      'assume-deployer',
      'FM-2.3',
    ],
    [
      'SignatureDoesNotMatch: Signature expired: 20261207T120000Z is now earlier than 20261207T121500Z (20261207T123000Z - 15 min.)',
      'eks-token',
      'FM-4.5',
    ],
    [
      'input token was not properly formatted: non-whitelisted query parameter "X-Amz-Security-Token2"',
      'spoke-version',
      'FM-4.7',
    ],
    [
      'sts getCallerIdentity failed: error from AWS (expected 200, got 403). Body: {"Error":{"Code":"SignatureDoesNotMatch","Message":"The request signature we calculated does not match the signature you provided."}}',
      'spoke-version',
      'FM-4.1',
    ],
    [
      'access denied: ARN is not mapped: arn:aws:iam::222222222222:role/argocd-deployer',
      'spoke-access',
      'FM-5.2',
    ],
    ['Proxy Authentication Required (407)', 'spoke-version', 'FM-6.5'],
    ['cluster "https://ABC.gr7.eu-west-1.eks.amazonaws.com" not found', 'spoke-version', 'FM-7.3'],
    [
      'Unauthorized Exception! EKS does not have permissions to assume the associated role.',
      'assume-role-for-pod-identity',
      'FM-1.11',
    ],
  ];
  for (const [text, step, id] of cases)
    it(`${id} ← ${text.slice(0, 60)}`, () => expect(classify(text, step).id).toBe(id));

  it('an unknown error falls back to DOCTOR-PROBE on the step link', () => {
    expect(classify('something new', 'spoke-version')).toMatchObject({ id: 'DOCTOR-PROBE', link: 'network' });
  });
  it('network rows apply only to the steps they belong to', () => {
    expect(classify('ETIMEDOUT', 'assume-deployer').id).toBe('FM-4.3');
    expect(classify('ETIMEDOUT', 'spoke-version').id).toBe('FM-6.1');
  });
  it('every row of the table is reached by a case above, and names a registered id', () => {
    const unreached = triageTable().filter(
      (row) =>
        !isFindingId(row.id) ||
        !cases.some(
          ([text, step, id]) =>
            id === row.id &&
            new RegExp(row.pattern, 'i').test(text) &&
            (!row.steps || (step !== undefined && row.steps.includes(step))),
        ),
    );
    expect(unreached).toEqual([]);
  });
});

describe('redaction: nothing secret leaves the collector', () => {
  const config = JSON.stringify({
    bearerToken: 'tok-SECRET-1',
    password: 'pw-SECRET-2',
    username: 'admin',
    awsAuthConfig: { clusterName: 'c', roleARN: MGMT },
    tlsClientConfig: { insecure: false, caData: 'Q0E=', certData: 'cert-SECRET-3', keyData: 'key-SECRET-4' },
    execProviderConfig: {
      command: 'x',
      args: ['--token', 'arg-SECRET-5', '--api-key=arg-SECRET-6', 'get'],
      env: { AWS_SECRET_ACCESS_KEY: 'env-SECRET-7' },
      apiVersion: 'client.authentication.k8s.io/v1beta1',
    },
    proxyUrl: 'http://user:proxy-SECRET-8@proxy:3128',
    role_arn: 'typo',
  });
  it('cluster Secret: credentials become REDACTED, public fields stay, unknown keys are listed', () => {
    const s = redactClusterSecret({
      name: 'argocd-cluster-c',
      namespace: 'argocd',
      labels: { 'argocd.argoproj.io/secret-type': 'cluster' },
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': `{"data":${JSON.stringify(config)}}`,
        team: 'a',
      },
      data: { name: 'c', server: 'https://x', config },
    });
    const text = JSON.stringify(s);
    expect(text).not.toMatch(/-SECRET-/);
    expect(s.config?.bearerToken).toBe(REDACTED);
    expect(s.config?.tlsClientConfig).toMatchObject({
      caData: 'Q0E=',
      certData: REDACTED,
      keyData: REDACTED,
    });
    expect(s.config?.execProviderConfig?.envNames).toEqual(['AWS_SECRET_ACCESS_KEY']);
    expect(s.config?.awsAuthConfig?.roleARN).toBe(MGMT);
    expect(s.configUnknownKeys).toEqual(['role_arn']);
    expect(s.annotations).toEqual({ team: 'a' });
  });
  it('Go-style case-insensitive keys are understood', () => {
    expect(
      redactClusterConfig('{"AWSAuthConfig":{"ClusterName":"c","RoleArn":"r"}}').config?.awsAuthConfig,
    ).toEqual({ clusterName: 'c', roleARN: 'r' });
    expect(redactClusterConfig('{not json').configError).toBeDefined();
  });
  it('env: values only for allow-listed names; static keys keep only their name', () => {
    expect(redactEnvVar({ name: 'AWS_SECRET_ACCESS_KEY', value: 'x' })).toEqual({
      name: 'AWS_SECRET_ACCESS_KEY',
    });
    expect(redactEnvVar({ name: 'AWS_REGION', value: 'eu-west-1' })).toEqual({
      name: 'AWS_REGION',
      value: 'eu-west-1',
    });
    expect(redactEnvVar({ name: 'HTTPS_PROXY', value: 'http://u:p@h:1' }).value).toBe(
      `http://${REDACTED}@h:1`,
    );
  });
  it('the snapshot JSON Schema is exported for the README and tools', () => {
    expect(JSON.stringify(snapshotJsonSchema())).toContain('fleetlink.dev/snapshot/v1');
  });
});

describe('reliability primitives', () => {
  it('limiter never runs more than n at once', async () => {
    const limit = limiter(3);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        limit(async () => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((r) => setTimeout(r, 2));
          active--;
        }),
      ),
    );
    expect(peak).toBe(3);
  });
  it('adaptive limiter: throttling halves the limit, successes win it back, never above max', async () => {
    const limit = adaptiveLimiter({ initial: 8, max: 8 });
    let active = 0;
    let peak = 0;
    const gates: Array<() => void> = [];
    const task = () =>
      limit(
        () =>
          new Promise<void>((resolve) => {
            active++;
            peak = Math.max(peak, active);
            gates.push(() => {
              active--;
              resolve();
            });
          }),
      );
    const all = Array.from({ length: 20 }, task);
    await Promise.resolve();
    expect(active).toBe(8);
    limit.throttled();
    expect(limit.limit).toBe(4);
    limit.throttled();
    limit.throttled();
    limit.throttled();
    expect(limit.limit).toBe(1);
    // The 8 running finish; only 1 may start while the limit is 1.
    for (const open of gates.splice(0)) open();
    await new Promise((r) => setImmediate(r));
    expect(active).toBe(1);
    // 8 successes in a row give one slot back.
    for (let i = 0; i < 8; i++) limit.succeeded();
    expect(limit.limit).toBe(2);
    await new Promise((r) => setImmediate(r));
    expect(active).toBe(2);
    for (let i = 0; i < 100; i++) limit.succeeded();
    expect(limit.limit).toBe(8);
    while (active > 0 || gates.length > 0) {
      for (const open of gates.splice(0)) open();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(all);
    expect(peak).toBe(8);
  });

  it('throttling is told apart from other retryable errors', () => {
    expect(isThrottling(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))).toBe(
      true,
    );
    expect(isThrottling({ name: 'x', $metadata: { httpStatusCode: 429 } })).toBe(true);
    expect(isThrottling(Object.assign(new Error('down'), { name: 'ServiceUnavailable' }))).toBe(false);
  });

  it('backoff grows exponentially with full jitter under the cap', async () => {
    const waits: number[] = [];
    await expect(
      withRetry(
        async () => Promise.reject(Object.assign(new Error('slow down'), { name: 'ThrottlingException' })),
        {
          attempts: 5,
          baseDelayMs: 100,
          maxDelayMs: 300,
          timeoutMs: 100,
          random: () => 1,
          sleep: async (ms) => void waits.push(ms),
        },
      ),
    ).rejects.toMatchObject({ attempts: 5 });
    expect(waits).toEqual([100, 200, 300, 300]);
  });
});

describe('drift between the fleet plan and live state', () => {
  const plan = planFleet(generateFleet(3));
  const base = expectedSnapshot(plan);
  it('none when live state is the plan', () => expect(diffPlans(plan, observePlan(base), base)).toEqual([]));
  it('a missing role, a changed trust policy, a missing Secret, an extra Secret', () => {
    const s = structuredClone(base);
    const deployerAccount = s.accounts.find((a) => a.roles.some((r) => r.arn.includes('deployer')))!;
    const gone = deployerAccount.roles.find((r) => r.arn.includes('deployer'))!;
    deployerAccount.roles = deployerAccount.roles.filter((r) => r !== gone);
    deployerAccount.notFound.push({ kind: 'role', id: gone.arn });
    const mgmt = s.accounts.flatMap((a) => a.roles).find((r) => r.arn === s.intent.managementRoleArn)!;
    (mgmt.trustPolicy.Statement as unknown[]).push({
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::999999999999:root' },
      Action: 'sts:AssumeRole',
    });
    const removed = s.hub.clusterSecrets!.shift()!;
    s.hub.clusterSecrets!.push({
      ...structuredClone(removed),
      name: 'argocd-cluster-rogue',
      data: { name: 'rogue', server: 'https://rogue.example' },
    });
    const ids = diffPlans(plan, observePlan(s), s).map((f) => `${f.id} ${f.subject}`);
    expect(ids).toEqual(
      expect.arrayContaining([
        `DRIFT-MISSING ${gone.arn}`,
        `DRIFT-CHANGED ${mgmt.arn}`,
        `DRIFT-MISSING ${removed.data.name}`,
        'DRIFT-EXTRA rogue',
      ]),
    );
  });
});

describe('what doctor reads', () => {
  it('targets: per account the clusters, roles and OIDC providers, from intent and Secrets', () => {
    const s = healthySnapshot();
    const t = collectionTargets(s.intent, s.hub);
    const hub = t.find((x) => x.account === s.intent.hub.account)!;
    expect(hub).toMatchObject({
      oidc: true,
      roles: [MGMT],
      clusters: [{ name: 'hub', accessEntries: false, podIdentity: false }],
    });
    expect(t.find((x) => x.roles.includes(DEPLOYER_A))!.clusters).toEqual([
      {
        name: 'spoke-a',
        region: 'eu-west-1',
        accessEntries: true,
        podIdentity: false,
        principals: [DEPLOYER_A],
      },
    ]);
  });
  it('--print-iam-policy: specific actions only, fleet resources where IAM supports them', () => {
    const p = doctorPermissions(healthySnapshot().intent);
    const statements = Object.values(p.read).flatMap((d) => [d.Statement].flat());
    const actions = statements.flatMap((st) => [st.Action ?? []].flat());
    expect(actions.every((a) => !a.includes('*'))).toBe(true);
    expect(actions).toEqual(
      expect.arrayContaining(['eks:DescribeCluster', 'iam:GetRole', 'iam:GetAccountSummary']),
    );
    for (const st of statements)
      if ([st.Action].flat().includes('iam:GetRole'))
        expect(st.Resource).toEqual(expect.not.arrayContaining(['*']));
    expect(p.probe.kubernetesRules.find((r) => r.resources.includes('serviceaccounts/token'))?.verbs).toEqual(
      ['create'],
    );
  });
});
