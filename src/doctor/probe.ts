/**
 * Live probe (edge, `--probe`, read-only): walk the chain as Argo CD does (docs/failure-modes.md#probe-sequence
 * steps 5–7) and record each step's outcome — never a token or a credential:
 *   1. TokenRequest for the controller's service account (audience sts.amazonaws.com for IRSA,
 *      pods.eks.amazonaws.com for Pod Identity);
 *   2. sts:AssumeRoleWithWebIdentity into the management role (no AWS credentials needed), or
 *      EKS Auth AssumeRoleForPodIdentity (SigV4-signed by hand: @aws-sdk/client-eks-auth is not
 *      a dependency; needs eks-auth:AssumeRoleForPodIdentity for doctor's hub credentials);
 *   3. sts:AssumeRole into each deployer role with the management session;
 *   4. an EKS token exactly as argocd-k8s-auth makes it, checked with the token verifier against
 *      the REAL cluster name (signature recomputed: proves awsAuthConfig.clusterName);
 *   5. GET /version on the spoke with the Secret's server and caData — only when that server is the
 *      spoke's EKS endpoint (server-url.ts): the token is a credential, never sent elsewhere;
 *   6. SelfSubjectAccessReviews for what Argo CD needs (list/watch `*` cluster-wide,
 *      create/update in its namespaces).
 * Resources modified in the last minutes are retried with backoff (EKS is eventually consistent,
 * FM-5.8). Failures are classified later (classify.ts) from the recorded error text.
 */
import { setMaxListeners } from 'node:events';
import { request } from 'node:https';
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { createToken } from '../token/sign.js';
import { verifyToken } from '../token/verify.js';
import { defaultCredentials } from './collect-aws.js';
import { loadKubeConfig } from './collect-k8s.js';
import { errorCode, isRetryable, limiter, type RetryOptions, withRetry } from './reliability.js';
import { buildContext, type Ctx, type SpokeView } from './rules/context.js';
import { probeTarget } from './server-url.js';
import type { ProbeStep, Snapshot } from './snapshot.js';

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface SpokeResponse {
  readonly status: number;
  readonly body: unknown;
}

export interface ProbeOptions {
  readonly context?: string;
  readonly kubeConfig?: KubeConfig;
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
  readonly timeoutMs?: number;
  /** How long to keep retrying steps on recently modified resources (default 30 s). */
  readonly consistencyWindowMs?: number;
  readonly sleep?: RetryOptions['sleep'];
  /** Spokes probed at once (default 16). */
  readonly concurrency?: number;
  /** STS client for a region and credentials (tests inject; default a real STSClient). */
  readonly stsClient?: (region: string, credentials?: AwsCredentials) => STSClient;
  /** EKS Auth AssumeRoleForPodIdentity (tests inject; default: signed HTTPS call). */
  readonly eksAuth?: (input: { region: string; clusterName: string; token: string }) => Promise<{
    credentials: AwsCredentials;
    arn: string;
  }>;
}

const SESSION = 'fleetlink-doctor-probe';
const RECENT_MS = 5 * 60_000;

/** Error text of an AWS / k8s / network failure: name or code, then message. */
function describe(e: unknown): { code: string; message: string } {
  const body = (e as { body?: unknown } | null)?.body;
  const k8sMessage =
    typeof body === 'string' ? body : ((body as { message?: string } | undefined)?.message ?? undefined);
  const message = k8sMessage ?? (e instanceof Error ? e.message : String(e));
  return { code: errorCode(e), message: scrubCredentials(message).slice(0, 500) };
}

/**
 * A proxy or echo endpoint may reflect our request headers in its error body: never let an EKS
 * token or bearer token travel into the snapshot or the output.
 */
export function scrubCredentials(text: string): string {
  return text
    .replace(/k8s-aws-v1\.[A-Za-z0-9_-]+/g, 'k8s-aws-v1.REDACTED')
    .replace(/(Bearer\s+)\S+/gi, '$1REDACTED');
}

/** Step runner: records outcome and attempts; `undefined` value on failure. */
async function step<T>(
  out: ProbeStep[],
  base: Omit<ProbeStep, 'ok' | 'attempts' | 'error' | 'detail'>,
  retry: RetryOptions,
  fn: (signal: AbortSignal) => Promise<{ value: T; detail?: Record<string, unknown> }>,
): Promise<T | undefined> {
  try {
    const r = await withRetry(fn, retry);
    out.push({ ...base, ok: true, attempts: r.attempts, ...(r.value.detail && { detail: r.value.detail }) });
    return r.value.value;
  } catch (e) {
    if (retry.signal?.aborted) throw e;
    const attempts = (e as { attempts?: number }).attempts ?? 1;
    const detail = (e as { detail?: Record<string, unknown> }).detail;
    out.push({ ...base, ok: false, attempts, error: describe(e), ...(detail && { detail }) });
    return undefined;
  }
}

function httpsJson(
  url: string,
  o: { method: string; token: string; ca?: string; body?: unknown; signal: AbortSignal; timeoutMs: number },
): Promise<SpokeResponse> {
  return new Promise((resolve, reject) => {
    const payload = o.body === undefined ? undefined : JSON.stringify(o.body);
    const req = request(
      url,
      {
        method: o.method,
        headers: {
          Authorization: `Bearer ${o.token}`,
          Accept: 'application/json',
          ...(payload && {
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(payload),
          }),
        },
        ...(o.ca && { ca: o.ca }),
        signal: o.signal,
        timeout: o.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON: keep text
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on('timeout', () =>
      req.destroy(Object.assign(new Error(`connect ETIMEDOUT ${url}`), { code: 'ETIMEDOUT' })),
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function httpError(r: SpokeResponse, what: string): Error {
  const msg =
    (r.body as { message?: string } | undefined)?.message ?? (typeof r.body === 'string' ? r.body : '');
  const reason = r.status === 401 ? 'Unauthorized' : r.status === 403 ? 'Forbidden' : `HTTP ${r.status}`;
  return Object.assign(new Error(`${what}: ${r.status} ${reason}${msg ? `: ${msg}` : ''}`), {
    code: String(r.status),
  });
}

/** Signed EKS Auth call (POST /clusters/{name}/assume-role-for-pod-identity, service eks-auth). */
async function eksAuthCall(
  region: string,
  clusterName: string,
  token: string,
  credentials: () => Promise<AwsCredentials>,
): Promise<{ credentials: AwsCredentials; arn: string }> {
  const hostname = `eks-auth.${region}.api.aws`;
  const body = JSON.stringify({ token });
  const signer = new SignatureV4({
    credentials,
    region,
    service: 'eks-auth',
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'https:',
    hostname,
    path: `/clusters/${encodeURIComponent(clusterName)}/assume-role-for-pod-identity`,
    headers: { host: hostname, 'content-type': 'application/json' },
    body,
  });
  const res = await fetch(`https://${hostname}${signed.path}`, {
    method: 'POST',
    headers: signed.headers,
    body,
  });
  const json = (await res.json()) as {
    credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
    assumedRoleUser?: { arn: string };
    message?: string;
  };
  if (!res.ok || !json.credentials)
    throw Object.assign(new Error(json.message ?? `HTTP ${res.status}`), {
      code: res.headers.get('x-amzn-errortype') ?? String(res.status),
    });
  return { credentials: json.credentials, arn: json.assumedRoleUser?.arn ?? '' };
}

function recentlyChanged(ctx: Ctx, s: SpokeView): boolean {
  const times = [
    ...(s.cluster?.accessEntries ?? []).flatMap((e) => [e.createdAt, e.modifiedAt]),
    ctx.role(s.roleArn)?.createDate,
    ctx.role(ctx.mgmtRoleArn)?.createDate,
    ...(ctx.hubCluster?.podIdentityAssociations ?? []).flatMap((a) => [a.createdAt, a.modifiedAt]),
  ].filter((t): t is string => !!t);
  return times.some((t) => ctx.now - Date.parse(t) < RECENT_MS);
}

function caPem(s: SpokeView): string | undefined {
  const ca = s.secret?.config?.tlsClientConfig?.caData;
  return ca ? Buffer.from(ca, 'base64').toString('utf8') : undefined;
}

/** What every step of one probe run shares. */
interface ProbeRun {
  readonly ctx: Ctx;
  readonly snapshot: Snapshot;
  readonly o: ProbeOptions;
  readonly now: () => Date;
  readonly timeoutMs: number;
  /** Default retries: transient errors only. */
  readonly base: RetryOptions;
  /** Eventual consistency: retry denials too, for about `consistencyWindowMs`. */
  readonly patient: RetryOptions;
  readonly sts: (region: string, credentials?: AwsCredentials) => STSClient;
}

function probeRun(snapshot: Snapshot, ctx: Ctx, o: ProbeOptions): ProbeRun {
  const timeoutMs = o.timeoutMs ?? 10_000;
  const base: RetryOptions = {
    attempts: 3,
    baseDelayMs: 500,
    maxDelayMs: 5000,
    timeoutMs,
    ...(o.signal && { signal: o.signal }),
    ...(o.sleep && { sleep: o.sleep }),
  };
  const patient: RetryOptions = {
    ...base,
    attempts: Math.max(2, Math.ceil((o.consistencyWindowMs ?? 30_000) / 5000)),
    baseDelayMs: 1000,
    retryable: () => true,
  };
  const sts =
    o.stsClient ??
    ((region: string, credentials?: AwsCredentials) =>
      new STSClient({ region, maxAttempts: 1, ...(credentials && { credentials }) }));
  return { ctx, snapshot, o, now: o.now ?? (() => new Date()), timeoutMs, base, patient, sts };
}

export async function runProbe(snapshot: Snapshot, o: ProbeOptions = {}): Promise<ProbeStep[]> {
  const ctx = buildContext(snapshot);
  const out: ProbeStep[] = [];
  if (snapshot.intent.identity === 'eks-capability' || !ctx.mgmtRoleArn) return out;
  if (o.signal) setMaxListeners(0, o.signal);
  const run = probeRun(snapshot, ctx, o);
  const saToken = await controllerToken(run, out);
  if (!saToken) return out;
  const mgmt = await managementCredentials(run, out, ctx.mgmtRoleArn, saToken);
  if (!mgmt) return out;
  // 3–6 per spoke.
  const limit = limiter(o.concurrency ?? 16);
  const perSpoke: ProbeStep[][] = await Promise.all(
    ctx.spokes.map((s) =>
      limit(() => probeSpoke(run, mgmt, s)).catch((e: unknown) => {
        if (o.signal?.aborted) throw e;
        return [] as ProbeStep[];
      }),
    ),
  );
  for (const steps of perSpoke) out.push(...steps);
  return out;
}

/** 1. TokenRequest for the controller's service account, with the identity mode's audience. */
async function controllerToken(run: ProbeRun, out: ProbeStep[]): Promise<string | undefined> {
  const { intent } = run.snapshot;
  const sa = intent.serviceAccounts.applicationController;
  const ns = intent.argocdNamespace;
  const audience = intent.identity === 'irsa' ? 'sts.amazonaws.com' : 'pods.eks.amazonaws.com';
  const kc = run.o.kubeConfig ?? loadKubeConfig(run.o.context);
  const core = kc.makeApiClient(CoreV1Api);
  return step(out, { step: 'token-request', cluster: 'hub', subject: `${ns}/${sa}` }, run.base, async () => {
    const r = await core.createNamespacedServiceAccountToken({
      name: sa,
      namespace: ns,
      body: {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { audiences: [audience], expirationSeconds: 600 },
      },
    });
    if (!r.status?.token) throw new Error('TokenRequest returned no token');
    return { value: r.status.token, detail: { audience } };
  });
}

/** STS credentials as the SDK types them, narrowed to what the probe signs with. */
function stsCredentials(
  c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined,
  what: string,
): AwsCredentials {
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`${what} returned no credentials`);
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    ...(c.SessionToken && { sessionToken: c.SessionToken }),
  };
}

/** 2. First AWS credentials, as the pod would get them (IRSA web identity or Pod Identity). */
async function managementCredentials(
  run: ProbeRun,
  out: ProbeStep[],
  mgmtRoleArn: string,
  saToken: string,
): Promise<AwsCredentials | undefined> {
  const { intent } = run.snapshot;
  const hubRegion = intent.hub.region;
  if (intent.identity === 'irsa') {
    return step(
      out,
      { step: 'assume-role-with-web-identity', cluster: 'hub', subject: mgmtRoleArn },
      run.base,
      async (signal) => {
        const r = await run.sts(hubRegion).send(
          new AssumeRoleWithWebIdentityCommand({
            RoleArn: mgmtRoleArn,
            RoleSessionName: SESSION,
            WebIdentityToken: saToken,
            DurationSeconds: 900,
          }),
          { abortSignal: signal },
        );
        return {
          value: stsCredentials(r.Credentials, 'AssumeRoleWithWebIdentity'),
          detail: { callerArn: r.AssumedRoleUser?.Arn },
        };
      },
    );
  }
  const hubCreds = defaultCredentials(intent.hub.credentials, hubRegion);
  const call =
    run.o.eksAuth ??
    ((i: { region: string; clusterName: string; token: string }) =>
      eksAuthCall(i.region, i.clusterName, i.token, async () => {
        if (hubCreds) return hubCreds();
        const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
        return fromNodeProviderChain()();
      }));
  return step(
    out,
    { step: 'assume-role-for-pod-identity', cluster: 'hub', subject: mgmtRoleArn },
    run.base,
    async () => {
      const r = await call({ region: hubRegion, clusterName: intent.hub.clusterName, token: saToken });
      return { value: r.credentials, detail: { callerArn: r.arn } };
    },
  );
}

/** Steps 3–6 for one spoke; each runs only when the one before it succeeded. */
async function probeSpoke(run: ProbeRun, mgmt: AwsCredentials, s: SpokeView): Promise<ProbeStep[]> {
  const steps: ProbeStep[] = [];
  const retry = recentlyChanged(run.ctx, s) ? run.patient : run.base;
  const creds =
    s.roleArn && s.roleArn !== run.ctx.mgmtRoleArn
      ? await assumeDeployer(run, steps, retry, mgmt, s.roleArn, s.name)
      : mgmt;
  if (!creds || !s.secret) return steps;
  const token = await spokeToken(run, steps, creds, s);
  const server = s.secret.data.server;
  if (!token || !server) return steps;
  // Never hand the spoke's token to a server that is not that spoke's EKS endpoint (FM-6.3).
  const target = probeTarget(s);
  if (!target.send) {
    steps.push({
      step: 'spoke-version',
      cluster: s.name,
      subject: server,
      ok: false,
      attempts: 0,
      error: { code: 'skipped', message: target.reason },
      detail: { skipped: true, failureMode: 'FM-6.3', reportedByRule: target.reportedByRule },
    });
    return steps;
  }
  const ca = caPem(s);
  const http: SpokeHttp = (method, path, body) => (signal) =>
    httpsJson(`${target.url}${path}`, {
      method,
      token,
      ...(ca && { ca }),
      ...(body !== undefined && { body }),
      signal,
      timeoutMs: run.timeoutMs,
    });
  const version = await step(
    steps,
    { step: 'spoke-version', cluster: s.name, subject: server },
    { ...retry, retryable: (e) => retry.retryable?.(e) ?? isRetryable(e) },
    async (signal) => {
      const r = await http('GET', '/version')(signal);
      if (r.status !== 200) throw httpError(r, 'GET /version');
      return { value: r.body, detail: { gitVersion: (r.body as { gitVersion?: string }).gitVersion } };
    },
  );
  if (version === undefined) return steps;
  await spokeAccess(steps, retry, http, s, s.roleArn ?? run.ctx.mgmtRoleArn ?? '');
  return steps;
}

type SpokeHttp = (
  method: string,
  path: string,
  body?: unknown,
) => (signal: AbortSignal) => Promise<SpokeResponse>;

/** 3. sts:AssumeRole into the spoke's deployer role with the management session. */
function assumeDeployer(
  run: ProbeRun,
  steps: ProbeStep[],
  retry: RetryOptions,
  mgmt: AwsCredentials,
  roleArn: string,
  cluster: string,
): Promise<AwsCredentials | undefined> {
  return step(steps, { step: 'assume-deployer', cluster, subject: roleArn }, retry, async (signal) => {
    const r = await run
      .sts(run.snapshot.intent.hub.region, mgmt)
      .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: SESSION, DurationSeconds: 900 }), {
        abortSignal: signal,
      });
    return {
      value: stsCredentials(r.Credentials, 'AssumeRole'),
      detail: { callerArn: r.AssumedRoleUser?.Arn },
    };
  });
}

/**
 * 4. An EKS token exactly as argocd-k8s-auth makes it (signed for the Secret's
 * awsAuthConfig.clusterName), verified against the REAL cluster name: the recomputed signature
 * proves the name right or wrong.
 */
async function spokeToken(
  run: ProbeRun,
  steps: ProbeStep[],
  creds: AwsCredentials,
  s: SpokeView,
): Promise<string | undefined> {
  const signedFor = s.secret?.config?.awsAuthConfig?.clusterName ?? s.clusterName;
  const realName = s.cluster?.name ?? s.intent?.clusterName ?? signedFor;
  if (!signedFor || !realName) return undefined;
  return step(
    steps,
    { step: 'eks-token', cluster: s.name, subject: signedFor },
    { ...run.base, attempts: 1 },
    async () => {
      const t = await createToken({
        credentials: creds,
        region: run.snapshot.intent.hub.region,
        clusterName: signedFor,
        signingDate: run.now(),
      });
      const v = verifyToken(t.token, {
        clusterName: realName,
        now: run.now(),
        partition: (s.partition ?? 'aws') as 'aws' | 'aws-cn' | 'aws-us-gov',
        credentials: creds,
      });
      if (!v.ok)
        throw Object.assign(
          new Error(v.rule === 'signature' ? `SignatureDoesNotMatch: ${v.reason}` : v.reason),
          { code: v.rule },
        );
      return { value: t.token, detail: { clusterName: realName, expiresAt: t.expirationTimestamp } };
    },
  );
}

/** What Argo CD needs: list/watch everything cluster-wide, or create/update in its namespaces. */
function accessChecks(namespaces: readonly string[]): { verb: string; namespace?: string }[] {
  return [
    ...(namespaces.length === 0 ? [{ verb: 'list' }, { verb: 'watch' }] : []),
    ...(namespaces.length > 0 ? namespaces : ['default']).flatMap((n) => [
      { verb: 'list', namespace: n },
      { verb: 'create', namespace: n },
      { verb: 'update', namespace: n },
    ]),
  ];
}

/** 6. SelfSubjectAccessReviews on the spoke for every check; all denials in one failure. */
async function spokeAccess(
  steps: ProbeStep[],
  retry: RetryOptions,
  http: SpokeHttp,
  s: SpokeView,
  subject: string,
): Promise<void> {
  const namespaces = (s.secret?.data.namespaces ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  await step(steps, { step: 'spoke-access', cluster: s.name, subject }, retry, async (signal) => {
    const checks = accessChecks(namespaces);
    const denied: string[] = [];
    for (const c of checks) {
      const r = await http('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: {
          resourceAttributes: {
            verb: c.verb,
            group: '*',
            resource: '*',
            ...(c.namespace && { namespace: c.namespace }),
          },
        },
      })(signal);
      if (r.status !== 201 && r.status !== 200) throw httpError(r, 'SelfSubjectAccessReview');
      if (!(r.body as { status?: { allowed?: boolean } }).status?.allowed)
        denied.push(`${c.verb} */* ${c.namespace ? `in ${c.namespace}` : 'cluster-wide'}`);
    }
    if (denied.length > 0) {
      const clusterScopedOnly = denied.every((d) => d.endsWith('cluster-wide'));
      throw Object.assign(new Error(`forbidden: cannot ${denied.join('; ')}`), {
        code: '403',
        detail: { denied, clusterScopedOnly },
      });
    }
    return { value: true, detail: { checked: checks.length } };
  });
}
