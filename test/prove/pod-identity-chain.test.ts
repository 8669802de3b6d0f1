/**
 * Pod Identity chains: `disableSessionTags` and `targetRoleArn` as EKS runs them (EKS User Guide
 * pod-id-abac, pod-id-assign-target-role), and the packed-size estimate of the session tags.
 * The defect cases are in mutations.test.ts; these are the healthy variants that must hold.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AccessPlan } from '../../src/plan/types.js';
import { prove } from '../../src/prove/prove.js';
import { estimateTagShare, MEASURED_PERCENT } from '../../src/prove/tag-headroom.js';
import { type Draft, examplePlan, mutate, role, statements } from './helpers.js';

const HUB = '111111111111';
const ASSOC = `arn:aws:iam::${HUB}:role/argocd-pod-identity`;
const SAS = ['argocd-application-controller', 'argocd-applicationset-controller', 'argocd-server'];
let base: AccessPlan;
beforeAll(async () => {
  base = await examplePlan('pod-identity');
});

/** The management role becomes the target of the associations, reached through ASSOC. */
function targetChain(p: Draft, trust: Draft['roles'][number]['trustPolicy']): void {
  const mgmt = role(p, 'management');
  const assoc = structuredClone(mgmt);
  Object.assign(assoc, { id: 'association', name: 'argocd-pod-identity', arn: ASSOC, managedPolicies: [] });
  assoc.inlinePolicies = [
    {
      name: 'chain',
      document: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: mgmt.arn }],
      },
    },
  ];
  p.roles.push(assoc);
  mgmt.trustPolicy = trust;
  for (const a of p.podIdentityAssociations) Object.assign(a, { roleArn: ASSOC, targetRoleArn: mgmt.arn });
}

const errors = (plan: AccessPlan) =>
  prove(plan)
    .findings.filter((f) => f.severity === 'error')
    .map((f) => `${f.id} ${f.subject}`);

describe('Pod Identity target role (EKS chains into it)', () => {
  it('holds when the target trusts the association role with sts:AssumeRole and sts:TagSession', () => {
    const plan = mutate(base, (p) =>
      targetChain(p, {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: ASSOC }, Action: ['sts:AssumeRole', 'sts:TagSession'] },
        ],
      }),
    );
    expect(errors(plan)).toEqual([]);
    expect(prove(plan).holds).toBe(true);
  });

  it('with session tags disabled, sts:AssumeRole on an sts:ExternalId condition is enough (no tags to pass on)', () => {
    const plan = mutate(base, (p) => {
      targetChain(p, {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: ASSOC },
            Action: 'sts:AssumeRole',
            Condition: {
              StringEquals: {
                'sts:ExternalId': SAS.map((sa) => `us-west-2/${HUB}/platform-hub/argocd/${sa}`),
              },
            },
          },
        ],
      });
      for (const a of p.podIdentityAssociations) a.disableSessionTags = true;
      // Without tags the association role's aws:RequestTag conditions cannot hold: trust the service plainly.
      delete statements(role(p, 'association').trustPolicy)[0]!.Condition;
      // The deployers then need no sts:TagSession either.
      for (const r of p.roles.filter((x) => x.kind === 'deployer'))
        for (const s of statements(r.trustPolicy)) s.Action = 'sts:AssumeRole';
    });
    expect(errors(plan)).toEqual([]);
  });

  it('the ExternalId EKS sets names region/account/cluster/namespace/SA: another cluster does not match', () => {
    const plan = mutate(base, (p) => {
      targetChain(p, {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: ASSOC },
            Action: 'sts:AssumeRole',
            Condition: { StringLike: { 'sts:ExternalId': `us-west-2/${HUB}/another-cluster/argocd/*` } },
          },
        ],
      });
      for (const a of p.podIdentityAssociations) a.disableSessionTags = true;
      delete statements(role(p, 'association').trustPolicy)[0]!.Condition;
    });
    expect(errors(plan)).toContain(`FM-1.14 arn:aws:iam::${HUB}:role/argocd-manager`);
  });
});

describe('disableSessionTags', () => {
  it("keeps the association role's aws:RequestTag trust conditions from holding (FM-1.11)", () => {
    const plan = mutate(base, (p) => {
      for (const a of p.podIdentityAssociations) a.disableSessionTags = true;
    });
    expect(errors(plan).some((e) => e.startsWith('FM-1.11 '))).toBe(true);
  });

  it('a deployer trust without sts:TagSession is FM-3.2 with tags on, and fine with them disabled', () => {
    const noTag = (p: Draft) => {
      for (const s of statements(role(p, 'deployer/payments-dev').trustPolicy)) s.Action = 'sts:AssumeRole';
    };
    expect(errors(mutate(base, noTag))).toContain(
      'FM-3.2 arn:aws:iam::333333333333:role/argocd-deployer-payments-dev',
    );
    const disabled = mutate(base, (p) => {
      noTag(p);
      for (const a of p.podIdentityAssociations) a.disableSessionTags = true;
    });
    expect(errors(disabled).filter((e) => e.startsWith('FM-3.2'))).toEqual([]);
  });
});

describe('packed-size estimate of the session tags', () => {
  it("the example's names stay below the warning; the estimate grows with the names", () => {
    const shares = estimateTagShare(base);
    expect(shares.length).toBe(base.podIdentityAssociations.length);
    for (const s of shares) expect(s.percent).toBeLessThan(90);
    expect(prove(base).findings.filter((f) => f.id === 'FM-3.6')).toEqual([]);
    const longer = mutate(base, (p) => {
      for (const a of p.podIdentityAssociations) a.namespace = 'argocd-platform-team';
    });
    expect(estimateTagShare(longer)[0]!.percent).toBeGreaterThan(shares[0]!.percent);
  });

  it('is anchored on the measured 74% and counts no tags when they are disabled', () => {
    expect(MEASURED_PERCENT).toBe(74);
    const off = mutate(base, (p) => {
      for (const a of p.podIdentityAssociations) a.disableSessionTags = true;
    });
    expect(estimateTagShare(off)).toEqual([]);
  });
});
