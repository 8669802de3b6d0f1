import { describe, expect, it } from 'vitest';
import { createToken, TOKEN_PREFIX } from '../../src/token/sign.js';
import {
  VERIFY_RULES,
  type VerifyOptions,
  type VerifyRule,
  verifySignature,
  verifyToken,
} from '../../src/token/verify.js';

const SIGNED_AT = new Date('2026-01-02T03:04:05Z');
const CREDS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjE+/abc=def!*()~',
};
const CLUSTER = 'prod';
const OPTS: VerifyOptions = { clusterName: CLUSTER, now: new Date(SIGNED_AT.getTime() + 60_000) };
const F = 'input token was not properly formatted: ';

const valid = await createToken({
  credentials: CREDS,
  region: 'us-east-1',
  clusterName: CLUSTER,
  signingDate: SIGNED_AT,
});
const URL_OK = valid.url;

function tokenOf(url: string): string {
  return TOKEN_PREFIX + Buffer.from(url, 'utf8').toString('base64url');
}
function edit(from: string, to: string): string {
  expect(URL_OK).toContain(from);
  return tokenOf(URL_OK.replace(from, to));
}
function at(offsetSeconds: number): VerifyOptions {
  return { clusterName: CLUSTER, now: new Date(SIGNED_AT.getTime() + offsetSeconds * 1000) };
}

interface Row {
  readonly name: string;
  readonly token: string;
  readonly rule: VerifyRule;
  readonly reason: string;
  readonly options?: Partial<VerifyOptions>;
}

const HOST = 'sts.us-east-1.amazonaws.com';
const ROWS: Row[] = [
  {
    name: 'over 4096 bytes',
    token: TOKEN_PREFIX + 'A'.repeat(4086),
    rule: 'token-too-large',
    reason: `${F}token is too large`,
  },
  {
    name: 'other prefix',
    token: `k8s-aws-v2.${valid.token.slice(TOKEN_PREFIX.length)}`,
    rule: 'prefix',
    reason: `${F}token is missing expected "k8s-aws-v1." prefix`,
  },
  {
    name: 'base64 padding',
    token: `${TOKEN_PREFIX}aHR0cHM6Ly9=`,
    rule: 'base64',
    reason: `${F}illegal base64 data at input byte 11`,
  },
  {
    name: 'standard base64 alphabet',
    token: `${TOKEN_PREFIX}aHR0+cHM`,
    rule: 'base64',
    reason: `${F}illegal base64 data at input byte 4`,
  },
  {
    name: 'control character',
    token: tokenOf(URL_OK.replace('/?', '/\n?')),
    rule: 'url',
    reason: `${F}net/url: invalid control character in URL`,
  },
  {
    name: 'unparseable port',
    token: tokenOf('https://sts.us-east-1.amazonaws.com:99999/'),
    rule: 'url',
    reason: `${F}invalid URL "https://sts.us-east-1.amazonaws.com:99999/"`,
  },
  {
    name: 'http',
    token: edit('https://', 'http://'),
    rule: 'scheme',
    reason: `${F}unexpected scheme "http" in pre-signed URL`,
  },
  {
    name: 'foreign host',
    token: edit(HOST, `${HOST}.evil.example`),
    rule: 'host',
    reason: `${F}unexpected hostname "${HOST}.evil.example" in pre-signed URL`,
  },
  {
    name: 'explicit port (Go keeps it in Host)',
    token: edit(HOST, `${HOST}:443`),
    rule: 'host',
    reason: `${F}unexpected hostname "${HOST}:443" in pre-signed URL`,
  },
  {
    name: 'china host for an aws-partition verifier',
    token: edit(HOST, 'sts.cn-north-1.amazonaws.com.cn'),
    rule: 'host',
    reason: `${F}unexpected hostname "sts.cn-north-1.amazonaws.com.cn" in pre-signed URL`,
  },
  {
    name: 'global endpoint outside aws',
    token: edit(HOST, 'sts.amazonaws.com'),
    rule: 'host',
    reason: `${F}unexpected hostname "sts.amazonaws.com" in pre-signed URL`,
    options: { partition: 'aws-cn' },
  },
  {
    name: 'other path',
    token: edit('.com/?', '.com/x?'),
    rule: 'path',
    reason: `${F}unexpected path in pre-signed URL`,
  },
  {
    name: 'empty path',
    token: edit('.com/?', '.com?'),
    rule: 'path',
    reason: `${F}unexpected path in pre-signed URL`,
  },
  {
    name: 'semicolon',
    token: tokenOf(`${URL_OK};x=1`),
    rule: 'query-malformed',
    reason: `${F}malformed query parameter`,
  },
  {
    name: 'bad escape',
    token: tokenOf(`${URL_OK}&x=%zz`),
    rule: 'query-malformed',
    reason: `${F}malformed query parameter`,
  },
  {
    name: 'CVE-2022-2385 credential spoof',
    token: tokenOf(`${URL_OK}&x-amz-credential=eve`),
    rule: 'duplicate-parameter',
    reason: `${F}duplicate query parameter found: "x-amz-credential"`,
  },
  {
    name: 'extra parameter',
    token: tokenOf(`${URL_OK}&Foo=bar`),
    rule: 'parameter-not-allowed',
    reason: `${F}non-whitelisted query parameter "Foo"`,
  },
  {
    name: 'repeated parameter',
    token: tokenOf(`${URL_OK}&Action=GetCallerIdentity`),
    rule: 'multiple-values',
    reason: `${F}query parameter with multiple values not supported`,
  },
  {
    name: 'other action',
    token: edit('Action=GetCallerIdentity', 'Action=AssumeRole'),
    rule: 'action',
    reason: `${F}unexpected action parameter in pre-signed URL`,
  },
  {
    name: 'other version',
    token: edit('Version=2011-06-15', 'Version=2012-01-01'),
    rule: 'version',
    reason: `${F}unexpected version parameter in pre-signed URL (expected 2011-06-15)`,
  },
  {
    name: 'x-k8s-aws-id not signed',
    token: edit('X-Amz-SignedHeaders=host%3Bx-k8s-aws-id', 'X-Amz-SignedHeaders=host'),
    rule: 'signed-headers',
    reason: `${F}client did not sign the x-k8s-aws-id header in the pre-signed URL`,
  },
  {
    name: 'host not signed',
    token: edit('X-Amz-SignedHeaders=host%3Bx-k8s-aws-id', 'X-Amz-SignedHeaders=x-k8s-aws-id'),
    rule: 'signed-headers',
    reason: `${F}client did not sign the host header in the pre-signed URL`,
  },
  {
    name: 'expires > 900',
    token: edit('X-Amz-Expires=60', 'X-Amz-Expires=901'),
    rule: 'expires',
    reason: `${F}invalid X-Amz-Expires parameter in pre-signed URL: "901"`,
  },
  {
    name: 'expires negative',
    token: edit('X-Amz-Expires=60', 'X-Amz-Expires=-1'),
    rule: 'expires',
    reason: `${F}invalid X-Amz-Expires parameter in pre-signed URL: "-1"`,
  },
  {
    name: 'expires not a number',
    token: edit('X-Amz-Expires=60', 'X-Amz-Expires=6e1'),
    rule: 'expires',
    reason: `${F}invalid X-Amz-Expires parameter in pre-signed URL: "6e1"`,
  },
  {
    name: 'no date',
    token: edit('X-Amz-Date=20260102T030405Z&', ''),
    rule: 'date-missing',
    reason: `${F}X-Amz-Date parameter must be present in pre-signed URL`,
  },
  {
    name: 'month 13',
    token: edit('X-Amz-Date=20260102T030405Z', 'X-Amz-Date=20261302T030405Z'),
    rule: 'date-format',
    reason: `${F}error parsing X-Amz-Date parameter 20261302T030405Z into format YYYYMMDDTHHMMSSZ`,
  },
  {
    name: 'ISO 8601 with separators',
    token: edit('X-Amz-Date=20260102T030405Z', 'X-Amz-Date=2026-01-02T03%3A04%3A05Z'),
    rule: 'date-format',
    reason: `${F}error parsing X-Amz-Date parameter 2026-01-02T03:04:05Z into format YYYYMMDDTHHMMSSZ`,
  },
  {
    name: 'one second past 15 minutes',
    token: valid.token,
    rule: 'expired',
    reason: `${F}X-Amz-Date parameter is expired (15 minute expiration) 2026-01-02 03:04:05 +0000 UTC`,
    options: at(15 * 60 + 1),
  },
  {
    name: 'signed more than 15 minutes in the future',
    token: valid.token,
    rule: 'not-yet-valid',
    reason: `${F}X-Amz-Date 2026-01-02 03:04:05 +0000 UTC is more than 900 s after the verifier's clock 2026-01-02 02:49:04 +0000 UTC (clock skew, FM-4.5)`,
    options: at(-(15 * 60 + 1)),
  },
  {
    name: 'tighter skew budget',
    token: valid.token,
    rule: 'not-yet-valid',
    reason: `${F}X-Amz-Date 2026-01-02 03:04:05 +0000 UTC is more than 60 s after the verifier's clock 2026-01-02 03:03:04 +0000 UTC (clock skew, FM-4.5)`,
    options: { ...at(-61), maxClockSkewSeconds: 60 },
  },
  {
    name: 'other algorithm',
    token: edit('X-Amz-Algorithm=AWS4-HMAC-SHA256', 'X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256'),
    rule: 'algorithm',
    reason: `${F}unexpected X-Amz-Algorithm "AWS4-ECDSA-P256-SHA256" in pre-signed URL (expected AWS4-HMAC-SHA256)`,
  },
  {
    name: 'scope region differs from host (FM-4.4)',
    token: edit('%2Fus-east-1%2F', '%2Feu-west-1%2F'),
    rule: 'credential-scope',
    reason: `${F}X-Amz-Credential region eu-west-1 differs from the host's region us-east-1`,
  },
  {
    name: 'scope day differs from X-Amz-Date',
    token: edit('%2F20260102%2F', '%2F20260101%2F'),
    rule: 'credential-scope',
    reason: `${F}X-Amz-Credential day 20260101 differs from X-Amz-Date day 20260102`,
  },
  {
    name: 'scope for another service',
    token: edit('%2Fsts%2F', '%2Fiam%2F'),
    rule: 'credential-scope',
    reason: `${F}X-Amz-Credential must be <access key>/<YYYYMMDD>/<region>/sts/aws4_request`,
  },
  {
    name: 'truncated signature',
    token: tokenOf(URL_OK.slice(0, -1)),
    rule: 'signature-format',
    reason: `${F}X-Amz-Signature must be 64 lower-case hex digits`,
  },
  {
    name: 'signed for another cluster (FM-4.1)',
    token: valid.token,
    rule: 'signature',
    reason:
      'SignatureDoesNotMatch: the signature does not match x-k8s-aws-id "staging" and these credentials (wrong cluster name? FM-4.1)',
    options: { clusterName: 'staging', credentials: CREDS },
  },
  {
    name: 'other secret key',
    token: valid.token,
    rule: 'signature',
    reason:
      'SignatureDoesNotMatch: the signature does not match x-k8s-aws-id "prod" and these credentials (wrong cluster name? FM-4.1)',
    options: { credentials: { ...CREDS, secretAccessKey: 'x' } },
  },
];

describe('verifyToken', () => {
  it('accepts a fresh token and reports what it can see', () => {
    const result = verifyToken(valid.token, { ...OPTS, credentials: CREDS });
    expect(result).toEqual({
      ok: true,
      url: new URL(URL_OK),
      region: 'us-east-1',
      accessKeyId: 'AKIDEXAMPLE',
      signedAt: SIGNED_AT,
      expiresAt: new Date('2026-01-02T03:19:05Z'),
      signatureChecked: true,
    });
    expect(verifyToken(valid.token, OPTS)).toMatchObject({ ok: true, signatureChecked: false });
  });

  it.each(ROWS)('rejects: $name → $rule', (row) => {
    expect(verifyToken(row.token, { ...OPTS, ...row.options })).toEqual({
      ok: false,
      rule: row.rule,
      reason: row.reason,
    });
  });

  it('has a rejection test for every rule it declares', () => {
    expect(new Set(ROWS.map((r) => r.rule))).toEqual(new Set(VERIFY_RULES.map((r) => r.rule)));
  });

  it('refuses to judge with an invalid clock rather than accept everything', () => {
    expect(() => verifyToken(valid.token, { clusterName: CLUSTER, now: new Date(Number.NaN) })).toThrow(
      TypeError,
    );
  });

  it('is valid up to exactly 15 minutes after X-Amz-Date and up to 15 minutes of skew before it', () => {
    expect(verifyToken(valid.token, at(15 * 60)).ok).toBe(true);
    expect(verifyToken(valid.token, at(-15 * 60)).ok).toBe(true);
    expect(verifyToken(valid.token, { ...at(-60), maxClockSkewSeconds: 60 }).ok).toBe(true);
  });

  it('accepts the other STS hosts of each partition', async () => {
    const cases: Array<[string, 'aws' | 'aws-cn' | 'aws-us-gov', string]> = [
      ['sts.amazonaws.com', 'aws', 'us-east-1'],
      ['sts.us-east-1.api.aws', 'aws', 'us-east-1'],
      ['sts-fips.us-east-1.amazonaws.com', 'aws', 'us-east-1'],
    ];
    for (const [host, partition, region] of cases) {
      const result = verifyToken(tokenOf(URL_OK.replace(HOST, host)), { ...OPTS, partition });
      expect(result, host).toMatchObject({ ok: true, region });
    }
    for (const [region, partition] of [
      ['cn-northwest-1', 'aws-cn'],
      ['us-gov-east-1', 'aws-us-gov'],
    ] as const) {
      const t = await createToken({
        credentials: CREDS,
        region,
        clusterName: CLUSTER,
        signingDate: SIGNED_AT,
      });
      expect(verifyToken(t.token, { ...OPTS, partition, credentials: CREDS }), region).toMatchObject({
        ok: true,
        region,
      });
      expect(verifyToken(t.token, { ...OPTS, partition: 'aws' }), region).toMatchObject({
        ok: false,
        rule: 'host',
      });
    }
  });
});

describe('verifySignature', () => {
  it('accepts the signer, and names what differs otherwise', () => {
    expect(verifySignature(URL_OK, CLUSTER, CREDS)).toEqual({ ok: true });
    expect(verifySignature(new URL(URL_OK), CLUSTER, CREDS)).toEqual({ ok: true });
    expect(verifySignature(URL_OK, CLUSTER, { ...CREDS, accessKeyId: 'AKIDOTHER' })).toEqual({
      ok: false,
      reason: 'signed by access key AKIDEXAMPLE, not AKIDOTHER',
    });
    expect(
      verifySignature(URL_OK, CLUSTER, {
        accessKeyId: CREDS.accessKeyId,
        secretAccessKey: CREDS.secretAccessKey,
      }),
    ).toEqual({ ok: false, reason: 'X-Amz-Security-Token does not belong to these credentials' });
    expect(verifySignature(URL_OK, 'Prod', CREDS).ok).toBe(false);
  });
});
