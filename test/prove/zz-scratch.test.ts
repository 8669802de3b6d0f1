import { it } from 'vitest';
import { prove } from '../../src/prove/prove.js';
import { examplePlan } from './helpers.js';
it('x', async () => {
const base = await examplePlan('two-accounts');
const denyAll = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }] } as any;
for (const acct of ['111111111111','222222222222']) {
  const r = prove(base, { rcps: { [acct]: [denyAll] } });
  console.log(acct, r.findings.map(f => `${f.id} ${f.severity} ${f.subject} :: ${f.message.slice(0,250)}`).join('\n'));
}
});
