/** `fleetlink token` and `fleetlink token verify` as a user (or kubectl) runs them: a real process. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/token/sign.js';

const CLI = resolve('dist/cli/main.js');
const CREDS_ENV = {
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  AWS_SESSION_TOKEN: 'IQoJb3JpZ2luX2VjE+/abc=def!*()~',
};

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function fleetlink(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? '', AWS_EC2_METADATA_DISABLED: 'true', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first (npx tsc -p tsconfig.build.json)`);
});

describe('fleetlink token', () => {
  it('prints a v1beta1 ExecCredential by default and v1 when kubectl asks for it; stderr stays empty', async () => {
    const args = ['token', '--cluster-name', 'prod', '--region', 'eu-west-1'];
    const before = Date.now();
    const [beta, v1, explicit] = await Promise.all([
      fleetlink(args, CREDS_ENV),
      fleetlink(args, {
        ...CREDS_ENV,
        KUBERNETES_EXEC_INFO:
          '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"interactive":false}}',
      }),
      fleetlink([...args, '--api-version', 'client.authentication.k8s.io/v1'], CREDS_ENV),
    ]);
    for (const run of [beta, v1, explicit]) {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    }
    const cred = JSON.parse(beta.stdout);
    expect(cred).toMatchObject({
      kind: 'ExecCredential',
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      spec: {},
    });
    expect(cred.status.token).toMatch(/^k8s-aws-v1\.[A-Za-z0-9_-]+$/);
    const expiry = Date.parse(cred.status.expirationTimestamp);
    expect(expiry - before).toBeGreaterThanOrEqual(14 * 60_000 - 1000);
    expect(expiry - before).toBeLessThanOrEqual(14 * 60_000 + 60_000);
    expect(JSON.parse(v1.stdout).apiVersion).toBe('client.authentication.k8s.io/v1');
    expect(JSON.parse(explicit.stdout).apiVersion).toBe('client.authentication.k8s.io/v1');
  });

  it('takes the region from AWS_REGION, then AWS_DEFAULT_REGION, and fails with exit 2 without one', async () => {
    const [fromEnv, fromDefault, none] = await Promise.all([
      fleetlink(['token', '--cluster-name', 'prod'], {
        ...CREDS_ENV,
        AWS_REGION: 'ap-southeast-2',
        AWS_DEFAULT_REGION: 'x',
      }),
      fleetlink(['token', '--cluster-name', 'prod'], { ...CREDS_ENV, AWS_DEFAULT_REGION: 'cn-north-1' }),
      fleetlink(['token', '--cluster-name', 'prod'], CREDS_ENV),
    ]);
    const hostOf = (r: Run): string =>
      new URL(Buffer.from(JSON.parse(r.stdout).status.token.slice(11), 'base64url').toString()).host;
    expect(hostOf(fromEnv)).toBe('sts.ap-southeast-2.amazonaws.com');
    expect(hostOf(fromDefault)).toBe('sts.cn-north-1.amazonaws.com.cn');
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toBe(
      'fleetlink: no region: pass --region or set AWS_REGION (or AWS_DEFAULT_REGION)\n',
    );
  });

  it('rejects usage errors with exit 2 and never echoes credentials', async () => {
    const [noName, badVersion, badRole] = await Promise.all([
      fleetlink(['token', '--region', 'eu-west-1'], CREDS_ENV),
      fleetlink(['token', '--cluster-name', 'p', '--region', 'eu-west-1', '--api-version', 'v1'], CREDS_ENV),
      fleetlink(['token', '--cluster-name', 'p', '--region', 'eu-west-1', '--role-arn', 'nope'], CREDS_ENV),
    ]);
    expect(noName).toMatchObject({ code: 2, stdout: '', stderr: 'fleetlink: --cluster-name is required\n' });
    expect(badVersion.code).toBe(2);
    expect(badVersion.stderr).toContain('--api-version must be');
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('is not an IAM role ARN');
    for (const run of [noName, badVersion, badRole]) {
      for (const secret of Object.values(CREDS_ENV)) expect(run.stdout + run.stderr).not.toContain(secret);
    }
  });

  it('explains missing AWS credentials (chain, profile, aws sso login, region) with exit 1', async () => {
    const run = await fleetlink(['token', '--cluster-name', 'prod', '--region', 'eu-west-1'], {
      HOME: '/nonexistent-fleetlink-home',
      AWS_CONFIG_FILE: '/nonexistent-fleetlink-home/config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent-fleetlink-home/credentials',
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^fleetlink: no AWS credentials found for profile default \(region eu-west-1\); tried: /,
    );
    expect(run.stderr).toContain('aws sso login --profile default');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('fleetlink token verify', () => {
  it('accepts a fresh token from stdin (bare or as the ExecCredential) and exits 0', async () => {
    const minted = await fleetlink(['token', '--cluster-name', 'prod', '--region', 'eu-west-1'], CREDS_ENV);
    const token = JSON.parse(minted.stdout).status.token as string;
    const [fromCredential, bare, json] = await Promise.all([
      fleetlink(['token', 'verify', '-', '--cluster-name', 'prod'], {}, minted.stdout),
      fleetlink(['token', 'verify', '--cluster-name', 'prod', '-'], {}, `${token}\n`),
      fleetlink(['token', 'verify', token, '--cluster-name', 'prod', '--format', 'json']),
    ]);
    expect(fromCredential.code).toBe(0);
    expect(fromCredential.stdout).toMatch(
      /^valid: signed by access key AKIDEXAMPLE for sts\.eu-west-1\.amazonaws\.com/,
    );
    expect(bare.code).toBe(0);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      valid: true,
      region: 'eu-west-1',
      accessKeyId: 'AKIDEXAMPLE',
      clusterNameChecked: false,
    });
    for (const run of [fromCredential, bare, json]) {
      expect(run.stdout + run.stderr).not.toContain(token);
      expect(run.stdout + run.stderr).not.toContain(CREDS_ENV.AWS_SESSION_TOKEN);
    }
  });

  it('exits 1 naming the failing rule, in text and JSON', async () => {
    const old = await createToken({
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 's' },
      region: 'us-east-1',
      clusterName: 'prod',
      signingDate: new Date('2026-01-02T03:04:05Z'),
    });
    const [expired, json, cn] = await Promise.all([
      fleetlink(['token', 'verify', old.token, '--cluster-name', 'prod', '--now', '2026-01-02T03:20:00Z']),
      fleetlink(['token', 'verify', 'Bearer x', '--cluster-name', 'prod', '--format', 'json']),
      fleetlink([
        'token',
        'verify',
        old.token,
        '--cluster-name',
        'prod',
        '--now',
        '2026-01-02T03:05:00Z',
        '--partition',
        'aws-cn',
      ]),
    ]);
    expect(expired.code).toBe(1);
    expect(expired.stdout).toBe(
      'invalid: rule expired: input token was not properly formatted: X-Amz-Date parameter is expired (15 minute expiration) 2026-01-02 03:04:05 +0000 UTC\n',
    );
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      valid: false,
      rule: 'prefix',
      reason: 'input token was not properly formatted: token is missing expected "k8s-aws-v1." prefix',
    });
    expect(cn.code).toBe(1);
    expect(cn.stdout).toContain('rule host:');
  });
});
