/**
 * The EKS bearer token: `k8s-aws-v1.` + unpadded base64url of a SigV4-presigned STS
 * `GetCallerIdentity` URL whose signature covers the header `x-k8s-aws-id: <cluster name>`.
 *
 * Byte-for-byte identical to `aws eks get-token` (awscli `customizations/eks/get_token.py`) for the
 * same credentials, region, cluster and signing second; the peer test in test/token proves it
 * against the real CLI. Pure: the caller supplies credentials and the clock.
 */
import { UserError } from '../errors.js';
import { stsRegionalHost } from './partition.js';
import { amzDate, presignedGetSignature, rfc3986, SIGV4_ALGORITHM } from './sigv4.js';

export { rfc3986 } from './sigv4.js';

/** aws-iam-authenticator `v1Prefix`. */
export const TOKEN_PREFIX = 'k8s-aws-v1.';
/** The header that binds a token to one cluster; the authenticator re-sends it with its own name. */
export const CLUSTER_ID_HEADER = 'x-k8s-aws-id';
/**
 * X-Amz-Expires as every EKS token generator sends it. STS ignores it — a presigned
 * GetCallerIdentity URL is valid 15 minutes after X-Amz-Date — "IT IS IGNORED" (authenticator
 * `requestPresignParam`); 60 is kept because authenticators ≤ 0.3.0 required 0..60.
 */
export const PRESIGN_EXPIRES_SECONDS = 60;
/**
 * The ExecCredential expiry: one minute before the 15-minute presigned lifetime, so clients
 * refresh early (awscli `TOKEN_EXPIRATION_MINS = 14`, argocd-k8s-auth `presignedURLExpiration - 1m`).
 */
export const TOKEN_LIFETIME_SECONDS = 14 * 60;
export const STS_ACTION = 'GetCallerIdentity';
export const STS_API_VERSION = '2011-06-15';

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** When temporary credentials stop working (as the SDK's AwsCredentialIdentity reports it). */
  readonly expiration?: Date;
}

/**
 * A presigned URL dies with the credentials that signed it, so with temporary credentials the token
 * must not claim to outlive them: a minute before they expire, if that comes before the 14 minutes.
 */
export const CREDENTIAL_EXPIRY_MARGIN_SECONDS = 60;

export interface CreateTokenInput {
  readonly credentials: AwsCredentials;
  readonly region: string;
  readonly clusterName: string;
  /** Signing time; only whole seconds are used (X-Amz-Date has second precision). */
  readonly signingDate: Date;
}

export interface EksToken {
  /** `k8s-aws-v1.…` — a bearer credential: never log it. */
  readonly token: string;
  /** signingDate + 14 min (sooner if the credentials expire first), RFC 3339 `YYYY-MM-DDTHH:MM:SSZ`. */
  readonly expirationTimestamp: string;
  /** The presigned STS URL inside the token (as secret as the token). */
  readonly url: string;
}

/** `2026-01-02T03:18:05Z` — Python `strftime('%Y-%m-%dT%H:%M:%SZ')`, no fractional seconds. */
export function rfc3339Seconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** The signed headers, sorted as SigV4 wants them: the authenticator requires both. */
const SIGNED_HEADERS = ['host', CLUSTER_ID_HEADER] as const;

export async function createToken(input: CreateTokenInput): Promise<EksToken> {
  return createTokenSync(input);
}

/** createToken without the promise (the signing is synchronous: node:crypto only). */
export function createTokenSync(input: CreateTokenInput): EksToken {
  const { credentials, region, clusterName } = input;
  const hostname = stsRegionalHost(region);
  if (hostname === undefined) {
    throw new UserError(
      `"${region}" is not a region of the aws, aws-cn or aws-us-gov partitions (expected e.g. us-east-1)`,
      { exitCode: 2 },
    );
  }
  if (clusterName === '') throw new UserError('the cluster name must not be empty', { exitCode: 2 });
  if (Number.isNaN(input.signingDate.getTime()))
    throw new TypeError('createTokenSync: signingDate is an invalid Date');
  const signingDate = new Date(Math.floor(input.signingDate.getTime() / 1000) * 1000);
  const date = amzDate(signingDate);
  const day = date.slice(0, 8);
  // Query order of botocore `SigV4QueryAuth._modify_request_before_signing`: operation params,
  // then auth params (security token after SignedHeaders), X-Amz-Signature appended last. The
  // signature does not depend on this order (the canonical query is sorted); only the URL bytes do.
  const query: Array<[string, string]> = [
    ['Action', STS_ACTION],
    ['Version', STS_API_VERSION],
    ['X-Amz-Algorithm', SIGV4_ALGORITHM],
    ['X-Amz-Credential', `${credentials.accessKeyId}/${day}/${region}/sts/aws4_request`],
    ['X-Amz-Date', date],
    ['X-Amz-Expires', String(PRESIGN_EXPIRES_SECONDS)],
    ['X-Amz-SignedHeaders', SIGNED_HEADERS.join(';')],
  ];
  if (credentials.sessionToken) query.push(['X-Amz-Security-Token', credentials.sessionToken]);
  const signature = presignedGetSignature({
    host: hostname,
    path: '/',
    query,
    headers: [[CLUSTER_ID_HEADER, clusterName]],
    signedHeaders: SIGNED_HEADERS,
    amzDate: date,
    day,
    region,
    service: 'sts',
    secretAccessKey: credentials.secretAccessKey,
  }) as string;
  query.push(['X-Amz-Signature', signature]);
  const url = `https://${hostname}/?${query.map(([k, v]) => `${k}=${rfc3986(v)}`).join('&')}`;
  return {
    token: TOKEN_PREFIX + Buffer.from(url, 'utf8').toString('base64url'),
    expirationTimestamp: rfc3339Seconds(tokenExpiry(signingDate, credentials.expiration)),
    url,
  };
}

/** signingDate + 14 min, or earlier when the signing credentials expire first (never before signing). */
export function tokenExpiry(signingDate: Date, credentialsExpiration: Date | undefined): Date {
  const full = signingDate.getTime() + TOKEN_LIFETIME_SECONDS * 1000;
  if (credentialsExpiration === undefined || Number.isNaN(credentialsExpiration.getTime()))
    return new Date(full);
  const cut = credentialsExpiration.getTime() - CREDENTIAL_EXPIRY_MARGIN_SECONDS * 1000;
  return new Date(Math.max(signingDate.getTime(), Math.min(full, Math.floor(cut / 1000) * 1000)));
}
