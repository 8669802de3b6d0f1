/**
 * The Argo CD side of a Terraform plan: cluster Secrets written as `kubernetes_secret_v1` /
 * `kubernetes_secret` resources, and the argo-cd chart's `helm_release` (its values: cluster
 * credentials, service-account names and annotations). Pure: instances in, raw registrations and
 * service accounts out; observe.ts places them in accounts.
 *
 * Facts used (reference/argocd-eks-facts.md): cluster Secrets carry the label
 * `argocd.argoproj.io/secret-type: cluster` and the keys `name`, `server`, `config` (JSON of
 * ClusterConfig, read by Go's encoding/json, which matches keys case-insensitively and ignores
 * unknown ones), `namespaces` (comma-separated), `clusterResources` (only "true" counts),
 * `project`; the chart (≥ 7.0.0) takes `configs.clusterCredentials` as a map keyed by cluster name
 * and names each Secret `argocd-cluster-<key>`; before 7.0.0 it was a list of `{name, …}`. The
 * chart's service accounts default to `argocd-application-controller`, `argocd-server` and
 * `argocd-applicationset-controller`. A `helm_release` without `namespace` installs into
 * `default` (helm provider docs).
 */

import { parse as parseYaml } from 'yaml';
import { clusterSecretName } from '../../plan/naming.js';
import type { ArgoClusterConfig, ArgoComponent, ServiceAccountPlan } from '../../plan/types.js';
import type { UnknownValue } from '../../prove/unknowns.js';
import { applySet } from './helm-set.js';
import { containsUnknown, type Instance, isUnknownAt, type JsonObject, referencesOf } from './plan-json.js';

export const SECRET_TYPE_LABEL = 'argocd.argoproj.io/secret-type';

export interface RawRegistration {
  readonly name: string;
  /** Undefined when unknown until apply. */
  readonly server?: string;
  /** Undefined when unknown until apply. */
  readonly config?: ArgoClusterConfig;
  readonly namespaces: readonly string[];
  readonly clusterResources: boolean;
  readonly project?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly secretName: string;
  /** The resource address it comes from. */
  readonly source: string;
}

export interface ArgoRelease {
  readonly address: string;
  readonly namespace: string;
  readonly releaseName: string;
  readonly chartVersion: string;
  readonly version: string;
  readonly form: 'map' | 'list';
  readonly serviceAccounts: readonly ServiceAccountPlan[];
  readonly dynamicClusterDistribution: boolean;
}

export interface ArgoSide {
  readonly registrations: readonly RawRegistration[];
  readonly release?: ArgoRelease;
  readonly unknowns: readonly UnknownValue[];
  readonly notes: readonly string[];
}

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);
const PROOF = { kind: 'proof' } as const;

const COMPONENTS: readonly {
  readonly component: ArgoComponent;
  readonly valuesKey: ServiceAccountPlan['valuesKey'];
  readonly defaultName: string;
}[] = [
  {
    component: 'application-controller',
    valuesKey: 'controller',
    defaultName: 'argocd-application-controller',
  },
  {
    component: 'applicationset-controller',
    valuesKey: 'applicationSet',
    defaultName: 'argocd-applicationset-controller',
  },
  { component: 'server', valuesKey: 'server', defaultName: 'argocd-server' },
];

export function readArgoSide(instances: readonly Instance[]): ArgoSide {
  const registrations: RawRegistration[] = [];
  const unknowns: UnknownValue[] = [];
  const notes: string[] = [];
  let release: ArgoRelease | undefined;
  for (const i of instances) {
    if (i.mode !== 'managed') continue;
    if (i.type === 'kubernetes_secret_v1' || i.type === 'kubernetes_secret') {
      const r = readSecret(i, unknowns, notes);
      if (r) registrations.push(r);
    } else if (i.type === 'kubernetes_manifest') {
      const secret = manifestSecret(i);
      const r = secret && readSecret(secret, unknowns, notes);
      if (r) registrations.push(r);
    } else if (i.type === 'helm_release' && isArgoChart(i.values)) {
      if (release) {
        notes.push(`${i.address} is a second argo-cd release; only ${release.address} is read.`);
        continue;
      }
      const read = readRelease(i, unknowns, notes);
      if (read) {
        release = read.release;
        registrations.push(...read.registrations);
      }
    }
  }
  return { registrations, ...(release ? { release } : {}), unknowns, notes };
}

function isArgoChart(values: JsonObject): boolean {
  return typeof values.chart === 'string' && /(^|\/)argo-cd$/.test(values.chart);
}

function unknown(
  i: Instance,
  attribute: string,
  effect: UnknownValue['effect'],
  note?: string,
): UnknownValue {
  const top = attribute.split(/[.[]/)[0] ?? attribute;
  return {
    source: i.address,
    attribute,
    references: referencesOf(i.expressions, top),
    effect,
    ...(note ? { note } : {}),
  };
}

function strings(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObject(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

function readSecret(i: Instance, unknowns: UnknownValue[], notes: string[]): RawRegistration | undefined {
  const metadata = Array.isArray(i.values.metadata) ? i.values.metadata[0] : i.values.metadata;
  if (containsUnknown(i.unknown, ['metadata', 0, 'labels'])) {
    unknowns.push(
      unknown(
        i,
        'metadata[0].labels',
        PROOF,
        'unknown until apply, so whether it is an Argo CD cluster Secret is',
      ),
    );
    return undefined;
  }
  const labels = strings(isObject(metadata) ? metadata.labels : undefined);
  if (labels[SECRET_TYPE_LABEL] !== 'cluster') return undefined;
  if (containsUnknown(i.unknown, ['data']) && isUnknownAt(i.unknown, ['data'])) {
    unknowns.push(unknown(i, 'data', PROOF));
    return undefined;
  }
  const data = isObject(i.values.data) ? i.values.data : {};
  const known = (key: string): boolean => !isUnknownAt(i.unknown, ['data', key]);
  if (!known('name')) {
    unknowns.push(unknown(i, 'data.name', PROOF));
    return undefined;
  }
  const name = typeof data.name === 'string' ? data.name : '';
  const secretName =
    isObject(metadata) && typeof metadata.name === 'string' ? metadata.name : `(unnamed ${i.address})`;
  let config: ArgoClusterConfig | undefined;
  if (!known('config')) unknowns.push(unknown(i, 'data.config', { kind: 'cluster', cluster: name }));
  else config = parseClusterConfig(data.config, `${i.address} data.config`, notes);
  if (!known('server'))
    unknowns.push(
      unknown(i, 'data.server', { kind: 'cluster', cluster: name, findings: ['FM-6.3', 'FM-7.3'] }),
    );
  return {
    name,
    ...(known('server') ? { server: typeof data.server === 'string' ? data.server : '' } : {}),
    ...(config ? { config } : {}),
    namespaces: typeof data.namespaces === 'string' ? splitNamespaces(data.namespaces) : [],
    clusterResources: data.clusterResources === 'true',
    ...(typeof data.project === 'string' && data.project !== '' ? { project: data.project } : {}),
    labels,
    annotations: strings(isObject(metadata) ? metadata.annotations : undefined),
    secretName,
    source: i.address,
  };
}

/**
 * A `kubernetes_manifest` whose `manifest` is a core/v1 Secret, seen as the `kubernetes_secret_v1`
 * it amounts to: `metadata` as the one metadata block, and `data` holding `stringData` and the
 * base64-decoded `data` (the API server merges `stringData` over `data`, Kubernetes API reference,
 * Secret v1). Unknown marks move along. Undefined for any other manifest.
 */
function manifestSecret(i: Instance): Instance | undefined {
  const m = i.values.manifest;
  if (!isObject(m) || m.apiVersion !== 'v1' || m.kind !== 'Secret') return undefined;
  const mask = isObject(i.unknown) && isObject(i.unknown.manifest) ? i.unknown.manifest : {};
  const data: Record<string, unknown> = {};
  const dataMask: Record<string, unknown> = {};
  const b64 = isObject(m.data) ? m.data : {};
  for (const [k, v] of Object.entries(b64))
    data[k] = typeof v === 'string' ? Buffer.from(v, 'base64').toString('utf8') : v;
  Object.assign(data, isObject(m.stringData) ? m.stringData : {});
  for (const part of ['data', 'stringData'] as const) {
    const u = mask[part];
    if (u === true) dataMask.__all = true;
    else if (isObject(u)) Object.assign(dataMask, u);
  }
  const expression = i.expressions.manifest;
  return {
    ...i,
    values: { metadata: [isObject(m.metadata) ? m.metadata : {}], data },
    unknown: {
      ...(mask.metadata !== undefined ? { metadata: [mask.metadata] } : {}),
      ...(dataMask.__all ? { data: true } : { data: dataMask }),
    },
    expressions: expression === undefined ? {} : { metadata: expression, data: expression },
  };
}

function splitNamespaces(s: string): string[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

/** Go's encoding/json: keys match case-insensitively (an exact match wins). */
function field(o: JsonObject, name: string): unknown {
  if (name in o) return o[name];
  const lower = name.toLowerCase();
  const key = Object.keys(o).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : o[key];
}

/** ClusterConfig JSON (a string in a Secret, an object in chart values). */
export function parseClusterConfig(raw: unknown, where: string, notes: string[]): ArgoClusterConfig {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      notes.push(`${where} is not JSON; Argo CD cannot read this cluster Secret.`);
      value = {};
    }
  }
  const o = isObject(value) ? value : {};
  const aws = field(o, 'awsAuthConfig');
  const tls = field(o, 'tlsClientConfig');
  const t = isObject(tls) ? tls : {};
  const caData = field(t, 'caData');
  const serverName = field(t, 'serverName');
  const config: ArgoClusterConfig = {
    ...(isObject(aws)
      ? {
          awsAuthConfig: {
            clusterName: String(field(aws, 'clusterName') ?? ''),
            ...(typeof field(aws, 'roleARN') === 'string' && field(aws, 'roleARN') !== ''
              ? { roleARN: field(aws, 'roleARN') as string }
              : {}),
            ...(typeof field(aws, 'profile') === 'string'
              ? { profile: field(aws, 'profile') as string }
              : {}),
          },
        }
      : {}),
    tlsClientConfig: {
      insecure: field(t, 'insecure') === true,
      ...(typeof caData === 'string' ? { caData } : {}),
      ...(typeof serverName === 'string' ? { serverName } : {}),
    },
  };
  return config;
}

function readRelease(
  i: Instance,
  unknowns: UnknownValue[],
  notes: string[],
): { release: ArgoRelease; registrations: RawRegistration[] } | undefined {
  if (containsUnknown(i.unknown, ['values'])) {
    unknowns.push(
      unknown(
        i,
        'values',
        PROOF,
        'unknown until apply, so the Argo CD cluster credentials and service accounts are',
      ),
    );
    return undefined;
  }
  const merged: Record<string, unknown> = {};
  const docs = Array.isArray(i.values.values) ? i.values.values : [];
  docs.forEach((text, n) => {
    if (typeof text !== 'string') return;
    let parsed: unknown;
    try {
      parsed = parseYaml(text);
    } catch (error) {
      notes.push(
        `${i.address} values[${n}] is not YAML (${(error as Error).message.split('\n')[0]}); it is ignored.`,
      );
      return;
    }
    if (isObject(parsed)) deepMerge(merged, parsed);
  });
  if (!applySets(i, merged, unknowns, notes)) return undefined;

  const namespace =
    typeof i.values.namespace === 'string' && i.values.namespace ? i.values.namespace : 'default';
  const releaseName = typeof i.values.name === 'string' ? i.values.name : '';
  const chartVersion = typeof i.values.version === 'string' ? i.values.version : '';
  const global = isObject(merged.global) ? merged.global : {};
  const image = isObject(global.image) ? global.image : {};
  const version = typeof image.tag === 'string' ? image.tag : '';
  const serviceAccounts: ServiceAccountPlan[] = [];
  for (const c of COMPONENTS) {
    const block = isObject(merged[c.valuesKey]) ? (merged[c.valuesKey] as JsonObject) : {};
    const sa = isObject(block.serviceAccount) ? block.serviceAccount : {};
    const name = typeof sa.name === 'string' && sa.name !== '' ? sa.name : c.defaultName;
    serviceAccounts.push({
      component: c.component,
      namespace,
      name: sa.create === false && !(typeof sa.name === 'string' && sa.name) ? 'default' : name,
      annotations: strings(sa.annotations),
      valuesKey: c.valuesKey,
    });
  }
  const configs = isObject(merged.configs) ? merged.configs : {};
  const creds = configs.clusterCredentials;
  const form: 'map' | 'list' = Array.isArray(creds) ? 'list' : 'map';
  const registrations: RawRegistration[] = [];
  const entries: [string, unknown][] = Array.isArray(creds)
    ? creds.map((c, n) => [isObject(c) && typeof c.name === 'string' ? c.name : String(n), c])
    : isObject(creds)
      ? Object.entries(creds)
      : [];
  for (const [key, raw] of entries) {
    if (!isObject(raw)) continue;
    registrations.push({
      name: key,
      server: typeof raw.server === 'string' ? raw.server : '',
      config: parseClusterConfig(raw.config, `${i.address} configs.clusterCredentials.${key}.config`, notes),
      namespaces: Array.isArray(raw.namespaces)
        ? raw.namespaces.filter((x): x is string => typeof x === 'string')
        : typeof raw.namespaces === 'string'
          ? splitNamespaces(raw.namespaces)
          : [],
      clusterResources: raw.clusterResources === true || raw.clusterResources === 'true',
      ...(typeof raw.project === 'string' && raw.project !== '' ? { project: raw.project } : {}),
      labels: strings(raw.labels),
      annotations: strings(raw.annotations),
      secretName: clusterSecretName(key),
      source: i.address,
    });
  }
  const controller = isObject(merged.controller) ? merged.controller : {};
  return {
    release: {
      address: i.address,
      namespace,
      releaseName,
      chartVersion,
      version,
      form,
      serviceAccounts,
      dynamicClusterDistribution: controller.dynamicClusterDistribution === true,
    },
    registrations,
  };
}

/** Helm's merge of several values files: maps merge, everything else is replaced by the later file. */
function deepMerge(into: Record<string, unknown>, from: JsonObject): void {
  for (const [k, v] of Object.entries(from)) {
    const cur = into[k];
    if (isObject(cur) && isObject(v)) {
      const copy: Record<string, unknown> = { ...cur };
      deepMerge(copy, v);
      into[k] = copy;
    } else into[k] = v;
  }
}

/** Values keys this reader takes from the chart's values: a `set` elsewhere changes nothing it reads. */
const READ_KEYS = new Set(['configs', 'controller', 'applicationSet', 'server', 'global']);

/**
 * `set` then `set_sensitive` (the Helm provider's order, both after `values`) applied to the merged
 * values. False when an entry that could change what is read is unknown until apply (reported).
 */
function applySets(
  i: Instance,
  merged: Record<string, unknown>,
  unknowns: UnknownValue[],
  notes: string[],
): boolean {
  for (const attribute of ['set', 'set_sensitive'] as const) {
    const list = Array.isArray(i.values[attribute]) ? (i.values[attribute] as unknown[]) : [];
    if (!Array.isArray(i.values[attribute]) && containsUnknown(i.unknown, [attribute])) {
      unknowns.push(unknown(i, attribute, PROOF, 'unknown until apply, so the Argo CD values are'));
      return false;
    }
    for (let n = 0; n < list.length; n++) {
      const entry = list[n];
      if (!isObject(entry)) continue;
      const nameKnown = !isUnknownAt(i.unknown, [attribute, n, 'name']) && typeof entry.name === 'string';
      const first = nameKnown ? ((entry.name as string).split(/(?<!\\)[.[]/)[0] ?? '') : '';
      if (nameKnown && !READ_KEYS.has(first)) continue;
      if (!nameKnown || containsUnknown(i.unknown, [attribute, n])) {
        unknowns.push(
          unknown(
            i,
            `${attribute}[${n}]`,
            PROOF,
            `unknown until apply${nameKnown ? ` (${entry.name as string})` : ''}, so the Argo CD values are`,
          ),
        );
        return false;
      }
      try {
        applySet(merged, {
          name: entry.name as string,
          value: typeof entry.value === 'string' ? entry.value : String(entry.value ?? ''),
          ...(typeof entry.type === 'string' && entry.type !== '' ? { type: entry.type } : {}),
        });
      } catch (error) {
        notes.push(
          `${i.address} ${attribute}[${n}] ${entry.name as string}: Helm rejects it (${(error as Error).message}); the release would fail to install.`,
        );
      }
    }
  }
  return true;
}
