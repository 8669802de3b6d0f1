/** AccessPlan JSON reader: round trip, and JSON-path errors for bad input. */
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { jsonPath, parseAccessPlan } from '../../src/plan/parse.js';
import { examplePlan } from '../prove/helpers.js';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).problems.map((p) => p.message);
  }
  throw new Error('expected a UserError');
}

describe('parseAccessPlan', () => {
  it('reads back what `fleetlink plan --format json` writes', async () => {
    for (const name of ['two-accounts', 'pod-identity', 'capability']) {
      const plan = await examplePlan(name);
      expect(parseAccessPlan(JSON.stringify(plan, null, 2), 'plan.json')).toEqual(
        JSON.parse(JSON.stringify(plan)),
      );
    }
  });

  it('names the JSON path of every problem', async () => {
    const plan = JSON.parse(JSON.stringify(await examplePlan('two-accounts')));
    plan.roles[1].arn = 'arn:aws:iam::222222222222:user/argocd-deployer';
    plan.roles[0].trustPolicy.Statement[0].Effect = 'Permit';
    delete plan.hub.account;
    plan.accessEntries[0].accessPolicies[0].accessScope.type = 'everything';
    const problems = problemsOf(() => parseAccessPlan(JSON.stringify(plan), 'plan.json'));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\$\.roles\[1\]\.arn: must be an IAM role ARN/),
        expect.stringMatching(/^\$\.roles\[0\]\.trustPolicy\.Statement/),
        expect.stringMatching(/^\$\.hub\.account: /),
        expect.stringMatching(/^\$\.accessEntries\[0\]\.accessPolicies\[0\]\.accessScope\.type: /),
      ]),
    );
  });

  it('reports invalid JSON with line and column', () => {
    try {
      parseAccessPlan('{\n  "apiVersion": "fleetlink.dev/v1alpha1",\n  "kind": \n}', 'bad.json');
      throw new Error('expected failure');
    } catch (error) {
      const p = (error as UserError).problems[0]!;
      expect(p.location.file).toBe('bad.json');
      expect(p.location.line).toBe(4);
      expect(p.message).toMatch(/invalid JSON/);
    }
  });

  it('rejects a document that is not an AccessPlan at all', () => {
    expect(problemsOf(() => parseAccessPlan('[]', 'x.json'))[0]).toMatch(/^\$: /);
  });

  it('quotes keys that are not identifiers in JSON paths', () => {
    expect(jsonPath(['roles', 0, 'trustPolicy', 'Condition', 'oidc.eks/x:sub'])).toBe(
      '$.roles[0].trustPolicy.Condition["oidc.eks/x:sub"]',
    );
  });
});
