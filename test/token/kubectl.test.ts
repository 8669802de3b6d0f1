/**
 * End to end with a real client: kubectl runs `fleetlink token` as its exec credential plugin
 * (client.authentication.k8s.io/v1) against a local HTTPS API server that authenticates like EKS —
 * the verifier's rules, then the SigV4 signature recomputed with the signer's credentials and the
 * server's own cluster name in x-k8s-aws-id.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyToken } from '../../src/token/verify.js';
import { createTestPki, type K8sApiServer, start, type TestPki } from '../helpers/k8s-api-server.js';

const CLI = resolve('dist/cli/main.js');
const KUBECTL_VERSION = 'kubectl.1.32';
const CLUSTER = 'spoke-eu.prod_1';
const REGION = 'eu-west-1';
const CREDS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjE+/abc=def!*()~',
};

/**
 * The versioned binary, called directly: the gcloud `kubectl` dispatcher first probes /version to
 * pick one, which adds requests and plugin runs. Look next to the dispatcher, then along PATH.
 */
function findKubectl(): string {
  const dirs: string[] = [];
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const dispatcher = join(dir, 'kubectl');
    if (existsSync(dispatcher)) dirs.push(dirname(realpathSync(dispatcher)));
    dirs.push(dir);
  }
  for (const dir of dirs) {
    const candidate = join(dir, KUBECTL_VERSION);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(
    `${KUBECTL_VERSION} not found next to kubectl or on PATH; the kubectl end-to-end test needs it ` +
      '(google-cloud-sdk ships kubectl.1.27 … kubectl.1.33 beside its kubectl dispatcher)',
  );
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe('kubectl with fleetlink token as exec plugin', () => {
  let work: string;
  let pki: TestPki;
  let server: K8sApiServer;
  let kubectl: string;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first (npx tsc -p tsconfig.build.json)`);
    kubectl = findKubectl();
    work = mkdtempSync(join(tmpdir(), 'fleetlink-kubectl-'));
    pki = createTestPki(work);
    server = await start({
      cert: pki.serverCert,
      key: pki.serverKey,
      // EKS: the authenticator's format rules, then STS checks the signature with ITS cluster name.
      authenticate: (token) =>
        verifyToken(token, { clusterName: CLUSTER, now: new Date(), credentials: CREDS, partition: 'aws' })
          .ok,
    });
  });

  afterAll(async () => {
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  function kubeconfig(name: string, clusterName: string, caPem: string): string {
    const config = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'spoke',
          cluster: {
            server: server.url,
            'certificate-authority-data': Buffer.from(caPem).toString('base64'),
          },
        },
      ],
      users: [
        {
          name: 'fleetlink',
          user: {
            exec: {
              apiVersion: 'client.authentication.k8s.io/v1',
              command: process.execPath,
              args: [CLI, 'token', '--cluster-name', clusterName, '--region', REGION],
              env: [
                { name: 'AWS_ACCESS_KEY_ID', value: CREDS.accessKeyId },
                { name: 'AWS_SECRET_ACCESS_KEY', value: CREDS.secretAccessKey },
                { name: 'AWS_SESSION_TOKEN', value: CREDS.sessionToken },
              ],
              interactiveMode: 'Never',
              provideClusterInfo: false,
            },
          },
        },
      ],
      contexts: [{ name: 'spoke', context: { cluster: 'spoke', user: 'fleetlink' } }],
      'current-context': 'spoke',
    };
    const path = join(work, `${name}.kubeconfig`);
    writeFileSync(path, JSON.stringify(config), { mode: 0o600 });
    return path;
  }

  function runKubectl(name: string, config: string, args: string[]): Promise<Run> {
    const home = join(work, `home-${name}`);
    mkdirSync(home, { recursive: true });
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: home,
      KUBECACHEDIR: join(home, 'cache'),
      KUBECONFIG: config,
    };
    return new Promise((done) => {
      execFile(
        kubectl,
        ['--request-timeout=60s', ...args],
        { env, timeout: 150_000 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          done({ code, stdout: String(stdout), stderr: String(stderr) });
        },
      );
    });
  }

  it('succeeds with the right cluster name, 401s with a wrong one, and rejects a wrong CA', async () => {
    const [ok, version, wrongName, wrongCa] = await Promise.all([
      runKubectl('ok', kubeconfig('ok', CLUSTER, pki.caCert), ['get', 'namespaces', '-o', 'name']),
      runKubectl('version', kubeconfig('version', CLUSTER, pki.caCert), ['version', '-o', 'json']),
      runKubectl('wrong-name', kubeconfig('wrong-name', 'spoke-us', pki.caCert), [
        'get',
        'namespaces',
        '-o',
        'name',
      ]),
      runKubectl('wrong-ca', kubeconfig('wrong-ca', CLUSTER, pki.otherCaCert), [
        'get',
        'namespaces',
        '-o',
        'name',
      ]),
    ]);

    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout.trim().split('\n')).toEqual(['namespace/argocd', 'namespace/default']);

    expect(version.code).toBe(0);
    expect(JSON.parse(version.stdout).serverVersion.gitVersion).toBe('v1.32.0-fleetlink-test');

    expect(wrongName.code).not.toBe(0);
    expect(wrongName.stderr).toMatch(
      /You must be logged in to the server \((Unauthorized|the server has asked for the client to provide credentials)\)/,
    );

    expect(wrongCa.code).not.toBe(0);
    expect(wrongCa.stderr).toMatch(/x509: certificate signed by unknown authority/);

    // Every request the server saw carried a bearer token; none of kubectl's output shows one.
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests.every((r) => r.bearer)).toBe(true);
    expect(server.requests.some((r) => r.authenticated && r.path === '/api/v1/namespaces')).toBe(true);
    expect(server.requests.some((r) => !r.authenticated)).toBe(true);
    for (const run of [ok, version, wrongName, wrongCa])
      expect(run.stdout + run.stderr).not.toContain('k8s-aws-v1.');
  }, 180_000);
});
