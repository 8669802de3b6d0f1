/**
 * Fleet → AccessPlan: everything that must exist for the chain, as plain data.
 * Pure and deterministic: no network, clock or environment; every list in a stable order
 * (clusters by name, roles by id, ARNs sorted) so plans diff cleanly in Git.
 *
 * The chain (Argo CD docs, operator-manual/declarative-setup.md "EKS"):
 *   Argo CD service account ─IRSA/Pod Identity→ management role (hub account)
 *     ─sts:AssumeRole→ deployer role (spoke account) ─EKS token→ access entry on the spoke.
 * eks-capability (managed Argo CD, FM-7.8): the capability role itself gets the access entries.
 */

import { UserError } from '../errors.js';
import { report } from '../findings/registry.js';
import type { Finding } from '../findings.js';
import { DEFAULTS } from '../fleet/defaults.js';
import type { Fleet, Partition, RoleRef, SpokeSettings } from '../fleet/types.js';
import { accessPolicyArn, clusterArn, issuerHost, oidcProviderArn, roleArn } from './arn.js';
import { namedPolicyArn, planCapabilityRbac } from './capability.js';
import { argoWorkloads, clusterCredentialsForm, clusterSecretName } from './naming.js';
import { packAssumePermissions } from './pack.js';
import { DEFAULT_IAM_LIMITS, type IamLimits, policySize } from './policy-size.js';
import { scaleWarnings } from './scale-findings.js';
import { placementShard, type ShardLoad, shardLoads, watchScopes } from './shards.js';
import { estimateSts } from './sts-rate.js';
import { capabilityTrust, deployerTrust, IRSA_AUDIENCE, irsaTrust, podIdentityTrust } from './trust.js';
import {
  type AccessEntryPlan,
  type AccessPlan,
  type AccessPolicyAssociation,
  type AppProjectDestination,
  type AppProjectPlan,
  type ArgoComponent,
  type ClusterRegistrationPlan,
  type IntendedPath,
  type OidcProviderPlan,
  PLAN_API_VERSION,
  type PodIdentityAssociationPlan,
  type RolePlan,
  type ServiceAccountPlan,
} from './types.js';

/** Where the in-cluster API server is reached from Argo CD's own pods (Argo CD's `in-cluster`). */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

/** Annotations every spoke registration carries, for ApplicationSet cluster-generator templates. */
export const ANNOTATION_ACCOUNT = 'fleetlink.dev/account';
export const ANNOTATION_REGION = 'fleetlink.dev/region';
export const ANNOTATION_CLUSTER_NAME = 'fleetlink.dev/cluster-name';
/**
 * On a cluster Secret (Argo CD ≥ 3.4.0, argo-cd#26442): the controller treats the cluster as managed
 * by no shard (controller/sharding/cache.go IsManagedCluster), so none of its Applications are
 * reconciled and no connection (no token, no access-entry lookup) is made. The same annotation on
 * an Application pauses that Application only.
 */
export const ANNOTATION_SKIP_RECONCILE = 'argocd.argoproj.io/skip-reconcile';

/** Role chaining caps a chained session at one hour (STS AssumeRole, DurationSeconds). */
const MAX_SESSION_SECONDS = 3600;

export interface PlanOptions {
  /** IAM limits of the hub account (default: AWS defaults; `iam:GetAccountSummary` has the real ones). */
  readonly limits?: IamLimits;
  /** STS AssumeRole-family requests per second the hub account may make (default 600). */
  readonly stsRequestsPerSecond?: number;
}

interface ComponentSa {
  readonly component: ArgoComponent;
  readonly valuesKey: ServiceAccountPlan['valuesKey'];
  readonly name: string;
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The Argo CD components that call AWS, in component order; a component with no SA name is skipped. */
function componentServiceAccounts(fleet: Fleet): ComponentSa[] {
  const sa = fleet.argocd.serviceAccounts;
  const all: ComponentSa[] = [
    { component: 'application-controller', valuesKey: 'controller', name: sa.applicationController },
    {
      component: 'applicationset-controller',
      valuesKey: 'applicationSet',
      name: sa.applicationSetController,
    },
    { component: 'server', valuesKey: 'server', name: sa.server },
  ];
  // The Fleet contract allows "no AWS identity" for a component (null/empty name).
  return all.filter((c) => typeof c.name === 'string' && c.name !== '');
}

function checkFleet(fleet: Fleet): void {
  const names = new Set<string>();
  if (fleet.hub.registerSelf) names.add(fleet.hub.name);
  for (const s of fleet.spokes) {
    if (names.has(s.name))
      throw new UserError(`two clusters are named "${s.name}"; Argo CD cluster names must be unique`);
    names.add(s.name);
    if (s.partition !== fleet.hub.partition)
      throw new UserError(
        `spoke "${s.name}" is in partition ${s.partition} but the hub is in ${fleet.hub.partition}; IAM roles cannot be assumed across partitions`,
      );
    if (fleet.identity !== 'eks-capability' && !s.endpoint)
      throw new UserError(
        `spoke "${s.name}" has no endpoint; Argo CD needs the API server URL as the cluster's server`,
      );
  }
  if (fleet.identity === 'irsa' && !fleet.hub.oidcIssuer)
    throw new UserError(
      'identity irsa needs hub.oidcIssuer (aws eks describe-cluster --query cluster.identity.oidc.issuer)',
    );
}

/** What every part of the planner needs: the fleet, and the names derived from it once. */
interface PlanContext {
  readonly fleet: Fleet;
  readonly partition: Partition;
  readonly tags: Readonly<Record<string, string>>;
  readonly components: readonly ComponentSa[];
  /** Spokes by name, so output order never depends on the file's order. */
  readonly spokes: readonly SpokeSettings[];
  readonly capability: boolean;
  readonly hubRoleRef: RoleRef;
  /** The management (or capability) role: the one that assumes the deployers. */
  readonly hubRoleArn: string;
  /**
   * Pod Identity with `hub.podIdentity.managementAccount`: the hub-account role the associations
   * name; the management role (in the management account) is their `targetRoleArn`.
   */
  readonly association?: { readonly ref: RoleRef; readonly arn: string };
  /** Whether EKS adds its (transitive) session tags: Pod Identity without `disableSessionTags`. */
  readonly sessionTags: boolean;
  readonly limits: IamLimits;
}

export function planFleet(fleet: Fleet, options: PlanOptions = {}): AccessPlan {
  checkFleet(fleet);
  const ctx = contextOf(fleet, options);
  const { hub, argocd, identity } = fleet;
  const { partition, tags, capability, hubRoleArn, spokes, components } = ctx;
  const warnings: Finding[] = [];

  const trust = hubTrustOf(ctx);
  const deployerRoles = deployerRolesOf(ctx);
  const hubRole = hubRoleOf(ctx, ctx.association ? targetTrust(ctx) : trust.policy, deployerRoles, warnings);
  const associationRole = associationRoleOf(ctx, trust.policy);
  const accessEntries = accessEntriesOf(ctx);
  const capabilityGroup = capabilityGroupOf(fleet);
  const capabilityPlan = capability
    ? {
        kubernetesGroup: capabilityGroup,
        cm: { ...(fleet.argocd.capability?.cm ?? {}) },
        rbac: planCapabilityRbac(spokes, accessEntries, capabilityGroup),
      }
    : undefined;

  // --- Argo CD registrations ---------------------------------------------------------------------
  const clusters: ClusterRegistrationPlan[] = spokes.map((s) =>
    registration(s, capability ? undefined : deployerArnOf(ctx, s), fleet.argocd.controller.replicas),
  );
  if (hub.registerSelf) clusters.push(selfRegistration(fleet));
  clusters.sort((a, b) => byString(a.name, b.name));
  const sharded = { clusters, loads: loadsOf(clusters, fleet.argocd.controller.replicas) };

  // The capability requires spec.sourceNamespaces to name its namespace (awsdocs#1190/#1191).
  const projects = planProjects(spokes, sharded.clusters, capability ? [argocd.namespace] : undefined);

  // --- the hub's STS load and the shard balance -------------------------------------------------
  const sts = estimateSts({
    identity,
    components: components.length,
    clusters: sharded.clusters.filter((c) => c.config.awsAuthConfig?.roleARN).length,
    ...(options.stsRequestsPerSecond === undefined ? {} : { quotaPerSecond: options.stsRequestsPerSecond }),
  });
  warnings.push(...scaleWarnings(sts, sharded.loads, hubRoleArn, hub.region));

  return {
    apiVersion: PLAN_API_VERSION,
    kind: 'AccessPlan',
    identity,
    hub: {
      name: hub.name,
      account: hub.account,
      region: hub.region,
      partition,
      clusterName: hub.clusterName,
      ...(hub.oidcIssuer && identity === 'irsa' ? { oidcIssuer: hub.oidcIssuer.replace(/\/+$/, '') } : {}),
    },
    argocd: {
      namespace: argocd.namespace,
      releaseName: argocd.releaseName,
      chartVersion: argocd.chartVersion,
      version: argocd.version,
      clusterCredentialsForm: clusterCredentialsForm(argocd.chartVersion),
      workloads: capability
        ? []
        : argoWorkloads(
            argocd,
            components.map((c) => c.component),
          ),
      controller: {
        replicas: argocd.controller.replicas,
        shardingAlgorithm: argocd.controller.shardingAlgorithm,
        dynamicClusterDistribution: argocd.dynamicClusterDistribution,
        ...(argocd.controller.maxIdleConnections === undefined
          ? {}
          : { maxIdleConnections: argocd.controller.maxIdleConnections }),
        watchBudget: argocd.controller.watchBudget,
      },
      shards: sharded.loads,
      sts,
    },
    roles: [
      hubRole,
      ...(associationRole ? [associationRole] : []),
      ...deployerRoles.sort((a, b) => byString(a.id, b.id)),
    ],
    oidcProviders: trust.oidcProviders,
    podIdentityAssociations: podIdentityAssociationsOf(ctx),
    accessEntries,
    serviceAccounts: serviceAccountsOf(ctx),
    clusters: sharded.clusters,
    intended: intendedPathsOf(ctx),
    ...(projects.length > 0 ? { projects } : {}),
    ...(capabilityPlan ? { capability: capabilityPlan } : {}),
    ...(fleet.organization
      ? {
          organization: {
            id: fleet.organization.id,
            organizationalUnits: [...fleet.organization.organizationalUnits],
            regions: [...fleet.organization.regions],
            delegatedAdmin: fleet.organization.delegatedAdmin,
          },
        }
      : {}),
    tags,
    warnings,
  };
}

function contextOf(fleet: Fleet, options: PlanOptions): PlanContext {
  const { hub } = fleet;
  const capability = fleet.identity === 'eks-capability';
  const hubRoleRef = capability ? (hub.capabilityRole ?? hub.managementRole) : hub.managementRole;
  const podIdentity = fleet.identity === 'pod-identity';
  const target = podIdentity ? hub.podIdentity?.managementAccount : undefined;
  const associationRef = hub.podIdentity?.associationRole ?? DEFAULTS.podIdentity.associationRole;
  return {
    fleet,
    partition: hub.partition,
    tags: { ...fleet.tags, 'managed-by': fleet.tags['managed-by'] ?? 'fleetlink' },
    components: componentServiceAccounts(fleet),
    spokes: [...fleet.spokes].sort((a, b) => byString(a.name, b.name)),
    capability,
    hubRoleRef,
    hubRoleArn: roleArn(hub.partition, target ?? hub.account, hubRoleRef.path, hubRoleRef.name),
    ...(target === undefined
      ? {}
      : {
          association: {
            ref: associationRef,
            arn: roleArn(hub.partition, hub.account, associationRef.path, associationRef.name),
          },
        }),
    sessionTags: podIdentity && !hub.podIdentity?.disableSessionTags,
    limits: options.limits ?? DEFAULT_IAM_LIMITS,
  };
}

/** The Kubernetes group on the capability role's access entries (bound by the generated RBAC). */
function capabilityGroupOf(fleet: Fleet): string {
  return fleet.argocd.capability?.kubernetesGroup ?? DEFAULTS.capability.kubernetesGroup;
}

function deployerArnOf(ctx: PlanContext, s: SpokeSettings): string {
  return roleArn(ctx.partition, s.account, s.deployerRole.path, s.deployerRole.name);
}

/** The hub-side role's trust policy (IRSA, Pod Identity or capability) and the OIDC provider it names. */
function hubTrustOf(ctx: PlanContext): {
  policy: RolePlan['trustPolicy'];
  oidcProviders: OidcProviderPlan[];
} {
  const { hub, argocd, identity } = ctx.fleet;
  const saNames = ctx.components.map((c) => c.name);
  const oidcProviders: OidcProviderPlan[] = [];
  let policy: RolePlan['trustPolicy'];
  if (identity === 'irsa') {
    const issuerUrl = (hub.oidcIssuer as string).replace(/\/+$/, '');
    const provider: OidcProviderPlan = {
      account: hub.account,
      arn: oidcProviderArn(ctx.partition, hub.account, issuerUrl),
      issuerUrl,
      issuerHost: issuerHost(issuerUrl),
      clientIds: [IRSA_AUDIENCE],
      create: hub.oidcProvider === 'create',
    };
    oidcProviders.push(provider);
    policy = irsaTrust(provider.arn, provider.issuerHost, argocd.namespace, saNames);
  } else if (identity === 'pod-identity') {
    policy = podIdentityTrust(ctx.partition, hub, argocd.namespace, saNames, ctx.sessionTags);
  } else {
    policy = capabilityTrust();
  }
  const trustSize = policySize(policy);
  if (trustSize > ctx.limits.trustPolicy)
    throw new UserError(
      `the ${ctx.capability ? 'capability' : 'management'} role's trust policy would be ${trustSize} characters; IAM allows ${ctx.limits.trustPolicy} (white space not counted). Configure fewer service accounts or raise the quota L-C07B4B0D.`,
    );
  return { policy, oidcProviders };
}

/** Deployer roles: one per distinct ARN (spokes may share one); none for the capability. */
function deployerRolesOf(ctx: PlanContext): RolePlan[] {
  if (ctx.capability) return [];
  const byArn = new Map<string, SpokeSettings[]>();
  for (const s of ctx.spokes) {
    const arn = deployerArnOf(ctx, s);
    const list = byArn.get(arn) ?? [];
    list.push(s);
    byArn.set(arn, list);
  }
  return [...byArn].map(([arn, users]) => {
    const first = users[0] as SpokeSettings;
    return {
      id: `deployer/${first.name}`,
      kind: 'deployer',
      account: first.account,
      partition: ctx.partition,
      name: first.deployerRole.name,
      path: first.deployerRole.path,
      arn,
      description:
        `Argo CD deployer for ${users.map((u) => u.name).join(', ')}; assumed by ${ctx.hubRoleArn}`.slice(
          0,
          1000,
        ),
      trustPolicy: deployerTrust(ctx.hubRoleArn, ctx.fleet.identity === 'pod-identity'),
      // "This role should not have any permission policies" (Argo CD docs): EKS access entries
      // authorize it inside the cluster; it needs no AWS API permission.
      inlinePolicies: [],
      managedPolicies: [],
      attachedPolicyArns: [],
      maxSessionDuration: MAX_SESSION_SECONDS,
      tags: ctx.tags,
      serves: users.map((u) => u.name),
    };
  });
}

/** The hub-side role with its permissions, packed inside IAM's limits (warnings when packing spills). */
function hubRoleOf(
  ctx: PlanContext,
  trustPolicy: RolePlan['trustPolicy'],
  deployerRoles: readonly RolePlan[],
  warnings: Finding[],
): RolePlan {
  const { fleet, hubRoleRef, hubRoleArn, partition, tags } = ctx;
  const { hub, identity } = fleet;
  if (ctx.capability)
    // Cross-account access of the capability is by access entry alone: "No additional IAM role
    // creation or trust policy configuration is required" (EKS User Guide, argocd-register-clusters).
    return {
      id: 'capability',
      kind: 'capability',
      account: hub.account,
      partition,
      name: hubRoleRef.name,
      path: hubRoleRef.path,
      arn: hubRoleArn,
      description: `EKS Argo CD capability role of ${hub.clusterName}; holds the access entries on every spoke`,
      trustPolicy,
      inlinePolicies: [],
      managedPolicies: [],
      attachedPolicyArns: [],
      maxSessionDuration: MAX_SESSION_SECONDS,
      tags,
      serves: [...(hub.registerSelf ? [hub.name] : []), ...ctx.spokes.map((s) => s.name)].sort(byString),
    };
  const packed = packAssumePermissions({
    partition,
    // The management role's own account (the management account for a Pod Identity target role).
    account: ctx.association ? (hub.podIdentity?.managementAccount as string) : hub.account,
    roleName: hubRoleRef.name,
    rolePath: hubRoleRef.path,
    actions: identity === 'pod-identity' ? ['sts:AssumeRole', 'sts:TagSession'] : ['sts:AssumeRole'],
    deployerArns: deployerRoles.map((r) => r.arn),
    limits: ctx.limits,
    ...(fleet.organization ? { organizationId: fleet.organization.id } : {}),
  });
  if (packed.strategy === 'managed')
    warnings.push(
      report('PLAN-PACK-MANAGED', {
        subject: hubRoleArn,
        message: `${deployerRoles.length} deployer ARNs do not fit one inline policy; they are spread over the inline policy and ${packed.managedPolicies.length} customer-managed policies.`,
        evidence: [
          {
            source: 'plan',
            path: 'roles[management].managedPolicies',
            value: packed.managedPolicies.map((p) => p.name),
          },
        ],
      }),
    );
  if (packed.strategy === 'organization-pattern')
    warnings.push(
      report('PLAN-PACK-ORG-PATTERN', {
        subject: hubRoleArn,
        message: `${deployerRoles.length} deployer ARNs do not fit IAM's policy limits; the management role may assume roles matching ${packed.patterns.join(', ')} in any account of Organization ${fleet.organization?.id}.`,
        evidence: [{ source: 'plan', path: 'roles[management].inlinePolicies', value: packed.patterns }],
      }),
    );
  return {
    id: 'management',
    kind: 'management',
    account: ctx.association ? (hub.podIdentity?.managementAccount as string) : hub.account,
    partition,
    name: hubRoleRef.name,
    path: hubRoleRef.path,
    arn: hubRoleArn,
    description: ctx.association
      ? `Argo CD management role of ${hub.clusterName} (${identity}, target role of ${ctx.association.arn}); assumes the spoke deployer roles`
      : `Argo CD management role of ${hub.clusterName} (${identity}); assumes the spoke deployer roles`,
    trustPolicy,
    inlinePolicies: packed.inlinePolicies,
    managedPolicies: packed.managedPolicies,
    attachedPolicyArns: [],
    maxSessionDuration: MAX_SESSION_SECONDS,
    tags,
    permissionsStrategy: packed.strategy,
  };
}

/**
 * Cross-account Pod Identity (EKS User Guide, pod-id-assign-target-role): the association's role
 * must be in the cluster's account, so the pods' first role is a hub-account association role
 * trusted by `pods.eks.amazonaws.com`; EKS then assumes the management role (`targetRoleArn`) with
 * its credentials. That role may assume exactly the management role and nothing else; the pods
 * only ever hold the management role's credentials.
 */
function associationRoleOf(ctx: PlanContext, trustPolicy: RolePlan['trustPolicy']): RolePlan | undefined {
  const { association, fleet, partition, tags } = ctx;
  if (!association) return undefined;
  const { hub } = fleet;
  return {
    id: 'association',
    kind: 'association',
    account: hub.account,
    partition,
    name: association.ref.name,
    path: association.ref.path,
    arn: association.arn,
    description: `Argo CD Pod Identity association role of ${hub.clusterName}; EKS chains from it into ${ctx.hubRoleArn}`,
    trustPolicy,
    inlinePolicies: [
      {
        name: 'fleetlink-assume-target-role',
        document: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'AssumeManagementRole',
              Effect: 'Allow',
              Action: ctx.sessionTags ? ['sts:AssumeRole', 'sts:TagSession'] : 'sts:AssumeRole',
              Resource: ctx.hubRoleArn,
            },
          ],
        },
      },
    ],
    managedPolicies: [],
    attachedPolicyArns: [],
    maxSessionDuration: MAX_SESSION_SECONDS,
    tags,
  };
}

/**
 * The management role's trust when it is the associations' target role: exactly the association
 * role. With session tags on they are transitive, so the chained call needs `sts:TagSession`
 * (FM-1.14). No `sts:ExternalId` condition when tags are off: the value EKS sends
 * (`<region>/<account>/<cluster>/<namespace>/<sa>`, pod-id-assign-target-role) is no secret, so it
 * would not narrow who holds the association role's session, only break sessions EKS did not make.
 */
function targetTrust(ctx: PlanContext): RolePlan['trustPolicy'] {
  const assoc = ctx.association as { arn: string };
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'PodIdentityAssociationRole',
        Effect: 'Allow',
        Principal: { AWS: assoc.arn },
        Action: ctx.sessionTags ? ['sts:AssumeRole', 'sts:TagSession'] : 'sts:AssumeRole',
      },
    ],
  };
}

/** One access entry per spoke: the deployer role's (the capability role's in capability mode). */
function accessEntriesOf(ctx: PlanContext): AccessEntryPlan[] {
  const { fleet, partition, capability } = ctx;
  const capabilityGroup = capabilityGroupOf(fleet);
  return ctx.spokes.map((s) => ({
    cluster: s.name,
    account: s.account,
    region: s.region,
    partition,
    clusterName: s.clusterName,
    principalArn: capability ? ctx.hubRoleArn : deployerArnOf(ctx, s),
    type: 'STANDARD',
    // The capability's RBAC binds a group, so the entries Fleetlink creates carry it (src/plan/capability.ts).
    kubernetesGroups: [...new Set([...s.access.groups, ...(capability ? [capabilityGroup] : [])])].sort(
      byString,
    ),
    accessPolicies: [
      ...(s.access.policy === null
        ? []
        : [
            {
              policyArn: accessPolicyArn(partition, s.access.policy),
              accessScope: scopeOf(s.access.namespaces),
            },
          ]),
      ...(s.access.extraPolicies ?? []).map((p) => ({
        policyArn: namedPolicyArn(partition, p.policy),
        accessScope: scopeOf(p.namespaces),
      })),
    ],
  }));
}

/** The hub's Argo CD service accounts (IRSA: annotated with the management role). */
function serviceAccountsOf(ctx: PlanContext): ServiceAccountPlan[] {
  if (ctx.capability) return [];
  const { argocd, identity } = ctx.fleet;
  return ctx.components.map((c) => ({
    component: c.component,
    namespace: argocd.namespace,
    name: c.name,
    annotations: (identity === 'irsa' ? { 'eks.amazonaws.com/role-arn': ctx.hubRoleArn } : {}) as Record<
      string,
      string
    >,
    valuesKey: c.valuesKey,
  }));
}

/** Pod Identity: one association per Argo CD service account, to the management role (directly or as target). */
function podIdentityAssociationsOf(ctx: PlanContext): PodIdentityAssociationPlan[] {
  const { hub, argocd, identity } = ctx.fleet;
  if (identity !== 'pod-identity') return [];
  return ctx.components.map((c) => ({
    account: hub.account,
    region: hub.region,
    clusterName: hub.clusterName,
    namespace: argocd.namespace,
    serviceAccount: c.name,
    roleArn: ctx.association?.arn ?? ctx.hubRoleArn,
    ...(ctx.association ? { targetRoleArn: ctx.hubRoleArn } : {}),
    ...(hub.podIdentity?.disableSessionTags ? { disableSessionTags: true } : {}),
  }));
}

/** The intended chains: every configured service account × every spoke, and nothing else. */
function intendedPathsOf(ctx: PlanContext): IntendedPath[] {
  const { argocd } = ctx.fleet;
  return ctx.components.flatMap((c) =>
    ctx.spokes.map((s) => ({
      serviceAccount: { namespace: argocd.namespace, name: c.name },
      component: c.component,
      cluster: s.name,
      roles: ctx.capability ? [ctx.hubRoleArn] : [ctx.hubRoleArn, deployerArnOf(ctx, s)],
    })),
  );
}

function registration(
  s: SpokeSettings,
  deployerArn: string | undefined,
  replicas: number,
): ClusterRegistrationPlan {
  const capability = deployerArn === undefined;
  const caData = s.ca.kind === 'inline' ? s.ca.data : undefined;
  // The capability identifies clusters by ARN; "the default kubernetes.default.svc is not supported"
  // (EKS User Guide, argocd-register-clusters). Argo CD trims a trailing slash from server URLs.
  const server = capability
    ? clusterArn(s.partition, s.region, s.account, s.clusterName)
    : (s.endpoint as string).replace(/\/+$/, '');
  const shard = clusterShard(server, s.shard, replicas);
  return {
    name: s.name,
    server,
    config: {
      // awsAuthConfig → `argocd-k8s-auth aws --cluster-name … --role-arn …` (types.go RawRestConfig).
      // Not for the capability: it authenticates as its own role (FM-7.8).
      ...(capability ? {} : { awsAuthConfig: { clusterName: s.clusterName, roleARN: deployerArn } }),
      // caData is EKS's certificateAuthority.data as is: already base64 of the PEM (FM-6.4).
      tlsClientConfig: { insecure: false, ...(caData !== undefined && !capability ? { caData } : {}) },
    },
    ...(s.ca.kind === 'inline' || capability ? {} : { caSource: s.ca }),
    labels: { ...s.labels },
    annotations: {
      ...s.annotations,
      [ANNOTATION_ACCOUNT]: s.account,
      [ANNOTATION_REGION]: s.region,
      [ANNOTATION_CLUSTER_NAME]: s.clusterName,
      ...(s.parked ? { [ANNOTATION_SKIP_RECONCILE]: 'true' } : {}),
    },
    ...(s.project !== undefined ? { project: s.project } : {}),
    namespaces: [...s.namespaces],
    clusterResources: s.clusterResources,
    ...(shard !== undefined ? { shard } : {}),
    weight: s.weight,
    ...(s.applications === undefined ? {} : { applications: s.applications }),
    secretName: clusterSecretName(s.name),
    account: s.account,
    region: s.region,
    clusterName: s.clusterName,
  };
}

/** The hub registering itself: Argo CD's in-cluster credentials (its own SA token), no AWS role. */
function selfRegistration(fleet: Fleet): ClusterRegistrationPlan {
  const { hub } = fleet;
  const capability = fleet.identity === 'eks-capability';
  const server = capability
    ? clusterArn(hub.partition, hub.region, hub.account, hub.clusterName)
    : IN_CLUSTER_SERVER;
  const shard = clusterShard(server, undefined, fleet.argocd.controller.replicas);
  return {
    name: hub.name,
    server,
    ...(shard !== undefined ? { shard } : {}),
    config: { tlsClientConfig: { insecure: false } },
    labels: {},
    annotations: {
      [ANNOTATION_ACCOUNT]: hub.account,
      [ANNOTATION_REGION]: hub.region,
      [ANNOTATION_CLUSTER_NAME]: hub.clusterName,
    },
    namespaces: [],
    clusterResources: false,
    secretName: clusterSecretName(hub.name),
    account: hub.account,
    region: hub.region,
    clusterName: hub.clusterName,
  };
}

/**
 * With more than one replica every cluster gets an explicit shard (src/plan/shards.ts says why):
 * its pin, else its placement shard; with one, none is written (Argo CD's
 * NoShardingDistributionFunction puts everything on shard 0) except a pin.
 */
function clusterShard(server: string, pinned: number | undefined, replicas: number): number | undefined {
  if (pinned !== undefined) return pinned;
  return replicas > 1 ? placementShard(server, replicas) : undefined;
}

/**
 * One AppProject per `project` the spokes name, permitting exactly what the access entry allows:
 * the policy's namespaces when it is namespace-scoped, else the Secret's `namespaces`, else every
 * namespace ("*"). So the Argo CD project and the EKS access policy say the same thing. Only
 * project-scoped clusters count (`permitOnlyProjectScopedClusters: true`, argo-cd#10220).
 */
function planProjects(
  spokes: readonly SpokeSettings[],
  clusters: readonly ClusterRegistrationPlan[],
  sourceNamespaces: readonly string[] | undefined,
): AppProjectPlan[] {
  const serverOf = new Map(clusters.map((c) => [c.name, c.server]));
  const byProject = new Map<string, AppProjectDestination[]>();
  for (const s of spokes) {
    if (s.project === undefined) continue;
    const server = serverOf.get(s.name) as string;
    const scoped = s.access.policy !== null && s.access.namespaces.length > 0;
    const namespaces = scoped
      ? [...new Set(s.access.namespaces)].sort(byString)
      : s.namespaces.length > 0
        ? [...s.namespaces].sort(byString)
        : ['*'];
    const list = byProject.get(s.project) ?? [];
    for (const namespace of namespaces) list.push({ server, namespace });
    byProject.set(s.project, list);
  }
  return [...byProject.entries()]
    .sort(([a], [b]) => byString(a, b))
    .map(([name, destinations]) => ({
      name,
      destinations: destinations.sort(
        (a, b) => byString(a.server, b.server) || byString(a.namespace, b.namespace),
      ),
      permitOnlyProjectScopedClusters: true,
      ...(sourceNamespaces ? { sourceNamespaces: [...sourceNamespaces] } : {}),
    }));
}

function scopeOf(namespaces: readonly string[]): AccessPolicyAssociation['accessScope'] {
  return namespaces.length === 0
    ? { type: 'cluster' }
    : { type: 'namespace', namespaces: [...new Set(namespaces)].sort(byString) };
}

/** Clusters, weight and watch scopes per shard. */
function loadsOf(clusters: readonly ClusterRegistrationPlan[], replicas: number): ShardLoad[] {
  return shardLoads(
    clusters.map((c) => ({
      name: c.name,
      shard: c.shard ?? 0,
      weight: c.weight ?? 1,
      watches: watchScopes(c.namespaces),
    })),
    replicas,
  );
}
