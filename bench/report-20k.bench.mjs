// `fleetlink report` at 20,000 spokes, whole process: wall time, CPU time and peak RSS of the real
// CLI writing the HTML file, and the file's size. Targets (issue 14): < 3 s, < 600 MB. The floor,
// `node -e 0`, runs in the same session for scale. One run (it takes tens of seconds on a busy
// machine). Usage: node bench/report-20k.bench.mjs [spokes=20000]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateFleet } from '../dist/fleet/generate.js';
import { planFleet } from '../dist/plan/plan.js';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'dist', 'cli', 'main.js');
const n = Number(process.argv[2] ?? 20_000);
const tmp = mkdtempSync(join(tmpdir(), 'fleetlink-report-bench-'));
const hook = `data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('\\nBENCH_MAXRSS='+u.maxRSS+' BENCH_CPU='+(u.userCPUTime+u.systemCPUTime)+'\\n')})`;
try {
  // With an Organization, so the management role fits IAM's limits at this size.
  const planFile = join(tmp, 'plan.json');
  writeFileSync(
    planFile,
    JSON.stringify(planFleet(generateFleet(n, { organization: true, accounts: n / 20 }))),
  );
  const out = join(tmp, 'report.html');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', hook, cli, 'report', '--plan', planFile, '--out', out], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`report exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  const rss = Number(/BENCH_MAXRSS=(\d+)/.exec(r.stderr)?.[1]) / 1024;
  const cpu = Number(/BENCH_CPU=(\d+)/.exec(r.stderr)?.[1]) / 1e6;
  const size = statSync(out).size / 2 ** 20;
  console.log('| spokes | wall | CPU | peak RSS | HTML size |');
  console.log('|---:|---:|---:|---:|---:|');
  console.log(
    `| ${n} | ${wall.toFixed(2)} s | ${cpu.toFixed(2)} s | ${rss.toFixed(0)} MB | ${size.toFixed(1)} MB |`,
  );
  console.log(
    `\nreport ${n} spokes: ${wall.toFixed(2)} s (target < 3 s) ${wall < 3 ? 'OK' : 'MISSED'}, ${rss.toFixed(0)} MB (target < 600 MB) ${rss < 600 ? 'OK' : 'MISSED'}`,
  );
  console.log(
    `load average (1 min) at the end: ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`,
  );
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
