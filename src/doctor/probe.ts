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

export async function runProbe(snapshot: Snapshot, o: ProbeOptions = {}): Promise<ProbeStep[]> {
  const ctx = buildContext(snapshot);
  const out: ProbeStep[] = [];
  const intent = snapshot.intent;
  if (intent.identity === 'eks-capability' || !ctx.mgmtRoleArn) return out;
  if (o.signal) setMaxListeners(0, o.signal);
  const now = o.now ?? (() => new Date());
  const timeoutMs = o.timeoutMs ?? 10_000;
  const base: RetryOptions = {
    attempts: 3,
    baseDelayMs: 500,
    maxDelayMs: 5000,
    timeoutMs,
    ...(o.signal && { signal: o.signal }),
    ...(o.sleep && { sleep: o.sleep }),
  };
  /** Eventual consistency: retry denials too, for about `consistencyWindowMs`. */
  const patient: RetryOptions = {
    ...base,
    attempts: Math.max(2, Math.ceil((o.consistencyWindowMs ?? 30_000) / 5000)),
    baseDelayMs: 1000,
    retryable: () => true,
  };
  const hubRegion = intent.hub.region;
  const sts =
    o.stsClient ??
    ((region: string, credentials?: AwsCredentials) =>
      new STSClient({ region, maxAttempts: 1, ...(credentials && { credentials }) }));

  // 1. TokenRequest for the controller's service account.
  const sa = intent.serviceAccounts.applicationController;
  const ns = intent.argocdNamespace;
  const audience = intent.identity === 'irsa' ? 'sts.amazonaws.com' : 'pods.eks.amazonaws.com';
  const kc = o.kubeConfig ?? loadKubeConfig(o.context);
  const core = kc.makeApiClient(CoreV1Api);
  const saToken = await step(
    out,
    { step: 'token-request', cluster: 'hub', subject: `${ns}/${sa}` },
    base,
    async () => {
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
    },
  );
  if (!saToken) return out;

  // 2. First AWS credentials, as the pod would get them.
  let mgmt: AwsCredentials | undefined;
  if (intent.identity === 'irsa') {
    mgmt = await step(
      out,
      { step: 'assume-role-with-web-identity', cluster: 'hub', subject: ctx.mgmtRoleArn },
      base,
      async (signal) => {
        const r = await sts(hubRegion).send(
          new AssumeRoleWithWebIdentityCommand({
            RoleArn: ctx.mgmtRoleArn,
            RoleSessionName: SESSION,
            WebIdentityToken: saToken,
            DurationSeconds: 900,
          }),
          { abortSignal: signal },
        );
        const c = r.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey)
          throw new Error('AssumeRoleWithWebIdentity returned no credentials');
        return {
          value: {
            accessKeyId: c.AccessKeyId,
            secretAccessKey: c.SecretAccessKey,
            ...(c.SessionToken && { sessionToken: c.SessionToken }),
          },
          detail: { callerArn: r.AssumedRoleUser?.Arn },
        };
      },
    );
  } else {
    const hubCreds = defaultCredentials(intent.hub.credentials, hubRegion);
    const call =
      o.eksAuth ??
      ((i: { region: string; clusterName: string; token: string }) =>
        eksAuthCall(i.region, i.clusterName, i.token, async () => {
          if (hubCreds) return hubCreds();
          const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
          return fromNodeProviderChain()();
        }));
    mgmt = await step(
      out,
      { step: 'assume-role-for-pod-identity', cluster: 'hub', subject: ctx.mgmtRoleArn },
      base,
      async () => {
        const r = await call({ region: hubRegion, clusterName: intent.hub.clusterName, token: saToken });
        return { value: r.credentials, detail: { callerArn: r.arn } };
      },
    );
  }
  if (!mgmt) return out;
  const mgmtCreds = mgmt;

  // 3–6 per spoke.
  const limit = limiter(o.concurrency ?? 16);
  const perSpoke: ProbeStep[][] = await Promise.all(
    ctx.spokes.map((s) =>
      limit(() => probeSpoke(s)).catch((e: unknown) => {
        if (o.signal?.aborted) throw e;
        return [] as ProbeStep[];
      }),
    ),
  );
  for (const steps of perSpoke) out.push(...steps);
  return out;

  async function probeSpoke(s: SpokeView): Promise<ProbeStep[]> {
    const steps: ProbeStep[] = [];
    const retry = recentlyChanged(ctx, s) ? patient : base;
    let creds: AwsCredentials | undefined = mgmtCreds;
    if (s.roleArn && s.roleArn !== ctx.mgmtRoleArn) {
      creds = await step(
        steps,
        { step: 'assume-deployer', cluster: s.name, subject: s.roleArn },
        retry,
        async (signal) => {
          const r = await sts(hubRegion, mgmtCreds).send(
            new AssumeRoleCommand({ RoleArn: s.roleArn, RoleSessionName: SESSION, DurationSeconds: 900 }),
            { abortSignal: signal },
          );
          const c = r.Credentials;
          if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('AssumeRole returned no credentials');
          return {
            value: {
              accessKeyId: c.AccessKeyId,
              secretAccessKey: c.SecretAccessKey,
              ...(c.SessionToken && { sessionToken: c.SessionToken }),
            },
            detail: { callerArn: r.AssumedRoleUser?.Arn },
          };
        },
      );
    }
    if (!creds || !s.secret) return steps;
    const signedFor = s.secret.config?.awsAuthConfig?.clusterName ?? s.clusterName;
    const realName = s.cluster?.name ?? s.intent?.clusterName ?? signedFor;
    if (!signedFor || !realName) return steps;
    const signer = creds;
    const token = await step(
      steps,
      { step: 'eks-token', cluster: s.name, subject: signedFor },
      { ...base, attempts: 1 },
      async () => {
        const t = await createToken({
          credentials: signer,
          region: hubRegion,
          clusterName: signedFor,
          signingDate: now(),
        });
        const v = verifyToken(t.token, {
          clusterName: realName,
          now: now(),
          partition: (s.partition ?? 'aws') as 'aws' | 'aws-cn' | 'aws-us-gov',
          credentials: signer,
        });
        if (!v.ok)
          throw Object.assign(
            new Error(v.rule === 'signature' ? `SignatureDoesNotMatch: ${v.reason}` : v.reason),
            { code: v.rule },
          );
        return { value: t.token, detail: { clusterName: realName, expiresAt: t.expirationTimestamp } };
      },
    );
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
    const http = (method: string, path: string, body?: unknown) => (signal: AbortSignal) =>
      httpsJson(`${target.url}${path}`, {
        method,
        token,
        ...(ca && { ca }),
        ...(body !== undefined && { body }),
        signal,
        timeoutMs,
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
    const namespaces = (s.secret.data.namespaces ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    await step(
      steps,
      { step: 'spoke-access', cluster: s.name, subject: s.roleArn ?? ctx.mgmtRoleArn ?? '' },
      retry,
      async (signal) => {
        const checks = [
          ...(namespaces.length === 0
            ? [
                { verb: 'list', namespace: undefined },
                { verb: 'watch', namespace: undefined },
              ]
            : []),
          ...(namespaces.length > 0 ? namespaces : ['default']).flatMap((n) => [
            { verb: 'list', namespace: n },
            { verb: 'create', namespace: n },
            { verb: 'update', namespace: n },
          ]),
        ];
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
      },
    );
    return steps;
  }
}
