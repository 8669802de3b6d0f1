/** planFleet with controller shards: explicit shards, the distribution, the STS estimate, renders. */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Fleet } from '../../src/fleet/types.js';
import { planFleet } from '../../src/plan/plan.js';
import { summarizePlan } from '../../src/plan/summary.js';
import { renderClusterSecret, renderValues } from '../../src/render/argocd/index.js';
import { fleet, manySpokes, spoke } from './fixtures.js';

const sharded = (replicas: number, over: Partial<Fleet> = {}): Fleet => {
  const base = fleet(over);
  return {
    ...base,
    argocd: { ...base.argocd, controller: { ...base.argocd.controller, replicas } },
  };
};

describe('planFleet — controller shards', () => {
  it('one replica: no cluster carries a shard, one shard holds everything', () => {
    const plan = planFleet(fleet({ spokes: [spoke('a'), spoke('b')] }));
    expect(plan.clusters.every((c) => c.shard === undefined)).toBe(true);
    expect(plan.argocd.shards).toEqual([{ shard: 0, clusters: ['a', 'b'], weight: 2, watches: 2 }]);
  });

  it('several replicas: every cluster gets a shard in range; the distribution adds up', () => {
    const plan = planFleet(sharded(4, { spokes: manySpokes(200) }));
    expect(plan.clusters.every((c) => c.shard !== undefined && c.shard >= 0 && c.shard < 4)).toBe(true);
    const shards = plan.argocd.shards ?? [];
    expect(shards.map((l) => l.shard)).toEqual([0, 1, 2, 3]);
    expect(shards.reduce((n, l) => n + l.clusters.length, 0)).toBe(200);
    for (const l of shards)
      for (const name of l.clusters) expect(plan.clusters.find((c) => c.name === name)?.shard).toBe(l.shard);
  });

  it('keeps a pinned shard and counts weight and namespace watches', () => {
    const plan = planFleet(
      sharded(3, {
        spokes: [
          spoke('heavy', { weight: 7, shard: 1 }),
          spoke('scoped', {
            namespaces: ['a', 'b', 'c'],
            access: { policy: 'edit', namespaces: ['a', 'b', 'c'], groups: [] },
          }),
        ],
      }),
    );
    expect(plan.clusters.find((c) => c.name === 'heavy')?.shard).toBe(1);
    const heavy = plan.argocd.shards?.find((l) => l.clusters.includes('heavy'));
    expect(heavy?.weight).toBeGreaterThanOrEqual(7);
    const scoped = plan.argocd.shards?.find((l) => l.clusters.includes('scoped'));
    expect(scoped?.watches).toBeGreaterThanOrEqual(3);
  });

  it('adding a spoke to the fleet moves no planned cluster', () => {
    const before = planFleet(sharded(5, { spokes: manySpokes(50) }));
    const after = planFleet(sharded(5, { spokes: [...manySpokes(50), spoke('newcomer')] }));
    for (const c of before.clusters)
      expect(after.clusters.find((x) => x.name === c.name)?.shard).toBe(c.shard);
  });

  it('estimates the STS load: IRSA 2 calls per run, Pod Identity 1, capability none', () => {
    const irsa = planFleet(fleet({ spokes: manySpokes(840) }));
    expect(irsa.argocd.sts).toMatchObject({
      components: 3,
      clusters: 840,
      callsPerRun: 2,
      steadyPerSecond: 6,
    });
    const pod = planFleet(fleet({ identity: 'pod-identity', spokes: manySpokes(840) }));
    expect(pod.argocd.sts).toMatchObject({ callsPerRun: 1, steadyPerSecond: 3 });
  });

  it('warns PLAN-STS-RATE once the steady rate reaches a quarter of the quota', () => {
    const plan = planFleet(fleet({ spokes: manySpokes(840) }), { stsRequestsPerSecond: 24 });
    expect(plan.warnings.map((w) => w.id)).toContain('PLAN-STS-RATE');
    const calm = planFleet(fleet({ spokes: manySpokes(840) }), { stsRequestsPerSecond: 25 });
    expect(calm.warnings.map((w) => w.id)).not.toContain('PLAN-STS-RATE');
  });

  it('reports PLAN-SHARD-IMBALANCE when one heavy spoke dominates a shard', () => {
    const spokes = [...manySpokes(12), spoke('giant', { weight: 100 })];
    const plan = planFleet(sharded(3, { spokes }));
    const f = plan.warnings.find((w) => w.id === 'PLAN-SHARD-IMBALANCE');
    expect(f?.severity).toBe('info');
    expect(f?.subject).toBe(`shard ${plan.clusters.find((c) => c.name === 'giant')?.shard}`);
  });

  it('prints clusters and weight per shard, and the STS load', () => {
    const text = summarizePlan(planFleet(sharded(2, { spokes: [spoke('a', { weight: 3 }), spoke('b')] })));
    expect(text).toMatch(
      /Shards +2 controller replicas, explicit shard in every cluster Secret; algorithm legacy/,
    );
    expect(text).toMatch(/shard 0 .*weight/);
    expect(text).toMatch(/STS load +~0\.01 requests\/s from account 111111111111 in eu-central-1/);
  });
});

describe('render — shards in the values overlay and Secrets', () => {
  const plan = planFleet(
    (() => {
      const f = sharded(3, { spokes: [spoke('a'), spoke('b', { shard: 0 })] });
      return {
        ...f,
        argocd: {
          ...f.argocd,
          controller: {
            ...f.argocd.controller,
            shardingAlgorithm: 'consistent-hashing',
            maxIdleConnections: 800,
          },
        },
      } as Fleet;
    })(),
  );

  it('values: controller.replicas, configs.params sharding keys, shard as a quoted string', () => {
    const values = parse(renderValues(plan));
    expect(values.controller.replicas).toBe(3);
    expect(values.configs.params).toEqual({
      'controller.sharding.algorithm': 'consistent-hashing',
      'controller.k8s.client.max.idle.connections': '800',
    });
    // The chart drops `shard` when it is the integer 0 (`{{- if $cluster_value.shard }}`): a string it is.
    expect(values.configs.clusterCredentials.b.shard).toBe('0');
    expect(typeof values.configs.clusterCredentials.a.shard).toBe('string');
  });

  it('Secret: stringData.shard is the planned shard as a string', () => {
    const b = plan.clusters.find((c) => c.name === 'b');
    const secret = parse(renderClusterSecret(plan, b!));
    expect(secret.stringData.shard).toBe('0');
  });

  it('a single-replica legacy plan renders no sharding values', () => {
    const values = parse(renderValues(planFleet(fleet())));
    expect(values.controller?.replicas).toBeUndefined();
    expect(values.configs.params).toBeUndefined();
  });
});
