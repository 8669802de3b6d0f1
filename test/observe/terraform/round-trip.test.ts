/**
 * Round trip: fleet → `synth --target terraform` → the JSON `terraform show -json` would give for
 * a plan of it (test/helpers/terraform-plan-json.ts) → `prove --terraform-plan`'s observer →
 * prove. For every example the access matrix must be the fleet's own: same principals, same
 * clusters, every cell reachable and intended alike — without the fleet as intent.
 * Spawns the built CLI for synth (npm test builds first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { observeTerraformPlan } from '../../../src/observe/terraform/observe.js';
import type { AccessPlan } from '../../../src/plan/types.js';
import { prove } from '../../../src/prove/prove.js';
import type { AccessMatrix } from '../../../src/prove/types.js';
import { proveWithUnknowns } from '../../../src/prove/unknowns.js';
import { type Facts, planJsonFromTerraform } from '../../helpers/terraform-plan-json.js';
import { examplePlan } from '../../prove/helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'fleetlink-tf-roundtrip-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const EXAMPLES = readdirSync('examples').filter((d) => existsSync(join('examples', d, 'fleet.yaml')));
/** EKS certificateAuthority.data as DescribeCluster returns it (base64 of a PEM), for CA lookups. */
const CA = readFileSync('test/fleet/fixtures/ca.pem', 'utf8');
const CA_DATA = Buffer.from(CA.trim()).toString('base64');

const synthesized = new Map<string, ReadonlyMap<string, string>>();

/** The generated module's files (synthesized once per example; each caller gets its own copy). */
function synth(name: string): Map<string, string> {
  const hit = synthesized.get(name) ?? synthOnce(name);
  synthesized.set(name, hit);
  return new Map(hit);
}

function synthOnce(name: string): Map<string, string> {
  const out = join(tmp, name);
  const r = spawnSync(
    process.execPath,
    [
      'dist/cli/main.js',
      'synth',
      '--target',
      'terraform',
      `examples/${name}/fleet.yaml`,
      '--out',
      out,
      '--cluster-secrets',
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`synth ${name}: ${r.stderr}`);
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else files.set(relative(out, p), readFileSync(p, 'utf8'));
    }
  };
  walk(out);
  return files;
}

/** The user's own Argo CD release, reading the overlay the way its header says. */
function release(plan: AccessPlan): string {
  return `resource "helm_release" "argocd" {
  name       = "${plan.argocd.releaseName}"
  repository = "https://argoproj.github.io/argo-helm"
  chart      = "argo-cd"
  version    = "${plan.argocd.chartVersion}"
  namespace  = "${plan.argocd.namespace}"
  values     = [file("\${path.module}/argocd/values.yaml")]
}
`;
}

/** What the AWS API would answer for the data sources, as the fleet describes the accounts. */
function factsOf(plan: AccessPlan): Facts {
  return (type, args, provider) => {
    if (type === 'aws_iam_openid_connect_provider') {
      const p = plan.oidcProviders.find((x) => x.arn === args.arn || x.issuerUrl === args.url);
      return (
        p && {
          arn: p.arn,
          url: p.issuerHost,
          client_id_list: [...p.clientIds],
          thumbprint_list: [],
          tags: {},
        }
      );
    }
    if (type === 'aws_eks_cluster') {
      const c = plan.clusters.find(
        (x) => x.clusterName === args.name && (!provider.account || x.account === provider.account),
      );
      const hub = plan.hub.clusterName === args.name && plan.hub.account === provider.account;
      if (!c && !hub) return undefined;
      return {
        arn: `arn:${plan.hub.partition}:eks:${c?.region ?? plan.hub.region}:${provider.account}:cluster/${args.name}`,
        endpoint: c?.server ?? 'https://HUB0000000000000000000000000000.gr7.example.eks.amazonaws.com',
        certificate_authority: [{ data: CA_DATA }],
        identity: [{ oidc: [{ issuer: plan.hub.oidcIssuer ?? '' }] }],
      };
    }
    if (type === 'aws_ssm_parameter') return { value: CA_DATA, type: 'String', version: 1 };
    if (type === 'aws_caller_identity')
      return provider.account ? { account_id: provider.account } : undefined;
    if (type === 'aws_partition') return { partition: plan.hub.partition, dns_suffix: 'amazonaws.com' };
    if (type === 'aws_organizations_organizational_unit_descendant_accounts') {
      const accounts = membership(plan).get(String(args.parent_id));
      return accounts && { parent_id: args.parent_id, id: args.parent_id, accounts };
    }
    return undefined;
  };
}

/**
 * ListAccountsForParent as the Organization would answer it: the fleet's deployer accounts spread
 * over its OUs, plus an account no spoke uses (it gets the role too) and a suspended one (the
 * StackSet's instance there fails, so it has no role).
 */
function membership(plan: AccessPlan): Map<string, { id: string; status: string }[]> {
  const ous = plan.organization?.organizationalUnits ?? [];
  const accounts = [...new Set(plan.roles.filter((r) => r.kind === 'deployer').map((r) => r.account))].sort();
  const out = new Map<string, { id: string; status: string }[]>(ous.map((ou) => [ou, []]));
  accounts.forEach((a, n) => {
    out.get(ous[n % ous.length] as string)?.push({ id: a, status: 'ACTIVE' });
  });
  out.get(ous[0] as string)?.push({ id: '999999999999', status: 'ACTIVE' });
  out.get(ous[0] as string)?.push({ id: '888888888888', status: 'SUSPENDED' });
  return out;
}

function cells(m: AccessMatrix): Record<string, string> {
  return Object.fromEntries(
    m.cells.map((c) => [
      `${c.witness} × ${c.cluster}`,
      `${c.reachable ? 'reach' : c.undetermined ? '?' : 'none'}${c.intended ? ' (intended)' : ''}`,
    ]),
  );
}

describe("round trip: the generated Terraform proves to the fleet's access matrix", () => {
  const observe = async (name: string, plan: AccessPlan) => {
    const files = synth(name);
    // The EKS capability runs Argo CD as a managed service: there is no release of the user's.
    if (files.has('argocd/values.yaml')) files.set('argocd-release.tf', release(plan));
    const json = await planJsonFromTerraform(files, factsOf(plan));
    // The capability itself (and so the hub cluster it runs on) is created outside this module:
    // the fleet supplies the hub; everything else is read from the plan.
    return observeTerraformPlan(json, plan.identity === 'eks-capability' ? { intent: plan } : {});
  };

  it.each(EXAMPLES)('%s', async (name) => {
    const plan = await examplePlan(name);
    const observed = await observe(name, plan);
    expect(observed.unknowns).toEqual([]);
    const got = proveWithUnknowns(observed.plan, observed.unknowns);
    const want = prove(plan);
    expect(got.matrix.clusters.slice().sort()).toEqual(want.matrix.clusters.slice().sort());
    expect(got.matrix.witnesses.map((w) => w.id).sort()).toEqual(
      want.matrix.witnesses.map((w) => w.id).sort(),
    );
    expect(cells(got.matrix)).toEqual(cells(want.matrix));
    expect(got.holds).toBe(want.holds);
  });
});

describe('round trip, organization (deployer roles in a StackSet)', () => {
  it("expands the StackSet's template into the role of every active account of its OUs", async () => {
    const plan = await examplePlan('organization');
    const files = synth('organization');
    files.set('argocd-release.tf', release(plan));
    const observed = observeTerraformPlan(await planJsonFromTerraform(files, factsOf(plan)));
    const deployers = observed.plan.roles.filter((r) => r.kind === 'deployer');
    // 999999999999 is in an OU but no spoke's; the suspended 888888888888 gets no stack.
    expect(deployers.map((r) => r.arn).sort()).toEqual([
      'arn:aws:iam::222222222222:role/fleetlink/argocd-deployer',
      'arn:aws:iam::333333333333:role/fleetlink/argocd-deployer',
      'arn:aws:iam::444444444444:role/fleetlink/argocd-deployer',
      'arn:aws:iam::999999999999:role/fleetlink/argocd-deployer',
    ]);
    // The trust policy is the template's, as the fleet planned it.
    const planned = plan.roles.find((r) => r.id === 'deployer/shop-dev');
    const read = deployers.find((r) => r.arn === planned?.arn);
    expect(read?.trustPolicy).toEqual(planned?.trustPolicy);
    expect(read?.id).toBe('deployer/shop-dev');
  });

  it('without the OU membership in the plan, the StackSet-made paths are inconclusive, never guessed', async () => {
    const plan = await examplePlan('organization');
    const files = synth('organization');
    files.set('argocd-release.tf', release(plan));
    // The user's own Terraform, without the descendant-accounts lookup (or without the right to read Organizations).
    const org = files.get('organization.tf') as string;
    files.set(
      'organization.tf',
      withoutBlock(org, 'data "aws_organizations_organizational_unit_descendant_accounts"'),
    );
    files.set('organization.tf', withoutBlock(files.get('organization.tf') as string, 'check "'));
    const observed = observeTerraformPlan(await planJsonFromTerraform(files, factsOf(plan)));
    expect(observed.plan.roles.filter((r) => r.kind === 'deployer')).toEqual([]);
    const got = proveWithUnknowns(observed.plan, observed.unknowns);
    expect(got.holds).toBe(false);
    expect(got.verdict).toBe('inconclusive');
    // Each OU's StackSet instance may or may not reach each spoke's account: one cause for each.
    const causes = got.causes.filter((c) => c.kind === 'unknown-until-apply');
    const bySource = new Map<string, string[]>();
    for (const c of causes) {
      expect(c).toMatchObject({ attribute: 'deployment_targets.organizational_unit_ids' });
      const source = 'source' in c ? c.source : '';
      bySource.set(source, [...(bySource.get(source) ?? []), 'affects' in c ? c.affects : ''].sort());
    }
    const clusters = plan.clusters.map((c) => `access to ${c.name}`).sort();
    expect(Object.fromEntries(bySource)).toEqual(
      Object.fromEntries(
        (plan.organization?.organizationalUnits ?? []).map((ou) => [
          `aws_cloudformation_stack_set_instance.deployer["argocd-deployer/${ou}"]`,
          clusters,
        ]),
      ),
    );
    // Every spoke's column is undetermined; nothing is reported reachable.
    for (const cell of got.matrix.cells.filter((c) => c.cluster !== 'in-cluster')) {
      expect(cell.reachable).toBe(false);
      expect(cell.undetermined).toBeDefined();
    }
  });
});

/** `text` without the top-level block that starts with `head` (a line `head…{` to its closing `}`). */
function withoutBlock(text: string, head: string): string {
  const start = text.indexOf(head);
  if (start < 0) throw new Error(`no ${head}`);
  const end = text.indexOf('\n}\n', start);
  return text.slice(0, start) + text.slice(end + 3);
}

describe('round trip, cross-account Pod Identity (target_role_arn)', () => {
  it("leaves the service account's row undetermined: the pod holds the target role, which this AccessPlan cannot carry", async () => {
    const plan = await examplePlan('pod-identity');
    const files = synth('pod-identity');
    files.set('argocd-release.tf', release(plan));
    const json = (await planJsonFromTerraform(files, factsOf(plan))) as {
      resource_changes: { type: string; change: { after: Record<string, unknown> } }[];
    };
    const associations = json.resource_changes.filter((r) => r.type === 'aws_eks_pod_identity_association');
    const controller = associations.find(
      (r) => r.change.after.service_account === 'argocd-application-controller',
    );
    if (!controller) throw new Error('no association of the application controller');
    controller.change.after.target_role_arn = 'arn:aws:iam::222222222222:role/argocd-target';
    const observed = observeTerraformPlan(json);
    expect(observed.unknowns).toMatchObject([
      {
        attribute: 'target_role_arn',
        effect: { kind: 'service-account', name: 'argocd-application-controller' },
      },
    ]);
    const got = proveWithUnknowns(observed.plan, observed.unknowns);
    expect(got.verdict).toBe('inconclusive');
    const want = cells(prove(plan).matrix);
    for (const c of got.matrix.cells) {
      const key = `${c.witness} × ${c.cluster}`;
      if (c.witness === 'sa:argocd/argocd-application-controller') {
        expect(c.undetermined, key).toBeDefined();
        expect(c.reachable, key).toBe(false);
      } else expect(cells({ ...got.matrix, cells: [c] })[key], key).toBe(want[key]);
    }
  });
});

describe('round trip, helm_release set / set_sensitive', () => {
  it("a set entry overrides the values file, as Helm applies it: the controller's IRSA role is the set one", async () => {
    const plan = await examplePlan('two-accounts');
    const files = synth('two-accounts');
    files.set('argocd-release.tf', release(plan));
    const json = (await planJsonFromTerraform(files, factsOf(plan))) as {
      resource_changes: { type: string; change: { after: Record<string, unknown> } }[];
    };
    const helm = json.resource_changes.find((r) => r.type === 'helm_release');
    if (!helm) throw new Error('no helm_release');
    const other = 'arn:aws:iam::111111111111:role/somebody-else';
    helm.change.after.set = [{ name: 'server.replicas', value: '2', type: 'auto' }];
    helm.change.after.set_sensitive = [
      {
        name: 'controller.serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn',
        value: other,
        type: 'string',
      },
    ];
    const observed = observeTerraformPlan(json);
    expect(observed.unknowns).toEqual([]);
    const controller = observed.plan.serviceAccounts.find((s) => s.component === 'application-controller');
    expect(controller?.annotations['eks.amazonaws.com/role-arn']).toBe(other);
    // The intended paths now start at a role the plan does not hold: prove says no, not yes.
    expect(proveWithUnknowns(observed.plan, observed.unknowns).holds).toBe(false);
  });
});

describe('round trip, cluster Secrets as kubernetes_manifest', () => {
  it('reads a core/v1 Secret manifest (stringData, and base64 data) like the kubernetes_secret_v1 it amounts to', async () => {
    const plan = await examplePlan('two-accounts');
    const files = synth('two-accounts');
    files.set('argocd-release.tf', release(plan));
    const json = (await planJsonFromTerraform(files, factsOf(plan))) as {
      resource_changes: {
        address: string;
        type: string;
        name: string;
        change: { after: Record<string, unknown>; after_unknown: Record<string, unknown> };
      }[];
    };
    let secrets = 0;
    for (const rc of json.resource_changes) {
      if (rc.type !== 'kubernetes_secret_v1') continue;
      secrets++;
      const { metadata, data } = rc.change.after as {
        metadata: Record<string, unknown>[];
        data: Record<string, string>;
      };
      const { config, ...plain } = data;
      rc.type = 'kubernetes_manifest';
      rc.address = rc.address.replace('kubernetes_secret_v1.', 'kubernetes_manifest.');
      rc.change.after = {
        manifest: {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: metadata[0],
          type: 'Opaque',
          stringData: plain,
          data: { config: Buffer.from(config ?? '').toString('base64') },
        },
      };
      rc.change.after_unknown = { object: true };
    }
    expect(secrets).toBeGreaterThan(0);
    const observed = observeTerraformPlan(json);
    expect(observed.unknowns).toEqual([]);
    expect(observed.plan.clusters.map((c) => c.name).sort()).toEqual(plan.clusters.map((c) => c.name).sort());
    const got = proveWithUnknowns(observed.plan, observed.unknowns);
    expect(cells(got.matrix)).toEqual(cells(prove(plan).matrix));
    expect(got.holds).toBe(true);
  });
});
