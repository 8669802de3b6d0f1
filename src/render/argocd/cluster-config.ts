/**
 * Argo CD's cluster `config` JSON. Field names are the JSON tags of the Go types in
 * argoproj/argo-cd pkg/apis/application/v1alpha1/types.go (ClusterConfig, TLSClientConfig,
 * AWSAuthConfig). Go's encoding/json ignores unknown keys and matches case-insensitively, so a
 * misspelt `roleArn` silently loses the role (facts §2.2) — we emit exactly these names and
 * tests (and doctor) check against them.
 */
import type { ArgoClusterConfig } from '../../plan/types.js';

/** JSON fields Argo CD knows, per object of the cluster config. */
export const ARGO_CONFIG_FIELDS = {
  ClusterConfig: [
    'username',
    'password',
    'bearerToken',
    'tlsClientConfig',
    'awsAuthConfig',
    'execProviderConfig',
    'disableCompression',
    'proxyUrl',
  ],
  TLSClientConfig: ['insecure', 'serverName', 'certData', 'keyData', 'caData'],
  AWSAuthConfig: ['clusterName', 'roleARN', 'profile'],
} as const;

/** Placeholder put where `caData` must be filled in; not base64, so Argo CD fails loudly if left in. */
export function caPlaceholder(clusterName: string): string {
  return `<caData of ${clusterName}: see this file's header or run npx fleetlink plan --resolve-ca>`;
}

/** The `config` JSON object, as written (a type alias, so it fits YAML/JSON value types). */
export type ClusterConfigJson = {
  awsAuthConfig?: { clusterName: string; roleARN?: string; profile?: string };
  tlsClientConfig: { insecure: boolean; serverName?: string; caData?: string };
};

/** The config object in the field order of Argo CD's docs; capability clusters carry none. */
export function clusterConfigObject(config: ArgoClusterConfig, placeholder?: string): ClusterConfigJson {
  const out = {} as ClusterConfigJson;
  if (config.awsAuthConfig) {
    const a = config.awsAuthConfig;
    out.awsAuthConfig = {
      clusterName: a.clusterName,
      ...(a.roleARN !== undefined ? { roleARN: a.roleARN } : {}),
      ...(a.profile !== undefined ? { profile: a.profile } : {}),
    };
  }
  const t = config.tlsClientConfig;
  const caData = t.caData ?? placeholder;
  out.tlsClientConfig = {
    insecure: t.insecure,
    ...(t.serverName !== undefined ? { serverName: t.serverName } : {}),
    ...(caData !== undefined ? { caData } : {}),
  };
  return out;
}

/**
 * Problems with a parsed cluster config: keys Argo CD does not know (case-exact), wrong value
 * types. Empty when the config is what Argo CD will read.
 */
export function checkClusterConfig(value: unknown): string[] {
  const problems: string[] = [];
  const obj = (v: unknown, where: string): v is Record<string, unknown> => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return true;
    problems.push(`${where} must be an object`);
    return false;
  };
  const known = (o: Record<string, unknown>, fields: readonly string[], where: string): void => {
    for (const k of Object.keys(o))
      if (!fields.includes(k)) {
        const near = fields.find((f) => f.toLowerCase() === k.toLowerCase());
        problems.push(`${where}.${k} is not an Argo CD field${near ? ` (did you mean ${near}?)` : ''}`);
      }
  };
  if (!obj(value, 'config')) return problems;
  known(value, ARGO_CONFIG_FIELDS.ClusterConfig, 'config');
  const tls = value.tlsClientConfig;
  if (tls !== undefined && obj(tls, 'config.tlsClientConfig')) {
    known(tls, ARGO_CONFIG_FIELDS.TLSClientConfig, 'config.tlsClientConfig');
    if (typeof tls.insecure !== 'boolean') problems.push('config.tlsClientConfig.insecure must be a boolean');
    for (const k of ['caData', 'certData', 'keyData', 'serverName'])
      if (tls[k] !== undefined && typeof tls[k] !== 'string')
        problems.push(`config.tlsClientConfig.${k} must be a string`);
  }
  const aws = value.awsAuthConfig;
  if (aws !== undefined && obj(aws, 'config.awsAuthConfig')) {
    known(aws, ARGO_CONFIG_FIELDS.AWSAuthConfig, 'config.awsAuthConfig');
    for (const k of ARGO_CONFIG_FIELDS.AWSAuthConfig)
      if (aws[k] !== undefined && typeof aws[k] !== 'string')
        problems.push(`config.awsAuthConfig.${k} must be a string`);
  }
  return problems;
}
