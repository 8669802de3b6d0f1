// `synth` against its floor: a plain CDK app with the same stacks and resources (bench/cdk-floor.mjs),
// at 1,000, 5,000 and 20,000 spokes (one account per spoke: N spoke stacks + the hub), validation off.
// Each run is its own child process; fleetlink and the floor alternate so both see the same load.
// Timed inside the child: building the app and synthesizing it (the plan is made before the clock
// starts, for both), as CPU time (user + system of the child: on a shared 2-core machine wall time
// moves by ±50 % with the load, CPU time far less; wall time is shown too). Prints the ratio of
// medians (target ≤ 1.1×) and the growth per spoke from size
// to size (linear: the time per spoke stays flat). 20,000 spokes runs once (about a minute each).
// Usage: node bench/synth-floor.bench.mjs [sizes=1000,5000,20000] [runs=3]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);

if (process.argv[2] === '--child') {
  const [, , , which, n, outdir] = process.argv;
  const { generateFleet } = await import('../dist/testing/generate-fleet.js');
  const { planFleet } = await import('../dist/plan/plan.js');
  const { synthPlan } = await import('../dist/render/cdk/index.js');
  const { synthFloor } = await import('./cdk-floor.mjs');
  // With an Organization, so the management role fits IAM limits at any size (path-scoped pattern).
  const plan = planFleet(generateFleet(Number(n), { organization: true }));
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const assembly =
    which === 'floor' ? synthFloor(plan, outdir) : synthPlan(plan, { outdir, validation: false }).assembly;
  const synthMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const cpuMs = (c.user + c.system) / 1000;
  const u = process.resourceUsage();
  let resources = 0;
  for (const s of assembly.stacks) resources += Object.keys(s.template.Resources ?? {}).length;
  process.stdout.write(
    JSON.stringify({ synthMs, cpuMs, stacks: assembly.stacks.length, resources, rssMb: u.maxRSS / 1024 }),
  );
  process.exit(0);
}

const sizes = (process.argv[2] ?? '1000,5000,20000').split(',').map(Number);
const runs = Number(process.argv[3] ?? 3);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const tmp = mkdtempSync(join(tmpdir(), 'fleetlink-synth-floor-'));
function child(which, n) {
  const outdir = join(tmp, `${which}-${n}`);
  const r = spawnSync(
    process.execPath,
    ['--max-old-space-size=4096', self, '--child', which, String(n), outdir],
    {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      maxBuffer: 1 << 24,
    },
  );
  rmSync(outdir, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`${which} ${n} failed: ${r.stderr.slice(0, 800)}`);
  return JSON.parse(r.stdout);
}

const rows = [];
try {
  for (const n of sizes) {
    const k = n >= 20_000 ? 1 : runs;
    const f = [];
    const o = [];
    for (let i = 0; i < k; i++) {
      o.push(child('fleetlink', n));
      f.push(child('floor', n));
    }
    if (o[0].stacks !== f[0].stacks || o[0].resources !== f[0].resources)
      throw new Error(`floor differs at ${n}: ${JSON.stringify({ fleetlink: o[0], floor: f[0] })}`);
    rows.push({
      n,
      runs: k,
      stacks: o[0].stacks,
      resources: o[0].resources,
      ours: median(o.map((x) => x.cpuMs)),
      floor: median(f.map((x) => x.cpuMs)),
      oursWall: median(o.map((x) => x.synthMs)),
      floorWall: median(f.map((x) => x.synthMs)),
      oursRss: Math.max(...o.map((x) => x.rssMb)),
      floorRss: Math.max(...f.map((x) => x.rssMb)),
    });
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
console.log(
  '| spokes | runs | stacks | resources | fleetlink synth | floor synth | ratio | fleetlink ms/spoke | floor ms/spoke | peak RSS fleetlink / floor |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows)
  console.log(
    `| ${r.n} | ${r.runs} | ${r.stacks} | ${r.resources} | ${(r.ours / 1000).toFixed(2)} s | ${(r.floor / 1000).toFixed(2)} s | ${(r.ours / r.floor).toFixed(2)}× | ${(r.oursWall / 1000).toFixed(2)} / ${(r.floorWall / 1000).toFixed(2)} s | ${(r.ours / r.n).toFixed(2)} | ${(r.floor / r.n).toFixed(2)} | ${Math.round(r.oursRss)} / ${Math.round(r.floorRss)} MB |`,
  );
console.log('');
for (const r of rows) {
  const ratio = r.ours / r.floor;
  console.log(
    `${r.n} spokes: fleetlink / floor ${ratio.toFixed(2)}× (target ≤ 1.1×) ${ratio <= 1.1 ? 'OK' : 'MISSED'}`,
  );
}
if (rows.length > 1) {
  const first = rows[0];
  const last = rows[rows.length - 1];
  const growth = last.ours / last.n / (first.ours / first.n);
  console.log(`time per spoke at ${last.n} / at ${first.n}: ${growth.toFixed(2)} (linear ≈ 1)`);
}
console.log(`load average (1 min) at the end: ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`);
