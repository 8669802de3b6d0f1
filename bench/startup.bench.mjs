// Fixed start-up of `fleetlink plan` and `fleetlink prove` on a 10-spoke fleet, against the floor
// `node -e 0`: whole-process wall time, interleaved in one run so all see the same machine load,
// as ratios of medians (target ≤ 3× the floor). Usage: node bench/startup.bench.mjs [runs=21]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fleetToYaml } from '../dist/fleet/serialize.js';
import { generateFleet } from '../dist/testing/generate-fleet.js';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'dist', 'cli', 'main.js');
const runs = Number(process.argv[2] ?? 21);
const tmp = mkdtempSync(join(tmpdir(), 'fleetlink-startup-bench-'));
const file = join(tmp, 'fleet.yaml');
writeFileSync(file, fleetToYaml(generateFleet(10, { organization: true, accounts: 3 })));
const env = { PATH: process.env.PATH, HOME: process.env.HOME };

function wall(argv) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, argv, { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`node ${argv.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 300)}`);
  return ms;
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const cases = {
  '`node -e 0` (floor)': ['-e', '0'],
  '`plan FLEET --format json` (10 spokes)': [cli, 'plan', file, '--format', 'json'],
  '`prove FLEET --format json` (10 spokes)': [cli, 'prove', file, '--format', 'json'],
};
const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
try {
  for (const argv of Object.values(cases)) wall(argv); // warm the page cache
  for (let i = 0; i < runs; i++) for (const [k, argv] of Object.entries(cases)) samples[k].push(wall(argv));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
const floor = median(samples['`node -e 0` (floor)']);
console.log(`| whole process (${runs} runs each, interleaved) | median | min | median / floor |`);
console.log('|---|---:|---:|---:|');
for (const [k, xs] of Object.entries(samples)) {
  console.log(
    `| ${k} | ${median(xs).toFixed(0)} ms | ${Math.min(...xs).toFixed(0)} ms | ${(median(xs) / floor).toFixed(2)}× |`,
  );
}
for (const k of Object.keys(cases).slice(1)) {
  const ratio = median(samples[k]) / floor;
  console.log(
    `\n${k.split(' ')[0].replaceAll('`', '')} start-up / floor: ${ratio.toFixed(2)}× (target ≤ 3×) ${ratio <= 3 ? 'OK' : 'MISSED'}`,
  );
}
console.log(`load average (1 min) at the end: ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`);
