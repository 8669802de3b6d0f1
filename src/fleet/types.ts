/**
 * The Fleet: the user's intent after loading, validation and defaults (one place: src/fleet/defaults.ts).
 * Everything downstream (plan, synth, prove) reads only this normalized shape, never raw YAML.
 * The zod schema in src/fleet/schema.ts must produce exactly this type.
 */
export type IdentityMode = 'irsa' | 'pod-identity' | 'eks-capability';
export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov';

/** EKS access policies a spoke can grant (short names map to `AmazonEKS…Policy`). */
export type AccessPolicyName = 'cluster-admin' | 'admin' | 'edit' | 'view';

export interface RoleRef {
  readonly name: string;
  /** IAM path, `/` or `/…/`. */
  readonly path: string;
}

/** The Argo CD components that call AWS, keyed by chart component. */
export interface ArgoCdServiceAccounts {
  readonly applicationController: string;
  readonly applicationSetController: string;
  readonly server: string;
}

export interface ArgoCdSettings {
  readonly namespace: string;
  readonly releaseName: string;
  /** argo-cd Helm chart version, e.g. `10.1.1`; decides the clusterCredentials form (map since 7.0.0). */
  readonly chartVersion: string;
  /** Argo CD version, e.g. `v3.4.4`. */
  readonly version: string;
  /** Service-account names; `null` for a component that needs no AWS identity. */
  readonly serviceAccounts: ArgoCdServiceAccounts;
  /** Chart value `controller.dynamicClusterDistribution`: the controller is a Deployment when true. */
  readonly dynamicClusterDistribution: boolean;
  /** The application controller's shards (argo-helm `controller.replicas`, argocd-cmd-params-cm). */
  readonly controller: ControllerSettings;
  /** eks-capability: settings of the managed Argo CD (absent: the defaults). */
  readonly capability?: CapabilitySettings;
}

/**
 * The managed Argo CD of EKS Capabilities. Sources: EKS User Guide "Register target clusters"
 * (Access Entry RBAC requirements), "Configure Argo CD settings" (argocd-cm), and
 * aws-controllers-k8s/test-infra bootstrap/argocd-access.tf, argocd-rbac.tf (PR #1061).
 */
export interface CapabilitySettings {
  /**
   * The Kubernetes group Fleetlink puts on the access entries it creates for the capability role,
   * and the subject of the generated RBAC. The capability's auto-created entry has
   * `kubernetesGroups: []` and a session-templated username, so a group is the only stable subject.
   */
  readonly kubernetesGroup: string;
  /** `argocd-cm` data for the capability (it honours only a documented subset of keys). */
  readonly cm: Readonly<Record<string, string>>;
}

/** An extra EKS access-policy association, by the policy's AWS name (`AmazonEKS…Policy`). */
export interface ExtraAccessPolicy {
  readonly policy: string;
  /** Empty = cluster scope. */
  readonly namespaces: readonly string[];
}

/** Argo CD's names for its sharding algorithms (common/common.go, `controller.sharding.algorithm`). */
export type ShardingAlgorithm = 'legacy' | 'round-robin' | 'consistent-hashing';

export interface ControllerSettings {
  /** argo-helm `controller.replicas`: the number of shards. */
  readonly replicas: number;
  /** argocd-cmd-params-cm `controller.sharding.algorithm`, for clusters without an explicit `shard`. */
  readonly shardingAlgorithm: ShardingAlgorithm;
  /**
   * argocd-cmd-params-cm `controller.k8s.client.max.idle.connections` (Argo CD default 500); absent
   * = not rendered, Argo CD's default applies.
   */
  readonly maxIdleConnections?: number;
  /** Namespace list/watch scopes one shard may carry before plan and prove warn (default 500). */
  readonly watchBudget: number;
}

export interface HubSettings {
  /** Argo CD cluster name of the hub when it registers itself (`in-cluster` by default). */
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly partition: Partition;
  readonly clusterName: string;
  /** IRSA: the hub cluster's OIDC issuer URL (`https://oidc.eks.<region>.amazonaws.com/id/<ID>`). */
  readonly oidcIssuer?: string;
  /** IRSA: whether the IAM OIDC provider already exists (`existing`) or Fleetlink creates it (`create`). */
  readonly oidcProvider: 'existing' | 'create';
  readonly managementRole: RoleRef;
  /** eks-capability: the role the managed Argo CD capability runs as. */
  readonly capabilityRole?: RoleRef;
  readonly registerSelf: boolean;
  /** Optional: kubeconfig context for doctor's reads of the hub cluster. */
  readonly kubeContext?: string;
  /** Optional: AWS credentials for doctor (a profile name or a role to assume). */
  readonly credentials?: AccountCredentials;
  /** pod-identity: settings of the Pod Identity associations Fleetlink creates. */
  readonly podIdentity?: PodIdentitySettings;
}

export interface PodIdentitySettings {
  /** CreatePodIdentityAssociation `disableSessionTags`: EKS adds no session tags (none are transitive). */
  readonly disableSessionTags: boolean;
  /**
   * Cross-account: the account of the management role. The associations then name
   * `associationRole` (hub account) and the management role as `targetRoleArn`
   * (EKS User Guide, pod-id-assign-target-role).
   */
  readonly managementAccount?: string;
  /** Set (defaulted) exactly when `managementAccount` is. */
  readonly associationRole?: RoleRef;
}

export interface AccountCredentials {
  readonly profile?: string;
  readonly roleArn?: string;
}

export type CaSource =
  | { readonly kind: 'inline'; readonly data: string }
  | { readonly kind: 'ssm'; readonly parameter: string }
  | { readonly kind: 'discover' };

export interface SpokeAccess {
  /** `null` when only Kubernetes groups grant access (RBAC bound by the cluster owner). */
  readonly policy: AccessPolicyName | null;
  /** Empty = cluster scope; otherwise the namespaces the access policy is scoped to. */
  readonly namespaces: readonly string[];
  readonly groups: readonly string[];
  // The three lists below are absent when empty (older callers build SpokeAccess without them).
  /** Further access-policy associations of the same entry (e.g. AmazonEKSAdminViewPolicy). */
  readonly extraPolicies?: readonly ExtraAccessPolicy[];
  /**
   * eks-capability: cluster-scoped resources Argo CD manages on the spoke, as `resource.group`
   * (`storageclasses.storage.k8s.io`, `namespaces`); they get a ClusterRole bound to the group.
   */
  readonly clusterScoped?: readonly string[];
  /** eks-capability: third-party CRDs (`<plural>.<group>`) the spoke's Applications install and update. */
  readonly customResourceDefinitions?: readonly string[];
}

export interface SpokeSettings {
  /** Argo CD cluster name (the cluster Secret's `name`). */
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly partition: Partition;
  readonly clusterName: string;
  /** API server URL (https). Optional only for eks-capability, where `server` is the cluster ARN. */
  readonly endpoint?: string;
  readonly ca: CaSource;
  readonly deployerRole: RoleRef;
  readonly access: SpokeAccess;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly project?: string;
  readonly namespaces: readonly string[];
  readonly clusterResources: boolean;
  readonly credentials?: AccountCredentials;
  /** Relative load of the spoke for shard balancing (default 1). */
  readonly weight: number;
  /** A shard the spoke is pinned to instead of the planned one (must be < controller.replicas). */
  readonly shard?: number;
  /**
   * Staged onboarding: the cluster Secret carries `argocd.argoproj.io/skip-reconcile: "true"`, so
   * Argo CD (≥ 3.4.0, argo-cd#26442) reconciles none of its Applications until it is removed.
   */
  readonly parked?: boolean;
  /** Expected Argo CD Applications targeting this spoke (the capability allows 1,000 per instance). */
  readonly applications?: number;
  /** 1-based source line of this spoke in the fleet file, for messages; absent for generated fleets. */
  readonly sourceLine?: number;
}

export interface OrganizationSettings {
  /** `o-…` */
  readonly id: string;
  /** `ou-…` or `r-…` ids whose accounts get the deployer role through a StackSet. */
  readonly organizationalUnits: readonly string[];
  /** Regions the StackSet instances deploy to (default: the spokes' regions). */
  readonly regions: readonly string[];
  /** Deploy the StackSet as a delegated administrator rather than from the management account. */
  readonly delegatedAdmin: boolean;
}

export interface Fleet {
  readonly apiVersion: 'fleetlink.dev/v1alpha1';
  readonly kind: 'Fleet';
  readonly identity: IdentityMode;
  readonly argocd: ArgoCdSettings;
  readonly hub: HubSettings;
  readonly spokes: readonly SpokeSettings[];
  readonly organization?: OrganizationSettings;
  /** Tags put on every AWS resource Fleetlink creates (plus `managed-by: fleetlink`). */
  readonly tags: Readonly<Record<string, string>>;
}
