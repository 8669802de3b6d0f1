/**
 * AWS collector (edge): read-only SDK v3 calls per account → AccountSnapshot.
 * - Credentials per account: fleet `credentials.roleArn` (fromTemporaryCredentials, chained from
 *   `credentials.profile` when both are set), `credentials.profile` (fromIni), else the default chain.
 * - Every call: a per-call timeout, retries with backoff + full jitter on throttling / 5xx
 *   (reliability.ts; the SDK's own retry is switched off so attempts do not multiply).
 * - Bounded, adaptive concurrency: `concurrency` accounts at once, `perAccount` calls in flight per
 *   account (EKS and IAM throttle per account); a throttling answer halves the account's limit and
 *   the run's, successes win them back (reliability.ts `adaptiveLimiter`).
 * - A failed call is recorded in `errors` (NoSuchEntity / ResourceNotFoundException in `notFound`)
 *   and never stops the run.
 */

import { setMaxListeners } from 'node:events';
import {
  DescribeAccessEntryCommand,
  DescribeClusterCommand,
  DescribePodIdentityAssociationCommand,
  EKSClient,
  paginateListAccessEntries,
  paginateListAssociatedAccessPolicies,
  paginateListPodIdentityAssociations,
} from '@aws-sdk/client-eks';
import {
  GetAccountSummaryCommand,
  GetOpenIDConnectProviderCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListOpenIDConnectProvidersCommand,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
} from '@aws-sdk/client-iam';
import { fromIni, fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { AccountCredentials } from '../fleet/types.js';
import { AWS_CALLS, type AwsCallName } from './aws-calls.js';
import type { AccountTarget, ClusterTarget } from './intent.js';
import { guardClient, isEndpointDown, type Reachability, reachability } from './reachability.js';
import {
  adaptiveLimiter,
  errorCode,
  isRetryable,
  isThrottling,
  type RetryOptions,
  withRetry,
} from './reliability.js';
import type {
  AccessEntrySnapshot,
  AccountSnapshot,
  ClusterSnapshot,
  CollectionError,
  OidcProviderSnapshot,
  PodIdentityAssociationSnapshot,
  RoleSnapshot,
} from './snapshot.js';

export interface AwsProgress {
  readonly done: number;
  readonly total: number;
  readonly account: string;
}

export interface CollectAwsOptions {
  /**
   * Accounts collected at once (default 256). Halved (down to 8) whenever an account's call is
   * throttled, since the accounts' credentials all come from the hub account's STS quota.
   */
  readonly concurrency?: number;
  /**
   * Most calls in flight per account (default 8: a healthy spoke's reads all fit in one round).
   * Adaptive: a throttling answer halves it for that account, successes win it back.
   */
  readonly perAccount?: number;
  readonly timeoutMs?: number;
  readonly attempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: AwsProgress) => void;
  /** Override credentials (tests / embedding); `undefined` return = SDK default chain. */
  readonly credentialsFor?: (
    c: AccountCredentials | undefined,
    region: string,
    account: string,
  ) => AwsCredentialIdentityProvider | undefined;
  readonly sleep?: RetryOptions['sleep'];
  /** Hosts known unreachable, shared by every client of the run (default: one per collectAws call). */
  readonly reachability?: Reachability;
  /** Extra SDK client configuration (tests / embedding: a request handler, an endpoint). */
  readonly clientConfig?: Record<string, unknown>;
}

const IAM_REGION: Record<string, string> = {
  aws: 'us-east-1',
  'aws-cn': 'cn-north-1',
  'aws-us-gov': 'us-gov-west-1',
};
const NOT_FOUND = new Set(['NoSuchEntity', 'NoSuchEntityException', 'ResourceNotFoundException']);

export function defaultCredentials(
  c: AccountCredentials | undefined,
  region: string,
): AwsCredentialIdentityProvider | undefined {
  if (c?.roleArn)
    return fromTemporaryCredentials({
      params: { RoleArn: c.roleArn, RoleSessionName: 'fleetlink-doctor', DurationSeconds: 900 },
      clientConfig: { region },
      ...(c.profile && { masterCredentials: fromIni({ profile: c.profile }) }),
    });
  if (c?.profile) return fromIni({ profile: c.profile });
  // The SDK's own default chain, made explicit so it is resolved (and can fail) once per account.
  return fromNodeProviderChain();
}

const perAccountOf = (o: CollectAwsOptions) => o.perAccount ?? 8;

/** IAM returns policy documents URL-encoded (RFC 3986). */
export function decodePolicy(doc: string | undefined): Record<string, unknown> {
  if (!doc) return {};
  const text = doc.trimStart().startsWith('{') ? doc : decodeURIComponent(doc);
  return JSON.parse(text) as Record<string, unknown>;
}

const iso = (d: Date | string | undefined) => (d === undefined ? undefined : new Date(d).toISOString());

import { roleNameOf } from '../iam/arn.js';

/**
 * What every account's SDK clients share within one run. Without it, each of the hundreds of
 * clients re-read the same settings from env and ~/.aws/config (FIPS, dual-stack, app id, auth
 * scheme preference, retry and defaults mode; each miss builds a ProviderError with a stack) and
 * built its own HTTP handler with two keep-alive agents: together the largest CPU cost of a run.
 * None of these depend on the account; credentials and region stay per client.
 */
export interface SharedClients {
  /** Spread into every client's configuration. */
  readonly config: Record<string, unknown>;
  /** Frees the shared connection pool; call once, after the last request of the run. */
  readonly destroy: () => void;
}

/**
 * Resolve the shared settings once through a probe client (so env and config files are honoured
 * exactly as the SDK reads them) and build one HTTP handler whose keep-alive pool serves every
 * account: connections (and TLS handshakes) to the global IAM endpoint and each regional EKS
 * endpoint are reused across accounts. The pool is sized for the run's own bound on calls in
 * flight (`maxInFlight`), so sharing it never queues a request the limiters let through.
 */
export async function sharedClients(maxInFlight: number): Promise<SharedClients> {
  const probe = new IAMClient({
    region: 'us-east-1',
    maxAttempts: 1,
    requestHandler: { httpsAgent: { keepAlive: true, maxSockets: Math.max(50, maxInFlight) } },
  });
  const destroy = () => probe.destroy();
  try {
    const c = probe.config;
    const [fips, dualstack, appId, authPref, retryMode, mode] = await Promise.all([
      c.useFipsEndpoint(),
      c.useDualstackEndpoint(),
      c.userAgentAppId(),
      c.authSchemePreference(),
      typeof c.retryMode === 'function' ? c.retryMode() : c.retryMode,
      typeof c.defaultsMode === 'function' ? c.defaultsMode() : c.defaultsMode,
    ]);
    // Providers, not values: an unset (`undefined`) setting must not send the client back to
    // its loader.
    const constant =
      <T>(v: T) =>
      () =>
        Promise.resolve(v);
    return {
      config: {
        requestHandler: c.requestHandler,
        useFipsEndpoint: constant(fips),
        useDualstackEndpoint: constant(dualstack),
        userAgentAppId: constant(appId),
        authSchemePreference: constant(authPref),
        retryMode: constant(retryMode),
        // "auto" resolves to in-region / cross-region by comparing each client's region with
        // the host's (smithy resolveDefaultsModeConfig): that one stays per client.
        ...(mode !== 'in-region' && mode !== 'cross-region' && { defaultsMode: mode }),
      },
      destroy,
    };
  } catch {
    // A malformed setting: every client resolves (and reports) it on its own, as the SDK does.
    destroy();
    return { config: {}, destroy: () => {} };
  }
}

/** Collect one account. Never throws (except on abort): failures land in `errors`. */
async function collectAccount(
  t: AccountTarget,
  o: CollectAwsOptions,
  shared: SharedClients['config'],
  onThrottle: () => void = () => {},
): Promise<AccountSnapshot> {
  const errors: CollectionError[] = [];
  const notFound: AccountSnapshot['notFound'] = [];
  const inFlight = adaptiveLimiter({ initial: perAccountOf(o), max: perAccountOf(o) });
  const provider = (o.credentialsFor ?? defaultCredentials)(t.credentials, t.region, t.account);
  const base = {
    ...shared,
    ...o.clientConfig,
    maxAttempts: 1,
    ...(provider && { credentials: provider }),
  };
  const reach = o.reachability ?? reachability();
  const eks = new Map<string, EKSClient>();
  const eksFor = (region: string) => {
    const known = eks.get(region);
    if (known) return known;
    const c = new EKSClient({ ...base, region });
    guardClient(c, reach);
    eks.set(region, c);
    return c;
  };
  const iam = new IAMClient({ ...base, region: IAM_REGION[t.partition] ?? 'us-east-1' });
  guardClient(iam, reach);
  const retry: RetryOptions = {
    attempts: o.attempts ?? 4,
    baseDelayMs: o.baseDelayMs ?? 200,
    maxDelayMs: o.maxDelayMs ?? 5000,
    timeoutMs: o.timeoutMs ?? 10_000,
    ...(o.signal && { signal: o.signal }),
    ...(o.sleep && { sleep: o.sleep }),
    // A host known unreachable fails the same way on every attempt (reachability.ts).
    retryable: (e) => !isEndpointDown(e) && isRetryable(e),
  };

  /** One AWS call; `undefined` when it failed (recorded) or the thing does not exist. */
  async function call<T>(
    step: string,
    target: string,
    /** What a not-found answer means: recorded as absent, or `absent` = expected, not recorded. */
    kind: 'role' | 'cluster' | 'policy' | 'absent' | undefined,
    fn: (signal: AbortSignal) => Promise<T>,
  ): Promise<T | undefined> {
    // Each attempt takes a slot of its own: a call waiting out its backoff holds none.
    const attempt = (signal: AbortSignal) =>
      inFlight(() =>
        fn(signal).then(
          (v) => {
            inFlight.succeeded();
            return v;
          },
          (e: unknown) => {
            if (isThrottling(e)) {
              inFlight.throttled();
              onThrottle();
            }
            throw e;
          },
        ),
      );
    try {
      return (await withRetry(attempt, retry)).value;
    } catch (e) {
      if (o.signal?.aborted) throw e;
      const code = errorCode(e);
      if (kind === 'absent' && NOT_FOUND.has(code)) return undefined;
      if (kind && kind !== 'absent' && NOT_FOUND.has(code)) notFound.push({ kind, id: target });
      else errors.push({ step, target, code, message: e instanceof Error ? e.message : String(e) });
      return undefined;
    }
  }

  /**
   * Every page of a listing, through the SDK's paginator: each page is one `call` (its own retries
   * and slot). `undefined` when a page failed (recorded): a partial listing is not an answer.
   */
  async function pages<C extends EKSClient | IAMClient, P>(
    name: AwsCallName,
    target: string,
    kind: 'absent' | undefined,
    client: C,
    paginate: (config: { client: C }) => AsyncIterable<P>,
  ): Promise<P[] | undefined> {
    let failed = false;
    // The paginator sends through this view of the client, so every page goes through `call`.
    const routed = Object.create(client, {
      send: {
        value: async (command: Parameters<C['send']>[0]) => {
          const page = await call(AWS_CALLS[name].action, target, kind, (s) =>
            (client.send as (c: unknown, o: unknown) => Promise<P>)(command, { abortSignal: s }),
          );
          if (page === undefined) failed = true;
          return page;
        },
      },
    }) as C;
    const out: P[] = [];
    for await (const page of paginate({ client: routed })) {
      if (page === undefined) break;
      out.push(page);
    }
    return failed ? undefined : out;
  }

  async function policyDocument(arn: string) {
    const p = await call(AWS_CALLS.GetPolicy.action, arn, 'policy', (s) =>
      iam.send(new GetPolicyCommand({ PolicyArn: arn }), { abortSignal: s }),
    );
    const versionId = p?.Policy?.DefaultVersionId;
    if (!versionId) return { arn, ...(p?.Policy?.PolicyName && { name: p.Policy.PolicyName }) };
    const v = await call(AWS_CALLS.GetPolicyVersion.action, arn, 'policy', (s) =>
      iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId }), { abortSignal: s }),
    );
    return {
      arn,
      ...(p?.Policy?.PolicyName && { name: p.Policy.PolicyName }),
      defaultVersionId: versionId,
      ...(v?.PolicyVersion?.Document && { document: decodePolicy(v.PolicyVersion.Document) }),
    };
  }

  async function inlinePolicies(roleName: string, arn: string) {
    const listed = await pages('ListRolePolicies', arn, undefined, iam, (c) =>
      paginateListRolePolicies(c, { RoleName: roleName }),
    );
    const names = (listed ?? []).flatMap((p) => p.PolicyNames ?? []);
    const docs = await Promise.all(
      names.map(async (name) => {
        const r = await call(AWS_CALLS.GetRolePolicy.action, arn, undefined, (s) =>
          iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }), { abortSignal: s }),
        );
        return r?.PolicyDocument ? { name, document: decodePolicy(r.PolicyDocument) } : undefined;
      }),
    );
    return docs.filter((d): d is { name: string; document: Record<string, unknown> } => d !== undefined);
  }

  async function attachedPolicies(roleName: string, arn: string) {
    const listed = await pages('ListAttachedRolePolicies', arn, undefined, iam, (c) =>
      paginateListAttachedRolePolicies(c, { RoleName: roleName }),
    );
    const arns = (listed ?? []).flatMap((page) =>
      (page.AttachedPolicies ?? []).flatMap((p) => (p.PolicyArn ? [p.PolicyArn] : [])),
    );
    return Promise.all(arns.map(policyDocument));
  }

  async function role(arn: string): Promise<RoleSnapshot | undefined> {
    const name = roleNameOf(arn);
    // GetRole and the policy listings do not depend on each other: run them together.
    const [got, inline, attached] = await Promise.all([
      call(AWS_CALLS.GetRole.action, arn, 'role', (s) =>
        iam.send(new GetRoleCommand({ RoleName: name }), { abortSignal: s }),
      ),
      inlinePolicies(name, arn),
      attachedPolicies(name, arn),
    ]);
    const r = got?.Role;
    if (!r?.Arn) return undefined;
    const boundaryArn = r.PermissionsBoundary?.PermissionsBoundaryArn;
    return {
      arn: r.Arn,
      roleName: r.RoleName ?? name,
      roleId: r.RoleId ?? '',
      path: r.Path ?? '/',
      createDate: iso(r.CreateDate) ?? '',
      ...(r.MaxSessionDuration !== undefined && { maxSessionDuration: r.MaxSessionDuration }),
      trustPolicy: decodePolicy(r.AssumeRolePolicyDocument),
      ...(boundaryArn && { permissionsBoundary: await policyDocument(boundaryArn) }),
      inlinePolicies: inline,
      attachedPolicies: attached,
    };
  }

  /** DescribeAccessEntry ∥ ListAssociatedAccessPolicies; `undefined` when the entry does not exist. */
  async function describeEntry(
    client: EKSClient,
    c: ClusterTarget,
    principalArn: string,
    expectAbsent: boolean,
  ): Promise<AccessEntrySnapshot | undefined> {
    const kind = expectAbsent ? 'absent' : undefined;
    const [d, policies] = await Promise.all([
      call(AWS_CALLS.DescribeAccessEntry.action, c.name, kind, (s) =>
        client.send(new DescribeAccessEntryCommand({ clusterName: c.name, principalArn }), {
          abortSignal: s,
        }),
      ),
      associatedPolicies(client, c.name, principalArn, kind),
    ]);
    const e = d?.accessEntry;
    if (!e) return undefined;
    return {
      principalArn: e.principalArn ?? principalArn,
      ...(e.type && { type: e.type }),
      ...(e.username && { username: e.username }),
      kubernetesGroups: e.kubernetesGroups ?? [],
      ...(e.createdAt && { createdAt: iso(e.createdAt) }),
      ...(e.modifiedAt && { modifiedAt: iso(e.modifiedAt) }),
      accessPolicies: policies ?? [],
    };
  }

  async function listEntries(client: EKSClient, c: ClusterTarget): Promise<string[] | undefined> {
    const listed = await pages('ListAccessEntries', c.name, undefined, client, (x) =>
      paginateListAccessEntries(x, { clusterName: c.name }),
    );
    return listed?.flatMap((p) => p.accessEntries ?? []);
  }

  /**
   * The entry of the principal the token will carry is read at once, beside the listing (one
   * round trip instead of two on a healthy spoke); other entries of Fleetlink's roles found in the
   * listing are described after it; everyone else's (node roles, admins) only listed.
   */
  async function accessEntries(c: ClusterTarget): Promise<AccessEntrySnapshot[] | undefined> {
    const client = eksFor(c.region);
    const [arns, early] = await Promise.all([
      listEntries(client, c),
      Promise.all((c.principals ?? []).map((p) => describeEntry(client, c, p, true))),
    ]);
    if (!arns) return undefined;
    const known = new Map(
      early
        .filter((e): e is AccessEntrySnapshot => e !== undefined)
        .map((e) => [e.principalArn.toLowerCase(), e]),
    );
    return Promise.all(
      arns.map(async (principalArn): Promise<AccessEntrySnapshot> => {
        const summary = { principalArn, kubernetesGroups: [], accessPolicies: [] };
        const done = known.get(principalArn.toLowerCase());
        if (done) return done;
        if (!t.principals.includes(roleNameOf(principalArn).toLowerCase())) return summary;
        return (await describeEntry(client, c, principalArn, false)) ?? summary;
      }),
    );
  }

  async function associatedPolicies(
    client: EKSClient,
    clusterName: string,
    principalArn: string,
    kind?: 'absent',
  ): Promise<AccessEntrySnapshot['accessPolicies'][number][] | undefined> {
    const out: AccessEntrySnapshot['accessPolicies'][number][] = [];
    const listed = await pages('ListAssociatedAccessPolicies', clusterName, kind, client, (x) =>
      paginateListAssociatedAccessPolicies(x, { clusterName, principalArn }),
    );
    for (const page of listed ?? []) {
      for (const p of page.associatedAccessPolicies ?? []) {
        if (!p.policyArn) continue;
        out.push({
          policyArn: p.policyArn,
          accessScope: {
            type: p.accessScope?.type ?? 'cluster',
            ...(p.accessScope?.namespaces?.length && { namespaces: p.accessScope.namespaces }),
          },
          ...(p.associatedAt && { associatedAt: iso(p.associatedAt) }),
          ...(p.modifiedAt && { modifiedAt: iso(p.modifiedAt) }),
        });
      }
    }
    return out;
  }

  async function podIdentity(c: ClusterTarget): Promise<PodIdentityAssociationSnapshot[] | undefined> {
    const client = eksFor(c.region);
    const listed = await pages('ListPodIdentityAssociations', c.name, undefined, client, (x) =>
      paginateListPodIdentityAssociations(x, { clusterName: c.name }),
    );
    if (!listed) return undefined;
    const ids = listed.flatMap((page) =>
      (page.associations ?? []).flatMap((a) => (a.associationId ? [a.associationId] : [])),
    );
    const out = await Promise.all(
      ids.map(async (associationId) => {
        const d = await call(AWS_CALLS.DescribePodIdentityAssociation.action, c.name, undefined, (s) =>
          client.send(new DescribePodIdentityAssociationCommand({ clusterName: c.name, associationId }), {
            abortSignal: s,
          }),
        );
        const a = d?.association;
        if (!a?.namespace || !a.serviceAccount || !a.roleArn) return undefined;
        return {
          associationId,
          namespace: a.namespace,
          serviceAccount: a.serviceAccount,
          roleArn: a.roleArn,
          ...(a.targetRoleArn && { targetRoleArn: a.targetRoleArn }),
          ...(a.disableSessionTags !== undefined && { disableSessionTags: a.disableSessionTags }),
          ...(a.createdAt && { createdAt: iso(a.createdAt) }),
          ...(a.modifiedAt && { modifiedAt: iso(a.modifiedAt) }),
        };
      }),
    );
    return out.filter((x): x is PodIdentityAssociationSnapshot => x !== undefined);
  }

  /** Issuers come from DescribeCluster alone: the OIDC reads wait for these, not whole clusters. */
  const issuers: Promise<string | undefined>[] = [];

  async function cluster(c: ClusterTarget): Promise<ClusterSnapshot | undefined> {
    const client = eksFor(c.region);
    const described = call(AWS_CALLS.DescribeCluster.action, c.name, 'cluster', (s) =>
      client.send(new DescribeClusterCommand({ name: c.name }), { abortSignal: s }),
    );
    if (t.oidc) issuers.push(described.then((d) => d?.cluster?.identity?.oidc?.issuer));
    const [d, entries, pia] = await Promise.all([
      described,
      c.accessEntries ? accessEntries(c) : Promise.resolve(undefined),
      c.podIdentity ? podIdentity(c) : Promise.resolve(undefined),
    ]);
    const k = d?.cluster;
    if (!k) return undefined;
    const vpc = k.resourcesVpcConfig;
    return {
      name: k.name ?? c.name,
      region: c.region,
      ...(k.arn && { arn: k.arn }),
      ...(k.endpoint && { endpoint: k.endpoint }),
      ...(k.certificateAuthority?.data && { certificateAuthorityData: k.certificateAuthority.data }),
      ...(k.identity?.oidc?.issuer && { oidcIssuer: k.identity.oidc.issuer }),
      ...(k.accessConfig?.authenticationMode && { authenticationMode: k.accessConfig.authenticationMode }),
      ...(vpc?.endpointPublicAccess !== undefined && { endpointPublicAccess: vpc.endpointPublicAccess }),
      ...(vpc?.endpointPrivateAccess !== undefined && { endpointPrivateAccess: vpc.endpointPrivateAccess }),
      ...(vpc?.publicAccessCidrs && { publicAccessCidrs: vpc.publicAccessCidrs }),
      ...(k.platformVersion && { platformVersion: k.platformVersion }),
      ...(k.version && { version: k.version }),
      ...(k.status && { status: k.status }),
      ...(entries && { accessEntries: entries }),
      ...(pia && { podIdentityAssociations: pia }),
    };
  }

  /** Providers of the account; details only for the hub issuer's (the one IRSA needs). */
  async function oidcProviders(issuers: string[]): Promise<OidcProviderSnapshot[] | undefined> {
    const list = await call(AWS_CALLS.ListOpenIDConnectProviders.action, t.account, undefined, (s) =>
      iam.send(new ListOpenIDConnectProvidersCommand({}), { abortSignal: s }),
    );
    if (!list) return undefined;
    return Promise.all(
      (list.OpenIDConnectProviderList ?? [])
        .flatMap((p) => (p.Arn ? [p.Arn] : []))
        .map(async (arn) => {
          const url = arn.split(':oidc-provider/')[1] ?? '';
          if (!issuers.some((i) => i.replace(/^https:\/\//, '') === url)) return { arn, url, clientIds: [] };
          const d = await call(AWS_CALLS.GetOpenIDConnectProvider.action, arn, undefined, (s) =>
            iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }), {
              abortSignal: s,
            }),
          );
          return { arn, url: d?.Url ?? url, clientIds: d?.ClientIDList ?? [] };
        }),
    );
  }

  try {
    if (provider) {
      // Resolve credentials once up front: "no credentials" is one clear error, not one per call.
      try {
        await withRetry(() => provider(), { ...retry, attempts: 2 });
      } catch (e) {
        if (o.signal?.aborted) throw e;
        errors.push({
          step: 'credentials',
          target: t.account,
          code: errorCode(e),
          message: e instanceof Error ? e.message : String(e),
        });
        return { account: t.account, partition: t.partition, clusters: [], roles: [], notFound, errors };
      }
    }
    const clustersP = Promise.all(t.clusters.map(cluster));
    const rolesP = Promise.all(t.roles.map(role));
    const summaryP = call(AWS_CALLS.GetAccountSummary.action, t.account, undefined, (s) =>
      iam.send(new GetAccountSummaryCommand({}), { abortSignal: s }),
    );
    // IRSA needs the hub's issuer, known once DescribeCluster answers: the provider reads do not
    // wait for the access-entry or Pod Identity reads of the same clusters (a dependency in the
    // code only, which made the chain one call longer when a spoke shares the hub's account).
    const oidcP = t.oidc
      ? Promise.all(issuers).then((is) => oidcProviders(is.filter((i): i is string => !!i)))
      : Promise.resolve(undefined);
    const [clusters, roles, summary, oidc] = await Promise.all([clustersP, rolesP, summaryP, oidcP]);
    const summaryMap = summary?.SummaryMap as Record<string, number> | undefined;
    return {
      account: t.account,
      partition: t.partition,
      clusters: clusters.filter((c): c is ClusterSnapshot => c !== undefined),
      roles: roles.filter((r): r is RoleSnapshot => r !== undefined),
      notFound,
      ...(oidc && { oidcProviders: oidc }),
      ...(summaryMap && { accountSummary: summaryMap }),
      errors,
    };
  } finally {
    // A client's destroy() would close the shared connection pool under other accounts' calls;
    // the run frees it once at the end (collectAws), and the clients are garbage like any object.
    if (!shared.requestHandler) {
      for (const c of eks.values()) c.destroy();
      iam.destroy();
    }
  }
}

/** Collect every account target, `concurrency` at a time. Rejects only when `signal` aborts. */
export async function collectAws(
  targets: readonly AccountTarget[],
  o: CollectAwsOptions = {},
): Promise<AccountSnapshot[]> {
  // Every in-flight call listens on the run's signal; hundreds at once are expected.
  if (o.signal) setMaxListeners(0, o.signal);
  const concurrency = o.concurrency ?? 256;
  const limit = adaptiveLimiter({ initial: concurrency, min: Math.min(8, concurrency), max: concurrency });
  if (targets.length === 0) return [];
  const shared = await sharedClients(Math.min(concurrency, targets.length) * perAccountOf(o));
  // One record for the whole run: the global IAM endpoint and a regional EKS endpoint are the
  // same hosts for every account.
  const run = { ...o, reachability: o.reachability ?? reachability() };
  let done = 0;
  try {
    return await Promise.all(
      targets.map((t) =>
        limit(async () => {
          const r = await collectAccount(t, run, shared.config, limit.throttled);
          limit.succeeded();
          o.onProgress?.({ done: ++done, total: targets.length, account: t.account });
          return r;
        }),
      ),
    );
  } finally {
    shared.destroy();
  }
}
