// fleetlink token vs its floor (`node -e 0`) and its peer (`aws eks get-token`): whole-process wall
// time, interleaved in one run so all three see the same machine load, as ratios of medians
// (targets ≤ 2× the floor, ≤ 0.12× the AWS CLI); and in-process tokens per second (target ≥ 20,000).
// Usage: node bench/token.bench.mjs [runs=21] [tokens=20000]
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createToken } from '../dist/token/sign.js';
import { verifyToken } from '../dist/token/verify.js';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'dist', 'cli', 'main.js');
const runs = Number(process.argv[2] ?? 21);
const tokens = Number(process.argv[3] ?? 20_000);

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjE+/abc=def!*()~',
};
const env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  AWS_ACCESS_KEY_ID: credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  AWS_SESSION_TOKEN: credentials.sessionToken,
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_EC2_METADATA_DISABLED: 'true',
};
const args = ['--cluster-name', 'prod', '--region', 'eu-west-1'];

function wall(command, argv) {
  const start = process.hrtime.bigint();
  const r = spawnSync(command, argv, { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error || r.status !== 0) return { ms, error: r.error?.message ?? r.stderr.trim() };
  return { ms };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const fmt = (ms) => `${ms.toFixed(0)} ms`;

// --- whole process, interleaved ---------------------------------------------------------------
const awsAvailable = !spawnSync('aws', ['--version']).error;
const samples = { fleetlink: [], aws: [], node: [] };
wall(process.execPath, [cli, 'token', ...args]); // warm the page cache once
if (awsAvailable) wall('aws', ['eks', 'get-token', ...args]);
for (let i = 0; i < runs; i++) {
  const f = wall(process.execPath, [cli, 'token', ...args]);
  if (f.error) throw new Error(`fleetlink token failed: ${f.error}`);
  samples.fleetlink.push(f.ms);
  samples.node.push(wall(process.execPath, ['-e', '0']).ms);
  if (awsAvailable) {
    const a = wall('aws', ['eks', 'get-token', ...args]);
    if (a.error) throw new Error(`aws eks get-token failed: ${a.error}`);
    samples.aws.push(a.ms);
  }
}
console.log(`| whole process (${runs} runs each, interleaved) | median | mean | min |`);
console.log('|---|---|---|---|');
for (const [name, xs] of [
  ['`fleetlink token` (env credentials)', samples.fleetlink],
  ['`aws eks get-token`', samples.aws],
  ['`node -e 0` (floor)', samples.node],
]) {
  if (xs.length) console.log(`| ${name} | ${fmt(median(xs))} | ${fmt(mean(xs))} | ${fmt(Math.min(...xs))} |`);
}
const floorRatio = median(samples.fleetlink) / median(samples.node);
console.log(
  `\nratio fleetlink / node -e 0 (medians): ${floorRatio.toFixed(2)}× (target ≤ 2×) ${floorRatio <= 2 ? 'OK' : 'MISSED'}`,
);
if (awsAvailable) {
  const ratio = median(samples.fleetlink) / median(samples.aws);
  console.log(
    `ratio fleetlink / aws (medians): ${ratio.toFixed(3)}× (target ≤ 0.12×) ${ratio <= 0.12 ? 'OK' : 'MISSED'}`,
  );
} else {
  console.log('\n(aws CLI not on PATH: ratio not measured)');
}

// --- in process ------------------------------------------------------------------------------
const signingDate = new Date('2026-01-02T03:04:05Z');
for (let i = 0; i < 2000; i++) {
  await createToken({ credentials, region: 'eu-west-1', clusterName: `c${i}`, signingDate });
}
// Wall clock is the figure asked for; CPU time (user + system of this process) is shown too,
// because on a shared machine other processes inflate wall time but not our CPU time.
async function measure(body) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < tokens; i++) await body(i);
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return { wall: (tokens / wallMs) * 1000, cpu: (tokens / cpuMs) * 1000 };
}
let last;
const sign = await measure(async (i) => {
  last = await createToken({ credentials, region: 'eu-west-1', clusterName: `cluster-${i}`, signingDate });
});
const now = new Date(signingDate.getTime() + 60_000);
const verify = await measure(() => verifyToken(last.token, { clusterName: 'x', now, credentials }));
console.log(`\n| in process (${tokens} tokens) | per wall second | per CPU second |`);
console.log('|---|---|---|');
console.log(`| createToken | ${sign.wall.toFixed(0)} | ${sign.cpu.toFixed(0)} |`);
console.log(`| verifyToken + signature check | ${verify.wall.toFixed(0)} | ${verify.cpu.toFixed(0)} |`);
console.log(`\ncreateToken ≥ 20,000/s (wall): ${sign.wall >= 20_000 ? 'OK' : 'MISSED'}`);
console.log(`load average (1 min) at the end: ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`);
