/**
 * The shard planner (src/plan/shards.ts): Argo CD's own algorithms reproduced (for doctor), and
 * Fleetlink's placement: deterministic, balanced, stable under add/remove (properties).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assignShards,
  fnv32a,
  legacyShard,
  overloadedShards,
  placementShard,
  roundRobinShards,
  type ShardCandidate,
  shardInRange,
  shardLoads,
  watchScopes,
} from '../../src/plan/shards.js';

const server = (i: number) =>
  `https://${i.toString(16).toUpperCase().padStart(32, '0')}.gr7.eu-central-1.eks.amazonaws.com`;
const candidate = (i: number, weight = 1): ShardCandidate => ({
  name: `spoke-${i}`,
  server: server(i),
  weight,
  watches: 1,
});

describe('Argo CD algorithms', () => {
  it('fnv32a is Go hash/fnv New32a (FNV-1a reference vectors)', () => {
    expect(fnv32a('')).toBe(0x811c9dc5);
    expect(fnv32a('a')).toBe(0xe40c292c);
    expect(fnv32a('foobar')).toBe(0xbf9cf968);
  });

  it('legacy: FNV-32a of the Secret UID modulo replicas; empty id → 0; no replicas → -1', () => {
    const uid = '6d88fc37-0749-46af-a796-57f2b085622c';
    expect(legacyShard(uid, 3)).toBe(fnv32a(uid) % 3);
    expect(legacyShard('', 3)).toBe(0);
    expect(legacyShard(uid, 0)).toBe(-1);
  });

  it('round-robin: rank in the UID-sorted list modulo replicas, so one new UID reshuffles others', () => {
    const before = roundRobinShards(['b', 'd', 'f'], 2);
    expect([...before]).toEqual([
      ['b', 0],
      ['d', 1],
      ['f', 0],
    ]);
    const after = roundRobinShards(['b', 'c', 'd', 'f'], 2);
    expect(after.get('d')).toBe(0); // moved by the arrival of "c" (argo-cd#29476)
    expect(after.get('f')).toBe(1);
  });

  it('shardInRange is Argo CD’s `requestedShard < replicas`, and no negatives', () => {
    expect(shardInRange(0, 1)).toBe(true);
    expect(shardInRange(2, 3)).toBe(true);
    expect(shardInRange(3, 3)).toBe(false);
    expect(shardInRange(-1, 3)).toBe(false);
  });
});

describe('jump-hash placement', () => {
  it('is deterministic and ignores a trailing slash (Argo CD trims it)', () => {
    expect(placementShard(server(7), 5)).toBe(placementShard(server(7), 5));
    expect(placementShard(`${server(7)}/`, 5)).toBe(placementShard(server(7), 5));
    expect(placementShard(server(7), 1)).toBe(0);
  });

  it('balances 5,000 clusters over 10 shards within ±10% of the mean', () => {
    const shards = assignShards(
      Array.from({ length: 5000 }, (_, i) => candidate(i)),
      10,
    );
    const loads = shardLoads(
      [...shards].map(([name, shard]) => ({ name, shard, weight: 1, watches: 1 })),
      10,
    );
    for (const l of loads) {
      expect(l.clusters.length).toBeGreaterThan(450);
      expect(l.clusters.length).toBeLessThan(550);
    }
  });

  it('keeps pins and places the rest', () => {
    const shards = assignShards([{ ...candidate(1), pinned: 2 }, candidate(2)], 3);
    expect(shards.get('spoke-1')).toBe(2);
    expect(shards.get('spoke-2')).toBe(placementShard(server(2), 3));
  });

  const fleets = fc.uniqueArray(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 60 });

  it('property: adding one spoke moves no other cluster', () => {
    fc.assert(
      fc.property(
        fleets,
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 40 }),
        (ids, extra, r) => {
          fc.pre(!ids.includes(extra));
          const before = assignShards(
            ids.map((i) => candidate(i)),
            r,
          );
          const after = assignShards(
            [...ids, extra].map((i) => candidate(i)),
            r,
          );
          for (const [name, shard] of before) expect(after.get(name)).toBe(shard);
        },
      ),
    );
  });

  it('property: removing one spoke moves no other cluster', () => {
    fc.assert(
      fc.property(fleets, fc.nat(), fc.integer({ min: 1, max: 40 }), (ids, pick, r) => {
        const gone = ids[pick % ids.length] as number;
        const before = assignShards(
          ids.map((i) => candidate(i)),
          r,
        );
        const after = assignShards(
          ids.filter((i) => i !== gone).map((i) => candidate(i)),
          r,
        );
        for (const [name, shard] of after) expect(before.get(name)).toBe(shard);
      }),
    );
  });

  it('property: weights and order do not change anyone’s shard (a per-cluster function)', () => {
    fc.assert(
      fc.property(fleets, fc.integer({ min: 2, max: 16 }), (ids, r) => {
        const a = assignShards(
          ids.map((i) => candidate(i, 1)),
          r,
        );
        const b = assignShards(
          [...ids].reverse().map((i) => candidate(i, 1 + (i % 9))),
          r,
        );
        expect(new Map([...b].sort())).toEqual(new Map([...a].sort()));
      }),
    );
  });

  it('property: one more replica only moves clusters onto the new shard', () => {
    fc.assert(
      fc.property(fleets, fc.integer({ min: 1, max: 30 }), (ids, r) => {
        const before = assignShards(
          ids.map((i) => candidate(i)),
          r,
        );
        const after = assignShards(
          ids.map((i) => candidate(i)),
          r + 1,
        );
        for (const [name, shard] of after) if (shard !== before.get(name)) expect(shard).toBe(r);
      }),
    );
  });

  it('moves about 1/(R+1) of the clusters when a replica is added', () => {
    const cs = Array.from({ length: 20_000 }, (_, i) => candidate(i));
    const a = assignShards(cs, 10);
    const b = assignShards(cs, 11);
    const moved = cs.filter((c) => a.get(c.name) !== b.get(c.name)).length / cs.length;
    expect(moved).toBeGreaterThan(0.08);
    expect(moved).toBeLessThan(0.1);
  });
});

describe('loads', () => {
  it('sums clusters, weight and watch scopes per shard, empty shards included', () => {
    const loads = shardLoads(
      [
        { name: 'b', shard: 1, weight: 5, watches: watchScopes(['x', 'y']) },
        { name: 'a', shard: 1, weight: 1, watches: watchScopes([]) },
      ],
      3,
    );
    expect(loads).toEqual([
      { shard: 0, clusters: [], weight: 0, watches: 0 },
      { shard: 1, clusters: ['a', 'b'], weight: 6, watches: 3 },
      { shard: 2, clusters: [], weight: 0, watches: 0 },
    ]);
    expect(overloadedShards(loads).map((l) => l.shard)).toEqual([1]);
  });

  it('a single shard is never overloaded', () => {
    expect(overloadedShards(shardLoads([{ name: 'a', shard: 0, weight: 9, watches: 1 }], 1))).toEqual([]);
  });
});
