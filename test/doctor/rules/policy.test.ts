/**
 * doctor's IAM questions are answered by src/iam: conditional Denies count, unknown condition
 * operators accept nothing, principal forms and aws:PrincipalArn follow the evaluator.
 */
import { describe, expect, it } from 'vitest';
import {
  conditionAccepts,
  identityAllows,
  trustAllowsRole,
  trustStatementsForRole,
} from '../../../src/doctor/rules/policy.js';

const MGMT = 'arn:aws:iam::111111111111:role/argocd-manager';
const DEPLOYER = 'arn:aws:iam::222222222222:role/argocd-deployer';
const allow = { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: DEPLOYER };

describe('identityAllows (by the evaluator)', () => {
  it('an Allow on the target allows', () => {
    expect(
      identityAllows([{ Version: '2012-10-17', Statement: [allow] }], 'sts:AssumeRole', DEPLOYER, MGMT),
    ).toEqual({
      allowed: true,
    });
  });

  it('a conditional Deny whose condition holds for the caller denies, and is named', () => {
    const doc = {
      Version: '2012-10-17',
      Statement: [
        allow,
        {
          Sid: 'NoChaining',
          Effect: 'Deny',
          Action: 'sts:*',
          Resource: '*',
          Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/*' } },
        },
      ],
    };
    expect(identityAllows([doc], 'sts:AssumeRole', DEPLOYER, MGMT)).toEqual({
      allowed: false,
      deniedBy: 'NoChaining',
    });
  });

  it('an invalid document allows nothing', () => {
    expect(
      identityAllows(
        [{ Version: '2012-10-17', Statement: [{ ...allow, Effect: 'Maybe' }] }],
        'sts:AssumeRole',
        DEPLOYER,
        MGMT,
      ).allowed,
    ).toBe(false);
  });
});

describe('conditionAccepts (by src/iam operators)', () => {
  it('string operators, case rules and wildcards as IAM has them', () => {
    expect(
      conditionAccepts('StringEquals', ['system:serviceaccount:argocd:x'], 'system:serviceaccount:argocd:x'),
    ).toBe(true);
    expect(
      conditionAccepts('StringLike', ['system:serviceaccount:argocd:*'], 'system:serviceaccount:argocd:y'),
    ).toBe(true);
    expect(conditionAccepts('StringEquals', ['A'], 'a')).toBe(false);
    expect(conditionAccepts('StringEqualsIgnoreCase', ['A'], 'a')).toBe(true);
  });

  it('an operator IAM does not know accepts nothing', () => {
    expect(conditionAccepts('StringEqualz', ['x'], 'x')).toBe(false);
  });
});

describe('trustAllowsRole (by the evaluator)', () => {
  const trust = (principal: unknown, condition?: unknown) => ({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: principal,
        Action: 'sts:AssumeRole',
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  });

  it('the role ARN, the account root and "*" narrowed by aws:PrincipalArn admit the role', () => {
    expect(trustAllowsRole(trust({ AWS: MGMT }), MGMT, 'sts:AssumeRole')).toBe(true);
    expect(trustAllowsRole(trust({ AWS: 'arn:aws:iam::111111111111:root' }), MGMT, 'sts:AssumeRole')).toBe(
      true,
    );
    expect(
      trustAllowsRole(
        trust({ AWS: '*' }, { ArnEquals: { 'aws:PrincipalArn': MGMT } }),
        MGMT,
        'sts:AssumeRole',
      ),
    ).toBe(true);
  });

  it('another role, another account, or a PrincipalArn condition naming someone else do not', () => {
    expect(
      trustAllowsRole(trust({ AWS: 'arn:aws:iam::111111111111:role/other' }), MGMT, 'sts:AssumeRole'),
    ).toBe(false);
    expect(trustAllowsRole(trust({ AWS: '333333333333' }), MGMT, 'sts:AssumeRole')).toBe(false);
    expect(
      trustAllowsRole(
        trust({ AWS: '*' }, { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/x' } }),
        MGMT,
        'sts:AssumeRole',
      ),
    ).toBe(false);
    expect(trustAllowsRole(trust({ AWS: MGMT }), MGMT, 'sts:TagSession')).toBe(false);
  });

  it('conditions on keys the chain never sends are left to their own rule (FM-3.3)', () => {
    const t = trust({ AWS: MGMT }, { StringEquals: { 'sts:ExternalId': 'x' } });
    expect(trustStatementsForRole(t, MGMT, 'sts:AssumeRole')).toHaveLength(1);
  });
});
