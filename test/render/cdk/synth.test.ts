/**
 * The CDK app of every example and fixture plan: one synth each with CloudFormation validation
 * (findings are errors) and cdk-nag's AWS Solutions rules, then assertions on what a deployer
 * would get: resources and their exact properties, stack environments, dependencies, tags, outputs.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessPlan, RolePlan } from '../../../src/plan/types.js';
import { sliceAccessPlan, stackName } from '../../../src/render/cdk/index.js';
import { manySpokes, planFixture } from './fixtures.js';
import { resourcesOfType, type Synthesized, synthForTest } from './helpers.js';
import { availableExamples, FIXTURES } from './scenarios.js';

const scenarios = [...availableExamples(), ...FIXTURES];

describe.each(scenarios)('$name', ({ plan: loadPlan }) => {
  let plan: AccessPlan;
  let out: Synthesized;

  beforeAll(async () => {
    plan = await loadPlan();
    out = synthForTest(plan, { validation: true, nag: true });
  });
  afterAll(() => out?.cleanup());

  const template = (name: string) => {
    const stack = out.stacks.find((s) => s.stackName === name);
    if (!stack) throw new Error(`no stack ${name}; have ${out.stacks.map((s) => s.stackName).join(', ')}`);
    return Template.fromJSON(stack.template as Record<string, unknown>);
  };

  it('passes CloudFormation validation and cdk-nag AwsSolutions with no finding', () => {
    expect(out.violations).toEqual([]);
  });

  it('has one stack per account and region, each with its env, spokes after the hub', () => {
    const slices = sliceAccessPlan(plan);
    const hub = stackName('hub', plan.hub.account, plan.hub.region);
    const expected = new Map<string, string>([[hub, `aws://${plan.hub.account}/${plan.hub.region}`]]);
    const org = slices.organization;
    const orgName = org ? stackName('organization', org.account, org.region) : undefined;
    if (org && orgName) expected.set(orgName, `aws://${org.account}/${org.region}`);
    for (const s of slices.spokes)
      expected.set(stackName('spokes', s.account, s.region), `aws://${s.account}/${s.region}`);

    const stacks = Object.entries(out.manifest.artifacts).filter(
      ([, a]) => a.type === 'aws:cloudformation:stack',
    );
    expect(new Map(stacks.map(([id, a]) => [id, a.environment]))).toEqual(expected);
    for (const [id, a] of stacks) {
      const deps = (a.dependencies ?? []).filter((d) => !d.endsWith('.assets')).sort();
      if (id === hub) expect(deps).toEqual([]);
      else if (id === orgName) expect(deps).toEqual([hub]);
      else expect(deps).toEqual([hub, ...(orgName ? [orgName] : [])].sort());
    }
  });

  it('creates every planned role with its trust and permission policies exactly as planned', () => {
    const rendered = resourcesOfType(out.stacks, 'AWS::IAM::Role');
    const slices = sliceAccessPlan(plan);
    const viaStackSet = new Set(slices.organization?.deployers.map((d) => d.role.name) ?? []);
    const unique = new Map(plan.roles.map((r) => [r.arn, r]));
    const expectedCount =
      [...unique.values()].filter((r) => !viaStackSet.has(r.name)).length + viaStackSet.size;
    expect(rendered).toHaveLength(expectedCount);
    for (const role of unique.values()) {
      const matches = rendered.filter((r) => r.props.RoleName === role.name && r.props.Path === role.path);
      expect(matches, role.arn).toHaveLength(1);
      const r = matches[0]!;
      expect(r.props.AssumeRolePolicyDocument).toEqual(role.trustPolicy);
      expect(r.props.Policies ?? []).toEqual(
        role.inlinePolicies.map((p) => ({ PolicyName: p.name, PolicyDocument: p.document })),
      );
      expect(r.props.MaxSessionDuration).toBe(role.maxSessionDuration);
      expect(r.props.PermissionsBoundary).toBe(role.permissionsBoundaryArn);
      expect(r.inStackSet).toBe(viaStackSet.has(role.name));
      if (!r.inStackSet) {
        const expectedStack =
          role.kind === 'deployer'
            ? (slices.spokes.find((s) => s.roles.some((x) => x.arn === role.arn))?.account ?? '?')
            : plan.hub.account;
        expect(out.stacks.find((s) => s.stackName === r.stack)?.account).toBe(expectedStack);
        expect(r.props.Description).toBe(role.description || undefined);
      }
      checkManagedPolicies(out, role);
    }
  });

  it('gives deployer roles no permission policies (Argo CD docs: "should not have any")', () => {
    for (const role of plan.roles.filter((r) => r.kind === 'deployer')) {
      expect([...role.inlinePolicies, ...role.managedPolicies, ...role.attachedPolicyArns]).toEqual([]);
      const r = resourcesOfType(out.stacks, 'AWS::IAM::Role').find((x) => x.props.RoleName === role.name)!;
      expect(r.props.Policies).toBeUndefined();
      expect(r.props.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('creates one STANDARD access entry per planned entry, with exact policies, scopes and groups', () => {
    const rendered = resourcesOfType(out.stacks, 'AWS::EKS::AccessEntry');
    expect(rendered).toHaveLength(plan.accessEntries.length);
    for (const e of plan.accessEntries) {
      template(stackName('spokes', e.account, e.region)).hasResourceProperties('AWS::EKS::AccessEntry', {
        ClusterName: e.clusterName,
        PrincipalArn: e.principalArn,
        Type: 'STANDARD',
        KubernetesGroups: e.kubernetesGroups.length > 0 ? [...e.kubernetesGroups] : Match.absent(),
        AccessPolicies:
          e.accessPolicies.length > 0
            ? e.accessPolicies.map((p) => ({
                PolicyArn: p.policyArn,
                AccessScope:
                  p.accessScope.type === 'cluster'
                    ? { Type: 'cluster' }
                    : { Type: 'namespace', Namespaces: [...(p.accessScope.namespaces ?? [])] },
              }))
            : Match.absent(),
      });
    }
  });

  it('creates the OIDC provider only when the plan says so, and Pod Identity associations in pod-identity mode', () => {
    const hub = template(stackName('hub', plan.hub.account, plan.hub.region));
    const created = plan.oidcProviders.filter((p) => p.create);
    hub.resourceCountIs('AWS::IAM::OIDCProvider', created.length);
    for (const p of created)
      hub.hasResourceProperties('AWS::IAM::OIDCProvider', {
        Url: p.issuerUrl,
        ClientIdList: [...p.clientIds],
      });
    expect(resourcesOfType(out.stacks, 'AWS::IAM::OIDCProvider')).toHaveLength(created.length);

    hub.resourceCountIs('AWS::EKS::PodIdentityAssociation', plan.podIdentityAssociations.length);
    for (const a of plan.podIdentityAssociations)
      hub.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
        ClusterName: a.clusterName,
        Namespace: a.namespace,
        ServiceAccount: a.serviceAccount,
        RoleArn: a.roleArn,
      });
  });

  it('tags every taggable resource with managed-by: fleetlink and the plan tags', () => {
    const want = { ...plan.tags, 'managed-by': 'fleetlink' };
    for (const type of [
      'AWS::IAM::Role',
      'AWS::IAM::OIDCProvider',
      'AWS::EKS::AccessEntry',
      'AWS::EKS::PodIdentityAssociation',
      'AWS::CloudFormation::StackSet',
    ])
      for (const r of resourcesOfType(out.stacks, type)) {
        const tags = Object.fromEntries(
          ((r.props.Tags ?? []) as { Key: string; Value: string }[]).map((t) => [t.Key, t.Value]),
        );
        expect(tags, `${type} ${r.logicalId}`).toMatchObject(want);
      }
  });

  it('outputs the ARN of every role it creates', () => {
    for (const s of out.stacks) {
      const roles = Object.entries(s.template.Resources ?? {}).filter(([, r]) => r.Type === 'AWS::IAM::Role');
      const outputs = Object.values(
        (s.template as { Outputs?: Record<string, { Value: unknown }> }).Outputs ?? {},
      );
      for (const [id] of roles)
        expect(outputs.map((o) => o.Value)).toContainEqual({ 'Fn::GetAtt': [id, 'Arn'] });
    }
  });

  it('orders creation: roles after the provider they trust, entries and associations after their role', () => {
    for (const s of out.stacks) {
      const resources = s.template.Resources ?? {};
      const byType = (t: string) => Object.entries(resources).filter(([, r]) => r.Type === t);
      const dependsOn = (id: string) =>
        ((resources[id] as { DependsOn?: string[] }).DependsOn ?? []) as string[];
      const roles = byType('AWS::IAM::Role');
      for (const [id, r] of [
        ...byType('AWS::EKS::AccessEntry'),
        ...byType('AWS::EKS::PodIdentityAssociation'),
      ]) {
        const principal = (r.Properties?.PrincipalArn ?? r.Properties?.RoleArn) as string;
        const local = roles.find(([, role]) =>
          principal.endsWith(`:role${role.Properties?.Path}${role.Properties?.RoleName}`),
        );
        if (local) expect(dependsOn(id), id).toContain(local[0]);
      }
      for (const [providerId] of byType('AWS::IAM::OIDCProvider'))
        for (const [roleId] of roles) expect(dependsOn(roleId)).toContain(providerId);
    }
  });
});

describe('Organization mode', () => {
  it('deploys the shared deployer role as a service-managed, auto-deploying StackSet to the OUs in one region', () => {
    const plan = planFixture({ organization: true, orgPattern: true, spokes: manySpokes(4, '/fleetlink/') });
    const out = synthForTest(plan, { validation: false });
    try {
      const org = out.stacks.find(
        (s) => s.stackName === stackName('organization', plan.hub.account, plan.hub.region),
      );
      expect(org).toBeDefined();
      const t = Template.fromJSON(org!.template as Record<string, unknown>);
      t.resourceCountIs('AWS::CloudFormation::StackSet', 1);
      t.hasResourceProperties('AWS::CloudFormation::StackSet', {
        StackSetName: 'fleetlink-deployer-argocd-deployer',
        PermissionModel: 'SERVICE_MANAGED',
        AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
        CallAs: 'DELEGATED_ADMIN',
        Capabilities: ['CAPABILITY_NAMED_IAM'],
        StackInstancesGroup: [
          {
            DeploymentTargets: { OrganizationalUnitIds: ['ou-ab12-34cd5678'] },
            Regions: [plan.organization!.regions[0]],
          },
        ],
      });
      const [setTemplate] = Object.values(org!.stackSetTemplates);
      const inner = Template.fromJSON(setTemplate as Record<string, unknown>);
      inner.resourceCountIs('AWS::IAM::Role', 1);
      inner.hasResourceProperties('AWS::IAM::Role', { RoleName: 'argocd-deployer', Path: '/fleetlink/' });
      // No spoke stack creates the role as well: it would collide with the StackSet instance.
      expect(
        resourcesOfType(out.stacks, 'AWS::IAM::Role')
          .filter((r) => !r.inStackSet)
          .map((r) => r.props.RoleName),
      ).toEqual(['argocd-manager']);
    } finally {
      out.cleanup();
    }
  });

  it('deploys from the management account (CallAs SELF) when the plan says delegatedAdmin: false', () => {
    const base = planFixture({ organization: true, spokes: manySpokes(2) });
    const plan: AccessPlan = { ...base, organization: { ...base.organization!, delegatedAdmin: false } };
    const out = synthForTest(plan, { validation: false });
    try {
      const sets = resourcesOfType(out.stacks, 'AWS::CloudFormation::StackSet');
      expect(sets.map((x) => x.props.CallAs)).toEqual(['SELF']);
    } finally {
      out.cleanup();
    }
  });
});

// The checks above can fail: CloudFormation Validate and cdk-nag report what they should.
// (In this file so they reuse the validator this process has already loaded.)
describe('validation and cdk-nag catch what they should', () => {
  it('reports a role name over IAM 64-character limit (CloudFormation schema F3033)', () => {
    const plan = withManagement(planFixture(), (r) => ({ ...r, name: `${r.name}-${'x'.repeat(60)}` }));
    const out = synthForTest(plan, { validation: true, nag: true });
    out.cleanup();
    expect(out.violations.map((v) => [v.plugin, v.rule])).toContainEqual([
      'CloudFormation Validate',
      'F3033',
    ]);
  });

  it('reports a wildcard resource that aws:ResourceOrgID does not bound (AwsSolutions-IAM5)', () => {
    const plan = withManagement(planFixture(), (r) => ({
      ...r,
      inlinePolicies: [
        {
          name: 'too-wide',
          document: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/argocd-*' },
            ],
          },
        },
      ],
    }));
    const out = synthForTest(plan, { validation: false, nag: true });
    out.cleanup();
    expect(out.violations.map((v) => v.rule)).toContainEqual(
      'AwsSolutions-IAM5[Resource::arn:aws:iam::*:role/argocd-*]',
    );
  });

  it('accepts the Organization pattern only with its aws:ResourceOrgID condition', () => {
    const ok = synthForTest(planFixture({ organization: true, orgPattern: true }), {
      validation: false,
      nag: true,
    });
    ok.cleanup();
    expect(ok.violations).toEqual([]);
  });
});

function withManagement(plan: AccessPlan, change: (r: RolePlan) => RolePlan): AccessPlan {
  return { ...plan, roles: plan.roles.map((r) => (r.kind === 'management' ? change(r) : r)) };
}

function checkManagedPolicies(out: Synthesized, role: RolePlan): void {
  const policies = resourcesOfType(out.stacks, 'AWS::IAM::ManagedPolicy');
  for (const p of role.managedPolicies) {
    const found = policies.filter((x) => x.props.ManagedPolicyName === p.name);
    expect(found, p.name).toHaveLength(1);
    expect(found[0]!.props.PolicyDocument).toEqual(p.document);
    expect(found[0]!.props.Path).toBe(role.path);
  }
}
