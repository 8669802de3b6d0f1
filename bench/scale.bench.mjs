// Argo CD at fleet scale: what controller-shard planning and the scale checks add to `plan` and
// `prove`, for 5,000 and 20,000 spokes (one controller replica per 500 spokes). Target: less than
// 10% on top of `plan` (the whole in-process pipeline of `plan --out`) and of prove. In-process CPU time, median of N runs (prove: fewer runs,
// it is the slow part). Fleets come from generateFleet with an Organization (the management role
// cannot list 5,000+ deployer ARNs), every tenth spoke weighing 5.
// Usage: node --expose-gc bench/scale.bench.mjs [runs=5] [sizes=5000,20000]

import { parseFleet } from '../dist/fleet/load.js';
import { fleetToYaml } from '../dist/fleet/serialize.js';
import { planFleet } from '../dist/plan/plan.js';
import { placementShard, shardLoads, watchScopes } from '../dist/plan/shards.js';
import { FindingSink } from '../dist/prove/catalog.js';
import { prove } from '../dist/prove/prove.js';
import { runScaleChecks } from '../dist/prove/scale-checks.js';
import { renderPlanFiles } from '../dist/render/files.js';
import { generateFleet } from '../dist/testing/generate-fleet.js';

const runs = Number(process.argv[2] ?? 5);
const sizes = (process.argv[3] ?? '5000,20000').split(',').map(Number);

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
function time(fn, n) {
  const xs = [];
  let out;
  for (let i = 0; i < n; i++) {
    globalThis.gc?.();
    const t = cpuNow();
    out = fn();
    xs.push(cpuNow() - t);
  }
  return { ms: median(xs), out };
}

const rows = [];
for (const n of sizes) {
  const replicas = Math.max(2, Math.round(n / 500));
  const options = { organization: true, accounts: Math.max(1, Math.ceil(n / 4)) };
  const single = generateFleet(n, options);
  const sharded = generateFleet(n, { ...options, replicas });
  const plan1 = time(() => planFleet(single), runs);
  const planR = time(() => planFleet(sharded), runs);
  const plan = planR.out;
  // The whole of `fleetlink plan --out DIR` in process: load the file, plan, JSON, render every file.
  const text = fleetToYaml(sharded);
  const whole = time(
    () => {
      const p = planFleet(parseFleet(text, 'fleet.yaml').fleet);
      JSON.stringify(p, null, 2);
      return renderPlanFiles(p).size;
    },
    Math.max(1, Math.min(3, runs)),
  );
  // What planFleet does for shards: one placement per cluster, then the per-shard loads.
  const shardsOnly = time(
    () =>
      shardLoads(
        plan.clusters.map((c) => ({
          name: c.name,
          shard: placementShard(c.server, replicas),
          weight: c.weight ?? 1,
          watches: watchScopes(c.namespaces),
        })),
        replicas,
      ),
    runs,
  );
  const checks = time(() => {
    const sink = new FindingSink();
    runScaleChecks(plan, sink);
    return sink.list();
  }, runs);
  const proveRuns = Math.max(1, Math.min(3, runs));
  const proved = time(() => prove(plan), proveRuns);
  const loads = shardsOnly.out.map((l) => l.weight);
  rows.push({
    n,
    replicas,
    plan1: plan1.ms,
    planR: planR.ms,
    whole: whole.ms,
    shards: shardsOnly.ms,
    checks: checks.ms,
    prove: proved.ms,
    minW: Math.min(...loads),
    maxW: Math.max(...loads),
    holds: proved.out.holds,
  });
}

const f0 = (x) => x.toFixed(0);
const pct = (part, whole) => `${((part / whole) * 100).toFixed(1)}%`;
console.log(
  `Controller shards and scale checks, in-process CPU ms, median of ${runs} runs (prove: up to 3)\n`,
);
console.log(
  '| spokes | replicas | planFleet, 1 replica / sharded | whole `plan --out` (load, plan, JSON, render) | shard planning | share of plan | shard weight min–max | prove | scale checks | share of prove |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
let met = true;
for (const r of rows) {
  const planShare = r.shards / r.whole;
  const proveShare = r.checks / r.prove;
  if (planShare >= 0.1 || proveShare >= 0.1) met = false;
  console.log(
    `| ${r.n.toLocaleString('en')} | ${r.replicas} | ${f0(r.plan1)} / ${f0(r.planR)} | ${f0(r.whole)} | ${r.shards.toFixed(1)} | ${pct(r.shards, r.whole)} (${pct(r.shards, r.planR)} of planFleet) | ${r.minW}–${r.maxW} | ${f0(r.prove)} | ${r.checks.toFixed(1)} | ${pct(r.checks, r.prove)} |`,
  );
}
console.log(`\nTarget (< 10% added to plan and to prove): ${met ? 'met' : 'NOT met'}`);
