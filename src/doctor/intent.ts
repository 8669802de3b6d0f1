/**
 * What doctor checks against: the fleet's intent (plus what the hub's cluster Secrets add), and,
 * from that, what to read in each account. Pure.
 */
import type { AccountCredentials, Fleet, RoleRef } from '../fleet/types.js';
import { buildContext, partitionOfRegion, ROLE_ARN_ANNOTATION } from './rules/context.js';
import { type HubSnapshot, type Intent, SNAPSHOT_API_VERSION } from './snapshot.js';

export function roleArn(partition: string, account: string, ref: RoleRef): string {
  const path = ref.path.endsWith('/') ? ref.path : `${ref.path}/`;
  return `arn:${partition}:iam::${account}:role${path.startsWith('/') ? path : `/${path}`}${ref.name}`;
}

function creds(c: AccountCredentials | undefined): { credentials?: AccountCredentials } {
  return c && (c.profile || c.roleArn) ? { credentials: { ...c } } : {};
}

export function intentFromFleet(fleet: Fleet, only?: readonly string[]): Intent {
  const hub = fleet.hub;
  const spokes = fleet.spokes.filter((s) => !only?.length || only.includes(s.name));
  return {
    source: 'fleet',
    identity: fleet.identity,
    argocdNamespace: fleet.argocd.namespace,
    argocdVersion: fleet.argocd.version,
    serviceAccounts: { ...fleet.argocd.serviceAccounts },
    hub: {
      account: hub.account,
      region: hub.region,
      partition: hub.partition,
      clusterName: hub.clusterName,
      ...creds(hub.credentials),
    },
    ...(fleet.identity !== 'eks-capability' && {
      managementRoleArn: roleArn(hub.partition, hub.account, hub.managementRole),
    }),
    ...(hub.capabilityRole && { capabilityRoleArn: roleArn(hub.partition, hub.account, hub.capabilityRole) }),
    spokes: spokes.map((s) => ({
      name: s.name,
      account: s.account,
      region: s.region,
      partition: s.partition,
      clusterName: s.clusterName,
      ...(fleet.identity !== 'eks-capability' && {
        deployerRoleArn: roleArn(s.partition, s.account, s.deployerRole),
      }),
      ...(s.endpoint && { endpoint: s.endpoint }),
      ...creds(s.credentials),
    })),
  };
}

export interface ClusterTarget {
  readonly name: string;
  readonly region: string;
  readonly accessEntries: boolean;
  readonly podIdentity: boolean;
  /** ARNs whose access entry is read directly (the principal the spoke's token carries). */
  readonly principals?: string[];
}

export interface AccountTarget {
  readonly account: string;
  readonly partition: string;
  /** Region for the credentials' STS calls. */
  readonly region: string;
  readonly credentials?: AccountCredentials;
  readonly clusters: ClusterTarget[];
  readonly roles: string[];
  /** Read IAM OIDC providers (the account holds the IRSA role). */
  readonly oidc: boolean;
  /** Access-entry principals worth describing (role names, lower-case, without path). */
  readonly principals: string[];
}

/**
 * Everything to read per account: the hub cluster, the management role, the OIDC providers,
 * each spoke's cluster and deployer role — from the intent plus the hub's cluster Secrets.
 */
export function collectionTargets(intent: Intent, hub: HubSnapshot): AccountTarget[] {
  const ctx = buildContext({
    apiVersion: SNAPSHOT_API_VERSION,
    kind: 'Snapshot',
    collectedAt: new Date(0).toISOString(),
    intent,
    accounts: [],
    hub,
  });
  const byAccount = new Map<string, AccountTarget>();
  const get = (account: string, partition: string, region: string, credentials?: AccountCredentials) => {
    let t = byAccount.get(account);
    if (!t) {
      t = {
        account,
        partition,
        region,
        ...creds(credentials),
        clusters: [],
        roles: [],
        oidc: false,
        principals: [],
      };
      byAccount.set(account, t);
    }
    return t;
  };
  const addRole = (arn: string | undefined) => {
    const account = arn?.split(':')[4];
    if (!arn || !account || !/^\d{12}$/.test(account)) return;
    const t = get(account, arn.split(':')[1] ?? 'aws', intent.hub.region);
    if (!t.roles.includes(arn)) t.roles.push(arn);
  };
  const h = intent.hub;
  const hubT = get(h.account, h.partition, h.region, h.credentials);
  hubT.clusters.push({
    name: h.clusterName,
    region: h.region,
    accessEntries: false,
    podIdentity: intent.identity === 'pod-identity',
  });
  addRole(ctx.mgmtRoleArn);
  for (const { name } of [
    { name: intent.serviceAccounts.applicationController },
    { name: intent.serviceAccounts.server },
  ]) {
    addRole(ctx.serviceAccount(name)?.annotations[ROLE_ARN_ANNOTATION]);
  }
  const mgmtAccount = ctx.mgmtRoleArn?.split(':')[4];
  if (intent.identity === 'irsa' && mgmtAccount) {
    const t = byAccount.get(mgmtAccount);
    if (t) byAccount.set(mgmtAccount, { ...t, oidc: true });
  }
  const principals = new Set<string>();
  for (const arn of [ctx.mgmtRoleArn, ...ctx.spokes.map((s) => s.roleArn)])
    if (arn) principals.add(arn.split('/').pop()!.toLowerCase());
  for (const s of ctx.spokes) {
    if (s.account && s.region && s.clusterName && !s.clusterName.startsWith('arn:')) {
      const t = get(s.account, s.partition ?? partitionOfRegion(s.region), s.region, s.intent?.credentials);
      const principal = s.roleArn ?? ctx.mgmtRoleArn;
      const known = t.clusters.find((c) => c.name === s.clusterName && c.region === s.region);
      if (!known)
        t.clusters.push({
          name: s.clusterName,
          region: s.region,
          accessEntries: true,
          podIdentity: false,
          ...(principal && { principals: [principal] }),
        });
      else if (principal && !known.principals?.includes(principal)) known.principals?.push(principal);
    }
    addRole(s.roleArn);
  }
  return [...byAccount.values()].map((t) => ({ ...t, principals: [...principals] }));
}
