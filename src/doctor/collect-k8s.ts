/**
 * Hub Kubernetes collector (edge), @kubernetes/client-node 1.4.0 (2.x cannot load on Node 20,
 * libraries.md §4). Read-only: list service accounts, pods, Secrets, Applications and the
 * controller's StatefulSet/Deployment in the Argo CD namespace, read allow-listed keys of
 * argocd-cmd-params-cm and argocd-cm, and read the eks-pod-identity-agent DaemonSet. Secrets are redacted before they leave this module
 * (redact.ts). A failed read becomes a CollectionError.
 */

import { setMaxListeners } from 'node:events';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  type V1ConfigMap,
  type V1Deployment,
  type V1Pod,
  type V1Secret,
  type V1StatefulSet,
} from '@kubernetes/client-node';
import { isEndpointDown, reachability } from './reachability.js';
import { redactClusterSecret, redactEnvVar } from './redact.js';
import { errorCode, type RetryOptions, withRetry } from './reliability.js';
import {
  type ApplicationSnapshot,
  ARGOCD_CM_KEPT,
  CMD_PARAMS_KEPT,
  type CollectionError,
  type ControllerWorkloadSnapshot,
  type HubSnapshot,
  type PodSnapshot,
} from './snapshot.js';

export const CLUSTER_SECRET_SELECTOR = 'argocd.argoproj.io/secret-type=cluster';

export interface CollectK8sOptions {
  readonly namespace: string;
  /** kubeconfig context (fleet hub.kubeContext or --context); the current context when absent. */
  readonly context?: string;
  /** A ready KubeConfig (tests / embedding); otherwise loaded from the default locations. */
  readonly kubeConfig?: KubeConfig;
  readonly timeoutMs?: number;
  readonly attempts?: number;
  readonly signal?: AbortSignal;
  readonly sleep?: RetryOptions['sleep'];
}

/** How to point doctor at the hub, for the messages below. */
const POINT_AT_HUB =
  'point doctor at the hub: KUBECONFIG=/path/to/kubeconfig, --context CTX (or hub.kubeContext in the fleet file), or create one with aws eks update-kubeconfig --name <hub cluster> --region <region>';

/**
 * Where loadFromDefault would read a kubeconfig (client-node config.js): the files in KUBECONFIG,
 * else ~/.kube/config, else the in-cluster service account. With none of them it falls back to
 * http://localhost:8080, and every call then fails with "HTTP protocol is not allowed when
 * skipTLSVerify is not set or false", which says nothing about the cause.
 */
function kubeconfigProblem(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const listed = (env.KUBECONFIG ?? '').split(delimiter).filter((f) => f !== '');
  if (listed.length > 0) {
    if (listed.some((f) => existsSync(f))) return undefined;
    return `no kubeconfig found: KUBECONFIG names ${listed.join(', ')}, which does not exist; ${POINT_AT_HUB}`;
  }
  if (existsSync(join(env.HOME || homedir(), '.kube', 'config'))) return undefined;
  if (existsSync('/var/run/secrets/kubernetes.io/serviceaccount/token')) return undefined;
  return `no kubeconfig found (KUBECONFIG is not set and ~/.kube/config does not exist); ${POINT_AT_HUB}`;
}

export function loadKubeConfig(context?: string, env: NodeJS.ProcessEnv = process.env): KubeConfig {
  const missing = kubeconfigProblem(env);
  if (missing !== undefined) throw Object.assign(new Error(missing), { code: 'NoKubeconfig' });
  const kc = new KubeConfig();
  try {
    kc.loadFromDefault();
  } catch (e) {
    // js-yaml quotes the lines around a syntax error, and in a kubeconfig those hold `token:`,
    // `client-key-data:` or `password:`: keep only the first line ("bad indentation … (7:9)").
    if (!(e instanceof Error)) throw e;
    throw Object.assign(new Error(e.message.split('\n')[0]), { name: e.name });
  }
  const contexts = kc.getContexts().map((c) => c.name);
  const available = contexts.length > 0 ? ` (contexts: ${contexts.join(', ')})` : ' (it has no contexts)';
  if (context) {
    if (!kc.getContextObject(context))
      throw Object.assign(new Error(`kubeconfig has no context "${context}"${available}; ${POINT_AT_HUB}`), {
        code: 'NoContext',
      });
    kc.setCurrentContext(context);
  } else if (!kc.getCurrentContext() || !kc.getContextObject(kc.getCurrentContext())) {
    throw Object.assign(
      new Error(
        `kubeconfig has no current context${available}: pass --context CTX or set hub.kubeContext; ${POINT_AT_HUB}`,
      ),
      { code: 'NoContext' },
    );
  }
  return kc;
}

function statusOf(e: unknown): number | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** API errors carry the HTTP status; the message holds the response body, which is never a Secret value. */
function k8sError(step: string, target: string, e: unknown): CollectionError {
  const status = statusOf(e);
  const message = e instanceof Error ? e.message.split('\n')[0]!.slice(0, 300) : String(e);
  return { step, target, code: status !== undefined ? String(status) : errorCode(e), message };
}

/** ReplicaSet `argocd-server-5d9f7b9c8` → `Deployment/argocd-server` (the pod-template-hash suffix). */
function ownerOf(pod: V1Pod): string | undefined {
  const ref = pod.metadata?.ownerReferences?.find((r) => r.controller) ?? pod.metadata?.ownerReferences?.[0];
  if (!ref) return undefined;
  if (ref.kind === 'ReplicaSet') return `Deployment/${ref.name.replace(/-[a-z0-9]{5,10}$/, '')}`;
  return `${ref.kind}/${ref.name}`;
}

export function podSnapshot(pod: V1Pod): PodSnapshot {
  const start = pod.status?.startTime;
  return {
    name: pod.metadata?.name ?? '',
    namespace: pod.metadata?.namespace ?? '',
    serviceAccountName: pod.spec?.serviceAccountName ?? 'default',
    ...(pod.spec?.nodeName && { nodeName: pod.spec.nodeName }),
    ...(pod.status?.phase && { phase: pod.status.phase }),
    ...(start && { startTime: new Date(start).toISOString() }),
    labels: { ...(pod.metadata?.labels ?? {}) },
    ...(ownerOf(pod) && { owner: ownerOf(pod) }),
    containers: (pod.spec?.containers ?? []).map((c) => ({
      name: c.name,
      image: c.image ?? '',
      env: (c.env ?? []).map((e) => redactEnvVar(e)),
      volumeMounts: (c.volumeMounts ?? []).map((m) => ({ name: m.name, mountPath: m.mountPath })),
    })),
    volumes: (pod.spec?.volumes ?? []).map((v) => v.name),
  };
}

function decodeData(s: V1Secret): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.data ?? {})) out[k] = Buffer.from(v, 'base64').toString('utf8');
  for (const [k, v] of Object.entries(s.stringData ?? {})) out[k] = v;
  return out;
}

/** Labelled cluster Secrets, plus unlabelled ones that look like cluster Secrets (FM-7.3). */
export function clusterSecrets(items: readonly V1Secret[]) {
  return items
    .map((s) => ({ s, data: decodeData(s) }))
    .filter(
      ({ s, data }) =>
        s.metadata?.labels?.['argocd.argoproj.io/secret-type'] === 'cluster' ||
        (data.server !== undefined && data.config !== undefined),
    )
    .map(({ s, data }) =>
      redactClusterSecret({
        name: s.metadata?.name ?? '',
        namespace: s.metadata?.namespace ?? '',
        labels: s.metadata?.labels ?? {},
        annotations: s.metadata?.annotations ?? {},
        data,
      }),
    );
}

const SKIP_RECONCILE = 'argocd.argoproj.io/skip-reconcile';

interface RawApplication {
  metadata?: { name?: string; namespace?: string; annotations?: Record<string, string> };
  spec?: { project?: string; destination?: { server?: string; name?: string } };
  status?: { reconciledAt?: string };
}

/** An Application reduced to its destination and `status.reconciledAt` (nothing from its manifests). */
export function applicationSnapshot(a: RawApplication, ns: string): ApplicationSnapshot {
  const dest = a.spec?.destination;
  return {
    name: a.metadata?.name ?? '',
    namespace: a.metadata?.namespace ?? ns,
    ...(a.spec?.project && { project: a.spec.project }),
    ...(dest?.server && { destinationServer: dest.server }),
    ...(dest?.name && { destinationName: dest.name }),
    ...(a.status?.reconciledAt && { reconciledAt: new Date(a.status.reconciledAt).toISOString() }),
    ...(a.metadata?.annotations?.[SKIP_RECONCILE] === 'true' && { skipReconcile: true }),
  };
}

/** argo-helm names the workload `<fullname>-application-controller`, a StatefulSet or (dynamic distribution) a Deployment. */
export function controllerWorkload(
  sets: readonly V1StatefulSet[],
  deployments: readonly V1Deployment[],
): ControllerWorkloadSnapshot | null {
  const isController = (name: string | undefined) => name?.endsWith('application-controller') === true;
  const sts = sets.find((x) => isController(x.metadata?.name));
  const dep = deployments.find((x) => isController(x.metadata?.name));
  const w = sts ?? dep;
  if (!w) return null;
  return {
    kind: sts ? 'StatefulSet' : 'Deployment',
    name: w.metadata?.name ?? '',
    replicas: w.spec?.replicas ?? 1,
    readyReplicas: w.status?.readyReplicas ?? 0,
  };
}

/** Only the allow-listed keys of a ConfigMap; `null` for one that does not exist. */
export function keptKeys(cm: V1ConfigMap | null, keys: readonly string[]): Record<string, string> | null {
  if (cm === null) return null;
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = cm.data?.[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

export async function collectHub(o: CollectK8sOptions): Promise<HubSnapshot> {
  const errors: CollectionError[] = [];
  let kc: KubeConfig;
  try {
    kc = o.kubeConfig ?? loadKubeConfig(o.context);
  } catch (e) {
    return {
      ...(o.context && { context: o.context }),
      namespace: o.namespace,
      errors: [
        {
          step: 'k8s:kubeconfig',
          target: o.context ?? 'current-context',
          code: errorCode(e),
          message: e instanceof Error ? e.message : String(e),
        },
      ],
    };
  }
  if (o.signal) setMaxListeners(0, o.signal);
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const ns = o.namespace;
  // Fail fast on a hub API server that cannot be reached (reachability.ts): one failure, not four calls times three attempts.
  const reach = reachability();
  const server = kc.getCurrentCluster()?.server ?? '';
  const retry: RetryOptions = {
    attempts: o.attempts ?? 3,
    baseDelayMs: 200,
    maxDelayMs: 3000,
    timeoutMs: o.timeoutMs ?? 15_000,
    ...(o.signal && { signal: o.signal }),
    ...(o.sleep && { sleep: o.sleep }),
    retryable: (e) => {
      const s = statusOf(e);
      if (isEndpointDown(e)) return false;
      return (
        s === 429 ||
        (s !== undefined && s >= 500) ||
        ['TimeoutError', 'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT'].includes(errorCode(e))
      );
    },
  };
  const read = async <T>(step: string, target: string, fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return (await withRetry(() => reach.guard(server, fn), retry)).value;
    } catch (e) {
      if (o.signal?.aborted) throw e;
      errors.push(k8sError(step, target, e));
      return undefined;
    }
  };
  /** A read where 404 means "absent" (null), not a failure. */
  const readOptional = async <T>(
    step: string,
    target: string,
    fn: () => Promise<T>,
  ): Promise<T | null | undefined> => {
    try {
      return (await withRetry(() => reach.guard(server, fn), retry)).value;
    } catch (e) {
      if (statusOf(e) === 404) return null;
      if (o.signal?.aborted) throw e;
      errors.push(k8sError(step, target, e));
      return undefined;
    }
  };
  const [sas, pods, secrets, agent, appList, sets, deployments, cmdParams, argocdCm] = await Promise.all([
    read('k8s:list serviceaccounts', ns, () => core.listNamespacedServiceAccount({ namespace: ns })),
    read('k8s:list pods', ns, () => core.listNamespacedPod({ namespace: ns })),
    read('k8s:list secrets', ns, () => core.listNamespacedSecret({ namespace: ns })),
    (async () => {
      try {
        return await withRetry(
          () =>
            reach.guard(server, () =>
              apps.readNamespacedDaemonSet({ name: 'eks-pod-identity-agent', namespace: 'kube-system' }),
            ),
          retry,
        ).then((r) => r.value);
      } catch (e) {
        if (statusOf(e) === 404) return null;
        if (o.signal?.aborted) throw e;
        errors.push(k8sError('k8s:get daemonset', 'kube-system/eks-pod-identity-agent', e));
        return undefined;
      }
    })(),
    read(
      'k8s:list applications',
      ns,
      () =>
        custom.listNamespacedCustomObject({
          group: 'argoproj.io',
          version: 'v1alpha1',
          namespace: ns,
          plural: 'applications',
        }) as Promise<{ items?: RawApplication[] }>,
    ),
    read('k8s:list statefulsets', ns, () => apps.listNamespacedStatefulSet({ namespace: ns })),
    read('k8s:list deployments', ns, () => apps.listNamespacedDeployment({ namespace: ns })),
    readOptional('k8s:get configmap', `${ns}/argocd-cmd-params-cm`, () =>
      core.readNamespacedConfigMap({ name: 'argocd-cmd-params-cm', namespace: ns }),
    ),
    readOptional('k8s:get configmap', `${ns}/argocd-cm`, () =>
      core.readNamespacedConfigMap({ name: 'argocd-cm', namespace: ns }),
    ),
  ]);
  return {
    context: o.context ?? kc.getCurrentContext(),
    namespace: ns,
    ...(sas && {
      serviceAccounts: sas.items.map((s) => ({
        name: s.metadata?.name ?? '',
        namespace: s.metadata?.namespace ?? ns,
        annotations: { ...(s.metadata?.annotations ?? {}) },
      })),
    }),
    ...(pods && { pods: pods.items.map(podSnapshot) }),
    ...(agent === null && { podIdentityAgent: null }),
    ...(agent && {
      podIdentityAgent: {
        name: agent.metadata?.name ?? 'eks-pod-identity-agent',
        namespace: agent.metadata?.namespace ?? 'kube-system',
        desired: agent.status?.desiredNumberScheduled ?? 0,
        ready: agent.status?.numberReady ?? 0,
        available: agent.status?.numberAvailable ?? 0,
        ...(agent.spec?.template?.spec?.nodeSelector && {
          nodeSelector: agent.spec.template.spec.nodeSelector,
        }),
      },
    }),
    ...(secrets && { clusterSecrets: clusterSecrets(secrets.items) }),
    ...(appList && { applications: (appList.items ?? []).map((a) => applicationSnapshot(a, ns)) }),
    ...(sets && deployments && { controller: controllerWorkload(sets.items, deployments.items) }),
    ...(cmdParams !== undefined && { cmdParams: keptKeys(cmdParams, CMD_PARAMS_KEPT) }),
    ...(argocdCm !== undefined && { argocdCm: keptKeys(argocdCm, ARGOCD_CM_KEPT) }),
    errors,
  };
}
