/**
 * The AccessPlan: plain data for every thing that must exist for the chain to work.
 * It is the one model in the middle (DESIGN.md): renderers (CDK, Argo CD, diagram) read it,
 * prove evaluates it, and doctor builds one from live state to compare. Keep it JSON-serializable:
 * `fleetlink plan --format json` prints it and `fleetlink prove --plan` reads it back.
 */
import type { Finding } from '../findings.js';
import type { IdentityMode, Partition, ShardingAlgorithm } from '../fleet/types.js';
import type { PolicyDocument } from '../iam/document.js';
import type { ShardLoad } from './shards.js';
import type { StsEstimate } from './sts-rate.js';

export const PLAN_API_VERSION = 'fleetlink.dev/v1alpha1';

/** IAM policy documents are src/iam's model; the plan carries them as JSON. */
export type { PolicyDocument, PolicyStatement } from '../iam/document.js';

/** `association`: the hub-account role a cross-account Pod Identity association names (its target is the management role). */
export type RoleKind = 'management' | 'deployer' | 'capability' | 'association';

export interface NamedPolicy {
  readonly name: string;
  readonly document: PolicyDocument;
}

/** A pre-existing managed policy attached to a role, with the document that was read. */
export interface AttachedPolicy {
  readonly arn: string;
  readonly document: PolicyDocument;
}

export interface RolePlan {
  /** Stable key inside the plan: `management`, `capability`, or `deployer/<argocd cluster name>`. */
  readonly id: string;
  readonly kind: RoleKind;
  readonly account: string;
  readonly partition: Partition;
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  readonly description: string;
  readonly trustPolicy: PolicyDocument;
  readonly inlinePolicies: readonly NamedPolicy[];
  /** Customer-managed policies created with the role and attached to it (used when inline space runs out). */
  readonly managedPolicies: readonly NamedPolicy[];
  /** ARNs of pre-existing managed policies attached to the role (observed plans may have these). */
  readonly attachedPolicyArns: readonly string[];
  /**
   * Documents of the `attachedPolicyArns` that were read (observed plans: doctor's collector calls
   * iam:GetPolicyVersion for each). prove evaluates these; an ARN without a document here is one it
   * cannot evaluate (LINT-UNEVALUATED-POLICY).
   */
  readonly attachedPolicies?: readonly AttachedPolicy[];
  readonly permissionsBoundaryArn?: string;
  /**
   * The permissions boundary's document when it is known (observed plans). IAM intersects it with
   * the identity policies: an action the boundary does not allow, or denies, is denied.
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
   */
  readonly permissionsBoundaryPolicy?: PolicyDocument;
  /** Seconds; role chaining caps sessions at 3600 anyway. */
  readonly maxSessionDuration: number;
  readonly tags: Readonly<Record<string, string>>;
  /** Deployer/capability roles: the Argo CD cluster names whose registrations use this role (sorted). */
  readonly serves?: readonly string[];
  /**
   * Management role: how its `sts:AssumeRole` permissions were packed (src/plan/pack.ts):
   * `inline`, `managed` (inline + customer-managed policies) or `organization-pattern`.
   */
  readonly permissionsStrategy?: 'inline' | 'managed' | 'organization-pattern';
}

export interface OidcProviderPlan {
  readonly account: string;
  readonly arn: string;
  /** Issuer URL with scheme: `https://oidc.eks.<region>.amazonaws.com/id/<ID>`. */
  readonly issuerUrl: string;
  /** Issuer without scheme, the prefix of the `:sub` / `:aud` condition keys. */
  readonly issuerHost: string;
  readonly clientIds: readonly string[];
  /** `true` when Fleetlink creates it; `false` when it is imported by ARN. */
  readonly create: boolean;
}

export interface PodIdentityAssociationPlan {
  readonly account: string;
  readonly region: string;
  readonly clusterName: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly roleArn: string;
  /**
   * `disableSessionTags` (CreatePodIdentityAssociation): EKS then adds none of its six session tags,
   * so no hop of the chain needs `sts:TagSession` (EKS User Guide, pod-id-abac). Absent = false.
   */
  readonly disableSessionTags?: boolean;
  /**
   * `targetRoleArn`: EKS itself assumes this role with the association role's credentials and hands
   * the pod the target role's credentials (EKS User Guide, pod-id-assign-target-role). With session
   * tags disabled EKS sets `sts:ExternalId` to `<region>/<account>/<cluster>/<namespace>/<sa>`.
   */
  readonly targetRoleArn?: string;
}

export interface AccessScope {
  readonly type: 'cluster' | 'namespace';
  readonly namespaces?: readonly string[];
}

export interface AccessPolicyAssociation {
  /** `arn:<partition>:eks::aws:cluster-access-policy/AmazonEKS…Policy` */
  readonly policyArn: string;
  readonly accessScope: AccessScope;
}

export interface AccessEntryPlan {
  /** Argo CD cluster name of the spoke this entry serves. */
  readonly cluster: string;
  readonly account: string;
  readonly region: string;
  readonly partition: Partition;
  /** The real EKS cluster name. */
  readonly clusterName: string;
  readonly principalArn: string;
  readonly type: 'STANDARD';
  readonly kubernetesGroups: readonly string[];
  readonly accessPolicies: readonly AccessPolicyAssociation[];
}

/** Argo CD `ClusterConfig` JSON (pkg/apis/application/v1alpha1/types.go) — exact field names. */
export interface ArgoClusterConfig {
  readonly awsAuthConfig?: {
    readonly clusterName: string;
    readonly roleARN?: string;
    readonly profile?: string;
  };
  readonly tlsClientConfig: {
    readonly insecure: boolean;
    readonly caData?: string;
    readonly serverName?: string;
  };
}

export interface ClusterRegistrationPlan {
  /** Argo CD cluster name (Secret `name`). */
  readonly name: string;
  /** API server URL, or the cluster ARN in eks-capability mode. */
  readonly server: string;
  readonly config: ArgoClusterConfig;
  /** Where `caData` comes from when it is not inline (`ssm:<name>` or `discover`); absent when inline. */
  readonly caSource?: { readonly kind: 'ssm'; readonly parameter: string } | { readonly kind: 'discover' };
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly project?: string;
  readonly namespaces: readonly string[];
  readonly clusterResources: boolean;
  /**
   * Controller shard (rendered as the Secret's `shard` string). Planned for every cluster when the
   * controller has more than one replica; absent otherwise (Argo CD's algorithm decides).
   */
  readonly shard?: number;
  /** Relative load for shard balancing (fleet `weight`, default 1). */
  readonly weight?: number;
  /** Expected Applications targeting the cluster (fleet `applications`). */
  readonly applications?: number;
  /** Name of the declarative cluster Secret (`argocd-cluster-<name>`, as the chart names it). */
  readonly secretName: string;
  /** Spoke facts kept for renderers and doctor. */
  readonly account: string;
  readonly region: string;
  readonly clusterName: string;
}

export type ArgoComponent = 'application-controller' | 'applicationset-controller' | 'server';

export interface ServiceAccountPlan {
  readonly component: ArgoComponent;
  readonly namespace: string;
  readonly name: string;
  /** IRSA: `eks.amazonaws.com/role-arn`; empty for other modes. */
  readonly annotations: Readonly<Record<string, string>>;
  /** The Helm values key of the component: `controller`, `applicationSet`, `server`. */
  readonly valuesKey: 'controller' | 'applicationSet' | 'server';
}

/** A workload that must be restarted to pick up new identity. */
export interface WorkloadPlan {
  readonly component: ArgoComponent;
  readonly kind: 'StatefulSet' | 'Deployment';
  readonly name: string;
}

/**
 * An intended chain: this service account must reach this cluster through these roles, with this access.
 * prove checks that exactly these paths exist and nothing else does.
 */
export interface IntendedPath {
  readonly serviceAccount: { readonly namespace: string; readonly name: string };
  readonly component: ArgoComponent;
  readonly cluster: string;
  /** Role ARNs in hop order: `[management, deployer]`, or `[capability]`. */
  readonly roles: readonly string[];
}

/** An AppProject destination (argo-cd pkg/apis/application/v1alpha1 ApplicationDestination; globs allowed). */
export interface AppProjectDestination {
  readonly server: string;
  readonly namespace: string;
}

/**
 * An Argo CD AppProject as far as cluster access goes: the destinations it permits and whether only
 * project-scoped clusters count (`spec.permitOnlyProjectScopedClusters`).
 */
export interface AppProjectPlan {
  readonly name: string;
  readonly destinations: readonly AppProjectDestination[];
  readonly permitOnlyProjectScopedClusters: boolean;
  /**
   * `spec.sourceNamespaces`: namespaces whose Applications may use the project. The EKS capability
   * requires it to name the capability's namespace (awsdocs/amazon-eks-user-guide#1190, PR #1191).
   */
  readonly sourceNamespaces?: readonly string[];
}

/** A Kubernetes RBAC PolicyRule (rbac.authorization.k8s.io/v1). */
export interface RbacRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  readonly resourceNames?: readonly string[];
}

export interface RbacClusterRole {
  readonly name: string;
  readonly rules: readonly RbacRule[];
}

/** A (Cluster)RoleBinding of a ClusterRole to one Kubernetes group. */
export interface RbacBinding {
  readonly kind: 'ClusterRoleBinding' | 'RoleBinding';
  readonly name: string;
  /** RoleBinding only. */
  readonly namespace?: string;
  readonly clusterRole: string;
  readonly group: string;
}

/**
 * The Kubernetes RBAC a cluster needs so the EKS capability's least-privilege access works: applied by
 * the cluster's owner (Argo CD cannot apply the object that authorises Argo CD).
 */
export interface CapabilityRbacPlan {
  /** Argo CD cluster name. */
  readonly cluster: string;
  readonly account: string;
  readonly region: string;
  readonly clusterName: string;
  /** The capability role, the principal of the access entry the bindings' group must be on. */
  readonly principalArn: string;
  /**
   * `fleetlink`: the entry in `accessEntries` (its kubernetesGroups count); `auto-created`: the
   * entry EKS creates on the hub with the capability, which carries no groups until someone adds them.
   */
  readonly entry: 'fleetlink' | 'auto-created';
  /** auto-created entries: the groups added with UpdateAccessEntry. */
  readonly addGroups?: readonly string[];
  readonly clusterRoles: readonly RbacClusterRole[];
  readonly bindings: readonly RbacBinding[];
  /** The third-party CRDs Applications install and update on the cluster (the fleet's intent). */
  readonly customResourceDefinitions: readonly string[];
  /** Access-scope namespaces no RoleBinding can mirror (`prefix-*` patterns). */
  readonly unmirrored?: readonly string[];
}

/** The managed Argo CD of EKS Capabilities (eks-capability plans only). */
export interface CapabilityPlan {
  readonly kubernetesGroup: string;
  /** `argocd-cm` data the fleet sets (rendered as argocd/argocd-cm.yaml). */
  readonly cm: Readonly<Record<string, string>>;
  readonly rbac: readonly CapabilityRbacPlan[];
}

export interface ControllerPlan {
  readonly replicas: number;
  readonly shardingAlgorithm: ShardingAlgorithm;
  readonly dynamicClusterDistribution: boolean;
  readonly maxIdleConnections?: number;
  readonly watchBudget: number;
}

export interface AccessPlan {
  readonly apiVersion: typeof PLAN_API_VERSION;
  readonly kind: 'AccessPlan';
  readonly identity: IdentityMode;
  readonly hub: {
    readonly name: string;
    readonly account: string;
    readonly region: string;
    readonly partition: Partition;
    readonly clusterName: string;
    readonly oidcIssuer?: string;
  };
  readonly argocd: {
    readonly namespace: string;
    readonly releaseName: string;
    readonly chartVersion: string;
    readonly version: string;
    /** `map` for argo-cd chart ≥ 7.0.0, `list` before. */
    readonly clusterCredentialsForm: 'map' | 'list';
    readonly workloads: readonly WorkloadPlan[];
    /** The application controller's sharding (absent in plans from older versions: one replica). */
    readonly controller?: ControllerPlan;
    /** Clusters, weight and watch scopes per shard. */
    readonly shards?: readonly ShardLoad[];
    /** Estimated STS load of the hub (src/plan/sts-rate.ts). */
    readonly sts?: StsEstimate;
  };
  readonly roles: readonly RolePlan[];
  readonly oidcProviders: readonly OidcProviderPlan[];
  readonly podIdentityAssociations: readonly PodIdentityAssociationPlan[];
  readonly accessEntries: readonly AccessEntryPlan[];
  readonly serviceAccounts: readonly ServiceAccountPlan[];
  readonly clusters: readonly ClusterRegistrationPlan[];
  readonly intended: readonly IntendedPath[];
  /** AppProjects of the spokes' `project`s (generated), or observed; absent = none known. */
  readonly projects?: readonly AppProjectPlan[];
  /** eks-capability: the capability's group, argocd-cm and generated RBAC (src/plan/capability.ts). */
  readonly capability?: CapabilityPlan;
  readonly organization?: {
    readonly id: string;
    readonly organizationalUnits: readonly string[];
    readonly regions: readonly string[];
    readonly delegatedAdmin: boolean;
  };
  /** Tags every created resource carries. */
  readonly tags: Readonly<Record<string, string>>;
  /** Warnings found while planning (risky-but-working choices). */
  readonly warnings: readonly Finding[];
}
