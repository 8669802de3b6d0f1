/**
 * Peer test against the real AWS CLI (`aws eks get-token`, awscli v1 + botocore): run it with fake
 * credentials (no network needed — presigning is local), decode its token, take its X-Amz-Date, sign
 * in-process at that second and require the same bytes. The CLI is part of the machine image; if it
 * is missing this test FAILS, it does not skip.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseApiVersion } from '../../src/token/exec-credential.js';
import { createToken, TOKEN_PREFIX } from '../../src/token/sign.js';
import { parseAmzDate, verifySignature, verifyToken } from '../../src/token/verify.js';

const ACCESS_KEY = 'AKIDEXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
/** Characters that botocore percent-encodes and encodeURIComponent does not (`!*()~` …). */
const SPECIAL_SESSION_TOKEN = 'IQoJb3JpZ2luX2VjE+/abc=def!*()~';

interface Case {
  readonly cluster: string;
  readonly region: string;
  readonly sessionToken?: string;
  readonly execInfo?: string;
}

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'cn-north-1', 'us-gov-west-1'];
const CLUSTERS = ['prod', 'my.cluster_1', 'spoke-eu_west.2'];
const CASES: Case[] = REGIONS.flatMap((region, i) => [
  { cluster: CLUSTERS[i % CLUSTERS.length] as string, region },
  { cluster: CLUSTERS[(i + 1) % CLUSTERS.length] as string, region, sessionToken: SPECIAL_SESSION_TOKEN },
]);
CASES.push({
  cluster: 'prod',
  region: 'eu-central-1',
  execInfo:
    '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"interactive":false}}',
});

interface CliRun {
  readonly case: Case;
  readonly output: {
    kind: string;
    apiVersion: string;
    spec: unknown;
    status: { expirationTimestamp: string; token: string };
  };
}

let home: string;

function runAwsCli(c: Case): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    AWS_ACCESS_KEY_ID: ACCESS_KEY,
    AWS_SECRET_ACCESS_KEY: SECRET,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...(c.sessionToken === undefined ? {} : { AWS_SESSION_TOKEN: c.sessionToken }),
    ...(c.execInfo === undefined ? {} : { KUBERNETES_EXEC_INFO: c.execInfo }),
  };
  const args = ['eks', 'get-token', '--cluster-name', c.cluster, '--region', c.region, '--output', 'json'];
  return new Promise((resolve, reject) => {
    execFile('aws', args, { env, timeout: 150_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`aws ${args.join(' ')} failed: ${error.message}\n${stderr}`));
      resolve({ case: c, output: JSON.parse(String(stdout)) });
    });
  });
}

function decode(token: string): URL {
  expect(token.startsWith(TOKEN_PREFIX)).toBe(true);
  return new URL(Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url').toString('utf8'));
}

describe('byte-for-byte peer test against `aws eks get-token`', () => {
  let runs: CliRun[];

  beforeAll(async () => {
    const probe = spawnSync('aws', ['--version'], { encoding: 'utf8' });
    if (probe.error !== undefined || probe.status !== 0) {
      throw new Error(
        'the AWS CLI (`aws`) is not available on PATH: this peer test needs it and fails rather than skipping. ' +
          `Install awscli (v1, botocore) — ${probe.error?.message ?? probe.stderr}`,
      );
    }
    home = mkdtempSync(join(tmpdir(), 'fleetlink-awscli-'));
    // In parallel: each CLI start costs ~0.5 s of Python imports.
    runs = await Promise.all(CASES.map(runAwsCli));
  }, 180_000);

  afterAll(() => {
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('produces identical tokens for every cluster, region and session token', async () => {
    expect(runs).toHaveLength(CASES.length);
    for (const run of runs) {
      const c = run.case;
      const cliUrl = decode(run.output.status.token);
      const amzDate = cliUrl.searchParams.get('X-Amz-Date') ?? '';
      const signingDate = parseAmzDate(amzDate);
      expect(signingDate, `${c.region}: X-Amz-Date ${amzDate}`).toBeDefined();
      const ours = await createToken({
        credentials: {
          accessKeyId: ACCESS_KEY,
          secretAccessKey: SECRET,
          ...(c.sessionToken === undefined ? {} : { sessionToken: c.sessionToken }),
        },
        region: c.region,
        clusterName: c.cluster,
        signingDate: signingDate as Date,
      });
      expect(ours.token, `${c.cluster} in ${c.region}${c.sessionToken ? ' with session token' : ''}`).toBe(
        run.output.status.token,
      );
    }
  });

  it('prints the same ExecCredential shape, apiVersion choice and expiry (signing time + 14 min)', () => {
    for (const run of runs) {
      const { output } = run;
      expect(output.kind).toBe('ExecCredential');
      expect(output.spec).toEqual({});
      expect(output.apiVersion).toBe(chooseApiVersion({ execInfo: run.case.execInfo }).apiVersion);
      expect(output.status.expirationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const signedAt = parseAmzDate(decode(output.status.token).searchParams.get('X-Amz-Date') ?? '') as Date;
      // The CLI reads its clock again after signing, so its expiry may be a second or two later.
      const delta = Date.parse(output.status.expirationTimestamp) - signedAt.getTime();
      expect(delta).toBeGreaterThanOrEqual(14 * 60_000);
      expect(delta).toBeLessThanOrEqual(14 * 60_000 + 5_000);
    }
    expect(runs.some((r) => r.output.apiVersion === 'client.authentication.k8s.io/v1')).toBe(true);
  });

  it('passes our verifier and the independent signature check, which catches another cluster name', () => {
    for (const run of runs) {
      const c = run.case;
      const partition = c.region.startsWith('cn-')
        ? 'aws-cn'
        : c.region.startsWith('us-gov-')
          ? 'aws-us-gov'
          : 'aws';
      const url = decode(run.output.status.token);
      const now = parseAmzDate(url.searchParams.get('X-Amz-Date') ?? '') as Date;
      const credentials = {
        accessKeyId: ACCESS_KEY,
        secretAccessKey: SECRET,
        ...(c.sessionToken === undefined ? {} : { sessionToken: c.sessionToken }),
      };
      const result = verifyToken(run.output.status.token, {
        clusterName: c.cluster,
        now,
        partition,
        credentials,
      });
      expect(result, `${c.cluster} ${c.region}`).toMatchObject({
        ok: true,
        region: c.region,
        accessKeyId: ACCESS_KEY,
      });
      expect(verifySignature(url, `${c.cluster}-other`, credentials).ok).toBe(false);
    }
  });
});
