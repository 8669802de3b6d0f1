/** Policy grammar and validation messages (reference_policies_grammar.html). */
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/iam/policy.js';

const problems = (doc: unknown, path?: string) =>
  parsePolicy(doc, path).problems.map((p) => `${p.path}: ${p.message}`);

describe('parsePolicy', () => {
  it('accepts a Statement object or an array, and compiles every element', () => {
    const one = parsePolicy({
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' },
    });
    expect(one.problems).toEqual([]);
    expect(one.policy?.statements).toHaveLength(1);
    const many = parsePolicy({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'A',
          Effect: 'Allow',
          Principal: { AWS: ['111111111111', 'arn:aws:iam::111111111111:role/x'] },
          Action: 'sts:AssumeRole',
        },
        {
          Effect: 'Deny',
          NotPrincipal: { Service: 'pods.eks.amazonaws.com' },
          NotAction: 'sts:*',
          NotResource: 'arn:aws:s3:::b/*',
        },
        {
          Effect: 'Allow',
          Principal: { Federated: 'arn:aws:iam::1:oidc-provider/x', CanonicalUser: 'abc' },
          Action: '*',
        },
      ],
    });
    expect(many.problems).toEqual([]);
    expect(many.policy?.statements.map((s) => s.sid ?? s.index)).toEqual(['A', 1, 2]);
  });

  it('returns the same compiled object for the same document (cached)', () => {
    const doc = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } };
    expect(parsePolicy(doc).policy).toBe(parsePolicy(doc).policy);
  });

  it.each([
    [null, ['$: expected a policy document (a JSON object)']],
    [{ Version: '2012-10-17' }, ['$.Statement: required']],
    [{ Version: '2019-01-01', Statement: [] }, ['$.Version: expected "2012-10-17" or "2008-10-17"']],
    [
      { Version: '2012-10-17', Statement: 'x' },
      ['$.Statement: expected a statement object or an array of statements'],
    ],
    [
      { Version: '2012-10-17', Statement: [], Extra: 1 },
      ['$.Extra: unknown element "Extra" (expected Version, Id, Statement)'],
    ],
    [
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: '*' },
          { Effect: 'allow', Action: '*' },
        ],
      },
      ['$.Statement[1].Effect: expected "Allow" or "Deny"'],
    ],
    [
      { Version: '2012-10-17', Statement: { Action: '*' } },
      ['$.Statement.Effect: required: "Allow" or "Deny"'],
    ],
    [
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow' }] },
      ['$.Statement[0]: one of Action or NotAction is required'],
    ],
    [
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', NotAction: '*' }] },
      ['$.Statement[0]: use either Action or NotAction, not both'],
    ],
    [
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 'GetObject'] }] },
      ['$.Statement[0].Action[1]: expected "*" or "service:action", got "GetObject"'],
    ],
    [
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: 'bucket/*' }] },
      [
        '$.Statement[0].Resource: expected "*" or an ARN (arn:partition:service:region:account:resource), got "bucket/*"',
      ],
    ],
    [
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Principal: { AWS: 'alice' } }] },
      ['$.Statement[0].Principal.AWS: expected an account id, an IAM ARN or "*", got "alice"'],
    ],
    [
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Principal: { Users: 'x' } }] },
      [
        '$.Statement[0].Principal.Users: unknown principal type "Users" (expected AWS, Federated, Service or CanonicalUser)',
      ],
    ],
    [
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: '*', Condition: { StringEqualz: { k: 'v' } } }],
      },
      ['$.Statement[0].Condition.StringEqualz: unknown condition operator "StringEqualz"'],
    ],
    [
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: '*', Condition: { StringEquals: { 'oidc.eks.x/id/A:sub': { a: 1 } } } },
        ],
      },
      [
        '$.Statement[0].Condition.StringEquals["oidc.eks.x/id/A:sub"]: expected a string, number, boolean or a non-empty array of them',
      ],
    ],
    [
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: '*', Condition: { Null: { k: 'yes' } } }],
      },
      ['$.Statement[0].Condition.Null.k: expected true or false'],
    ],
    [
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: '*', Condition: { 'ForSomeValues:StringLike': { k: 'v' } } }],
      },
      [
        '$.Statement[0].Condition["ForSomeValues:StringLike"]: unknown condition operator "ForSomeValues:StringLike"',
      ],
    ],
  ])('%j → %j', (doc, expected) => {
    expect(problems(doc)).toEqual(expected);
  });

  it('accepts every operator with IfExists and set-operator forms', () => {
    const ops = [
      'StringEquals',
      'StringNotEquals',
      'StringEqualsIgnoreCase',
      'StringNotEqualsIgnoreCase',
      'StringLike',
      'StringNotLike',
      'NumericEquals',
      'NumericNotEquals',
      'NumericLessThan',
      'NumericLessThanEquals',
      'NumericGreaterThan',
      'NumericGreaterThanEquals',
      'DateEquals',
      'DateNotEquals',
      'DateLessThan',
      'DateLessThanEquals',
      'DateGreaterThan',
      'DateGreaterThanEquals',
      'Bool',
      'BinaryEquals',
      'IpAddress',
      'NotIpAddress',
      'ArnEquals',
      'ArnLike',
      'ArnNotEquals',
      'ArnNotLike',
    ];
    const Condition = Object.fromEntries(
      ops.flatMap((op) => [
        [op, { k: '1' }],
        [`${op}IfExists`, { k: '1' }],
        [`ForAnyValue:${op}`, { k: '1' }],
        [`ForAllValues:${op}IfExists`, { k: '1' }],
      ]),
    );
    expect(
      problems({
        Version: '2012-10-17',
        Statement: { Effect: 'Allow', Action: '*', Condition: { ...Condition, Null: { k: true } } },
      }),
    ).toEqual([]);
    expect(
      problems({
        Version: '2012-10-17',
        Statement: { Effect: 'Allow', Action: '*', Condition: { NullIfExists: { k: true } } },
      }),
    ).toEqual(['$.Statement.Condition.NullIfExists: unknown condition operator "NullIfExists"']);
  });

  it('prefixes problems with the caller’s path', () => {
    expect(problems({ Statement: { Effect: 'Maybe', Action: '*' } }, '$.resourcePolicy')).toEqual([
      '$.resourcePolicy.Statement.Effect: expected "Allow" or "Deny"',
    ]);
  });

  it('collects every problem, not just the first', () => {
    expect(
      problems({
        Version: '2012-10-17',
        Statement: [{ Effect: 'X', Action: 'nope', Resource: 'nope' }, { Effect: 'Allow' }],
      }),
    ).toHaveLength(4);
  });
});
