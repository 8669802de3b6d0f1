// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are ${...} inside plain strings.
/**
 * Evaluation rules, one test each, named after the AWS documentation that settles them.
 * Logic: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * Cross-account: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/iam/evaluate.js';
import { PolicyError } from '../../src/iam/policy.js';
import type { EvalRequest } from '../../src/iam/types.js';
import type { PolicyDocument, PolicyStatement } from '../../src/plan/types.js';

const A = '111111111111';
const B = '222222222222';
const ISSUER = 'oidc.eks.us-east-1.amazonaws.com/id/ABC';
const OIDC = `arn:aws:iam::${A}:oidc-provider/${ISSUER}`;
const MANAGER = `arn:aws:iam::${A}:role/fleetlink/argocd-manager`;
const MANAGER_SESSION = `arn:aws:sts::${A}:assumed-role/argocd-manager/argocd`;
const DEPLOYER = `arn:aws:iam::${B}:role/argocd-deployer`;

const doc = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement });
const allow = (
  Action: string | string[],
  Resource: string | string[] = '*',
  extra: Partial<PolicyStatement> = {},
) => doc({ Effect: 'Allow', Action, Resource, ...extra });
const deny = (
  Action: string | string[],
  Resource: string | string[] = '*',
  extra: Partial<PolicyStatement> = {},
) => doc({ Effect: 'Deny', Action, Resource, ...extra });
const trust = (
  Principal: PolicyStatement['Principal'],
  Action = 'sts:AssumeRole',
  extra: Partial<PolicyStatement> = {},
) => doc({ Effect: 'Allow', Principal, Action, ...extra });

const assume = (extra: Partial<EvalRequest>): EvalRequest => ({
  principal: MANAGER_SESSION,
  action: 'sts:AssumeRole',
  resource: DEPLOYER,
  ...extra,
});

describe('explicit deny wins (evaluation logic, "An explicit deny in any of these policies overrides the allow")', () => {
  it.each([
    ['identity policy', { identityPolicies: [allow('sts:AssumeRole'), deny('sts:*')] }],
    [
      'resource policy',
      { resourcePolicy: doc({ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole' }) },
    ],
    [
      'permissions boundary',
      {
        permissionBoundary: doc(
          { Effect: 'Allow', Action: '*', Resource: '*' },
          { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' },
        ),
      },
    ],
    ['session policy', { sessionPolicies: [deny('sts:AssumeRole')] }],
    ['SCP', { scps: [[allow('*'), deny('sts:AssumeRole')]] }],
    ['RCP', { rcps: [[allow('*'), deny('sts:AssumeRole')]] }],
  ] as const)('a Deny in the %s', (_name, extra) => {
    const r = evaluate(
      assume({
        identityPolicies: [allow('sts:AssumeRole')],
        resourcePolicy: trust({ AWS: MANAGER }),
        ...extra,
      }),
    );
    expect(r.decision).toBe('ExplicitlyDenied');
  });
});

describe('cross-account: both sides must allow (reference_policies_evaluation-logic-cross-account.html)', () => {
  it('identity policy in A + trust policy in B → Allowed', () => {
    const r = evaluate(
      assume({
        identityPolicies: [allow('sts:AssumeRole', DEPLOYER)],
        resourcePolicy: trust({ AWS: MANAGER }),
      }),
    );
    expect(r.decision).toBe('Allowed');
    expect(r.explain.crossAccount).toBe(true);
  });
  it('trust policy only → ImplicitlyDenied', () => {
    expect(evaluate(assume({ resourcePolicy: trust({ AWS: MANAGER }) })).decision).toBe('ImplicitlyDenied');
  });
  it('identity policy only (trust names another role) → ImplicitlyDenied', () => {
    const r = evaluate(
      assume({
        identityPolicies: [allow('sts:AssumeRole')],
        resourcePolicy: trust({ AWS: `arn:aws:iam::${A}:role/other` }),
      }),
    );
    expect(r.decision).toBe('ImplicitlyDenied');
  });
  it('trust on the account root delegates to the caller account’s identity policies', () => {
    const root = trust({ AWS: `arn:aws:iam::${A}:root` });
    expect(
      evaluate(assume({ identityPolicies: [allow('sts:AssumeRole')], resourcePolicy: root })).decision,
    ).toBe('Allowed');
    expect(evaluate(assume({ resourcePolicy: root })).decision).toBe('ImplicitlyDenied');
    expect(
      evaluate(assume({ identityPolicies: [allow('sts:AssumeRole')], resourcePolicy: trust({ AWS: A }) }))
        .decision,
    ).toBe('Allowed');
  });
  it('a trust policy naming an account does not admit principals of another account', () => {
    const r = evaluate(
      assume({
        principal: `arn:aws:sts::333333333333:assumed-role/x/s`,
        identityPolicies: [allow('sts:AssumeRole')],
        resourcePolicy: trust({ AWS: A }),
      }),
    );
    expect(r.decision).toBe('ImplicitlyDenied');
  });
});

describe('assumed-role sessions match the role ARN (reference_policies_elements_principal.html#principal-roles)', () => {
  it('matches a role ARN with a path, although the session ARN drops the path', () => {
    const r = evaluate(
      assume({ identityPolicies: [allow('sts:AssumeRole')], resourcePolicy: trust({ AWS: MANAGER }) }),
    );
    expect(r.decision).toBe('Allowed');
    const reason = r.explain.policySets.find((s) => s.kind === 'resource')?.statements[0]?.reason;
    expect(reason).toContain('role of this session');
  });
  it('does not match a role of the same name in another account', () => {
    const r = evaluate(
      assume({
        identityPolicies: [allow('sts:AssumeRole')],
        resourcePolicy: trust({ AWS: `arn:aws:iam::${B}:role/argocd-manager` }),
      }),
    );
    expect(r.decision).toBe('ImplicitlyDenied');
  });
  it('matches the exact session ARN too', () => {
    const r = evaluate(
      assume({
        identityPolicies: [allow('sts:AssumeRole')],
        resourcePolicy: trust({ AWS: MANAGER_SESSION }),
      }),
    );
    expect(r.decision).toBe('Allowed');
  });
});

describe('role trust policies', () => {
  it('same account: sts:AssumeRole needs the trust policy even when an identity policy allows', () => {
    const sameAccountRole = `arn:aws:iam::${A}:role/target`;
    const base = { resource: sameAccountRole, identityPolicies: [allow('sts:AssumeRole')] };
    expect(
      evaluate(assume({ ...base, resourcePolicy: trust({ AWS: `arn:aws:iam::${A}:role/other` }) })).decision,
    ).toBe('ImplicitlyDenied');
    expect(evaluate(assume({ ...base, resourcePolicy: trust({ AWS: MANAGER }) })).decision).toBe('Allowed');
    expect(evaluate(assume({ ...base, resourcePolicy: trust({ AWS: A }) })).decision).toBe('Allowed');
  });
  it('same account: the trust policy alone (naming the role) suffices, no identity policy needed', () => {
    const r = evaluate(
      assume({ resource: `arn:aws:iam::${A}:role/target`, resourcePolicy: trust({ AWS: MANAGER }) }),
    );
    expect(r.decision).toBe('Allowed');
  });

  const irsaTrust = trust({ Federated: OIDC }, 'sts:AssumeRoleWithWebIdentity', {
    Condition: {
      StringEquals: {
        [`${ISSUER}:aud`]: 'sts.amazonaws.com',
        [`${ISSUER}:sub`]: 'system:serviceaccount:argocd:argocd-application-controller',
      },
    },
  });
  const webIdentity = (sub: string, aud = 'sts.amazonaws.com', principal = OIDC): EvalRequest => ({
    principal,
    action: 'sts:AssumeRoleWithWebIdentity',
    resource: `arn:aws:iam::${A}:role/fleetlink/argocd-manager`,
    context: { [`${ISSUER}:sub`]: sub, [`${ISSUER}:aud`]: aud },
    resourcePolicy: irsaTrust,
  });
  it('IRSA: the intended service account reaches the manager role through the trust policy alone', () => {
    expect(evaluate(webIdentity('system:serviceaccount:argocd:argocd-application-controller')).decision).toBe(
      'Allowed',
    );
  });
  it.each([
    ['another service account', webIdentity('system:serviceaccount:argocd:default')],
    ['another namespace', webIdentity('system:serviceaccount:other:argocd-application-controller')],
    ['a wrong audience', webIdentity('system:serviceaccount:argocd:argocd-application-controller', 'other')],
    [
      "another cluster's OIDC provider",
      webIdentity(
        'system:serviceaccount:argocd:argocd-application-controller',
        'sts.amazonaws.com',
        `arn:aws:iam::${A}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/OTHER`,
      ),
    ],
  ])('IRSA: %s is ImplicitlyDenied', (_name, request) => {
    expect(evaluate(request).decision).toBe('ImplicitlyDenied');
  });
  it('an OIDC provider of another account cannot be trusted by the role', () => {
    const r = evaluate({
      ...webIdentity('system:serviceaccount:argocd:argocd-application-controller'),
      resource: DEPLOYER,
    });
    expect(r.decision).toBe('ImplicitlyDenied');
    expect(r.explain.summary).toContain('another account');
  });
  it('EKS Pod Identity: the service principal is matched by Principal.Service, identity policies play no part', () => {
    const podIdentity = doc({
      Effect: 'Allow',
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
    });
    const request = {
      principal: 'pods.eks.amazonaws.com',
      action: 'sts:TagSession',
      resource: MANAGER,
      resourcePolicy: podIdentity,
    };
    expect(evaluate(request).decision).toBe('Allowed');
    expect(evaluate({ ...request, principal: 'ec2.amazonaws.com' }).decision).toBe('ImplicitlyDenied');
  });
  it('sts:ExternalId required by the trust policy and not supplied → ImplicitlyDenied', () => {
    const withExternalId = trust({ AWS: MANAGER }, 'sts:AssumeRole', {
      Condition: { StringEquals: { 'sts:ExternalId': 'x-1' } },
    });
    const base = assume({ identityPolicies: [allow('sts:AssumeRole')], resourcePolicy: withExternalId });
    expect(evaluate(base).decision).toBe('ImplicitlyDenied');
    expect(evaluate({ ...base, context: { 'sts:ExternalId': 'x-1' } }).decision).toBe('Allowed');
  });
});

describe('same account: identity OR resource policy (evaluation logic, "Identity-based policies with resource-based policies")', () => {
  const bucket = 'arn:aws:s3:::bucket/key';
  const user = `arn:aws:iam::${A}:user/alice`;
  const base = { principal: user, action: 's3:GetObject', resource: bucket, resourceAccount: A };
  it('identity policy alone', () => {
    expect(evaluate({ ...base, identityPolicies: [allow('s3:GetObject')] }).decision).toBe('Allowed');
  });
  it('resource policy alone, naming the user', () => {
    expect(
      evaluate({
        ...base,
        resourcePolicy: doc({ Effect: 'Allow', Principal: { AWS: user }, Action: 's3:*', Resource: '*' }),
      }).decision,
    ).toBe('Allowed');
  });
  it('resource policy naming only the account delegates to identity policies', () => {
    const accountOnly = doc({ Effect: 'Allow', Principal: { AWS: A }, Action: 's3:*', Resource: '*' });
    expect(evaluate({ ...base, resourcePolicy: accountOnly }).decision).toBe('ImplicitlyDenied');
  });
  it('neither → ImplicitlyDenied (the default)', () => {
    expect(evaluate(base).decision).toBe('ImplicitlyDenied');
  });
});

describe('permissions boundaries (access_policies_boundaries.html)', () => {
  const user = `arn:aws:iam::${A}:user/alice`;
  const base = {
    principal: user,
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::bucket/key',
    resourceAccount: A,
  };
  it('limit identity-policy grants', () => {
    const r = evaluate({ ...base, identityPolicies: [allow('s3:*')], permissionBoundary: allow('ec2:*') });
    expect(r.decision).toBe('ImplicitlyDenied');
    expect(
      evaluate({ ...base, identityPolicies: [allow('s3:*')], permissionBoundary: allow('s3:Get*') }).decision,
    ).toBe('Allowed');
  });
  it('do not limit a same-account resource-policy grant to the user ARN itself', () => {
    const named = doc({ Effect: 'Allow', Principal: { AWS: user }, Action: 's3:GetObject', Resource: '*' });
    expect(evaluate({ ...base, resourcePolicy: named, permissionBoundary: allow('ec2:*') }).decision).toBe(
      'Allowed',
    );
  });
  it('do limit a resource-policy grant to the role ARN when a role session calls', () => {
    const session = `arn:aws:sts::${A}:assumed-role/app/s`;
    const toRole = doc({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${A}:role/app` },
      Action: 's3:GetObject',
      Resource: '*',
    });
    const toSession = doc({
      Effect: 'Allow',
      Principal: { AWS: session },
      Action: 's3:GetObject',
      Resource: '*',
    });
    const req = { ...base, principal: session, permissionBoundary: allow('ec2:*') };
    expect(evaluate({ ...req, resourcePolicy: toRole }).decision).toBe('ImplicitlyDenied');
    expect(evaluate({ ...req, resourcePolicy: toSession }).decision).toBe('Allowed');
  });
  it('cross-account: the boundary must allow', () => {
    const r = evaluate(
      assume({
        identityPolicies: [allow('sts:AssumeRole')],
        resourcePolicy: trust({ AWS: MANAGER }),
        permissionBoundary: allow('s3:*'),
      }),
    );
    expect(r.decision).toBe('ImplicitlyDenied');
  });
  it('a resource-policy NotPrincipal Deny always denies a principal with a boundary', () => {
    const notPrincipalDeny = doc(
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' },
      { Effect: 'Deny', NotPrincipal: { AWS: user }, Action: 's3:GetObject', Resource: '*' },
    );
    expect(evaluate({ ...base, resourcePolicy: notPrincipalDeny }).decision).toBe('Allowed');
    expect(
      evaluate({ ...base, resourcePolicy: notPrincipalDeny, permissionBoundary: allow('*') }).decision,
    ).toBe('ExplicitlyDenied');
  });
});

describe('session policies (access_policies.html#policies_session)', () => {
  const session = `arn:aws:sts::${A}:assumed-role/app/s`;
  const base = {
    principal: session,
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::bucket/key',
    resourceAccount: A,
  };
  it('limit the identity-policy grant', () => {
    expect(
      evaluate({ ...base, identityPolicies: [allow('s3:*')], sessionPolicies: [allow('ec2:*')] }).decision,
    ).toBe('ImplicitlyDenied');
    expect(
      evaluate({ ...base, identityPolicies: [allow('s3:*')], sessionPolicies: [allow('s3:GetObject')] })
        .decision,
    ).toBe('Allowed');
  });
  it('do not limit a same-account resource-policy grant that names the session ARN', () => {
    const toSession = doc({
      Effect: 'Allow',
      Principal: { AWS: session },
      Action: 's3:GetObject',
      Resource: '*',
    });
    expect(evaluate({ ...base, resourcePolicy: toSession, sessionPolicies: [allow('ec2:*')] }).decision).toBe(
      'Allowed',
    );
    const toAll = doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' });
    expect(evaluate({ ...base, resourcePolicy: toAll, sessionPolicies: [allow('ec2:*')] }).decision).toBe(
      'ImplicitlyDenied',
    );
  });
});

describe('SCPs and RCPs (orgs_manage_policies_scps_evaluation.html)', () => {
  const ok = { identityPolicies: [allow('sts:AssumeRole')], resourcePolicy: trust({ AWS: MANAGER }) };
  it('every level of the Organization path must allow', () => {
    expect(evaluate(assume({ ...ok, scps: [[allow('*')], [allow('sts:*')]] })).decision).toBe('Allowed');
    expect(evaluate(assume({ ...ok, scps: [[allow('*')], [allow('s3:*')]] })).decision).toBe(
      'ImplicitlyDenied',
    );
    expect(evaluate(assume({ ...ok, scps: [[allow('*')], []] })).decision).toBe('ImplicitlyDenied');
  });
  it('a flat list is one level: FullAWSAccess plus a deny-list SCP', () => {
    expect(evaluate(assume({ ...ok, scps: [allow('*'), deny('s3:*')] })).decision).toBe('Allowed');
    expect(evaluate(assume({ ...ok, scps: [allow('*'), deny('sts:*')] })).decision).toBe('ExplicitlyDenied');
  });
  it('an RCP denying principals outside the organization', () => {
    const rcp = deny('sts:AssumeRole', '*', {
      Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc' } },
    });
    expect(evaluate(assume({ ...ok, rcps: [[allow('*'), rcp]] })).decision).toBe('ExplicitlyDenied');
    expect(
      evaluate(assume({ ...ok, context: { 'aws:PrincipalOrgID': 'o-abc' }, rcps: [[allow('*'), rcp]] }))
        .decision,
    ).toBe('Allowed');
  });
});

describe('actions, resources and NotX elements', () => {
  const user = `arn:aws:iam::${A}:user/alice`;
  const req = (action: string, resource: string, policy: PolicyDocument) =>
    evaluate({ principal: user, action, resource, resourceAccount: A, identityPolicies: [policy] }).decision;
  it('actions are case-insensitive, with * and ?', () => {
    expect(
      req('eks:DescribeCluster', 'arn:aws:eks:us-east-1:111111111111:cluster/prod', allow('EKS:describe*')),
    ).toBe('Allowed');
    expect(
      req(
        'eks:DescribeCluster',
        'arn:aws:eks:us-east-1:111111111111:cluster/prod',
        allow('eks:DescribeCluste?'),
      ),
    ).toBe('Allowed');
    expect(
      req('eks:DescribeCluster', 'arn:aws:eks:us-east-1:111111111111:cluster/prod', allow('eks:List*')),
    ).toBe('ImplicitlyDenied');
  });
  it('resource wildcards span within the resource part, but not the resource type', () => {
    expect(
      req('s3:GetObject', 'arn:aws:s3:::bucket/a/b/c', allow('s3:GetObject', 'arn:aws:s3:::bucket/*')),
    ).toBe('Allowed');
    expect(
      req('iam:GetRole', `arn:aws:iam::${A}:role/fleetlink/x`, allow('iam:GetRole', 'arn:aws:iam::*:role/*')),
    ).toBe('Allowed');
    expect(req('iam:GetRole', `arn:aws:iam::${A}:role/x`, allow('iam:GetRole', 'arn:aws:iam::*:ro*/x'))).toBe(
      'ImplicitlyDenied',
    );
    expect(
      req('iam:GetRole', `arn:aws:iam::${A}:role/X`, allow('iam:GetRole', `arn:aws:iam::${A}:role/x`)),
    ).toBe('ImplicitlyDenied');
  });
  it('NotAction and NotResource', () => {
    expect(
      req('s3:GetObject', 'arn:aws:s3:::b/k', doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })),
    ).toBe('Allowed');
    expect(
      req(
        'iam:GetRole',
        `arn:aws:iam::${A}:role/x`,
        doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }),
      ),
    ).toBe('ImplicitlyDenied');
    expect(
      req(
        's3:GetObject',
        'arn:aws:s3:::b/k',
        doc({ Effect: 'Allow', Action: '*', NotResource: 'arn:aws:s3:::b/*' }),
      ),
    ).toBe('ImplicitlyDenied');
    expect(
      req(
        's3:GetObject',
        'arn:aws:s3:::c/k',
        doc({ Effect: 'Allow', Action: '*', NotResource: 'arn:aws:s3:::b/*' }),
      ),
    ).toBe('Allowed');
  });
  it('a policy variable in Resource', () => {
    const own = allow('s3:GetObject', 'arn:aws:s3:::bucket/${aws:username}/*');
    const d = (username: string) =>
      evaluate({
        principal: user,
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::bucket/alice/x',
        resourceAccount: A,
        context: { 'aws:username': username },
        identityPolicies: [own],
      }).decision;
    expect(d('alice')).toBe('Allowed');
    expect(d('bob')).toBe('ImplicitlyDenied');
  });
});

describe('other principals', () => {
  it('anonymous callers are allowed only by a resource policy with Principal "*"', () => {
    const pub = doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' });
    const request = {
      principal: 'anonymous',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::bucket/k',
      resourceAccount: A,
    };
    expect(evaluate({ ...request, resourcePolicy: pub }).decision).toBe('Allowed');
    expect(evaluate({ ...request, identityPolicies: [allow('*')] }).decision).toBe('ImplicitlyDenied');
    expect(
      evaluate({
        ...request,
        resourcePolicy: doc({ Effect: 'Allow', Principal: { AWS: A }, Action: '*', Resource: '*' }),
      }).decision,
    ).toBe('ImplicitlyDenied');
  });
  it('sts:GetCallerIdentity needs no permission and cannot be denied (API_GetCallerIdentity.html)', () => {
    const r = evaluate({
      principal: MANAGER_SESSION,
      action: 'sts:GetCallerIdentity',
      resource: '*',
      identityPolicies: [deny('*')],
    });
    expect(r.decision).toBe('Allowed');
  });
  it('a plain account id as the caller is its root', () => {
    const r = evaluate(
      assume({
        principal: A,
        identityPolicies: [allow('sts:AssumeRole')],
        resourcePolicy: trust({ AWS: `arn:aws:iam::${A}:root` }),
      }),
    );
    expect(r.decision).toBe('Allowed');
  });
});

describe('explanations', () => {
  it('say which statement allowed and why every other statement did not apply', () => {
    const r = evaluate(
      assume({
        identityPolicies: [
          doc(
            { Sid: 'Eks', Effect: 'Allow', Action: 'eks:*', Resource: '*' },
            { Sid: 'Assume', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: DEPLOYER },
          ),
        ],
        resourcePolicy: trust({ AWS: MANAGER }, 'sts:AssumeRole', {
          Condition: { StringEquals: { 'sts:ExternalId': 'x' } },
        }),
        context: { 'sts:ExternalId': 'y' },
      }),
    );
    expect(r.decision).toBe('ImplicitlyDenied');
    const identity = r.explain.policySets.find((s) => s.kind === 'identity');
    expect(identity?.statements).toEqual([
      {
        policy: 'identity[0]',
        index: 0,
        sid: 'Eks',
        effect: 'Allow',
        matched: false,
        reason: 'action sts:AssumeRole not in Action ["eks:*"]',
        decidedBy: { element: 'Action', action: 'sts:AssumeRole', patterns: ['eks:*'] },
      },
      {
        policy: 'identity[0]',
        index: 1,
        sid: 'Assume',
        effect: 'Allow',
        matched: true,
        reason: `allows sts:AssumeRole on ${DEPLOYER}`,
        decidedBy: { element: 'Statement', applies: true, action: 'sts:AssumeRole', resource: DEPLOYER },
      },
    ]);
    const resource = r.explain.policySets.find((s) => s.kind === 'resource');
    expect(resource?.statements[0]?.reason).toBe('condition StringEquals sts:ExternalId: "y" fails "x"');
    // The same answer as data: which element, key and values decided.
    expect(resource?.statements[0]?.decidedBy).toEqual({
      element: 'Condition',
      operator: 'StringEquals',
      key: 'sts:ExternalId',
      policyValues: ['x'],
      requestValues: ['y'],
      detail: 'StringEquals sts:ExternalId: "y" fails "x"',
    });
    expect(r.explain.because).toBe(r.explain.summary.slice('ImplicitlyDenied: '.length));
    expect(r.explain.summary).toMatch(/^ImplicitlyDenied: cross-account/);
  });
  it('explain: false gives the same decision without per-statement detail', () => {
    const request = assume({
      identityPolicies: [allow('sts:AssumeRole')],
      resourcePolicy: trust({ AWS: MANAGER }),
    });
    const fast = evaluate(request, { explain: false });
    expect(fast.decision).toBe(evaluate(request).decision);
    expect(fast.explain.policySets).toEqual([]);
  });
});

describe('invalid policies', () => {
  it('throw a PolicyError naming the JSON path', () => {
    const bad = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: '*' },
        { Effect: 'allow', Action: '*' },
      ],
    };
    expect(() => evaluate(assume({ identityPolicies: [bad as never] }))).toThrow(PolicyError);
    expect(() => evaluate(assume({ identityPolicies: [bad as never] }))).toThrow(
      '$.identityPolicies[0].Statement[1].Effect: expected "Allow" or "Deny"',
    );
  });
});
