// `synth --target terraform` for 1,000 and 5,000 spokes (one account per spoke, so N spokes = N
// spoke files, N provider aliases and N deployer roles created by Terraform; the fleet has an
// Organization so that 5,000 deployer ARNs fit the management role as an ARN pattern), and 1,000
// spokes sharing one deployer role as a StackSet (its template comes from the CDK target: that
// case loads aws-cdk-lib).
// Each case runs in its own child process, as the CLI does: plan, render (pure), write the
// directory atomically. Reported: plan, render and write time inside the child, the child's whole
// wall and CPU time, its peak memory (max RSS), and the output size. Medians of `runs` runs.
// Target: 1,000 spokes under 1 s for the synth (render + write; plan and module loading excluded).
// Usage: node bench/synth-terraform.bench.mjs [sizes=1000,5000] [runs=3]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);

if (process.argv[2] === '--child') {
  const [, , , n, mode, outdir] = process.argv;
  const t0 = performance.now();
  const { generateFleet } = await import('../dist/testing/generate-fleet.js');
  const { planFleet } = await import('../dist/plan/plan.js');
  const { cdkStackSetTemplates } = await import('../dist/cli/terraform-synth.js');
  const { renderTerraform } = await import('../dist/render/terraform/index.js');
  const { writeDirAtomically } = await import('../dist/cli/output.js');
  const tLoad = performance.now();
  let fleet = generateFleet(Number(n), { organization: true });
  if (mode === 'stackset')
    fleet = {
      ...fleet,
      spokes: fleet.spokes.map((s) => ({
        ...s,
        deployerRole: { ...s.deployerRole, name: 'argocd-deployer' },
      })),
    };
  const plan = planFleet(fleet);
  const tPlan = performance.now();
  // The steps of `synthTerraform` (src/cli/terraform-synth.ts), timed one by one.
  const stackSetTemplates = await cdkStackSetTemplates(plan, {});
  const tCdk = performance.now();
  const result = renderTerraform(plan, stackSetTemplates ? { stackSetTemplates } : {});
  const tRender = performance.now();
  await writeDirAtomically(outdir, result.files);
  const tSynth = performance.now();
  const { readdirSync, statSync } = await import('node:fs');
  let bytes = 0;
  const walk = (d) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else bytes += s.size;
    }
  };
  walk(outdir);
  process.stdout.write(
    JSON.stringify({
      loadMs: tLoad - t0,
      planMs: tPlan - tLoad,
      synthMs: tSynth - tPlan,
      cdkMs: tCdk - tPlan,
      renderMs: tRender - tCdk,
      writeMs: tSynth - tRender,
      files: result.files.size,
      resources: Object.values(result.resources).reduce((a, b) => a + b, 0),
      mb: bytes / 1e6,
      rssMb: process.resourceUsage().maxRSS / 1024,
      cpuS: (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1e6,
    }),
  );
  process.exit(0);
}

const sizes = (process.argv[2] ?? '1000,5000').split(',').map(Number);
const runs = Number(process.argv[3] ?? 3);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function runCase(c, outdir) {
  const start = performance.now();
  const r = spawnSync(process.execPath, [self, '--child', String(c.n), c.mode, outdir], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    maxBuffer: 1 << 24,
  });
  const wallMs = performance.now() - start;
  if (r.status !== 0) throw new Error(`case ${JSON.stringify(c)} failed: ${r.stderr.slice(0, 800)}`);
  rmSync(outdir, { recursive: true, force: true });
  return { ...JSON.parse(r.stdout), wallMs };
}

const cases = sizes.map((n) => ({ n, mode: 'per-account' }));
if (sizes.includes(1000)) cases.push({ n: 1000, mode: 'stackset' });

const tmp = mkdtempSync(join(tmpdir(), 'fleetlink-tf-bench-'));
const rows = [];
try {
  for (const c of cases) {
    const outdir = join(tmp, `${c.n}-${c.mode}`);
    const ms = Array.from({ length: runs }, () => runCase(c, outdir));
    const m = (k) => median(ms.map((x) => x[k]));
    rows.push({
      spokes: c.n,
      mode: c.mode,
      files: ms[0].files,
      resources: ms[0].resources,
      'output MB': m('mb').toFixed(1),
      'plan ms': Math.round(m('planMs')),
      'CDK template ms': Math.round(m('cdkMs')),
      'render ms': Math.round(m('renderMs')),
      'write ms': Math.round(m('writeMs')),
      'synth ms': Math.round(m('synthMs')),
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
const big = rows.find((r) => r.spokes === 1000 && r.mode === 'per-account');
if (big)
  console.log(
    `\n1,000 spokes: synth (render + write) ${big['synth ms']} ms (target < 1,000 ms), whole process ${big['process wall s']} s, ${big['peak RSS MB']} MB peak`,
  );
