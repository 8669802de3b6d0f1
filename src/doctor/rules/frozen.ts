/**
 * A frozen fleet: clusters no controller replica owns, and Applications the controller stopped
 * reconciling. Pure; the clock is the snapshot's `collectedAt` (ctx.now), read at the edge.
 *
 * Sources (argoproj/argo-cd):
 * - controller/sharding/cache.go `IsManagedCluster`: a replica reconciles a cluster only when the
 *   cluster's shard equals its own; with the StatefulSet (no dynamic distribution) a replica's
 *   shard is the ordinal of its pod name (sharding.go `InferShard`). No pod with that ordinal, or
 *   one not running, means nobody owns the cluster: its Applications keep their last status.
 * - cmd/argocd-application-controller: `defaultAppResyncPeriod = 180` (seconds), overridden by
 *   argocd-cm `timeout.reconciliation` (plus `timeout.reconciliation.jitter`); every Application is
 *   refreshed at least that often and `status.reconciledAt` records it. `0` turns periodic
 *   reconciliation off.
 * - argo-cd#26442 (v3.4.0): `argocd.argoproj.io/skip-reconcile: "true"` on a cluster Secret makes
 *   `IsManagedCluster` false for every replica: a parked cluster, frozen on purpose.
 */

import { report } from '../../findings/registry.js';
import type { Finding } from '../../findings.js';
import { ANNOTATION_SKIP_RECONCILE } from '../../plan/plan.js';
import { shardKey } from '../../plan/shards.js';
import type { ApplicationSnapshot, ClusterSecretSnapshot } from '../snapshot.js';
import { CLUSTER_SECRET_LABEL, type Ctx } from './context.js';
import { atoi, controllerReplicas } from './shards.js';

/** Argo CD's default `timeout.reconciliation` (seconds). */
export const DEFAULT_RECONCILE_SECONDS = 180;

/** A cluster Secret that is parked (skip-reconcile, Argo CD ≥ 3.4.0). */
export function isParked(s: ClusterSecretSnapshot | undefined): boolean {
  return s?.annotations[ANNOTATION_SKIP_RECONCILE] === 'true';
}

const UNIT_SECONDS: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};

/** Go time.ParseDuration (what Argo CD applies to argocd-cm durations), in seconds; undefined if invalid. */
export function parseGoDuration(text: string): number | undefined {
  const t = text.trim();
  if (t === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(t); m !== null; m = re.exec(t)) {
    total += Number(m[1]) * UNIT_SECONDS[m[2]!]!;
    matched = re.lastIndex;
  }
  return matched === t.length && matched > 0 ? total : undefined;
}

/** The reconcile period and jitter the controller uses (argocd-cm), in seconds. */
export function reconcilePeriod(ctx: Ctx): { timeout: number; jitter: number; source: string } {
  const cm = ctx.snap.hub.argocdCm ?? {};
  const raw = cm['timeout.reconciliation'];
  const timeout = raw === undefined ? undefined : parseGoDuration(raw);
  const jitterRaw = cm['timeout.reconciliation.jitter'];
  const jitter = jitterRaw === undefined ? 0 : (parseGoDuration(jitterRaw) ?? 0);
  return timeout === undefined
    ? { timeout: DEFAULT_RECONCILE_SECONDS, jitter, source: 'Argo CD default 180s' }
    : { timeout, jitter, source: `argocd-cm timeout.reconciliation ${raw}` };
}

/**
 * How old `reconciledAt` may get before doctor calls the cluster frozen: three periods (a busy
 * controller queue can delay one), and never less than the period plus ten minutes.
 */
export function staleAfterSeconds(timeout: number, jitter: number): number {
  const period = timeout + jitter;
  return Math.max(3 * period, period + 600);
}

function argoSecrets(ctx: Ctx): ClusterSecretSnapshot[] {
  return (ctx.snap.hub.clusterSecrets ?? []).filter(
    (s) => s.labels[CLUSTER_SECRET_LABEL] === 'cluster' && s.namespace === ctx.intent.argocdNamespace,
  );
}

/** The shard a cluster is on as Argo CD sees it: explicit (in range, else 0), or 0 with one replica. */
function effectiveShard(s: ClusterSecretSnapshot, replicas: number | undefined): number | undefined {
  const pinned = s.data.shard === undefined ? undefined : atoi(s.data.shard);
  if (pinned !== undefined && pinned >= 0) return replicas !== undefined && pinned >= replicas ? 0 : pinned;
  if (pinned !== undefined) return pinned; // negative: no replica has it (shards.ts reports it)
  return replicas === 1 ? 0 : undefined;
}

/** Ordinals of running controller StatefulSet pods (`<statefulset>-<n>`). */
function liveOrdinals(ctx: Ctx, statefulSet: string): Set<number> {
  const out = new Set<number>();
  for (const { component, pod } of ctx.argoPods) {
    if (component !== 'application-controller' || pod.owner !== `StatefulSet/${statefulSet}`) continue;
    if (pod.phase !== 'Running') continue;
    const m = /-(\d+)$/.exec(pod.name);
    if (m) out.add(Number(m[1]));
  }
  return out;
}

function appsOf(ctx: Ctx, s: ClusterSecretSnapshot): ApplicationSnapshot[] {
  const server = s.data.server === undefined ? undefined : shardKey(s.data.server);
  const name = s.data.name;
  return (ctx.snap.hub.applications ?? []).filter(
    (a) =>
      (a.destinationServer !== undefined &&
        server !== undefined &&
        shardKey(a.destinationServer) === server) ||
      (a.destinationName !== undefined && a.destinationName === name),
  );
}

/** ARGOCD-SHARD-UNOWNED: a cluster whose shard has no running controller replica. */
function unowned(ctx: Ctx): Finding[] {
  const workload = ctx.snap.hub.controller;
  if (workload === undefined || ctx.snap.hub.pods === undefined) return [];
  const ns = ctx.intent.argocdNamespace;
  const out: Finding[] = [];
  const running = ctx.argoPods.filter(
    (p) => p.component === 'application-controller' && p.pod.phase === 'Running',
  ).length;
  const replicas = workload?.replicas ?? controllerReplicas(ctx);
  const live = workload?.kind === 'StatefulSet' ? liveOrdinals(ctx, workload.name) : undefined;
  for (const s of argoSecrets(ctx)) {
    if (isParked(s)) continue;
    const subject = s.data.name ?? s.name;
    const shard = effectiveShard(s, replicas);
    const ev = [
      { source: `Secret ${s.namespace}/${s.name}`, path: 'data.shard', value: s.data.shard ?? '(none)' },
      {
        source: workload ? `${workload.kind} ${ns}/${workload.name}` : `application controller in ${ns}`,
        path: 'replicas / running pods',
        value: workload
          ? { replicas: workload.replicas, readyReplicas: workload.readyReplicas, running }
          : null,
      },
    ];
    if (workload === null || running === 0) {
      out.push(
        report('ARGOCD-SHARD-UNOWNED', {
          subject: subject,
          message:
            workload === null
              ? `no application controller StatefulSet or Deployment in ${ns}: nobody reconciles ${subject}`
              : `no ${workload.name} pod is running: nobody reconciles ${subject} (shard ${shard ?? '?'})`,
          evidence: ev,
          fix:
            workload === null
              ? `install or restore the application controller (the argo-cd chart's controller), then check kubectl -n ${ns} get pods`
              : `kubectl -n ${ns} describe ${workload.kind.toLowerCase()} ${workload.name} (scaled to 0, failing pods, pending scheduling), then kubectl -n ${ns} get pods -l app.kubernetes.io/name=argocd-application-controller`,
        }),
      );
      continue;
    }
    if (live === undefined || shard === undefined || shard < 0 || live.has(shard)) continue;
    const pod = `${workload.name}-${shard}`;
    out.push(
      report('ARGOCD-SHARD-UNOWNED', {
        subject: subject,
        message: `${subject} is on shard ${shard}, and pod ${pod} ${shard >= workload.replicas ? `does not exist (the StatefulSet has ${workload.replicas} replicas)` : 'is not running'}: no replica owns the cluster, so its Applications keep their last status`,
        evidence: ev,
        fix:
          shard >= workload.replicas
            ? `scale ${workload.name} to ${shard + 1} replicas (and ARGOCD_CONTROLLER_REPLICAS with it), or move ${subject} to a shard below ${workload.replicas}`
            : `kubectl -n ${ns} describe pod ${pod}; kubectl -n ${ns} logs ${pod} (the shard ${shard} replica), then delete it so the StatefulSet recreates it`,
      }),
    );
  }
  return out;
}

/** ARGOCD-RECONCILE-STALE: Applications of a cluster not reconciled for several periods. */
function stale(ctx: Ctx): Finding[] {
  if (ctx.snap.hub.applications === undefined || Number.isNaN(ctx.now)) return [];
  const { timeout, jitter, source } = reconcilePeriod(ctx);
  if (timeout === 0) return []; // periodic reconciliation turned off: reconciledAt moves only on changes
  const limit = staleAfterSeconds(timeout, jitter);
  const ns = ctx.intent.argocdNamespace;
  const replicas = ctx.snap.hub.controller?.replicas ?? controllerReplicas(ctx);
  const stsName = ctx.snap.hub.controller?.kind === 'StatefulSet' ? ctx.snap.hub.controller.name : undefined;
  const out: Finding[] = [];
  for (const s of argoSecrets(ctx)) {
    if (isParked(s)) continue;
    const subject = s.data.name ?? s.name;
    const apps = appsOf(ctx, s).filter((a) => !a.skipReconcile && a.reconciledAt !== undefined);
    const old = apps
      .map((a) => ({ a, age: (ctx.now - Date.parse(a.reconciledAt!)) / 1000 }))
      .filter((x) => x.age > limit)
      .sort((x, y) => y.age - x.age);
    if (old.length === 0) continue;
    const shard = effectiveShard(s, replicas);
    const minutes = Math.round(old[0]!.age / 60);
    const owner = shard !== undefined && stsName ? `${stsName}-${shard}` : undefined;
    out.push(
      report('ARGOCD-RECONCILE-STALE', {
        subject: subject,
        message: `${old.length} of ${apps.length} Application${apps.length === 1 ? '' : 's'} on ${subject} (shard ${shard ?? 'unknown: placed by the sharding algorithm'}) were last reconciled up to ${minutes} min ago, though the controller refreshes every ${timeout}s (${source}): the cluster looks frozen and its Synced/Healthy status is stale`,
        evidence: [
          ...old.slice(0, 3).map(({ a }) => ({
            source: `Application ${a.namespace}/${a.name}`,
            path: 'status.reconciledAt',
            value: a.reconciledAt,
          })),
          { source: 'snapshot', path: 'collectedAt', value: ctx.snap.collectedAt },
        ],
        fix: owner
          ? `check the shard ${shard} replica: kubectl -n ${ns} logs ${owner} | grep ${subject} (sharding, cluster cache or auth errors), then kubectl -n ${ns} delete pod ${owner}; give the cluster an explicit shard (npx fleetlink plan) if it has none`
          : `find the replica that should own ${subject} (kubectl -n ${ns} logs -l app.kubernetes.io/name=argocd-application-controller | grep ${subject}) and restart it; give the cluster an explicit shard (npx fleetlink plan) so ownership does not depend on the algorithm`,
      }),
    );
  }
  return out;
}

export function frozenRules(ctx: Ctx): Finding[] {
  if (ctx.intent.identity === 'eks-capability') return []; // AWS runs the controller
  return [...unowned(ctx), ...stale(ctx)];
}
