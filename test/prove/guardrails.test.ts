/**
 * Organization guardrails on the chain: SCPs apply to the caller's account, RCPs to the account of
 * the role being assumed (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AccessPlan, PolicyDocument } from '../../src/plan/types.js';
import { prove } from '../../src/prove/prove.js';
import { examplePlan, mutate } from './helpers.js';

const HUB = '111111111111';
const SPOKE = '222222222222';
const ORG = 'o-a1b2c3d4e5';
const M = `arn:aws:iam::${HUB}:role/argocd-manager`;
const D = `arn:aws:iam::${SPOKE}:role/argocd-deployer`;
const SERVER = 'sa:argocd/argocd-server';

/** The RCP AWS documents for "only principals of my organization may assume roles here". */
const orgOnlyAssume: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'EnforceOrgIdentities',
      Effect: 'Deny',
      Principal: '*',
      Action: 'sts:AssumeRole',
      Resource: '*',
      Condition: {
        StringNotEqualsIfExists: { 'aws:PrincipalOrgID': ORG },
        BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
      },
    },
  ],
};
const denyAll: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }],
};

let base: AccessPlan;
const withOrg = (id: string) =>
  mutate(base, (p) => {
    p.organization = { id, organizationalUnits: [], regions: ['eu-central-1'], delegatedAdmin: false };
  });
const cell = (plan: AccessPlan, rcps: Record<string, PolicyDocument[]>) =>
  prove(plan, { rcps }).matrix.cells.find((c) => c.witness === SERVER && c.cluster === 'cluster2')!;

beforeAll(async () => {
  base = await examplePlan('two-accounts');
});

describe('prove with RCPs', () => {
  it('an org-only RCP on the spoke blocks the chain when requests carry no org id', () => {
    const result = prove(base, { rcps: { [SPOKE]: [orgOnlyAssume] } });
    const c = result.matrix.cells.find((x) => x.witness === SERVER && x.cluster === 'cluster2')!;
    expect(c.intended).toBe(true);
    expect(c.reachable).toBe(false);
    expect(c.blockedAt?.reason).toMatch(/rcp|RCP/);
    expect(result.holds).toBe(false);
    const f = result.findings.find((x) => x.id === 'FM-2.3');
    expect(f?.subject).toBe(M);
    expect(f?.evidence[0]?.source).toBe(`RCPs of account ${SPOKE}`);
  });

  it('lets the chain through when the management role session carries the right aws:PrincipalOrgID', () => {
    const result = prove(withOrg(ORG), { rcps: { [SPOKE]: [orgOnlyAssume] } });
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(result.holds).toBe(true);
    const c = result.matrix.cells.find((x) => x.witness === SERVER && x.cluster === 'cluster2')!;
    expect(c.reachable).toBe(true);
    expect(c.via).toEqual([M, D]);
  });

  it('still blocks when the plan belongs to another organization', () => {
    expect(cell(withOrg('o-zzzzzzzzzz'), { [SPOKE]: [orgOnlyAssume] }).reachable).toBe(false);
  });

  it('an RCP of another account does not touch the chain (RCPs are keyed by the resource account)', () => {
    const result = prove(base, { rcps: { '999999999999': [denyAll] } });
    expect(result.holds).toBe(true);
  });

  it('a deny-all RCP on the spoke blocks every intended cell with FM-2.3 on the management role', () => {
    const result = prove(base, { rcps: { [SPOKE]: [denyAll] } });
    const intended = result.matrix.cells.filter((c) => c.intended && !c.witness.startsWith('role:'));
    expect(intended.length).toBeGreaterThan(0);
    for (const c of intended) expect(c.reachable, c.witness).toBe(false);
    const f = result.findings.find((x) => x.id === 'FM-2.3' && x.subject === M);
    expect(f?.severity).toBe('error');
    expect(f?.message).toContain(`explicitly denied by an RCP of account ${SPOKE}`);
    expect(result.holds).toBe(false);
  });

  it('a deny-all RCP on the hub blocks the web-identity hop into the management role', () => {
    const result = prove(base, { rcps: { [HUB]: [denyAll] } });
    const c = result.matrix.cells.find((x) => x.witness === SERVER && x.cluster === 'cluster2')!;
    expect(c.reachable).toBe(false);
    expect(c.blockedAt?.reason).toContain('RCP');
    expect(result.holds).toBe(false);
    // The trust policy is fine: the finding names the guardrail, not a missing :sub.
    const f = result.findings.find((x) => x.id === 'FM-2.3' && x.subject === M);
    expect(f?.evidence[0]?.source).toBe(`RCPs of account ${HUB}`);
    expect(result.findings.filter((x) => x.id === 'FM-1.2')).toEqual([]);
  });

  it('an SCP is keyed by the caller account: one on the spoke does not stop the hub role', () => {
    const scp: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' }],
    };
    expect(prove(base, { scps: { [SPOKE]: [scp] } }).holds).toBe(true);
  });
});
