/**
 * Element rules that depend on where a policy is attached (parsePolicy `kind`):
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
 */
import { describe, expect, it } from 'vitest';
import { type PolicyKind, parsePolicy } from '../../src/iam/policy.js';

const V = '2012-10-17';
const problems = (doc: unknown, kind?: PolicyKind) =>
  parsePolicy(doc, '$', kind ? { kind } : {}).problems.map((p) => `${p.path}: ${p.message}`);

const trustWithResource = {
  Version: V,
  Statement: [
    {
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Resource: ['arn:aws:iam::111111111111:role/argocd-manager'],
    },
  ],
};
const identity = { Version: V, Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' } };
const trust = {
  Version: V,
  Statement: { Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'sts:AssumeRole' },
};

describe('parsePolicy kind', () => {
  it('stays lenient without a kind (today’s behaviour)', () => {
    expect(problems(trustWithResource)).toEqual([]);
    expect(parsePolicy(trustWithResource).policy).toBeDefined();
  });

  it('accepts well-formed documents of every kind', () => {
    for (const k of ['identity', 'boundary', 'session', 'scp'] as const)
      expect(problems(identity, k), k).toEqual([]);
    expect(problems(trust, 'trust')).toEqual([]);
    expect(problems(trust, 'resource')).toEqual([]);
    expect(
      problems(
        { Version: V, Statement: { Effect: 'Deny', Principal: '*', Action: 'sts:*', Resource: '*' } },
        'rcp',
      ),
    ).toEqual([]);
  });

  it('trust: rejects Resource the way IAM does (write-up defect #2), and needs a Principal', () => {
    expect(problems(trustWithResource, 'trust')).toEqual([
      '$.Statement[0].Resource: a role trust policy cannot contain Resource (IAM: "MalformedPolicyDocument: Has prohibited field Resource")',
      '$.Statement[0]: a role trust policy statement needs a Principal',
    ]);
    expect(parsePolicy(trustWithResource, '$', { kind: 'trust' }).policy).toBeUndefined();
  });

  it('trust: rejects NotResource and NotPrincipal', () => {
    const doc = {
      Version: V,
      Statement: { Effect: 'Deny', NotPrincipal: { AWS: '111111111111' }, Action: 'sts:*', NotResource: '*' },
    };
    expect(problems(doc, 'trust')).toEqual([
      '$.Statement.NotResource: a role trust policy cannot contain NotResource (IAM: "MalformedPolicyDocument: Has prohibited field NotResource")',
      '$.Statement.NotPrincipal: a role trust policy cannot contain NotPrincipal',
    ]);
  });

  it('identity, boundary and session: reject Principal/NotPrincipal and need Resource or NotResource', () => {
    const doc = {
      Version: V,
      Statement: [
        { Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'sts:AssumeRole' },
        { Effect: 'Deny', NotPrincipal: { AWS: '111111111111' }, Action: 'sts:*', NotResource: '*' },
      ],
    };
    expect(problems(doc, 'identity')).toEqual([
      '$.Statement[0].Principal: an identity-based policy cannot contain Principal',
      '$.Statement[0]: an identity-based policy statement needs Resource or NotResource',
      '$.Statement[1].NotPrincipal: an identity-based policy cannot contain NotPrincipal',
    ]);
    expect(problems(doc, 'boundary')[0]).toBe(
      '$.Statement[0].Principal: a permissions boundary cannot contain Principal',
    );
    expect(problems(doc, 'session')[1]).toBe(
      '$.Statement[0]: a session policy statement needs Resource or NotResource',
    );
  });

  it('scp: rejects Principal but lets Resource be omitted', () => {
    expect(
      problems(
        { Version: V, Statement: { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole' } },
        'scp',
      ),
    ).toEqual(['$.Statement.Principal: a service control policy cannot contain Principal']);
    expect(problems({ Version: V, Statement: { Effect: 'Deny', Action: 'sts:AssumeRole' } }, 'scp')).toEqual(
      [],
    );
  });

  it('resource: needs Principal or NotPrincipal', () => {
    expect(problems(identity, 'resource')).toEqual([
      '$.Statement: a resource-based policy statement needs Principal or NotPrincipal',
    ]);
  });

  it('rcp: needs "Principal": "*" and rejects NotPrincipal', () => {
    const named = {
      Version: V,
      Statement: { Effect: 'Deny', Principal: { AWS: '111111111111' }, Action: 's3:*', Resource: '*' },
    };
    expect(problems(named, 'rcp')).toEqual([
      '$.Statement.Principal: a resource control policy only supports "Principal": "*" (narrow principals with a Condition)',
    ]);
    expect(problems(identity, 'rcp')).toEqual([
      '$.Statement: a resource control policy statement needs "Principal": "*"',
    ]);
    const not = {
      Version: V,
      Statement: { Effect: 'Deny', NotPrincipal: { AWS: '111111111111' }, Action: 's3:*', Resource: '*' },
    };
    expect(problems(not, 'rcp')).toEqual([
      '$.Statement.NotPrincipal: a resource control policy cannot contain NotPrincipal',
      '$.Statement: a resource control policy statement needs "Principal": "*"',
    ]);
  });

  it('reports grammar problems and kind problems together, with the caller’s path prefix', () => {
    const doc = { Version: V, Statement: [{ Effect: 'Maybe', Action: 'sts:AssumeRole', Resource: '*' }] };
    expect(parsePolicy(doc, '$.trustPolicy', { kind: 'trust' }).problems.map((p) => p.path)).toEqual([
      '$.trustPolicy.Statement[0].Effect',
      '$.trustPolicy.Statement[0].Resource',
      '$.trustPolicy.Statement[0]',
    ]);
  });

  it('does not poison the lenient cache: the same object parses leniently afterwards', () => {
    expect(problems(trustWithResource, 'trust')).toHaveLength(2);
    expect(parsePolicy(trustWithResource).problems).toEqual([]);
  });
});
