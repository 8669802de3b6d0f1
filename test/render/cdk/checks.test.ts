/**
 * The checks in synth.test.ts can fail: a plan that breaks CloudFormation's schema or has an
 * unjustified wildcard is reported. And a re-synth of an unchanged plan is byte-identical.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { AccessPlan, RolePlan } from '../../../src/plan/types.js';
import { planFixture } from './fixtures.js';
import { readTree, type Synthesized, synthForTest } from './helpers.js';
import { availableExamples, FIXTURES } from './scenarios.js';

const cleanups: Synthesized[] = [];
afterAll(() => {
  for (const s of cleanups) s.cleanup();
});

function withManagement(plan: AccessPlan, change: (r: RolePlan) => RolePlan): AccessPlan {
  return { ...plan, roles: plan.roles.map((r) => (r.kind === 'management' ? change(r) : r)) };
}

describe('validation and cdk-nag catch what they should', () => {
  it('reports a role name over IAM 64-character limit (CloudFormation schema F3033)', () => {
    const plan = withManagement(planFixture(), (r) => ({ ...r, name: `${r.name}-${'x'.repeat(60)}` }));
    const out = synthForTest(plan, { validation: true, nag: true });
    cleanups.push(out);
    expect(out.violations.map((v) => [v.plugin, v.rule])).toContainEqual(['CloudFormation Validate', 'F3033']);
  });

  it('reports a wildcard resource that aws:ResourceOrgID does not bound (AwsSolutions-IAM5)', () => {
    const plan = withManagement(planFixture(), (r) => ({
      ...r,
      inlinePolicies: [
        {
          name: 'too-wide',
          document: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/argocd-*' }],
          },
        },
      ],
    }));
    const out = synthForTest(plan, { validation: false, nag: true });
    cleanups.push(out);
    expect(out.violations.map((v) => v.rule)).toContainEqual('AwsSolutions-IAM5[Resource::arn:aws:iam::*:role/argocd-*]');
  });

  it('accepts the Organization pattern only with its aws:ResourceOrgID condition', () => {
    const ok = synthForTest(planFixture({ organization: true, orgPattern: true }), { validation: false, nag: true });
    cleanups.push(ok);
    expect(ok.violations).toEqual([]);
  });
});

describe.each([...availableExamples(), ...FIXTURES])('re-synth of $name', ({ plan: loadPlan }) => {
  it('is byte-identical, file for file', async () => {
    const plan = await loadPlan();
    const a = synthForTest(plan, { validation: false });
    const b = synthForTest(plan, { validation: false });
    cleanups.push(a, b);
    const ta = readTree(a.dir);
    const tb = readTree(b.dir);
    expect([...ta.keys()].sort()).toEqual([...tb.keys()].sort());
    for (const [file, content] of ta) expect(tb.get(file), file).toBe(content);
    // A re-ordered but equal plan gives the same templates too (stable ids, sorted resources).
    const shuffled: AccessPlan = {
      ...plan,
      roles: [...plan.roles].reverse(),
      accessEntries: [...plan.accessEntries].reverse(),
      podIdentityAssociations: [...plan.podIdentityAssociations].reverse(),
    };
    const c = synthForTest(shuffled, { validation: false });
    cleanups.push(c);
    const tc = readTree(c.dir);
    for (const [file, content] of ta) if (file.endsWith('.template.json')) expect(tc.get(file), file).toBe(content);
  });
});
