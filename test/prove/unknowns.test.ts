/** proveWithUnknowns: bounding unknown documents, tainting what unknown values feed, never holding. */
import { describe, expect, it } from 'vitest';
import { prove } from '../../src/prove/prove.js';
import { DENY_ALL_TRUST, proveWithUnknowns, type UnknownValue } from '../../src/prove/unknowns.js';
import { examplePlan, mutate, role } from './helpers.js';

const CONTROLLER = 'sa:argocd/argocd-application-controller';

describe('proveWithUnknowns', () => {
  it('without unknown values it is prove', async () => {
    const plan = await examplePlan('least-privilege');
    const { undetermined, ...rest } = proveWithUnknowns(plan, []);
    expect(rest).toEqual(prove(plan));
    expect(undetermined).toEqual({ cells: 0, values: 0 });
  });

  it('an unknown deployer trust: cells that differ between "trusts no one" and "trusts everyone" are undetermined', async () => {
    const base = await examplePlan('two-accounts');
    const deployer = role(base as never, 'deployer');
    const plan = mutate(base, (p) => {
      role(p, 'deployer').trustPolicy = structuredClone(DENY_ALL_TRUST) as never;
    });
    const unknown: UnknownValue = {
      source: 'aws_iam_role.deployer',
      attribute: 'assume_role_policy',
      references: ['aws_iam_role.manager.arn'],
      effect: { kind: 'role-document', roleArn: deployer.arn, slot: 'trust' },
    };
    const r = proveWithUnknowns(plan, [unknown]);
    expect(r.holds).toBe(false);
    const at = (w: string) => r.matrix.cells.find((c) => c.witness === w && c.cluster === 'cluster2')!;
    expect(at(CONTROLLER).undetermined?.because).toEqual(['aws_iam_role.deployer.assume_role_policy']);
    expect(at(CONTROLLER).reachable).toBe(false);
    // A service account the management role does not trust is decided either way.
    expect(at('sa:argocd/default').undetermined).toBeUndefined();
    // Findings of only one bound (FM-3.1 for the least, LINT-WILDCARD-PRINCIPAL for the most) are dropped.
    expect(r.findings.map((f) => f.id)).toEqual(['PROVE-UNKNOWN-UNTIL-APPLY']);
    expect(r.findings[0]!.message).toContain('aws_iam_role.manager.arn');
  });

  it('a known defect elsewhere is still reported next to the unknown value', async () => {
    const base = await examplePlan('two-accounts');
    const plan = mutate(base, (p) => {
      p.accessEntries = [];
    });
    const r = proveWithUnknowns(plan, [
      {
        source: 'kubernetes_secret_v1.cluster["cluster2"]',
        attribute: 'data.server',
        references: ['aws_eks_cluster.spoke.endpoint'],
        effect: { kind: 'cluster', cluster: 'cluster2', findings: ['FM-6.3'] },
      },
    ]);
    expect(r.holds).toBe(false);
    expect(r.findings.map((f) => f.id)).toContain('FM-5.2');
    expect(r.matrix.cells.some((c) => c.undetermined)).toBe(false);
  });
});
