/**
 * The snapshot a correctly deployed fleet would produce: what doctor should find if everything
 * in the AccessPlan exists exactly as planned. Pure. Uses: a baseline to compare a real snapshot
 * with, the corpus/benchmark worlds (any fleet size), and a consistency check between the
 * planner and doctor's rules (the expected snapshot of any valid plan has no error finding).
 */

import {
  type AccountSnapshot,
  type ClusterSnapshot,
  type Intent,
  type PodSnapshot,
  type RoleSnapshot,
  SNAPSHOT_API_VERSION,
  type Snapshot,
} from '../doctor/snapshot.js';
import type { AccessPlan, ArgoComponent, RolePlan } from '../plan/types.js';
import { SAMPLE_CA_DATA } from './generate-fleet.js';

const IN_CLUSTER = 'https://kubernetes.default.svc';
const CREATED = '2026-01-01T00:00:00.000Z';

function roleSnapshot(r: RolePlan, i: number): RoleSnapshot {
  return {
    arn: r.arn,
    roleName: r.name,
    roleId: `AROA${String(i).padStart(16, '0')}`,
    path: r.path,
    createDate: CREATED,
    maxSessionDuration: r.maxSessionDuration,
    trustPolicy: r.trustPolicy as unknown as Record<string, unknown>,
    ...(r.permissionsBoundaryArn && { permissionsBoundary: { arn: r.permissionsBoundaryArn } }),
    inlinePolicies: r.inlinePolicies.map((p) => ({
      name: p.name,
      document: p.document as unknown as Record<string, unknown>,
    })),
    attachedPolicies: [
      ...r.managedPolicies.map((p) => ({
        arn: `arn:${r.partition}:iam::${r.account}:policy${r.path}${p.name}`,
        name: p.name,
        defaultVersionId: 'v1',
        document: p.document as unknown as Record<string, unknown>,
      })),
      ...r.attachedPolicyArns.map((arn) => ({ arn })),
    ],
  };
}

function intentOf(plan: AccessPlan): Intent {
  const sa = (c: ArgoComponent) => plan.serviceAccounts.find((s) => s.component === c)?.name ?? '';
  const mgmt = plan.roles.find((r) => r.kind === 'management');
  const cap = plan.roles.find((r) => r.kind === 'capability');
  return {
    source: 'fleet',
    identity: plan.identity,
    argocdNamespace: plan.argocd.namespace,
    argocdVersion: plan.argocd.version,
    serviceAccounts: {
      applicationController: sa('application-controller') || 'argocd-application-controller',
      applicationSetController: sa('applicationset-controller') || 'argocd-applicationset-controller',
      server: sa('server') || 'argocd-server',
    },
    hub: {
      account: plan.hub.account,
      region: plan.hub.region,
      partition: plan.hub.partition,
      clusterName: plan.hub.clusterName,
    },
    ...(mgmt && { managementRoleArn: mgmt.arn }),
    ...(cap && { capabilityRoleArn: cap.arn }),
    spokes: plan.clusters
      .filter((c) => c.server !== IN_CLUSTER)
      .map((c) => ({
        name: c.name,
        account: c.account,
        region: c.region,
        partition: plan.accessEntries.find((e) => e.cluster === c.name)?.partition ?? plan.hub.partition,
        clusterName: c.clusterName,
        ...(c.config.awsAuthConfig?.roleARN && { deployerRoleArn: c.config.awsAuthConfig.roleARN }),
        ...(!c.server.startsWith('arn:') && { endpoint: c.server }),
      })),
  };
}

function pods(plan: AccessPlan, mgmtArn: string | undefined): PodSnapshot[] {
  const irsa = plan.identity === 'irsa';
  return plan.serviceAccounts.map((sa, i) => {
    const w = plan.argocd.workloads.find((x) => x.component === sa.component);
    const name = w
      ? `${w.name}-${w.kind === 'StatefulSet' ? '0' : `5d9f7b9c${i}-x2x4z`}`
      : `argocd-${sa.component}-0`;
    const identityEnv = irsa
      ? [
          { name: 'AWS_ROLE_ARN', value: mgmtArn ?? '' },
          {
            name: 'AWS_WEB_IDENTITY_TOKEN_FILE',
            value: '/var/run/secrets/eks.amazonaws.com/serviceaccount/token',
          },
          { name: 'AWS_STS_REGIONAL_ENDPOINTS', value: 'regional' },
        ]
      : [
          { name: 'AWS_CONTAINER_CREDENTIALS_FULL_URI', value: 'http://169.254.170.23/v1/credentials' },
          {
            name: 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
            value: '/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token',
          },
        ];
    return {
      name,
      namespace: sa.namespace,
      serviceAccountName: sa.name,
      phase: 'Running',
      startTime: '2026-06-01T00:00:00.000Z',
      labels: {
        'app.kubernetes.io/name': `argocd-${sa.component}`,
        'app.kubernetes.io/component': sa.component,
      },
      ...(w && { owner: `${w.kind}/${w.name}` }),
      containers: [
        {
          name: sa.component,
          image: `quay.io/argoproj/argocd:${plan.argocd.version}`,
          env: [
            { name: 'AWS_REGION', value: plan.hub.region },
            { name: 'AWS_DEFAULT_REGION', value: plan.hub.region },
            ...identityEnv,
          ],
          volumeMounts: [],
        },
      ],
      volumes: [irsa ? 'aws-iam-token' : 'eks-pod-identity-token'],
    };
  });
}

export function expectedSnapshot(plan: AccessPlan, o: { collectedAt?: string } = {}): Snapshot {
  const intent = intentOf(plan);
  const accounts = new Map<string, AccountSnapshot>();
  const account = (id: string, partition: string) => {
    let a = accounts.get(id);
    if (!a) {
      a = { account: id, partition, clusters: [], roles: [], notFound: [], errors: [] };
      accounts.set(id, a);
    }
    return a;
  };
  const hubAcct = account(plan.hub.account, plan.hub.partition);
  const hubCluster: ClusterSnapshot = {
    name: plan.hub.clusterName,
    region: plan.hub.region,
    arn: `arn:${plan.hub.partition}:eks:${plan.hub.region}:${plan.hub.account}:cluster/${plan.hub.clusterName}`,
    endpoint: `https://HUB.gr7.${plan.hub.region}.eks.amazonaws.com`,
    certificateAuthorityData: SAMPLE_CA_DATA,
    ...(plan.hub.oidcIssuer && { oidcIssuer: plan.hub.oidcIssuer }),
    authenticationMode: 'API',
    endpointPublicAccess: true,
    endpointPrivateAccess: true,
    publicAccessCidrs: ['0.0.0.0/0'],
    status: 'ACTIVE',
    ...(plan.identity === 'pod-identity' && {
      podIdentityAssociations: plan.podIdentityAssociations.map((a, i) => ({
        associationId: `a-${String(i).padStart(17, '0')}`,
        namespace: a.namespace,
        serviceAccount: a.serviceAccount,
        roleArn: a.roleArn,
        createdAt: CREATED,
        modifiedAt: CREATED,
      })),
    }),
  };
  hubAcct.clusters.push(hubCluster);
  if (plan.identity === 'irsa')
    hubAcct.oidcProviders = plan.oidcProviders.map((p) => ({
      arn: p.arn,
      url: p.issuerHost,
      clientIds: [...p.clientIds],
    }));
  plan.roles.forEach((r, i) => {
    account(r.account, r.partition).roles.push(roleSnapshot(r, i));
  });
  for (const c of plan.clusters.filter((x) => x.server !== IN_CLUSTER)) {
    const entries = plan.accessEntries.filter((e) => e.cluster === c.name);
    const a = account(c.account, entries[0]?.partition ?? plan.hub.partition);
    const arn = `arn:${a.partition}:eks:${c.region}:${c.account}:cluster/${c.clusterName}`;
    a.clusters.push({
      name: c.clusterName,
      region: c.region,
      arn,
      endpoint: c.server.startsWith('arn:')
        ? `https://${c.clusterName}.gr7.${c.region}.eks.amazonaws.com`
        : c.server,
      certificateAuthorityData: c.config.tlsClientConfig.caData ?? SAMPLE_CA_DATA,
      authenticationMode: 'API_AND_CONFIG_MAP',
      endpointPublicAccess: true,
      endpointPrivateAccess: true,
      publicAccessCidrs: ['0.0.0.0/0'],
      status: 'ACTIVE',
      accessEntries: entries.map((e) => ({
        principalArn: e.principalArn,
        type: 'STANDARD',
        kubernetesGroups: [...e.kubernetesGroups],
        createdAt: '2026-01-02T00:00:00.000Z',
        modifiedAt: '2026-01-02T00:00:00.000Z',
        accessPolicies: e.accessPolicies.map((p) => ({
          policyArn: p.policyArn,
          accessScope: {
            type: p.accessScope.type,
            ...(p.accessScope.namespaces && { namespaces: [...p.accessScope.namespaces] }),
          },
          associatedAt: '2026-01-02T00:00:00.000Z',
        })),
      })),
    });
  }
  const mgmt = plan.roles.find((r) => r.kind === 'management');
  return {
    apiVersion: SNAPSHOT_API_VERSION,
    kind: 'Snapshot',
    collectedAt: o.collectedAt ?? '2026-11-29T12:00:00.000Z',
    intent,
    accounts: [...accounts.values()],
    hub: {
      namespace: plan.argocd.namespace,
      serviceAccounts: plan.serviceAccounts.map((s) => ({
        name: s.name,
        namespace: s.namespace,
        annotations: { ...s.annotations },
      })),
      pods: plan.identity === 'eks-capability' ? [] : pods(plan, mgmt?.arn),
      podIdentityAgent:
        plan.identity === 'pod-identity'
          ? { name: 'eks-pod-identity-agent', namespace: 'kube-system', desired: 3, ready: 3, available: 3 }
          : null,
      clusterSecrets: plan.clusters
        .filter((c) => c.server !== IN_CLUSTER)
        .map((c) => {
          const ca =
            c.config.tlsClientConfig.caData ?? (c.server.startsWith('arn:') ? undefined : SAMPLE_CA_DATA);
          return {
            name: c.secretName,
            namespace: plan.argocd.namespace,
            labels: { 'argocd.argoproj.io/secret-type': 'cluster', ...c.labels },
            annotations: { ...c.annotations },
            data: {
              name: c.name,
              server: c.server,
              ...(c.namespaces.length > 0 && {
                namespaces: c.namespaces.join(','),
                clusterResources: String(c.clusterResources),
              }),
              ...(c.project && { project: c.project }),
            },
            dataKeys: ['config', 'name', 'server'],
            config: {
              ...(c.config.awsAuthConfig && { awsAuthConfig: { ...c.config.awsAuthConfig } }),
              tlsClientConfig: { insecure: c.config.tlsClientConfig.insecure, ...(ca && { caData: ca }) },
            },
          };
        }),
      errors: [],
    },
  };
}
