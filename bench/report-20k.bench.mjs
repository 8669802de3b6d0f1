// `fleetlink report` at 20,000 spokes, whole process: wall time, CPU time and peak RSS of the real
// CLI writing the HTML file, and the file's size. Targets (issue 14): < 3 s, < 600 MB. The floor,
// `node -e 0`, runs in the same session for scale. One run (it takes tens of seconds on a busy
// machine); `fleetlink prove` on the same plan shows the proof's share. Usage: node bench/report-20k.bench.mjs [spokes=20000]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { planFleet } from '../dist/plan/plan.js';
import { generateFleet } from '../dist/testing/generate-fleet.js';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'dist', 'cli', 'main.js');
const n = Number(process.argv[2] ?? 20_000);
const tmp = mkdtempSync(join(tmpdir(), 'fleetlink-report-bench-'));
const hook = `data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('\\nBENCH_MAXRSS='+u.maxRSS+' BENCH_CPU='+(u.userCPUTime+u.systemCPUTime)+'\\n')})`;
/** Wall time here; CPU time and peak RSS (getrusage maxrss) reported by the child at its exit. */
function measure(args) {
  const argv = args ? ['--import', hook, cli, ...args] : ['--import', hook, '-e', '0'];
  const t0 = performance.now();
  const r = spawnSync(process.execPath, argv, {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  const wall = (performance.now() - t0) / 1000;
  const rss = /BENCH_MAXRSS=(\d+)/.exec(r.stderr)?.[1];
  // prove exits 0 (holds) or 1 (fails); anything else, or no figures, is a broken run.
  if ((r.status !== 0 && r.status !== 1) || rss === undefined)
    throw new Error(`${args?.[0] ?? 'node'} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  const cpu = Number(/BENCH_CPU=(\d+)/.exec(r.stderr)?.[1]) / 1e6;
  return { wall, cpu, rss: Number(rss) / 1024 };
}

try {
  // With an Organization, so the management role fits IAM's limits at this size.
  const planFile = join(tmp, 'plan.json');
  writeFileSync(
    planFile,
    JSON.stringify(planFleet(generateFleet(n, { organization: true, accounts: n / 20 }))),
  );
  const out = join(tmp, 'report.html');
  const report = measure(['report', '--plan', planFile, '--out', out]);
  // The same plan through `fleetlink prove` alone: what of the report's time is the proof itself.
  const proof = measure(['prove', '--plan', planFile]);
  const floor = measure(null);
  const size = statSync(out).size / 2 ** 20;
  console.log('| command | spokes | wall | CPU | peak RSS | HTML size |');
  console.log('|---|---:|---:|---:|---:|---:|');
  const line = (name, m, extra) =>
    console.log(
      `| ${name} | ${n} | ${m.wall.toFixed(2)} s | ${m.cpu.toFixed(2)} s | ${m.rss.toFixed(0)} MB | ${extra} |`,
    );
  line('`fleetlink report`', report, `${size.toFixed(1)} MB`);
  line('`fleetlink prove` (same plan)', proof, '–');
  line('`node -e 0` (floor)', floor, '–');
  console.log(
    `\nreport ${n} spokes: ${report.wall.toFixed(2)} s (target < 3 s) ${report.wall < 3 ? 'OK' : 'MISSED'}, ${report.rss.toFixed(0)} MB (target < 600 MB) ${report.rss < 600 ? 'OK' : 'MISSED'}; prove alone is ${((100 * proof.cpu) / report.cpu).toFixed(0)}% of its CPU time`,
  );
  console.log(
    `load average (1 min) at the end: ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`,
  );
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
