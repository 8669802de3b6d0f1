/**
 * Golden tests of every artifact `fleetlink plan --out` writes, for each bundled example, plus
 * read-back checks that do not trust our own renderer: YAML parses as Kubernetes/Helm read it
 * (YAML 1.1), Secrets have Argo CD's shape, `config` has exactly Argo CD's Go JSON field names,
 * IAM documents are valid (checked with @cloud-copilot/iam-policy, a test-only oracle).
 * Regenerate goldens after an intended change: UPDATE_GOLDEN=1 npx vitest run test/render/argocd
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { validateIdentityPolicy, validateTrustPolicy } from '@cloud-copilot/iam-policy';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseFleet } from '../../../src/fleet/load.js';
import { planFleet } from '../../../src/plan/plan.js';
import { DEFAULT_IAM_LIMITS, policySize } from '../../../src/plan/policy-size.js';
import type { AccessPlan } from '../../../src/plan/types.js';
import { renderArgoCd } from '../../../src/render/argocd/index.js';
import { renderPlanFiles } from '../../../src/render/files.js';
import { fleet, spoke } from '../../plan/fixtures.js';

const ROOT = join(import.meta.dirname, '../../..');
const GOLDEN = join(import.meta.dirname, 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

const examples = readdirSync(join(ROOT, 'examples'))
  .filter((d) => existsSync(join(ROOT, 'examples', d, 'fleet.yaml')))
  .filter((d) => statSync(join(ROOT, 'examples', d, 'fleet.yaml')).size < 200_000)
  .sort();

function planOf(example: string): AccessPlan {
  const file = `examples/${example}/fleet.yaml`;
  return planFleet(parseFleet(readFileSync(join(ROOT, file), 'utf8'), file).fleet);
}

function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .flatMap((f) =>
      statSync(join(dir, f)).isDirectory() ? listFiles(join(dir, f), `${prefix}${f}/`) : [`${prefix}${f}`],
    )
    .sort();
}

// Argo CD Go JSON tags (pkg/apis/application/v1alpha1/types.go): hard-coded here on purpose, not
// imported from src, so the test checks the renderer against the source of truth.
const GO_FIELDS: Record<string, readonly string[]> = {
  config: [
    'username',
    'password',
    'bearerToken',
    'tlsClientConfig',
    'awsAuthConfig',
    'execProviderConfig',
    'disableCompression',
    'proxyUrl',
  ],
  tlsClientConfig: ['insecure', 'serverName', 'certData', 'keyData', 'caData'],
  awsAuthConfig: ['clusterName', 'roleARN', 'profile'],
};

function checkGoFields(value: Record<string, unknown>, type: string): void {
  for (const [k, v] of Object.entries(value)) {
    expect(GO_FIELDS[type], `${type}.${k}`).toContain(k);
    if (typeof v === 'object' && v !== null && GO_FIELDS[k]) checkGoFields(v as Record<string, unknown>, k);
  }
}

const SECRET_KEYS = ['name', 'server', 'config', 'namespaces', 'clusterResources', 'project', 'shard'];

function checkSecret(text: string, plan: AccessPlan, name: string): void {
  const s = parse(text, { version: '1.1' });
  expect(s.apiVersion).toBe('v1');
  expect(s.kind).toBe('Secret');
  expect(s.type).toBe('Opaque');
  expect(s.metadata.name).toBe(`argocd-cluster-${name}`);
  expect(s.metadata.namespace).toBe(plan.argocd.namespace);
  expect(s.metadata.labels['argocd.argoproj.io/secret-type']).toBe('cluster');
  for (const [k, v] of Object.entries(s.stringData)) {
    expect(SECRET_KEYS).toContain(k);
    expect(typeof v, `stringData.${k} must be a string`).toBe('string');
  }
  for (const v of Object.values(s.metadata.annotations ?? {})) expect(typeof v).toBe('string');
  expect(s.stringData.name).toBe(name);
  const reg = plan.clusters.find((c) => c.name === name);
  expect(s.stringData.server).toBe(reg?.server);
  if (plan.identity === 'eks-capability') {
    // EKS docs: server is the cluster ARN, no config/awsAuthConfig (FM-7.8).
    expect(s.stringData.server).toMatch(/^arn:aws[-a-z]*:eks:[a-z0-9-]+:\d{12}:cluster\//);
    expect(s.stringData.config).toBeUndefined();
    return;
  }
  const config = JSON.parse(s.stringData.config);
  checkGoFields(config, 'config');
  expect(config.tlsClientConfig.insecure).toBe(false);
  if (reg?.server !== 'https://kubernetes.default.svc') {
    expect(config.awsAuthConfig.clusterName).toBe(reg?.clusterName);
    expect(config.awsAuthConfig.roleARN).toMatch(/^arn:aws[-a-z]*:iam::\d{12}:role\//);
  }
  if (!reg?.caSource && config.tlsClientConfig.caData !== undefined) {
    // caData is base64 of a PEM, exactly once (FM-6.4).
    const pem = Buffer.from(config.tlsClientConfig.caData, 'base64').toString('utf8');
    expect(pem.startsWith('-----BEGIN CERTIFICATE-----')).toBe(true);
  }
}

function checkIam(path: string, text: string): void {
  const doc = JSON.parse(text);
  expect(doc.Version).toBe('2012-10-17');
  const trust = path.endsWith('.trust.json');
  expect(trust ? validateTrustPolicy(doc) : validateIdentityPolicy(doc)).toEqual([]);
  expect(policySize(doc)).toBeLessThanOrEqual(
    trust ? DEFAULT_IAM_LIMITS.trustPolicy : path.endsWith('.managed-policy.json') ? 6144 : 10240,
  );
  for (const st of doc.Statement) {
    // Never `*` as a resource, nor as an unconditioned principal.
    expect([st.Resource ?? []].flat()).not.toContain('*');
    if (st.Principal === '*' || [st.Principal?.AWS ?? []].flat().includes('*'))
      expect(st.Condition).toBeDefined();
  }
}

/** What the argo-cd chart's cluster-secrets.yaml template makes of a values entry (name unquoted). */
function chartSecretName(key: string): unknown {
  return parse(`stringData:\n  name: ${key}\n`, { version: '1.1' }).stringData.name;
}

describe.each(examples)('example %s', (example) => {
  const plan = planOf(example);
  const files = renderPlanFiles(plan);

  it('matches the golden files', () => {
    const dir = join(GOLDEN, example);
    if (update) {
      rmSync(dir, { recursive: true, force: true });
      for (const [rel, content] of files) {
        mkdirSync(dirname(join(dir, rel)), { recursive: true });
        writeFileSync(join(dir, rel), content);
      }
    }
    expect(listFiles(dir), 'golden file list (UPDATE_GOLDEN=1 to regenerate)').toEqual(
      [...files.keys()].sort(),
    );
    for (const [rel, content] of files)
      expect(content, `${rel} differs from its golden (UPDATE_GOLDEN=1 to regenerate)`).toBe(
        readFileSync(join(dir, rel), 'utf8'),
      );
  });

  it('reads back: Secrets, values overlay, IAM documents', () => {
    for (const [rel, content] of files) {
      if (rel.startsWith('argocd/clusters/')) checkSecret(content, plan, rel.slice(16, -5));
      if (rel.startsWith('iam/')) checkIam(rel, content);
    }
    expect(JSON.parse(files.get('plan.json') as string)).toEqual(JSON.parse(JSON.stringify(plan)));
    if (plan.identity === 'eks-capability') {
      expect(files.has('argocd/values.yaml')).toBe(false);
      return;
    }
    const values = parse(files.get('argocd/values.yaml') as string, { version: '1.1' });
    for (const sa of plan.serviceAccounts) {
      expect(values[sa.valuesKey].serviceAccount.name).toBe(sa.name);
      if (plan.identity === 'irsa')
        expect(values[sa.valuesKey].serviceAccount.annotations['eks.amazonaws.com/role-arn']).toBe(
          plan.roles.find((r) => r.kind === 'management')?.arn,
        );
    }
    const creds = values.configs?.clusterCredentials ?? {};
    expect(Array.isArray(creds)).toBe(false);
    for (const [key, entry] of Object.entries<Record<string, unknown>>(creds)) {
      expect(chartSecretName(key)).toBe(key);
      checkGoFields(entry.config as Record<string, unknown>, 'config');
    }
  });
});

describe('Argo CD rendering details', () => {
  it('chart 6.x gets the list form, each entry named', () => {
    const plan = planFleet(fleet({ argocd: { ...fleet().argocd, chartVersion: '6.11.1' } }));
    const values = parse(renderArgoCd(plan).get('argocd/values.yaml') as string, { version: '1.1' });
    expect(Array.isArray(values.configs.clusterCredentials)).toBe(true);
    expect(values.configs.clusterCredentials[0]).toMatchObject({
      name: 'spoke-1',
      config: { awsAuthConfig: { clusterName: 'spoke-1' } },
    });
    expect(renderArgoCd(plan).get('argocd/values.yaml')).toContain('list form (chart < 7.0.0)');
  });

  it('a cluster name YAML would coerce is kept out of the chart values but quoted in its Secret', () => {
    const plan = planFleet(fleet({ spokes: [spoke('yes'), spoke('spoke-2')] }));
    const files = renderArgoCd(plan);
    const values = parse(files.get('argocd/values.yaml') as string, { version: '1.1' });
    expect(Object.keys(values.configs.clusterCredentials)).toEqual(['spoke-2']);
    expect(files.get('argocd/values.yaml')).toContain('Left out: "yes"');
    expect(parse(files.get('argocd/clusters/yes.yaml') as string, { version: '1.1' }).stringData.name).toBe(
      'yes',
    );
  });

  it('SSM and discover CAs get a loud placeholder and the command that fills it', () => {
    const plan = planFleet(
      fleet({
        spokes: [
          spoke('a', { ca: { kind: 'ssm', parameter: '/eks/a/ca' } }),
          spoke('b', { ca: { kind: 'discover' } }),
        ],
      }),
    );
    const files = renderArgoCd(plan);
    // A placeholder CA never lands where `kubectl apply -f argocd/clusters/` or the chart would
    // pick it up: Argo CD would log "illegal base64 data" and skip the cluster silently.
    expect([...files.keys()].filter((f) => f.startsWith('argocd/clusters/'))).toEqual([]);
    const a = files.get('argocd/pending/a.yaml') as string;
    const b = files.get('argocd/pending/b.yaml') as string;
    expect(a).toContain('CA PENDING');
    expect(a).toContain('illegal base64 data');
    expect(a).toContain('aws ssm get-parameter --region eu-central-1 --name /eks/a/ca');
    expect(b).toContain(
      'aws eks describe-cluster --region eu-central-1 --name b --query cluster.certificateAuthority.data',
    );
    const caData = JSON.parse(parse(a).stringData.config).tlsClientConfig.caData as string;
    // Not base64: Go's json.Unmarshal into []byte rejects it, so a forgotten placeholder fails loudly.
    expect(caData).not.toMatch(/^[A-Za-z0-9+/]*={0,2}$/);
    const values = files.get('argocd/values.yaml') as string;
    expect(values).toContain('CA PENDING, left out: a, b.');
    expect(parse(values).configs).toBeUndefined();
  });

  it('RESTART.md restarts the controller StatefulSet by default, the Deployment with dynamic distribution', () => {
    const sts = renderArgoCd(planFleet(fleet())).get('argocd/RESTART.md') as string;
    expect(sts).toContain(
      'kubectl -n argocd rollout restart statefulset/argo-cd-argocd-application-controller',
    );
    expect(sts).toContain('kubectl -n argocd rollout restart deployment/argo-cd-argocd-server');
    expect(sts).toContain(
      'kubectl -n argocd rollout restart deployment/argo-cd-argocd-applicationset-controller',
    );
    const dyn = planFleet(fleet({ argocd: { ...fleet().argocd, dynamicClusterDistribution: true } }));
    const files = renderArgoCd(dyn);
    expect(files.get('argocd/RESTART.md')).toContain(
      'rollout restart deployment/argo-cd-argocd-application-controller',
    );
    expect(parse(files.get('argocd/values.yaml') as string).controller.dynamicClusterDistribution).toBe(true);
  });

  it('Pod Identity: RESTART.md lists the associations to create first; no IRSA annotation', () => {
    const files = renderArgoCd(planFleet(fleet({ identity: 'pod-identity' })));
    expect(files.get('argocd/RESTART.md')).toContain(
      'aws eks create-pod-identity-association --region eu-central-1 --cluster-name hub --namespace argocd --service-account argocd-server --role-arn arn:aws:iam::111111111111:role/argocd-manager',
    );
    expect(files.get('argocd/values.yaml')).not.toContain('eks.amazonaws.com/role-arn');
  });

  it('eks-capability: no values overlay; Secrets carry the cluster ARN; the hub entry needs a policy', () => {
    const base = fleet();
    const plan = planFleet(
      fleet({
        identity: 'eks-capability',
        hub: { ...base.hub, registerSelf: true, capabilityRole: { name: 'ArgoCDCapabilityRole', path: '/' } },
      }),
    );
    const files = renderArgoCd(plan);
    expect([...files.keys()].sort()).toEqual([
      'argocd/RESTART.md',
      'argocd/clusters/in-cluster.yaml',
      'argocd/clusters/spoke-1.yaml',
    ]);
    // The auto-created hub entry has no groups: RESTART.md says how to add the one the RBAC binds.
    expect(files.get('argocd/RESTART.md')).toContain(
      'aws eks update-access-entry --region eu-central-1 --cluster-name hub --principal-arn arn:aws:iam::111111111111:role/ArgoCDCapabilityRole --kubernetes-groups fleetlink-argocd',
    );
    expect(parse(files.get('argocd/clusters/in-cluster.yaml') as string).stringData).toEqual({
      name: 'in-cluster',
      server: 'arn:aws:eks:eu-central-1:111111111111:cluster/hub',
    });
    expect(files.get('argocd/RESTART.md')).toContain(
      'aws eks associate-access-policy --region eu-central-1 --cluster-name hub --principal-arn arn:aws:iam::111111111111:role/ArgoCDCapabilityRole',
    );
  });
});
