/**
 * Local Kubernetes API servers on 127.0.0.1 over HTTPS (own CA, test/helpers createTestPki):
 * - a hub: service accounts, pods, Secrets (base64 data, as the API returns them), the Pod
 *   Identity agent DaemonSet, and TokenRequest;
 * - spokes: GET /version and SelfSubjectAccessReview, authenticating the bearer EKS token with
 *   Fleetlink's token verifier (signature recomputed, so the cluster name is proven) and an
 *   in-memory access-entry table keyed by the signing access key id.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { verifyToken } from '../../../src/token/verify.js';
import type { TestPki } from '../../helpers/k8s-api-server.js';

export interface HubState {
  serviceAccounts: { name: string; annotations?: Record<string, string> }[];
  pods: Record<string, unknown>[];
  secrets: { name: string; labels?: Record<string, string>; data: Record<string, string> }[];
  daemonSet?: { desired: number; ready: number } | null;
  /** Argo CD Applications (raw objects, as the API returns them); default none. */
  applications?: Record<string, unknown>[];
  /** StatefulSets / Deployments in the Argo CD namespace (raw objects); default none. */
  statefulSets?: Record<string, unknown>[];
  deployments?: Record<string, unknown>[];
  /** ConfigMaps in the Argo CD namespace by name (data); absent = 404. */
  configMaps?: Record<string, Record<string, string>>;
  /** Bearer token the hub accepts (test kubeconfig). */
  bearer: string;
  tokenRequests: { name: string; audiences: string[] }[];
}

export interface SpokeState {
  clusterName: string;
  /** Access key id → { principal, scope } (scope: 'cluster' or namespaces). */
  entries: Record<string, { principal: string; scope: 'cluster' | string[] }>;
  /** Secret keys of the credentials the probe will sign with (the verifier recomputes signatures). */
  secrets: Record<string, { secretAccessKey: string; sessionToken?: string }>;
  /** Do not answer at all (a spoke that does not answer). */
  silent?: boolean;
  /** Authorization headers received, in order (to prove a token was or was not sent here). */
  authorizations?: string[];
}

export interface FakeServer {
  readonly url: string;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const t = Buffer.concat(chunks).toString('utf8');
      resolve(t ? JSON.parse(t) : undefined);
    });
  });
}

function status(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

async function listen(
  pki: TestPki,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<FakeServer> {
  const server: Server = createServer({ cert: pki.serverCert, key: pki.serverKey }, handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export function startHub(pki: TestPki, state: HubState): Promise<FakeServer> {
  return listen(pki, async (req, res) => {
    if (req.headers.authorization !== `Bearer ${state.bearer}`)
      return send(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
    const url = new URL(req.url ?? '/', 'https://x');
    const p = url.pathname;
    const route = (method: string, re: RegExp) => (req.method === method ? p.match(re) : null);
    const saList = route('GET', /^\/api\/v1\/namespaces\/([^/]+)\/serviceaccounts$/);
    const podList = route('GET', /^\/api\/v1\/namespaces\/([^/]+)\/pods$/);
    const secretList = route('GET', /^\/api\/v1\/namespaces\/([^/]+)\/secrets$/);
    const tokenRequest = route('POST', /^\/api\/v1\/namespaces\/([^/]+)\/serviceaccounts\/([^/]+)\/token$/);
    const appList = route('GET', /^\/apis\/argoproj\.io\/v1alpha1\/namespaces\/([^/]+)\/applications$/);
    const stsList = route('GET', /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/statefulsets$/);
    const depList = route('GET', /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/deployments$/);
    const cmGet = route('GET', /^\/api\/v1\/namespaces\/([^/]+)\/configmaps\/([^/]+)$/);
    if (appList)
      return send(res, 200, {
        kind: 'ApplicationList',
        apiVersion: 'argoproj.io/v1alpha1',
        metadata: {},
        items: state.applications ?? [],
      });
    if (stsList)
      return send(res, 200, {
        kind: 'StatefulSetList',
        apiVersion: 'apps/v1',
        metadata: {},
        items: state.statefulSets ?? [],
      });
    if (depList)
      return send(res, 200, {
        kind: 'DeploymentList',
        apiVersion: 'apps/v1',
        metadata: {},
        items: state.deployments ?? [],
      });
    if (cmGet) {
      const data = state.configMaps?.[cmGet[2]!];
      if (!data) return send(res, 404, status(404, 'NotFound', `configmaps "${cmGet[2]}" not found`));
      return send(res, 200, {
        kind: 'ConfigMap',
        apiVersion: 'v1',
        metadata: { name: cmGet[2], namespace: cmGet[1] },
        data,
      });
    }
    if (saList)
      return send(res, 200, {
        kind: 'ServiceAccountList',
        apiVersion: 'v1',
        metadata: {},
        items: state.serviceAccounts.map((s) => ({
          metadata: { name: s.name, namespace: saList[1], annotations: s.annotations ?? {} },
        })),
      });
    if (podList)
      return send(res, 200, { kind: 'PodList', apiVersion: 'v1', metadata: {}, items: state.pods });
    if (secretList)
      return send(res, 200, {
        kind: 'SecretList',
        apiVersion: 'v1',
        metadata: {},
        items: state.secrets.map((s) => ({
          metadata: { name: s.name, namespace: secretList[1], labels: s.labels ?? {} },
          type: 'Opaque',
          data: Object.fromEntries(
            Object.entries(s.data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
          ),
        })),
      });
    if (
      req.method === 'GET' &&
      p === '/apis/apps/v1/namespaces/kube-system/daemonsets/eks-pod-identity-agent'
    ) {
      if (!state.daemonSet)
        return send(res, 404, status(404, 'NotFound', 'daemonsets.apps "eks-pod-identity-agent" not found'));
      return send(res, 200, {
        kind: 'DaemonSet',
        apiVersion: 'apps/v1',
        metadata: { name: 'eks-pod-identity-agent', namespace: 'kube-system' },
        spec: { selector: {}, template: { spec: { containers: [] } } },
        status: {
          desiredNumberScheduled: state.daemonSet.desired,
          numberReady: state.daemonSet.ready,
          numberAvailable: state.daemonSet.ready,
          currentNumberScheduled: state.daemonSet.desired,
          numberMisscheduled: 0,
        },
      });
    }
    if (tokenRequest) {
      const m = tokenRequest;
      const body = (await readBody(req)) as { spec: { audiences: string[] } };
      if (!state.serviceAccounts.some((s) => s.name === m![2]))
        return send(res, 404, status(404, 'NotFound', `serviceaccounts "${m[2]}" not found`));
      state.tokenRequests.push({ name: m[2]!, audiences: body.spec.audiences });
      return send(res, 201, {
        kind: 'TokenRequest',
        apiVersion: 'authentication.k8s.io/v1',
        metadata: {},
        spec: body.spec,
        status: {
          token: `eyJhbGciOiJSUzI1NiJ9.test-sa-token-for-${m[2]}.sig`,
          expirationTimestamp: new Date(Date.now() + 600_000).toISOString(),
        },
      });
    }
    send(
      res,
      404,
      status(404, 'NotFound', `the server could not find the requested resource (${req.method} ${p})`),
    );
  });
}

export function startSpoke(pki: TestPki, state: SpokeState): Promise<FakeServer> {
  return listen(pki, async (req, res) => {
    state.authorizations?.push(req.headers.authorization ?? '');
    if (state.silent) return; // never answers
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const unverified = verifyToken(token, { clusterName: state.clusterName, now: new Date() });
    const key = unverified.ok ? unverified.accessKeyId : undefined;
    const secret = key ? state.secrets[key] : undefined;
    const verified = secret
      ? verifyToken(token, {
          clusterName: state.clusterName,
          now: new Date(),
          credentials: { accessKeyId: key!, ...secret },
        })
      : unverified;
    const entry = key ? state.entries[key] : undefined;
    // Like the EKS authenticator: a bad token or an unmapped principal is 401 Unauthorized.
    if (!verified.ok || !entry) return send(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
    const url = new URL(req.url ?? '/', 'https://x');
    if (req.method === 'GET' && url.pathname === '/version')
      return send(res, 200, {
        major: '1',
        minor: '33',
        gitVersion: 'v1.33.4-eks-fake',
        platform: 'linux/amd64',
      });
    if (req.method === 'POST' && url.pathname === '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews') {
      const body = (await readBody(req)) as { spec: { resourceAttributes: { namespace?: string } } };
      const ns = body.spec.resourceAttributes.namespace;
      const allowed = entry.scope === 'cluster' || (ns !== undefined && entry.scope.includes(ns));
      return send(res, 201, {
        ...body,
        status: { allowed, ...(allowed ? {} : { reason: 'no access policy covers this' }) },
      });
    }
    send(
      res,
      403,
      status(403, 'Forbidden', `User "${entry.principal}" cannot ${req.method} ${url.pathname}`),
    );
  });
}

/** A kubeconfig (JSON) pointing at a server with the test CA and a bearer token. */
export function kubeconfigFor(url: string, caPem: string, token: string, context = 'hub') {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: context,
        cluster: { server: url, 'certificate-authority-data': Buffer.from(caPem).toString('base64') },
      },
    ],
    users: [{ name: context, user: { token } }],
    contexts: [{ name: context, context: { cluster: context, user: context } }],
    'current-context': context,
  };
}
