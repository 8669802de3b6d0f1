/**
 * analyzeSnapshot end to end on snapshots whose verdict depends on a document only the collector
 * read: the observed plan must carry it typed, so prove evaluates it instead of skipping it.
 */
import { describe, expect, it } from 'vitest';
import { analyzeSnapshot } from '../../src/doctor/analyze.js';
import { observePlan } from '../../src/doctor/observe.js';
import { HUB, healthySnapshot, MGMT, mgmtRole, mutate } from './helpers/healthy.js';

/** Allows everything, but denies sts:AssumeRole for every principal not named `nobody`. */
const CONDITIONAL_DENY_BOUNDARY = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: '*', Resource: '*' },
    {
      Sid: 'NoChaining',
      Effect: 'Deny',
      Action: 'sts:AssumeRole',
      Resource: '*',
      Condition: { StringNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${HUB}:role/nobody` } },
    },
  ],
};

const withBoundary = () =>
  mutate(healthySnapshot(), (s) => {
    mgmtRole(s).permissionsBoundary = {
      arn: `arn:aws:iam::${HUB}:policy/no-chaining`,
      document: CONDITIONAL_DENY_BOUNDARY,
    };
  });

describe('permissions boundary read by the collector', () => {
  it('travels typed in the observed plan', () => {
    const role = observePlan(withBoundary()).roles.find((r) => r.arn === MGMT)!;
    expect(role.permissionsBoundaryArn).toBe(`arn:aws:iam::${HUB}:policy/no-chaining`);
    expect(role.permissionsBoundaryPolicy).toEqual(CONDITIONAL_DENY_BOUNDARY);
  });

  it('a conditional Deny on sts:AssumeRole fails the proof with FM-2.3 (no false green)', () => {
    const r = analyzeSnapshot(withBoundary());
    expect(r.proof?.holds).toBe(false);
    const fm23 = r.findings.filter((f) => f.id === 'FM-2.3' && f.severity === 'error');
    expect(fm23.length).toBeGreaterThan(0);
    expect(r.findings.map((f) => f.id)).not.toContain('LINT-UNEVALUATED-POLICY');
    for (const c of r.clusters) {
      const manager = c.links.find((l) => l.link === 'manager')!;
      expect(manager.ok).toBe(false);
    }
  });

  it('the healthy snapshot still holds', () => {
    expect(analyzeSnapshot(healthySnapshot()).proof?.holds).toBe(true);
  });
});
