/**
 * Controller shards on the live hub: cluster Secret `shard` values against the controller's
 * replicas, and Secrets that share a server. Same rules as prove's (src/prove/scale-checks.ts),
 * read from what the snapshot holds.
 *
 * - util/db/cluster.go SecretToCluster: `shard` is parsed with strconv.Atoi; a bad value logs a
 *   warning and is ignored.
 * - controller/sharding/cache.go updateDistribution: a shard not below the replica count goes to
 *   shard 0 with a log line; a negative one matches no replica.
 * - cache.go Init/Add: the shard cache is keyed by `server` (argo-cd#19973).
 * The replica count is the controller's ARGOCD_CONTROLLER_REPLICAS (the chart sets it literally),
 * else the number of controller pods.
 */
import { report } from '../../findings/registry.js';
import type { Finding } from '../../findings.js';
import { shardKey } from '../../plan/shards.js';
import type { ClusterSecretSnapshot } from '../snapshot.js';
import { CLUSTER_SECRET_LABEL, type Ctx, envValue } from './context.js';

/** Go strconv.Atoi: optional sign, decimal digits, nothing else. */
export function atoi(text: string): number | undefined {
  return /^[+-]?\d+$/.test(text) ? Number.parseInt(text, 10) : undefined;
}

/** The controller's replica count as the controller sees it, when the snapshot shows it. */
export function controllerReplicas(ctx: Ctx): number | undefined {
  const controllers = ctx.argoPods.filter((p) => p.component === 'application-controller');
  for (const { pod } of controllers) {
    const value = envValue(pod, 'ARGOCD_CONTROLLER_REPLICAS');
    const n = value === undefined ? undefined : atoi(value);
    if (n !== undefined && n > 0) return n;
  }
  return controllers.length > 0 ? controllers.length : undefined;
}

function argoSecrets(ctx: Ctx): ClusterSecretSnapshot[] {
  return (ctx.snap.hub.clusterSecrets ?? []).filter(
    (s) => s.labels[CLUSTER_SECRET_LABEL] === 'cluster' && s.namespace === ctx.intent.argocdNamespace,
  );
}

function shardRange(ctx: Ctx): Finding[] {
  const replicas = controllerReplicas(ctx);
  const out: Finding[] = [];
  for (const s of argoSecrets(ctx)) {
    const raw = s.data.shard;
    if (raw === undefined) continue;
    const subject = s.data.name ?? s.name;
    const evidence = [{ source: `Secret ${s.namespace}/${s.name}`, path: 'data.shard', value: raw }];
    const shard = atoi(raw);
    if (shard === undefined) {
      out.push(
        report('ARGOCD-SHARD-OUT-OF-RANGE', {
          subject: subject,
          message: `cluster Secret ${s.name} has shard "${raw}", which is not a whole number: Argo CD logs a warning and lets its sharding algorithm place the cluster`,
          evidence: evidence,
          fix: `kubectl -n ${s.namespace} patch secret ${s.name} --type merge -p '{"stringData":{"shard":"0"}}' (or the shard npx fleetlink plan assigned)`,
          severity: 'warning',
        }),
      );
      continue;
    }
    if (shard < 0)
      out.push(
        report('ARGOCD-SHARD-OUT-OF-RANGE', {
          subject: subject,
          message: `cluster Secret ${s.name} has shard ${shard}: Argo CD accepts it and no controller replica has that number, so nobody reconciles ${subject}`,
          evidence: evidence,
          fix: `set the shard to one from 0 to ${(replicas ?? 1) - 1}: kubectl -n ${s.namespace} patch secret ${s.name} --type merge -p '{"stringData":{"shard":"0"}}'`,
        }),
      );
    else if (replicas !== undefined && shard >= replicas)
      out.push(
        report('ARGOCD-SHARD-OUT-OF-RANGE', {
          subject: subject,
          message: `cluster Secret ${s.name} has shard ${shard} but the application controller runs ${replicas} replica${replicas === 1 ? '' : 's'}: Argo CD moves the cluster to shard 0 and says so only in a controller log line`,
          evidence: [
            ...evidence,
            { source: 'application-controller pods', path: 'ARGOCD_CONTROLLER_REPLICAS', value: replicas },
          ],
          fix: `set a shard from 0 to ${replicas - 1} (npx fleetlink plan assigns one), or scale the controller to more than ${shard} replicas`,
          severity: replicas === 1 ? 'warning' : 'error',
        }),
      );
  }
  return out;
}

function duplicateServers(ctx: Ctx): Finding[] {
  const byServer = new Map<string, ClusterSecretSnapshot[]>();
  for (const s of argoSecrets(ctx)) {
    if (s.data.server === undefined) continue;
    const key = shardKey(s.data.server);
    byServer.set(key, [...(byServer.get(key) ?? []), s]);
  }
  const out: Finding[] = [];
  for (const [server, list] of byServer) {
    if (list.length < 2) continue;
    const names = list.map((s) => s.name).sort();
    out.push(
      report('ARGOCD-DUPLICATE-SERVER', {
        subject: server,
        message: `cluster Secrets ${names.join(', ')} share the server ${server}: the controller's shard cache keeps one entry per server, so which Secret counts depends on event order and the others' Applications can be owned by no replica (argo-cd#19973)`,
        evidence: list.map((s) => ({
          source: `Secret ${s.namespace}/${s.name}`,
          path: 'data.server',
          value: s.data.server,
        })),
        fix: `keep one cluster Secret per API server: delete ${names.slice(1).join(', ')} or point it at its own cluster`,
      }),
    );
  }
  return out;
}

export function shardRules(ctx: Ctx): Finding[] {
  if (ctx.intent.identity === 'eks-capability') return [];
  return [...shardRange(ctx), ...duplicateServers(ctx)];
}
