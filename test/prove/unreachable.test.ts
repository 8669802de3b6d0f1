/**
 * PROVE-UNREACHABLE is the catch-all: an intended cell is blocked and no other error finding (on
 * the cluster, the service account, a role of the chain or the OIDC provider) explains it.
 *
 * Which defects are explained elsewhere (see mutations.test.ts): a trust or identity policy that
 * does not match (FM-1.x, FM-2.1, FM-3.x), an explicit Deny anywhere — identity policy, permissions
 * boundary, SCP or RCP (FM-2.3) — and a missing or wrong access entry (FM-5.x). What is left is an
 * IMPLICIT deny from a guardrail: a permissions boundary or an allow-list SCP that simply does not
 * allow sts:AssumeRole. Both policies of the hop allow it, nothing denies it, and only the matrix
 * shows the chain is broken.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AccessPlan, PolicyDocument } from '../../src/plan/types.js';
import { type ProveOptions, prove } from '../../src/prove/prove.js';
import { type Draft, examplePlan, mutate, role } from './helpers.js';

const HUB = '111111111111';
const M = `arn:aws:iam::${HUB}:role/argocd-manager`;

let base: AccessPlan;
beforeAll(async () => {
  base = await examplePlan('two-accounts');
});

/** An observed plan whose management role has a boundary allowing EKS calls only. */
const eksOnlyBoundary = (p: Draft) => {
  const m = role(p, 'management');
  m.permissionsBoundaryArn = `arn:aws:iam::${HUB}:policy/eks-only`;
  m.permissionsBoundaryPolicy = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'eks:*', Resource: '*' }],
  };
};

function errorsOf(plan: AccessPlan, options?: ProveOptions) {
  const result = prove(plan, options);
  return { result, errors: result.findings.filter((f) => f.severity === 'error') };
}

describe('PROVE-UNREACHABLE', () => {
  it('reports an intended cell blocked by a boundary that does not allow sts:AssumeRole, and nothing else', () => {
    const { result, errors } = errorsOf(mutate(base, eksOnlyBoundary));
    expect(errors.map((f) => [f.id, f.severity, f.subject])).toEqual([
      ['PROVE-UNREACHABLE', 'error', 'cluster2'],
    ]);
    const f = errors[0]!;
    expect(f.link).toBe('fleet');
    expect(f.message).toMatch(
      /is meant to reach cluster2 but is blocked at argocd-manager → argocd-deployer/,
    );
    expect(f.message).toContain('permissions boundary');
    expect(f.fix).toBeTruthy();
    expect(result.holds).toBe(false);
    // Every intended service account is blocked at the same hop, and the evidence names the cells.
    const blocked = result.matrix.cells.filter(
      (c) => c.intended && !c.reachable && c.witness.startsWith('sa:'),
    );
    expect(blocked.length).toBe(3);
    expect(f.evidence.map((e) => e.path)).toContain('sa:argocd/argocd-server × cluster2');
  });

  it('reports an allow-list SCP of the hub account that does not allow sts:AssumeRole', () => {
    const allowList: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['eks:*', 'ec2:*'], Resource: '*' }],
    };
    const { errors } = errorsOf(base, { scps: { [HUB]: [allowList] } });
    expect(errors.map((f) => [f.id, f.severity, f.subject])).toEqual([
      ['PROVE-UNREACHABLE', 'error', 'cluster2'],
    ]);
  });

  it('stays silent when another error finding already explains the blocked cell', () => {
    // The same blocked hop, but by an explicit Deny in the boundary: FM-2.3 on the management role.
    const { errors } = errorsOf(
      mutate(base, (p) => {
        eksOnlyBoundary(p);
        const m = role(p, 'management');
        m.permissionsBoundaryPolicy = {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: '*', Resource: '*' },
            { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' },
          ],
        };
      }),
    );
    expect(errors.map((f) => [f.id, f.subject])).toEqual([['FM-2.3', M]]);
  });

  it('is not reported for an unmutated example', () => {
    expect(prove(base).findings.filter((f) => f.id === 'PROVE-UNREACHABLE')).toEqual([]);
  });
});
