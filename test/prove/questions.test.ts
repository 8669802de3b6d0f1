/**
 * doctor's IAM questions, asked on a role of the (observed) plan, are answered by src/iam:
 * conditional Denies count, unknown condition operators accept nothing, the boundary is judged in
 * its own place, principal forms and aws:PrincipalArn follow the evaluator.
 */
import { describe, expect, it } from 'vitest';
import type { PolicyDocument, PolicyStatement, RolePlan } from '../../src/plan/types.js';
import {
  boundaryAllows,
  conditionAdmits,
  identityAllows,
  trustConditionsAdmit,
  trustStatementsForRole,
} from '../../src/prove/questions.js';

const MGMT = 'arn:aws:iam::111111111111:role/argocd-manager';
const DEPLOYER = 'arn:aws:iam::222222222222:role/argocd-deployer';
const allow: PolicyStatement = { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: DEPLOYER };
const doc = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement });

function role(arn: string, o: Partial<RolePlan> = {}): RolePlan {
  const [, partition, , , account, rest] = arn.split(':') as [string, 'aws', string, string, string, string];
  return {
    id: 'r',
    kind: 'management',
    account,
    partition,
    name: rest.slice('role/'.length),
    path: '/',
    arn,
    description: '',
    trustPolicy: doc(),
    inlinePolicies: [],
    managedPolicies: [],
    attachedPolicyArns: [],
    serves: [],
    maxSessionDuration: 3600,
    tags: {},
    ...o,
  };
}

const withPolicy = (d: PolicyDocument, o: Partial<RolePlan> = {}) =>
  role(MGMT, { inlinePolicies: [{ name: 'p', document: d }], ...o });

describe('identityAllows (by the evaluator)', () => {
  it('an Allow on the target allows', () => {
    expect(identityAllows(withPolicy(doc(allow)), 'sts:AssumeRole', DEPLOYER)).toEqual({ allowed: true });
  });

  it('a conditional Deny whose condition holds for the caller denies, and is named', () => {
    const d = doc(allow, {
      Sid: 'NoChaining',
      Effect: 'Deny',
      Action: 'sts:*',
      Resource: '*',
      Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/*' } },
    });
    expect(identityAllows(withPolicy(d), 'sts:AssumeRole', DEPLOYER)).toEqual({
      allowed: false,
      deniedBy: 'NoChaining',
    });
  });

  it('attached policies the collector read count as identity policies', () => {
    const r = role(MGMT, { attachedPolicies: [{ arn: 'arn:aws:iam::aws:policy/X', document: doc(allow) }] });
    expect(identityAllows(r, 'sts:AssumeRole', DEPLOYER).allowed).toBe(true);
  });

  it('an invalid document allows nothing', () => {
    const bad = {
      Version: '2012-10-17',
      Statement: [{ ...allow, Effect: 'Maybe' }],
    } as unknown as PolicyDocument;
    expect(identityAllows(withPolicy(bad), 'sts:AssumeRole', DEPLOYER).allowed).toBe(false);
  });
});

describe('boundaryAllows (the boundary typed in the plan, in its own place)', () => {
  it('no boundary document: no answer', () => {
    expect(boundaryAllows(withPolicy(doc(allow)), 'sts:AssumeRole', DEPLOYER)).toBeUndefined();
  });

  it('a conditional Deny in the boundary blocks; an allowing boundary lets through', () => {
    const deny = doc(
      { Effect: 'Allow', Action: '*', Resource: '*' },
      {
        Effect: 'Deny',
        Action: 'sts:AssumeRole',
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalAccount': '111111111111' } },
      },
    );
    expect(
      boundaryAllows(withPolicy(doc(allow), { permissionsBoundaryPolicy: deny }), 'sts:AssumeRole', DEPLOYER),
    ).toBe(false);
    const open = doc({ Effect: 'Allow', Action: 'sts:*', Resource: '*' });
    expect(
      boundaryAllows(withPolicy(doc(allow), { permissionsBoundaryPolicy: open }), 'sts:AssumeRole', DEPLOYER),
    ).toBe(true);
    // A boundary that does not mention the action allows nothing (implicit deny).
    const other = doc({ Effect: 'Allow', Action: 'eks:*', Resource: '*' });
    expect(
      boundaryAllows(
        withPolicy(doc(allow), { permissionsBoundaryPolicy: other }),
        'sts:AssumeRole',
        DEPLOYER,
      ),
    ).toBe(false);
  });
});

describe('conditionAdmits (by src/iam operators)', () => {
  it('string operators, case rules and wildcards as IAM has them', () => {
    expect(
      conditionAdmits('StringEquals', ['system:serviceaccount:argocd:x'], 'system:serviceaccount:argocd:x'),
    ).toBe(true);
    expect(
      conditionAdmits('StringLike', ['system:serviceaccount:argocd:*'], 'system:serviceaccount:argocd:y'),
    ).toBe(true);
    expect(conditionAdmits('StringEquals', ['A'], 'a')).toBe(false);
    expect(conditionAdmits('StringEqualsIgnoreCase', ['A'], 'a')).toBe(true);
  });

  it('an operator IAM does not know accepts nothing', () => {
    expect(conditionAdmits('StringEqualz', ['x'], 'x')).toBe(false);
  });
});

describe('trustStatementsForRole (by the evaluator)', () => {
  const trusting = (principal: PolicyStatement['Principal'], condition?: PolicyStatement['Condition']) =>
    role(DEPLOYER, {
      trustPolicy: doc({
        Effect: 'Allow',
        Principal: principal,
        Action: 'sts:AssumeRole',
        ...(condition ? { Condition: condition } : {}),
      }),
    });
  const admits = (r: RolePlan, action = 'sts:AssumeRole') =>
    trustStatementsForRole(r, MGMT, action).length > 0;

  it('the role ARN, the account root and "*" narrowed by aws:PrincipalArn admit the role', () => {
    expect(admits(trusting({ AWS: MGMT }))).toBe(true);
    expect(admits(trusting({ AWS: 'arn:aws:iam::111111111111:root' }))).toBe(true);
    expect(admits(trusting({ AWS: '*' }, { ArnEquals: { 'aws:PrincipalArn': MGMT } }))).toBe(true);
  });

  it('another role, another account, or a PrincipalArn condition naming someone else do not', () => {
    expect(admits(trusting({ AWS: 'arn:aws:iam::111111111111:role/other' }))).toBe(false);
    expect(admits(trusting({ AWS: '333333333333' }))).toBe(false);
    expect(
      admits(
        trusting({ AWS: '*' }, { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/x' } }),
      ),
    ).toBe(false);
    expect(admits(trusting({ AWS: MGMT }), 'sts:TagSession')).toBe(false);
  });

  it('conditions on keys the chain never sends are left to their own rule (FM-3.3), with their JSON path', () => {
    const r = trusting({ AWS: MGMT }, { StringEquals: { 'sts:ExternalId': 'x' } });
    expect(trustStatementsForRole(r, MGMT, 'sts:AssumeRole').map((s) => s.path)).toEqual(['Statement[0]']);
  });
});

describe('trustConditionsAdmit (conditions on the supplied keys, by the evaluator)', () => {
  const host = 'oidc.eks.eu-west-1.amazonaws.com/id/ABC';
  const st: PolicyStatement = {
    Effect: 'Allow',
    Principal: { Federated: `arn:aws:iam::111111111111:oidc-provider/${host}` },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: {
      StringLike: { [`${host}:sub`]: 'system:serviceaccount:argocd:argocd-*' },
      StringEquals: { [`${host}:aud`]: 'sts.amazonaws.com' },
    },
  };
  const r = role(MGMT, { trustPolicy: doc(st) });
  const provider = `arn:aws:iam::111111111111:oidc-provider/${host}`;
  const ask = (sub: string) =>
    trustConditionsAdmit(r, st, provider, 'sts:AssumeRoleWithWebIdentity', { [`${host}:sub`]: sub });

  it('judges the :sub condition only (the :aud key is not supplied, so not judged)', () => {
    expect(ask('system:serviceaccount:argocd:argocd-server')).toBe(true);
    expect(ask('system:serviceaccount:default:app')).toBe(false);
  });
});
