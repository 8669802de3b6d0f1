/**
 * Cross-account Pod Identity (`hub.podIdentity.managementAccount`): the associations name a
 * hub-account association role and the management role, in the management account, as their
 * `targetRoleArn` (EKS User Guide, pod-id-assign-target-role). The planned chain must prove, and
 * breaking its target hop must be FM-1.14.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFleet } from '../../src/fleet/load.js';
import { planFleet } from '../../src/plan/plan.js';
import type { AccessPlan, PolicyStatement, RolePlan } from '../../src/plan/types.js';
import { prove } from '../../src/prove/prove.js';
import { mutate, role, statements } from '../prove/helpers.js';

const HUB = '111111111111';
const MGMT_ACCOUNT = '555555555555';
const ASSOC = `arn:aws:iam::${HUB}:role/argocd-pod-identity`;
const MGMT = `arn:aws:iam::${MGMT_ACCOUNT}:role/argocd-manager`;

/** examples/pod-identity with `podIdentity` settings added to its hub. */
function planWith(podIdentity: string): AccessPlan {
  const text = readFileSync('examples/pod-identity/fleet.yaml', 'utf8').replace(
    '  clusterName: platform-hub\n',
    `  clusterName: platform-hub\n  podIdentity:\n${podIdentity}`,
  );
  return planFleet(parseFleet(text, 'fleet.yaml').fleet);
}

const target = () => planWith(`    managementAccount: "${MGMT_ACCOUNT}"\n`);
const byId = (p: AccessPlan, id: string) => p.roles.find((r) => r.id === id) as RolePlan;
const only = (doc: RolePlan['trustPolicy']): PolicyStatement => {
  const s = statements(doc as never);
  expect(s).toHaveLength(1);
  return s[0] as PolicyStatement;
};
const errors = (plan: AccessPlan) =>
  prove(plan)
    .findings.filter((f) => f.severity === 'error')
    .map((f) => `${f.id} ${f.subject}`);

describe('plan: Pod Identity management role in another account', () => {
  it('plans the management role in the management account as every association’s targetRoleArn', () => {
    const p = target();
    const mgmt = byId(p, 'management');
    expect(mgmt.account).toBe(MGMT_ACCOUNT);
    expect(mgmt.arn).toBe(MGMT);
    expect(p.podIdentityAssociations.length).toBe(3);
    for (const a of p.podIdentityAssociations) {
      expect(a.account).toBe(HUB);
      expect(a.roleArn).toBe(ASSOC);
      expect(a.targetRoleArn).toBe(MGMT);
    }
  });

  it('the association role is in the hub account, trusted by Pod Identity, and may assume only the target', () => {
    const p = target();
    const assoc = byId(p, 'association');
    expect(assoc.kind).toBe('association');
    expect(assoc.account).toBe(HUB);
    expect(assoc.arn).toBe(ASSOC);
    const trust = only(assoc.trustPolicy);
    expect(trust.Principal).toEqual({ Service: 'pods.eks.amazonaws.com' });
    expect(trust.Action).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    expect(assoc.inlinePolicies).toHaveLength(1);
    const allow = only(assoc.inlinePolicies[0]!.document);
    expect(allow.Action).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    expect(allow.Resource).toBe(MGMT);
    expect(JSON.stringify(assoc.inlinePolicies)).not.toContain('*');
  });

  it('the target trusts exactly the association role; the deployers trust the target', () => {
    const p = target();
    const trust = only(byId(p, 'management').trustPolicy);
    expect(trust.Principal).toEqual({ AWS: ASSOC });
    expect(trust.Action).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    expect(trust.Condition).toBeUndefined();
    for (const d of p.roles.filter((r) => r.kind === 'deployer'))
      expect(only(d.trustPolicy).Principal).toEqual({ AWS: MGMT });
    // The management role's permissions name the deployers, never the association role.
    expect(JSON.stringify(byId(p, 'management').inlinePolicies)).toContain('argocd-deployer-payments-dev');
  });

  it('with session tags disabled the target trust and the association policy are sts:AssumeRole alone', () => {
    const p = planWith(`    managementAccount: "${MGMT_ACCOUNT}"\n    disableSessionTags: true\n`);
    const trust = only(byId(p, 'management').trustPolicy);
    expect(trust.Principal).toEqual({ AWS: ASSOC });
    expect(trust.Action).toBe('sts:AssumeRole');
    expect(trust.Condition).toBeUndefined();
    expect(only(byId(p, 'association').inlinePolicies[0]!.document).Action).toBe('sts:AssumeRole');
    for (const a of p.podIdentityAssociations) expect(a.disableSessionTags).toBe(true);
  });

  it('names the association role as the fleet says', () => {
    const p = planWith(
      `    managementAccount: "${MGMT_ACCOUNT}"\n    associationRole:\n      name: argo-pi\n      path: /fleetlink/\n`,
    );
    expect(byId(p, 'association').arn).toBe(`arn:aws:iam::${HUB}:role/fleetlink/argo-pi`);
    expect(p.podIdentityAssociations[0]!.roleArn).toBe(`arn:aws:iam::${HUB}:role/fleetlink/argo-pi`);
  });

  it('without managementAccount nothing changes: the associations name the management role itself', () => {
    const p = planWith('    disableSessionTags: false\n');
    expect(p.roles.some((r) => r.kind === 'association')).toBe(false);
    expect(p.podIdentityAssociations[0]!.roleArn).toBe(`arn:aws:iam::${HUB}:role/argocd-manager`);
    expect(p.podIdentityAssociations[0]!.targetRoleArn).toBeUndefined();
  });
});

describe('prove: the planned cross-account target chain', () => {
  it('holds with no error', () => {
    const p = target();
    expect(errors(p)).toEqual([]);
    expect(prove(p).holds).toBe(true);
  });

  it('holds with session tags disabled, same-account and cross-account (no aws:RequestTag condition left)', () => {
    for (const extra of ['', `    managementAccount: "${MGMT_ACCOUNT}"\n`]) {
      const p = planWith(`    disableSessionTags: true\n${extra}`);
      expect(errors(p)).toEqual([]);
      expect(prove(p).holds).toBe(true);
      const first = p.roles.find((r) => r.kind === (extra ? 'association' : 'management')) as RolePlan;
      expect(only(first.trustPolicy).Condition).toBeUndefined();
    }
  });

  it('with session tags disabled, a target trust on another cluster’s ExternalId is FM-1.14', () => {
    const p = mutate(
      planWith(`    disableSessionTags: true\n    managementAccount: "${MGMT_ACCOUNT}"\n`),
      (d) => {
        for (const s of statements(role(d, 'management').trustPolicy))
          s.Condition = { StringEquals: { 'sts:ExternalId': `us-west-2/${HUB}/other/argocd/argocd-server` } };
      },
    );
    expect(errors(p)).toContain(`FM-1.14 ${MGMT}`);
  });

  it('target trust without sts:TagSession (session tags on) is FM-1.14 on the management role', () => {
    const p = mutate(target(), (d) => {
      for (const s of statements(role(d, 'management').trustPolicy)) s.Action = 'sts:AssumeRole';
    });
    expect(errors(p)).toContain(`FM-1.14 ${MGMT}`);
    expect(prove(p).holds).toBe(false);
  });

  it('an association role that may not assume the target is FM-1.14', () => {
    const p = mutate(target(), (d) => {
      for (const s of statements(role(d, 'association').inlinePolicies[0]!.document))
        s.Resource = `arn:aws:iam::${MGMT_ACCOUNT}:role/someone-else`;
    });
    expect(errors(p).some((e) => e.startsWith('FM-1.14 '))).toBe(true);
  });
});
