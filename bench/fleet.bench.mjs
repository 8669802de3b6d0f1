// Loading fleet files: parseFleet (YAML → validated, normalized Fleet, with positions) on
// generated fleets of 10, 100, 1,000 and 5,000 spokes written by fleetToYaml (every field
// explicit; inline CA data on 8 spokes in 10). In-process, median of N runs after one warm-up;
// CPU time is reported too, since wall time on a shared machine mostly measures the neighbours.
// Usage: node bench/fleet.bench.mjs [runs=5] [sizes=10,100,1000,5000]

import { parseFleet } from '../dist/fleet/load.js';
import { fleetToYaml } from '../dist/fleet/serialize.js';
import { generateFleet } from '../dist/testing/generate-fleet.js';

const runs = Number(process.argv[2] ?? 5);
const sizes = (process.argv[3] ?? '10,100,1000,5000').split(',').map(Number);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

console.log(
  '| spokes | file size | generateFleet | parseFleet wall (median) | parseFleet CPU (median) | heap after |',
);
console.log('|---:|---:|---:|---:|---:|---:|');
for (const n of sizes) {
  let t0 = process.hrtime.bigint();
  const fleet = generateFleet(n, { organization: true, accounts: Math.max(1, Math.ceil(n / 20)) });
  const gen = ms(t0);
  const text = fleetToYaml(fleet);
  parseFleet(text, 'bench.yaml');
  const times = [];
  const cpu = [];
  for (let i = 0; i < runs; i++) {
    globalThis.gc?.();
    const c0 = process.cpuUsage();
    t0 = process.hrtime.bigint();
    parseFleet(text, 'bench.yaml');
    times.push(ms(t0));
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const heap = process.memoryUsage().heapUsed / 2 ** 20;
  console.log(
    `| ${n.toLocaleString('en')} | ${(text.length / 1024).toFixed(0)} KiB | ${gen.toFixed(1)} ms | ${median(times).toFixed(0)} ms | ${median(cpu).toFixed(0)} ms | ${heap.toFixed(0)} MiB |`,
  );
}
