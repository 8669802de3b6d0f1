/**
 * The templates prove what the plan proves: the IAM documents and access entries are read back out
 * of the synthesized templates (intrinsics resolved for each stack's account, region and
 * partition), assembled into an AccessPlan, and proven. The access matrix must equal the one
 * proven from the fleet file — so the proof is about what will be deployed, not our model of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessPlan } from '../../../src/plan/types.js';
import { prove } from '../../../src/prove/prove.js';
import {
  type ObservedPlan,
  ObserveError,
  observeTemplates,
  verifyTemplates,
} from '../../../src/render/cdk/index.js';
import { type Synthesized, synthForTest } from './helpers.js';
import { availableExamples, FIXTURES } from './scenarios.js';

describe.each([...availableExamples(), ...FIXTURES])('$name', ({ plan: loadPlan }) => {
  let plan: AccessPlan;
  let out: Synthesized;
  let observed: ObservedPlan;

  beforeAll(async () => {
    plan = await loadPlan();
    out = synthForTest(plan, { validation: false });
    observed = observeTemplates(out.stacks, plan);
  });
  afterAll(() => out?.cleanup());

  it('reads back every role, provider, association and access entry exactly as planned', () => {
    const o = observed.plan;
    const comparable = (p: AccessPlan) =>
      [...new Map(p.roles.map((r) => [r.arn, r])).values()].map((r) => ({
        arn: r.arn,
        kind: r.kind,
        name: r.name,
        path: r.path,
        trustPolicy: r.trustPolicy,
        inlinePolicies: r.inlinePolicies,
        managedPolicies: r.managedPolicies,
        attachedPolicyArns: r.attachedPolicyArns,
        permissionsBoundaryArn: r.permissionsBoundaryArn,
        maxSessionDuration: r.maxSessionDuration,
        tags: { ...plan.tags, ...r.tags, 'managed-by': 'fleetlink' },
      }));
    // StackSet instances exist in every spoke account; the plan only lists the accounts that use them.
    const planned = comparable(plan);
    const seen = comparable(o);
    for (const role of planned)
      expect(
        seen.find((r) => r.arn === role.arn),
        role.arn,
      ).toEqual(role);
    for (const role of seen.filter((r) => !planned.some((p) => p.arn === r.arn)))
      expect(role.kind).toBe('deployer');
    expect(o.oidcProviders).toEqual(plan.oidcProviders);
    expect(o.podIdentityAssociations).toEqual(plan.podIdentityAssociations);
    expect(o.accessEntries).toEqual(plan.accessEntries);
  });

  it('proves the same access matrix from the templates as from the plan', () => {
    const fromPlan = prove(plan);
    const fromTemplates = prove(observed.plan);
    expect(fromTemplates.matrix).toEqual(fromPlan.matrix);
    expect(fromTemplates.holds).toBe(fromPlan.holds);
  });

  it('says what it assumed instead of reading it', () => {
    const imported = plan.oidcProviders.filter((p) => !p.create);
    for (const p of imported) expect(observed.assumed.join('\n')).toContain(p.arn);
    if (out.stacks.some((s) => Object.keys(s.stackSetTemplates).length > 0))
      expect(observed.assumed.join('\n')).toMatch(/StackSet .* is assumed to have an instance/);
  });
});

describe('observeTemplates refuses what it cannot read', () => {
  const stack = (resources: Record<string, unknown>) => ({
    stackName: 's',
    account: '222222222222',
    region: 'cn-north-1',
    template: { Resources: resources } as never,
    stackSetTemplates: {},
  });
  const intent = {
    roles: [],
    oidcProviders: [],
    podIdentityAssociations: [],
    accessEntries: [],
    clusters: [],
  } as unknown as AccessPlan;

  it('resolves partition pseudo parameters per region (aws-cn)', () => {
    const o = observeTemplates(
      [
        stack({
          R: {
            Type: 'AWS::IAM::Role',
            Properties: {
              RoleName: 'd',
              AssumeRolePolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string
                    Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::111111111111:role/m' } },
                    Action: 'sts:AssumeRole',
                  },
                ],
              },
            },
          },
          E: {
            Type: 'AWS::EKS::AccessEntry',
            Properties: {
              ClusterName: 'c',
              PrincipalArn: { 'Fn::GetAtt': ['R', 'Arn'] },
              AccessPolicies: [
                {
                  PolicyArn: {
                    'Fn::Join': [
                      '',
                      [
                        'arn:',
                        { Ref: 'AWS::Partition' },
                        ':eks::aws:cluster-access-policy/AmazonEKSViewPolicy',
                      ],
                    ],
                  },
                  AccessScope: { Type: 'cluster' },
                },
              ],
            },
          },
        }),
      ],
      intent,
    );
    expect(o.plan.roles[0]?.arn).toBe('arn:aws-cn:iam::222222222222:role/d');
    expect(o.plan.roles[0]?.trustPolicy).toMatchObject({
      Statement: [{ Principal: { AWS: 'arn:aws-cn:iam::111111111111:role/m' } }],
    });
    expect(o.plan.accessEntries[0]).toMatchObject({
      principalArn: 'arn:aws-cn:iam::222222222222:role/d',
      accessPolicies: [
        {
          policyArn: 'arn:aws-cn:eks::aws:cluster-access-policy/AmazonEKSViewPolicy',
          accessScope: { type: 'cluster' },
        },
      ],
    });
  });

  it('rejects a role without RoleName (its ARN is unknown before deploy)', () => {
    expect(() =>
      observeTemplates(
        [stack({ R: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } } })],
        intent,
      ),
    ).toThrow(ObserveError);
  });

  it('rejects an intrinsic it does not model, naming where', () => {
    expect(() =>
      observeTemplates(
        [
          stack({
            E: {
              Type: 'AWS::EKS::AccessEntry',
              Properties: {
                ClusterName: { 'Fn::ImportValue': 'x' },
                PrincipalArn: 'arn:aws-cn:iam::2:role/d',
              },
            },
          }),
        ],
        intent,
      ),
    ).toThrow(/Resources\.E\.Properties\.ClusterName\.Fn::ImportValue/);
  });
});

describe('the comparison can fail', () => {
  it('notices an access entry missing from, or a trust policy widened in, the templates', async () => {
    const { planFixture } = await import('./fixtures.js');
    const plan = planFixture();
    const out = synthForTest(plan, { validation: false });
    try {
      const baseline = prove(plan);
      expect(baseline.holds).toBe(true);
      expect(baseline.matrix.cells.filter((c) => c.reachable && c.intended).length).toBeGreaterThan(0);

      const withoutEntries = out.stacks.map((s) => ({
        ...s,
        template: {
          ...s.template,
          Resources: Object.fromEntries(
            Object.entries(s.template.Resources ?? {}).filter(([, r]) => r.Type !== 'AWS::EKS::AccessEntry'),
          ),
        },
      }));
      const missing = prove(observeTemplates(withoutEntries, plan).plan);
      expect(missing.matrix).not.toEqual(baseline.matrix);
      expect(missing.holds).toBe(false);
      const verdict = verifyTemplates(withoutEntries, plan);
      expect(verdict.same).toBe(false);
      expect(verdict.differences[0]).toMatch(/→ prod: plan reachable via .* \/ templates unreachable$/);
      expect(verifyTemplates(out.stacks, plan)).toMatchObject({ same: true, holds: true, differences: [] });

      const widened = JSON.parse(
        JSON.stringify(out.stacks).replaceAll(
          '"AWS":"arn:aws:iam::111111111111:role/argocd-manager"',
          '"AWS":"arn:aws:iam::111111111111:root"',
        ),
      );
      const wide = prove(observeTemplates(widened, plan).plan);
      expect(wide.matrix).not.toEqual(baseline.matrix);
    } finally {
      out.cleanup();
    }
  });
});
