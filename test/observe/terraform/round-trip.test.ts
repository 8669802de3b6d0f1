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

function synth(name: string): Map<string, string> {
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
    return undefined;
  };
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

  it.each(EXAMPLES.filter((n) => n !== 'organization'))('%s', async (name) => {
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
  it('the reader does not expand StackSet templates: the intended paths show blocked, never a false green', async () => {
    const plan = await examplePlan('organization');
    const files = synth('organization');
    files.set('argocd-release.tf', release(plan));
    const observed = observeTerraformPlan(await planJsonFromTerraform(files, factsOf(plan)));
    expect(observed.plan.roles.filter((r) => r.kind === 'deployer')).toEqual([]);
    const got = proveWithUnknowns(observed.plan, observed.unknowns);
    expect(got.holds).toBe(false);
    expect(got.matrix.cells.filter((c) => c.intended).every((c) => !c.reachable)).toBe(true);
    expect(got.matrix.cells.filter((c) => c.reachable)).toEqual([]);
  });
});
