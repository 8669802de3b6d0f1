/**
 * Cross-account Pod Identity rendered: the association role in the hub account, the management
 * (target) role in the management account, in that order (IAM rejects a trust policy naming a
 * role that does not exist), for both the CDK app and the Terraform module.
 */
import { readFileSync } from 'node:fs';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFleet } from '../../src/fleet/load.js';
import { planFleet } from '../../src/plan/plan.js';
import type { AccessPlan } from '../../src/plan/types.js';
import { stackName } from '../../src/render/cdk/index.js';
import { renderTerraform } from '../../src/render/terraform/index.js';
import { type Synthesized, synthForTest } from './cdk/helpers.js';
import { readModule } from './terraform/helpers/hcl-read.js';

const HUB = '111111111111';
const MGMT_ACCOUNT = '555555555555';
const ASSOC = `arn:aws:iam::${HUB}:role/argocd-pod-identity`;
const MGMT = `arn:aws:iam::${MGMT_ACCOUNT}:role/argocd-manager`;

function crossAccountPlan(): AccessPlan {
  const text = readFileSync('examples/pod-identity/fleet.yaml', 'utf8').replace(
    '  clusterName: platform-hub\n',
    `  clusterName: platform-hub\n  podIdentity:\n    managementAccount: "${MGMT_ACCOUNT}"\n`,
  );
  return planFleet(parseFleet(text, 'fleet.yaml').fleet);
}

describe('CDK: cross-account Pod Identity target role', () => {
  let out: Synthesized;
  beforeAll(() => {
    out = synthForTest(crossAccountPlan(), { validation: true, nag: true });
  });
  afterAll(() => out?.cleanup());
  const stack = (name: string) => {
    const s = out.stacks.find((x) => x.stackName === name);
    if (!s) throw new Error(`no stack ${name}; have ${out.stacks.map((x) => x.stackName).join(', ')}`);
    return s;
  };
  const hubName = stackName('hub', HUB, 'us-west-2');
  const mgmtName = stackName('management', MGMT_ACCOUNT, 'us-west-2');

  it('passes CloudFormation validation and cdk-nag', () => {
    expect(out.violations).toEqual([]);
  });

  it('puts the association role and the associations in the hub stack, naming the target role', () => {
    const t = Template.fromJSON(stack(hubName).template as Record<string, unknown>);
    t.resourceCountIs('AWS::IAM::Role', 1);
    t.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'argocd-pod-identity',
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'pods.eks.amazonaws.com' } })],
      }),
    });
    t.resourceCountIs('AWS::EKS::PodIdentityAssociation', 3);
    t.allResourcesProperties('AWS::EKS::PodIdentityAssociation', { RoleArn: ASSOC, TargetRoleArn: MGMT });
  });

  it('puts the management role in a management-account stack that deploys after the hub, spokes after it', () => {
    const m = stack(mgmtName);
    const artifacts = out.manifest.artifacts;
    const deps = (id: string) => (artifacts[id]?.dependencies ?? []).filter((d) => !d.endsWith('.assets'));
    expect(artifacts[mgmtName]?.environment).toBe(`aws://${MGMT_ACCOUNT}/us-west-2`);
    const t = Template.fromJSON(m.template as Record<string, unknown>);
    t.resourceCountIs('AWS::IAM::Role', 1);
    t.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'argocd-manager',
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [
          Match.objectLike({ Principal: { AWS: ASSOC }, Action: ['sts:AssumeRole', 'sts:TagSession'] }),
        ],
      }),
    });
    expect(deps(mgmtName)).toEqual([hubName]);
    const spokes = Object.entries(artifacts)
      .filter(([id, a]) => id.startsWith('fleetlink-spokes-') && a.type === 'aws:cloudformation:stack')
      .map(([id]) => id);
    expect(spokes).toHaveLength(2);
    for (const id of spokes) expect(deps(id)).toContain(mgmtName);
  });
});

describe('Terraform: cross-account Pod Identity target role', () => {
  it('creates each role with its own account’s provider, the target after the association role', async () => {
    const files = renderTerraform(crossAccountPlan()).files;
    const module = await readModule(files);
    const hubTf = files.get('hub.tf') as string;
    expect(hubTf).toContain('resource "aws_iam_role" "association"');
    expect(hubTf).toContain('resource "aws_iam_role" "management"');
    const block = (name: string) => {
      const start = hubTf.indexOf(`resource "aws_iam_role" "${name}"`);
      return hubTf.slice(start, hubTf.indexOf('\n}\n', start));
    };
    expect(block('association')).toMatch(new RegExp(`provider\\s+= aws\\.account_${HUB}\\n`));
    expect(block('management')).toMatch(new RegExp(`provider\\s+= aws\\.account_${MGMT_ACCOUNT}\\n`));
    expect(block('management')).toMatch(/depends_on\s+= \[aws_iam_role\.association\]/);
    expect(files.get('providers.tf')).toMatch(new RegExp(`allowed_account_ids\\s+= \\["${MGMT_ACCOUNT}"\\]`));
    expect([...module.instances.keys()]).toContain('aws_iam_role.association');
    expect(hubTf).toMatch(/depends_on\s+= \[aws_iam_role\.association, aws_iam_role\.management\]/);
  });
});
