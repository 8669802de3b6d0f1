/**
 * Golden files of `fleetlink synth --target terraform` for each bundled example (and one variant
 * with cluster Secrets and import blocks), and a read-back of each: the HCL is parsed with
 * HashiCorp's parser, the `for_each` maps and `jsonencode()` documents are evaluated, and the
 * resulting resource instances are compared with the AccessPlan — role by role, entry by entry —
 * so a golden that is byte-stable but wrong still fails.
 * Regenerate after an intended change: UPDATE_GOLDEN=1 npx vitest run test/render/terraform/golden.test.ts
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { AccessPlan, RolePlan } from '../../../src/plan/types.js';
import { clusterConfigObject } from '../../../src/render/argocd/cluster-config.js';
import { sliceAccessPlan } from '../../../src/render/cdk/slices.js';
import type { TerraformOptions } from '../../../src/render/terraform/index.js';
import { examples, planOf, render } from './helpers/examples.js';
import { type Instance, type Json, type Module, readModule } from './helpers/hcl-read.js';

const GOLDEN = join(import.meta.dirname, 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

const CASES: readonly {
  name: string;
  example: string;
  options: Omit<TerraformOptions, 'stackSetTemplates'>;
}[] = [
  ...examples.map((e) => ({ name: e, example: e, options: {} })),
  {
    name: 'least-privilege+cluster-secrets+imports',
    example: 'least-privilege',
    options: { clusterSecrets: true, imports: ['oidc-provider', 'roles', 'access-entries'] },
  },
  { name: 'organization+cluster-secrets', example: 'organization', options: { clusterSecrets: true } },
];

function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .flatMap((f) =>
      statSync(join(dir, f)).isDirectory() ? listFiles(join(dir, f), `${prefix}${f}/`) : [`${prefix}${f}`],
    )
    .sort();
}

const of = (m: Module, type: string): Instance[] =>
  [...m.instances.values()].filter((i) => i.type === type && i.mode === 'resource');
const data = (m: Module, type: string): Instance[] =>
  [...m.instances.values()].filter((i) => i.type === type && i.mode === 'data');
const json = (v: Json | undefined): unknown => JSON.parse(v as string);
const accountOf = (i: Instance): string => /^aws\.account_(\d{12})$/.exec(i.provider ?? '')?.[1] ?? '(none)';

/** Roles Terraform creates itself (not through a StackSet). */
function terraformRoles(plan: AccessPlan): RolePlan[] {
  const slices = sliceAccessPlan(plan);
  return [...slices.hub.roles, ...slices.spokes.flatMap((s) => s.roles)];
}

describe('synth --target terraform golden files', () => {
  for (const c of CASES)
    it(`${c.name}: matches the golden files and reads back as the plan`, async () => {
      const plan = planOf(c.example);
      const { files } = await render(plan, c.options);
      const dir = join(GOLDEN, c.name);
      if (update) {
        rmSync(dir, { recursive: true, force: true });
        for (const [f, text] of files) {
          mkdirSync(dirname(join(dir, f)), { recursive: true });
          writeFileSync(join(dir, f), text);
        }
      }
      expect(listFiles(dir)).toEqual([...files.keys()]);
      for (const [f, text] of files) expect(text, f).toBe(readFileSync(join(dir, f), 'utf8'));
      // Nothing points at files of `fleetlink plan --out` that this directory does not have.
      for (const [f, text] of files) expect(text, f).not.toMatch(/argocd\/(clusters|pending)\//);

      // Read back the golden files themselves, not the renderer's memory.
      const golden = new Map(listFiles(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
      const m = await readModule(golden);
      assertRoles(m, plan);
      assertAccess(m, plan);
      assertHub(m, plan);
      assertProviders(m, plan, golden);
      if (plan.organization) await assertOrganization(m, plan);
      if (c.options.clusterSecrets) assertSecrets(m, plan);
      if (c.options.imports) assertImports(m);
      if (plan.identity !== 'eks-capability') assertValues(golden, plan, c.options.clusterSecrets ?? false);
      assertChecks(m, plan);
    });
});

function assertRoles(m: Module, plan: AccessPlan): void {
  const roles = of(m, 'aws_iam_role');
  const expected = terraformRoles(plan);
  expect(roles.map((r) => `${accountOf(r)} ${r.args.name}`).sort()).toEqual(
    [...new Set(expected.map((r) => `${r.account} ${r.name}`))].sort(),
  );
  for (const r of expected) {
    const tf = roles.find((i) => i.args.name === r.name && accountOf(i) === r.account) as Instance;
    expect(tf.args.path).toBe(r.path);
    expect(json(tf.args.assume_role_policy)).toEqual(r.trustPolicy);
    expect(tf.args.max_session_duration).toBe(r.maxSessionDuration);
    expect(tf.args.tags).toEqual(r.tags);
    if (r.kind === 'deployer' && terraformRoles(plan).some((x) => x.kind !== 'deployer'))
      expect(tf.dependsOn, `${r.name} waits for the management role it trusts`).toContain(
        `aws_iam_role.${plan.roles.find((x) => x.kind !== 'deployer')?.kind}`,
      );
    const inline = of(m, 'aws_iam_role_policy').filter(
      (p) => p.args.role === r.name && accountOf(p) === r.account,
    );
    expect(inline.map((p) => ({ name: p.args.name, document: json(p.args.policy) }))).toEqual(
      r.inlinePolicies.map((p) => ({ name: p.name, document: p.document })),
    );
    for (const p of inline) expect(p.dependsOn).toContain(tf.address.replace(/\[.*$/, ''));
  }
}

function assertAccess(m: Module, plan: AccessPlan): void {
  const entries = of(m, 'aws_eks_access_entry');
  expect(entries).toHaveLength(plan.accessEntries.length);
  for (const e of plan.accessEntries) {
    const tf = entries.find((i) => i.key === e.cluster) as Instance;
    expect(tf, e.cluster).toBeDefined();
    expect(accountOf(tf)).toBe(e.account);
    expect(tf.args).toMatchObject({
      region: e.region,
      cluster_name: e.clusterName,
      principal_arn: e.principalArn,
      type: e.type,
    });
    expect(tf.args.kubernetes_groups ?? []).toEqual(e.kubernetesGroups);
    // The principal exists before the entry: the resource that creates it is a dependency.
    const creator = plan.roles.some((r) => r.arn === e.principalArn && r.kind === 'deployer')
      ? tf.dependsOn.find((d) =>
          /^aws_iam_role\.deployer_\d{12}$|^aws_cloudformation_stack_set_instance\.deployer$/.test(d),
        )
      : tf.dependsOn.find((d) => d === 'aws_iam_role.capability');
    expect(creator, `${e.cluster} depends on its principal's creator`).toBeDefined();
  }
  const associations = of(m, 'aws_eks_access_policy_association');
  const want = plan.accessEntries.flatMap((e) =>
    e.accessPolicies.map((p) => ({
      account: e.account,
      region: e.region,
      cluster_name: e.clusterName,
      principal_arn: e.principalArn,
      policy_arn: p.policyArn,
      access_scope: [
        {
          type: p.accessScope.type,
          namespaces: p.accessScope.type === 'namespace' ? [...(p.accessScope.namespaces ?? [])] : null,
        },
      ],
    })),
  );
  const got = associations.map((a) => ({
    account: accountOf(a),
    region: a.args.region,
    cluster_name: a.args.cluster_name,
    principal_arn: a.args.principal_arn,
    policy_arn: a.args.policy_arn,
    access_scope: a.args.access_scope,
  }));
  const key = (x: { cluster_name: unknown; principal_arn: unknown; policy_arn: unknown }) =>
    `${x.cluster_name} ${x.principal_arn} ${x.policy_arn}`;
  expect(got.sort((a, b) => (key(a) < key(b) ? -1 : 1))).toEqual(
    want.sort((a, b) => (key(a) < key(b) ? -1 : 1)),
  );
  // One resource per principal and policy: two would overwrite each other's namespace list.
  expect(new Set(got.map(key)).size).toBe(got.length);
  for (const a of associations) expect(a.dependsOn).toEqual([`aws_eks_access_entry.${a.name}`]);
}

function assertHub(m: Module, plan: AccessPlan): void {
  const created = of(m, 'aws_iam_openid_connect_provider');
  const existing = data(m, 'aws_iam_openid_connect_provider');
  expect(created.map((p) => ({ url: p.args.url, client_id_list: p.args.client_id_list }))).toEqual(
    plan.oidcProviders
      .filter((p) => p.create)
      .map((p) => ({ url: p.issuerUrl, client_id_list: [...p.clientIds] })),
  );
  expect(existing.map((p) => p.args.arn)).toEqual(
    plan.oidcProviders.filter((p) => !p.create).map((p) => p.arn),
  );
  const pods = of(m, 'aws_eks_pod_identity_association');
  expect(
    pods.map((p) => ({
      cluster: p.args.cluster_name,
      ns: p.args.namespace,
      sa: p.args.service_account,
      role: p.args.role_arn,
      region: p.args.region,
    })),
  ).toEqual(
    plan.podIdentityAssociations.map((p) => ({
      cluster: p.clusterName,
      ns: p.namespace,
      sa: p.serviceAccount,
      role: p.roleArn,
      region: p.region,
    })),
  );
  for (const p of pods) expect(p.dependsOn).toContain('aws_iam_role.management');
}

function assertProviders(m: Module, plan: AccessPlan, files: ReadonlyMap<string, string>): void {
  const providers = (m.blocks('provider') as Record<string, Record<string, unknown>[]>[]).flatMap(
    (p) => p.aws ?? [],
  );
  const aliases = providers.map((p) => p.alias as string);
  expect(new Set(aliases).size).toBe(aliases.length);
  for (const p of providers) {
    const account = (p.alias as string).replace('account_', '');
    expect(p.allowed_account_ids).toEqual([account]);
    const assume = (p.assume_role as Record<string, unknown>[])[0] as Record<string, unknown>;
    expect(assume.role_arn).toBe(
      `\${lookup(var.assume_role_arns, "${account}", "arn:${plan.hub.partition}:iam::${account}:role/\${var.assume_role_name}")}`,
    );
  }
  // Every instance names a provider alias that exists, and no credential is written anywhere.
  for (const i of m.instances.values())
    if (i.type.startsWith('aws_')) expect(aliases).toContain(i.provider?.replace('aws.', ''));
  for (const [f, text] of files) expect(text, f).not.toMatch(/access_key|secret_key|AKIA[0-9A-Z]{16}/);
}

async function assertOrganization(m: Module, plan: AccessPlan): Promise<void> {
  const { cdkStackSetTemplates } = await import('../../../src/cli/terraform-synth.js');
  const templates = (await cdkStackSetTemplates(plan, {})) ?? new Map();
  const sets = of(m, 'aws_cloudformation_stack_set');
  expect(sets.length).toBe(templates.size);
  for (const s of sets) {
    expect(json(s.args.template_body)).toEqual(templates.get(s.args.name as string));
    expect(s.args).toMatchObject({
      permission_model: 'SERVICE_MANAGED',
      capabilities: ['CAPABILITY_NAMED_IAM'],
    });
    expect(s.args.auto_deployment).toEqual([{ enabled: true, retain_stacks_on_account_removal: false }]);
  }
  const org = sliceAccessPlan(plan).organization!;
  const instances = of(m, 'aws_cloudformation_stack_set_instance');
  expect(
    instances
      .flatMap(
        (i) =>
          (i.args.deployment_targets as { organizational_unit_ids: string[] }[])[0]?.organizational_unit_ids,
      )
      .sort(),
  ).toEqual(org.deployers.flatMap(() => org.organizationalUnits).sort());
  for (const i of instances) expect(i.args.stack_set_instance_region).toBe(org.instanceRegion);
  // Each target OU's accounts are read while planning, from the StackSet's administrator account,
  // so the plan states where the StackSet deploys.
  const members = data(m, 'aws_organizations_organizational_unit_descendant_accounts');
  expect(members.map((d) => d.args.parent_id).sort()).toEqual([...org.organizationalUnits].sort());
  for (const d of members) expect(d.provider).toBe(`aws.account_${org.account}`);
  // The StackSet's role is not created a second time by an aws_iam_role in a spoke account.
  for (const d of org.deployers)
    for (const account of d.accounts)
      expect(of(m, 'aws_iam_role').some((r) => accountOf(r) === account && r.args.name === d.role.name)).toBe(
        false,
      );
}

function assertSecrets(m: Module, plan: AccessPlan): void {
  const secrets = of(m, 'kubernetes_secret_v1');
  expect(secrets.map((s) => s.key).sort()).toEqual(plan.clusters.map((c) => c.name).sort());
  for (const c of plan.clusters) {
    const s = secrets.find((x) => x.key === c.name) as Instance;
    const meta = (s.args.metadata as Record<string, Json>[])[0] as Record<string, Json>;
    expect(meta.name).toBe(c.secretName);
    expect(meta.namespace).toBe(plan.argocd.namespace);
    expect((meta.labels as Record<string, string>)['argocd.argoproj.io/secret-type']).toBe('cluster');
    const d = s.args.data as Record<string, Json>;
    expect(d.name).toBe(c.name);
    expect(d.server).toBe(c.server);
    if (plan.identity === 'eks-capability') {
      expect(d.config).toBeUndefined();
      continue;
    }
    const config = json(d.config) as { tlsClientConfig: { caData?: unknown } };
    const want = clusterConfigObject(c.config) as { tlsClientConfig: { caData?: unknown } };
    if (c.caSource) {
      // The CA comes from Terraform's lookup, never from a placeholder and never double-encoded.
      expect(config.tlsClientConfig.caData).toEqual({ $local: ['cluster_ca_data', c.name] });
      want.tlsClientConfig = { ...want.tlsClientConfig };
      delete want.tlsClientConfig.caData;
      delete config.tlsClientConfig.caData;
    }
    expect(config).toEqual(want);
  }
  const locals = Object.assign({}, ...(m.blocks('locals') as Record<string, unknown>[][]).flat()) as Record<
    string,
    string
  >;
  for (const c of plan.clusters.filter((x) => x.caSource)) {
    const ca = (locals.cluster_ca_data as unknown as Record<string, string>)[c.name] as string;
    if (c.caSource?.kind === 'discover') {
      expect(ca).toBe(`\${data.aws_eks_cluster.ca_${c.account}["${c.name}"].certificate_authority[0].data}`);
      expect(ca).not.toContain('base64encode');
    } else {
      const v = `trimspace(data.aws_ssm_parameter.ca_${c.account}["${c.name}"].value)`;
      expect(ca).toBe(`\${startswith(${v}, "-----BEGIN") ? base64encode(${v}) : ${v}}`);
    }
  }
}

function assertImports(m: Module): void {
  const imports = (m.blocks('import') as Record<string, string>[][]).flat();
  const byTo = new Map(imports.map((i) => [i.to?.replace(/^\$\{|\}$/g, ''), i]));
  for (const [address, i] of m.instances) {
    if (i.mode !== 'resource') continue;
    if (i.type === 'aws_eks_access_entry')
      expect(byTo.get(address)?.id).toBe(`${i.args.cluster_name}:${i.args.principal_arn}`);
    if (i.type === 'aws_eks_access_policy_association')
      expect(byTo.get(address)?.id).toBe(
        `${i.args.cluster_name}#${i.args.principal_arn}#${i.args.policy_arn}`,
      );
    if (i.type === 'aws_iam_role') expect(byTo.get(address)?.id).toBe(i.args.name);
    if (i.type === 'aws_iam_role_policy') expect(byTo.get(address)?.id).toBe(`${i.args.role}:${i.args.name}`);
    if (i.type === 'aws_iam_openid_connect_provider')
      expect(byTo.get(address)?.id).toMatch(/^arn:aws:iam::\d{12}:oidc-provider\//);
  }
  // Every import targets an address that exists.
  for (const to of byTo.keys()) expect(m.instances.has(to as string), to).toBe(true);
}

function assertValues(files: ReadonlyMap<string, string>, plan: AccessPlan, secrets: boolean): void {
  const values = parseYaml(files.get('argocd/values.yaml') as string, { version: '1.1' }) as {
    configs?: { clusterCredentials: Record<string, unknown> };
  } & Record<string, { serviceAccount: { name: string } }>;
  for (const sa of plan.serviceAccounts) expect(values[sa.valuesKey]?.serviceAccount.name).toBe(sa.name);
  const registered = Object.keys(values.configs?.clusterCredentials ?? {}).sort();
  expect(registered).toEqual(
    secrets
      ? []
      : plan.clusters
          .filter((c) => !c.caSource)
          .map((c) => c.name)
          .sort(),
  );
  // No placeholder CA reaches the chart.
  expect(files.get('argocd/values.yaml')).not.toContain('<caData');
}

type CheckBody = {
  data?: Record<string, Record<string, Record<string, unknown>[]>>;
  assert: { condition: string; error_message: string }[];
};

function assertChecks(m: Module, plan: AccessPlan): void {
  const checks = Object.values(
    Object.assign({}, ...(m.blocks('check') as Record<string, CheckBody[]>[])) as Record<string, CheckBody[]>,
  ).flat();
  const scoped = (type: string) =>
    checks.flatMap((c) =>
      Object.entries(c.data?.[type] ?? {}).flatMap(([name, bodies]) =>
        bodies.map((d) => ({ d, name, condition: c.assert[0]?.condition ?? '' })),
      ),
    );
  // Data source addresses are unique in the module, scoped ones included (Terraform rejects duplicates).
  const scopedAddresses = checks.flatMap((c) =>
    Object.entries(c.data ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`)),
  );
  expect(new Set(scopedAddresses).size, 'scoped data sources are unique').toBe(scopedAddresses.length);
  const topLevel = new Set(
    [...m.instances.values()].filter((i) => i.mode === 'data').map((i) => `${i.type}.${i.name}`),
  );
  for (const a of scopedAddresses) expect(topLevel.has(a), a).toBe(false);
  // Every access entry is read back from the EKS API, in its account and region, after it is created.
  const entries = scoped('aws_eks_access_entry');
  for (const e of plan.accessEntries) {
    const c = entries.find((x) => x.d.cluster_name === e.clusterName && x.d.principal_arn === e.principalArn);
    expect(c, `check of ${e.cluster}`).toBeDefined();
    expect(c?.d.region).toBe(e.region);
    expect(c?.d.provider).toBe(`\${aws.account_${e.account}}`);
    expect(c?.d.depends_on).toEqual([`\${aws_eks_access_entry.spoke_${e.account}}`]);
    expect(c?.condition).toContain(`== "${e.type}"`);
    expect(c?.condition).toContain(`== "${[...e.kubernetesGroups].sort().join(',')}"`);
  }
  // Every role Terraform creates has its trust compared with its own planned document.
  const roles = scoped('aws_iam_role');
  for (const r of of(m, 'aws_iam_role')) {
    const c = roles.find((x) => x.d.name === r.args.name && x.d.provider === `\${${r.provider}}`);
    expect(c, `check of ${r.address}`).toBeDefined();
    expect(c?.condition).toBe(
      `\${jsondecode(data.aws_iam_role.${c?.name}.assume_role_policy) == jsondecode(${r.address}.assume_role_policy)}`,
    );
  }
  // A StackSet's role is checked in every account the plan expects it in, against the plan's document.
  for (const d of sliceAccessPlan(plan).organization?.deployers ?? [])
    for (const account of d.accounts) {
      const c = roles.find((x) => x.d.name === d.role.name && x.d.provider === `\${aws.account_${account}}`);
      expect(c?.condition, `${d.role.name} in ${account}`).toContain('jsonencode({');
      // biome-ignore lint/suspicious/noTemplateCurlyInString: hcl2json's form of a reference
      expect(c?.d.depends_on).toEqual(['${aws_cloudformation_stack_set_instance.deployer}']);
    }
}
