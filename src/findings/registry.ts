/**
 * The findings registry: every id Fleetlink reports — `FM-x.y` failure modes, `LINT-…`, `QUOTA-…`,
 * `PROVE-…`, `POLICY-…`, `PLAN-…`, `ARGOCD-…`, `DOCTOR-…`, `DRIFT-…` — declared once, with its
 * default severity, the link of the chain, a title, the generic fix and where the rule comes from.
 * Every producer (the fleet linter, prove, doctor's rules, the probe triage, drift) builds its
 * findings with `report(id, …)` from here, passing only what the instance adds; docs/findings.md
 * and docs/failure-modes.md are generated from it (`npm run docs`), one anchor per id.
 *
 * Declaring an id is a one-place change: add one object to the list of its family below (id order
 * inside a list), run `npm run docs`, and add a case that produces it to the mutation corpus
 * (test/prove/mutation-cases.ts), the snapshot corpus (test/doctor/corpus-cases.ts) or the fleet
 * lint corpus (test/fleet/lint-corpus.test.ts) — test/findings/registry.test.ts checks all three.
 */
import type { Evidence, Finding, Link, Severity } from '../findings.js';
import { FAILURE_MODES, type FailureMode } from './failure-modes.js';

export type { FailureMode } from './failure-modes.js';

export interface FindingDefinition {
  readonly id: string;
  readonly title: string;
  readonly link: Link;
  readonly severity: Severity;
  /** The generic fix; a finding may carry a more concrete one. */
  readonly fix: string;
  /** Where the rule comes from (documentation the user can read). */
  readonly helpUri?: string;
  /** Why it breaks: the mechanism, in one or two sentences. */
  readonly why?: string;
  /** The upstream source or issue the rule is verified against (repository path or issue). */
  readonly source?: string;
}
const ARGO_EKS_DOCS = 'https://argo-cd.readthedocs.io/en/stable/operator-manual/declarative-setup/#eks';
const ARGO_CLUSTERS = 'https://argo-cd.readthedocs.io/en/stable/operator-manual/declarative-setup/#clusters';
const ARGO_HA =
  'https://argo-cd.readthedocs.io/en/stable/operator-manual/high_availability/#argocd-application-controller';
const ARGO_HA_GUIDE = 'https://argo-cd.readthedocs.io/en/stable/operator-manual/high_availability/';
const ARGO_DYNAMIC = 'https://argo-cd.readthedocs.io/en/stable/operator-manual/dynamic-cluster-distribution/';
const IRSA_TROUBLESHOOT = 'https://repost.aws/knowledge-center/eks-troubleshoot-oidc-and-irsa';
const EKS_TROUBLESHOOT = 'https://docs.aws.amazon.com/eks/latest/userguide/troubleshooting.html';
const POD_ID = 'https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html';
const POD_ID_ROLE = 'https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html';
const POD_ID_ABAC = 'https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html';
const ACCESS_ENTRIES = 'https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html';
const CREATING_ACCESS_ENTRIES =
  'https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html';
const ACCESS_POLICIES = 'https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html';
const EKS_ENDPOINT = 'https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html';
const STS_REGIONS =
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_enable-regions.html';
const IAM_QUOTAS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html';
const EVAL_LOGIC =
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html';

/** Failure modes of the chain (catalog: src/findings/failure-modes.ts), as prove, doctor and the probe report them. */
const FAILURE_MODES_FOUND = [
  {
    id: 'FM-1.1',
    title: 'IRSA annotation added or changed after the pod started (the webhook only mutates at admission)',
    link: 'identity',
    severity: 'error',
    fix: 'Restart the Argo CD workloads so the pods get the current role.',
    helpUri: EKS_TROUBLESHOOT,
  },
  {
    id: 'FM-1.2',
    title: 'Management-role trust does not accept the service account (`:sub`)',
    link: 'identity',
    severity: 'error',
    fix: 'List the exact subject `system:serviceaccount:<namespace>:<service account>` of every Argo CD component in the management role trust policy (`StringEquals` on `<issuer>:sub`), or pin the chart service-account names (`controller.serviceAccount.name`, `server.serviceAccount.name`).',
    helpUri: IRSA_TROUBLESHOOT,
  },
  {
    id: 'FM-1.3',
    title: 'No IAM OIDC provider for the hub issuer in the role account',
    link: 'identity',
    severity: 'error',
    fix: 'Create the IAM OIDC provider for the hub cluster issuer in the management role account (`eksctl utils associate-iam-oidc-provider --cluster <hub> --approve`) and reference its ARN in the trust policy.',
    helpUri: IRSA_TROUBLESHOOT,
  },
  {
    id: 'FM-1.4',
    title: 'Token audience mismatch',
    link: 'identity',
    severity: 'error',
    fix: 'Use the audience `sts.amazonaws.com` (in every partition, aws-cn included) in both the OIDC provider ClientIDList and the trust condition `<issuer>:aud`.',
    helpUri: IRSA_TROUBLESHOOT,
  },
  {
    id: 'FM-1.5',
    title: 'Trust-policy typo that still looks right',
    link: 'identity',
    severity: 'error',
    fix: 'Write condition keys as `<issuer host>:sub` / `<issuer host>:aud` with the hub issuer host exactly (`oidc.eks.<region>.amazonaws.com/id/<ID>`), put subjects on `:sub` and the audience on `:aud`, and use the hub partition in the provider ARN.',
    helpUri: IRSA_TROUBLESHOOT,
  },
  {
    id: 'FM-1.6',
    title: 'Malformed role ARN in the service-account annotation',
    link: 'identity',
    severity: 'error',
    fix: 'Set `eks.amazonaws.com/role-arn` to the management role ARN (`arn:<partition>:iam::<account>:role/<path><name>`) and restart the pods.',
    helpUri: IRSA_TROUBLESHOOT,
  },
  {
    id: 'FM-1.8',
    title: 'Another link of the SDK credential chain wins (static keys, a profile, the node role)',
    link: 'identity',
    severity: 'error',
    fix: 'Remove the credentials that come earlier in the SDK chain and restart the pods.',
  },
  {
    id: 'FM-1.9',
    title: 'Pod Identity agent missing, unhealthy or unreachable',
    link: 'identity',
    severity: 'error',
    fix: 'Install the eks-pod-identity-agent add-on and make sure its pods run on the nodes of the Argo CD pods.',
    helpUri: POD_ID,
  },
  {
    id: 'FM-1.10',
    title: 'Pod Identity association missing for the service account',
    link: 'identity',
    severity: 'error',
    fix: 'Create a Pod Identity association (`aws eks create-pod-identity-association --cluster-name <hub> --namespace <ns> --service-account <sa> --role-arn <management role>`) for every Argo CD component, then restart the pods.',
    helpUri: POD_ID,
  },
  {
    id: 'FM-1.11',
    title: 'Pod Identity role trust policy wrong',
    link: 'identity',
    severity: 'error',
    fix: 'Trust `{"Service": "pods.eks.amazonaws.com"}` with both `sts:AssumeRole` and `sts:TagSession`; let the `aws:RequestTag/kubernetes-namespace` and `aws:RequestTag/kubernetes-service-account` conditions list every Argo CD service account; keep the role in the hub cluster account.',
    helpUri: POD_ID_ROLE,
  },
  {
    id: 'FM-1.12',
    title: 'Pod Identity unavailable in this environment',
    link: 'identity',
    severity: 'error',
    fix: 'Use IRSA (`identity: irsa`) in China regions and with Argo CD older than v2.10; Pod Identity needs the agent and a recent SDK.',
    helpUri: POD_ID,
  },
  {
    id: 'FM-1.13',
    title: 'Pod Identity credentials cached from before an association change',
    link: 'identity',
    severity: 'warning',
    fix: 'Restart the Argo CD workloads after changing a Pod Identity association.',
    helpUri: POD_ID,
  },
  {
    id: 'FM-1.14',
    title: 'Pod Identity target role (`targetRoleArn`) does not let the association role chain into it',
    link: 'identity',
    severity: 'error',
    fix: 'Trust the association role in the target role with `sts:AssumeRole` and `sts:TagSession` (or disable session tags and match `sts:ExternalId` `<region>/<account>/<cluster>/<namespace>/<service account>`), and allow both actions on the target role in an identity policy of the association role.',
    helpUri: 'https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html',
    why: 'With targetRoleArn EKS assumes the association role and then, with those credentials, the target role; the pod only gets the target. That second call is role chaining: the transitive session tags need sts:TagSession on the target trust and the association role policy unless the association disables them.',
    source: 'EKS User Guide pod-id-assign-target-role, pod-id-abac; mattrobinsonsre/terrapod#1546',
  },
  {
    id: 'FM-2.1',
    title: 'Management role may not assume the deployer role',
    link: 'manager',
    severity: 'error',
    fix: 'Allow `sts:AssumeRole` (and `sts:TagSession` with Pod Identity) on the deployer role ARN in an identity policy of the management role.',
    helpUri: ARGO_EKS_DOCS,
  },
  {
    id: 'FM-2.2',
    title: '`roleARN` is the management role itself and self-assumption is not trusted',
    link: 'manager',
    severity: 'error',
    fix: 'Point `awsAuthConfig.roleARN` at the spoke deployer role, or omit it when the spoke maps the management role directly; otherwise add an explicit self-trust statement (`aws:PrincipalArn` = the management role).',
    helpUri: ARGO_EKS_DOCS,
  },
  {
    id: 'FM-2.3',
    title: 'Explicit deny (identity policy, permissions boundary, SCP or RCP) on the role hop',
    link: 'manager',
    severity: 'error',
    fix: 'Remove or narrow the Deny statement (identity policy, permissions boundary, SCP of the hub account or RCP of the spoke account) so that `sts:AssumeRole` on the deployer role is not denied for the management role.',
    helpUri: EVAL_LOGIC,
  },
  {
    id: 'FM-3.1',
    title: 'Deployer trust policy does not trust the management role',
    link: 'deployer',
    severity: 'error',
    fix: 'Trust exactly the management role ARN: `"Principal": {"AWS": "<management role ARN>"}` with `sts:AssumeRole` (never `Resource`, never a session ARN or a stale `AROA…` id).',
    helpUri: ARGO_EKS_DOCS,
  },
  {
    id: 'FM-3.2',
    title: 'Pod Identity session tags are transitive: `sts:TagSession` missing on the chained hop',
    link: 'deployer',
    severity: 'error',
    fix: 'Allow `sts:TagSession` next to `sts:AssumeRole` in the deployer trust policy and in the management role identity policy.',
    helpUri: POD_ID_ABAC,
  },
  {
    id: 'FM-3.3',
    title: 'Trust condition argocd-k8s-auth cannot satisfy',
    link: 'deployer',
    severity: 'error',
    fix: 'Remove `sts:ExternalId`, MFA, `sts:SourceIdentity` and request-tag conditions from the deployer trust statement for the management role: argocd-k8s-auth sends none of them.',
    helpUri: ARGO_EKS_DOCS,
  },
  {
    id: 'FM-3.4',
    title: "STS regional endpoint deactivated in the deployer's account for the region Argo CD calls",
    link: 'deployer',
    severity: 'error',
    fix: 'Activate the STS region in the account (IAM → Account settings) or call STS in an active region.',
    helpUri: STS_REGIONS,
  },
  {
    id: 'FM-3.5',
    title: 'Partition mismatch between hub and spoke',
    link: 'deployer',
    severity: 'error',
    fix: 'Keep the hub and the spoke in the same partition (aws, aws-cn, aws-us-gov) and use that partition in every ARN; IAM roles cannot be assumed across partitions.',
    helpUri: 'https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html',
  },
  {
    id: 'FM-3.6',
    title: 'Pod Identity session tags leave little packed-size headroom on the chained AssumeRole',
    link: 'deployer',
    severity: 'warning',
    fix: 'Set `hub.podIdentity.disableSessionTags: true` (the association then adds no tags; nothing in the chain needs them unless a policy reads `aws:PrincipalTag/kubernetes-*`), or shorten the cluster, namespace and service-account names.',
    helpUri: POD_ID_ABAC,
    why: 'All six Pod Identity session tags are transitive, so every chained AssumeRole carries them; STS packs them with any session policy into a binary form with its own limit. A Pod Identity session alone measured 74% of it (containers-roadmap#2413); Fleetlink scales that by the tag text length, an estimate since AWS does not publish the packing.',
    source: 'EKS User Guide pod-id-abac; aws/containers-roadmap#2413',
  },
  {
    id: 'FM-4.1',
    title: '`awsAuthConfig.clusterName` is not the EKS cluster name',
    link: 'token',
    severity: 'error',
    fix: 'Set `awsAuthConfig.clusterName` to the exact EKS cluster name (not its ARN): the token is signed for that name.',
    helpUri: ARGO_EKS_DOCS,
  },
  {
    id: 'FM-4.2',
    title: 'Token generation failed, shown by Argo CD as a timeout (exit code 20)',
    link: 'token',
    severity: 'error',
    fix: 'Run the probe (npx fleetlink doctor --probe) to see the AWS error the plugin hid.',
  },
  {
    id: 'FM-4.3',
    title: 'STS endpoint unreachable from the hub pods',
    link: 'token',
    severity: 'error',
    fix: 'Give the hub pods a route to the regional STS endpoint (an interface endpoint or egress) and use regional endpoints.',
    helpUri: STS_REGIONS,
  },
  {
    id: 'FM-4.4',
    title: 'Region missing or mis-scoped for the token request',
    link: 'token',
    severity: 'error',
    fix: 'Set AWS_REGION (or AWS_DEFAULT_REGION) on the Argo CD pods.',
  },
  {
    id: 'FM-4.5',
    title: 'Clock skew on the hub nodes',
    link: 'token',
    severity: 'error',
    fix: 'Synchronise the node clocks (chrony / Amazon Time Sync Service).',
  },
  {
    id: 'FM-4.6',
    title: 'Token or credential lifetime and caching',
    link: 'token',
    severity: 'warning',
    fix: 'Keep session durations within the role chaining cap (1 hour) and let the SDK refresh credentials.',
  },
  {
    id: 'FM-4.7',
    title: 'Non-canonical presigned request (custom token generators)',
    link: 'token',
    severity: 'error',
    fix: 'Generate tokens with the canonical presign: argocd-k8s-auth, aws eks get-token or npx fleetlink token.',
  },
  {
    id: 'FM-5.1',
    title:
      'Cluster authentication mode does not match the mechanism used (access entries need API or API_AND_CONFIG_MAP)',
    link: 'access',
    severity: 'error',
    fix: 'Switch the cluster to API_AND_CONFIG_MAP (or API) authentication mode.',
    helpUri: ACCESS_ENTRIES,
  },
  {
    id: 'FM-5.2',
    title: 'No access entry for the identity that signs the token',
    link: 'access',
    severity: 'error',
    fix: 'Create a STANDARD access entry on the spoke for the final role of the chain (the `roleARN` of the cluster Secret, or the management role when `roleARN` is empty).',
    helpUri: CREATING_ACCESS_ENTRIES,
  },
  {
    id: 'FM-5.3',
    title: 'Wrong ARN form in the access entry (session ARN, path, partition)',
    link: 'access',
    severity: 'error',
    fix: 'Use the IAM role ARN, including its path, in the spoke partition (`arn:<partition>:iam::<account>:role/<path><name>`); never an `assumed-role` session ARN.',
    helpUri: CREATING_ACCESS_ENTRIES,
  },
  {
    id: 'FM-5.4',
    title: 'Role deleted and recreated with the same name: the access entry is silently dead',
    link: 'access',
    severity: 'error',
    fix: 'Delete and recreate the access entry (and its policy associations) for the new role.',
    helpUri: ACCESS_ENTRIES,
  },
  {
    id: 'FM-5.5',
    title: 'Authenticated but not authorized: no access policy and no groups',
    link: 'access',
    severity: 'error',
    fix: 'Associate an access policy (`aws eks associate-access-policy … --policy-arn …AmazonEKSClusterAdminPolicy --access-scope type=cluster`) or map Kubernetes groups that RBAC bindings reference.',
    helpUri: CREATING_ACCESS_ENTRIES,
  },
  {
    id: 'FM-5.6',
    title: 'Access policy scope too narrow for what Argo CD watches',
    link: 'access',
    severity: 'error',
    fix: 'Grant `AmazonEKSClusterAdminPolicy` with `type=cluster`, or restrict the Argo CD cluster (Secret `namespaces`, `clusterResources: false`) to the namespaces the access policy covers.',
    helpUri: ACCESS_POLICIES,
  },
  {
    id: 'FM-5.8',
    title: 'Eventual consistency right after provisioning',
    link: 'access',
    severity: 'info',
    fix: 'Wait a few minutes after creating roles and access entries, then retry.',
  },
  {
    id: 'FM-6.1',
    title: 'Private-only endpoint without a routed path or security-group rule from the hub',
    link: 'network',
    severity: 'error',
    fix: "Route the hub's VPC to the spoke's endpoint (peering / Transit Gateway) and allow 443 in the cluster security group.",
    helpUri: EKS_ENDPOINT,
  },
  {
    id: 'FM-6.2',
    title: "Public endpoint's publicAccessCidrs exclude the hub's egress addresses",
    link: 'network',
    severity: 'warning',
    fix: "Add the hub's NAT egress addresses to publicAccessCidrs, or reach the private endpoint.",
    helpUri: EKS_ENDPOINT,
  },
  {
    id: 'FM-6.3',
    title: 'Cluster `server` URL malformed',
    link: 'network',
    severity: 'error',
    fix: 'Set `server` to the EKS endpoint exactly (`https://<id>.<zone>.<region>.eks.amazonaws.com`: https, no path, no trailing slash).',
    helpUri: ARGO_CLUSTERS,
  },
  {
    id: 'FM-6.4',
    title: '`caData` is not base64 of a PEM certificate',
    link: 'network',
    severity: 'error',
    fix: 'Put the EKS `certificateAuthority.data` into `caData` verbatim: it already is base64 of the PEM; do not base64-encode it again or decode it.',
    helpUri: ARGO_CLUSTERS,
  },
  {
    id: 'FM-6.5',
    title: 'Egress proxy in front of Argo CD',
    link: 'network',
    severity: 'info',
    fix: 'Exclude the EKS and STS endpoints from the proxy (NO_PROXY) or make the proxy pass them through.',
  },
  {
    id: 'FM-7.1',
    title: 'argocd-k8s-auth (or the exec command) not in the image',
    link: 'argocd',
    severity: 'warning',
    fix: 'Use an Argo CD image that ships argocd-k8s-auth (the official images do).',
    helpUri: ARGO_CLUSTERS,
  },
  {
    id: 'FM-7.2',
    title: 'Only some Argo CD components have AWS identity',
    link: 'argocd',
    severity: 'error',
    fix: 'Give both the application controller and argocd-server the AWS identity (trust subject or Pod Identity association) for every spoke.',
    helpUri: ARGO_EKS_DOCS,
  },
  {
    id: 'FM-7.3',
    title: 'Cluster Secret shape error',
    link: 'argocd',
    severity: 'error',
    fix: 'Give every cluster Secret a unique `name` and `server`, the label `argocd.argoproj.io/secret-type: cluster`, and (chart ≥ 7.0.0) pass `configs.clusterCredentials` as a map keyed by cluster name.',
    helpUri: ARGO_CLUSTERS,
  },
  {
    id: 'FM-7.4',
    title: '"Unknown" connection status is not a failure',
    link: 'argocd',
    severity: 'info',
    fix: 'Nothing to fix: Argo CD connects to a cluster lazily, when an Application targets it.',
  },
  {
    id: 'FM-7.5',
    title: 'execProviderConfig API version or output mismatch',
    link: 'argocd',
    severity: 'error',
    fix: 'Use client.authentication.k8s.io/v1beta1 (or v1) in execProviderConfig.apiVersion and an ExecCredential-printing command.',
    helpUri: ARGO_CLUSTERS,
  },
  {
    id: 'FM-7.6',
    title: 'awsAuthConfig.profile misuse',
    link: 'argocd',
    severity: 'warning',
    fix: 'Drop awsAuthConfig.profile unless the pods mount that AWS profile; the role ARN is enough.',
    helpUri: ARGO_CLUSTERS,
  },
  {
    id: 'FM-7.7',
    title: 'Behaviour that depends on the Argo CD version',
    link: 'argocd',
    severity: 'warning',
    fix: 'Upgrade Argo CD, or follow the version-specific advice in the finding.',
  },
  {
    id: 'FM-7.8',
    title: 'EKS Argo CD capability registered like self-managed Argo CD',
    link: 'argocd',
    severity: 'error',
    fix: 'For the EKS capability set the cluster Secret `server` to the cluster ARN, drop `awsAuthConfig`, and give the capability role (trusted by `capabilities.eks.amazonaws.com`) an access entry on each spoke.',
    helpUri: 'https://docs.aws.amazon.com/eks/latest/userguide/capability-role.html',
  },
] as const satisfies readonly FindingDefinition[];

/** Risky-but-working choices: the fleet file linter (src/fleet/lint.ts, link `fleet`) and prove's lints (src/prove/lints.ts). */
const LINTS = [
  {
    id: 'LINT-ALL-NAMESPACES',
    title: 'An access scope of "*" matches every namespace',
    link: 'fleet',
    severity: 'warning',
    fix: 'List the namespaces (or prefixes) Argo CD deploys to, or drop namespaces for an explicit cluster scope.',
  },
  {
    id: 'LINT-ASSUME-ANY',
    title: '`sts:AssumeRole` allowed on `*`',
    link: 'manager',
    severity: 'warning',
    fix: 'List the deployer role ARNs (or a name pattern such as `arn:aws:iam::*:role/argocd-deployer`) instead of `"Resource": "*"`.',
    helpUri: ARGO_EKS_DOCS,
  },
  {
    id: 'LINT-CAPABILITY-IGNORED',
    title: 'A spoke setting identity eks-capability does not use (ca)',
    link: 'fleet',
    severity: 'warning',
    fix: 'Remove the setting: the managed Argo CD reaches spokes by cluster ARN.',
  },
  {
    id: 'LINT-CLUSTER-RESOURCES-IGNORED',
    title: 'clusterResources has no effect without namespaces',
    link: 'fleet',
    severity: 'warning',
    fix: 'Remove clusterResources, or scope the spoke to namespaces.',
  },
  {
    id: 'LINT-DEPLOYER-PERMISSIONS',
    title: 'Deployer role carries permission policies',
    link: 'deployer',
    severity: 'warning',
    fix: 'Remove the permission policies: the deployer role only signs EKS tokens; Kubernetes access comes from its access entry (Argo CD docs: "This role should not have any permission policies").',
    helpUri: ARGO_EKS_DOCS,
  },
  {
    id: 'LINT-MISSING-AUD',
    title: 'Web-identity trust without an `:aud` condition',
    link: 'identity',
    severity: 'warning',
    fix: 'Add `"<issuer host>:aud": "sts.amazonaws.com"` to the `StringEquals` condition of the web-identity statement.',
    helpUri: IRSA_TROUBLESHOOT,
  },
  {
    id: 'LINT-OIDC-UNUSED',
    title: 'An OIDC setting that the identity mode does not use',
    link: 'fleet',
    severity: 'warning',
    fix: 'Remove the OIDC setting, or switch identity to irsa.',
  },
  {
    id: 'LINT-POD-IDENTITY-TRUST-BROAD',
    title: 'Pod Identity trust would accept other service accounts',
    link: 'identity',
    severity: 'warning',
    fix: 'Add `aws:RequestTag/eks-cluster-arn`, `aws:RequestTag/kubernetes-namespace` and `aws:RequestTag/kubernetes-service-account` conditions listing only the Argo CD service accounts: any association created later would otherwise reach the role.',
    helpUri: POD_ID_ABAC,
  },
  {
    id: 'LINT-PROD-CLUSTER-ADMIN',
    title: 'Cluster-admin on the whole cluster of a spoke that looks like production',
    link: 'access',
    severity: 'warning',
    fix: 'Consider a namespace-scoped `AmazonEKSAdminPolicy`/`AmazonEKSEditPolicy` (and a matching Argo CD `namespaces` list) for production spokes, or document why cluster-admin is needed.',
    helpUri: ACCESS_POLICIES,
    why: 'A spoke looks like production when prod, production, prd or live is a whole `-`/`_`/`.` segment of its name or of a label value (src/fleet/production.ts). The fleet linter reports it for `access.policy: cluster-admin` without namespaces (link fleet, at the fleet file position); prove reports it for an access entry with AmazonEKSClusterAdminPolicy at cluster scope in any plan.',
  },
  {
    id: 'LINT-PROJECT-SCOPED-NAMESPACES',
    title: 'Project-scoped cluster without `namespaces`: the project may deploy to every namespace',
    link: 'argocd',
    severity: 'warning',
    fix: "Set `namespaces` on the spoke (the cluster Secret) to the namespaces the project may use; Argo CD then adds only those as the project's destinations.",
    helpUri: 'https://argo-cd.readthedocs.io/en/stable/user-guide/projects/',
    why: 'For a cluster Secret with `project`, Argo CD appends the destination (server, "*") to that project when the Secret lists no namespaces, so the AppProject\'s namespace restriction (and any permitOnlyProjectScopedClusters setup) does not hold for it.',
    source: 'argoproj/argo-cd util/argo/argo.go GetAppProjectByName; argo-cd#28272, PR #28324',
  },
  {
    id: 'LINT-REGISTER-SELF',
    title: 'The hub cluster is registered as a spoke',
    link: 'fleet',
    severity: 'warning',
    fix: 'Use the in-cluster destination for the hub instead of registering it again.',
  },
  {
    id: 'LINT-SUB-WILDCARD',
    title: '`StringLike` wildcard on the `:sub` condition',
    link: 'identity',
    severity: 'warning',
    fix: 'List exact subjects with `StringEquals`; a wildcard lets every matching service account (for example `argocd-repo-server`) assume the role.',
    helpUri: IRSA_TROUBLESHOOT,
  },
  {
    id: 'LINT-SYSTEM-GROUP',
    title: 'A system: Kubernetes group for the deployer role (reserved; access entries reject it)',
    link: 'fleet',
    severity: 'warning',
    fix: 'Use an access policy, or a group of your own bound with RBAC.',
  },
  {
    id: 'LINT-UNEVALUATED-POLICY',
    title: 'Attached policy or boundary whose document is not in the plan',
    link: 'manager',
    severity: 'info',
    fix: 'Include the policy document in the plan (doctor collects it) so prove can evaluate it.',
    helpUri: EVAL_LOGIC,
  },
  {
    id: 'LINT-WILDCARD-PRINCIPAL',
    title: '`"*"` principal without a narrowing condition',
    link: 'deployer',
    severity: 'warning',
    fix: 'Name the principal (role ARN), or narrow `"*"` with `aws:PrincipalArn` / `aws:PrincipalAccount` / `aws:PrincipalOrgID` conditions.',
    helpUri: EVAL_LOGIC,
  },
] as const satisfies readonly FindingDefinition[];

/** IAM size limits (IAM User Guide, "IAM and AWS STS quotas"). */
const QUOTAS = [
  {
    id: 'QUOTA-INLINE-POLICIES-SIZE',
    title: 'Inline policies of a role exceed 10,240 characters in total',
    link: 'fleet',
    severity: 'error',
    fix: 'Move statements into customer-managed policies (6,144 characters each) or use an ARN pattern instead of listing every deployer role.',
    helpUri: IAM_QUOTAS,
  },
  {
    id: 'QUOTA-MANAGED-POLICIES-PER-ROLE',
    title: 'Too many managed policies attached to a role',
    link: 'fleet',
    severity: 'error',
    fix: 'Merge managed policies, or request a higher "Managed policies per role" quota (L-0DA4ABF3).',
    helpUri: IAM_QUOTAS,
  },
  {
    id: 'QUOTA-MANAGED-POLICY-SIZE',
    title: 'Managed policy exceeds 6,144 characters',
    link: 'fleet',
    severity: 'error',
    fix: 'Split the managed policy into several, or use an ARN pattern instead of listing every deployer role.',
    helpUri: IAM_QUOTAS,
  },
  {
    id: 'QUOTA-TRUST-POLICY-SIZE',
    title: 'Trust policy exceeds the role trust policy length quota',
    link: 'fleet',
    severity: 'error',
    fix: 'Shorten the trust policy (fewer subjects per statement, StringEquals lists) or request a higher "Role trust policy length" quota (L-C07B4B0D).',
    helpUri: IAM_QUOTAS,
  },
] as const satisfies readonly FindingDefinition[];

/** prove's own verdicts, policy grammar and the planner's capacity checks. */
const PROVE_AND_PLAN = [
  {
    id: 'PLAN-PACK-MANAGED',
    title: 'Deployer ARNs spread over customer-managed policies (they do not fit one inline policy)',
    link: 'manager',
    severity: 'info',
    fix: 'Nothing to do; IAM allows 10 managed policies per role by default (quota L-0DA4ABF3). Set `organization` to switch to an Organization-scoped ARN pattern before that runs out.',
    helpUri: IAM_QUOTAS,
  },
  {
    id: 'PLAN-PACK-ORG-PATTERN',
    title: 'The management role may assume deployer roles by an Organization-scoped ARN pattern',
    link: 'manager',
    severity: 'warning',
    fix: 'Keep the deployer path or name prefix dedicated to Fleetlink deployer roles in every account of the Organization; spokes outside the Organization cannot be reached this way.',
    helpUri: IAM_QUOTAS,
  },
  {
    id: 'PLAN-SHARD-IMBALANCE',
    title: 'A controller shard carries much more weight than the mean',
    link: 'argocd',
    severity: 'info',
    fix: 'Pin a few heavy spokes to the lightest shard with `shard:` in fleet.yaml; placement never moves a cluster on its own.',
    helpUri: ARGO_HA,
    why: 'Fleetlink places clusters by jump consistent hashing of their server, which keeps every other cluster in place when spokes come and go but balances weight only statistically; small or very uneven fleets can leave one replica doing most of the work.',
    source: 'src/plan/shards.ts (Fleetlink planner)',
  },
  {
    id: 'PLAN-STS-RATE',
    title: "The hub's estimated STS request rate nears the STS quota",
    link: 'manager',
    severity: 'warning',
    fix: 'Spread the spokes over more than one hub account (each has its own STS quota), or use Pod Identity (one STS call per token instead of two); the quota cannot be raised.',
    helpUri: 'https://repost.aws/knowledge-center/iam-sts-throttling-error',
    why: 'Every EKS token is a fresh argocd-k8s-auth run (no credential cache across runs) and lives 14 minutes, so each component calls STS about once per cluster every 14 minutes (IRSA: AssumeRoleWithWebIdentity + AssumeRole). All of it counts against one account-and-Region quota of 600 AssumeRole-family requests per second; throttled runs retry for a minute, then the cluster is unreachable.',
    source:
      'argoproj/argo-cd cmd/argocd-k8s-auth/commands/aws.go (15 min presign - 1 min, 5 s retries for 1 min); IAM User Guide "IAM and AWS STS quotas"; awslabs/mountpoint-s3#1358',
  },
  {
    id: 'POLICY-INVALID',
    title: 'Policy document IAM would reject',
    link: 'fleet',
    severity: 'error',
    fix: 'Correct the policy at the JSON path shown; IAM rejects the document with MalformedPolicyDocument.',
    helpUri: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html',
  },
  {
    id: 'PROVE-LEAK',
    title: 'A principal outside the intended paths reaches a cluster',
    link: 'identity',
    severity: 'error',
    fix: 'Narrow the trust policy named in the finding so that it admits only the intended principals (exact subjects, exact role ARNs).',
    helpUri: EVAL_LOGIC,
  },
  {
    id: 'PROVE-UNKNOWN-UNTIL-APPLY',
    title: 'A value the proof depends on is known only after apply',
    link: 'fleet',
    severity: 'warning',
    fix: 'Make the value known at plan time: build ARNs from names and account ids (a string such as "arn:aws:iam::<account id variable>:role/<name>") instead of referring to attributes computed at apply (`aws_iam_role.x.arn`), read resources that already exist with data sources, or apply once and prove the next plan.',
    helpUri: 'https://developer.hashicorp.com/terraform/internals/json-format',
  },
  {
    id: 'PROVE-UNREACHABLE',
    title: 'An intended service account does not reach its cluster',
    link: 'fleet',
    severity: 'error',
    fix: 'Follow the blocked hop in the access matrix: the reason names the policy statement that does not match.',
    helpUri: ARGO_EKS_DOCS,
  },
] as const satisfies readonly FindingDefinition[];

/** Argo CD configuration the controller mishandles (sharding, duplicate servers). */
const ARGOCD_CONFIG = [
  {
    id: 'ARGOCD-DUPLICATE-SERVER',
    title: 'Two cluster Secrets with the same `server`',
    link: 'argocd',
    severity: 'error',
    fix: 'Register each API server once (one Secret per server); use labels or projects, not a second Secret, to give it another name.',
    helpUri: ARGO_CLUSTERS,
    why: "The controller's shard cache is a map keyed by the server URL: Secrets sharing it collapse into one entry, chosen by event order, and round-robin ranks the collapsed list, so clusters move between shards or are owned by none.",
    source: 'argoproj/argo-cd controller/sharding/cache.go Init/Add; argo-cd#19973, argo-cd#18118',
  },
  {
    id: 'ARGOCD-RECONCILE-STALE',
    title: "A cluster's Applications were not reconciled for several reconcile periods",
    link: 'argocd',
    severity: 'error',
    fix: 'Check the controller replica of the shard named in the message (logs, then delete the pod so it restarts); give the cluster an explicit shard so ownership does not depend on the algorithm.',
    helpUri: ARGO_HA_GUIDE,
    why: 'The controller refreshes every Application at least every `timeout.reconciliation` (argocd-cm, default 180s) and writes `status.reconciledAt`; one far older than that means no replica is working on the cluster, while the UI keeps showing the last Synced/Healthy status. doctor flags three periods (at least the period plus 10 minutes); parked clusters and Applications with skip-reconcile are left out.',
    source:
      'argoproj/argo-cd cmd/argocd-application-controller (defaultAppResyncPeriod = 180), controller/appcontroller.go (reconciledAt); argo-cd#29476',
  },
  {
    id: 'ARGOCD-ROUND-ROBIN-DYNAMIC',
    title: 'Round-robin sharding with dynamic cluster distribution, clusters without an explicit shard',
    link: 'argocd',
    severity: 'warning',
    fix: 'Give every cluster Secret an explicit `shard` (`npx fleetlink plan` does with replicas > 1), or use `legacy` / `consistent-hashing`, or turn dynamic cluster distribution off.',
    helpUri: ARGO_DYNAMIC,
    why: 'Round-robin assigns the index in the UID-sorted cluster list modulo the replicas, so one new cluster reshuffles others; with dynamic distribution (alpha) replicas can disagree about the list, and reshuffled clusters were left owned by no replica for 57 hours with Applications showing a stale Synced/Healthy.',
    source: 'argoproj/argo-cd controller/sharding/sharding.go RoundRobinDistributionFunction; argo-cd#29476',
  },
  {
    id: 'ARGOCD-SHARD-OUT-OF-RANGE',
    title: 'Cluster Secret `shard` outside the controller replicas',
    link: 'argocd',
    severity: 'error',
    fix: 'Set `shard` to a number from 0 to replicas-1 (or let `npx fleetlink plan` assign it), or raise `argocd.controller.replicas`.',
    helpUri: ARGO_HA,
    why: 'Argo CD honours a shard only when it is below the replica count; otherwise it puts the cluster on shard 0 and logs a warning, so the planned spread silently collapses. A negative shard passes the check and matches no replica: nobody reconciles the cluster.',
    source: 'argoproj/argo-cd controller/sharding/cache.go updateDistribution; sharding.go GetClusterFilter',
  },
  {
    id: 'ARGOCD-SHARD-UNOWNED',
    title: 'A cluster is owned by no running controller replica',
    link: 'argocd',
    severity: 'error',
    fix: 'Bring the replica of that shard back (kubectl describe/logs the pod, or scale the controller to cover the shard), or move the cluster to a shard that has a running replica.',
    helpUri: ARGO_HA_GUIDE,
    why: "A replica reconciles only the clusters whose shard equals its own, and a StatefulSet replica's shard is its pod ordinal: with that pod missing or not running, nothing reconciles the cluster and nothing says so.",
    source: 'argoproj/argo-cd controller/sharding/cache.go IsManagedCluster, sharding.go InferShard',
  },
  {
    id: 'ARGOCD-SHARD-WATCH-BUDGET',
    title: "A shard's namespace list/watch scopes exceed the watch budget",
    link: 'argocd',
    severity: 'warning',
    fix: 'Spread namespaced clusters over more shards (pin some with `shard:`, or raise replicas), drop `namespaces` where cluster-wide access is fine, or raise `argocd.controller.maxIdleConnections` (controller.k8s.client.max.idle.connections) together with `watchBudget`.',
    helpUri: ARGO_CLUSTERS,
    why: "A cluster with `namespaces` set costs one list/watch per namespace, which can exhaust the idle connections of the controller's Kubernetes client (ARGOCD_K8S_CLIENT_MAX_IDLE_CONNECTIONS, default 500, also the per-host connection cap of each cluster transport). The budget is the planning limit the fleet sets per shard.",
    source:
      'argoproj/argo-cd docs/operator-manual/declarative-setup.md (namespaces); pkg/apis/application/v1alpha1/cluster_constants.go, types.go SetK8SConfigDefaults',
  },
] as const satisfies readonly FindingDefinition[];

/** The EKS Argo CD capability and access-policy associations (src/prove/capability-checks.ts). */
const CAPABILITY_AND_ACCESS = [
  {
    id: 'ACCESS-POLICY-SLR-ONLY',
    title: 'Access policy only service-linked roles may hold, associated with another principal',
    link: 'access',
    severity: 'error',
    fix: 'Drop the association: these policies are for the service-linked roles of EKS Auto Mode, hybrid nodes and Cluster Insights. Grant what is missing with a general access policy or with Kubernetes RBAC bound to a group of the entry.',
    helpUri: ACCESS_POLICIES,
    why: 'AssociateAccessPolicy rejects them for other principals with InvalidParameterException "The specified policyArn can only be associated with service-linked roles", so a stack or Terraform apply that declares one fails every time.',
    source:
      'EKS User Guide access-policy-permissions ("designated for AWS service-linked roles only"); aws-controllers-k8s/test-infra bootstrap/argocd-access.tf',
  },
  {
    id: 'ACCESS-SCOPE-REPLACED',
    title: 'One access policy associated twice for a principal on a cluster (EKS keeps one)',
    link: 'access',
    severity: 'error',
    fix: 'Associate each policy once per access entry. For cluster-wide read next to namespaced write use two different policies (e.g. AmazonEKSAdminViewPolicy at cluster scope, AmazonEKSEditPolicy at namespace scope), never the same policy at both scopes.',
    helpUri: ACCESS_POLICIES,
    why: 'An access entry holds one association per policy; associating the policy again with another scope changes that scope. A cluster-scope association of a policy the principal also has per namespace replaces the namespaced one, silently widening it to every namespace; two namespace lists leave only the last one.',
    source:
      'aws-controllers-k8s/test-infra bootstrap/argocd-access.tf (PR #1061, "REPLACES the namespace-scoped association ... silently widening"); EKS AssociateAccessPolicy',
  },
  {
    id: 'CAPABILITY-APPLICATIONS-LIMIT',
    title: 'More Applications than one EKS Argo CD capability instance allows',
    link: 'argocd',
    severity: 'error',
    fix: 'Spread the spokes over more than one hub (one capability instance each), or generate fewer Applications per spoke.',
    helpUri: 'https://docs.aws.amazon.com/eks/latest/userguide/capability-kubernetes-resources.html',
    why: "The capability allows up to 1,000 Application resources per instance; the spokes' expected `applications` add up to more (warning from 90%).",
    source:
      'EKS User Guide capability-kubernetes-resources ("up to 1000 Application resources per Argo CD capability instance")',
  },
  {
    id: 'CAPABILITY-CM-KEY-IGNORED',
    title: 'argocd-cm setting the EKS capability ignores',
    link: 'argocd',
    severity: 'warning',
    fix: 'Remove the key, or move the behaviour to a supported setting (EKS User Guide, "Configure Argo CD settings", Supported settings).',
    helpUri: 'https://docs.aws.amazon.com/eks/latest/userguide/argocd-configure-settings.html',
    why: 'The capability applies only the documented argocd-cm keys (and only --reorder, --enable-helm, --enable-managedby-label of kustomize.buildOptions) and ignores the rest without an error.',
    source: 'awsdocs/amazon-eks-user-guide latest/ug/capabilities/argocd-configure-settings.adoc',
  },
  {
    id: 'CAPABILITY-CRD-UPDATE',
    title: 'The capability may create but not update a third-party CRD it syncs',
    link: 'access',
    severity: 'error',
    fix: "List the CRDs in the spoke's access.customResourceDefinitions and apply argocd/rbac/<spoke>.yaml (update/patch on exactly those CRDs), or associate AmazonEKSKROPolicy at cluster scope.",
    helpUri: 'https://docs.aws.amazon.com/eks/latest/userguide/argocd-register-clusters.html',
    why: "AmazonEKSArgoCDClusterPolicy grants create on customresourcedefinitions but update only on Argo CD's own CRDs: the first sync installs the CRD, every later sync is forbidden, and the Application retries forever in Running instead of failing.",
    source:
      'aws-controllers-k8s/test-infra bootstrap/argocd-access.tf ("CRD write exception", confirmed live)',
  },
  {
    id: 'CAPABILITY-GROUP-UNBOUND',
    title: "RBAC binding to a group the capability role's access entry does not carry (grants nothing)",
    link: 'access',
    severity: 'error',
    fix: "Bind the group on the entry (argocd.capability.kubernetesGroup, on every entry Fleetlink creates); for the hub's auto-created entry add it with `aws eks update-access-entry --kubernetes-groups`.",
    helpUri: 'https://docs.aws.amazon.com/eks/latest/userguide/argocd-register-clusters.html',
    why: 'The entry EKS auto-creates for the capability role has kubernetesGroups: [] and a session-templated username, so the group "eks-access-entry:<ARN>" of the EKS guide\'s recipe, or any group not added to the entry, matches no request: the binding is accepted and grants nothing.',
    source:
      'aws-controllers-k8s/test-infra bootstrap/argocd-access.tf, argocd-rbac.tf (PR #1061, verified live)',
  },
  {
    id: 'CAPABILITY-SOURCE-NAMESPACES',
    title: "AppProject without the capability's namespace in spec.sourceNamespaces",
    link: 'argocd',
    severity: 'error',
    fix: "Add the capability's namespace (argocd.namespace, by default argocd) to the AppProject's spec.sourceNamespaces; `npx fleetlink plan` writes it into argocd/projects/.",
    helpUri: 'https://docs.aws.amazon.com/eks/latest/userguide/argocd-projects.html',
    why: 'Unlike upstream Argo CD, the EKS capability requires spec.sourceNamespaces, and it must contain the capability namespace; without it Applications there cannot reference the project and syncs fail with no clear error.',
    source:
      'awsdocs/amazon-eks-user-guide#1190, PR #1191; aws-controllers-k8s/test-infra bootstrap/argocd-access.tf',
  },
] as const satisfies readonly FindingDefinition[];

/** What doctor could not do, and differences between the fleet and live state. */
const DOCTOR_AND_DRIFT = [
  {
    id: 'DOCTOR-COLLECT',
    title: 'doctor could not read what a link needs; the links that need it are unchecked',
    link: 'fleet',
    severity: 'error',
    fix: 'Give doctor credentials and the read-only policy (npx fleetlink doctor --print-iam-policy), and check connectivity.',
  },
  {
    id: 'DOCTOR-PROBE',
    title: 'The live probe could not run a step',
    link: 'fleet',
    severity: 'warning',
    fix: 'See the message; the probe needs the extra permission printed by --print-iam-policy.',
  },
  {
    id: 'DOCTOR-PROVE',
    title: 'prove could not run on the observed state',
    link: 'fleet',
    severity: 'warning',
    fix: 'Report this with the snapshot (--save-snapshot).',
  },
  {
    id: 'DRIFT-CHANGED',
    title: 'Something the fleet plans exists but differs',
    link: 'fleet',
    severity: 'warning',
    fix: 'Deploy the fleet again (npx fleetlink synth / your pipeline), or change the fleet file to match.',
  },
  {
    id: 'DRIFT-EXTRA',
    title: 'Live state holds access or a cluster Secret the fleet does not plan',
    link: 'fleet',
    severity: 'warning',
    fix: 'Remove it, or add it to the fleet file.',
  },
  {
    id: 'DRIFT-MISSING',
    title: 'Something the fleet plans does not exist',
    link: 'fleet',
    severity: 'error',
    fix: 'Deploy the fleet (npx fleetlink synth / your pipeline).',
  },
] as const satisfies readonly FindingDefinition[];

const ALL = [
  ...FAILURE_MODES_FOUND,
  ...LINTS,
  ...QUOTAS,
  ...PROVE_AND_PLAN,
  ...ARGOCD_CONFIG,
  ...CAPABILITY_AND_ACCESS,
  ...DOCTOR_AND_DRIFT,
] as const;

/** Every id Fleetlink can report: a typo in a producer is a type error. */
export type FindingId = (typeof ALL)[number]['id'];

function byId(list: readonly FindingDefinition[]): ReadonlyMap<string, FindingDefinition> {
  const map = new Map<string, FindingDefinition>();
  for (const d of list) {
    if (map.has(d.id)) throw new Error(`finding id ${d.id} is declared twice`);
    map.set(d.id, d);
  }
  return new Map([...map].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })));
}

/** Every finding id, in id order. */
export const REGISTRY: ReadonlyMap<string, FindingDefinition> = byId(ALL);

/** The failure-mode catalog by id (every `FM-x.y`, reported or not). */
export const FAILURE_MODE_CATALOG: ReadonlyMap<string, FailureMode> = new Map(
  FAILURE_MODES.map((m) => [m.id, m]),
);

export function isFindingId(id: string): id is FindingId {
  return REGISTRY.has(id);
}

/** The definition of an id; throws for an id declared nowhere (a bug, caught by the tests). */
export function definition(id: string): FindingDefinition {
  const d = REGISTRY.get(id);
  if (!d) throw new Error(`finding id ${id} is not in the registry (src/findings/registry.ts)`);
  return d;
}

/** What one finding adds to its id's definition. */
export interface ReportInput {
  /** What the finding is about: a cluster name, role ARN or `namespace/serviceaccount`. */
  readonly subject: string;
  readonly message: string;
  readonly evidence: readonly Evidence[];
  /** A fix naming this instance's values; the registry's generic fix when absent. */
  readonly fix?: string;
  /** Only when this instance is graver or milder than the id's default severity. */
  readonly severity?: Severity;
  /** Only when this instance is about another link than the id's default one. */
  readonly link?: Link;
}

/** A finding of a registered id: severity, link and fix default to its definition. */
export function report(id: FindingId, input: ReportInput): Finding {
  const d = definition(id);
  return {
    id,
    severity: input.severity ?? d.severity,
    link: input.link ?? d.link,
    subject: input.subject,
    message: input.message,
    evidence: input.evidence,
    fix: input.fix ?? d.fix,
  };
}

/** The anchor of an id in docs/findings.md and docs/failure-modes.md: `FM-1.2` → `fm-1-2`. */
export function anchorOf(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/** The repository path of the findings reference, the anchor every id's help points to. */
export const FINDINGS_DOC = 'docs/findings.md';
export const FAILURE_MODES_DOC = 'docs/failure-modes.md';

/** An id's entry in the findings reference, as a path in the package: `docs/findings.md#fm-1-2`. */
export function findingReference(id: string): string {
  return `${FINDINGS_DOC}#${anchorOf(id)}`;
}

/**
 * An id's entry in the findings reference as a URL, for a published copy of the package's files:
 * `docs/findings.md#<anchor>` resolved against `base` (package.json `homepage`) taken as a folder —
 * `https://example.org/fleetlink` → `https://example.org/fleetlink/docs/findings.md#fm-1-2`. The
 * base's own query and fragment (`#readme`) are dropped. Undefined when `base` is not an http(s) URL.
 */
export function findingUrl(id: string, base: string): string | undefined {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  url.hash = '';
  url.search = '';
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  return new URL(findingReference(id), url).href;
}
