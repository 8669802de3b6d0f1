import { writeFileSync } from 'node:fs';
import { test } from 'vitest';
import { prove } from '../../../src/prove/prove.js';
import { renderReport } from '../../../src/render/report/report.js';
import { examplePlans } from './example-plans.js';
test('scratch', () => {
  for (const [f, plan] of examplePlans()) {
    const n = f.split('/')[1];
    const t = Date.now();
    const r = prove(plan);
    console.log(n, Date.now() - t, 'ms', r.holds, r.matrix.witnesses.map((w) => `${w.id}|${w.label}|${w.kind}|${w.intended}`).join('\n  '), r.findings.map((x) => `${x.severity} ${x.id} ${x.subject}`));
    writeFileSync(`test-artifacts/ex-${n}.html`, renderReport({ plan, prove: r, generatedAt: '2026-11-29T15:20:00Z' }));
  }
});
