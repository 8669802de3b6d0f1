import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import {
  chooseApiVersion,
  EXEC_CREDENTIAL_V1,
  EXEC_CREDENTIAL_V1BETA1,
  execCredential,
} from '../../src/token/exec-credential.js';
import { partitionOfRegion, stsRegionalHost } from '../../src/token/partition.js';
import { createToken, rfc3986, TOKEN_PREFIX, tokenExpiry } from '../../src/token/sign.js';
import { verifyToken } from '../../src/token/verify.js';

const CREDS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

describe('createToken', () => {
  it('matches the frozen-clock AWS CLI golden vector (prod, us-east-1, 2026-01-02T03:04:05Z)', async () => {
    const t = await createToken({
      credentials: CREDS,
      region: 'us-east-1',
      clusterName: 'prod',
      signingDate: new Date('2026-01-02T03:04:05.789Z'),
    });
    expect(t.url).toBe(
      'https://sts.us-east-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256' +
        '&X-Amz-Credential=AKIDEXAMPLE%2F20260102%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Date=20260102T030405Z' +
        '&X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id' +
        '&X-Amz-Signature=9f570dd37f47effde39024545abc9c51d2c79a3ceeee56b192c5fa8a38ccce4b',
    );
    expect(t.token).toBe(TOKEN_PREFIX + Buffer.from(t.url).toString('base64url'));
    expect(t.token).not.toContain('=');
    expect(t.expirationTimestamp).toBe('2026-01-02T03:18:05Z');
  });

  it('puts the security token after SignedHeaders, RFC 3986-encoded like botocore', async () => {
    const t = await createToken({
      credentials: { ...CREDS, sessionToken: "IQoJ+/abc=def!*()~'" },
      region: 'eu-west-1',
      clusterName: 'my.cluster_1',
      signingDate: new Date('2026-01-02T03:04:05Z'),
    });
    expect(t.url).toMatch(
      /&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&X-Amz-Security-Token=IQoJ%2B%2Fabc%3Ddef%21%2A%28%29~%27&X-Amz-Signature=[0-9a-f]{64}$/,
    );
  });

  it('uses the regional endpoint of the partition', () => {
    expect(stsRegionalHost('us-east-1')).toBe('sts.us-east-1.amazonaws.com');
    expect(stsRegionalHost('cn-north-1')).toBe('sts.cn-north-1.amazonaws.com.cn');
    expect(stsRegionalHost('us-gov-west-1')).toBe('sts.us-gov-west-1.amazonaws.com');
    expect(partitionOfRegion('us-gov-east-1')).toBe('aws-us-gov');
    expect(partitionOfRegion('us-iso-east-1')).toBeUndefined();
    expect(partitionOfRegion('useast1')).toBeUndefined();
  });

  it('refuses regions it cannot place and empty cluster names', async () => {
    const base = { credentials: CREDS, clusterName: 'prod', signingDate: new Date() };
    await expect(createToken({ ...base, region: 'us-isob-east-1' })).rejects.toThrow(UserError);
    await expect(createToken({ ...base, region: 'https://evil' })).rejects.toThrow(/not a region/);
    await expect(createToken({ ...base, region: 'eu-west-1', clusterName: '' })).rejects.toThrow(
      /must not be empty/,
    );
  });

  it('round-trips through the verifier for any cluster name, session token and region', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/),
        fc.option(fc.string({ unit: fc.constantFrom(..."AZaz09+/=!*()~'-_.% &?#".split('')), minLength: 1 })),
        fc.constantFrom('us-east-1', 'eu-west-1', 'ap-southeast-2', 'cn-north-1', 'us-gov-west-1'),
        fc.date({
          min: new Date('2020-01-01T00:00:00Z'),
          max: new Date('2040-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        async (clusterName, sessionToken, region, signingDate) => {
          const credentials = sessionToken === null ? CREDS : { ...CREDS, sessionToken };
          const t = await createToken({ credentials, region, clusterName, signingDate });
          const partition = partitionOfRegion(region);
          const ok = verifyToken(t.token, { clusterName, now: signingDate, partition, credentials });
          expect(ok.ok).toBe(true);
          const other = verifyToken(t.token, {
            clusterName: `${clusterName}x`,
            now: signingDate,
            partition,
            credentials,
          });
          expect(other).toMatchObject({ ok: false, rule: 'signature' });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never claims the token outlives the temporary credentials that signed it', async () => {
    const signingDate = new Date('2026-01-02T03:04:05Z');
    const soon = new Date('2026-01-02T03:10:00.500Z');
    const t = await createToken({
      credentials: { ...CREDS, sessionToken: 's', expiration: soon },
      region: 'eu-west-1',
      clusterName: 'p',
      signingDate,
    });
    expect(t.expirationTimestamp).toBe('2026-01-02T03:09:00Z');
    expect(tokenExpiry(signingDate, new Date('2026-01-02T04:00:00Z'))).toEqual(
      new Date('2026-01-02T03:18:05Z'),
    );
    expect(tokenExpiry(signingDate, new Date('2026-01-02T03:04:30Z'))).toEqual(signingDate);
    expect(tokenExpiry(signingDate, undefined)).toEqual(new Date('2026-01-02T03:18:05Z'));
  });

  it('encodes only unreserved characters literally', () => {
    expect(rfc3986("a-_.~!*'()+/= ")).toBe('a-_.~%21%2A%27%28%29%2B%2F%3D%20');
  });
});

describe('ExecCredential', () => {
  const input = { token: 'k8s-aws-v1.abc', expirationTimestamp: '2026-01-02T03:18:05Z' };

  it('has the AWS CLI shape in v1 and v1beta1', () => {
    for (const apiVersion of [EXEC_CREDENTIAL_V1, EXEC_CREDENTIAL_V1BETA1] as const) {
      expect(execCredential({ ...input, apiVersion })).toEqual({
        kind: 'ExecCredential',
        apiVersion,
        spec: {},
        status: { expirationTimestamp: '2026-01-02T03:18:05Z', token: 'k8s-aws-v1.abc' },
      });
    }
  });

  it('answers in the apiVersion kubectl asked for, else v1beta1 like the AWS CLI', () => {
    const v1Info = JSON.stringify({
      kind: 'ExecCredential',
      apiVersion: EXEC_CREDENTIAL_V1,
      spec: { interactive: false },
    });
    expect(chooseApiVersion({ execInfo: v1Info })).toEqual({ apiVersion: EXEC_CREDENTIAL_V1 });
    expect(chooseApiVersion({})).toEqual({ apiVersion: EXEC_CREDENTIAL_V1BETA1 });
    expect(chooseApiVersion({ explicit: EXEC_CREDENTIAL_V1BETA1, execInfo: v1Info })).toEqual({
      apiVersion: EXEC_CREDENTIAL_V1BETA1,
    });
    expect(chooseApiVersion({ execInfo: '{' })).toMatchObject({
      apiVersion: EXEC_CREDENTIAL_V1BETA1,
      warning: expect.stringContaining('not valid JSON'),
    });
    expect(
      chooseApiVersion({ execInfo: '{"apiVersion":"client.authentication.k8s.io/v1alpha1"}' }).warning,
    ).toContain('unsupported apiVersion "client.authentication.k8s.io/v1alpha1"');
  });
});
