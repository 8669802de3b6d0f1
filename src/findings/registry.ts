/**
 * The findings registry: every id Fleetlink reports — `FM-x.y` failure modes, `LINT-…`, `QUOTA-…`,
 * `PROVE-…`, `POLICY-…`, `DOCTOR-…`, `DRIFT-…` — declared once, with its default severity, the
 * link of the chain, a title and the generic fix. docs/findings.md is generated from it (one anchor
 * per id) and test/findings/registry.test.ts fails when a producer emits an id declared nowhere.
 *
 * Declaring an id: prove's ids go in src/prove/catalog.ts (one object in `entries`); ids only
 * doctor, the fleet linter or drift report go in the lists below. One object per id, in id order.
 */
import type { Link, Severity } from '../findings.js';
import { CATALOG, type CatalogEntry } from '../prove/catalog.js';

export type FindingDefinition = CatalogEntry;

const EKS_TROUBLESHOOT = 'https://docs.aws.amazon.com/eks/latest/userguide/troubleshooting.html';
const POD_ID = 'https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html';
const STS_REGIONS =
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_enable-regions.html';
const ACCESS_ENTRIES = 'https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html';
const EKS_ENDPOINT = 'https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html';
const ARGO_CLUSTERS = 'https://argo-cd.readthedocs.io/en/stable/operator-manual/declarative-setup/#clusters';

const def = (
  id: string,
  severity: Severity,
  link: Link,
  title: string,
  fix: string,
  helpUri?: string,
): FindingDefinition => ({ id, severity, link, title, fix, ...(helpUri && { helpUri }) });

/** Failure modes only live state can show (doctor's rules and the probe's error triage). */
const DOCTOR_FAILURE_MODES: readonly FindingDefinition[] = [
  def(
    'FM-1.1',
    'error',
    'identity',
    'IRSA annotation added or changed after the pod started (the webhook only mutates at admission)',
    'Restart the Argo CD workloads so the pods get the current role.',
    EKS_TROUBLESHOOT,
  ),
  def(
    'FM-1.8',
    'error',
    'identity',
    'Another link of the SDK credential chain wins (static keys, a profile, the node role)',
    'Remove the credentials that come earlier in the SDK chain and restart the pods.',
  ),
  def(
    'FM-1.9',
    'error',
    'identity',
    'Pod Identity agent missing, unhealthy or unreachable',
    'Install the eks-pod-identity-agent add-on and make sure its pods run on the nodes of the Argo CD pods.',
    POD_ID,
  ),
  def(
    'FM-1.13',
    'warning',
    'identity',
    'Pod Identity credentials cached from before an association change',
    'Restart the Argo CD workloads after changing a Pod Identity association.',
    POD_ID,
  ),
  def(
    'FM-3.4',
    'error',
    'deployer',
    "STS regional endpoint deactivated in the deployer's account for the region Argo CD calls",
    'Activate the STS region in the account (IAM → Account settings) or call STS in an active region.',
    STS_REGIONS,
  ),
  def(
    'FM-4.2',
    'error',
    'token',
    'Token generation failed, shown by Argo CD as a timeout (exit code 20)',
    'Run the probe (npx fleetlink doctor --probe) to see the AWS error the plugin hid.',
  ),
  def(
    'FM-4.3',
    'error',
    'token',
    'STS endpoint unreachable from the hub pods',
    'Give the hub pods a route to the regional STS endpoint (an interface endpoint or egress) and use regional endpoints.',
    STS_REGIONS,
  ),
  def(
    'FM-4.4',
    'error',
    'token',
    'Region missing or mis-scoped for the token request',
    'Set AWS_REGION (or AWS_DEFAULT_REGION) on the Argo CD pods.',
  ),
  def(
    'FM-4.5',
    'error',
    'token',
    'Clock skew on the hub nodes',
    'Synchronise the node clocks (chrony / Amazon Time Sync Service).',
  ),
  def(
    'FM-4.6',
    'warning',
    'token',
    'Token or credential lifetime and caching',
    'Keep session durations within the role chaining cap (1 hour) and let the SDK refresh credentials.',
  ),
  def(
    'FM-4.7',
    'error',
    'token',
    'Non-canonical presigned request (custom token generators)',
    'Generate tokens with the canonical presign: argocd-k8s-auth, aws eks get-token or npx fleetlink token.',
  ),
  def(
    'FM-5.1',
    'error',
    'access',
    'Cluster authentication mode does not match the mechanism used (access entries need API or API_AND_CONFIG_MAP)',
    'Switch the cluster to API_AND_CONFIG_MAP (or API) authentication mode.',
    ACCESS_ENTRIES,
  ),
  def(
    'FM-5.4',
    'error',
    'access',
    'Role deleted and recreated with the same name: the access entry is silently dead',
    'Delete and recreate the access entry (and its policy associations) for the new role.',
    ACCESS_ENTRIES,
  ),
  def(
    'FM-5.8',
    'info',
    'access',
    'Eventual consistency right after provisioning',
    'Wait a few minutes after creating roles and access entries, then retry.',
  ),
  def(
    'FM-6.1',
    'error',
    'network',
    'Private-only endpoint without a routed path or security-group rule from the hub',
    "Route the hub's VPC to the spoke's endpoint (peering / Transit Gateway) and allow 443 in the cluster security group.",
    EKS_ENDPOINT,
  ),
  def(
    'FM-6.2',
    'warning',
    'network',
    "Public endpoint's publicAccessCidrs exclude the hub's egress addresses",
    "Add the hub's NAT egress addresses to publicAccessCidrs, or reach the private endpoint.",
    EKS_ENDPOINT,
  ),
  def(
    'FM-6.5',
    'info',
    'network',
    'Egress proxy in front of Argo CD',
    'Exclude the EKS and STS endpoints from the proxy (NO_PROXY) or make the proxy pass them through.',
  ),
  def(
    'FM-7.1',
    'warning',
    'argocd',
    'argocd-k8s-auth (or the exec command) not in the image',
    'Use an Argo CD image that ships argocd-k8s-auth (the official images do).',
    ARGO_CLUSTERS,
  ),
  def(
    'FM-7.4',
    'info',
    'argocd',
    '"Unknown" connection status is not a failure',
    'Nothing to fix: Argo CD connects to a cluster lazily, when an Application targets it.',
  ),
  def(
    'FM-7.5',
    'error',
    'argocd',
    'execProviderConfig API version or output mismatch',
    'Use client.authentication.k8s.io/v1beta1 (or v1) in execProviderConfig.apiVersion and an ExecCredential-printing command.',
    ARGO_CLUSTERS,
  ),
  def(
    'FM-7.6',
    'warning',
    'argocd',
    'awsAuthConfig.profile misuse',
    'Drop awsAuthConfig.profile unless the pods mount that AWS profile; the role ARN is enough.',
    ARGO_CLUSTERS,
  ),
  def(
    'FM-7.7',
    'warning',
    'argocd',
    'Behaviour that depends on the Argo CD version',
    'Upgrade Argo CD, or follow the version-specific advice in the finding.',
  ),
];

/** The fleet file linter (src/fleet/lint.ts): risky-but-working choices, all on link `fleet`. */
const FLEET_LINTS: readonly FindingDefinition[] = [
  def(
    'LINT-ALL-NAMESPACES',
    'warning',
    'fleet',
    'An access scope of "*" matches every namespace',
    'List the namespaces (or prefixes) Argo CD deploys to, or drop namespaces for an explicit cluster scope.',
  ),
  def(
    'LINT-CAPABILITY-IGNORED',
    'warning',
    'fleet',
    'A spoke setting identity eks-capability does not use (ca)',
    'Remove the setting: the managed Argo CD reaches spokes by cluster ARN.',
  ),
  def(
    'LINT-CLUSTER-RESOURCES-IGNORED',
    'warning',
    'fleet',
    'clusterResources has no effect without namespaces',
    'Remove clusterResources, or scope the spoke to namespaces.',
  ),
  def(
    'LINT-OIDC-UNUSED',
    'warning',
    'fleet',
    'An OIDC setting that the identity mode does not use',
    'Remove the OIDC setting, or switch identity to irsa.',
  ),
  def(
    'LINT-REGISTER-SELF',
    'warning',
    'fleet',
    'The hub cluster is registered as a spoke',
    'Use the in-cluster destination for the hub instead of registering it again.',
  ),
  def(
    'LINT-SYSTEM-GROUP',
    'warning',
    'fleet',
    'A system: Kubernetes group for the deployer role (reserved; access entries reject it)',
    'Use an access policy, or a group of your own bound with RBAC.',
  ),
];

/** A frozen fleet: what only the live controller and Applications show (src/doctor/rules/frozen.ts). */
const DOCTOR_ARGOCD: readonly FindingDefinition[] = [
  {
    ...def(
      'ARGOCD-RECONCILE-STALE',
      'error',
      'argocd',
      "A cluster's Applications were not reconciled for several reconcile periods",
      'Check the controller replica of the shard named in the message (logs, then delete the pod so it restarts); give the cluster an explicit shard so ownership does not depend on the algorithm.',
      'https://argo-cd.readthedocs.io/en/stable/operator-manual/high_availability/',
    ),
    why: 'The controller refreshes every Application at least every `timeout.reconciliation` (argocd-cm, default 180s) and writes `status.reconciledAt`; one far older than that means no replica is working on the cluster, while the UI keeps showing the last Synced/Healthy status. doctor flags three periods (at least the period plus 10 minutes); parked clusters and Applications with skip-reconcile are left out.',
    source:
      'argoproj/argo-cd cmd/argocd-application-controller (defaultAppResyncPeriod = 180), controller/appcontroller.go (reconciledAt); argo-cd#29476',
  },
  {
    ...def(
      'ARGOCD-SHARD-UNOWNED',
      'error',
      'argocd',
      'A cluster is owned by no running controller replica',
      'Bring the replica of that shard back (kubectl describe/logs the pod, or scale the controller to cover the shard), or move the cluster to a shard that has a running replica.',
      'https://argo-cd.readthedocs.io/en/stable/operator-manual/high_availability/',
    ),
    why: "A replica reconciles only the clusters whose shard equals its own, and a StatefulSet replica's shard is its pod ordinal: with that pod missing or not running, nothing reconciles the cluster and nothing says so.",
    source: 'argoproj/argo-cd controller/sharding/cache.go IsManagedCluster, sharding.go InferShard',
  },
];

/** doctor's own ids: what it could not do, and drift between the fleet and live state. */
const DOCTOR_IDS: readonly FindingDefinition[] = [
  def(
    'DOCTOR-COLLECT',
    'error',
    'fleet',
    'doctor could not read what a link needs; the links that need it are unchecked',
    'Give doctor credentials and the read-only policy (npx fleetlink doctor --print-iam-policy), and check connectivity.',
  ),
  def(
    'DOCTOR-PROBE',
    'warning',
    'fleet',
    'The live probe could not run a step',
    'See the message; the probe needs the extra permission printed by --print-iam-policy.',
  ),
  def(
    'DOCTOR-PROVE',
    'warning',
    'fleet',
    'prove could not run on the observed state',
    'Report this with the snapshot (--save-snapshot).',
  ),
  def(
    'DRIFT-CHANGED',
    'warning',
    'fleet',
    'Something the fleet plans exists but differs',
    'Deploy the fleet again (npx fleetlink synth / your pipeline), or change the fleet file to match.',
  ),
  def(
    'DRIFT-EXTRA',
    'warning',
    'fleet',
    'Live state holds access or a cluster Secret the fleet does not plan',
    'Remove it, or add it to the fleet file.',
  ),
  def(
    'DRIFT-MISSING',
    'error',
    'fleet',
    'Something the fleet plans does not exist',
    'Deploy the fleet (npx fleetlink synth / your pipeline).',
  ),
];

function byId(lists: readonly (readonly FindingDefinition[])[]): ReadonlyMap<string, FindingDefinition> {
  const map = new Map<string, FindingDefinition>();
  for (const list of lists)
    for (const d of list) {
      if (map.has(d.id)) throw new Error(`finding id ${d.id} is declared twice`);
      map.set(d.id, d);
    }
  return new Map([...map].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })));
}

/** Every finding id, in id order. */
export const REGISTRY: ReadonlyMap<string, FindingDefinition> = byId([
  [...CATALOG.values()],
  DOCTOR_FAILURE_MODES,
  FLEET_LINTS,
  DOCTOR_ARGOCD,
  DOCTOR_IDS,
]);

/** The definition of an id; throws for an id declared nowhere (a bug, caught by the tests). */
export function definition(id: string): FindingDefinition {
  const d = REGISTRY.get(id);
  if (!d) throw new Error(`finding id ${id} is not in the registry (src/findings/registry.ts)`);
  return d;
}

/** The anchor of an id in docs/findings.md: `FM-1.2` → `fm-1-2`. */
export function anchorOf(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/** docs/findings.md: every id with its title, link, default severity, fix and source. */
export function findingsReference(): string {
  const out = [
    '# Findings reference',
    '',
    '<!-- Generated from src/findings/registry.ts (npm run docs); do not edit. -->',
    '',
    'Every id Fleetlink reports, with the link of the chain it is about, its default severity and the',
    'generic fix (a finding may carry a more concrete one). `FM-x.y` are failure modes of the Argo CD →',
    'EKS chain; `LINT-…` risky-but-working choices; `QUOTA-…` IAM size limits; `PROVE-…` and `POLICY-…`',
    "prove's own verdicts; `DOCTOR-…` what doctor could not do; `DRIFT-…` differences between the fleet",
    'and live state.',
    '',
    '| id | link | severity | title |',
    '| --- | --- | --- | --- |',
    ...[...REGISTRY.values()].map(
      (d) =>
        `| [${d.id}](#${anchorOf(d.id)}) | ${d.link} | ${d.severity} | ${d.title.replace(/\|/g, '\\|')} |`,
    ),
  ];
  for (const d of REGISTRY.values()) {
    out.push('', `## ${d.id}`, '', `<a id="${anchorOf(d.id)}"></a>`, '', `**${d.title}**`, '');
    out.push(`- Link: ${d.link}`, `- Default severity: ${d.severity}`, `- Fix: ${d.fix}`);
    if (d.helpUri) out.push(`- Source: <${d.helpUri}>`);
  }
  return `${out.join('\n')}\n`;
}
