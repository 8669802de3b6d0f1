import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { planFleet } from '../../src/plan/plan.js';
import { measureRole } from '../../src/plan/policy-size.js';
import type { PolicyStatement, RolePlan } from '../../src/plan/types.js';
import { fleet, manySpokes, spoke } from './fixtures.js';

const statements = (r: RolePlan['trustPolicy']): PolicyStatement[] =>
  Array.isArray(r.Statement) ? [...r.Statement] : [r.Statement as PolicyStatement];

describe('planFleet — IRSA two accounts (the original write-up, done right)', () => {
  const plan = planFleet(fleet());
  const mgmt = plan.roles.find((r) => r.kind === 'management') as RolePlan;
  const deployer = plan.roles.find((r) => r.kind === 'deployer') as RolePlan;

  it('trusts exactly the three service accounts through the hub OIDC provider', () => {
    expect(mgmt.arn).toBe('arn:aws:iam::111111111111:role/argocd-manager');
    const [st] = statements(mgmt.trustPolicy);
    expect(statements(mgmt.trustPolicy)).toHaveLength(1); // no self-assume statement
    expect(st?.Principal).toEqual({
      Federated:
        'arn:aws:iam::111111111111:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE',
    });
    expect(st?.Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(st?.Condition).toEqual({
      StringEquals: {
        'oidc.eks.eu-central-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub': [
          'system:serviceaccount:argocd:argocd-application-controller',
          'system:serviceaccount:argocd:argocd-applicationset-controller',
          'system:serviceaccount:argocd:argocd-server',
        ],
        'oidc.eks.eu-central-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud': 'sts.amazonaws.com',
      },
    });
  });

  it('lets the management role assume exactly the deployer role, inline', () => {
    expect(mgmt.permissionsStrategy).toBe('inline');
    expect(mgmt.managedPolicies).toEqual([]);
    expect(mgmt.inlinePolicies[0]?.document.Statement).toEqual([
      {
        Sid: 'AssumeDeployerRoles',
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: ['arn:aws:iam::222222222222:role/argocd-deployer-spoke-1'],
      },
    ]);
  });

  it('gives the deployer a trust on the management role only, no permissions, 1 h sessions', () => {
    expect(statements(deployer.trustPolicy)).toEqual([
      {
        Sid: 'ArgoCdManagementRole',
        Effect: 'Allow',
        Principal: { AWS: mgmt.arn },
        Action: 'sts:AssumeRole',
      },
    ]);
    expect(deployer.inlinePolicies).toEqual([]);
    expect(deployer.managedPolicies).toEqual([]);
    expect(deployer.maxSessionDuration).toBe(3600);
    expect(deployer.serves).toEqual(['spoke-1']);
  });

  it('plans the access entry, registration, annotations and restart targets', () => {
    expect(plan.accessEntries).toEqual([
      expect.objectContaining({
        principalArn: deployer.arn,
        type: 'STANDARD',
        accessPolicies: [
          {
            policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
            accessScope: { type: 'cluster' },
          },
        ],
      }),
    ]);
    const c = plan.clusters[0];
    expect(c?.config.awsAuthConfig).toEqual({ clusterName: 'spoke-1', roleARN: deployer.arn });
    expect(c?.config.tlsClientConfig.insecure).toBe(false);
    expect(c?.secretName).toBe('argocd-cluster-spoke-1');
    expect(c?.annotations).toMatchObject({
      'fleetlink.dev/account': '222222222222',
      'fleetlink.dev/region': 'eu-central-1',
      'fleetlink.dev/cluster-name': 'spoke-1',
    });
    expect(plan.serviceAccounts.map((s) => s.annotations['eks.amazonaws.com/role-arn'])).toEqual([
      mgmt.arn,
      mgmt.arn,
      mgmt.arn,
    ]);
    expect(plan.argocd.workloads).toEqual([
      {
        component: 'application-controller',
        kind: 'StatefulSet',
        name: 'argo-cd-argocd-application-controller',
      },
      {
        component: 'applicationset-controller',
        kind: 'Deployment',
        name: 'argo-cd-argocd-applicationset-controller',
      },
      { component: 'server', kind: 'Deployment', name: 'argo-cd-argocd-server' },
    ]);
    expect(plan.argocd.clusterCredentialsForm).toBe('map');
    expect(plan.intended).toHaveLength(3);
  });
});

describe('planFleet — modes and options', () => {
  it('Pod Identity: service principal, TagSession on every hop, associations', () => {
    const plan = planFleet(fleet({ identity: 'pod-identity' }));
    const mgmt = plan.roles[0] as RolePlan;
    const [st] = statements(mgmt.trustPolicy);
    expect(st?.Principal).toEqual({ Service: 'pods.eks.amazonaws.com' });
    expect(st?.Action).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    expect(st?.Condition?.StringEquals).toEqual({
      'aws:RequestTag/eks-cluster-arn': 'arn:aws:eks:eu-central-1:111111111111:cluster/hub',
      'aws:RequestTag/kubernetes-namespace': ['argocd'],
      'aws:RequestTag/kubernetes-service-account': [
        'argocd-application-controller',
        'argocd-applicationset-controller',
        'argocd-server',
      ],
    });
    expect(statements(mgmt.inlinePolicies[0]?.document as RolePlan['trustPolicy'])[0]?.Action).toEqual([
      'sts:AssumeRole',
      'sts:TagSession',
    ]);
    expect(statements((plan.roles[1] as RolePlan).trustPolicy)[0]?.Action).toEqual([
      'sts:AssumeRole',
      'sts:TagSession',
    ]);
    expect(plan.podIdentityAssociations).toHaveLength(3);
    expect(plan.oidcProviders).toEqual([]);
    expect(plan.serviceAccounts.every((s) => Object.keys(s.annotations).length === 0)).toBe(true);
  });

  it('eks-capability: no role chain, capability role holds the access entries, server is the ARN', () => {
    const plan = planFleet(
      fleet({
        identity: 'eks-capability',
        hub: { ...fleet().hub, capabilityRole: { name: 'ArgoCDCapabilityRole', path: '/' } },
      }),
    );
    expect(plan.roles.map((r) => r.kind)).toEqual(['capability']);
    const cap = plan.roles[0] as RolePlan;
    expect(statements(cap.trustPolicy)[0]?.Principal).toEqual({ Service: 'capabilities.eks.amazonaws.com' });
    expect(plan.accessEntries[0]?.principalArn).toBe('arn:aws:iam::111111111111:role/ArgoCDCapabilityRole');
    expect(plan.clusters[0]?.server).toBe('arn:aws:eks:eu-central-1:222222222222:cluster/spoke-1');
    expect(plan.clusters[0]?.config.awsAuthConfig).toBeUndefined();
    expect(plan.argocd.workloads).toEqual([]);
    expect(plan.intended[0]?.roles).toEqual([cap.arn]);
  });

  it('namespace-scoped edit with groups; role path in ARNs; aws-cn partition ARNs', () => {
    const plan = planFleet(
      fleet({
        hub: {
          ...fleet().hub,
          partition: 'aws-cn',
          region: 'cn-north-1',
          oidcIssuer: 'https://oidc.eks.cn-north-1.amazonaws.com.cn/id/ABC',
        },
        spokes: [
          spoke('dev', {
            partition: 'aws-cn',
            region: 'cn-north-1',
            deployerRole: { name: 'deployer', path: '/fleetlink/' },
            access: { policy: 'edit', namespaces: ['team-b', 'team-a'], groups: ['argocd-readers'] },
          }),
        ],
      }),
    );
    expect(plan.roles[1]?.arn).toBe('arn:aws-cn:iam::222222222222:role/fleetlink/deployer');
    expect(plan.accessEntries[0]).toMatchObject({
      kubernetesGroups: ['argocd-readers'],
      accessPolicies: [
        {
          policyArn: 'arn:aws-cn:eks::aws:cluster-access-policy/AmazonEKSEditPolicy',
          accessScope: { type: 'namespace', namespaces: ['team-a', 'team-b'] },
        },
      ],
    });
    // IRSA audience stays sts.amazonaws.com in China (FM-1.4).
    const cond = statements((plan.roles[0] as RolePlan).trustPolicy)[0]?.Condition?.StringEquals ?? {};
    expect(cond['oidc.eks.cn-north-1.amazonaws.com.cn/id/ABC:aud']).toBe('sts.amazonaws.com');
    expect(plan.oidcProviders[0]?.arn).toBe(
      'arn:aws-cn:iam::111111111111:oidc-provider/oidc.eks.cn-north-1.amazonaws.com.cn/id/ABC',
    );
  });

  it('chart 6.x → list form; dynamicClusterDistribution → controller Deployment; release containing argocd', () => {
    const plan = planFleet(
      fleet({
        argocd: {
          ...fleet().argocd,
          chartVersion: '6.11.1',
          releaseName: 'argocd',
          dynamicClusterDistribution: true,
        },
      }),
    );
    expect(plan.argocd.clusterCredentialsForm).toBe('list');
    expect(plan.argocd.workloads[0]).toEqual({
      component: 'application-controller',
      kind: 'Deployment',
      name: 'argocd-application-controller',
    });
  });

  it('hub self-registration uses the in-cluster server and no AWS role', () => {
    const plan = planFleet(fleet({ hub: { ...fleet().hub, registerSelf: true } }));
    const self = plan.clusters.find((c) => c.name === 'in-cluster');
    expect(self?.server).toBe('https://kubernetes.default.svc');
    expect(self?.config).toEqual({ tlsClientConfig: { insecure: false } });
    expect(plan.intended.every((p) => p.cluster !== 'in-cluster')).toBe(true);
  });

  it('ssm/discover CA: no caData, the source is kept for the renderer', () => {
    const plan = planFleet(
      fleet({
        spokes: [
          spoke('a', { ca: { kind: 'ssm', parameter: '/eks/a/ca' } }),
          spoke('b', { ca: { kind: 'discover' } }),
        ],
      }),
    );
    expect(plan.clusters.map((c) => [c.caSource, c.config.tlsClientConfig.caData])).toEqual([
      [{ kind: 'ssm', parameter: '/eks/a/ca' }, undefined],
      [{ kind: 'discover' }, undefined],
    ]);
  });

  it('spokes sharing a deployer role get one role serving both', () => {
    const shared = { name: 'argocd-deployer', path: '/' };
    const plan = planFleet(
      fleet({
        spokes: [
          spoke('b', { deployerRole: shared }),
          spoke('a', { deployerRole: shared, clusterName: 'other' }),
        ],
      }),
    );
    const deployers = plan.roles.filter((r) => r.kind === 'deployer');
    expect(deployers).toHaveLength(1);
    expect(deployers[0]?.id).toBe('deployer/a');
    expect(deployers[0]?.serves).toEqual(['a', 'b']);
  });
});

describe('planFleet — packing inside IAM limits', () => {
  it('spills into managed policies past the inline limit and stays inside every limit', () => {
    const plan = planFleet(fleet({ spokes: manySpokes(600) }));
    const mgmt = plan.roles[0] as RolePlan;
    expect(mgmt.permissionsStrategy).toBe('managed');
    expect(mgmt.managedPolicies.length).toBeGreaterThan(0);
    expect(measureRole(mgmt).violations).toEqual([]);
    expect(plan.warnings.map((w) => w.id)).toEqual(['PLAN-PACK-MANAGED']);
  });

  it('without an organization, too many spokes is a UserError with the numbers', () => {
    expect(() => planFleet(fleet({ spokes: manySpokes(5000) }))).toThrowError(UserError);
    expect(() => planFleet(fleet({ spokes: manySpokes(5000) }))).toThrowError(
      /cannot list all 5000 deployer role ARNs/,
    );
  });

  it('with an organization, switches to a path-scoped pattern limited by aws:ResourceOrgID', () => {
    const plan = planFleet(
      fleet({
        spokes: manySpokes(5000),
        organization: { id: 'o-abc123def4', organizationalUnits: [], regions: [], delegatedAdmin: false },
      }),
    );
    const mgmt = plan.roles[0] as RolePlan;
    expect(mgmt.permissionsStrategy).toBe('organization-pattern');
    expect(mgmt.inlinePolicies[0]?.document.Statement).toEqual([
      {
        Sid: 'AssumeDeployerRoles',
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: ['arn:aws:iam::*:role/fleetlink/argocd-deployer-spoke-0*'],
        Condition: { StringEquals: { 'aws:ResourceOrgID': 'o-abc123def4' } },
      },
    ]);
    const warning = plan.warnings.find((w) => w.id === 'PLAN-PACK-ORG-PATTERN');
    expect(warning?.subject).toBe(mgmt.arn);
    expect(warning?.message).toContain('5000 deployer ARNs');
    expect(warning?.message).toContain('o-abc123def4');
  });

  it('refuses a pattern that would match every role in the organization', () => {
    const spokes = manySpokes(3000, 50, '/').map((s, i) => ({
      ...s,
      deployerRole: { name: `${i % 2 ? 'x' : 'y'}-${s.name}`, path: '/' },
    }));
    expect(() =>
      planFleet(
        fleet({
          spokes,
          organization: { id: 'o-abc123def4', organizationalUnits: [], regions: [], delegatedAdmin: false },
        }),
      ),
    ).toThrowError(/dedicated path/);
  });

  it('rejects cross-partition spokes and IRSA without an issuer', () => {
    expect(() => planFleet(fleet({ spokes: [spoke('x', { partition: 'aws-us-gov' })] }))).toThrowError(
      /partition/,
    );
    const { oidcIssuer: _, ...hub } = fleet().hub;
    expect(() => planFleet(fleet({ hub }))).toThrowError(/oidcIssuer/);
  });
});
