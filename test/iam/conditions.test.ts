// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are ${...} inside plain strings.
/**
 * Condition operators, one table per family. Each row: does `{op: {key: values}}` hold for the context?
 * Docs: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_operators.html
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/iam/evaluate.js';
import type { ContextValue } from '../../src/iam/types.js';

type Values = string | number | boolean | (string | number | boolean)[];

function holds(op: string, key: string, values: Values, context: Record<string, ContextValue>): boolean {
  const policy = {
    Version: '2012-10-17' as const,
    Statement: [
      {
        Effect: 'Allow' as const,
        Action: 's3:GetObject',
        Resource: '*',
        Condition: { [op]: { [key]: values } },
      },
    ],
  };
  const result = evaluate({
    principal: 'arn:aws:iam::111111111111:user/alice',
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::bucket/key',
    resourceAccount: '111111111111',
    context,
    identityPolicies: [policy as never],
  });
  return result.decision === 'Allowed';
}

type Row = [
  op: string,
  key: string,
  values: Values,
  context: Record<string, ContextValue>,
  expected: boolean,
];

function table(name: string, rows: Row[]): void {
  describe(name, () => {
    it.each(rows)('%s %s %j with %j → %s', (op, key, values, context, expected) => {
      expect(holds(op, key, values, context)).toBe(expected);
    });
  });
}

table('String operators (case-sensitive values, case-insensitive keys)', [
  ['StringEquals', 'aws:username', 'alice', { 'aws:username': 'alice' }, true],
  ['StringEquals', 'aws:username', 'alice', { 'aws:username': 'Alice' }, false],
  ['StringEquals', 'AWS:UserName', 'alice', { 'aws:username': 'alice' }, true],
  ['StringEquals', 'aws:username', ['bob', 'alice'], { 'aws:username': 'alice' }, true],
  ['StringEquals', 'aws:username', 'al*', { 'aws:username': 'alice' }, false],
  ['StringEquals', 'aws:username', 'al*', { 'aws:username': 'al*' }, true],
  ['StringNotEquals', 'aws:username', ['bob', 'carol'], { 'aws:username': 'alice' }, true],
  ['StringNotEquals', 'aws:username', ['bob', 'alice'], { 'aws:username': 'alice' }, false],
  ['StringEqualsIgnoreCase', 'aws:username', 'ALICE', { 'aws:username': 'alice' }, true],
  ['StringNotEqualsIgnoreCase', 'aws:username', 'ALICE', { 'aws:username': 'alice' }, false],
  [
    'StringLike',
    'k',
    'system:serviceaccount:argocd:*',
    { k: 'system:serviceaccount:argocd:argocd-server' },
    true,
  ],
  [
    'StringLike',
    'k',
    'system:serviceaccount:argocd:*',
    { k: 'system:serviceaccount:other:argocd-server' },
    false,
  ],
  ['StringLike', 'k', 'a?c', { k: 'abc' }, true],
  ['StringLike', 'k', 'a?c', { k: 'ac' }, false],
  ['StringLike', 'k', '*', { k: '' }, true],
  ['StringNotLike', 'k', ['a*', 'b*'], { k: 'cat' }, true],
  ['StringNotLike', 'k', ['a*', 'c*'], { k: 'cat' }, false],
]);

table('Numeric operators', [
  ['NumericEquals', 'n', '10', { n: '10' }, true],
  ['NumericEquals', 'n', 10, { n: '10.0' }, true],
  ['NumericNotEquals', 'n', ['1', '2'], { n: '3' }, true],
  ['NumericLessThan', 'aws:MultiFactorAuthAge', '3600', { 'aws:MultiFactorAuthAge': '300' }, true],
  ['NumericLessThan', 'n', '3600', { n: '3600' }, false],
  ['NumericLessThanEquals', 'n', '3600', { n: '3600' }, true],
  ['NumericGreaterThan', 'n', '1.5', { n: '2' }, true],
  ['NumericGreaterThanEquals', 'n', '2', { n: '1.99' }, false],
  ['NumericEquals', 'n', '10', { n: 'ten' }, false],
  ['NumericNotEquals', 'n', '10', { n: 'ten' }, false],
]);

table('Date operators (ISO 8601 or epoch SECONDS)', [
  [
    'DateLessThan',
    'aws:CurrentTime',
    '2025-01-01T00:00:00Z',
    { 'aws:CurrentTime': '2024-06-01T00:00:00Z' },
    true,
  ],
  [
    'DateGreaterThan',
    'aws:CurrentTime',
    '2025-01-01T00:00:00Z',
    { 'aws:CurrentTime': '2024-06-01T00:00:00Z' },
    false,
  ],
  [
    'DateEquals',
    'aws:CurrentTime',
    '2024-01-01T00:00:00Z',
    { 'aws:CurrentTime': '2024-01-01T00:00:00.000Z' },
    true,
  ],
  [
    'DateNotEquals',
    'aws:CurrentTime',
    '2024-01-01T00:00:00Z',
    { 'aws:CurrentTime': '2024-01-02T00:00:00Z' },
    true,
  ],
  ['DateLessThanEquals', 'aws:EpochTime', '1700000000', { 'aws:EpochTime': '1700000000' }, true],
  ['DateGreaterThanEquals', 'aws:EpochTime', '1700000000', { 'aws:EpochTime': '1699999999' }, false],
  // aws:EpochTime is in seconds: 1735689600 s is 2025-01-01T00:00:00Z.
  ['DateEquals', 'aws:CurrentTime', '1735689600', { 'aws:CurrentTime': '2025-01-01T00:00:00Z' }, true],
  ['DateLessThan', 'aws:CurrentTime', 'not-a-date', { 'aws:CurrentTime': '2024-01-01T00:00:00Z' }, false],
]);

table('Bool and BinaryEquals', [
  ['Bool', 'aws:SecureTransport', 'true', { 'aws:SecureTransport': 'true' }, true],
  ['Bool', 'aws:SecureTransport', true, { 'aws:SecureTransport': 'TRUE' }, true],
  ['Bool', 'aws:SecureTransport', 'false', { 'aws:SecureTransport': 'true' }, false],
  ['Bool', 'aws:SecureTransport', 'true', { 'aws:SecureTransport': 'yes' }, false],
  ['BinaryEquals', 'b', 'QUJD', { b: 'QUJD' }, true],
  ['BinaryEquals', 'b', 'QUJD', { b: 'qujd' }, false],
]);

table('IpAddress / NotIpAddress (IPv4 and IPv6 CIDR)', [
  ['IpAddress', 'aws:SourceIp', '10.0.0.0/8', { 'aws:SourceIp': '10.1.2.3' }, true],
  ['IpAddress', 'aws:SourceIp', '10.0.0.0/8', { 'aws:SourceIp': '11.1.2.3' }, false],
  ['IpAddress', 'aws:SourceIp', '0.0.0.0/0', { 'aws:SourceIp': '203.0.113.9' }, true],
  ['IpAddress', 'aws:SourceIp', '10.1.2.3', { 'aws:SourceIp': '10.1.2.3' }, true],
  ['IpAddress', 'aws:SourceIp', '2001:db8::/32', { 'aws:SourceIp': '2001:db8:0:0:1::5' }, true],
  ['IpAddress', 'aws:SourceIp', '2001:db8::/32', { 'aws:SourceIp': '2001:db9::1' }, false],
  ['IpAddress', 'aws:SourceIp', '::/0', { 'aws:SourceIp': '::1' }, true],
  ['IpAddress', 'aws:SourceIp', '10.0.0.0/8', { 'aws:SourceIp': '2001:db8::1' }, false],
  ['NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', { 'aws:SourceIp': '2001:db8::1' }, true],
  [
    'NotIpAddress',
    'aws:SourceIp',
    ['10.0.0.0/8', '192.168.0.0/16'],
    { 'aws:SourceIp': '192.168.1.1' },
    false,
  ],
  ['NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', { 'aws:SourceIp': 'garbage' }, false],
]);

table('Arn operators (six parts, each with * and ?)', [
  [
    'ArnLike',
    'aws:PrincipalArn',
    'arn:aws:iam::*:role/mgr',
    { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/mgr' },
    true,
  ],
  [
    'ArnEquals',
    'aws:PrincipalArn',
    'arn:aws:iam::111111111111:role/*',
    { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/x/y' },
    true,
  ],
  [
    'ArnLike',
    'aws:PrincipalArn',
    'arn:aws:iam::*:role/mgr',
    { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/Mgr' },
    false,
  ],
  [
    'ArnNotLike',
    'aws:PrincipalArn',
    'arn:aws:iam::222222222222:*',
    { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/mgr' },
    true,
  ],
  [
    'ArnNotEquals',
    'aws:PrincipalArn',
    'arn:aws:iam::*:role/mgr',
    { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/mgr' },
    false,
  ],
  ['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/mgr', { 'aws:PrincipalArn': 'not-an-arn' }, false],
]);

table('Null, …IfExists and missing keys (negated operators on a missing key are true)', [
  ['Null', 'aws:TokenIssueTime', 'true', {}, true],
  ['Null', 'aws:TokenIssueTime', 'false', {}, false],
  ['Null', 'aws:TokenIssueTime', false, { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' }, true],
  ['StringEquals', 'aws:username', 'alice', {}, false],
  ['StringEqualsIfExists', 'aws:username', 'alice', {}, true],
  ['StringEqualsIfExists', 'aws:username', 'alice', { 'aws:username': 'bob' }, false],
  ['StringNotEquals', 'aws:username', 'alice', {}, true],
  ['StringNotLike', 'aws:username', 'a*', {}, true],
  ['NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', {}, true],
  ['ArnNotLike', 'aws:PrincipalArn', 'arn:*:*:*:*:*', {}, true],
  ['NumericLessThanIfExists', 'n', '5', {}, true],
]);

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
table('ForAnyValue / ForAllValues and multi-valued keys', [
  ['ForAnyValue:StringEquals', 'aws:TagKeys', ['env', 'team'], { 'aws:TagKeys': ['team', 'owner'] }, true],
  ['ForAnyValue:StringEquals', 'aws:TagKeys', ['env'], { 'aws:TagKeys': ['team', 'owner'] }, false],
  ['ForAnyValue:StringEquals', 'aws:TagKeys', ['env'], {}, false],
  ['ForAllValues:StringEquals', 'aws:TagKeys', ['env', 'team'], { 'aws:TagKeys': ['team', 'env'] }, true],
  ['ForAllValues:StringEquals', 'aws:TagKeys', ['env', 'team'], { 'aws:TagKeys': ['team', 'owner'] }, false],
  // "ForAllValues … returns true if there are no context keys in the request" (the doc's warning).
  ['ForAllValues:StringEquals', 'aws:TagKeys', ['env'], {}, true],
  ['ForAllValues:StringEquals', 'aws:TagKeys', ['env'], { 'aws:TagKeys': [] }, true],
  ['ForAnyValue:StringNotEquals', 'aws:TagKeys', ['team'], { 'aws:TagKeys': ['team', 'owner'] }, true],
  ['ForAllValues:StringNotLike', 'aws:TagKeys', ['t*'], { 'aws:TagKeys': ['env', 'owner'] }, true],
  [
    'ForAnyValue:StringLike',
    'aws:PrincipalOrgPaths',
    'o-abc/r-1/ou-1/*',
    { 'aws:PrincipalOrgPaths': ['o-abc/r-1/ou-1/ou-9/'] },
    true,
  ],
  // A single-valued operator on a multi-valued key does not match, even a negated one.
  ['StringEquals', 'aws:TagKeys', 'team', { 'aws:TagKeys': ['team'] }, false],
  ['StringNotEquals', 'aws:TagKeys', 'x', { 'aws:TagKeys': ['team'] }, false],
  ['ForAnyValue:StringEquals', 'aws:username', 'alice', { 'aws:username': 'alice' }, true],
]);

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
table('Policy variables, defaults and ${*} ${?} ${$} escapes', [
  ['StringEquals', 'k', '${aws:username}', { k: 'alice', 'aws:username': 'alice' }, true],
  [
    'StringEquals',
    'k',
    'team-${aws:PrincipalTag/team}',
    { k: 'team-platform', 'aws:principaltag/team': 'platform' },
    true,
  ],
  ['StringEquals', 'k', '${aws:PrincipalTag/team}', { k: 'x' }, false],
  ['StringNotEquals', 'k', '${aws:PrincipalTag/team}', { k: 'x' }, false],
  ['StringEquals', 'k', "${aws:PrincipalTag/team, 'none'}", { k: 'none' }, true],
  ['StringLike', 'k', '${aws:username}/*', { k: 'alice/x', 'aws:username': 'alice' }, true],
  // A resolved value is literal text: its * is not a wildcard.
  ['StringLike', 'k', '${aws:username}', { k: 'alice', 'aws:username': 'a*' }, false],
  ['StringEquals', 'k', 'a${*}b', { k: 'a*b' }, true],
  ['StringLike', 'k', 'a${*}b', { k: 'axb' }, false],
  ['StringLike', 'k', 'a${?}b${$}', { k: 'a?b$' }, true],
  ['StringEquals', 'k', '${aws:TagKeys}', { k: 'team', 'aws:TagKeys': ['team'] }, false],
  [
    'ArnLike',
    'aws:PrincipalArn',
    'arn:aws:iam::${aws:PrincipalAccount}:role/*',
    { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/r', 'aws:PrincipalAccount': '111111111111' },
    true,
  ],
  ['Bool', 'b', '${aws:flag}', { b: 'true', 'aws:flag': 'TRUE' }, true],
]);

describe('policy variables need Version 2012-10-17', () => {
  it('treats ${...} literally in a 2008-10-17 policy', () => {
    const decide = (version: '2012-10-17' | '2008-10-17') =>
      evaluate({
        principal: 'arn:aws:iam::111111111111:user/alice',
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::bucket/alice/x',
        resourceAccount: '111111111111',
        context: { 'aws:username': 'alice' },
        identityPolicies: [
          {
            Version: version,
            Statement: {
              Effect: 'Allow',
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::bucket/${aws:username}/*',
            },
          },
        ],
      }).decision;
    expect(decide('2012-10-17')).toBe('Allowed');
    expect(decide('2008-10-17')).toBe('ImplicitlyDenied');
  });
});
