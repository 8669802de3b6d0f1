/**
 * Witness principals: everyone who could try to ride the chain. They are generated from the plan
 * alone (any plan: generated, hand-edited or observed), so no naming of ours is assumed beyond what
 * the plan states. Each witness has a *start*: how it enters the chain (a web-identity token, the
 * EKS Pod Identity agent, an EKS service, or AWS credentials).
 */
import { partitionOf } from '../iam/arn.js';
import type { AccessPlan, ClusterRegistrationPlan, PolicyDocument, RolePlan } from '../plan/types.js';
import type { Witness } from './types.js';

/** IRSA's projected token audience (the same in every partition, FM-1.4). */
export const STS_AUDIENCE = 'sts.amazonaws.com';
export const POD_IDENTITY_SERVICE = 'pods.eks.amazonaws.com';
export const CAPABILITY_SERVICE = 'capabilities.eks.amazonaws.com';

export type StartKind = 'web-identity' | 'pod-identity' | 'service' | 'aws';

export interface PodIdentityStart {
  readonly clusterArn: string;
  readonly clusterName: string;
  readonly account: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** False when the association disables session tags (`disableSessionTags`). */
  readonly tagged: boolean;
  /** Region of the cluster (the `sts:ExternalId` EKS sets on a target-role hop starts with it). */
  readonly region?: string;
}

interface StartBase {
  /** Identifies equal starts (their results are shared). */
  readonly key: string;
  /** Key for evaluation caching when session tags do not matter (sessions of one role share it). */
  readonly cacheKey?: string;
  /** The request principal handed to the evaluator. */
  readonly principal: string;
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

/** A pod's projected service-account token, exchanged by AssumeRoleWithWebIdentity (IRSA). */
export interface WebIdentityStart extends StartBase {
  readonly kind: 'web-identity';
  readonly webIdentity: {
    readonly providerArn: string;
    readonly issuerHost: string;
    readonly aud: string;
    /** Check the provider against the plan's OIDC providers (existence, ClientIDList). */
    readonly checkProvider: boolean;
  };
}

/** A pod whose credentials the EKS Pod Identity agent obtains. */
export interface PodIdentityEntryStart extends StartBase {
  readonly kind: 'pod-identity';
  readonly podIdentity: PodIdentityStart;
}

/** An EKS service principal (capabilities) and the account it acts for. */
export interface ServiceStart extends StartBase {
  readonly kind: 'service';
  readonly service: { readonly name: string; readonly sourceAccount: string };
}

/**
 * An AWS principal with credentials of its own:
 * - `principal`: a witness (a user, a root, a role we invent, anonymous) that tries the chain;
 * - `plan-role`: a session of a role of the plan, as a witness that begins mid-chain (its own role
 *   is reached without a hop, and an access entry naming it is not "its own" identity);
 * - `chained-session`: a session of `role` obtained inside the chain, whose next hop the role's
 *   permissions boundary limits.
 */
export type AwsStart = AwsPrincipalStart | PlanRoleStart | ChainedSessionStart;

interface AwsStartBase extends StartBase {
  readonly kind: 'aws';
  readonly account?: string;
  /** IAM ARN (role/user/root) an access entry could name directly. */
  readonly iamArn?: string;
  /** Identity policies of an AWS principal (witnesses are given broad STS rights: the trust is the gate). */
  readonly identityPolicies?: readonly PolicyDocument[];
}

export interface AwsPrincipalStart extends AwsStartBase {
  readonly origin: 'principal';
}

export interface PlanRoleStart extends AwsStartBase {
  readonly origin: 'plan-role';
  readonly role: RolePlan;
  readonly account: string;
  readonly iamArn: string;
}

export interface ChainedSessionStart extends AwsStartBase {
  readonly origin: 'chained-session';
  readonly role: RolePlan;
  readonly account: string;
  readonly iamArn: string;
}

/** How a witness enters the chain: a discriminated union on `kind` (and `origin` for AWS principals). */
export type Start = WebIdentityStart | PodIdentityEntryStart | ServiceStart | AwsStart;

/** The account a start's requests are made from (none for tokens, agents and services). */
export function startAccount(start: Start): string | undefined {
  return start.kind === 'aws' ? start.account : undefined;
}

export interface WitnessSpec {
  readonly witness: Witness;
  /** Clusters this witness is meant to reach (empty for unintended witnesses). */
  readonly intendedClusters: ReadonlySet<string>;
  /** Relative witnesses start in the account of the cluster being looked at. */
  readonly startFor: (cluster: ClusterRegistrationPlan) => Start | undefined;
  /** Why the witness has no start at all (e.g. no OIDC issuer in the plan). */
  readonly noStartReason?: string;
}

/** Gives a witness every STS right in its own account: what a curious admin there could do. */
const BROAD_STS: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: '*' }],
};

const OTHER_ISSUER_ID = 'F1EE71117A000000000000000000BEEF';

export function clusterArnOf(partition: string, region: string, account: string, name: string): string {
  return `arn:${partition}:eks:${region}:${account}:cluster/${name}`;
}

/** Argo CD chart `argo-cd.fullname`: the release name if it contains `argocd`, else `<release>-argocd`. */
function chartFullname(releaseName: string): string {
  if (!releaseName) return 'argocd';
  return releaseName.includes('argocd') ? releaseName : `${releaseName}-argocd`;
}

function issuerHostOf(plan: AccessPlan): string | undefined {
  if (plan.hub.oidcIssuer) return plan.hub.oidcIssuer.replace(/^https:\/\//, '').replace(/\/+$/, '');
  const provider = plan.oidcProviders.find((p) => p.account === plan.hub.account) ?? plan.oidcProviders[0];
  return provider?.issuerHost;
}

function providerArnFor(plan: AccessPlan, host: string): string {
  const known = plan.oidcProviders.find((p) => p.issuerHost === host);
  return known?.arn ?? `arn:${plan.hub.partition}:iam::${plan.hub.account}:oidc-provider/${host}`;
}

/** An account id used by no one in the plan: the "unrelated account". */
function unrelatedAccount(plan: AccessPlan): string {
  const used = new Set<string>([plan.hub.account, ...plan.roles.map((r) => r.account)]);
  for (const c of plan.clusters) used.add(c.account);
  let n = 999999999999;
  while (used.has(String(n))) n -= 1;
  return String(n);
}

interface SaRef {
  readonly namespace: string;
  readonly name: string;
}

const saId = (sa: SaRef): string => `${sa.namespace}/${sa.name}`;

export function generateWitnesses(plan: AccessPlan): WitnessSpec[] {
  const specs: WitnessSpec[] = [];
  const p = plan.hub.partition;
  const ns = plan.argocd.namespace;

  // Intended service accounts: from the intended paths, then any planned SA without a path.
  const intendedBySa = new Map<string, { sa: SaRef; clusters: Set<string> }>();
  for (const path of plan.intended) {
    const key = saId(path.serviceAccount);
    const entry = intendedBySa.get(key) ?? { sa: path.serviceAccount, clusters: new Set<string>() };
    entry.clusters.add(path.cluster);
    intendedBySa.set(key, entry);
  }
  if (plan.identity !== 'eks-capability')
    for (const sa of plan.serviceAccounts) {
      const key = saId(sa);
      if (!intendedBySa.has(key))
        intendedBySa.set(key, { sa: { namespace: sa.namespace, name: sa.name }, clusters: new Set() });
    }
  const intendedSas = [...intendedBySa.values()];
  const intendedNames = new Set(intendedSas.map((i) => i.sa.name));
  const intendedKeys = new Set(intendedBySa.keys());

  if (plan.identity === 'eks-capability') {
    specs.push(...capabilityWitnesses(plan, intendedSas));
  } else {
    const saStart = plan.identity === 'irsa' ? irsaStarter(plan) : podIdentityStarter(plan);
    const add = (
      id: string,
      label: string,
      kind: string,
      sa: SaRef,
      clusters: Set<string>,
      variant?: string,
    ) => {
      const start = saStart(sa, variant);
      specs.push({
        witness: { id, label, kind, intended: clusters.size > 0 },
        intendedClusters: clusters,
        startFor: () => start.start,
        noStartReason: start.reason,
      });
    };
    for (const { sa, clusters } of intendedSas)
      add(`sa:${saId(sa)}`, `${saId(sa)}`, 'intended-service-account', sa, clusters);

    // Other service accounts in the Argo CD namespace: `default` and the chart's other components,
    // whose names derive from the release (argo-helm `_common.tpl`, facts §4.1–4.2).
    const fullname = chartFullname(plan.argocd.releaseName);
    const others = [
      'default',
      `${fullname}-repo-server`,
      'argocd-repo-server',
      `${fullname}-dex-server`,
      `${fullname}-notifications-controller`,
    ];
    for (const name of new Set(others)) {
      const sa = { namespace: ns, name };
      if (intendedKeys.has(saId(sa))) continue;
      add(`sa:${saId(sa)}`, saId(sa), 'other-service-account', sa, new Set());
    }
    // The same names in other namespaces (a look-alike namespace catches `argocd*` globs).
    for (const otherNs of ['default', `${ns}-dev`]) {
      if (otherNs === ns) continue;
      for (const name of intendedNames) {
        const sa = { namespace: otherNs, name };
        if (intendedKeys.has(saId(sa))) continue;
        add(`sa:${saId(sa)}`, saId(sa), 'service-account-other-namespace', sa, new Set());
      }
    }
    const first = intendedSas[0]?.sa;
    for (const { sa } of intendedSas)
      add(
        `sa-other-cluster:${saId(sa)}`,
        `${saId(sa)} on another cluster`,
        'service-account-other-cluster',
        sa,
        new Set(),
        'other-cluster',
      );
    if (first && plan.identity === 'irsa')
      add(
        `sa-wrong-aud:${saId(first)}`,
        `${saId(first)} with a non-STS audience`,
        'wrong-audience',
        first,
        new Set(),
        'wrong-aud',
      );
    if (first && plan.identity === 'pod-identity') {
      // With disableSessionTags the real pods are the untagged sessions: no separate witness.
      const tagsOn = !plan.podIdentityAssociations.some(
        (a) => a.namespace === first.namespace && a.serviceAccount === first.name && a.disableSessionTags,
      );
      if (tagsOn)
        add(
          `podid-untagged:${saId(first)}`,
          `${saId(first)} without session tags`,
          'pod-identity-untagged',
          first,
          new Set(),
          'untagged',
        );
      add(
        `podid-foreign-account:${saId(first)}`,
        `${saId(first)} on a cluster in another account`,
        'pod-identity-foreign-account',
        first,
        new Set(),
        'foreign-account',
      );
    }
  }

  specs.push(...awsWitnesses(plan, p));
  return specs;
}

type SaStarter = (sa: SaRef, variant?: string) => { start?: Start; reason?: string };

function irsaStarter(plan: AccessPlan): SaStarter {
  const host = issuerHostOf(plan);
  return (sa, variant) => {
    if (!host) return { reason: 'the plan names no OIDC issuer for the hub cluster' };
    const otherHost = /\/id\/[^/]+$/.test(host)
      ? host.replace(/\/id\/[^/]+$/, `/id/${OTHER_ISSUER_ID}`)
      : `${host}-other`;
    const useHost = variant === 'other-cluster' ? otherHost : host;
    // Another cluster's provider lives in the same account: its ARN differs only by issuer.
    const providerArn =
      variant === 'other-cluster'
        ? `arn:${plan.hub.partition}:iam::${plan.hub.account}:oidc-provider/${useHost}`
        : providerArnFor(plan, host);
    // A pod's default service-account token has the API server audience, not STS.
    const aud = variant === 'wrong-aud' ? 'https://kubernetes.default.svc' : STS_AUDIENCE;
    const sub = `system:serviceaccount:${sa.namespace}:${sa.name}`;
    return {
      start: {
        key: `wi|${providerArn}|${sub}|${aud}`,
        kind: 'web-identity',
        principal: providerArn,
        webIdentity: { providerArn, issuerHost: useHost, aud, checkProvider: variant !== 'other-cluster' },
        // AssumeRoleWithWebIdentity context: `<issuer>:sub`, `<issuer>:aud` (IAM User Guide,
        // "Available keys for AWS OIDC federation"); EKS tokens carry no `amr`.
        context: { [`${useHost}:sub`]: sub, [`${useHost}:aud`]: aud },
      },
    };
  };
}

function podIdentityStarter(plan: AccessPlan): SaStarter {
  const hub = plan.hub;
  return (sa, variant) => {
    const foreign = variant === 'foreign-account';
    const account = foreign ? unrelatedAccount(plan) : hub.account;
    const clusterName = variant === 'other-cluster' ? `${hub.clusterName}-other` : hub.clusterName;
    const clusterArn = clusterArnOf(hub.partition, hub.region, account, clusterName);
    // The association decides: `disableSessionTags` means EKS adds none (pod-id-abac).
    const association = plan.podIdentityAssociations.find(
      (a) => a.namespace === sa.namespace && a.serviceAccount === sa.name,
    );
    const tagged = variant !== 'untagged' && association?.disableSessionTags !== true;
    return {
      start: {
        key: `pi|${clusterArn}|${sa.namespace}/${sa.name}|${tagged}`,
        kind: 'pod-identity',
        principal: POD_IDENTITY_SERVICE,
        podIdentity: {
          clusterArn,
          clusterName,
          account,
          namespace: sa.namespace,
          serviceAccount: sa.name,
          tagged,
          region: hub.region,
        },
      },
    };
  };
}

/** Session tags EKS Pod Identity adds (EKS User Guide, pod-id-abac), all transitive. */
export function podIdentityTags(pi: PodIdentityStart): Record<string, string> {
  if (!pi.tagged) return {};
  return {
    'eks-cluster-arn': pi.clusterArn,
    'eks-cluster-name': pi.clusterName,
    'kubernetes-namespace': pi.namespace,
    'kubernetes-service-account': pi.serviceAccount,
    'kubernetes-pod-name': `${pi.serviceAccount}-0`,
    'kubernetes-pod-uid': '00000000-0000-4000-8000-000000000000',
  };
}

function capabilityWitnesses(
  plan: AccessPlan,
  intendedSas: readonly { sa: SaRef; clusters: Set<string> }[],
): WitnessSpec[] {
  const clusters = new Set<string>();
  for (const i of intendedSas) for (const c of i.clusters) clusters.add(c);
  const mk = (account: string, id: string, label: string, intended: Set<string>): WitnessSpec => {
    const start: Start = {
      key: `svc|${CAPABILITY_SERVICE}|${account}`,
      kind: 'service',
      principal: CAPABILITY_SERVICE,
      service: { name: CAPABILITY_SERVICE, sourceAccount: account },
    };
    return {
      witness: {
        id,
        label,
        kind: id.startsWith('capability:') ? 'eks-capability' : 'eks-capability-foreign',
        intended: intended.size > 0,
      },
      intendedClusters: intended,
      startFor: () => start,
    };
  };
  return [
    mk(
      plan.hub.account,
      `capability:${plan.hub.clusterName}`,
      `EKS Argo CD capability on ${plan.hub.clusterName}`,
      clusters,
    ),
    mk(
      unrelatedAccount(plan),
      'capability-foreign-account',
      'EKS Argo CD capability in another account',
      new Set(),
    ),
  ];
}

function awsStart(
  key: string,
  principal: string,
  account: string,
  iamArn: string,
  principalArn: string,
  identityPolicies: readonly PolicyDocument[],
): AwsPrincipalStart {
  return {
    key,
    kind: 'aws',
    origin: 'principal',
    principal,
    account,
    iamArn,
    identityPolicies,
    context: { 'aws:PrincipalArn': principalArn, 'aws:PrincipalAccount': account },
  };
}

/** Every identity policy of the role whose document is known: inline, created and attached managed. */
export function identityDocuments(role: RolePlan): PolicyDocument[] {
  return [...role.inlinePolicies, ...role.managedPolicies, ...(role.attachedPolicies ?? [])].map(
    (p) => p.document,
  );
}

/** A session of a plan role as a start (the role itself, or a principal that begins mid-chain). */
export function roleSessionStart(role: RolePlan): PlanRoleStart {
  const session = `arn:${role.partition}:sts::${role.account}:assumed-role/${role.name}/fleetlink-witness`;
  return {
    key: `role|${role.arn.toLowerCase()}`,
    kind: 'aws',
    origin: 'plan-role',
    role,
    principal: session,
    account: role.account,
    iamArn: role.arn,
    identityPolicies: identityDocuments(role),
    context: { 'aws:PrincipalArn': role.arn, 'aws:PrincipalAccount': role.account },
  };
}

function awsWitnesses(plan: AccessPlan, p: string): WitnessSpec[] {
  const specs: WitnessSpec[] = [];
  const hubAcct = plan.hub.account;
  const fixed = (witness: Witness, start: Start, intended: Set<string> = new Set()): WitnessSpec => ({
    witness,
    intendedClusters: intended,
    startFor: () => start,
  });

  // The roles of the chain that start it (management, capability) as sessions of their own:
  // they are meant to reach the clusters whose intended paths run through them.
  for (const role of plan.roles) {
    if (role.kind === 'deployer') continue;
    // A Pod Identity association role with a targetRoleArn is meant to reach what its target does:
    // EKS chains from it into the target on every credential request (pod-id-assign-target-role).
    const own = role.arn.toLowerCase();
    const chainArns = new Set([
      own,
      ...plan.podIdentityAssociations
        .filter((a) => a.targetRoleArn && a.roleArn.toLowerCase() === own)
        .map((a) => a.targetRoleArn!.toLowerCase()),
    ]);
    const intended = new Set(
      plan.intended.filter((i) => i.roles.some((r) => chainArns.has(r.toLowerCase()))).map((i) => i.cluster),
    );
    specs.push(
      fixed(
        {
          id: `role:${role.id}`,
          label: `${role.kind} role session (${role.name})`,
          kind: 'role-session',
          intended: intended.size > 0,
        },
        roleSessionStart(role),
        intended,
      ),
    );
  }

  const otherRole = `arn:${p}:iam::${hubAcct}:role/fleetlink-witness-other-role`;
  specs.push(
    fixed(
      { id: 'hub-other-role', label: 'another role in the hub account', kind: 'role', intended: false },
      awsStart(
        'hub-other-role',
        `arn:${p}:sts::${hubAcct}:assumed-role/fleetlink-witness-other-role/witness`,
        hubAcct,
        otherRole,
        otherRole,
        [BROAD_STS],
      ),
    ),
  );
  const user = `arn:${p}:iam::${hubAcct}:user/fleetlink-witness-user`;
  specs.push(
    fixed(
      { id: 'hub-user', label: 'an IAM user in the hub account', kind: 'user', intended: false },
      awsStart('hub-user', user, hubAcct, user, user, [BROAD_STS]),
    ),
  );
  const root = `arn:${p}:iam::${hubAcct}:root`;
  specs.push(
    fixed(
      { id: 'hub-root', label: 'the hub account root', kind: 'root', intended: false },
      awsStart('hub-root', root, hubAcct, root, root, [BROAD_STS]),
    ),
  );

  // Principals of the spoke's own account: relative witnesses, evaluated per cluster.
  const memo = new Map<string, Start>();
  const once = (key: string, make: () => Start): Start => {
    let start = memo.get(key);
    if (!start) {
      start = make();
      memo.set(key, start);
    }
    return start;
  };
  const spokeRoleStart = (account: string, partition: string): Start =>
    once(`spoke-role|${account}`, () => {
      const arn = `arn:${partition}:iam::${account}:role/fleetlink-witness-spoke-role`;
      return awsStart(
        `spoke-role|${account}`,
        `arn:${partition}:sts::${account}:assumed-role/fleetlink-witness-spoke-role/witness`,
        account,
        arn,
        arn,
        [BROAD_STS],
      );
    });
  specs.push({
    witness: {
      id: 'spoke-role',
      label: "a role in the spoke's account",
      kind: 'spoke-role',
      intended: false,
    },
    intendedClusters: new Set(),
    startFor: (c) => spokeRoleStart(c.account, partitionFromArnOr(c.server, p)),
  });
  specs.push({
    witness: { id: 'spoke-root', label: "the spoke account's root", kind: 'spoke-root', intended: false },
    intendedClusters: new Set(),
    startFor: (c) =>
      once(`spoke-root|${c.account}`, () => {
        const r = `arn:${partitionFromArnOr(c.server, p)}:iam::${c.account}:root`;
        return awsStart(`spoke-root|${c.account}`, r, c.account, r, r, [BROAD_STS]);
      }),
  });
  const spokeAccounts = [...new Set(plan.clusters.map((c) => c.account))].filter((a) => a !== hubAcct);
  const accountIndex = new Map(spokeAccounts.map((a, i) => [a, i]));
  if (spokeAccounts.length > 1)
    specs.push({
      witness: {
        id: 'other-spoke-role',
        label: "a role in another spoke's account",
        kind: 'other-spoke-role',
        intended: false,
      },
      intendedClusters: new Set(),
      startFor: (c) => {
        const i = accountIndex.get(c.account) ?? -1;
        const other = spokeAccounts[(i + 1) % spokeAccounts.length] ?? spokeAccounts[0]!;
        return spokeRoleStart(other, p);
      },
    });

  const unrelated = unrelatedAccount(plan);
  const unrelatedRole = `arn:${p}:iam::${unrelated}:role/fleetlink-witness-unrelated`;
  specs.push(
    fixed(
      { id: 'unrelated-role', label: 'a role in an unrelated account', kind: 'unrelated', intended: false },
      awsStart(
        'unrelated-role',
        `arn:${p}:sts::${unrelated}:assumed-role/fleetlink-witness-unrelated/witness`,
        unrelated,
        unrelatedRole,
        unrelatedRole,
        [BROAD_STS],
      ),
    ),
  );
  specs.push(
    fixed(
      { id: 'anonymous', label: 'anonymous', kind: 'anonymous', intended: false },
      { key: 'anonymous', kind: 'aws', origin: 'principal', principal: 'anonymous', context: {} },
    ),
  );
  return specs;
}

function partitionFromArnOr(value: string, fallback: string): string {
  return partitionOf(value) ?? fallback;
}
