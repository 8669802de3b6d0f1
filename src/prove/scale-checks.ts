/**
 * Argo CD at fleet scale: controller shards, duplicate servers, watch budgets and the hub's STS
 * load, checked on any AccessPlan (planned, hand-edited or observed). Pure.
 *
 * Sources (argoproj/argo-cd @37ee009):
 * - controller/sharding/cache.go `updateDistribution`: a `shard` not below the replica count puts
 *   the cluster on shard 0 with only a log warning; a negative one passes `requestedShard < replicas`
 *   and matches no replica (`IsManagedCluster` compares it with the replica's own shard number).
 * - cache.go `Init`/`Add`: the shard cache is a map keyed by `server`, so Secrets sharing a server
 *   collapse into one entry (argo-cd#19973, #18118).
 * - argo-cd#29476: round-robin + dynamic distribution, adding a cluster left others owned by no
 *   replica for 57 h; with an explicit shard the algorithm is not consulted for that cluster.
 * - docs/operator-manual/declarative-setup.md: `namespaces` makes Argo CD list/watch per namespace,
 *   which can exhaust ARGOCD_K8S_CLIENT_MAX_IDLE_CONNECTIONS (default 500, cluster_constants.go).
 */

import { imbalanceFinding, stsRateFinding } from '../plan/scale-findings.js';
import { type ShardLoad, shardInRange, shardKey, shardLoads, watchScopes } from '../plan/shards.js';
import { estimateSts } from '../plan/sts-rate.js';
import type { AccessPlan, ClusterRegistrationPlan } from '../plan/types.js';
import type { FindingSink } from './catalog.js';

const secretSource = (c: ClusterRegistrationPlan): string => `cluster Secret ${c.secretName}`;

/** The controller settings of a plan; plans without them are one replica, legacy, no dynamic distribution. */
export function controllerOf(plan: AccessPlan): NonNullable<AccessPlan['argocd']['controller']> {
  return (
    plan.argocd.controller ?? {
      replicas: 1,
      shardingAlgorithm: 'legacy',
      dynamicClusterDistribution: plan.argocd.workloads.some(
        (w) => w.component === 'application-controller' && w.kind === 'Deployment',
      ),
      watchBudget: 500,
    }
  );
}

export function runScaleChecks(plan: AccessPlan, sink: FindingSink): void {
  if (plan.identity === 'eks-capability') return; // AWS runs the controller; shards are not ours
  const { replicas } = controllerOf(plan);
  const loads = shardLoads(placed(plan, replicas), replicas);
  checkShardRange(plan, sink);
  checkDuplicateServers(plan, sink);
  checkRoundRobinDynamic(plan, sink);
  checkWatchBudget(plan, sink, loads);
  checkStsRate(plan, sink);
  if (replicas > 1) {
    const f = imbalanceFinding(loads);
    if (f) sink.addFinding(f);
  }
}

function checkShardRange(plan: AccessPlan, sink: FindingSink): void {
  const { replicas } = controllerOf(plan);
  for (const c of plan.clusters) {
    if (c.shard === undefined || shardInRange(c.shard, replicas)) continue;
    const negative = c.shard < 0;
    sink.add({
      id: 'ARGOCD-SHARD-OUT-OF-RANGE',
      subject: c.name,
      // One replica processes everything whatever the shard says; a negative shard matches none.
      ...(!negative && replicas === 1 ? { severity: 'warning' as const } : {}),
      message: negative
        ? `Cluster ${c.name} has shard ${c.shard}: Argo CD accepts it (it is below ${replicas}) and no controller replica has that number, so nobody reconciles the cluster.`
        : `Cluster ${c.name} has shard ${c.shard} but the controller has ${replicas} replica${replicas === 1 ? '' : 's'} (shards 0-${replicas - 1}): Argo CD moves it to shard 0 and says so only in a controller log line.`,
      evidence: [
        { source: secretSource(c), path: 'stringData.shard', value: String(c.shard) },
        { source: 'plan', path: 'argocd.controller.replicas', value: replicas },
      ],
    });
  }
}

function checkDuplicateServers(plan: AccessPlan, sink: FindingSink): void {
  const byServer = new Map<string, ClusterRegistrationPlan[]>();
  for (const c of plan.clusters) {
    const key = shardKey(c.server);
    const list = byServer.get(key) ?? [];
    list.push(c);
    byServer.set(key, list);
  }
  for (const [server, list] of byServer) {
    if (list.length < 2) continue;
    const names = list.map((c) => c.name).sort();
    sink.add({
      id: 'ARGOCD-DUPLICATE-SERVER',
      subject: server,
      message: `Cluster Secrets ${names.join(', ')} share the server ${server}: Argo CD's shard cache keeps one of them (whichever event came last), so the others' Applications may be owned by no replica or by the wrong one.`,
      evidence: list.map((c) => ({ source: secretSource(c), path: 'stringData.server', value: c.server })),
    });
  }
}

function checkRoundRobinDynamic(plan: AccessPlan, sink: FindingSink): void {
  const controller = controllerOf(plan);
  if (controller.shardingAlgorithm !== 'round-robin' || !controller.dynamicClusterDistribution) return;
  if (controller.replicas < 2) return; // one replica: no distribution function runs
  const unpinned = plan.clusters.filter((c) => c.shard === undefined).map((c) => c.name);
  if (unpinned.length === 0) return;
  sink.add({
    id: 'ARGOCD-ROUND-ROBIN-DYNAMIC',
    subject: 'application-controller',
    message: `Round-robin sharding with dynamic cluster distribution places ${unpinned.length} cluster${unpinned.length === 1 ? '' : 's'} (${unpinned.slice(0, 5).join(', ')}${unpinned.length > 5 ? ', …' : ''}) by their rank among all clusters: adding one cluster reshuffles the others, and argo-cd#29476 left reshuffled clusters owned by no replica for 57 hours.`,
    evidence: [
      { source: 'plan', path: 'argocd.controller', value: controller },
      { source: 'plan', path: 'clusters[*].shard', value: unpinned.slice(0, 8) },
    ],
  });
}

/** Effective shard of every placed cluster (explicit shard, or 0 with one replica), as Argo CD sees it. */
function placed(plan: AccessPlan, replicas: number) {
  return plan.clusters.flatMap((c) => {
    const shard =
      c.shard === undefined
        ? replicas === 1
          ? 0
          : undefined
        : shardInRange(c.shard, replicas)
          ? c.shard
          : 0;
    return shard === undefined
      ? []
      : [{ name: c.name, shard, weight: c.weight ?? 1, watches: watchScopes(c.namespaces) }];
  });
}

function checkWatchBudget(plan: AccessPlan, sink: FindingSink, loads: readonly ShardLoad[]): void {
  const controller = controllerOf(plan);
  for (const load of loads) {
    if (load.watches <= controller.watchBudget) continue;
    const members = new Set(load.clusters);
    const namespaced = plan.clusters.filter((c) => c.namespaces.length > 0 && members.has(c.name)).length;
    sink.add({
      id: 'ARGOCD-SHARD-WATCH-BUDGET',
      subject: `shard ${load.shard}`,
      message: `Shard ${load.shard} carries ${load.watches} namespace list/watch scopes (${load.clusters.length} clusters, ${namespaced} of them with \`namespaces\`), over the budget of ${controller.watchBudget}: each namespace of a namespaced cluster is its own list/watch and can exhaust the controller's idle connections.`,
      evidence: [
        {
          source: 'plan',
          path: `argocd.shards[${load.shard}]`,
          value: { clusters: load.clusters.length, watches: load.watches },
        },
        { source: 'plan', path: 'argocd.controller.watchBudget', value: controller.watchBudget },
      ],
    });
  }
}

function checkStsRate(plan: AccessPlan, sink: FindingSink): void {
  const management = plan.roles.find((r) => r.kind === 'management');
  if (!management) return;
  const estimate = estimateSts({
    identity: plan.identity,
    components: plan.serviceAccounts.length,
    clusters: plan.clusters.filter((c) => c.config.awsAuthConfig?.roleARN).length,
    ...(plan.argocd.sts ? { quotaPerSecond: plan.argocd.sts.quotaPerSecond } : {}),
  });
  const f = stsRateFinding(estimate, management.arn, plan.hub.region);
  if (f) sink.addFinding(f);
}
