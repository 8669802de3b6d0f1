/**
 * The project's one AWS Signature Version 4 implementation, for presigned GET requests with an
 * empty body — all the token path signs (a presigned STS `GetCallerIdentity` URL) and all the
 * verifier recomputes. It follows the SigV4 specification step by step
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html): canonical request,
 * string to sign, derived signing key, HMAC. The signer (sign.ts) and the offline verifier
 * (verify.ts) both use it; the peer test in test/token proves the bytes equal `aws eks get-token`'s.
 *
 * Why not `@smithy/signature-v4`: on a cold `fleetlink token` process it loads seven `@smithy/core`
 * submodules (about 17 ms, most of the plugin's start-up over bare Node), while this module needs
 * only `node:crypto`. See the token figures in the README's Benchmarks section.
 */
import { createHash, createHmac } from 'node:crypto';

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';
/** SHA-256 of the empty body: a GET has no payload (botocore and smithy both sign this). */
export const EMPTY_PAYLOAD_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const UNRESERVED_ONLY = /^[A-Za-z0-9\-_.~]*$/;

/**
 * RFC 3986 percent-encoding of everything but unreserved characters — botocore's
 * `quote(value, safe='-_.~')` and SigV4's URI-encode rule.
 */
export function rfc3986(value: string): string {
  if (UNRESERVED_ONLY.test(value)) return value;
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `20260102T030405Z` (X-Amz-Date, second precision). */
export function amzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export interface PresignedGet {
  /** Host header value (the only header besides `extraHeaders`). */
  readonly host: string;
  readonly path: string;
  /** Query parameters, decoded, without X-Amz-Signature. */
  readonly query: ReadonlyArray<readonly [string, string]>;
  /** Signed headers other than host, lower-case names. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** The names in X-Amz-SignedHeaders, in that order (lower case, `;`-joined in the request). */
  readonly signedHeaders: readonly string[];
  readonly amzDate: string;
  /** `<day>/<region>/<service>/aws4_request`, split. */
  readonly day: string;
  readonly region: string;
  readonly service: string;
  readonly secretAccessKey: string;
}

/** SigV4 canonical query string: each name and value URI-encoded, sorted by name then value. */
export function canonicalQuery(query: ReadonlyArray<readonly [string, string]>): string {
  return query
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** Hex signature of a presigned GET, or `undefined` when a signed header has no value. */
export function presignedGetSignature(req: PresignedGet): string | undefined {
  const values = new Map<string, string>(req.headers);
  values.set('host', req.host);
  let canonicalHeaders = '';
  for (const name of req.signedHeaders) {
    const value = values.get(name);
    if (value === undefined) return undefined;
    canonicalHeaders += `${name}:${value.trim().replace(/\s+/g, ' ')}\n`;
  }
  const canonicalRequest = `GET\n${req.path}\n${canonicalQuery(req.query)}\n${canonicalHeaders}\n${req.signedHeaders.join(';')}\n${EMPTY_PAYLOAD_SHA256}`;
  const scope = `${req.day}/${req.region}/${req.service}/aws4_request`;
  const stringToSign = `${SIGV4_ALGORITHM}\n${req.amzDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;
  const key = signingKey(req.secretAccessKey, req.day, req.region, req.service);
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
}

/**
 * The derived key of one secret, day, region and service. The last one is kept: callers that mint
 * many tokens (doctor probes, benchmarks) save four HMACs per token. Only this module sees it.
 */
let lastKey: { id: string; secret: string; key: Buffer } | undefined;

function signingKey(secret: string, day: string, region: string, service: string): Buffer {
  const id = `${day}/${region}/${service}`;
  if (lastKey?.id === id && lastKey.secret === secret) return lastKey.key;
  let key = hmac(`AWS4${secret}`, day);
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part);
  lastKey = { id, secret, key };
  return key;
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function sha256Hex(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('hex');
}
