/**
 * Where the signing credentials come from (edge module: environment, network, filesystem).
 *
 * - Default: the AWS SDK v3 default chain (`fromNodeProviderChain`: environment, shared profiles
 *   and SSO, web identity = IRSA, container credentials = EKS Pod Identity, instance metadata) —
 *   what `aws eks get-token` and argocd-k8s-auth use. When plain environment keys are set (and no
 *   AWS_PROFILE, which makes the SDK skip them), they are read directly so the SDK is never loaded:
 *   the plugin starts in a fraction of the time.
 * - `--role-arn`: one `sts:AssumeRole` on top, as `argocd-k8s-auth --role-arn` does
 *   (aws-sdk-go-v2 stscreds: 15-minute session, no ExternalId), against the partition's regional STS
 *   endpoint of the cluster's region (FM-3.4, FM-4.3), optionally cached (credential-cache.ts).
 */

import { UserError } from '../errors.js';
import { parseRoleArn } from '../iam/arn.js';
import type { CachedCredentials } from './credential-cache.js';
import { explainCredentialError } from './explain.js';
import { partitionOfRegion, stsRegionalHost } from './partition.js';
import type { AwsCredentials } from './sign.js';

/** aws-sdk-go-v2 stscreds `DefaultDuration` (15 min): the shortest STS allows, inside the 1 h chaining cap. */
export const ASSUME_ROLE_DURATION_SECONDS = 900;
/** STS `roleSessionNameType`: 2–64 of `[\w+=,.@-]`. */
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

export type Env = Readonly<Record<string, string | undefined>>;

export interface CredentialRequest {
  readonly region: string;
  readonly roleArn?: string;
  readonly sessionName?: string;
  readonly cacheDir?: string;
  readonly env: Env;
  readonly now: () => Date;
  /** Non-fatal notes for stderr (cache problems). Never receives secrets. */
  readonly warn?: (message: string) => void;
}

export type CredentialSource = 'environment' | 'default-chain' | 'assume-role' | 'cache';

export interface ResolvedCredentials {
  readonly credentials: AwsCredentials;
  readonly source: CredentialSource;
}

/** Plain environment keys, when the SDK's `fromEnv` would be the one to answer. */
export function environmentCredentials(env: Env): AwsCredentials | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  // credential-provider-node skips fromEnv when a profile is named (AWS_PROFILE).
  if (env.AWS_PROFILE || !accessKeyId || !secretAccessKey) return undefined;
  const sessionToken = env.AWS_SESSION_TOKEN;
  // credential-provider-env reads the expiry of temporary keys from here too.
  const expiration = env.AWS_CREDENTIAL_EXPIRATION ? new Date(env.AWS_CREDENTIAL_EXPIRATION) : undefined;
  return {
    accessKeyId,
    secretAccessKey,
    ...(sessionToken ? { sessionToken } : {}),
    ...(expiration && !Number.isNaN(expiration.getTime()) ? { expiration } : {}),
  };
}

/**
 * What the source identity is, from the environment, for the cache key: another access key,
 * profile, IRSA role or Pod Identity endpoint must not reuse an entry. Identifiers only, no secrets.
 */
export function sourceIdentity(env: Env): string {
  return [
    env.AWS_PROFILE ? '' : (env.AWS_ACCESS_KEY_ID ?? ''),
    env.AWS_PROFILE ?? '',
    env.AWS_ROLE_ARN ?? '',
    env.AWS_WEB_IDENTITY_TOKEN_FILE ?? '',
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI ?? '',
    env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI ?? '',
  ].join('|');
}

export function validateRoleRequest(region: string, roleArn: string, sessionName: string | undefined): void {
  const role = parseRoleArn(roleArn);
  if (role === undefined) {
    throw new UserError(
      `--role-arn "${roleArn}" is not an IAM role ARN (arn:aws:iam::123456789012:role/name)`,
      {
        exitCode: 2,
      },
    );
  }
  const regionPartition = partitionOfRegion(region);
  if (regionPartition !== undefined && role.partition !== regionPartition) {
    throw new UserError(
      `--role-arn is in partition ${role.partition} but region ${region} is in ${regionPartition}; STS would reject the call`,
      { exitCode: 2 },
    );
  }
  if (sessionName !== undefined && !SESSION_NAME.test(sessionName)) {
    throw new UserError(
      `--session-name "${sessionName}" must be 2-64 characters of letters, digits and +=,.@_-`,
      {
        exitCode: 2,
      },
    );
  }
}

export async function resolveCredentials(req: CredentialRequest): Promise<ResolvedCredentials> {
  if (req.roleArn === undefined) {
    const fromEnv = environmentCredentials(req.env);
    if (fromEnv !== undefined) return { credentials: fromEnv, source: 'environment' };
    return { credentials: await defaultChain(req), source: 'default-chain' };
  }
  validateRoleRequest(req.region, req.roleArn, req.sessionName);
  // Loaded here: the plain environment-key path (kubectl's usual case) needs no filesystem module.
  const { cacheKey, prepareCacheDir, readCachedCredentials, writeCachedCredentials } = await import(
    './credential-cache.js'
  );
  const key = cacheKey({
    roleArn: req.roleArn,
    sessionName: req.sessionName ?? '',
    region: req.region,
    sourceIdentity: sourceIdentity(req.env),
  });
  if (req.cacheDir !== undefined) {
    await prepareCacheDir(req.cacheDir);
    const cached = await readCachedCredentials(req.cacheDir, key, req.now());
    if (cached !== undefined) return { credentials: cached, source: 'cache' };
  }
  const assumed = await assumeRole(req, req.roleArn);
  if (req.cacheDir !== undefined) {
    try {
      await writeCachedCredentials(req.cacheDir, key, assumed);
    } catch (error) {
      req.warn?.(`could not write the credential cache: ${(error as Error).message}`);
    }
  }
  return { credentials: assumed, source: 'assume-role' };
}

async function defaultChain(req: CredentialRequest): Promise<AwsCredentials> {
  const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
  try {
    const c = await fromNodeProviderChain({ clientConfig: { region: req.region } })();
    return {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
      ...(c.expiration ? { expiration: c.expiration } : {}),
    };
  } catch (error) {
    throw awsError(error, req);
  }
}

async function assumeRole(req: CredentialRequest, roleArn: string): Promise<CachedCredentials> {
  const [{ STSClient, AssumeRoleCommand }, { fromNodeProviderChain }] = await Promise.all([
    import('@aws-sdk/client-sts'),
    import('@aws-sdk/credential-providers'),
  ]);
  const client = new STSClient({
    region: req.region,
    endpoint: `https://${stsRegionalHost(req.region)}`,
    credentials: fromNodeProviderChain({ clientConfig: { region: req.region } }),
  });
  try {
    const out = await client.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: req.sessionName ?? `fleetlink-${req.now().getTime()}`,
        DurationSeconds: ASSUME_ROLE_DURATION_SECONDS,
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
      throw new UserError('STS AssumeRole returned no credentials', { exitCode: 1 });
    }
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: new Date(c.Expiration),
    };
  } catch (error) {
    throw awsError(error, req);
  } finally {
    client.destroy();
  }
}

/**
 * AWS errors as what to do (explain.ts) or `<Code>: <message>`, exit 1 — no stack, no request
 * dump (which could carry secrets), first line only (SDK messages can run on).
 */
export function awsError(
  error: unknown,
  req: Pick<CredentialRequest, 'region' | 'env' | 'roleArn'>,
): UserError {
  if (error instanceof UserError) return error;
  const explained = explainCredentialError(error, req);
  if (explained !== undefined) return new UserError(explained, { exitCode: 1 });
  if (error instanceof Error)
    return new UserError(`${error.name}: ${error.message.split('\n')[0]}`, { exitCode: 1 });
  return new UserError(String(error), { exitCode: 1 });
}
