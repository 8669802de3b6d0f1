/** How a plan is laid out over stacks: pure, so exact expectations per case. */
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import type { AccessPlan } from '../../../src/plan/types.js';
import {
  constructId,
  resolveIntrinsics,
  type StackKind,
  sliceAccessPlan,
  stackName,
  stackSetName,
} from '../../../src/render/cdk/index.js';
import { HUB_ACCOUNT, LEAST_PRIVILEGE_SPOKES, manySpokes, planFixture } from './fixtures.js';

describe('names', () => {
  it.each<[StackKind, string, string, string]>([
    ['hub', '111111111111', 'eu-west-1', 'fleetlink-hub-111111111111-eu-west-1'],
    ['spokes', '222222222222', 'us-gov-west-1', 'fleetlink-spokes-222222222222-us-gov-west-1'],
    ['organization', '111111111111', 'cn-north-1', 'fleetlink-org-111111111111-cn-north-1'],
  ])('stackName(%s, %s, %s) = %s', (kind, account, region, name) => {
    expect(stackName(kind, account, region)).toBe(name);
  });

  it('makes StackSet names and construct ids from IAM names without changing them per run', () => {
    expect(stackSetName('argocd.deployer@team_a')).toBe('fleetlink-deployer-argocd-deployer-team-a');
    expect(constructId('AccessEntry', 'prod/eks', 'argocd-deployer')).toBe(
      'AccessEntry-prod_eks-argocd-deployer',
    );
  });
});

describe('sliceAccessPlan', () => {
  it('puts the management role in the hub and each deployer with the entries of its account and region', () => {
    const s = sliceAccessPlan(planFixture({ spokes: manySpokes(4) }));
    expect(s.hub.roles.map((r) => r.kind)).toEqual(['management']);
    expect(s.spokes.map((x) => [x.account, x.region, x.roles.length, x.accessEntries.length])).toEqual([
      ['200000000000', 'eu-west-1', 1, 1],
      ['200000000001', 'us-east-1', 1, 1],
      ['200000000002', 'eu-west-1', 1, 1],
      ['200000000003', 'us-east-1', 1, 1],
    ]);
    expect(s.organization).toBeUndefined();
  });

  it('groups two clusters of one account and region into one spoke stack', () => {
    const s = sliceAccessPlan(planFixture({ spokes: LEAST_PRIVILEGE_SPOKES }));
    expect(s.spokes).toHaveLength(1);
    expect(s.spokes[0]?.accessEntries.map((e) => e.clusterName)).toEqual(['payments', 'staging']);
    expect(s.spokes[0]?.roles.map((r) => r.name)).toEqual(['argocd-deployer', 'argocd-deployer-payments']);
  });

  it('in eks-capability mode creates the capability role in the hub and only access entries in spokes', () => {
    const s = sliceAccessPlan(planFixture({ identity: 'eks-capability' }));
    expect(s.hub.roles.map((r) => r.kind)).toEqual(['capability']);
    expect(s.spokes[0]?.roles).toEqual([]);
    expect(s.spokes[0]?.accessEntries[0]?.principalArn).toBe(
      `arn:aws:iam::${HUB_ACCOUNT}:role/argocd-capability`,
    );
  });

  it('in Organization mode makes one StackSet of a deployer role shared by several accounts, in one region', () => {
    const plan = planFixture({ organization: true, spokes: manySpokes(3, '/fleetlink/') });
    const s = sliceAccessPlan(plan, { organizationAdmin: { account: '999999999999' } });
    expect(s.organization).toMatchObject({
      account: '999999999999',
      region: plan.hub.region,
      organizationId: 'o-a1b2c3d4e5',
      instanceRegion: 'eu-west-1',
      delegatedAdmin: true,
    });
    expect(s.organization?.deployers.map((d) => [d.role.name, d.accounts])).toEqual([
      ['argocd-deployer', ['200000000000', '200000000001', '200000000002']],
    ]);
    expect(s.spokes.every((x) => x.roles.length === 0)).toBe(true);
    expect(s.notes.join(' ')).toMatch(/one region \(eu-west-1\)/);
  });

  it('keeps per-spoke deployer names out of StackSets (they would land in every account) and says so', () => {
    const spokes = manySpokes(3).map((x, i) => ({ ...x, deployerName: `argocd-deployer-${i}` }));
    const s = sliceAccessPlan(planFixture({ organization: true, spokes }));
    expect(s.organization).toBeUndefined();
    expect(s.spokes.map((x) => x.roles.map((r) => r.name))).toEqual([
      ['argocd-deployer-0'],
      ['argocd-deployer-1'],
      ['argocd-deployer-2'],
    ]);
    expect(s.notes.join(' ')).toMatch(/3 deployer role\(s\) have a name no other account shares/);
  });

  it('gives a StackSet role a description that names no single account when the planned ones differ', () => {
    const plan = planFixture({ organization: true, spokes: manySpokes(2) });
    const varied: AccessPlan = {
      ...plan,
      roles: plan.roles.map((r) =>
        r.kind === 'deployer' ? { ...r, description: `deployer for ${r.account}` } : r,
      ),
    };
    const role = sliceAccessPlan(varied).organization?.deployers[0]?.role;
    expect(role?.description).toBe(
      'Argo CD deployer role, created by a Fleetlink StackSet in every account of the Organization units; assumed by arn:aws:iam::111111111111:role/argocd-manager',
    );
  });

  it('refuses one role ARN with two definitions', () => {
    const plan = planFixture();
    const deployer = plan.roles.find((r) => r.kind === 'deployer')!;
    const twice: AccessPlan = {
      ...plan,
      roles: [...plan.roles, { ...deployer, id: 'deployer/other', maxSessionDuration: 7200 }],
    };
    expect(() => sliceAccessPlan(twice)).toThrow(UserError);
    expect(() => sliceAccessPlan(twice)).toThrow(
      /defines role arn:aws:iam::222222222222:role\/argocd-deployer twice/,
    );
  });
});

describe('resolveIntrinsics', () => {
  const ctx = {
    account: '222222222222',
    region: 'us-gov-west-1',
    partition: 'aws-us-gov' as const,
    stackName: 'fleetlink-spokes-222222222222-us-gov-west-1',
    parameters: { Cluster: { Type: 'String', Default: 'prod' }, NoDefault: { Type: 'String' } },
    refs: new Map([['Role', 'argocd-deployer']]),
    attributes: new Map([['Role.Arn', 'arn:aws-us-gov:iam::222222222222:role/argocd-deployer']]),
  };
  it.each([
    [{ Ref: 'AWS::Partition' }, 'aws-us-gov'],
    [{ Ref: 'AWS::URLSuffix' }, 'amazonaws.com'],
    [{ Ref: 'Cluster' }, 'prod'],
    [{ Ref: 'Role' }, 'argocd-deployer'],
    [{ 'Fn::GetAtt': ['Role', 'Arn'] }, 'arn:aws-us-gov:iam::222222222222:role/argocd-deployer'],
    [{ 'Fn::GetAtt': 'Role.Arn' }, 'arn:aws-us-gov:iam::222222222222:role/argocd-deployer'],
    [{ 'Fn::Join': [':', ['arn', { Ref: 'AWS::Partition' }, 'eks', '']] }, 'arn:aws-us-gov:eks:'],
    [
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
      { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${Role}' },
      'arn:aws-us-gov:iam::222222222222:role/argocd-deployer',
    ],
    [
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
      { 'Fn::Sub': ['${A}-${Role.Arn}-${!Literal}', { A: { Ref: 'AWS::Region' } }] },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
      'us-gov-west-1-arn:aws-us-gov:iam::222222222222:role/argocd-deployer-${Literal}',
    ],
    [{ 'Fn::Select': [1, ['a', { Ref: 'AWS::AccountId' }]] }, '222222222222'],
    [
      ['a', { Ref: 'AWS::NoValue' }, 'b'],
      ['a', 'b'],
    ],
    [{ Keep: 1, Drop: { Ref: 'AWS::NoValue' } }, { Keep: 1 }],
  ])('%j → %j', (input, output) => {
    expect(resolveIntrinsics(input as never, ctx)).toEqual(output);
  });

  it.each([
    [{ Ref: 'NoDefault' }, /parameter NoDefault has no Default/],
    [{ Ref: 'Nope' }, /Ref to Nope/],
    [{ 'Fn::GetAtt': ['Role', 'RoleId'] }, /unknown attribute Role.RoleId/],
    [{ 'Fn::ImportValue': 'x' }, /\$\.Fn::ImportValue: Fn::ImportValue is not supported/],
  ])('refuses %j', (input, message) => {
    expect(() => resolveIntrinsics(input as never, ctx)).toThrow(message);
  });
});
