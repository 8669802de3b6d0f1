/**
 * The analysis context: a Snapshot indexed for rules (roles by ARN, clusters by account+name,
 * Argo CD pods by component, one view per spoke joining intent, cluster Secret and DescribeCluster).
 * Pure: built from the snapshot alone.
 */

import type { Evidence } from '../../findings.js';
import { partitionForRegion } from '../../fleet/regions.js';
import { accountOf as accountOfArn } from '../../iam/arn.js';
import { parseSemver } from '../../plan/naming.js';
import type { RolePlan } from '../../plan/types.js';
import { asPartition, toRolePlan } from '../observe-role.js';
import type {
  AccountSnapshot,
  ClusterSecretSnapshot,
  ClusterSnapshot,
  Intent,
  PodSnapshot,
  RoleSnapshot,
  ServiceAccountSnapshot,
  Snapshot,
} from '../snapshot.js';

export type Component = 'application-controller' | 'server' | 'applicationset-controller';

export interface ArgoPod {
  readonly component: Component;
  readonly pod: PodSnapshot;
}

export interface SpokeView {
  /** Argo CD cluster name (Secret `name`, or the fleet spoke name). */
  readonly name: string;
  readonly account?: string;
  readonly region?: string;
  readonly partition?: string;
  /** `awsAuthConfig.clusterName` when a Secret exists, else the fleet's cluster name. */
  readonly clusterName?: string;
  /** `awsAuthConfig.roleARN` when a Secret exists, else the fleet's deployer role. */
  readonly roleArn?: string;
  readonly secret?: ClusterSecretSnapshot;
  readonly intent?: Intent['spokes'][number];
  readonly accountSnap?: AccountSnapshot;
  readonly cluster?: ClusterSnapshot;
  readonly clusterNotFound: boolean;
}

export interface Ctx {
  readonly snap: Snapshot;
  readonly intent: Intent;
  readonly now: number;
  readonly hubAccount?: AccountSnapshot;
  readonly hubCluster?: ClusterSnapshot;
  /** The role the Argo CD pods get first (IRSA annotation / Pod Identity association / fleet). */
  readonly mgmtRoleArn?: string;
  readonly argoPods: readonly ArgoPod[];
  readonly spokes: readonly SpokeView[];
  role(arn: string | undefined): RoleSnapshot | undefined;
  /**
   * The same role as the observed plan types it (every document the collector read, the boundary
   * included): what doctor's IAM questions are asked on (src/prove/questions.ts).
   */
  rolePlan(arn: string | undefined): RolePlan | undefined;
  /** AWS said the role does not exist. */
  roleMissing(arn: string | undefined): boolean;
  serviceAccount(name: string): ServiceAccountSnapshot | undefined;
  account(id: string | undefined): AccountSnapshot | undefined;
}

export const ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/role-arn';
export const AUDIENCE_ANNOTATION = 'eks.amazonaws.com/audience';
export const CLUSTER_SECRET_LABEL = 'argocd.argoproj.io/secret-type';

/** The one ARN reader (src/iam/arn.ts); only ARNs count here, not bare ids. */
export function accountOf(arn: string | undefined): string | undefined {
  return arn?.startsWith('arn:') ? accountOfArn(arn) : undefined;
}

/** `https://ABC.gr7.eu-west-1.eks.amazonaws.com` → `eu-west-1`. */
export function regionOfEndpoint(server: string | undefined): string | undefined {
  return server?.match(/\.([a-z]{2}(?:-gov)?-[a-z]+-\d)\.eks\.amazonaws\.com(?:\.cn)?/)?.[1];
}

/** The one region → partition rule (src/fleet/regions.ts). */
export function partitionOfRegion(region: string): string {
  return partitionForRegion(region);
}

function componentOf(pod: PodSnapshot, intent: Intent): Component | undefined {
  const label = pod.labels['app.kubernetes.io/component'] ?? pod.labels['app.kubernetes.io/name'] ?? '';
  if (/applicationset-controller$/.test(label)) return 'applicationset-controller';
  if (/application-controller$/.test(label)) return 'application-controller';
  if (/(^|-)server$/.test(label) && !/repo-server|dex-server|commit-server/.test(label)) return 'server';
  const sa = intent.serviceAccounts;
  if (pod.serviceAccountName === sa.applicationController) return 'application-controller';
  if (pod.serviceAccountName === sa.server) return 'server';
  if (pod.serviceAccountName === sa.applicationSetController) return 'applicationset-controller';
  return undefined;
}

function isClusterSecret(s: ClusterSecretSnapshot): boolean {
  return s.labels[CLUSTER_SECRET_LABEL] === 'cluster';
}

/** `arn:<p>:eks:<region>:<account>:cluster/<name>` → `<name>`; anything else unchanged. */
function eksClusterNameOf(value: string | undefined): string | undefined {
  const m = value === undefined ? null : /^arn:[^:]+:eks:[^:]*:\d{12}:cluster\/(.+)$/.exec(value);
  return m ? m[1] : value;
}

function buildSpokes(
  snap: Snapshot,
  account: (id: string | undefined) => AccountSnapshot | undefined,
): SpokeView[] {
  const secrets = (snap.hub.clusterSecrets ?? []).filter(isClusterSecret);
  const used = new Set<ClusterSecretSnapshot>();
  const views: SpokeView[] = [];
  const view = (
    name: string,
    secret: ClusterSecretSnapshot | undefined,
    intent: Intent['spokes'][number] | undefined,
  ): SpokeView => {
    const aws = secret?.config?.awsAuthConfig;
    const clusterName = aws?.clusterName ?? intent?.clusterName;
    const roleArn = secret ? aws?.roleARN : intent?.deployerRoleArn;
    // Fleetlink-rendered Secrets carry their spoke's account and region as annotations.
    const ann = secret?.annotations ?? {};
    const acct =
      intent?.account ??
      ann['fleetlink.dev/account'] ??
      accountOf(roleArn) ??
      accountOf(secret?.data.server) ??
      accountOf(clusterName);
    const region =
      intent?.region ??
      ann['fleetlink.dev/region'] ??
      regionOfEndpoint(secret?.data.server) ??
      secret?.data.server?.split(':')[3];
    const accountSnap = account(acct);
    // The real cluster: the fleet's name, else the Secret's — whose value may be a cluster ARN
    // (FM-4.1, reported by the token rules); the cluster itself still exists under its name.
    const realName = intent?.clusterName ?? eksClusterNameOf(clusterName);
    const cluster = accountSnap?.clusters.find(
      (c) => (c.name === realName || c.name === clusterName) && (!region || c.region === region),
    );
    const clusterNotFound =
      !!accountSnap &&
      !!clusterName &&
      accountSnap.notFound.some((n) => n.kind === 'cluster' && n.id === clusterName);
    return {
      name,
      ...(acct !== undefined && { account: acct }),
      ...(region !== undefined && { region }),
      ...(region !== undefined && { partition: intent?.partition ?? partitionOfRegion(region) }),
      ...(clusterName !== undefined && { clusterName }),
      ...(roleArn !== undefined && { roleArn }),
      ...(secret !== undefined && { secret }),
      ...(intent !== undefined && { intent }),
      ...(accountSnap !== undefined && { accountSnap }),
      ...(cluster !== undefined && { cluster }),
      clusterNotFound,
    };
  };
  for (const s of snap.intent.spokes) {
    const secret = secrets.find((x) => (x.data.name ?? x.data.server) === s.name);
    if (secret) used.add(secret);
    views.push(view(s.name, secret, s));
  }
  for (const secret of secrets) {
    if (used.has(secret)) continue;
    views.push(view(secret.data.name ?? secret.data.server ?? secret.name, secret, undefined));
  }
  return views;
}

export function buildContext(snap: Snapshot): Ctx {
  const intent = snap.intent;
  const accounts = new Map(snap.accounts.map((a) => [a.account, a]));
  const account = (id: string | undefined) => (id === undefined ? undefined : accounts.get(id));
  const roles = new Map<string, RoleSnapshot>();
  const partitions = new Map<RoleSnapshot, string>();
  for (const a of snap.accounts)
    for (const r of a.roles) {
      roles.set(r.arn.toLowerCase(), r);
      partitions.set(r, a.partition);
    }
  const plans = new Map<RoleSnapshot, RolePlan>();
  const hubAccount = account(intent.hub.account);
  const hubCluster = hubAccount?.clusters.find((c) => c.name === intent.hub.clusterName);
  const argoPods: ArgoPod[] = [];
  for (const pod of snap.hub.pods ?? []) {
    if (pod.namespace !== intent.argocdNamespace) continue;
    const component = componentOf(pod, intent);
    if (component) argoPods.push({ component, pod });
  }
  const sas = snap.hub.serviceAccounts ?? [];
  const serviceAccount = (name: string) =>
    sas.find((s) => s.name === name && s.namespace === intent.argocdNamespace);
  const mgmtFromHub =
    intent.identity === 'pod-identity'
      ? hubCluster?.podIdentityAssociations?.find(
          (a) =>
            a.namespace === intent.argocdNamespace &&
            a.serviceAccount === intent.serviceAccounts.applicationController,
        )?.roleArn
      : serviceAccount(intent.serviceAccounts.applicationController)?.annotations[ROLE_ARN_ANNOTATION];
  const mgmtRoleArn =
    intent.identity === 'eks-capability'
      ? intent.capabilityRoleArn
      : (intent.managementRoleArn ?? mgmtFromHub);
  const ctx: Ctx = {
    snap,
    intent,
    now: Date.parse(snap.collectedAt),
    ...(hubAccount !== undefined && { hubAccount }),
    ...(hubCluster !== undefined && { hubCluster }),
    ...(mgmtRoleArn !== undefined && { mgmtRoleArn }),
    argoPods,
    spokes: buildSpokes(snap, account),
    role: (arn) => (arn === undefined ? undefined : roles.get(arn.toLowerCase())),
    rolePlan: (arn) => {
      const r = arn === undefined ? undefined : roles.get(arn.toLowerCase());
      if (!r) return undefined;
      let plan = plans.get(r);
      if (!plan) {
        plan = toRolePlan(ctx, r, asPartition(partitions.get(r)));
        plans.set(r, plan);
      }
      return plan;
    },
    roleMissing: (arn) =>
      arn !== undefined &&
      (account(accountOf(arn))?.notFound.some(
        (n) => n.kind === 'role' && n.id.toLowerCase() === arn.toLowerCase(),
      ) ??
        false),
    serviceAccount,
    account,
  };
  return ctx;
}

/** Evidence from a field of a spoke's Argo CD cluster Secret. */
export function secretEvidence(s: SpokeView, path: string, value: unknown): Evidence {
  return { source: `cluster Secret ${s.secret!.name}`, path, value };
}

export function envValue(pod: PodSnapshot, name: string): string | undefined {
  for (const c of pod.containers) {
    const v = c.env.find((e) => e.name === name);
    if (v) return v.value ?? (v.fromRef ? '(from reference)' : '');
  }
  return undefined;
}

export function hasEnv(pod: PodSnapshot, name: string): boolean {
  return pod.containers.some((c) => c.env.some((e) => e.name === name));
}

/** `v3.4.4` / `3.4.4` / image `quay.io/argoproj/argocd:v3.4.4` → [3,4,4]; undefined when not a version. */
export function parseVersion(v: string | undefined): [number, number, number] | undefined {
  // The version inside a longer text (an image reference); parsed by the one semver reader.
  const m = v?.match(/v?\d+\.\d+(?:\.\d+)?/);
  const sv = m ? parseSemver(m[0]) : undefined;
  return sv ? [sv.major, sv.minor, sv.patch] : undefined;
}

export function versionAtLeast(
  v: [number, number, number] | undefined,
  min: [number, number, number],
): boolean {
  if (!v) return false;
  for (let i = 0; i < 3; i++) {
    if (v[i]! !== min[i]!) return v[i]! > min[i]!;
  }
  return true;
}

export function imageTag(image: string): string | undefined {
  const at = image.indexOf('@');
  const base = at >= 0 ? image.slice(0, at) : image;
  const colon = base.lastIndexOf(':');
  return colon > base.lastIndexOf('/') ? base.slice(colon + 1) : undefined;
}

/** Argo CD version: the fleet's, else the controller image tag. */
export function argocdVersion(ctx: Ctx): [number, number, number] | undefined {
  const fromIntent = parseVersion(ctx.intent.argocdVersion);
  if (fromIntent) return fromIntent;
  const controller = ctx.argoPods.find((p) => p.component === 'application-controller');
  const image = controller?.pod.containers[0]?.image;
  return parseVersion(image ? imageTag(image) : undefined);
}

/** The components that call spoke APIs (FM-7.2): the controller and the server. */
export function spokeCallers(ctx: Ctx): ArgoPod[] {
  return ctx.argoPods.filter((p) => p.component !== 'applicationset-controller');
}

export function intendedSaNames(ctx: Ctx): { component: Component; name: string }[] {
  return [
    { component: 'application-controller', name: ctx.intent.serviceAccounts.applicationController },
    { component: 'server', name: ctx.intent.serviceAccounts.server },
  ];
}

export function rolePolicies(role: RoleSnapshot): unknown[] {
  return [
    ...role.inlinePolicies.map((p) => p.document),
    ...role.attachedPolicies.flatMap((p) => (p.document ? [p.document] : [])),
  ];
}
