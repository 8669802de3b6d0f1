// `synth` for 1, 10, 100 and 1,000 spokes (one account per spoke, so N spokes = N spoke stacks + the
// hub), with CDK's CloudFormation validation on and off, and in Organization mode (one shared
// deployer role as a StackSet). Each case runs in its own child process: plan + build + synth time
// measured inside the child, the child's whole wall time and CPU time (user + system; steadier than
// wall time on a shared machine), and its peak memory (max RSS).
// Each case runs `runs` times; the table shows medians (validation-on cases run once: they cost
// ~1 s of WASM start-up each and vary little). Targets: 1,000 spokes < 10 s with validation off; < 1 GB.
// Usage: node bench/synth.bench.mjs [sizes=1,10,100,1000] [runs=3]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);

if (process.argv[2] === '--child') {
  const [, , , n, validation, mode, outdir] = process.argv;
  const t0 = performance.now();
  const { generateFleet } = await import('../dist/testing/generate-fleet.js');
  const { planFleet } = await import('../dist/plan/plan.js');
  const { synthPlan } = await import('../dist/render/cdk/index.js');
  const tLoad = performance.now();
  let fleet = generateFleet(Number(n), { organization: mode === 'org' });
  // Organization mode: one fixed deployer role name, so the role ships as one StackSet to the OUs.
  if (mode === 'org')
    fleet = {
      ...fleet,
      spokes: fleet.spokes.map((s) => ({
        ...s,
        deployerRole: { ...s.deployerRole, name: 'argocd-deployer' },
      })),
    };
  const plan = planFleet(fleet);
  const tPlan = performance.now();
  const result = synthPlan(plan, { outdir, validation: validation === 'on' });
  const tSynth = performance.now();
  process.stdout.write(
    JSON.stringify({
      loadMs: tLoad - t0,
      planMs: tPlan - tLoad,
      synthMs: tSynth - tPlan,
      stacks: result.stacks.length,
      stackSets: result.stacks.filter((s) => s.kind === 'organization').length,
      rssMb: process.resourceUsage().maxRSS / 1024,
      cpuS: (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1e6,
    }),
  );
  process.exit(0);
}

const sizes = (process.argv[2] ?? '1,10,100,1000').split(',').map(Number);
const runs = Number(process.argv[3] ?? 3);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function runCase(c, outdir) {
  const start = performance.now();
  const r = spawnSync(process.execPath, [self, '--child', String(c.n), c.validation, c.mode, outdir], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    maxBuffer: 1 << 24,
  });
  const wallMs = performance.now() - start;
  if (r.status !== 0) throw new Error(`case ${JSON.stringify(c)} failed: ${r.stderr.slice(0, 800)}`);
  rmSync(outdir, { recursive: true, force: true });
  return { ...JSON.parse(r.stdout), wallMs };
}
const cases = [];
for (const n of sizes) {
  cases.push({ n, validation: 'off', mode: 'per-account' });
  cases.push({ n, validation: 'on', mode: 'per-account' });
  cases.push({ n, validation: 'off', mode: 'org' });
}

const tmp = mkdtempSync(join(tmpdir(), 'fleetlink-synth-bench-'));
const rows = [];
try {
  for (const c of cases) {
    const outdir = join(tmp, `${c.n}-${c.validation}-${c.mode}`);
    const ms = Array.from({ length: c.validation === 'on' ? 1 : runs }, () => runCase(c, outdir));
    const m = (k) => median(ms.map((x) => x[k]));
    rows.push({
      spokes: c.n,
      mode: c.mode,
      validation: c.validation,
      stacks: ms[0].stacks,
      'synth ms': Math.round(m('synthMs')),
      'plan ms': Math.round(m('planMs')),
      'process wall s': (m('wallMs') / 1000).toFixed(2),
      'process CPU s': m('cpuS').toFixed(2),
      'peak RSS MB': Math.round(Math.max(...ms.map((x) => x.rssMb))),
    });
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const cols = Object.keys(rows[0] ?? {});
console.log(`| ${cols.join(' | ')} |`);
console.log(`|${cols.map(() => '---').join('|')}|`);
for (const r of rows) console.log(`| ${cols.map((c) => r[c]).join(' | ')} |`);
const big = rows.find((r) => r.spokes === 1000 && r.validation === 'off' && r.mode === 'per-account');
if (big)
  console.log(
    `\n1,000 spokes, validation off: ${big['process wall s']} s (target < 10 s), ${big['peak RSS MB']} MB (target < 1,024 MB)`,
  );
