/**
 * Hand-made AccessPlans, true to src/plan/types.ts: real IAM JSON, real ARNs, the shapes of Argo
 * CD's EKS docs. Used until (and alongside) the planner's output for the bundled examples.
 */
import type { IdentityMode } from '../../../src/fleet/types.js';
import {
  type AccessEntryPlan,
  type AccessPlan,
  type ClusterRegistrationPlan,
  type IntendedPath,
  PLAN_API_VERSION,
  type PolicyDocument,
  type RolePlan,
  type ServiceAccountPlan,
} from '../../../src/plan/types.js';

export const HUB_ACCOUNT = '111111111111';
export const HUB_REGION = 'eu-west-1';
export const ISSUER_HOST = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
export const PROVIDER_ARN = `arn:aws:iam::${HUB_ACCOUNT}:oidc-provider/${ISSUER_HOST}`;
export const MANAGER_ARN = `arn:aws:iam::${HUB_ACCOUNT}:role/argocd-manager`;
export const CAPABILITY_ARN = `arn:aws:iam::${HUB_ACCOUNT}:role/argocd-capability`;
const CA =
  'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUMvakNDQWVhZ0F3SUJBZ0lCQURBTkJna3Foa2lHOXcwQkFRc0ZBREFWTVJNd0VRWURWUVFERXdwcmRXSmwKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=';

const SERVICE_ACCOUNTS = [
  ['application-controller', 'argocd-application-controller', 'controller'],
  ['applicationset-controller', 'argocd-applicationset-controller', 'applicationSet'],
  ['server', 'argocd-server', 'server'],
] as const;

export interface SpokeFixture {
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly clusterName: string;
  readonly deployerName?: string;
  readonly deployerPath?: string;
  readonly policy?: 'AmazonEKSClusterAdminPolicy' | 'AmazonEKSEditPolicy' | 'AmazonEKSViewPolicy' | null;
  readonly namespaces?: readonly string[];
  readonly groups?: readonly string[];
}

export interface PlanFixtureOptions {
  readonly identity?: IdentityMode;
  readonly spokes?: readonly SpokeFixture[];
  readonly createOidcProvider?: boolean;
  readonly organization?: boolean;
  /** Use the Organization ARN pattern instead of listing deployer ARNs. */
  readonly orgPattern?: boolean;
  /** Put the deployer ARNs in a customer-managed policy instead of an inline one. */
  readonly managedPolicy?: boolean;
}

export const TWO_ACCOUNTS_SPOKES: readonly SpokeFixture[] = [
  { name: 'prod', account: '222222222222', region: 'eu-west-1', clusterName: 'prod-eks' },
];

const tags = { team: 'platform' };

function roleTags(): Record<string, string> {
  return { 'managed-by': 'fleetlink', team: 'platform' };
}

function arnOfDeployer(s: SpokeFixture): string {
  return `arn:aws:iam::${s.account}:role${s.deployerPath ?? '/'}${s.deployerName ?? 'argocd-deployer'}`;
}

function assumePolicy(actions: string | string[], resources: string[], orgId?: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AssumeDeployerRoles',
        Effect: 'Allow',
        Action: actions,
        Resource: resources,
        ...(orgId ? { Condition: { StringEquals: { 'aws:ResourceOrgID': orgId } } } : {}),
      },
    ],
  };
}

function managementTrust(identity: IdentityMode): PolicyDocument {
  if (identity === 'pod-identity')
    return {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ArgoCdPodIdentity',
          Effect: 'Allow',
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Condition: {
            StringEquals: {
              'aws:RequestTag/eks-cluster-arn': `arn:aws:eks:${HUB_REGION}:${HUB_ACCOUNT}:cluster/hub`,
              'aws:RequestTag/kubernetes-namespace': ['argocd'],
              'aws:RequestTag/kubernetes-service-account': SERVICE_ACCOUNTS.map((s) => s[1]).sort(),
            },
          },
        },
      ],
    };
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ArgoCdServiceAccounts',
        Effect: 'Allow',
        Principal: { Federated: PROVIDER_ARN },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${ISSUER_HOST}:sub`]: SERVICE_ACCOUNTS.map(
              (s) => `system:serviceaccount:argocd:${s[1]}`,
            ).sort(),
            [`${ISSUER_HOST}:aud`]: 'sts.amazonaws.com',
          },
        },
      },
    ],
  };
}

/** A complete plan in the shape the planner produces. */
export function planFixture(options: PlanFixtureOptions = {}): AccessPlan {
  const identity = options.identity ?? 'irsa';
  const spokes = options.spokes ?? TWO_ACCOUNTS_SPOKES;
  const pod = identity === 'pod-identity';
  const capability = identity === 'eks-capability';
  const orgId = options.organization ? 'o-a1b2c3d4e5' : undefined;
  const deployerArns = [...new Set(spokes.map(arnOfDeployer))].sort();
  const actions = pod ? ['sts:AssumeRole', 'sts:TagSession'] : 'sts:AssumeRole';

  const roles: RolePlan[] = [];
  if (capability) {
    roles.push({
      id: 'capability',
      kind: 'capability',
      account: HUB_ACCOUNT,
      partition: 'aws',
      name: 'argocd-capability',
      path: '/',
      arn: CAPABILITY_ARN,
      description: 'Fleetlink: role of the EKS Argo CD capability',
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'EksCapability',
            Effect: 'Allow',
            Principal: { Service: 'capabilities.eks.amazonaws.com' },
            Action: ['sts:AssumeRole', 'sts:TagSession'],
          },
        ],
      },
      inlinePolicies: [],
      managedPolicies: [],
      attachedPolicyArns: [],
      maxSessionDuration: 3600,
      tags: roleTags(),
    });
  } else {
    const permissions = options.orgPattern
      ? assumePolicy(actions, ['arn:aws:iam::*:role/fleetlink/argocd-deployer*'], orgId)
      : assumePolicy(actions, deployerArns);
    roles.push({
      id: 'management',
      kind: 'management',
      account: HUB_ACCOUNT,
      partition: 'aws',
      name: 'argocd-manager',
      path: '/',
      arn: MANAGER_ARN,
      description: 'Fleetlink: Argo CD management role',
      trustPolicy: managementTrust(identity),
      inlinePolicies: options.managedPolicy
        ? []
        : [{ name: 'fleetlink-assume-deployers', document: permissions }],
      managedPolicies: options.managedPolicy
        ? [{ name: 'argocd-manager-assume-deployers-01', document: permissions }]
        : [],
      attachedPolicyArns: [],
      maxSessionDuration: 3600,
      tags: roleTags(),
    });
    for (const s of spokes)
      roles.push({
        id: `deployer/${s.name}`,
        kind: 'deployer',
        account: s.account,
        partition: 'aws',
        name: s.deployerName ?? 'argocd-deployer',
        path: s.deployerPath ?? '/',
        arn: arnOfDeployer(s),
        description: 'Fleetlink: Argo CD deployer role (no permission policies)',
        trustPolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'ArgoCdManagementRole',
              Effect: 'Allow',
              Principal: { AWS: MANAGER_ARN },
              Action: actions,
            },
          ],
        },
        inlinePolicies: [],
        managedPolicies: [],
        attachedPolicyArns: [],
        maxSessionDuration: 3600,
        tags: roleTags(),
      });
  }

  const accessEntries: AccessEntryPlan[] = spokes.map((s) => {
    const policy = s.policy === undefined ? 'AmazonEKSClusterAdminPolicy' : s.policy;
    return {
      cluster: s.name,
      account: s.account,
      region: s.region,
      partition: 'aws',
      clusterName: s.clusterName,
      principalArn: capability ? CAPABILITY_ARN : arnOfDeployer(s),
      type: 'STANDARD',
      kubernetesGroups: [...(s.groups ?? [])],
      accessPolicies:
        policy === null
          ? []
          : [
              {
                policyArn: `arn:aws:eks::aws:cluster-access-policy/${policy}`,
                accessScope:
                  s.namespaces && s.namespaces.length > 0
                    ? { type: 'namespace', namespaces: [...s.namespaces] }
                    : { type: 'cluster' },
              },
            ],
    };
  });

  const serviceAccounts: ServiceAccountPlan[] = capability
    ? []
    : SERVICE_ACCOUNTS.map(([component, name, valuesKey]) => ({
        component,
        namespace: 'argocd',
        name,
        annotations: (identity === 'irsa' ? { 'eks.amazonaws.com/role-arn': MANAGER_ARN } : {}) as Record<
          string,
          string
        >,
        valuesKey,
      }));

  const clusters: ClusterRegistrationPlan[] = spokes.map((s) => ({
    name: s.name,
    server: capability
      ? `arn:aws:eks:${s.region}:${s.account}:cluster/${s.clusterName}`
      : `https://${s.clusterName.toUpperCase().replace(/[^A-Z0-9]/g, '')}0123456789ABCDEF.gr7.${s.region}.eks.amazonaws.com`,
    config: capability
      ? { tlsClientConfig: { insecure: false } }
      : {
          awsAuthConfig: { clusterName: s.clusterName, roleARN: arnOfDeployer(s) },
          tlsClientConfig: { insecure: false, caData: CA },
        },
    labels: {},
    annotations: {},
    namespaces: [],
    clusterResources: true,
    secretName: `argocd-cluster-${s.name}`,
    account: s.account,
    region: s.region,
    clusterName: s.clusterName,
  }));

  const intended: IntendedPath[] = capability
    ? []
    : spokes.flatMap((s) =>
        SERVICE_ACCOUNTS.map(([component, name]) => ({
          serviceAccount: { namespace: 'argocd', name },
          component,
          cluster: s.name,
          roles: [MANAGER_ARN, arnOfDeployer(s)],
        })),
      );

  return {
    apiVersion: PLAN_API_VERSION,
    kind: 'AccessPlan',
    identity,
    hub: {
      name: 'in-cluster',
      account: HUB_ACCOUNT,
      region: HUB_REGION,
      partition: 'aws',
      clusterName: 'hub',
      ...(identity === 'irsa' ? { oidcIssuer: `https://${ISSUER_HOST}` } : {}),
    },
    argocd: {
      namespace: 'argocd',
      releaseName: 'argo-cd',
      chartVersion: '10.1.1',
      version: 'v3.4.4',
      clusterCredentialsForm: 'map',
      workloads: [
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
      ],
    },
    roles,
    oidcProviders:
      identity === 'irsa'
        ? [
            {
              account: HUB_ACCOUNT,
              arn: PROVIDER_ARN,
              issuerUrl: `https://${ISSUER_HOST}`,
              issuerHost: ISSUER_HOST,
              clientIds: ['sts.amazonaws.com'],
              create: options.createOidcProvider ?? false,
            },
          ]
        : [],
    podIdentityAssociations: pod
      ? SERVICE_ACCOUNTS.map(([, name]) => ({
          account: HUB_ACCOUNT,
          region: HUB_REGION,
          clusterName: 'hub',
          namespace: 'argocd',
          serviceAccount: name,
          roleArn: MANAGER_ARN,
        }))
      : [],
    accessEntries,
    serviceAccounts,
    clusters,
    intended,
    ...(orgId
      ? {
          organization: {
            id: orgId,
            organizationalUnits: ['ou-ab12-34cd5678'],
            regions: [...new Set(spokes.map((s) => s.region))].sort(),
            delegatedAdmin: true,
          },
        }
      : {}),
    tags,
    warnings: [],
  };
}

/** `n` spokes spread over accounts 200000000000… and two regions, for scale tests. */
export function manySpokes(n: number, path = '/'): SpokeFixture[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `spoke-${String(i).padStart(4, '0')}`,
    account: String(200000000000 + i),
    region: i % 2 === 0 ? 'eu-west-1' : 'us-east-1',
    clusterName: `cluster-${i}`,
    deployerPath: path,
  }));
}

export const LEAST_PRIVILEGE_SPOKES: readonly SpokeFixture[] = [
  {
    name: 'staging',
    account: '333333333333',
    region: 'eu-central-1',
    clusterName: 'staging',
    policy: 'AmazonEKSEditPolicy',
    namespaces: ['apps', 'team-*'],
    groups: ['argocd-crd-readers'],
  },
  {
    name: 'payments',
    account: '333333333333',
    region: 'eu-central-1',
    clusterName: 'payments',
    deployerName: 'argocd-deployer-payments',
    policy: null,
    groups: ['argocd-payments'],
  },
];
