import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssumeRoleCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { cacheKey } from '../../src/token/credential-cache.js';
import {
  type CredentialRequest,
  environmentCredentials,
  resolveCredentials,
} from '../../src/token/credentials.js';

const ROLE = 'arn:aws:iam::222222222222:role/argocd-deployer';
const SOURCE_ENV = {
  AWS_ACCESS_KEY_ID: 'AKIDSOURCE',
  AWS_SECRET_ACCESS_KEY: 'source-secret',
  AWS_EC2_METADATA_DISABLED: 'true',
};
const NOW = new Date('2026-01-02T03:04:05Z');
const ASSUMED = {
  AccessKeyId: 'ASIAASSUMED0001',
  SecretAccessKey: 'assumed-secret-0001',
  SessionToken: 'FwoGZXIvYXdzEassumed+/token=',
  Expiration: new Date(NOW.getTime() + 15 * 60_000),
};

// The SDK's Node 20 end-of-support notice is not what these tests are about (the CLI silences it too).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const sts = mockClient(STSClient);
const work = mkdtempSync(join(tmpdir(), 'fleetlink-creds-'));
let counter = 0;

function freshDir(): string {
  const dir = join(work, `cache-${counter++}`);
  return dir;
}

function request(overrides: Partial<CredentialRequest> = {}): CredentialRequest {
  return { region: 'eu-west-1', roleArn: ROLE, env: SOURCE_ENV, now: () => NOW, ...overrides };
}

beforeEach(() => {
  sts.reset();
  sts.on(AssumeRoleCommand).resolves({
    Credentials: ASSUMED,
    AssumedRoleUser: {
      AssumedRoleId: 'AROAEXAMPLEID:fleetlink-1767323045000',
      Arn: 'arn:aws:sts::222222222222:assumed-role/argocd-deployer/fleetlink-1767323045000',
    },
    PackedPolicySize: 0,
  });
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('resolveCredentials', () => {
  it('uses plain environment keys without the SDK, unless a profile is named', async () => {
    const r = await resolveCredentials(
      request({ roleArn: undefined, env: { ...SOURCE_ENV, AWS_SESSION_TOKEN: 't' } }),
    );
    expect(r).toEqual({
      source: 'environment',
      credentials: { accessKeyId: 'AKIDSOURCE', secretAccessKey: 'source-secret', sessionToken: 't' },
    });
    expect(environmentCredentials({ ...SOURCE_ENV, AWS_PROFILE: 'dev' })).toBeUndefined();
    expect(
      environmentCredentials({ ...SOURCE_ENV, AWS_CREDENTIAL_EXPIRATION: '2026-01-02T03:10:00Z' }),
    ).toEqual({
      accessKeyId: 'AKIDSOURCE',
      secretAccessKey: 'source-secret',
      expiration: new Date('2026-01-02T03:10:00Z'),
    });
    expect(sts.calls()).toHaveLength(0);
  });

  it('assumes the role once, like argocd-k8s-auth: 900 s, generated session name, no ExternalId', async () => {
    const r = await resolveCredentials(request());
    expect(r).toEqual({
      source: 'assume-role',
      credentials: {
        accessKeyId: ASSUMED.AccessKeyId,
        secretAccessKey: ASSUMED.SecretAccessKey,
        sessionToken: ASSUMED.SessionToken,
        expiration: ASSUMED.Expiration,
      },
    });
    const calls = sts.commandCalls(AssumeRoleCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      RoleArn: ROLE,
      RoleSessionName: `fleetlink-${NOW.getTime()}`,
      DurationSeconds: 900,
    });
  });

  it('caches assumed-role credentials in a 0700 dir with 0600 files named by hash, and reuses them', async () => {
    const dir = freshDir();
    const first = await resolveCredentials(request({ cacheDir: dir, sessionName: 'argocd' }));
    const second = await resolveCredentials(request({ cacheDir: dir, sessionName: 'argocd' }));
    expect(first.source).toBe('assume-role');
    expect(second).toEqual({ ...first, source: 'cache' });
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);

    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    const [file] = files as [string];
    expect(file).toMatch(/^[0-9a-f]{64}\.json$/);
    expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
    for (const secret of [
      ASSUMED.SecretAccessKey,
      ASSUMED.SessionToken,
      ASSUMED.AccessKeyId,
      'source-secret',
    ]) {
      expect(file).not.toContain(secret);
    }
    expect(JSON.parse(readFileSync(join(dir, file), 'utf8'))).toMatchObject({
      expiration: ASSUMED.Expiration.toISOString(),
    });
  });

  it('creates missing parents 0700, and names a cache path that cannot be created instead of hanging', async () => {
    const nested = join(freshDir(), 'a', 'b');
    expect((await resolveCredentials(request({ cacheDir: nested }))).source).toBe('assume-role');
    expect(statSync(nested).mode & 0o777).toBe(0o700);
    // Node's recursive mkdir retries forever under /proc; the cache must fail with a named path.
    const error = await resolveCredentials(request({ cacheDir: '/proc/fleetlink-nope/cache' })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toContain('--cache /proc/fleetlink-nope/cache');
    expect((error as UserError).message).toContain('cannot create directory /proc/fleetlink-nope');
  });

  it('refreshes within 5 minutes of expiry, and keys entries by role, session, region and source', async () => {
    const dir = freshDir();
    await resolveCredentials(request({ cacheDir: dir }));
    const justBefore = new Date(ASSUMED.Expiration.getTime() - 5 * 60_000 - 1000);
    const inMargin = new Date(ASSUMED.Expiration.getTime() - 5 * 60_000);
    expect((await resolveCredentials(request({ cacheDir: dir, now: () => justBefore }))).source).toBe(
      'cache',
    );
    expect((await resolveCredentials(request({ cacheDir: dir, now: () => inMargin }))).source).toBe(
      'assume-role',
    );
    expect((await resolveCredentials(request({ cacheDir: dir, region: 'eu-central-1' }))).source).toBe(
      'assume-role',
    );
    expect(
      (
        await resolveCredentials(
          request({ cacheDir: dir, env: { ...SOURCE_ENV, AWS_ACCESS_KEY_ID: 'AKIDOTHER' } }),
        )
      ).source,
    ).toBe('assume-role');
    const base = { roleArn: ROLE, sessionName: '', region: 'eu-west-1', sourceIdentity: 'a' };
    const keys = new Set([
      cacheKey(base),
      cacheKey({ ...base, roleArn: `${ROLE}2` }),
      cacheKey({ ...base, sessionName: 's' }),
      cacheKey({ ...base, region: 'us-east-1' }),
      cacheKey({ ...base, sourceIdentity: 'b' }),
    ]);
    expect(keys.size).toBe(5);
  });

  it('refuses a group- or world-writable cache dir and ignores cache files others could read', async () => {
    const open = freshDir();
    mkdirSync(open);
    chmodSync(open, 0o777);
    const error = await resolveCredentials(request({ cacheDir: open })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toContain('group- or world-writable (mode 0777)');
    expect(sts.calls()).toHaveLength(0);

    const link = freshDir();
    symlinkSync(open, link);
    await expect(resolveCredentials(request({ cacheDir: link }))).rejects.toThrow(/is a symbolic link/);

    const dir = freshDir();
    await resolveCredentials(request({ cacheDir: dir }));
    const [file] = readdirSync(dir) as [string];
    chmodSync(join(dir, file), 0o644);
    expect((await resolveCredentials(request({ cacheDir: dir }))).source).toBe('assume-role');
    // …and the rewrite is private again.
    expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
    writeFileSync(join(dir, file), 'not json', { mode: 0o600 });
    expect((await resolveCredentials(request({ cacheDir: dir }))).source).toBe('assume-role');
  });

  it('reports a denied AssumeRole with the role, the STS message and what to fix, exit 1', async () => {
    sts.on(AssumeRoleCommand).rejects(
      new STSServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
        message: `User: arn:aws:sts::111111111111:assumed-role/argocd-manager/x is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`,
      }),
    );
    const error = (await resolveCredentials(request()).catch((e: unknown) => e)) as UserError;
    expect(error).toBeInstanceOf(UserError);
    expect(error.exitCode).toBe(1);
    expect(error.message.split('\n')[0]).toBe(
      `sts:AssumeRole on ${ROLE} was denied (region eu-west-1): User: arn:aws:sts::111111111111:assumed-role/argocd-manager/x is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`,
    );
    expect(error.message).toContain("the role's trust policy must allow the caller");
  });

  it('rejects malformed role ARNs, cross-partition roles and bad session names before calling AWS', async () => {
    await expect(resolveCredentials(request({ roleArn: 'argocd-deployer' }))).rejects.toThrow(
      /not an IAM role ARN/,
    );
    await expect(resolveCredentials(request({ region: 'cn-north-1' }))).rejects.toThrow(
      /partition aws but region/,
    );
    await expect(resolveCredentials(request({ sessionName: 'a b' }))).rejects.toThrow(/--session-name/);
    expect(sts.calls()).toHaveLength(0);
  });
});
