/**
 * Hand-built AccessPlan / ProveResult fixtures, true to src/plan/types.ts and src/prove/types.ts,
 * so the renderers can be tested without the planner. Tests switch to the real examples
 * (planFleet + prove) when they exist; these stay for edge cases (XSS labels, eks-capability).
 */
import type { Finding } from '../../../src/findings.js';
import type { IdentityMode } from '../../../src/fleet/types.js';
import type {
  AccessEntryPlan,
  AccessPlan,
  ArgoComponent,
  ClusterRegistrationPlan,
  IntendedPath,
  PolicyDocument,
  RolePlan,
  ServiceAccountPlan,
} from '../../../src/plan/types.js';
import type { Cell, ProveResult, Witness } from '../../../src/prove/types.js';

export interface SpokeSpec {
  readonly name: string;
  readonly account: string;
  readonly region?: string;
  readonly policy?: 'cluster-admin' | 'admin' | 'edit' | 'view' | null;
  readonly namespaces?: readonly string[];
  readonly groups?: readonly string[];
}

const HUB_ACCOUNT = '111111111111';
const ISSUER_HOST = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const POLICY_NAMES: Record<string, string> = {
  'cluster-admin': 'AmazonEKSClusterAdminPolicy',
  admin: 'AmazonEKSAdminPolicy',
  edit: 'AmazonEKSEditPolicy',
  view: 'AmazonEKSViewPolicy',
};
const COMPONENTS: readonly [ArgoComponent, string, ServiceAccountPlan['valuesKey']][] = [
  ['application-controller', 'argocd-application-controller', 'controller'],
  ['applicationset-controller', 'argocd-applicationset-controller', 'applicationSet'],
  ['server', 'argocd-server', 'server'],
];

const emptyDoc: PolicyDocument = { Version: '2012-10-17', Statement: [] };

function role(kind: RolePlan['kind'], id: string, account: string, name: string): RolePlan {
  return {
    id,
    kind,
    account,
    partition: 'aws',
    name,
    path: '/',
    arn: `arn:aws:iam::${account}:role/${name}`,
    description: `${kind} role`,
    trustPolicy: emptyDoc,
    inlinePolicies: [],
    managedPolicies: [],
    attachedPolicyArns: [],
    maxSessionDuration: 3600,
    tags: {},
  };
}

export function buildPlan(
  spokes: readonly SpokeSpec[],
  opts: { identity?: IdentityMode; warnings?: readonly Finding[] } = {},
): AccessPlan {
  const identity = opts.identity ?? 'irsa';
  const capability = identity === 'eks-capability';
  const hubRole = capability
    ? role('capability', 'capability', HUB_ACCOUNT, 'argocd-capability')
    : role('management', 'management', HUB_ACCOUNT, 'argocd-management');
  const deployers = capability
    ? []
    : spokes.map((s) => role('deployer', `deployer/${s.name}`, s.account, `argocd-deployer-${s.name}`));
  const serviceAccounts: ServiceAccountPlan[] = capability
    ? []
    : COMPONENTS.map(([component, name, valuesKey]) => ({
        component,
        namespace: 'argocd',
        name,
        valuesKey,
        annotations: (identity === 'irsa' ? { 'eks.amazonaws.com/role-arn': hubRole.arn } : {}) as Record<
          string,
          string
        >,
      }));
  const accessEntries: AccessEntryPlan[] = spokes.map((s, i) => ({
    cluster: s.name,
    account: s.account,
    region: s.region ?? 'eu-west-1',
    partition: 'aws',
    clusterName: `eks-${s.name}`,
    principalArn: capability ? hubRole.arn : deployers[i]!.arn,
    type: 'STANDARD',
    kubernetesGroups: s.groups ?? [],
    accessPolicies:
      s.policy === null
        ? []
        : [
            {
              policyArn: `arn:aws:eks::aws:cluster-access-policy/${POLICY_NAMES[s.policy ?? 'cluster-admin']}`,
              accessScope:
                s.namespaces && s.namespaces.length > 0
                  ? { type: 'namespace', namespaces: s.namespaces }
                  : { type: 'cluster' },
            },
          ],
  }));
  const clusters: ClusterRegistrationPlan[] = spokes.map((s, i) => ({
    name: s.name,
    server: capability
      ? `arn:aws:eks:${s.region ?? 'eu-west-1'}:${s.account}:cluster/eks-${s.name}`
      : `https://${i.toString(16).padStart(8, '0')}.gr7.eu-west-1.eks.amazonaws.com`,
    config: {
      ...(capability ? {} : { awsAuthConfig: { clusterName: `eks-${s.name}`, roleARN: deployers[i]!.arn } }),
      tlsClientConfig: { insecure: false, caData: 'LS0tLS1CRUdJTg==' },
    },
    labels: {},
    annotations: {},
    namespaces: [],
    clusterResources: true,
    secretName: `argocd-cluster-${s.name}`,
    account: s.account,
    region: s.region ?? 'eu-west-1',
    clusterName: `eks-${s.name}`,
  }));
  const intended: IntendedPath[] = capability
    ? spokes.map((s) => ({
        serviceAccount: { namespace: 'argocd', name: 'argocd-capability' },
        component: 'application-controller' as const,
        cluster: s.name,
        roles: [hubRole.arn],
      }))
    : serviceAccounts.flatMap((sa) =>
        spokes.map((s, i) => ({
          serviceAccount: { namespace: sa.namespace, name: sa.name },
          component: sa.component,
          cluster: s.name,
          roles: [hubRole.arn, deployers[i]!.arn],
        })),
      );
  return {
    apiVersion: 'fleetlink.dev/v1alpha1',
    kind: 'AccessPlan',
    identity,
    hub: {
      name: 'in-cluster',
      account: HUB_ACCOUNT,
      region: 'eu-west-1',
      partition: 'aws',
      clusterName: 'hub',
      ...(identity === 'irsa' ? { oidcIssuer: `https://${ISSUER_HOST}` } : {}),
    },
    argocd: {
      namespace: 'argocd',
      releaseName: 'argocd',
      chartVersion: '9.1.0',
      version: 'v3.2.0',
      clusterCredentialsForm: 'map',
      workloads: [],
    },
    roles: [hubRole, ...deployers],
    oidcProviders:
      identity === 'irsa'
        ? [
            {
              account: HUB_ACCOUNT,
              arn: `arn:aws:iam::${HUB_ACCOUNT}:oidc-provider/${ISSUER_HOST}`,
              issuerUrl: `https://${ISSUER_HOST}`,
              issuerHost: ISSUER_HOST,
              clientIds: ['sts.amazonaws.com'],
              create: false,
            },
          ]
        : [],
    podIdentityAssociations:
      identity === 'pod-identity'
        ? serviceAccounts.map((sa) => ({
            account: HUB_ACCOUNT,
            region: 'eu-west-1',
            clusterName: 'hub',
            namespace: sa.namespace,
            serviceAccount: sa.name,
            roleArn: hubRole.arn,
          }))
        : [],
    accessEntries,
    serviceAccounts,
    clusters,
    intended,
    tags: { 'managed-by': 'fleetlink' },
    warnings: opts.warnings ?? [],
  };
}

/**
 * A ProveResult for the plan: intended witnesses reach their clusters; `unintended` lists
 * `[witnessId, cluster]` pairs an outsider reaches (a broken proof); `blocked` lists intended
 * pairs that fail.
 */
export function buildProve(
  plan: AccessPlan,
  opts: {
    unintended?: readonly (readonly [string, string])[];
    blocked?: readonly (readonly [string, string])[];
    findings?: readonly Finding[];
  } = {},
): ProveResult {
  const intendedWitnesses: Witness[] = plan.serviceAccounts.map((sa) => ({
    id: `sa:${sa.namespace}/${sa.name}`,
    label: `${sa.namespace}/${sa.name}`,
    kind: 'service-account',
    intended: true,
  }));
  const outsiders: Witness[] = [
    {
      id: 'sa-other-ns:default/argocd-server',
      label: 'default/argocd-server',
      kind: 'other-namespace',
      intended: false,
    },
    { id: 'hub-root', label: `hub account root (${plan.hub.account})`, kind: 'root', intended: false },
    { id: 'anonymous', label: 'anonymous', kind: 'anonymous', intended: false },
  ];
  const witnesses = [...intendedWitnesses, ...outsiders];
  const has = (list: readonly (readonly [string, string])[] | undefined, w: string, c: string) =>
    (list ?? []).some(([lw, lc]) => lw === w && lc === c);
  const cells: Cell[] = [];
  for (const w of witnesses) {
    for (const c of plan.clusters) {
      const entry = plan.accessEntries.find((e) => e.cluster === c.name);
      const reachable = w.intended ? !has(opts.blocked, w.id, c.name) : has(opts.unintended, w.id, c.name);
      const via = plan.intended.find((p) => p.cluster === c.name)?.roles ?? [];
      cells.push({
        witness: w.id,
        cluster: c.name,
        reachable,
        intended: w.intended,
        via: reachable ? via : [],
        ...(reachable && entry
          ? { access: { policies: entry.accessPolicies, groups: entry.kubernetesGroups } }
          : {}),
        ...(reachable
          ? {}
          : {
              blockedAt: {
                hop: 'manager',
                reason: `trust policy of ${via[0] ?? 'management role'} does not name ${w.label}`,
              },
            }),
      });
    }
  }
  const findings = opts.findings ?? [];
  const holds =
    (opts.unintended ?? []).length === 0 &&
    (opts.blocked ?? []).length === 0 &&
    !findings.some((f) => f.severity === 'error');
  return {
    holds,
    verdict: holds ? 'holds' : 'fails',
    causes: [],
    matrix: { witnesses, clusters: plan.clusters.map((c) => c.name), cells },
    findings,
  };
}

export function finding(partial: Partial<Finding> & Pick<Finding, 'id' | 'subject'>): Finding {
  return {
    severity: 'warning',
    link: 'access',
    message: 'something is off',
    evidence: [],
    fix: 'do the right thing',
    ...partial,
  };
}

/** Two spoke accounts, a namespace-scoped spoke and an RBAC-groups-only spoke. */
export function samplePlan(identity: IdentityMode = 'irsa'): AccessPlan {
  return buildPlan(
    [
      { name: 'prod-eu', account: '222222222222' },
      {
        name: 'prod-us',
        account: '222222222222',
        region: 'us-east-1',
        policy: 'edit',
        namespaces: ['apps', 'web'],
      },
      { name: 'staging', account: '333333333333', policy: null, groups: ['argocd-deployers'] },
    ],
    { identity },
  );
}

/** n spokes spread over ceil(n / perAccount) accounts. */
export function manySpokes(n: number, perAccount = 20): SpokeSpec[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `spoke-${String(i).padStart(4, '0')}`,
    account: String(200000000000 + Math.floor(i / perAccount)),
    ...(i % 3 === 1 ? { policy: 'edit' as const, namespaces: ['apps'] } : {}),
  }));
}
