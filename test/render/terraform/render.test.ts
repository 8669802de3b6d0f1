/**
 * The Terraform renderer's behaviour beyond the examples: determinism, stable addresses when the
 * fleet grows, the edge cases (a spoke without CA data, capability mode, an Organization, policy
 * variables that look like interpolations), the StackSet template being the CDK target's own,
 * and plans it must refuse.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { planFleet } from '../../../src/plan/plan.js';
import type { AccessPlan } from '../../../src/plan/types.js';
import { readAssembly, synthPlan } from '../../../src/render/cdk/index.js';
import { stackSetName } from '../../../src/render/cdk/names.js';
import { sliceAccessPlan } from '../../../src/render/cdk/slices.js';
import { deployerStackSetTemplates } from '../../../src/render/cdk/stackset-template.js';
import { renderTerraform } from '../../../src/render/terraform/index.js';
import { fleet, manySpokes, spoke } from '../../plan/fixtures.js';
import { planOf, render } from './helpers/examples.js';
import { type Json, readModule } from './helpers/hcl-read.js';

const addresses = async (files: ReadonlyMap<string, string>) =>
  new Set((await readModule(files)).instances.keys());

describe('renderTerraform', () => {
  it('is deterministic: the same plan gives the same bytes', async () => {
    const plan = planOf('least-privilege');
    const a = renderTerraform(plan, { clusterSecrets: true, imports: ['roles', 'access-entries'] });
    const b = renderTerraform(JSON.parse(JSON.stringify(plan)) as AccessPlan, {
      imports: ['access-entries', 'roles'],
      clusterSecrets: true,
    });
    expect([...b.files]).toEqual([...a.files]);
  });

  it('adding a spoke only adds addresses: no existing resource is renamed, so none is replaced', async () => {
    const spokes = manySpokes(6, 3);
    const before = renderTerraform(planFleet(fleet({ spokes })));
    const after = renderTerraform(
      planFleet(fleet({ spokes: [spoke('a-new-first-spoke', { account: '200000000001' }), ...spokes] })),
    );
    const was = await addresses(before.files);
    const now = await addresses(after.files);
    for (const a of was) expect(now, a).toContain(a);
    expect([...now].filter((a) => !was.has(a)).sort()).toEqual([
      'aws_eks_access_entry.spoke_200000000001["a-new-first-spoke"]',
      'aws_eks_access_policy_association.spoke_200000000001["a-new-first-spoke/AmazonEKSClusterAdminPolicy"]',
      'aws_iam_role.deployer_200000000001["argocd-deployer-a-new-first-spoke"]',
    ]);
    // The only other change is the management role's assume policy gaining the new deployer.
    const changed = [...after.files].filter(([f, t]) => before.files.get(f) !== t).map(([f]) => f);
    expect(changed.sort()).toEqual(['argocd/values.yaml', 'checks.tf', 'hub.tf', 'outputs.tf', 'spokes.tf']);
    // In spokes.tf the new spoke only adds lines: every old line is still there, in order.
    const old = before.files.get('spokes.tf')!.split('\n');
    const now2 = after.files.get('spokes.tf')!.split('\n');
    let i = 0;
    for (const line of now2) if (line === old[i]) i++;
    expect(i).toBe(old.length);
  });

  it('writes a spoke without CA data as Argo CD would read it: no caData, no placeholder', async () => {
    const plan = planOf('two-accounts');
    const c = plan.clusters[0]!;
    const noCa: AccessPlan = {
      ...plan,
      clusters: [{ ...c, config: { ...c.config, tlsClientConfig: { insecure: false } } }],
    };
    const { files } = renderTerraform(noCa, { clusterSecrets: true });
    const m = await readModule(files);
    const secret = m.instances.get(`kubernetes_secret_v1.argocd_cluster["${c.name}"]`)!;
    const config = JSON.parse((secret.args.data as Record<string, Json>).config as string);
    expect(config.tlsClientConfig).toEqual({ insecure: false });
    expect(files.has('ca.tf')).toBe(false);
    expect([...files.values()].join('\n')).not.toContain('<caData');
  });

  it('capability mode: the capability role and its access entries, Secrets without config, no chart values', async () => {
    const plan = planOf('capability');
    const { files, resources } = renderTerraform(plan, { clusterSecrets: true });
    expect(files.has('argocd/values.yaml')).toBe(false);
    expect(resources).toEqual({
      aws_eks_access_entry: 2,
      aws_eks_access_policy_association: 2,
      aws_iam_role: 1,
      kubernetes_secret_v1: 2,
    });
    const m = await readModule(files);
    const role = m.instances.get('aws_iam_role.capability')!;
    expect(JSON.parse(role.args.assume_role_policy as string).Statement[0].Principal).toEqual({
      Service: 'capabilities.eks.amazonaws.com',
    });
    for (const i of m.instances.values()) {
      if (i.type === 'aws_eks_access_entry') {
        expect(i.args.principal_arn).toBe(role.args.name && plan.roles[0]!.arn);
        expect(i.dependsOn).toEqual(['aws_iam_role.capability']);
      }
      if (i.type === 'kubernetes_secret_v1') {
        const data = i.args.data as Record<string, Json>;
        expect(data.config).toBeUndefined();
        expect(data.server).toMatch(/^arn:aws:eks:[a-z0-9-]+:\d{12}:cluster\//);
      }
    }
    expect(files.get('outputs.tf')).toContain('output "capability_role_arn"');
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: names the IAM policy variable syntax
  it('escapes IAM policy variables, so ${aws:...} reaches IAM as written', async () => {
    const plan = planOf('two-accounts');
    const role = plan.roles.find((r) => r.kind === 'management')!;
    const statement = {
      Sid: 'Tagged',
      Effect: 'Allow' as const,
      Action: 'sts:TagSession',
      Resource: '*',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a JS template
      Condition: { StringEquals: { 'aws:RequestTag/user': '${aws:username}', 'x:y': 'a %{b} "q" \\ c' } },
    };
    const edited: AccessPlan = {
      ...plan,
      roles: plan.roles.map((r) =>
        r === role
          ? {
              ...r,
              inlinePolicies: [
                { name: 'extra', document: { Version: '2012-10-17', Statement: [statement] } },
              ],
            }
          : r,
      ),
    };
    const { files } = renderTerraform(edited);
    expect(files.get('hub.tf')).toContain('"$${aws:username}"');
    expect(files.get('hub.tf')).toContain('"a %%{b} \\"q\\" \\\\ c"');
    const m = await readModule(files);
    const p = m.instances.get('aws_iam_role_policy.management["extra"]')!;
    expect(JSON.parse(p.args.policy as string).Statement[0]).toEqual(statement);
  });

  it('Organization: the StackSet template is the one the CDK target deploys, byte for byte', () => {
    const plan = planOf('organization');
    const org = sliceAccessPlan(plan).organization!;
    const dir = mkdtempSync(join(tmpdir(), 'fleetlink-tf-org-'));
    const scratch = mkdtempSync(join(tmpdir(), 'fleetlink-tf-org-scratch-'));
    try {
      const result = synthPlan(plan, { outdir: dir, validation: false });
      const stacks = readAssembly(result.assembly);
      const orgStack = stacks.find((s) => Object.keys(s.stackSetTemplates).length > 0)!;
      const fromCdk = new Map(
        Object.entries(orgStack.stackSetTemplates).map(([id, t]) => [
          orgStack.template.Resources?.[id]?.Properties?.StackSetName as string,
          t,
        ]),
      );
      const ours = deployerStackSetTemplates(org, scratch);
      expect([...ours.keys()]).toEqual(org.deployers.map((d) => stackSetName(d.role.name)));
      expect(JSON.stringify([...ours])).toBe(JSON.stringify([...fromCdk]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('Organization: spokes wait for the StackSet instances that create their deployer role', async () => {
    const { files } = await render(planOf('organization'));
    const m = await readModule(files);
    for (const i of m.instances.values())
      if (
        i.type === 'aws_eks_access_entry' &&
        /fleetlink\/argocd-deployer$/.test(i.args.principal_arn as string)
      )
        expect(i.dependsOn).toContain('aws_cloudformation_stack_set_instance.deployer');
  });

  it('an Organization plan without the StackSet templates is a programming error, not a silent gap', () => {
    expect(() => renderTerraform(planOf('organization'))).toThrow(/no StackSet template given/);
  });

  it('refuses plans Terraform cannot express: one key for two resources', () => {
    const plan = planOf('least-privilege');
    const dup: AccessPlan = { ...plan, accessEntries: [...plan.accessEntries, plan.accessEntries[0]!] };
    expect(() => renderTerraform(dup)).toThrow(UserError);
    expect(() => renderTerraform(dup)).toThrow(/two access entries with the key "workloads-dev"/);
  });

  it('refuses an OIDC provider outside the hub account and a bad assume-role name', () => {
    const plan = planOf('organization');
    const p = plan.oidcProviders[0]!;
    expect(() => renderTerraform({ ...plan, oidcProviders: [{ ...p, account: '999999999999' }] })).toThrow(
      /not in the hub account/,
    );
    expect(() => renderTerraform(planOf('two-accounts'), { assumeRoleName: 'bad name/x' })).toThrow(
      /must be an IAM role name/,
    );
  });

  it('a custom assume-role name becomes the variable default', () => {
    const { files } = renderTerraform(planOf('two-accounts'), { assumeRoleName: 'TerraformDeployer' });
    expect(files.get('variables.tf')).toMatch(/default\s+= "TerraformDeployer"/);
  });
});
