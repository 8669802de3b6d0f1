/**
 * Turning raw Kubernetes objects into snapshot records without letting a secret through.
 * Pure: input is the decoded data of a Secret / a container's env; output is snapshot data.
 */
import {
  type ClusterSecretSnapshot,
  ENV_VALUES_KEPT,
  REDACTED,
  type RedactedClusterConfig,
} from './snapshot.js';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Go's encoding/json matches keys case-insensitively and drops unknown keys silently
 * (argocd-eks-facts §2.1). Look a key up the same way, and report the keys Go would ignore.
 */
function pick(obj: Json, key: string): unknown {
  if (key in obj) return obj[key];
  const found = Object.keys(obj).find((k) => k.toLowerCase() === key.toLowerCase());
  return found === undefined ? undefined : obj[found];
}

function unknownKeys(obj: Json, known: readonly string[], prefix: string): string[] {
  const lower = known.map((k) => k.toLowerCase());
  return Object.keys(obj)
    .filter((k) => !lower.includes(k.toLowerCase()))
    .map((k) => `${prefix}${k}`);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

const CONFIG_KEYS = [
  'username',
  'password',
  'bearerToken',
  'tlsClientConfig',
  'awsAuthConfig',
  'execProviderConfig',
  'disableCompression',
  'proxyUrl',
];
const TLS_KEYS = ['insecure', 'serverName', 'certData', 'keyData', 'caData'];
const AWS_KEYS = ['clusterName', 'roleARN', 'profile'];
const EXEC_KEYS = ['command', 'args', 'env', 'apiVersion', 'installHint', 'provideClusterInfo', 'config'];

/** Argument values that follow these flags are credentials and are replaced. */
const SECRET_ARG = /token|secret|password|key/i;

/** Values that are credentials whatever flag precedes them: EKS tokens, bearer tokens. */
const BARE_SECRET = /k8s-aws-v1\.|^Bearer\s/i;

function redactArgs(args: unknown): string[] | undefined {
  if (!Array.isArray(args)) return undefined;
  const out: string[] = [];
  let hideNext = false;
  for (const a of args) {
    const s = String(a);
    if (hideNext) {
      out.push(REDACTED);
      hideNext = false;
      continue;
    }
    if (BARE_SECRET.test(s)) {
      out.push(REDACTED);
      continue;
    }
    const eq = s.indexOf('=');
    if (s.startsWith('-') && SECRET_ARG.test(eq >= 0 ? s.slice(0, eq) : s)) {
      if (eq >= 0) out.push(`${s.slice(0, eq)}=${REDACTED}`);
      else {
        out.push(s);
        hideNext = true;
      }
    } else out.push(s);
  }
  return out;
}

/** Parse the `config` JSON of a cluster Secret, keeping non-secret fields only. */
export function redactClusterConfig(raw: string): {
  config?: RedactedClusterConfig;
  configError?: string;
  configUnknownKeys?: string[];
} {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    return { configError: jsonErrorWithoutExcerpt(e) };
  }
  if (!isObject(parsed)) return { configError: 'config is not a JSON object' };
  const unknown = unknownKeys(parsed, CONFIG_KEYS, '');
  const config: {
    -readonly [K in keyof RedactedClusterConfig]: RedactedClusterConfig[K];
  } = {};
  const aws = pick(parsed, 'awsAuthConfig');
  if (isObject(aws)) {
    unknown.push(...unknownKeys(aws, AWS_KEYS, 'awsAuthConfig.'));
    config.awsAuthConfig = {
      ...(str(pick(aws, 'clusterName')) !== undefined && { clusterName: str(pick(aws, 'clusterName')) }),
      ...(str(pick(aws, 'roleARN')) !== undefined && { roleARN: str(pick(aws, 'roleARN')) }),
      ...(str(pick(aws, 'profile')) !== undefined && { profile: str(pick(aws, 'profile')) }),
    };
  }
  const tls = pick(parsed, 'tlsClientConfig');
  if (isObject(tls)) {
    unknown.push(...unknownKeys(tls, TLS_KEYS, 'tlsClientConfig.'));
    const insecure = pick(tls, 'insecure');
    config.tlsClientConfig = {
      ...(typeof insecure === 'boolean' && { insecure }),
      ...(str(pick(tls, 'serverName')) !== undefined && { serverName: str(pick(tls, 'serverName')) }),
      ...(str(pick(tls, 'caData')) !== undefined && { caData: str(pick(tls, 'caData')) }),
      ...(pick(tls, 'certData') !== undefined && { certData: REDACTED }),
      ...(pick(tls, 'keyData') !== undefined && { keyData: REDACTED }),
    };
  }
  const exec = pick(parsed, 'execProviderConfig');
  if (isObject(exec)) {
    unknown.push(...unknownKeys(exec, EXEC_KEYS, 'execProviderConfig.'));
    const env = pick(exec, 'env');
    const args = redactArgs(pick(exec, 'args'));
    config.execProviderConfig = {
      ...(str(pick(exec, 'command')) !== undefined && { command: str(pick(exec, 'command')) }),
      ...(args !== undefined && { args }),
      ...(str(pick(exec, 'apiVersion')) !== undefined && { apiVersion: str(pick(exec, 'apiVersion')) }),
      ...(isObject(env) && { envNames: Object.keys(env).sort() }),
    };
  }
  const username = str(pick(parsed, 'username'));
  if (username !== undefined) config.username = username;
  if (pick(parsed, 'password') !== undefined) config.password = REDACTED;
  if (pick(parsed, 'bearerToken') !== undefined) config.bearerToken = REDACTED;
  const proxyUrl = str(pick(parsed, 'proxyUrl'));
  if (proxyUrl !== undefined) config.proxyUrl = stripUserInfo(proxyUrl);
  const dc = pick(parsed, 'disableCompression');
  if (typeof dc === 'boolean') config.disableCompression = dc;
  return { config, ...(unknown.length > 0 && { configUnknownKeys: unknown }) };
}

/**
 * V8's JSON.parse messages quote the input around the error (`Unexpected token 'e', ..."erToken":
 * eyJhbGciOi"... is not valid JSON`): in a cluster Secret's config that excerpt is the bearer
 * token or password. Keep the kind of error and its position, never the quoted text.
 */
function jsonErrorWithoutExcerpt(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message
    .replace(/, (?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/, ' (excerpt withheld)')
    .replace(/^Unexpected token '[\s\S]'/, 'Unexpected token');
}

/** `http://user:pass@proxy:3128` → `http://REDACTED@proxy:3128`. */
export function stripUserInfo(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, `$1${REDACTED}@`);
}

/** A cluster Secret (data already base64-decoded to UTF-8 strings) → snapshot record. */
export function redactClusterSecret(input: {
  name: string;
  namespace: string;
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
  data: Readonly<Record<string, string>>;
}): ClusterSecretSnapshot {
  const d = input.data;
  const data: ClusterSecretSnapshot['data'] = {
    ...(d.name !== undefined && { name: d.name }),
    // `https://user:pass@host` would put a credential into the snapshot.
    ...(d.server !== undefined && { server: stripUserInfo(d.server) }),
    ...(d.namespaces !== undefined && { namespaces: d.namespaces }),
    ...(d.project !== undefined && { project: d.project }),
    ...(d.clusterResources !== undefined && { clusterResources: d.clusterResources }),
    ...(d.shard !== undefined && { shard: d.shard }),
  };
  return {
    name: input.name,
    namespace: input.namespace,
    labels: { ...input.labels },
    // kubectl's last-applied annotation holds the whole Secret, credentials included.
    annotations: Object.fromEntries(
      Object.entries(input.annotations).filter(
        ([k]) => k !== 'kubectl.kubernetes.io/last-applied-configuration',
      ),
    ),
    data,
    dataKeys: Object.keys(d).sort(),
    ...(d.config !== undefined ? redactClusterConfig(d.config) : {}),
  };
}

/** A container env var → snapshot record: the value only for allow-listed, non-secret names. */
export function redactEnvVar(v: { name: string; value?: string; valueFrom?: unknown }): {
  name: string;
  value?: string;
  fromRef?: boolean;
} {
  if (v.valueFrom !== undefined) return { name: v.name, fromRef: true };
  if (v.value !== undefined && ENV_VALUES_KEPT.includes(v.name)) {
    return { name: v.name, value: /proxy/i.test(v.name) ? stripUserInfo(v.value) : v.value };
  }
  return { name: v.name };
}
