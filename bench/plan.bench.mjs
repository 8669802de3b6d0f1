// `fleetlink plan` for 10, 100, 1,000 and 5,000 spokes: whole-process wall time (median of N runs)
// and peak memory (max RSS of the child, read by a preloaded exit hook), for `--format json` to
// /dev/null and for `--out DIR` (writes every file). Target: 1,000 spokes < 300 ms and < 200 MB.
// Fleets come from generateFleet (with an Organization, so 5,000 spokes still fit IAM's limits via
// the Organization-scoped pattern), written as YAML and loaded through the real loader.
// Usage: node bench/plan.bench.mjs [runs=7] [sizes=10,100,1000,5000]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFleet } from '../dist/fleet/load.js';
import { fleetToYaml } from '../dist/fleet/serialize.js';
import { planFleet } from '../dist/plan/plan.js';
import { renderPlanFiles } from '../dist/render/files.js';
import { generateFleet } from '../dist/testing/generate-fleet.js';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'dist', 'cli', 'main.js');
const runs = Number(process.argv[2] ?? 7);
const sizes = (process.argv[3] ?? '10,100,1000,5000').split(',').map(Number);
const tmp = mkdtempSync(join(tmpdir(), 'fleetlink-plan-bench-'));
// Reports the child's peak RSS (KiB on Linux) on stderr as it exits.
const hook = `data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('\\nBENCH_MAXRSS='+u.maxRSS+' BENCH_CPU='+(u.userCPUTime+u.systemCPUTime)+'\\n')})`;

function run(argv) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', hook, cli, ...argv], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const rss = Number(/BENCH_MAXRSS=(\d+)/.exec(r.stderr)?.[1] ?? Number.NaN) / 1024;
  const cpu = Number(/BENCH_CPU=(\d+)/.exec(r.stderr)?.[1] ?? Number.NaN) / 1000;
  if (r.status !== 0)
    throw new Error(`fleetlink ${argv.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return { ms, rss, cpu };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const rows = [];
try {
  run(['--help']); // warm the page cache once
  for (const n of sizes) {
    const fleet = generateFleet(n, { organization: true, accounts: Math.max(1, Math.ceil(n / 4)) });
    const file = join(tmp, `fleet-${n}.yaml`);
    const text = fleetToYaml(fleet);
    writeFileSync(file, text);
    // In-process CPU time per phase (median of the runs): where the time goes.
    const phases = { parse: [], plan: [], json: [], render: [] };
    let strategy = '-';
    for (let i = 0; i < runs; i++) {
      let t = cpuNow();
      const loaded = parseFleet(text, file);
      phases.parse.push(cpuNow() - t);
      t = cpuNow();
      const plan = planFleet(loaded.fleet);
      phases.plan.push(cpuNow() - t);
      t = cpuNow();
      JSON.stringify(plan, null, 2);
      phases.json.push(cpuNow() - t);
      t = cpuNow();
      renderPlanFiles(plan);
      phases.render.push(cpuNow() - t);
      strategy = plan.roles.find((r) => r.kind === 'management')?.permissionsStrategy ?? '-';
    }
    const json = [];
    const out = [];
    for (let i = 0; i < runs; i++) {
      json.push(run(['plan', file, '--format', 'json']));
      out.push(run(['plan', file, '--format', 'json', '--out', join(tmp, `out-${n}`)]));
    }
    rows.push({
      spokes: n,
      kb: Buffer.byteLength(text) / 1024,
      strategy,
      jsonMs: median(json.map((r) => r.ms)),
      jsonCpu: median(json.map((r) => r.cpu)),
      jsonMb: Math.max(...json.map((r) => r.rss)),
      outMs: median(out.map((r) => r.ms)),
      outCpu: median(out.map((r) => r.cpu)),
      outMb: Math.max(...out.map((r) => r.rss)),
      phases: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, median(v)])),
    });
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const nodeBaseline = median(
  Array.from({ length: runs }, () => {
    const start = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0']);
    return Number(process.hrtime.bigint() - start) / 1e6;
  }),
);

const f0 = (x) => x.toFixed(0);
console.log(
  `fleetlink plan, median of ${runs} runs (node -e 0 alone: ${f0(nodeBaseline)} ms wall; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs)\n`,
);
console.log(
  '| spokes | fleet file | mgmt permissions | `plan --format json` wall / CPU | peak RSS | `plan --out DIR` wall / CPU | peak RSS |',
);
console.log('|---:|---:|---|---:|---:|---:|---:|');
for (const r of rows)
  console.log(
    `| ${r.spokes.toLocaleString('en')} | ${f0(r.kb)} KB | ${r.strategy} | ${f0(r.jsonMs)} / ${f0(r.jsonCpu)} ms | ${f0(r.jsonMb)} MB | ${f0(r.outMs)} / ${f0(r.outCpu)} ms | ${f0(r.outMb)} MB |`,
  );
console.log('\nIn-process CPU time per phase (ms):\n');
console.log('| spokes | load + validate fleet | planFleet | plan JSON | render all files |');
console.log('|---:|---:|---:|---:|---:|');
for (const r of rows)
  console.log(
    `| ${r.spokes.toLocaleString('en')} | ${f0(r.phases.parse)} | ${f0(r.phases.plan)} | ${f0(r.phases.json)} | ${f0(r.phases.render)} |`,
  );
const k = rows.find((r) => r.spokes === 1000);
if (k) {
  const ok = k.jsonMs < 300 && k.jsonMb < 200;
  console.log(
    `\n1,000 spokes: ${f0(k.jsonMs)} ms wall, ${f0(k.jsonCpu)} ms CPU, ${f0(k.jsonMb)} MB — target < 300 ms and < 200 MB: ${ok ? 'met' : 'NOT met'}`,
  );
}
