/**
 * Offline verification of an EKS bearer token, the way the EKS authenticator checks it before it
 * calls STS (aws-iam-authenticator `pkg/token/token.go`, `tokenVerifier.Verify`), in the same order
 * and with the same messages, plus the checks STS itself makes on a presigned URL (the rules whose
 * `source` is `sts` in {@link VERIFY_RULES}).
 *
 * What no offline check can see: the cluster name. The `x-k8s-aws-id` header is signed but is not in
 * the URL; the authenticator re-sends the URL to STS with ITS OWN cluster name in that header, and a
 * different name breaks the signature (FM-4.1). So a wrong cluster name is only detectable by
 * recomputing the signature with the signer's credentials: {@link verifySignature} does that, and
 * `verifyToken(…, { credentials })` runs it as the last rule. Without credentials, `clusterName` is
 * recorded in the result but cannot be checked — say so to the user rather than claiming a match.
 *
 * Pure: the caller passes the clock (`now`), unlike the authenticator, whose Verify reads time.Now().
 */
import { timingSafeEqual } from 'node:crypto';
import { type Partition, stsHostRegion } from './partition.js';
import { type AwsCredentials, CLUSTER_ID_HEADER, STS_ACTION, STS_API_VERSION, TOKEN_PREFIX } from './sign.js';
import { presignedGetSignature, SIGV4_ALGORITHM } from './sigv4.js';

/** authenticator `maxTokenLenBytes`. */
export const MAX_TOKEN_BYTES = 4096;
/** Presigned STS URLs are valid 15 minutes after X-Amz-Date, whatever X-Amz-Expires says. */
export const PRESIGNED_URL_LIFETIME_SECONDS = 15 * 60;
/** SigV4 rejects requests dated more than 15 minutes ahead of AWS's clock ("Signature not yet current"). */
export const DEFAULT_MAX_CLOCK_SKEW_SECONDS = 15 * 60;
/** The authenticator accepts X-Amz-Expires in [0, 900]. */
export const MAX_EXPIRES_SECONDS = 900;
const ALGORITHM = SIGV4_ALGORITHM;

/** authenticator `parameterWhitelist` (compared lower-case). */
export const ALLOWED_QUERY_PARAMETERS: readonly string[] = [
  'action',
  'version',
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-date',
  'x-amz-expires',
  'x-amz-security-token',
  'x-amz-signature',
  'x-amz-signedheaders',
];

export interface VerifyRuleInfo {
  readonly rule: string;
  /** Who enforces it: the EKS authenticator before it calls STS, or STS itself when it is called. */
  readonly source: 'aws-iam-authenticator' | 'sts';
  readonly check: string;
}

/** Every rule, in the order they run. The first failing rule is the answer. */
export const VERIFY_RULES = [
  { rule: 'token-too-large', source: 'aws-iam-authenticator', check: 'token is at most 4096 bytes' },
  { rule: 'prefix', source: 'aws-iam-authenticator', check: 'token starts with "k8s-aws-v1."' },
  { rule: 'base64', source: 'aws-iam-authenticator', check: 'the rest is unpadded base64url' },
  { rule: 'url', source: 'aws-iam-authenticator', check: 'it decodes to a parseable URL' },
  { rule: 'scheme', source: 'aws-iam-authenticator', check: 'the scheme is https' },
  {
    rule: 'host',
    source: 'aws-iam-authenticator',
    check:
      "the host is an STS endpoint of the verifier's partition (regional, dual-stack, FIPS; global in aws)",
  },
  { rule: 'path', source: 'aws-iam-authenticator', check: 'the path is "/"' },
  { rule: 'query-malformed', source: 'aws-iam-authenticator', check: 'the query string parses' },
  {
    rule: 'duplicate-parameter',
    source: 'aws-iam-authenticator',
    check: 'no parameter name appears twice, case-insensitively (CVE-2022-2385)',
  },
  {
    rule: 'parameter-not-allowed',
    source: 'aws-iam-authenticator',
    check: 'only Action, Version and the X-Amz-* SigV4 parameters',
  },
  { rule: 'multiple-values', source: 'aws-iam-authenticator', check: 'each parameter has exactly one value' },
  { rule: 'action', source: 'aws-iam-authenticator', check: 'Action=GetCallerIdentity' },
  { rule: 'version', source: 'sts', check: 'Version=2011-06-15' },
  {
    rule: 'signed-headers',
    source: 'aws-iam-authenticator',
    check: 'X-Amz-SignedHeaders contains x-k8s-aws-id (authenticator) and host (SigV4)',
  },
  { rule: 'expires', source: 'aws-iam-authenticator', check: 'X-Amz-Expires is an integer in [0, 900]' },
  { rule: 'date-missing', source: 'aws-iam-authenticator', check: 'X-Amz-Date is present' },
  { rule: 'date-format', source: 'aws-iam-authenticator', check: 'X-Amz-Date is YYYYMMDDTHHMMSSZ' },
  { rule: 'expired', source: 'aws-iam-authenticator', check: 'now is at most 15 minutes after X-Amz-Date' },
  {
    rule: 'not-yet-valid',
    source: 'sts',
    check: 'X-Amz-Date is at most 15 minutes (the allowed clock skew) after now',
  },
  { rule: 'algorithm', source: 'sts', check: 'X-Amz-Algorithm=AWS4-HMAC-SHA256' },
  {
    rule: 'credential-scope',
    source: 'sts',
    check: "X-Amz-Credential is <key>/<X-Amz-Date's day>/<host's region>/sts/aws4_request",
  },
  { rule: 'signature-format', source: 'sts', check: 'X-Amz-Signature is 64 lower-case hex digits' },
  {
    rule: 'signature',
    source: 'sts',
    check: 'only with credentials: the SigV4 signature recomputed with x-k8s-aws-id = clusterName matches',
  },
] as const satisfies readonly VerifyRuleInfo[];

export type VerifyRule = (typeof VERIFY_RULES)[number]['rule'];

export interface VerifyOptions {
  /** The cluster the verifier stands for (the value it would send in x-k8s-aws-id). */
  readonly clusterName: string;
  readonly now: Date;
  /** @default 'aws' (as the authenticator's default partition) */
  readonly partition?: Partition;
  /** @default 900 — how far in the future X-Amz-Date may be. */
  readonly maxClockSkewSeconds?: number;
  /** With the signer's credentials, also recompute the signature (rule `signature`). */
  readonly credentials?: AwsCredentials;
}

export type VerifyResult =
  | {
      readonly ok: true;
      readonly url: URL;
      readonly region: string;
      readonly accessKeyId: string;
      readonly signedAt: Date;
      readonly expiresAt: Date;
      /** True when the signature was recomputed with credentials, proving the cluster name. */
      readonly signatureChecked: boolean;
    }
  | { readonly ok: false; readonly rule: VerifyRule; readonly reason: string };

/** The authenticator's FormatError prefix, so reasons read like the EKS log line. */
const FORMAT = 'input token was not properly formatted: ';

function fail(rule: VerifyRule, reason: string): VerifyResult {
  return { ok: false, rule, reason: FORMAT + reason };
}

export function verifyToken(token: string, options: VerifyOptions): VerifyResult {
  // An invalid clock would make every time comparison false, i.e. accept expired tokens.
  if (Number.isNaN(options.now.getTime())) throw new TypeError('verifyToken: options.now is an invalid Date');
  const partition = options.partition ?? 'aws';
  if (Buffer.byteLength(token, 'utf8') > MAX_TOKEN_BYTES)
    return fail('token-too-large', 'token is too large');
  if (!token.startsWith(TOKEN_PREFIX)) {
    return fail('prefix', `token is missing expected "${TOKEN_PREFIX}" prefix`);
  }
  const decoded = decodeRawBase64Url(token.slice(TOKEN_PREFIX.length));
  if (typeof decoded === 'number') return fail('base64', `illegal base64 data at input byte ${decoded}`);

  const parts = splitUrl(decoded);
  if (typeof parts === 'string') return fail('url', parts);
  if (parts.scheme.toLowerCase() !== 'https') {
    return fail('scheme', `unexpected scheme "${parts.scheme}" in pre-signed URL`);
  }
  const region = stsHostRegion(parts.host, partition);
  if (region === undefined) return fail('host', `unexpected hostname "${parts.host}" in pre-signed URL`);
  if (parts.path !== '/') return fail('path', 'unexpected path in pre-signed URL');

  const pairs = parseQuery(parts.rawQuery);
  if (pairs === undefined) return fail('query-malformed', 'malformed query parameter');
  const params = checkParameters(pairs);
  if ('rule' in params) return params.result;
  const p = params.values;

  if (p.get('action') !== STS_ACTION) return fail('action', 'unexpected action parameter in pre-signed URL');
  if (p.get('version') !== STS_API_VERSION) {
    return fail('version', `unexpected version parameter in pre-signed URL (expected ${STS_API_VERSION})`);
  }
  const signed = (p.get('x-amz-signedheaders') ?? '').split(';').map((h) => h.toLowerCase());
  for (const header of [CLUSTER_ID_HEADER, 'host']) {
    if (!signed.includes(header)) {
      return fail('signed-headers', `client did not sign the ${header} header in the pre-signed URL`);
    }
  }
  const expiresRaw = p.get('x-amz-expires') ?? '';
  const expires = /^[+-]?\d+$/.test(expiresRaw) ? Number(expiresRaw) : Number.NaN;
  if (!Number.isInteger(expires) || expires < 0 || expires > MAX_EXPIRES_SECONDS) {
    return fail(
      'expires',
      `invalid X-Amz-Expires parameter in pre-signed URL: ${JSON.stringify(expiresRaw)}`,
    );
  }
  const date = p.get('x-amz-date') ?? '';
  if (date === '') return fail('date-missing', 'X-Amz-Date parameter must be present in pre-signed URL');
  const signedAt = parseAmzDate(date);
  if (signedAt === undefined) {
    return fail('date-format', `error parsing X-Amz-Date parameter ${date} into format YYYYMMDDTHHMMSSZ`);
  }
  const expiresAt = new Date(signedAt.getTime() + PRESIGNED_URL_LIFETIME_SECONDS * 1000);
  const now = options.now.getTime();
  if (now > expiresAt.getTime()) {
    return fail('expired', `X-Amz-Date parameter is expired (15 minute expiration) ${goTime(signedAt)}`);
  }
  const skew = options.maxClockSkewSeconds ?? DEFAULT_MAX_CLOCK_SKEW_SECONDS;
  if (signedAt.getTime() > now + skew * 1000) {
    return fail(
      'not-yet-valid',
      `X-Amz-Date ${goTime(signedAt)} is more than ${skew} s after the verifier's clock ${goTime(options.now)} (clock skew, FM-4.5)`,
    );
  }
  const algorithm = p.get('x-amz-algorithm') ?? '';
  if (algorithm !== ALGORITHM) {
    return fail(
      'algorithm',
      `unexpected X-Amz-Algorithm "${algorithm}" in pre-signed URL (expected ${ALGORITHM})`,
    );
  }
  const scope = checkCredentialScope(p.get('x-amz-credential') ?? '', date.slice(0, 8), region);
  if (typeof scope !== 'string') return scope;
  if (!/^[0-9a-f]{64}$/.test(p.get('x-amz-signature') ?? '')) {
    return fail('signature-format', 'X-Amz-Signature must be 64 lower-case hex digits');
  }
  const url = new URL(decoded);
  // Defence in depth: the host we checked must be the host a WHATWG client would connect to.
  if (url.host !== parts.host) return fail('host', `unexpected hostname "${url.host}" in pre-signed URL`);
  if (options.credentials !== undefined) {
    const sig = verifySignature(decoded, options.clusterName, options.credentials);
    if (!sig.ok) return { ok: false, rule: 'signature', reason: sig.reason };
  }
  return {
    ok: true,
    url,
    region,
    accessKeyId: scope,
    signedAt,
    expiresAt,
    signatureChecked: options.credentials !== undefined,
  };
}

/** Go `base64.RawURLEncoding.DecodeString`: URL alphabet, no padding; index of the first bad byte. */
function decodeRawBase64Url(data: string): string | number {
  const bad = data.search(/[^A-Za-z0-9_-]/);
  if (bad >= 0) return bad;
  if (data.length % 4 === 1) return data.length - 1;
  return Buffer.from(data, 'base64url').toString('utf8');
}

interface UrlParts {
  readonly scheme: string;
  readonly host: string;
  readonly path: string;
  readonly rawQuery: string;
}

/**
 * Split the URL the way Go's `url.Parse` sees it (raw host with any port, decoded path, raw query).
 * WHATWG `URL` would normalize (drop `:443`, turn an empty path into `/`, lower-case the host) and
 * so accept tokens the authenticator rejects.
 */
function splitUrl(raw: string): UrlParts | string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: Go rejects exactly these bytes.
  if (/[\u0000-\u001f\u007f]/.test(raw)) return 'net/url: invalid control character in URL';
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(\/\/([^/?#]*))?([^?#]*)(\?([^#]*))?/.exec(raw);
  if (m === null) return { scheme: '', host: '', path: raw, rawQuery: '' };
  try {
    new URL(raw);
  } catch {
    return `invalid URL "${truncate(raw)}"`;
  }
  const authority = m[3] ?? '';
  const at = authority.lastIndexOf('@');
  // Go `url.Parse` rejects userinfo outside this set (`validUserinfo`). WHATWG reads `\` as `/`, so
  // without this check `https://evil.example\@sts.<region>.amazonaws.com/` passes the host rule
  // here while every WHATWG client (fetch, our own `url`) would send the token to evil.example.
  if (at >= 0 && !/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(authority.slice(0, at))) {
    return 'net/url: invalid userinfo';
  }
  let path: string;
  try {
    path = decodeURIComponent(m[4] ?? '');
  } catch {
    return 'invalid URL escape in path';
  }
  return {
    scheme: m[1] ?? '',
    host: authority.slice(at + 1),
    path,
    rawQuery: m[6] ?? '',
  };
}

function truncate(s: string): string {
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}

/** Go `url.ParseQuery`: `&`-separated, `;` is an error, `+` is a space, bad `%` escapes are errors. */
function parseQuery(raw: string): Array<[string, string]> | undefined {
  const pairs: Array<[string, string]> = [];
  for (const piece of raw.split('&')) {
    if (piece.includes(';')) return undefined;
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const key = unescapeQuery(eq < 0 ? piece : piece.slice(0, eq));
    const value = unescapeQuery(eq < 0 ? '' : piece.slice(eq + 1));
    if (key === undefined || value === undefined) return undefined;
    pairs.push([key, value]);
  }
  return pairs;
}

function unescapeQuery(s: string): string | undefined {
  if (/%(?![0-9A-Fa-f]{2})/.test(s)) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '%') {
      bytes.push(Number.parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === '+') {
      bytes.push(0x20);
    } else {
      for (const b of Buffer.from(c, 'utf8')) bytes.push(b);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Duplicate names (case-insensitive), allowlist, one value each — the authenticator's loop. */
function checkParameters(
  pairs: ReadonlyArray<readonly [string, string]>,
): { values: Map<string, string> } | { rule: VerifyRule; result: VerifyResult } {
  const byName = new Map<string, string[]>();
  for (const [key, value] of pairs) {
    const values = byName.get(key);
    if (values === undefined) byName.set(key, [value]);
    else values.push(value);
  }
  const seen = new Set<string>();
  for (const key of byName.keys()) {
    const lower = key.toLowerCase();
    if (seen.has(lower)) {
      return {
        rule: 'duplicate-parameter',
        result: fail('duplicate-parameter', `duplicate query parameter found: "${key}"`),
      };
    }
    seen.add(lower);
  }
  const values = new Map<string, string>();
  for (const [key, list] of byName) {
    if (!ALLOWED_QUERY_PARAMETERS.includes(key.toLowerCase())) {
      return {
        rule: 'parameter-not-allowed',
        result: fail('parameter-not-allowed', `non-whitelisted query parameter "${key}"`),
      };
    }
    if (list.length !== 1) {
      return {
        rule: 'multiple-values',
        result: fail('multiple-values', 'query parameter with multiple values not supported'),
      };
    }
    values.set(key.toLowerCase(), list[0] as string);
  }
  return { values };
}

/** `20260102T030405Z` → Date, strictly (Go `time.Parse("20060102T150405Z", …)`). */
export function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (m === null) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  const roundTrip =
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d &&
    date.getUTCHours() === h &&
    date.getUTCMinutes() === mi &&
    date.getUTCSeconds() === s;
  return roundTrip ? date : undefined;
}

/** Go's default time format, as the authenticator prints it: `2026-01-02 03:04:05 +0000 UTC`. */
function goTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} +0000 UTC`;
}

/** Returns the access key ID on success. */
function checkCredentialScope(credential: string, day: string, region: string): string | VerifyResult {
  const parts = credential.split('/');
  const [key, scopeDay, scopeRegion, service, terminator] = parts;
  if (parts.length !== 5 || !key || service !== 'sts' || terminator !== 'aws4_request') {
    return fail(
      'credential-scope',
      'X-Amz-Credential must be <access key>/<YYYYMMDD>/<region>/sts/aws4_request',
    );
  }
  if (scopeDay !== day) {
    return fail('credential-scope', `X-Amz-Credential day ${scopeDay} differs from X-Amz-Date day ${day}`);
  }
  if (scopeRegion !== region) {
    // STS: "Credential should be scoped to a valid region" (FM-4.4).
    return fail(
      'credential-scope',
      `X-Amz-Credential region ${scopeRegion} differs from the host's region ${region}`,
    );
  }
  return key;
}

export type SignatureCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Recompute the SigV4 query signature of a presigned GetCallerIdentity URL as STS would, with the
 * headers the EKS authenticator sends — `host` and `x-k8s-aws-id: <clusterName>` — and the signer's
 * credentials. A token minted for another cluster name fails here (FM-4.1), and only here.
 * The signer and this check share the project's one SigV4 implementation (sigv4.ts); what proves it
 * is the peer test against the AWS CLI (test/token/aws-cli-peer.test.ts), which signs independently.
 */
export function verifySignature(
  url: URL | string,
  clusterName: string,
  credentials: AwsCredentials,
): SignatureCheck {
  const parts = splitUrl(typeof url === 'string' ? url : url.href);
  if (typeof parts === 'string') return { ok: false, reason: parts };
  const pairs = parseQuery(parts.rawQuery);
  if (pairs === undefined) return { ok: false, reason: 'malformed query string' };
  const get = (name: string): string | undefined => pairs.find(([k]) => k === name)?.[1];
  const credential = get('X-Amz-Credential') ?? '';
  const [accessKeyId, day, region, service] = credential.split('/');
  const amzDate = get('X-Amz-Date') ?? '';
  const signature = get('X-Amz-Signature') ?? '';
  if (accessKeyId !== credentials.accessKeyId) {
    return {
      ok: false,
      reason: `signed by access key ${accessKeyId ?? '?'}, not ${credentials.accessKeyId}`,
    };
  }
  if (get('X-Amz-Security-Token') !== credentials.sessionToken) {
    return { ok: false, reason: 'X-Amz-Security-Token does not belong to these credentials' };
  }
  const computed = presignedGetSignature({
    host: parts.host,
    path: '/',
    query: pairs.filter(([k]) => k !== 'X-Amz-Signature'),
    headers: [[CLUSTER_ID_HEADER, clusterName]],
    signedHeaders: (get('X-Amz-SignedHeaders') ?? '').split(';'),
    amzDate,
    day: day ?? '',
    region: region ?? '',
    service: service ?? '',
    secretAccessKey: credentials.secretAccessKey,
  });
  if (computed === undefined) {
    const unknown = (get('X-Amz-SignedHeaders') ?? '')
      .split(';')
      .find((name) => name !== 'host' && name !== CLUSTER_ID_HEADER);
    return { ok: false, reason: `signed header "${unknown ?? ''}" is not one the authenticator sends` };
  }
  const expected = Buffer.from(computed);
  const actual = Buffer.from(signature);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    return {
      ok: false,
      reason: `SignatureDoesNotMatch: the signature does not match x-k8s-aws-id "${clusterName}" and these credentials (wrong cluster name? FM-4.1)`,
    };
  }
  return { ok: true };
}
