/**
 * doctor end to end against local peers: a real HTTPS Kubernetes hub and spokes on 127.0.0.1
 * (own CA), the real @kubernetes/client-node, the real token signer and verifier, and AWS through
 * aws-sdk-client-mock with AWS-shaped responses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { KubeConfig } from '@kubernetes/client-node';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { collectHub } from '../../src/doctor/collect-k8s.js';
import { runDoctor } from '../../src/doctor/doctor.js';
import { runProbe } from '../../src/doctor/probe.js';
import type { Snapshot } from '../../src/doctor/snapshot.js';
import { hasErrors } from '../../src/findings.js';
import { createTestPki, type TestPki } from '../helpers/k8s-api-server.js';
import { type FakeAws, installFakeAws, testCredentials } from './helpers/fake-aws.js';
import {
  type FakeServer,
  type HubState,
  kubeconfigFor,
  type SpokeState,
  startHub,
  startSpoke,
} from './helpers/fake-k8s.js';
import {
  A,
  accountOf,
  B,
  DEPLOYER_A,
  DEPLOYER_B,
  HUB,
  healthySnapshot,
  MGMT,
  mutate,
} from './helpers/healthy.js';

const KEYS = {
  mgmt: { accessKeyId: 'ASIATESTMANAGER00001', secretAccessKey: 'mgmt-secret', sessionToken: 'mgmt-session' },
  [DEPLOYER_A]: {
    accessKeyId: 'ASIATESTDEPLOYERA001',
    secretAccessKey: 'a-secret',
    sessionToken: 'a-session',
  },
  [DEPLOYER_B]: {
    accessKeyId: 'ASIATESTDEPLOYERB001',
    secretAccessKey: 'b-secret',
    sessionToken: 'b-session',
  },
} as const;
const HUB_BEARER = 'hub-test-bearer';
const LEAKY = 'super-secret-bearer-token-value';

let dir: string;
let pki: TestPki;
let hub: FakeServer;
let hubState: HubState;
let spokes: Record<string, FakeServer>;
let spokeState: Record<string, SpokeState>;
let world: Snapshot;
let fake: FakeAws | undefined;
const sts = mockClient(STSClient);

function k8sPod(p: NonNullable<Snapshot['hub']['pods']>[number]) {
  return {
    metadata: {
      name: p.name,
      namespace: p.namespace,
      labels: p.labels,
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: p.name.includes('controller-0') ? 'StatefulSet' : 'ReplicaSet',
          name: p.name.includes('controller-0')
            ? 'argocd-application-controller'
            : `${p.name.split('-').slice(0, -1).join('-')}`,
          uid: 'u',
          controller: true,
        },
      ],
    },
    spec: {
      serviceAccountName: p.serviceAccountName,
      nodeName: p.nodeName,
      containers: p.containers.map((c) => ({
        name: c.name,
        image: c.image,
        env: [
          ...c.env.map((e) => ({ name: e.name, value: e.value })),
          { name: 'ARGOCD_SECRET_THING', valueFrom: { secretKeyRef: { name: 'x', key: 'y' } } },
        ],
        volumeMounts: c.volumeMounts,
      })),
      volumes: p.volumes.map((name) => ({ name })),
    },
    status: { phase: 'Running', startTime: p.startTime },
  };
}

/** A minute before the run: doctor's clock is the real one here (collectedAt). */
const RECONCILED_AT = new Date(Date.now() - 60_000).toISOString();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fleetlink-doctor-'));
  pki = createTestPki(dir);
  const caData = Buffer.from(pki.caCert).toString('base64');
  spokeState = {
    'spoke-a': {
      clusterName: 'spoke-a',
      entries: { [KEYS[DEPLOYER_A].accessKeyId]: { principal: DEPLOYER_A, scope: 'cluster' } },
      secrets: { [KEYS[DEPLOYER_A].accessKeyId]: KEYS[DEPLOYER_A] },
    },
    'spoke-b': {
      clusterName: 'spoke-b',
      entries: { [KEYS[DEPLOYER_B].accessKeyId]: { principal: DEPLOYER_B, scope: 'cluster' } },
      secrets: { [KEYS[DEPLOYER_B].accessKeyId]: KEYS[DEPLOYER_B] },
    },
  };
  spokes = {
    'spoke-a': await startSpoke(pki, spokeState['spoke-a']!),
    'spoke-b': await startSpoke(pki, spokeState['spoke-b']!),
  };
  // The AWS world: the healthy snapshot, with the local spokes' URLs and CA.
  world = mutate(healthySnapshot(), (s) => {
    for (const [name, acct] of [
      ['spoke-a', A],
      ['spoke-b', B],
    ] as const) {
      const c = accountOf(s, acct).clusters[0]!;
      c.endpoint = spokes[name]!.url;
      c.certificateAuthorityData = caData;
      s.intent.spokes.find((x) => x.name === name)!.endpoint = spokes[name]!.url;
    }
  });
  hubState = {
    bearer: HUB_BEARER,
    serviceAccounts: world.hub.serviceAccounts!.map((s) => ({ name: s.name, annotations: s.annotations })),
    pods: world.hub.pods!.map(k8sPod),
    secrets: [
      ...['spoke-a', 'spoke-b'].map((name) => ({
        name: `argocd-cluster-${name}`,
        labels: { 'argocd.argoproj.io/secret-type': 'cluster' },
        data: {
          name,
          server: spokes[name]!.url,
          config: JSON.stringify({
            awsAuthConfig: { clusterName: name, roleARN: name === 'spoke-a' ? DEPLOYER_A : DEPLOYER_B },
            tlsClientConfig: { insecure: false, caData },
          }),
        },
      })),
      { name: 'argocd-secret', data: { 'admin.password': LEAKY } },
    ],
    daemonSet: null,
    applications: [
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { name: 'guestbook', namespace: 'argocd', annotations: {} },
        spec: { project: 'default', destination: { name: 'spoke-a', namespace: 'apps' } },
        status: { reconciledAt: RECONCILED_AT, sync: { status: 'Synced' } },
      },
    ],
    statefulSets: [
      {
        metadata: { name: 'argocd-application-controller', namespace: 'argocd' },
        spec: { replicas: 1, selector: {}, serviceName: 'x', template: {} },
        status: { replicas: 1, readyReplicas: 1 },
      },
    ],
    configMaps: {
      'argocd-cmd-params-cm': { 'controller.sharding.algorithm': 'round-robin', 'server.insecure': 'true' },
      'argocd-cm': { 'timeout.reconciliation': '300s', 'oidc.config': `clientSecret: ${LEAKY}` },
    },
    tokenRequests: [],
  };
  hub = await startHub(pki, hubState);
});

afterAll(async () => {
  await Promise.all([hub?.close(), ...Object.values(spokes ?? {}).map((s) => s.close())]);
  rmSync(dir, { recursive: true, force: true });
  sts.restore();
});

afterEach(() => {
  fake?.restore();
  fake = undefined;
  sts.reset();
});

function kubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(JSON.stringify(kubeconfigFor(hub.url, pki.caCert, HUB_BEARER)));
  return kc;
}

function stsAnswers(deny: Record<string, string> = {}) {
  sts.on(AssumeRoleWithWebIdentityCommand).callsFake((input: { RoleArn: string }) => ({
    Credentials: {
      AccessKeyId: KEYS.mgmt.accessKeyId,
      SecretAccessKey: KEYS.mgmt.secretAccessKey,
      SessionToken: KEYS.mgmt.sessionToken,
      Expiration: new Date(Date.now() + 900_000),
    },
    AssumedRoleUser: {
      Arn: `arn:aws:sts::111111111111:assumed-role/argocd-manager/fleetlink-doctor-probe`,
      AssumedRoleId: 'AROAHUBMANAGER000001:fleetlink-doctor-probe',
    },
    SubjectFromWebIdentityToken: 'system:serviceaccount:argocd:argocd-application-controller',
    Audience: 'sts.amazonaws.com',
    Provider: input.RoleArn,
  }));
  sts.on(AssumeRoleCommand).callsFake((input: { RoleArn: string }) => {
    if (deny[input.RoleArn])
      throw Object.assign(new Error(deny[input.RoleArn]), {
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 },
      });
    const k = KEYS[input.RoleArn as keyof typeof KEYS] as {
      accessKeyId: string;
      secretAccessKey: string;
      sessionToken: string;
    };
    return {
      Credentials: {
        AccessKeyId: k.accessKeyId,
        SecretAccessKey: k.secretAccessKey,
        SessionToken: k.sessionToken,
        Expiration: new Date(Date.now() + 900_000),
      },
      AssumedRoleUser: {
        Arn: `${input.RoleArn.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/')}/fleetlink-doctor-probe`,
        AssumedRoleId: 'AROA:x',
      },
    };
  });
}

function doctor(extra: { probe?: boolean; world?: Snapshot } = {}) {
  fake = installFakeAws(extra.world ?? world);
  return runDoctor({
    intent: world.intent,
    kubeConfig: kubeConfig(),
    aws: { credentialsFor: (_c, _r, account) => testCredentials(account), timeoutMs: 2000 },
    probe: extra.probe ?? false,
    probeOptions: { kubeConfig: kubeConfig(), timeoutMs: 700, consistencyWindowMs: 0, sleep: async () => {} },
  });
}

describe('hub collection with @kubernetes/client-node against a local HTTPS API server', () => {
  it('reads SAs, pods (env names; values only where safe), redacted cluster Secrets, agent status', async () => {
    const hubSnap = await collectHub({ namespace: 'argocd', kubeConfig: kubeConfig() });
    expect(hubSnap.errors).toEqual([]);
    expect(hubSnap.serviceAccounts?.map((s) => s.name)).toContain('argocd-application-controller');
    const controller = hubSnap.pods!.find((p) => p.name === 'argocd-application-controller-0')!;
    expect(controller.owner).toBe('StatefulSet/argocd-application-controller');
    expect(controller.containers[0]!.env).toContainEqual({ name: 'AWS_ROLE_ARN', value: MGMT });
    expect(controller.containers[0]!.env).toContainEqual({ name: 'ARGOCD_SECRET_THING', fromRef: true });
    expect(hubSnap.clusterSecrets!.map((s) => s.data.name).sort()).toEqual(['spoke-a', 'spoke-b']);
    expect(hubSnap.podIdentityAgent).toBeNull();
    expect(JSON.stringify(hubSnap)).not.toContain(LEAKY);
  });

  it('reads Applications (destination, reconciledAt), the controller workload and only allow-listed ConfigMap keys', async () => {
    const hubSnap = await collectHub({ namespace: 'argocd', kubeConfig: kubeConfig() });
    expect(hubSnap.errors).toEqual([]);
    expect(hubSnap.applications).toEqual([
      {
        name: 'guestbook',
        namespace: 'argocd',
        project: 'default',
        destinationName: 'spoke-a',
        reconciledAt: RECONCILED_AT,
      },
    ]);
    expect(hubSnap.controller).toEqual({
      kind: 'StatefulSet',
      name: 'argocd-application-controller',
      replicas: 1,
      readyReplicas: 1,
    });
    expect(hubSnap.cmdParams).toEqual({ 'controller.sharding.algorithm': 'round-robin' });
    expect(hubSnap.argocdCm).toEqual({ 'timeout.reconciliation': '300s' });
    expect(JSON.stringify(hubSnap)).not.toContain(LEAKY);
  });

  it('an unreachable hub is a recorded error, not a crash', async () => {
    const kc = new KubeConfig();
    kc.loadFromString(JSON.stringify(kubeconfigFor('https://127.0.0.1:9', pki.caCert, HUB_BEARER)));
    const hubSnap = await collectHub({ namespace: 'argocd', kubeConfig: kc, attempts: 1, timeoutMs: 1000 });
    expect(hubSnap.errors.map((e) => e.step).sort()).toEqual([
      'k8s:get configmap',
      'k8s:get configmap',
      'k8s:get daemonset',
      'k8s:list applications',
      'k8s:list deployments',
      'k8s:list pods',
      'k8s:list secrets',
      'k8s:list serviceaccounts',
      'k8s:list statefulsets',
    ]);
  });
});

describe('doctor run (collect + analyse)', () => {
  it('a healthy setup: every link ✓, no error finding', async () => {
    const { result } = await doctor();
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(result.clusters.map((c) => c.name)).toEqual(['spoke-a', 'spoke-b']);
    expect(result.clusters.every((c) => c.links.every((l) => l.ok))).toBe(true);
  });
});

describe('--probe: the chain walked live as Argo CD', () => {
  it('healthy: TokenRequest, STS, token verified with the real cluster name, /version, access reviews', async () => {
    stsAnswers();
    const { result, snapshot } = await doctor({ probe: true });
    expect(snapshot.probe!.filter((p) => !p.ok)).toEqual([]);
    expect(snapshot.probe!.map((p) => `${p.cluster}:${p.step}`).sort()).toEqual([
      'hub:assume-role-with-web-identity',
      'hub:token-request',
      'spoke-a:assume-deployer',
      'spoke-a:eks-token',
      'spoke-a:spoke-access',
      'spoke-a:spoke-version',
      'spoke-b:assume-deployer',
      'spoke-b:eks-token',
      'spoke-b:spoke-access',
      'spoke-b:spoke-version',
    ]);
    expect(hubState.tokenRequests.at(-1)).toEqual({
      name: 'argocd-application-controller',
      audiences: ['sts.amazonaws.com'],
    });
    expect(hasErrors(result.findings)).toBe(false);
    expect(result.clusters[0]!.links.find((l) => l.link === 'network')!.reason).toContain('probe confirmed');
    // Nothing secret is kept from the probe.
    const text = JSON.stringify(snapshot);
    for (const k of Object.values(KEYS)) {
      expect(text).not.toContain(k.secretAccessKey);
      expect(text).not.toContain(k.sessionToken);
    }
    expect(text).not.toContain('k8s-aws-v1.');
    expect(text).not.toContain('test-sa-token');
  });

  it('a spoke with no access entry for the deployer: 401 → FM-5.2 on that cluster only', async () => {
    stsAnswers();
    const saved = spokeState['spoke-a']!.entries;
    spokeState['spoke-a']!.entries = {};
    try {
      const { result } = await doctor({ probe: true });
      expect(result.findings.find((f) => f.subject === 'spoke-a' && f.id === 'FM-5.2')).toMatchObject({
        link: 'access',
        severity: 'error',
      });
      expect(result.clusters.find((c) => c.name === 'spoke-b')!.links.every((l) => l.ok)).toBe(true);
    } finally {
      spokeState['spoke-a']!.entries = saved;
    }
  });

  it('a namespace-scoped access entry: forbidden cluster-wide → FM-5.6', async () => {
    stsAnswers();
    const saved = spokeState['spoke-b']!.entries;
    spokeState['spoke-b']!.entries = {
      [KEYS[DEPLOYER_B].accessKeyId]: { principal: DEPLOYER_B, scope: ['default'] },
    };
    try {
      const { result } = await doctor({ probe: true });
      const f = result.findings.find((x) => x.subject === 'spoke-b' && x.id === 'FM-5.6');
      expect(f?.evidence[0]?.value).toContain('cluster-wide');
    } finally {
      spokeState['spoke-b']!.entries = saved;
    }
  });

  it('the deployer trust denies the management role: AccessDenied text → FM-3.1', async () => {
    const msg = `User: arn:aws:sts::111111111111:assumed-role/argocd-manager/fleetlink-doctor-probe is not authorized to perform: sts:AssumeRole on resource: ${DEPLOYER_A}`;
    stsAnswers({ [DEPLOYER_A]: msg });
    const { result } = await doctor({ probe: true });
    const f = result.findings.find((x) => x.subject === 'spoke-a' && x.id === 'FM-3.1');
    expect(f?.evidence[0]?.value).toContain('not authorized to perform: sts:AssumeRole');
  });

  it('clusterName in the Secret is not the real cluster: the token fails verification → FM-4.1', async () => {
    stsAnswers();
    const secret = hubState.secrets[0]!;
    const saved = secret.data.config!;
    secret.data.config = saved.replace('"clusterName":"spoke-a"', '"clusterName":"spoke-a-old"');
    try {
      const { result, snapshot } = await doctor({ probe: true });
      expect(snapshot.probe!.find((p) => p.cluster === 'spoke-a' && p.step === 'eks-token')!.ok).toBe(false);
      expect(result.findings.some((f) => f.subject === 'spoke-a' && f.id === 'FM-4.1')).toBe(true);
    } finally {
      secret.data.config = saved;
    }
  });

  it('a spoke that does not answer: the run completes, the cluster is reported, exit would be 1', async () => {
    stsAnswers();
    spokeState['spoke-b']!.silent = true;
    try {
      const { result } = await doctor({ probe: true });
      expect(result.clusters.map((c) => c.name)).toEqual(['spoke-a', 'spoke-b']);
      expect(result.findings.find((f) => f.subject === 'spoke-b' && f.id === 'FM-6.1')).toMatchObject({
        link: 'network',
      });
      expect(result.clusters.find((c) => c.name === 'spoke-a')!.links.every((l) => l.ok)).toBe(true);
      expect(hasErrors(result.findings)).toBe(true);
    } finally {
      spokeState['spoke-b']!.silent = false;
    }
  });

  it('Pod Identity: the token is requested for pods.eks.amazonaws.com and exchanged through EKS Auth', async () => {
    stsAnswers();
    const snap = mutate(world, (s) => {
      s.intent.identity = 'pod-identity';
      s.accounts[0]!.clusters[0]!.podIdentityAssociations = [
        {
          associationId: 'a-1',
          namespace: 'argocd',
          serviceAccount: 'argocd-application-controller',
          roleArn: MGMT,
        },
      ];
      s.hub.clusterSecrets = hubState.secrets.slice(0, 2).map((x) => ({
        name: x.name,
        namespace: 'argocd',
        labels: x.labels ?? {},
        annotations: {},
        data: { name: x.data.name, server: x.data.server },
        dataKeys: ['config', 'name', 'server'],
        config: JSON.parse(x.data.config!),
      }));
    });
    const seen: string[] = [];
    const steps = await runProbe(snap, {
      kubeConfig: kubeConfig(),
      timeoutMs: 2000,
      consistencyWindowMs: 0,
      sleep: async () => {},
      eksAuth: async ({ clusterName, token }) => {
        seen.push(`${clusterName}:${token.includes('test-sa-token') ? 'sa-token' : 'other'}`);
        return {
          credentials: KEYS.mgmt,
          arn: 'arn:aws:sts::111111111111:assumed-role/argocd-manager/eks-hub-x',
        };
      },
    });
    expect(hubState.tokenRequests.at(-1)?.audiences).toEqual(['pods.eks.amazonaws.com']);
    expect(seen).toEqual(['hub:sa-token']);
    expect(steps.filter((x) => !x.ok)).toEqual([]);
    expect(steps.map((x) => x.step)).toContain('assume-role-for-pod-identity');
  });

  it('an account without credentials: its cluster is reported with the collection error', async () => {
    stsAnswers();
    fake = installFakeAws(world);
    const { result } = await runDoctor({
      intent: {
        ...world.intent,
        spokes: world.intent.spokes.map((s) => ({ ...s, credentials: { profile: s.account } })),
      },
      kubeConfig: kubeConfig(),
      aws: {
        timeoutMs: 2000,
        credentialsFor: (c) =>
          c?.profile === B
            ? async () => {
                throw Object.assign(new Error('Could not load credentials from any providers'), {
                  name: 'CredentialsProviderError',
                });
              }
            : testCredentials(c?.profile ?? HUB),
      },
    });
    expect(result.findings.find((f) => f.id === 'DOCTOR-COLLECT')).toMatchObject({
      subject: 'spoke-b',
      severity: 'error',
    });
    expect(result.clusters.find((c) => c.name === 'spoke-b')!.links.some((l) => !l.ok)).toBe(true);
    expect(result.clusters.find((c) => c.name === 'spoke-a')!.links.every((l) => l.ok)).toBe(true);
  });
});

describe('--probe never sends a spoke token to a server that is not that spoke EKS endpoint (FM-6.3)', () => {
  /** A server that would accept anything: records what it was sent. */
  async function withRogue<T>(fn: (rogue: FakeServer, state: SpokeState) => Promise<T>): Promise<T> {
    const state: SpokeState = { clusterName: 'spoke-a', entries: {}, secrets: {}, authorizations: [] };
    const rogue = await startSpoke(pki, state);
    try {
      return await fn(rogue, state);
    } finally {
      await rogue.close();
    }
  }
  const sentEksToken = (state: SpokeState) => state.authorizations!.some((a) => a.includes('k8s-aws-v1.'));

  it('Secret server on another host than cluster.endpoint: no token sent, step skipped, one FM-6.3', async () => {
    stsAnswers();
    await withRogue(async (rogue, state) => {
      const secret = hubState.secrets[0]!;
      const saved = secret.data.server!;
      // Another host name (localhost) on the rogue's port.
      secret.data.server = rogue.url.replace('127.0.0.1', 'LocalHost');
      spokeState['spoke-b']!.authorizations = [];
      try {
        const { result, snapshot } = await doctor({ probe: true });
        expect(sentEksToken(state)).toBe(false);
        expect(state.authorizations).toEqual([]);
        const stepA = snapshot.probe!.filter((p) => p.cluster === 'spoke-a' && p.step.startsWith('spoke-'));
        expect(stepA).toHaveLength(1);
        expect(stepA[0]).toMatchObject({ step: 'spoke-version', ok: false, attempts: 0 });
        expect(stepA[0]!.error!.message).toContain('token not sent (FM-6.3)');
        expect(stepA[0]!.error!.message).toContain(spokes['spoke-a']!.url);
        const fm63 = result.findings.filter((f) => f.subject === 'spoke-a' && f.id === 'FM-6.3');
        expect(fm63).toHaveLength(1);
        expect(fm63[0]!.severity).toBe('error');
        // The matching spoke is still probed with its token.
        expect(sentEksToken(spokeState['spoke-b']!)).toBe(true);
        expect(snapshot.probe!.find((p) => p.cluster === 'spoke-b' && p.step === 'spoke-access')!.ok).toBe(
          true,
        );
      } finally {
        secret.data.server = saved;
        delete spokeState['spoke-b']!.authorizations;
      }
    });
  });

  it('same endpoint spelled with upper case, :port and a trailing slash still probes', async () => {
    stsAnswers();
    const secret = hubState.secrets[0]!;
    const saved = secret.data.server!;
    secret.data.server = `${saved.replace('https://', 'HTTPS://')}/`;
    spokeState['spoke-a']!.authorizations = [];
    try {
      const { snapshot } = await doctor({ probe: true });
      expect(snapshot.probe!.filter((p) => p.cluster === 'spoke-a' && !p.ok)).toEqual([]);
      expect(sentEksToken(spokeState['spoke-a']!)).toBe(true);
    } finally {
      secret.data.server = saved;
      delete spokeState['spoke-a']!.authorizations;
    }
  });

  it('endpoint unknown (DescribeCluster failed): a non-EKS host gets no token, the step says why', async () => {
    stsAnswers();
    await withRogue(async (rogue, state) => {
      const snap = mutate(world, (s) => {
        delete accountOf(s, A).clusters[0]!.endpoint;
        s.hub.clusterSecrets = hubState.secrets.slice(0, 2).map((x) => ({
          name: x.name,
          namespace: 'argocd',
          labels: x.labels ?? {},
          annotations: {},
          data: { name: x.data.name, server: x.data.name === 'spoke-a' ? rogue.url : x.data.server },
          dataKeys: ['config', 'name', 'server'],
          config: JSON.parse(x.data.config!),
        }));
      });
      const steps = await runProbe(snap, {
        kubeConfig: kubeConfig(),
        timeoutMs: 2000,
        consistencyWindowMs: 0,
        sleep: async () => {},
      });
      expect(sentEksToken(state)).toBe(false);
      const a = steps.find((p) => p.cluster === 'spoke-a' && p.step === 'spoke-version')!;
      expect(a.ok).toBe(false);
      expect(a.error!.message).toMatch(/endpoint is unknown.*not an https EKS endpoint/);
      expect(steps.find((p) => p.cluster === 'spoke-b' && p.step === 'spoke-access')!.ok).toBe(true);
      // With no snapshot rule to report it, the skipped step itself becomes the FM-6.3 finding.
      const { analyzeSnapshot } = await import('../../src/doctor/analyze.js');
      const findings = analyzeSnapshot({ ...snap, probe: steps }).findings;
      expect(findings.filter((f) => f.subject === 'spoke-a' && f.id === 'FM-6.3')).toHaveLength(1);
    });
  });

  it('userinfo in the Secret server never reaches the snapshot; the probe and rules still work', async () => {
    stsAnswers();
    const secret = hubState.secrets[0]!;
    const saved = secret.data.server!;
    secret.data.server = saved.replace('https://', 'https://argo:hunter2-pass@');
    try {
      const { result, snapshot } = await doctor({ probe: true });
      const text = JSON.stringify(snapshot);
      expect(text).not.toContain('hunter2-pass');
      expect(text).not.toContain('argo:');
      const kept = snapshot.hub.clusterSecrets!.find((x) => x.data.name === 'spoke-a')!.data.server;
      expect(kept).toBe(saved.replace('https://', 'https://REDACTED@'));
      // Same host as the endpoint: probed, and a warning (not an error) names the userinfo.
      expect(snapshot.probe!.filter((p) => p.cluster === 'spoke-a' && !p.ok)).toEqual([]);
      const fm63 = result.findings.filter((f) => f.subject === 'spoke-a' && f.id === 'FM-6.3');
      expect(fm63.map((f) => f.severity)).toEqual(['warning']);
      expect(fm63[0]!.message).toContain('userinfo');
    } finally {
      secret.data.server = saved;
    }
  });
});
