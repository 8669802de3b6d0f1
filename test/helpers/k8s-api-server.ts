/**
 * A minimal Kubernetes API server over HTTPS for tests, so real clients (kubectl, the Kubernetes
 * client) run unmodified against it: it answers discovery (`/version`, `/api`, `/apis`, `/api/v1`)
 * and a namespace list, and authenticates every request with a caller-supplied function — e.g. the
 * way EKS does, by verifying the `k8s-aws-v1.` bearer token (see test/token/kubectl.test.ts).
 * Unauthenticated requests get the API server's 401 Status, so clients print what they print for
 * EKS ("You must be logged in to the server (Unauthorized)").
 *
 *   const pki = createTestPki(tmpDir);
 *   const server = await start({ cert: pki.serverCert, key: pki.serverKey, authenticate: (t) => t === 'x' });
 *   … server.url (https://127.0.0.1:<port>), server.requests …
 *   await server.close();
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface TestPki {
  /** PEM of the CA that signed the server certificate (put it in certificate-authority-data). */
  readonly caCert: string;
  /** PEM server certificate for 127.0.0.1 (SAN IP:127.0.0.1, DNS:localhost) and its key. */
  readonly serverCert: string;
  readonly serverKey: string;
  /** PEM of an unrelated CA: a client trusting only this one must fail with an x509 error. */
  readonly otherCaCert: string;
}

/** A throwaway CA + leaf (P-256, valid 1 day) made with the openssl CLI in `dir`. */
export function createTestPki(dir: string): TestPki {
  const ssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const makeCa = (name: string): void => {
    ssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`);
    ssl(
      'req',
      '-x509',
      '-new',
      '-key',
      `${name}.key`,
      '-subj',
      `/CN=${name}`,
      '-days',
      '1',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-out',
      `${name}.crt`,
    );
  };
  makeCa('fleetlink-test-ca');
  makeCa('fleetlink-other-ca');
  writeFileSync(
    join(dir, 'server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n',
  );
  ssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'server.key');
  ssl('req', '-new', '-key', 'server.key', '-subj', '/CN=127.0.0.1', '-out', 'server.csr');
  ssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'fleetlink-test-ca.crt',
    '-CAkey',
    'fleetlink-test-ca.key',
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    'server.ext',
    '-out',
    'server.crt',
  );
  const read = (f: string): string => readFileSync(join(dir, f), 'utf8');
  return {
    caCert: read('fleetlink-test-ca.crt'),
    serverCert: read('server.crt'),
    serverKey: read('server.key'),
    otherCaCert: read('fleetlink-other-ca.crt'),
  };
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authenticated: boolean;
  /** True when an `Authorization: Bearer …` header was present (its value is not recorded). */
  readonly bearer: boolean;
}

export interface K8sApiServerOptions {
  /** Server certificate and key (PEM). */
  readonly cert: string;
  readonly key: string;
  /** Optional CA chain sent along with the certificate. */
  readonly ca?: string;
  /** Decide on the bearer token ('' when the request had none). */
  readonly authenticate: (token: string) => boolean | Promise<boolean>;
  /** Extra or replacement routes: path without query → JSON body (200). */
  readonly routes?: Readonly<Record<string, unknown>>;
}

export interface K8sApiServer {
  /** `https://127.0.0.1:<port>` */
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  close(): Promise<void>;
}

export const UNAUTHORIZED_STATUS = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'Unauthorized',
  reason: 'Unauthorized',
  code: 401,
} as const;

export function defaultRoutes(hostPort: string): Record<string, unknown> {
  return {
    '/version': {
      major: '1',
      minor: '32',
      gitVersion: 'v1.32.0-fleetlink-test',
      gitCommit: '0000000000000000000000000000000000000000',
      gitTreeState: 'clean',
      buildDate: '2026-01-01T00:00:00Z',
      goVersion: 'go1.23.0',
      compiler: 'gc',
      platform: 'linux/amd64',
    },
    '/api': {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: hostPort }],
    },
    '/apis': { kind: 'APIGroupList', apiVersion: 'v1', groups: [] },
    '/api/v1': {
      kind: 'APIResourceList',
      groupVersion: 'v1',
      resources: [
        {
          name: 'namespaces',
          singularName: 'namespace',
          namespaced: false,
          kind: 'Namespace',
          verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
          shortNames: ['ns'],
        },
      ],
    },
    '/api/v1/namespaces': {
      kind: 'NamespaceList',
      apiVersion: 'v1',
      metadata: { resourceVersion: '1' },
      items: ['argocd', 'default'].map((name) => ({
        metadata: {
          name,
          uid: `00000000-0000-0000-0000-${name.padStart(12, '0').slice(-12)}`,
          resourceVersion: '1',
        },
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      })),
    },
  };
}

export async function start(options: K8sApiServerOptions): Promise<K8sApiServer> {
  const requests: RecordedRequest[] = [];
  let routes: Record<string, unknown> = {};
  const server: Server = createServer(
    { cert: options.cert, key: options.key, ...(options.ca === undefined ? {} : { ca: options.ca }) },
    (req, res) => {
      const header = req.headers.authorization ?? '';
      const bearer = /^Bearer /i.test(header);
      const token = bearer ? header.slice(7).trim() : '';
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const reply = (code: number, body: unknown): void => {
        res.writeHead(code, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      Promise.resolve(options.authenticate(token))
        .catch(() => false)
        .then((authenticated) => {
          requests.push({ method: req.method ?? 'GET', path, authenticated, bearer });
          if (!authenticated) return reply(401, UNAUTHORIZED_STATUS);
          const body = routes[path];
          if (body === undefined) {
            return reply(404, {
              ...UNAUTHORIZED_STATUS,
              message: 'the server could not find the requested resource',
              reason: 'NotFound',
              code: 404,
            });
          }
          return reply(200, body);
        });
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  routes = { ...defaultRoutes(`127.0.0.1:${port}`), ...(options.routes ?? {}) };
  return {
    url: `https://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
