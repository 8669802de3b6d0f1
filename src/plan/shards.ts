/**
 * Controller shards: which application-controller replica owns which cluster. Pure and
 * deterministic.
 *
 * Argo CD reads an explicit `shard` from the cluster Secret (an integer string, util/db/cluster.go
 * SecretToCluster) and uses it when it is below the replica count; otherwise its sharding algorithm
 * decides (controller/sharding/sharding.go). `legacy` hashes the Secret's UID, which does not exist
 * before the Secret is created, so a plan cannot predict it; `round-robin` ranks clusters by UID,
 * so one new cluster reshuffles others (argo-cd#29476). Fleetlink therefore writes an explicit shard
 * into every Secret once there is more than one replica.
 *
 * How the shard is chosen: jump consistent hashing of the cluster's `server` (placementShard).
 * The choice for a cluster depends only on its own server and the replica count, so
 *  - adding or removing a spoke moves no other cluster (a function of the fleet that never moves
 *    other clusters on add *and* remove must be a per-cluster function — it cannot look at loads);
 *  - every command (plan, prove, synth, doctor) derives the same assignment from the fleet alone,
 *    with no state file to keep in sync;
 *  - going from R to R+1 replicas moves only clusters onto the new shard (about 1/(R+1) of them);
 *  - Secrets that share a server land on the same shard (the controller's shard cache is keyed by
 *    server, argo-cd#18118 / #19973).
 * The cost: balance is statistical (the per-shard weight is close to the mean for large fleets, not
 * exact). The plan reports every shard's clusters and weight, warns when one shard carries more than
 * IMBALANCE_FACTOR × the mean, and a spoke can be pinned with `shard:` to even things out by hand.
 */

/** Argo CD shard-number cut-off: `requestedShard < replicas` (sharding.go GetClusterFilter). */
export function shardInRange(shard: number, replicas: number): boolean {
  return Number.isInteger(shard) && shard >= 0 && shard < replicas;
}

/** A shard holding more than this factor of the mean weight is reported (PLAN-SHARD-IMBALANCE). */
export const IMBALANCE_FACTOR = 1.25;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

const utf8 = new TextEncoder();

/** FNV-1a, 32 bit, over the UTF-8 bytes of `text` from state `seed` (Go hash/fnv New32a). */
export function fnv32a(text: string, seed = FNV_OFFSET): number {
  let h = seed;
  // ASCII (every URL and UID in practice) is its own UTF-8: hash the code units, no encoding pass.
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) return fnvBytes(utf8.encode(text.slice(i)), h);
    h ^= code;
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

function fnvBytes(bytes: Uint8Array, seed: number): number {
  let h = seed;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i] as number;
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

/** MurmurHash3's finalizer: spreads FNV's low-entropy high bits so placement is uniform. */
function mix32(h: number): number {
  let x = h;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Argo CD's key for a cluster in the shard cache: `server` without trailing slashes (cluster.go). */
export function shardKey(server: string): string {
  return server.endsWith('/') ? server.replace(/\/+$/, '') : server;
}

/**
 * The shard of `server` among `replicas` shards: jump consistent hash (Lamping & Veach, "A Fast,
 * Minimal Memory, Consistent Hash Algorithm", 2014) over a 32-bit generator seeded by the server.
 * It jumps from bucket b to floor((b + 1) / r) for uniform r in (0, 1] until it passes `replicas`;
 * the last bucket reached is uniform over 0…replicas-1, and raising replicas from R to R+1 moves a
 * key only when it now reaches bucket R. O(log replicas) per cluster.
 */
export function placementShard(server: string, replicas: number): number {
  if (replicas <= 1) return 0;
  let state = mix32(fnv32a(shardKey(server))) | 0 || 1;
  let bucket = 0;
  let next = 0;
  while (next < replicas) {
    bucket = next;
    // xorshift32 (never 0 from a non-zero state), mixed, as r in (0, 1].
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const r = (mix32(state) + 1) / 4294967296;
    next = Math.floor((bucket + 1) / r);
  }
  return bucket;
}

/**
 * Argo CD's `legacy` algorithm: FNV-32a of the cluster Secret's UID modulo the replica count; an
 * empty id (in-cluster without a Secret) is shard 0 (sharding.go LegacyDistributionFunction).
 */
export function legacyShard(uid: string, replicas: number): number {
  if (replicas <= 0) return -1;
  if (uid === '') return 0;
  return fnv32a(uid) % replicas;
}

/**
 * Argo CD's `round-robin` algorithm: the cluster's index in the list sorted by UID, modulo the
 * replica count (sharding.go RoundRobinDistributionFunction, createClusterIndexByClusterIdMap).
 */
export function roundRobinShards(uids: readonly string[], replicas: number): Map<string, number> {
  const sorted = [...uids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return new Map(sorted.map((uid, i) => [uid, replicas > 0 ? i % replicas : -1]));
}

export interface ShardCandidate {
  readonly name: string;
  readonly server: string;
  readonly weight: number;
  /** A shard the fleet pins the cluster to (validated to be in range). */
  readonly pinned?: number;
  /** Namespace list/watch scopes: the length of `namespaces`, or 1 for a cluster-wide cluster. */
  readonly watches: number;
}

export interface ShardLoad {
  readonly shard: number;
  /** Argo CD cluster names on this shard, sorted. */
  readonly clusters: readonly string[];
  readonly weight: number;
  readonly watches: number;
}

/** The shard of every candidate: its pin when in range, else its placement shard. */
export function assignShards(candidates: readonly ShardCandidate[], replicas: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of candidates)
    out.set(
      c.name,
      c.pinned !== undefined && shardInRange(c.pinned, replicas)
        ? c.pinned
        : placementShard(c.server, replicas),
    );
  return out;
}

/** Clusters, weight and watches per shard, for shards 0…replicas-1 (empty ones included). */
export function shardLoads(
  items: readonly { name: string; shard: number; weight: number; watches: number }[],
  replicas: number,
): ShardLoad[] {
  const loads = Array.from({ length: Math.max(1, replicas) }, (_, shard) => ({
    shard,
    clusters: [] as string[],
    weight: 0,
    watches: 0,
  }));
  for (const item of items) {
    const load = loads[item.shard];
    if (!load) continue; // out of range: reported by prove (ARGOCD-SHARD-OUT-OF-RANGE)
    load.clusters.push(item.name);
    load.weight += item.weight;
    load.watches += item.watches;
  }
  for (const l of loads) l.clusters.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return loads;
}

/** The shards whose weight exceeds IMBALANCE_FACTOR × the mean (none for a single shard). */
export function overloadedShards(loads: readonly ShardLoad[]): ShardLoad[] {
  if (loads.length < 2) return [];
  const total = loads.reduce((sum, l) => sum + l.weight, 0);
  const mean = total / loads.length;
  return loads.filter((l) => l.weight > mean * IMBALANCE_FACTOR);
}

/** Watch scopes of a cluster: one list/watch per namespace when `namespaces` is set (declarative-setup.md). */
export function watchScopes(namespaces: readonly string[]): number {
  return namespaces.length > 0 ? namespaces.length : 1;
}
