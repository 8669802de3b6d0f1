/**
 * Reading `terraform show -json` plans into an AccessPlan, and proving them. The fixtures under
 * test/fixtures/terraform-plan/ follow Terraform's documented JSON output format (see the README
 * there); tests that need a variant edit a copy of a fixture.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { observeTerraformPlan, TerraformPlanError } from '../../../src/observe/terraform/observe.js';
import { proveWithUnknowns } from '../../../src/prove/unknowns.js';
import { examplePlan } from '../../prove/helpers.js';

type Json = Record<string, unknown> & { resource_changes: RC[] };
interface RC {
  address: string;
  change: { actions: string[]; after: Record<string, unknown>; after_unknown: Record<string, unknown> };
}

const load = (name: string): Json =>
  JSON.parse(readFileSync(`test/fixtures/terraform-plan/${name}.json`, 'utf8')) as Json;
const change = (doc: Json, address: string): RC['change'] => {
  const rc = doc.resource_changes.find((r) => r.address === address);
  if (!rc) throw new Error(`no ${address}`);
  return rc.change;
};
const proveDoc = (doc: unknown) => {
  const observed = observeTerraformPlan(doc);
  return { observed, result: proveWithUnknowns(observed.plan, observed.unknowns) };
};
const ids = (findings: readonly { id: string }[]) => [...new Set(findings.map((f) => f.id))].sort();
const cell = (r: ReturnType<typeof proveDoc>['result'], witness: string, cluster: string) => {
  const c = r.matrix.cells.find((x) => x.witness === witness && x.cluster === cluster);
  if (!c) throw new Error(`no cell ${witness} × ${cluster}`);
  return c;
};
const CONTROLLER = 'sa:argocd/argocd-application-controller';

describe('modules, count and for_each (modules.json)', () => {
  const { observed, result } = proveDoc(load('modules'));
  const { plan } = observed;

  it('reads roles inside modules with count and for_each addresses, in the accounts their providers name', () => {
    const byArn = Object.fromEntries(plan.roles.map((r) => [r.arn, r]));
    // module.argocd_irsa.aws_iam_role.this[0]: provider assume_role constant (and aws_caller_identity).
    const manager = byArn['arn:aws:iam::111111111111:role/argocd-manager'];
    expect(manager?.id).toBe('management');
    // aws.dev: allowed_account_ids; aws.prod: assume_role.role_arn from var.prod_role_arn.
    expect(byArn['arn:aws:iam::222222222222:role/argocd-deployer']?.id).toBe('deployer/workloads-dev');
    expect(byArn['arn:aws:iam::333333333333:role/argocd-deployer']?.id).toBe('deployer/workloads-prod');
    // aws_iam_policy attached with module.argocd_irsa.aws_iam_role_policy_attachment.this["assume"];
    // the count-indexed aws_iam_role_policy.guard[0] is an inline policy.
    expect(manager?.managedPolicies.map((p) => p.name)).toEqual(['argocd-assume-deployers']);
    expect(manager?.inlinePolicies.map((p) => p.name)).toEqual(['deny-iam-writes']);
    expect(plan.oidcProviders).toMatchObject([
      { account: '111111111111', create: false, clientIds: ['sts.amazonaws.com'] },
    ]);
  });

  it('joins terraform-aws-modules/eks access entries with their policy associations and the cluster Secrets', () => {
    const dev = plan.accessEntries.filter((e) => e.cluster === 'workloads-dev');
    expect(dev.map((e) => e.principalArn).sort()).toEqual([
      'arn:aws:iam::222222222222:role/argocd-deployer',
      'arn:aws:iam::222222222222:role/platform-admin',
    ]);
    const argocd = dev.find((e) => e.principalArn.endsWith('/argocd-deployer'));
    expect(argocd).toMatchObject({
      account: '222222222222',
      region: 'eu-central-1',
      clusterName: 'workloads-dev',
      kubernetesGroups: [],
      accessPolicies: [
        {
          policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
          accessScope: { type: 'cluster' },
        },
      ],
    });
    expect(plan.clusters.map((c) => [c.name, c.account, c.secretName])).toEqual([
      ['workloads-dev', '222222222222', 'argocd-cluster-workloads-dev'],
      ['workloads-prod', '333333333333', 'argocd-cluster-workloads-prod'],
    ]);
    expect(plan.serviceAccounts.map((s) => s.name)).toEqual([
      'argocd-application-controller',
      'argocd-applicationset-controller',
      'argocd-server',
    ]);
    expect(plan.argocd).toMatchObject({ namespace: 'argocd', chartVersion: '10.1.1', version: 'v3.4.4' });
  });

  it('proves: every Argo CD service account reaches both spokes, nothing else does; cluster-admin on the prod-named spoke is linted', () => {
    expect(observed.unknowns).toEqual([]);
    expect(result.holds).toBe(true);
    // The one production rule (src/fleet/production.ts) reads the cluster name as the fleet linter does.
    expect(result.findings.map((f) => [f.id, f.subject, f.severity])).toEqual([
      ['LINT-PROD-CLUSTER-ADMIN', 'workloads-prod', 'warning'],
    ]);
    for (const cluster of ['workloads-dev', 'workloads-prod'])
      expect(cell(result, CONTROLLER, cluster)).toMatchObject({ reachable: true, intended: true });
    expect(result.matrix.cells.filter((c) => c.reachable && !c.intended)).toEqual([]);
  });

  it('a deployer trusting the hub account root is a leak (PROVE-LEAK), so the proof can fail', () => {
    const doc = load('modules');
    change(doc, 'aws_iam_role.deployer_dev').after.assume_role_policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' },
      ],
    });
    const { result: r } = proveDoc(doc);
    expect(r.holds).toBe(false);
    expect(cell(r, 'hub-other-role', 'workloads-dev')).toMatchObject({ reachable: true, intended: false });
    expect(ids(r.findings)).toContain('PROVE-LEAK');
  });

  it('an access entry whose principal is known only after apply makes its cluster undetermined, not FM-5.2', () => {
    const doc = load('modules');
    const c = change(doc, 'module.eks_dev.aws_eks_access_entry.this["argocd"]');
    delete c.after.principal_arn;
    c.after_unknown.principal_arn = true;
    const { observed: o, result: r } = proveDoc(doc);
    expect(o.unknowns.map((u) => [u.source, u.attribute, u.effect])).toEqual([
      [
        'module.eks_dev.aws_eks_access_entry.this["argocd"]',
        'principal_arn',
        { kind: 'cluster', cluster: 'workloads-dev' },
      ],
    ]);
    expect(r.holds).toBe(false);
    expect(r.matrix.cells.filter((x) => x.cluster === 'workloads-dev').every((x) => x.undetermined)).toBe(
      true,
    );
    expect(cell(r, CONTROLLER, 'workloads-prod')).toMatchObject({ reachable: true, intended: true });
    expect(cell(r, CONTROLLER, 'workloads-prod').undetermined).toBeUndefined();
    expect(ids(r.findings)).toEqual(['LINT-PROD-CLUSTER-ADMIN', 'PROVE-UNKNOWN-UNTIL-APPLY']);
  });

  it('a provider that names no account: the roles it creates are unknown, never placed in a guessed account', () => {
    const doc = load('modules') as Json & {
      configuration: { provider_config: Record<string, { expressions: object }> };
    };
    doc.configuration.provider_config['aws.dev']!.expressions = {
      region: { constant_value: 'eu-central-1' },
    };
    const { observed: o, result: r } = proveDoc(doc);
    expect(o.plan.roles.some((x) => x.arn.includes(':222222222222:'))).toBe(false);
    const u = o.unknowns.find((x) => x.source === 'aws_iam_role.deployer_dev');
    expect(u).toMatchObject({ attribute: 'account', effect: { kind: 'proof' } });
    expect(r.holds).toBe(false);
    expect(r.matrix.cells.every((x) => x.undetermined)).toBe(true);
    const f = r.findings.find((x) => x.subject === 'aws_iam_role.deployer_dev');
    expect(f?.message).toContain('allowed_account_ids');
  });
});

describe("the original write-up's Terraform (writeup.json)", () => {
  it('reports its defects with their ids: Resource for Principal, no access entry, list credentials, double base64, no OIDC provider', () => {
    const { observed, result } = proveDoc(load('writeup'));
    expect(observed.unknowns).toEqual([]);
    expect(result.holds).toBe(false);
    expect(ids(result.findings.filter((f) => f.severity === 'error'))).toEqual([
      'FM-1.3',
      'FM-3.1',
      'FM-5.2',
      'FM-6.4',
      'FM-7.3',
      'POLICY-INVALID',
    ]);
    const by = (id: string) => result.findings.find((f) => f.id === id)!;
    expect(by('FM-3.1').subject).toBe('arn:aws:iam::222222222222:role/argocd-deployer');
    expect(by('FM-6.4').message).toContain('base64-encoded twice');
    expect(by('FM-7.3').message).toContain('chart 7.8.9');
    expect(by('FM-5.2').subject).toBe('cluster2');
    // The release name argo-cd names the other workloads argo-cd-argocd-*.
    expect(observed.plan.argocd).toMatchObject({ releaseName: 'argo-cd', clusterCredentialsForm: 'list' });
    expect(result.matrix.witnesses.map((w) => w.id)).toContain('sa:argocd/argo-cd-argocd-repo-server');
  });

  it('its first plan: bcrypt() of a password not created yet makes the whole values unknown; prove says so', () => {
    const doc = load('writeup');
    const hr = change(doc, 'helm_release.argocd');
    delete hr.after.values;
    hr.after_unknown.values = true;
    const { result } = proveDoc(doc);
    expect(result.holds).toBe(false);
    expect(result.matrix.cells.every((c) => c.undetermined)).toBe(true);
    const unknown = result.findings.find((f) => f.id === 'PROVE-UNKNOWN-UNTIL-APPLY');
    expect(unknown?.subject).toBe('helm_release.argocd');
    expect(unknown?.message).toContain('random_password.argocd_admin_password.result');
    // What does not depend on the values is still reported.
    expect(ids(result.findings)).toContain('POLICY-INVALID');
    expect(ids(result.findings)).not.toContain('FM-7.3');
  });

  it("with the fleet as intent, the intended paths are the fleet's", async () => {
    const intent = await examplePlan('two-accounts');
    const observed = observeTerraformPlan(load('writeup'), { intent });
    expect(observed.plan.intended).toEqual(intent.intended);
    expect(observed.plan.roles.find((r) => r.name === 'argocd-manager')?.id).toBe('management');
  });
});

describe('a first apply with values known only after it (first-apply.json)', () => {
  const { observed, result } = proveDoc(load('first-apply'));

  it('reports every unknown value it depends on, with what it is computed from', () => {
    const got = observed.unknowns.map((u) => `${u.source}.${u.attribute} ← ${u.references.join(',')}`).sort();
    expect(got).toEqual([
      'aws_eks_access_entry.argocd_a.principal_arn ← aws_iam_role.deployer_a.arn',
      'aws_eks_access_policy_association.argocd_a.principal_arn ← aws_eks_access_entry.argocd_a.principal_arn',
      'aws_iam_role.deployer_a.assume_role_policy ← aws_iam_role.manager.arn',
      'aws_iam_role.deployer_b.assume_role_policy ← aws_iam_role.manager.arn',
    ]);
  });

  it('decides what does not depend on them and leaves the rest undetermined; never holds', () => {
    expect(result.holds).toBe(false);
    // team-c: everything known.
    expect(cell(result, CONTROLLER, 'team-c')).toMatchObject({ reachable: true, intended: true });
    expect(result.matrix.cells.filter((c) => c.cluster === 'team-c').some((c) => c.undetermined)).toBe(false);
    // team-a: its access entry's principal is unknown: every cell.
    expect(result.matrix.cells.filter((c) => c.cluster === 'team-a').every((c) => c.undetermined)).toBe(true);
    // team-b: only the deployer trust is unknown. Principals that cannot reach the management
    // role are decided whatever that trust says; the intended ones are not.
    expect(cell(result, CONTROLLER, 'team-b').undetermined).toBeDefined();
    expect(cell(result, 'sa:argocd/default', 'team-b')).toMatchObject({ reachable: false });
    expect(cell(result, 'sa:argocd/default', 'team-b').undetermined).toBeUndefined();
    expect(ids(result.findings)).toEqual(['PROVE-UNKNOWN-UNTIL-APPLY']);
    expect(result.undetermined.values).toBe(4);
  });
});

describe('input that is not a Terraform plan, or a damaged one', () => {
  const error = (doc: unknown): TerraformPlanError => {
    try {
      observeTerraformPlan(doc);
    } catch (e) {
      if (e instanceof TerraformPlanError) return e;
      throw e;
    }
    throw new Error('no error');
  };

  it('tells a state file, an AccessPlan and a CloudFormation template apart from a plan', () => {
    expect(error({ format_version: '1.0', values: { root_module: {} } }).message).toContain('it is a state');
    expect(error({ apiVersion: 'fleetlink.dev/v1alpha1', kind: 'AccessPlan' }).message).toContain('--plan');
    expect(error({ Resources: {} }).message).toContain('CloudFormation');
    expect(error([1, 2]).message).toMatch(/^\$: not a Terraform plan/);
  });

  it('rejects another major format version, as the format asks', () => {
    expect(error({ format_version: '2.0', resource_changes: [] })).toMatchObject({
      path: '$.format_version',
    });
  });

  it('names the JSON path of a damaged resource change and of a policy that is not JSON', () => {
    const doc = load('modules');
    (doc.resource_changes[3] as unknown as { change: unknown }).change = 'x';
    expect(error(doc)).toMatchObject({ path: '$.resource_changes[3].change' });
    const bad = load('writeup');
    const i = bad.resource_changes.findIndex((r) => r.address === 'aws_iam_role.argocd_deployer');
    bad.resource_changes[i]!.change.after.assume_role_policy = '{"Version": ';
    expect(error(bad)).toMatchObject({ path: `$.resource_changes[${i}].change.after.assume_role_policy` });
  });

  it('a deleted resource is not in the plan it leaves behind', () => {
    const doc = load('modules');
    const c = change(doc, 'aws_iam_role.deployer_prod');
    c.actions = ['delete'];
    const { observed: o, result: r } = proveDoc(doc);
    expect(o.plan.roles.some((x) => x.arn === 'arn:aws:iam::333333333333:role/argocd-deployer')).toBe(false);
    expect(cell(r, CONTROLLER, 'workloads-prod')).toMatchObject({ reachable: false, intended: true });
  });
});
