// prove --terraform-plan: wall time and peak memory on a generated plan JSON of 100 and 1,000
// spokes (issue 12 target: 1,000 spokes under 1 s). The plan is shaped like test/fixtures/
// terraform-plan/modules.json: one aws provider per spoke account, a deployer role, an
// access entry and policy association per spoke in a terraform-aws-modules/eks module, a
// for_each cluster Secret per spoke, the hub role with an ARN-pattern policy. Each size runs in a
// fresh child process (peak RSS is that size's alone) that reads the file and does what the
// command does: parse, observe, prove, render JSON. Run with `npm run bench` (builds dist/ first).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SIZES = [100, 1000];
const ISSUER = 'oidc.eks.eu-central-1.amazonaws.com/id/5C1B2E3F4A5D6E7F8A9B0C1D2E3F4A5B';
const SAS = ['argocd-application-controller', 'argocd-applicationset-controller', 'argocd-server'];
const CA = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64');

function change(address, type, name, after, unknown, providerKey, extra = {}) {
  return {
    rc: {
      address,
      ...extra,
      mode: 'managed',
      type,
      name,
      provider_name: `registry.terraform.io/hashicorp/${type.split('_')[0]}`,
      change: {
        actions: ['create'],
        before: null,
        after,
        after_unknown: unknown,
        before_sensitive: false,
        after_sensitive: {},
      },
    },
    config: {
      address,
      mode: 'managed',
      type,
      name,
      provider_config_key: providerKey,
      expressions: {},
      schema_version: 0,
    },
  };
}

function generate(n) {
  const providers = {
    'aws.hub': {
      name: 'aws',
      full_name: 'registry.terraform.io/hashicorp/aws',
      alias: 'hub',
      expressions: {
        region: { constant_value: 'eu-central-1' },
        allowed_account_ids: { constant_value: ['111111111111'] },
      },
    },
    kubernetes: { name: 'kubernetes', full_name: 'registry.terraform.io/hashicorp/kubernetes' },
  };
  const items = [];
  const roleUnknown = {
    arn: true,
    id: true,
    unique_id: true,
    create_date: true,
    inline_policy: true,
    managed_policy_arns: true,
    tags_all: true,
  };
  items.push(
    change(
      'aws_iam_openid_connect_provider.hub',
      'aws_iam_openid_connect_provider',
      'hub',
      { url: `https://${ISSUER}`, client_id_list: ['sts.amazonaws.com'] },
      { arn: true },
      'aws.hub',
    ),
    change(
      'aws_iam_role.manager',
      'aws_iam_role',
      'manager',
      {
        name: 'argocd-manager',
        path: '/',
        max_session_duration: 3600,
        assume_role_policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'sts:AssumeRoleWithWebIdentity',
              Principal: { Federated: `arn:aws:iam::111111111111:oidc-provider/${ISSUER}` },
              Condition: {
                StringEquals: {
                  [`${ISSUER}:aud`]: 'sts.amazonaws.com',
                  [`${ISSUER}:sub`]: SAS.map((s) => `system:serviceaccount:argocd:${s}`),
                },
              },
            },
          ],
        }),
      },
      roleUnknown,
      'aws.hub',
    ),
    change(
      'aws_iam_role_policy.manager',
      'aws_iam_role_policy',
      'manager',
      {
        name: 'assume-deployers',
        role: 'argocd-manager',
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'sts:AssumeRole',
              Resource: 'arn:aws:iam::*:role/argocd/argocd-deployer',
            },
          ],
        }),
      },
      { id: true },
      'aws.hub',
    ),
  );
  for (let i = 0; i < n; i++) {
    const account = String(200000000000 + i);
    const key = `aws.spoke_${i}`;
    const cluster = `spoke-${i}`;
    providers[key] = {
      name: 'aws',
      full_name: 'registry.terraform.io/hashicorp/aws',
      alias: `spoke_${i}`,
      expressions: {
        region: { constant_value: 'eu-central-1' },
        assume_role: [
          { role_arn: { constant_value: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole` } },
        ],
      },
    };
    const arn = `arn:aws:iam::${account}:role/argocd/argocd-deployer`;
    items.push(
      change(
        `aws_iam_role.deployer_${i}`,
        'aws_iam_role',
        `deployer_${i}`,
        {
          name: 'argocd-deployer',
          path: '/argocd/',
          max_session_duration: 3600,
          assume_role_policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: 'arn:aws:iam::111111111111:role/argocd-manager' },
                Action: 'sts:AssumeRole',
              },
            ],
          }),
        },
        roleUnknown,
        key,
      ),
      change(
        `module.eks_${i}.aws_eks_access_entry.this["argocd"]`,
        'aws_eks_access_entry',
        'this',
        { cluster_name: cluster, principal_arn: arn, type: 'STANDARD' },
        { id: true, kubernetes_groups: true },
        key,
        { module_address: `module.eks_${i}`, index: 'argocd' },
      ),
      change(
        `module.eks_${i}.aws_eks_access_policy_association.this["argocd_admin"]`,
        'aws_eks_access_policy_association',
        'this',
        {
          cluster_name: cluster,
          principal_arn: arn,
          policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
          access_scope: [{ type: 'cluster', namespaces: [] }],
        },
        { id: true },
        key,
        { module_address: `module.eks_${i}`, index: 'argocd_admin' },
      ),
      change(
        `kubernetes_secret_v1.cluster["${cluster}"]`,
        'kubernetes_secret_v1',
        'cluster',
        {
          metadata: [
            {
              name: `argocd-cluster-${cluster}`,
              namespace: 'argocd',
              labels: { 'argocd.argoproj.io/secret-type': 'cluster' },
            },
          ],
          data: {
            name: cluster,
            server: `https://${(0xa0000000 + i).toString(16).toUpperCase()}0000000000000000000000.gr7.eu-central-1.eks.amazonaws.com`,
            config: JSON.stringify({
              awsAuthConfig: { clusterName: cluster, roleARN: arn },
              tlsClientConfig: { insecure: false, caData: CA },
            }),
          },
          type: 'Opaque',
        },
        { id: true },
        'kubernetes',
        { index: cluster },
      ),
    );
  }
  const values = SAS.map(
    (sa, j) =>
      `${['controller', 'applicationSet', 'server'][j]}:\n  serviceAccount:\n    name: ${sa}\n    annotations:\n      eks.amazonaws.com/role-arn: arn:aws:iam::111111111111:role/argocd-manager\n`,
  ).join('');
  items.push(
    change(
      'helm_release.argocd',
      'helm_release',
      'argocd',
      { chart: 'argo-cd', name: 'argocd', namespace: 'argocd', version: '10.1.1', values: [values], set: [] },
      { id: true, metadata: true },
      'helm',
    ),
  );
  const rootConfig = items
    .filter((x) => !x.rc.module_address)
    .map((x) => ({ ...x.config, address: x.config.address.replace(/\[.*\]$/, '') }));
  const moduleCalls = {};
  for (const x of items.filter((y) => y.rc.module_address)) {
    const m = x.rc.module_address.slice('module.'.length);
    moduleCalls[m] ??= { source: 'terraform-aws-modules/eks/aws', module: { resources: [] } };
    const rel = x.config.address.slice(x.rc.module_address.length + 1).replace(/\[.*\]$/, '');
    if (!moduleCalls[m].module.resources.some((r) => r.address === rel))
      moduleCalls[m].module.resources.push({ ...x.config, address: rel });
  }
  const seen = new Set();
  return {
    format_version: '1.2',
    terraform_version: '1.10.3',
    resource_changes: items.map((x) => x.rc),
    configuration: {
      provider_config: providers,
      root_module: {
        resources: rootConfig.filter((r) => (seen.has(r.address) ? false : seen.add(r.address))),
        module_calls: moduleCalls,
      },
    },
  };
}

if (process.argv[2] === '--child') {
  const file = process.argv[3];
  globalThis.gc?.();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const json = JSON.parse(readFileSync(file, 'utf8'));
  const t1 = performance.now();
  const { observeTerraformPlan } = await import('../dist/observe/terraform/observe.js');
  const { proveWithUnknowns } = await import('../dist/prove/unknowns.js');
  const t2 = performance.now();
  const observed = observeTerraformPlan(json);
  const t3 = performance.now();
  const result = proveWithUnknowns(observed.plan, observed.unknowns);
  const t4 = performance.now();
  const out = JSON.stringify(result, null, 2);
  const t5 = performance.now();
  const cpu = process.cpuUsage(c0);
  process.stdout.write(
    JSON.stringify({
      parseMs: t1 - t0,
      observeMs: t3 - t2,
      proveMs: t4 - t3,
      renderMs: t5 - t4,
      totalMs: t1 - t0 + (t5 - t2),
      // Includes loading the modules (t1..t2), which the wall figures leave out.
      cpuMs: (cpu.user + cpu.system) / 1000,
      outMb: out.length / 2 ** 20,
      peakMb: (process.resourceUsage().maxRSS * 1024) / 2 ** 20,
      clusters: result.matrix.clusters.length,
      cells: result.matrix.cells.length,
      holds: result.holds,
      unknowns: observed.unknowns.length,
      errors: result.findings.filter((f) => f.severity === 'error').map((f) => f.id),
    }),
  );
  process.exit(0);
}

const self = fileURLToPath(import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'fleetlink-bench-tf-'));
console.log(
  '| spokes | plan JSON | resource changes | parse | observe | prove | render JSON | total wall | CPU | peak RSS | holds |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
let failed = false;
try {
  for (const n of SIZES) {
    const doc = generate(n);
    const file = join(dir, `plan-${n}.json`);
    const text = JSON.stringify(doc);
    writeFileSync(file, text);
    const r = spawnSync(process.execPath, ['--expose-gc', self, '--child', file], { encoding: 'utf8' });
    if (r.status !== 0) {
      console.log(`| ${n} | failed: ${r.stderr.split('\n')[0]} |`);
      failed = true;
      continue;
    }
    const m = JSON.parse(r.stdout);
    const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
    console.log(
      `| ${n} | ${(text.length / 2 ** 20).toFixed(1)} MB | ${doc.resource_changes.length} | ${s(m.parseMs)} | ${s(m.observeMs)} | ${s(m.proveMs)} | ${s(m.renderMs)} | ${s(m.totalMs)} | ${s(m.cpuMs)} | ${m.peakMb.toFixed(0)} MB | ${m.holds ? 'yes' : `no (${m.errors.join(', ') || `${m.unknowns} unknown`})`} |`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
