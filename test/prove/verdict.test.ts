/**
 * Three-state verdicts: holds / fails / inconclusive, with what made a proof inconclusive, so a
 * proof never "holds" on something prove did not evaluate.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AccessPlan } from '../../src/plan/types.js';
import { causeLine, formatText } from '../../src/prove/format-text.js';
import { prove } from '../../src/prove/prove.js';
import { examplePlan, mutate, role, statements } from './helpers.js';

const HUB = '111111111111';
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

let base: AccessPlan;
beforeAll(async () => {
  base = await examplePlan('two-accounts');
});

describe('prove verdict', () => {
  it('holds on the example, with no causes', () => {
    const r = prove(base);
    expect(r.verdict).toBe('holds');
    expect(r.holds).toBe(true);
    expect(r.causes).toEqual([]);
  });

  it('fails on a definite break (a Deny in the boundary the plan carries)', () => {
    const r = prove(
      mutate(base, (p) => {
        const m = role(p, 'management');
        m.permissionsBoundaryArn = `arn:aws:iam::${HUB}:policy/b`;
        m.permissionsBoundaryPolicy = {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: '*', Resource: '*' },
            { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' },
          ],
        };
      }),
    );
    expect(r.verdict).toBe('fails');
    expect(r.holds).toBe(false);
  });

  it('is inconclusive when a policy is attached by ARN only', () => {
    const r = prove(mutate(base, (p) => role(p, 'management').attachedPolicyArns.push(READ_ONLY)));
    expect(r.verdict).toBe('inconclusive');
    expect(r.holds).toBe(false);
    expect(r.causes).toEqual([
      {
        kind: 'policy-not-evaluated',
        subject: `arn:aws:iam::${HUB}:role/argocd-manager`,
        policies: [READ_ONLY],
      },
    ]);
  });

  it('attached policies whose document the plan carries are evaluated, not causes', () => {
    const r = prove(
      mutate(base, (p) => {
        const m = role(p, 'management');
        m.attachedPolicyArns.push(READ_ONLY);
        m.attachedPolicies = [
          {
            arn: READ_ONLY,
            document: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' }],
            },
          },
        ];
      }),
    );
    expect(r.causes).toEqual([]);
    expect(r.verdict).toBe('fails');
    expect(r.findings.map((f) => f.id)).toContain('FM-2.3');
  });

  it('a boundary known by ARN only is a cause', () => {
    const r = prove(
      mutate(base, (p) => {
        role(p, 'management').permissionsBoundaryArn = `arn:aws:iam::${HUB}:policy/unread`;
      }),
    );
    expect(r.verdict).toBe('inconclusive');
    expect(r.causes[0]).toMatchObject({
      kind: 'policy-not-evaluated',
      policies: [`arn:aws:iam::${HUB}:policy/unread`],
    });
  });

  it('is inconclusive when a matching statement tests a condition key prove does not supply', () => {
    const r = prove(
      mutate(base, (p) => {
        for (const d of p.roles.filter((x) => x.kind === 'deployer'))
          statements(d.trustPolicy).push({
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 'sts:AssumeRole',
            Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
          });
      }),
    );
    expect(r.verdict).toBe('inconclusive');
    const cause = r.causes.find((c) => c.kind === 'condition-key-not-supplied');
    expect(cause).toMatchObject({ kind: 'condition-key-not-supplied', key: 'aws:SourceIp' });
    expect(cause && 'hops' in cause && cause.hops.some((h) => h.includes('argocd-manager'))).toBe(true);
    expect(formatText(r)).toContain('PROOF INCONCLUSIVE');
    expect(formatText(r)).toContain(causeLine(cause!));
  });

  it('keys whose absence prove knows (sts:ExternalId) decide, they are no cause', () => {
    const r = prove(
      mutate(base, (p) => {
        for (const d of p.roles.filter((x) => x.kind === 'deployer'))
          statements(d.trustPolicy).push({
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'sts:ExternalId': 'x' } },
          });
      }),
    );
    expect(r.causes).toEqual([]);
    expect(r.verdict).toBe('holds');
  });
});
