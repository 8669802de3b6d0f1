import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { accessPolicyArn, clusterArn, oidcProviderArn, parseRoleArn, roleArn } from '../../src/plan/arn.js';
import { toCaData, withCaData } from '../../src/plan/ca.js';
import { chartFullname, clusterCredentialsForm, compareSemver } from '../../src/plan/naming.js';
import { orgPatterns, packAssumePermissions } from '../../src/plan/pack.js';
import { planFleet } from '../../src/plan/plan.js';
import { measureRole, policySize } from '../../src/plan/policy-size.js';
import { summarizePlan } from '../../src/plan/summary.js';
import { CA_DATA, fleet, spoke } from './fixtures.js';

describe('ARNs', () => {
  it('puts the role path between role and name, per partition', () => {
    expect(roleArn('aws', '111111111111', '/', 'r')).toBe('arn:aws:iam::111111111111:role/r');
    expect(roleArn('aws-us-gov', '111111111111', '/a/b/', 'r')).toBe(
      'arn:aws-us-gov:iam::111111111111:role/a/b/r',
    );
    expect(parseRoleArn('arn:aws:iam::111111111111:role/a/b/r')).toEqual({
      partition: 'aws',
      account: '111111111111',
      path: '/a/b/',
      name: 'r',
    });
    expect(parseRoleArn('arn:aws:sts::111111111111:assumed-role/r/s')).toBeUndefined();
  });
  it('builds OIDC provider, cluster and access policy ARNs', () => {
    expect(oidcProviderArn('aws-cn', '1', 'https://oidc.eks.cn-north-1.amazonaws.com.cn/id/X/')).toBe(
      'arn:aws-cn:iam::1:oidc-provider/oidc.eks.cn-north-1.amazonaws.com.cn/id/X',
    );
    expect(clusterArn('aws', 'eu-west-1', '2', 'c')).toBe('arn:aws:eks:eu-west-1:2:cluster/c');
    expect(accessPolicyArn('aws-us-gov', 'view')).toBe(
      'arn:aws-us-gov:eks::aws:cluster-access-policy/AmazonEKSViewPolicy',
    );
  });
});

describe('IAM size accounting', () => {
  it('counts characters without white space, as IAM does', () => {
    const doc = {
      Version: '2012-10-17' as const,
      Statement: [{ Effect: 'Allow' as const, Action: 'sts:AssumeRole', Resource: 'a' }],
    };
    const pretty = JSON.stringify(doc, null, 4);
    expect(policySize(pretty)).toBe(JSON.stringify(doc).length);
    expect(policySize(doc)).toBe(JSON.stringify(doc).length);
  });
  it('fills an inline policy to exactly the limit, never over', () => {
    const arns = Array.from({ length: 400 }, (_, i) =>
      roleArn('aws', '222222222222', '/', `argocd-deployer-${i}`),
    );
    const packed = packAssumePermissions({
      partition: 'aws',
      account: '111111111111',
      roleName: 'm',
      rolePath: '/',
      actions: ['sts:AssumeRole'],
      deployerArns: arns,
    });
    const inline = policySize(packed.inlinePolicies[0]?.document ?? '');
    expect(inline).toBeLessThanOrEqual(10240);
    expect(inline).toBeGreaterThan(10240 - 40); // one more ARN would not fit
    expect(packed.managedPolicyArns[0]).toBe('arn:aws:iam::111111111111:policy/m-assume-deployers-01');
    const all = [...packed.inlinePolicies, ...packed.managedPolicies].flatMap((p) =>
      (p.document.Statement as unknown as { Resource: string[] }[]).flatMap((s) => s.Resource),
    );
    expect(all.sort()).toEqual([...arns].sort());
  });
  it('reports every violated quota of a role', () => {
    const role = planFleet(fleet()).roles[0];
    if (!role) throw new Error('no role');
    expect(
      measureRole(role, { trustPolicy: 10, managedPolicy: 1, inlineAggregate: 10, managedPoliciesPerRole: 0 })
        .violations,
    ).toEqual([
      expect.stringMatching(/^trust policy is \d+ characters; the limit is 10$/),
      expect.stringMatching(/^inline policies total \d+ characters; the limit is 10$/),
    ]);
  });
  it('a trust policy over the quota is a UserError', () => {
    expect(() =>
      planFleet(fleet(), {
        limits: { trustPolicy: 100, managedPolicy: 6144, inlineAggregate: 10240, managedPoliciesPerRole: 10 },
      }),
    ).toThrowError(/trust policy would be \d+ characters; IAM allows 100/);
  });
  it('org patterns: one per path, with the longest common name prefix', () => {
    expect(
      orgPatterns('aws', [
        'arn:aws:iam::111111111111:role/fl/deployer-a',
        'arn:aws:iam::222222222222:role/fl/deployer-b',
        'arn:aws:iam::333333333333:role/x/other',
      ]),
    ).toEqual(['arn:aws:iam::*:role/fl/deployer-*', 'arn:aws:iam::*:role/x/other*']);
    expect(() =>
      orgPatterns('aws', ['arn:aws:iam::111111111111:role/a', 'arn:aws:iam::111111111111:role/b']),
    ).toThrowError(UserError);
    // On the root path a short shared prefix would still match unrelated roles Organization-wide.
    expect(() =>
      orgPatterns('aws', ['arn:aws:iam::111111111111:role/ab-1', 'arn:aws:iam::222222222222:role/ab-2']),
    ).toThrowError(/name prefix of at least 8 characters \(common prefix: "ab-"\)/);
    expect(
      orgPatterns('aws', [
        'arn:aws:iam::111111111111:role/argocd-deployer-a',
        'arn:aws:iam::222222222222:role/argocd-deployer-b',
      ]),
    ).toEqual(['arn:aws:iam::*:role/argocd-deployer-*']);
  });
});

describe('chart naming and versions', () => {
  it('follows argo-cd.fullname', () => {
    expect(chartFullname('argo-cd')).toBe('argo-cd-argocd');
    expect(chartFullname('argocd')).toBe('argocd');
    expect(chartFullname('my-argocd-prod')).toBe('my-argocd-prod');
  });
  it('truncates the controller name at 52 characters and trims a trailing dash', () => {
    // 32 + '-argocd' = 39; 52 characters end on the dash of '-application-', which is trimmed.
    const release = 'a'.repeat(32);
    const plan = planFleet(fleet({ argocd: { ...fleet().argocd, releaseName: release } }));
    const controller = plan.argocd.workloads.find((w) => w.component === 'application-controller');
    expect(controller?.name).toBe(`${release}-argocd-application`);
    expect(controller?.name.length).toBeLessThanOrEqual(52);
  });
  it('compares versions by semver precedence, not as strings', () => {
    expect(compareSemver('10.1.1', '7.0.0')).toBe(1);
    expect(compareSemver('6.11.1', '7.0.0')).toBe(-1);
    expect(compareSemver('7.0.0-rc.1', '7.0.0')).toBe(-1);
    expect(compareSemver('v7.0.0', '7.0.0')).toBe(0);
    expect(compareSemver('1.0.0-alpha.10', '1.0.0-alpha.9')).toBe(1);
    expect(clusterCredentialsForm('6.11.1')).toBe('list');
    expect(clusterCredentialsForm('10.1.1')).toBe('map');
    expect(clusterCredentialsForm('7.0.0')).toBe('map');
  });
});

describe('CA data', () => {
  const pem = Buffer.from(CA_DATA, 'base64').toString('utf8');
  it('encodes a PEM once, keeps base64 of a PEM, refuses double base64 and junk', () => {
    expect(toCaData(pem, 'x')).toBe(CA_DATA);
    expect(toCaData(`  ${CA_DATA}\n`, 'x')).toBe(CA_DATA);
    expect(() => toCaData(Buffer.from(CA_DATA).toString('base64'), 'param /p')).toThrowError(
      "param /p holds base64 applied twice; store the PEM, or EKS's certificateAuthority.data as is",
    );
    expect(() => toCaData('hello', 'param /p')).toThrowError(
      'param /p is neither a PEM certificate nor base64 of one',
    );
  });
  it('withCaData fills only the named clusters and drops their caSource', () => {
    const plan = planFleet(
      fleet({ spokes: [spoke('a', { ca: { kind: 'discover' } }), spoke('b', { ca: { kind: 'discover' } })] }),
    );
    const filled = withCaData(plan, new Map([['a', CA_DATA]]));
    expect(filled.clusters.map((c) => [c.name, c.config.tlsClientConfig.caData, c.caSource?.kind])).toEqual([
      ['a', CA_DATA, undefined],
      ['b', undefined, 'discover'],
    ]);
  });
});

describe('summary', () => {
  it('lists per account what will exist', () => {
    const text = summarizePlan(planFleet(fleet()));
    expect(text).toContain('Account 111111111111 (hub)');
    expect(text).toContain(
      'argocd/argocd-application-controller, argocd/argocd-applicationset-controller, argocd/argocd-server (IRSA)',
    );
    expect(text).toContain('may assume 1 deployer role ARN (inline');
    expect(text).toContain(
      'Access entry     spoke-1 (eu-central-1): argocd-deployer-spoke-1 → AmazonEKSClusterAdminPolicy (cluster)',
    );
  });
});
