/**
 * A healthy hub-and-two-spokes snapshot (IRSA), and its Pod Identity and EKS-capability variants.
 * Corpus tests inject ONE failure into a copy with `mutate` and assert the finding.
 */
import { SNAPSHOT_API_VERSION, type Snapshot } from '../../../src/doctor/snapshot.js';
import { CA_A, CA_B, CA_HUB } from './certs.js';

export const HUB = '111111111111';
export const A = '222222222222';
export const B = '333333333333';
export const MGMT = `arn:aws:iam::${HUB}:role/argocd-manager`;
export const DEPLOYER_A = `arn:aws:iam::${A}:role/argocd-deployer`;
export const DEPLOYER_B = `arn:aws:iam::${B}:role/argocd-deployer`;
export const ISSUER_HOST = 'oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789';
export const PROVIDER = `arn:aws:iam::${HUB}:oidc-provider/${ISSUER_HOST}`;
export const ENDPOINT_A = 'https://AAAA1111.gr7.eu-west-1.eks.amazonaws.com';
export const ENDPOINT_B = 'https://BBBB2222.gr7.us-east-1.eks.amazonaws.com';
export const CLUSTER_ADMIN = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy';
const SAS = ['argocd-application-controller', 'argocd-applicationset-controller', 'argocd-server'];

function deployerRole(arn: string, createDate = '2026-01-01T00:00:00.000Z') {
  return {
    arn,
    roleName: 'argocd-deployer',
    roleId: `AROA${arn.slice(13, 25)}DEPLOYER`,
    path: '/',
    createDate,
    maxSessionDuration: 3600,
    trustPolicy: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: MGMT }, Action: 'sts:AssumeRole' }],
    },
    inlinePolicies: [],
    attachedPolicies: [],
  };
}

function spokeCluster(name: string, region: string, endpoint: string, ca: string, principal: string) {
  return {
    name,
    region,
    arn: `arn:aws:eks:${region}:${name === 'spoke-a' ? A : B}:cluster/${name}`,
    endpoint,
    certificateAuthorityData: ca,
    oidcIssuer: `https://oidc.eks.${region}.amazonaws.com/id/${name.toUpperCase()}`,
    authenticationMode: 'API_AND_CONFIG_MAP',
    endpointPublicAccess: true,
    endpointPrivateAccess: true,
    publicAccessCidrs: ['0.0.0.0/0'],
    platformVersion: 'eks.5',
    version: '1.33',
    status: 'ACTIVE',
    accessEntries: [
      {
        principalArn: principal,
        type: 'STANDARD',
        username: `arn:aws:sts::${principal.split(':')[4]}:assumed-role/argocd-deployer/{{SessionName}}`,
        kubernetesGroups: [],
        createdAt: '2026-01-02T00:00:00.000Z',
        modifiedAt: '2026-01-02T00:00:00.000Z',
        accessPolicies: [
          {
            policyArn: CLUSTER_ADMIN,
            accessScope: { type: 'cluster' },
            associatedAt: '2026-01-02T00:00:00.000Z',
          },
        ],
      },
    ],
  };
}

function pod(name: string, sa: string, component: string) {
  return {
    name,
    namespace: 'argocd',
    serviceAccountName: sa,
    nodeName: 'ip-10-0-1-10.eu-west-1.compute.internal',
    phase: 'Running',
    startTime: '2026-11-01T00:00:00.000Z',
    labels: { 'app.kubernetes.io/name': `argocd-${component}`, 'app.kubernetes.io/component': component },
    containers: [
      {
        name: component,
        image: 'quay.io/argoproj/argocd:v3.4.4',
        env: [
          { name: 'AWS_STS_REGIONAL_ENDPOINTS', value: 'regional' },
          { name: 'AWS_DEFAULT_REGION', value: 'eu-west-1' },
          { name: 'AWS_REGION', value: 'eu-west-1' },
          { name: 'AWS_ROLE_ARN', value: MGMT },
          {
            name: 'AWS_WEB_IDENTITY_TOKEN_FILE',
            value: '/var/run/secrets/eks.amazonaws.com/serviceaccount/token',
          },
        ],
        volumeMounts: [
          { name: 'aws-iam-token', mountPath: '/var/run/secrets/eks.amazonaws.com/serviceaccount' },
        ],
      },
    ],
    volumes: ['aws-iam-token', 'kube-api-access-abcde'],
  };
}

function secret(name: string, server: string, clusterName: string, roleARN: string, caData: string) {
  return {
    name: `argocd-cluster-${name}`,
    namespace: 'argocd',
    labels: { 'argocd.argoproj.io/secret-type': 'cluster' },
    annotations: {},
    data: { name, server },
    dataKeys: ['config', 'name', 'server'],
    config: { awsAuthConfig: { clusterName, roleARN }, tlsClientConfig: { insecure: false, caData } },
  };
}

export function healthySnapshot(): Snapshot {
  return {
    apiVersion: SNAPSHOT_API_VERSION,
    kind: 'Snapshot',
    collectedAt: '2026-11-29T12:00:00.000Z',
    intent: {
      source: 'fleet',
      identity: 'irsa',
      argocdNamespace: 'argocd',
      argocdVersion: 'v3.4.4',
      serviceAccounts: {
        applicationController: 'argocd-application-controller',
        applicationSetController: 'argocd-applicationset-controller',
        server: 'argocd-server',
      },
      hub: { account: HUB, region: 'eu-west-1', partition: 'aws', clusterName: 'hub' },
      managementRoleArn: MGMT,
      spokes: [
        {
          name: 'spoke-a',
          account: A,
          region: 'eu-west-1',
          partition: 'aws',
          clusterName: 'spoke-a',
          deployerRoleArn: DEPLOYER_A,
          endpoint: ENDPOINT_A,
        },
        {
          name: 'spoke-b',
          account: B,
          region: 'us-east-1',
          partition: 'aws',
          clusterName: 'spoke-b',
          deployerRoleArn: DEPLOYER_B,
          endpoint: ENDPOINT_B,
        },
      ],
    },
    accounts: [
      {
        account: HUB,
        partition: 'aws',
        clusters: [
          {
            name: 'hub',
            region: 'eu-west-1',
            arn: `arn:aws:eks:eu-west-1:${HUB}:cluster/hub`,
            endpoint: 'https://HUB0000.gr7.eu-west-1.eks.amazonaws.com',
            certificateAuthorityData: CA_HUB,
            oidcIssuer: `https://${ISSUER_HOST}`,
            authenticationMode: 'API',
            endpointPublicAccess: true,
            endpointPrivateAccess: true,
            publicAccessCidrs: ['0.0.0.0/0'],
            platformVersion: 'eks.5',
            version: '1.33',
            status: 'ACTIVE',
            podIdentityAssociations: [],
          },
        ],
        roles: [
          {
            arn: MGMT,
            roleName: 'argocd-manager',
            roleId: 'AROAHUBMANAGER000001',
            path: '/',
            createDate: '2026-01-01T00:00:00.000Z',
            maxSessionDuration: 3600,
            trustPolicy: {
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: 'ServiceAccountRoleAssumption',
                  Effect: 'Allow',
                  Principal: { Federated: PROVIDER },
                  Action: 'sts:AssumeRoleWithWebIdentity',
                  Condition: {
                    StringEquals: {
                      [`${ISSUER_HOST}:sub`]: SAS.map((s) => `system:serviceaccount:argocd:${s}`),
                      [`${ISSUER_HOST}:aud`]: 'sts.amazonaws.com',
                    },
                  },
                },
              ],
            },
            inlinePolicies: [
              {
                name: 'assume-deployers',
                document: {
                  Version: '2012-10-17',
                  Statement: [
                    { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: [DEPLOYER_A, DEPLOYER_B] },
                  ],
                },
              },
            ],
            attachedPolicies: [],
          },
        ],
        notFound: [],
        oidcProviders: [{ arn: PROVIDER, url: ISSUER_HOST, clientIds: ['sts.amazonaws.com'] }],
        accountSummary: {
          AssumeRolePolicySizeQuota: 2048,
          RolePolicySizeQuota: 10240,
          GlobalEndpointTokenVersion: 2,
        },
        errors: [],
      },
      {
        account: A,
        partition: 'aws',
        clusters: [spokeCluster('spoke-a', 'eu-west-1', ENDPOINT_A, CA_A, DEPLOYER_A)],
        roles: [deployerRole(DEPLOYER_A)],
        notFound: [],
        errors: [],
      },
      {
        account: B,
        partition: 'aws',
        clusters: [spokeCluster('spoke-b', 'us-east-1', ENDPOINT_B, CA_B, DEPLOYER_B)],
        roles: [deployerRole(DEPLOYER_B)],
        notFound: [],
        errors: [],
      },
    ],
    hub: {
      context: 'hub',
      namespace: 'argocd',
      serviceAccounts: SAS.map((name) => ({
        name,
        namespace: 'argocd',
        annotations: { 'eks.amazonaws.com/role-arn': MGMT } as Record<string, string>,
      })).concat([{ name: 'argocd-repo-server', namespace: 'argocd', annotations: {} }]),
      pods: [
        {
          ...pod(
            'argocd-application-controller-0',
            'argocd-application-controller',
            'application-controller',
          ),
          owner: 'StatefulSet/argocd-application-controller',
        },
        pod('argocd-server-5d9f7b9c8-x2x4z', 'argocd-server', 'server'),
        pod(
          'argocd-applicationset-controller-7c8d-kq9',
          'argocd-applicationset-controller',
          'applicationset-controller',
        ),
      ],
      podIdentityAgent: null,
      clusterSecrets: [
        secret('spoke-a', ENDPOINT_A, 'spoke-a', DEPLOYER_A, CA_A),
        secret('spoke-b', ENDPOINT_B, 'spoke-b', DEPLOYER_B, CA_B),
      ],
      // Reconciled two minutes before collection (12:00): inside the 180 s default period.
      applications: [
        {
          name: 'guestbook-a',
          namespace: 'argocd',
          project: 'default',
          destinationName: 'spoke-a',
          reconciledAt: '2026-11-29T11:58:00.000Z',
        },
        {
          name: 'guestbook-b',
          namespace: 'argocd',
          project: 'default',
          destinationServer: ENDPOINT_B,
          reconciledAt: '2026-11-29T11:59:30.000Z',
        },
      ],
      controller: {
        kind: 'StatefulSet',
        name: 'argocd-application-controller',
        replicas: 1,
        readyReplicas: 1,
      },
      cmdParams: {},
      argocdCm: {},
      errors: [],
    },
  };
}

/** Deep-copy the healthy snapshot and change one thing. */
export function mutate(base: Snapshot, change: (s: Snapshot) => void): Snapshot {
  const copy = structuredClone(base);
  change(copy);
  return copy;
}

export function hubAccount(s: Snapshot) {
  return s.accounts.find((a) => a.account === HUB)!;
}
export function mgmtRole(s: Snapshot) {
  return hubAccount(s).roles.find((r) => r.arn === MGMT)!;
}
export function accountOf(s: Snapshot, id: string) {
  return s.accounts.find((a) => a.account === id)!;
}
export function spokeA(s: Snapshot) {
  return accountOf(s, A).clusters[0]!;
}
export function deployerA(s: Snapshot) {
  return accountOf(s, A).roles[0]!;
}
export function secretA(s: Snapshot) {
  return s.hub.clusterSecrets!.find((x) => x.data.name === 'spoke-a')!;
}
export function controllerPod(s: Snapshot) {
  return s.hub.pods!.find((p) => p.name.startsWith('argocd-application-controller'))!;
}
export function serverPod(s: Snapshot) {
  return s.hub.pods!.find((p) => p.name.startsWith('argocd-server'))!;
}
export function sa(s: Snapshot, name: string) {
  return s.hub.serviceAccounts!.find((x) => x.name === name)!;
}

/** Pod Identity variant: associations instead of annotations, TagSession everywhere, agent running. */
export function healthyPodIdentitySnapshot(): Snapshot {
  return mutate(healthySnapshot(), (s) => {
    s.intent.identity = 'pod-identity';
    for (const x of s.hub.serviceAccounts!) x.annotations = {};
    for (const p of s.hub.pods!) {
      for (const c of p.containers) {
        c.env = c.env.filter((e) => !['AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE'].includes(e.name));
        c.env.push(
          { name: 'AWS_CONTAINER_CREDENTIALS_FULL_URI', value: 'http://169.254.170.23/v1/credentials' },
          {
            name: 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
            value: '/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token',
          },
        );
      }
      p.volumes = ['eks-pod-identity-token', 'kube-api-access-abcde'];
    }
    s.hub.podIdentityAgent = {
      name: 'eks-pod-identity-agent',
      namespace: 'kube-system',
      desired: 3,
      ready: 3,
      available: 3,
    };
    hubAccount(s).clusters[0]!.podIdentityAssociations = SAS.map((sa, i) => ({
      associationId: `a-0000000000000000${i}`,
      namespace: 'argocd',
      serviceAccount: sa,
      roleArn: MGMT,
      createdAt: '2026-10-01T00:00:00.000Z',
      modifiedAt: '2026-10-01T00:00:00.000Z',
    }));
    const m = mgmtRole(s);
    m.trustPolicy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Condition: {
            StringEquals: {
              'aws:RequestTag/eks-cluster-arn': [`arn:aws:eks:eu-west-1:${HUB}:cluster/hub`],
              'aws:RequestTag/kubernetes-namespace': ['argocd'],
              'aws:RequestTag/kubernetes-service-account': SAS,
            },
          },
        },
      ],
    };
    m.inlinePolicies[0]!.document = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: [DEPLOYER_A, DEPLOYER_B] },
      ],
    };
    for (const id of [A, B]) {
      accountOf(s, id).roles[0]!.trustPolicy = {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: MGMT }, Action: ['sts:AssumeRole', 'sts:TagSession'] },
        ],
      };
    }
  });
}

export const CAPABILITY_ROLE = `arn:aws:iam::${HUB}:role/eks-capability-argocd`;

/** EKS-managed Argo CD: no pods, server = cluster ARN, the capability role has the access entries. */
export function healthyCapabilitySnapshot(): Snapshot {
  return mutate(healthySnapshot(), (s) => {
    s.intent.identity = 'eks-capability';
    delete s.intent.managementRoleArn;
    s.intent.capabilityRoleArn = CAPABILITY_ROLE;
    for (const sp of s.intent.spokes) delete sp.deployerRoleArn;
    s.hub.pods = [];
    s.hub.serviceAccounts = [];
    hubAccount(s).roles = [
      {
        arn: CAPABILITY_ROLE,
        roleName: 'eks-capability-argocd',
        roleId: 'AROAHUBCAPABILITY0001',
        path: '/',
        createDate: '2026-01-01T00:00:00.000Z',
        maxSessionDuration: 3600,
        trustPolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'capabilities.eks.amazonaws.com' },
              Action: ['sts:AssumeRole', 'sts:TagSession'],
            },
          ],
        },
        inlinePolicies: [],
        attachedPolicies: [],
      },
    ];
    hubAccount(s).oidcProviders = [];
    for (const id of [A, B]) {
      const acct = accountOf(s, id);
      acct.roles = [];
      acct.clusters[0]!.accessEntries![0]!.principalArn = CAPABILITY_ROLE;
    }
    for (const sec of s.hub.clusterSecrets!) {
      const c = s.accounts.flatMap((a) => a.clusters).find((x) => x.name === sec.data.name)!;
      sec.data.server = c.arn!;
      sec.config = { tlsClientConfig: { insecure: false } };
    }
  });
}
