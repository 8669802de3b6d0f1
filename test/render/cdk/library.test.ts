/** Library use: Fleetlink's constructs inside someone else's CDK app, as the README shows. */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { planFleet } from '../../../src/plan/plan.js';
import { FleetStacks, HubConstruct, SpokeConstruct, sliceAccessPlan } from '../../../src/render/cdk/index.js';
import { MANAGER_ARN, planFixture } from './fixtures.js';
import { examplePath, planExample } from './scenarios.js';

const userApp = () => new App({ builtinCloudFormationValidation: false, analyticsReporting: false });

describe('constructs embedded in an existing app', () => {
  it('puts the hub identity into a stack the user already has, next to their own resources', () => {
    const plan = planFixture({ identity: 'pod-identity' });
    const app = userApp();
    const platform = new Stack(app, 'Platform', {
      env: { account: plan.hub.account, region: plan.hub.region },
    });
    const hub = new HubConstruct(platform, 'ArgoCdIdentity', {
      hub: sliceAccessPlan(plan).hub,
      outputs: false,
    });
    const t = Template.fromStack(platform);
    t.resourceCountIs('AWS::IAM::Role', 1);
    t.resourceCountIs('AWS::EKS::PodIdentityAssociation', 3);
    expect(Object.keys(t.findOutputs('*'))).toEqual([]);
    expect(hub.roles.get('management')?.role.arn).toBe(MANAGER_ARN);
    t.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'argocd-manager',
      Tags: [
        { Key: 'managed-by', Value: 'fleetlink' },
        { Key: 'team', Value: 'platform' },
      ],
    });
  });

  it('puts one spoke account into a stack of that account', () => {
    const plan = planFixture();
    const spoke = sliceAccessPlan(plan).spokes[0]!;
    const app = userApp();
    const stack = new Stack(app, 'Spoke', { env: { account: spoke.account, region: spoke.region } });
    const c = new SpokeConstruct(stack, 'ArgoCdAccess', { spoke });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::EKS::AccessEntry', 1);
    expect([...c.accessEntries.keys()]).toEqual(['prod-eks arn:aws:iam::222222222222:role/argocd-deployer']);
  });
});

describe('FleetStacks', () => {
  it('plans a Fleet itself when given { fleet }, with the same stacks as { plan }', async () => {
    const { readFleet } = await import('../../../src/cli/fleet-file.js');
    const { fleet } = await readFleet(examplePath('two-accounts'));
    const a = new FleetStacks(userApp(), 'F', { fleet });
    const b = new FleetStacks(userApp(), 'F', { plan: planFleet(fleet) });
    expect(a.stacks.map((s) => [s.kind, s.stack.stackName, s.env])).toEqual(
      b.stacks.map((s) => [s.kind, s.stack.stackName, s.env]),
    );
    for (const [i, s] of a.stacks.entries())
      expect(Template.fromStack(s.stack).toJSON()).toEqual(Template.fromStack(b.stacks[i]!.stack).toJSON());
  });

  it('refuses both or neither of plan and fleet', async () => {
    const plan = await planExample('two-accounts');
    expect(() => new FleetStacks(userApp(), 'F', {})).toThrow(/exactly one/);
    expect(() => new FleetStacks(userApp(), 'F', { plan, fleet: {} as never })).toThrow(/exactly one/);
  });
});
