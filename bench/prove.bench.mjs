// prove: wall time and peak memory for generated fleets of 100, 1,000 and 5,000 spokes.
// Target (issue 3): 1,000 spokes in under 2 s. Each size runs in a fresh child process so the
// peak RSS belongs to that size alone. Run with `npm run bench` (builds dist/ first).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SIZES = [100, 1000, 5000];
const MODES = ['irsa', 'pod-identity'];

if (process.argv[2] === '--child') {
  const n = Number(process.argv[3]);
  const identity = process.argv[4];
  const { generateFleet } = await import('../dist/testing/generate-fleet.js');
  const { planFleet } = await import('../dist/plan/plan.js');
  const { prove } = await import('../dist/prove/prove.js');
  // Beyond ~1,100 spokes the management role cannot list every deployer ARN within IAM's size
  // limits; the planner then needs an Organization (path-scoped ARN pattern + aws:ResourceOrgID).
  const organization = n > 1000;
  const plan = planFleet(generateFleet(n, { identity, organization }));
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = prove(plan);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const peak = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(
    JSON.stringify({
      n,
      identity,
      ms,
      cpuMs,
      organization,
      peakMb: peak / 2 ** 20,
      deltaMb: (process.memoryUsage().rss - before) / 2 ** 20,
      witnesses: result.matrix.witnesses.length,
      cells: result.matrix.cells.length,
      holds: result.holds,
      errors: result.findings.filter((f) => f.severity === 'error').length,
    }),
  );
  process.exit(0);
}

const self = fileURLToPath(import.meta.url);
console.log(
  '| identity | spokes | witnesses | matrix cells | prove wall time | CPU time | peak RSS | holds |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---|');
let failed = false;
for (const identity of MODES)
  for (const n of SIZES) {
    const r = spawnSync(process.execPath, ['--expose-gc', self, '--child', String(n), identity], {
      encoding: 'utf8',
    });
    if (r.status !== 0) {
      console.log(`| ${identity} | ${n} | failed: ${r.stderr.split('\n')[0]} |`);
      failed = true;
      continue;
    }
    const m = JSON.parse(r.stdout);
    console.log(
      `| ${identity} | ${n}${m.organization ? ' (org)' : ''} | ${m.witnesses} | ${m.cells} | ${(m.ms / 1000).toFixed(2)} s | ${(m.cpuMs / 1000).toFixed(2)} s | ${m.peakMb.toFixed(0)} MB | ${m.holds ? 'yes' : `no (${m.errors} errors)`} |`,
    );
  }
process.exitCode = failed ? 1 : 0;
