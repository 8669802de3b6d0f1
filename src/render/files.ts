/**
 * Every file `fleetlink plan --out DIR` writes: `plan.json`, the IAM documents under
 * `iam/<account>/`, and the Argo CD artifacts under `argocd/`.
 */
import type { AccessPlan } from '../plan/types.js';
import { renderArgoCd } from './argocd/index.js';

const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;

/** `iam/<account>/<role>.trust.json`, `<role>.policy.json` (inline), `<policy>.managed-policy.json`. */
export function renderIamFiles(plan: AccessPlan): Map<string, string> {
  const files = new Map<string, string>();
  for (const r of plan.roles) {
    const dir = `iam/${r.account}`;
    files.set(`${dir}/${r.name}.trust.json`, json(r.trustPolicy));
    if (r.inlinePolicies.length === 1)
      files.set(`${dir}/${r.name}.policy.json`, json(r.inlinePolicies[0]?.document));
    else
      for (const p of r.inlinePolicies) files.set(`${dir}/${r.name}.${p.name}.policy.json`, json(p.document));
    for (const p of r.managedPolicies) files.set(`${dir}/${p.name}.managed-policy.json`, json(p.document));
  }
  return files;
}

export function renderPlanFiles(plan: AccessPlan): Map<string, string> {
  const files = new Map<string, string>([['plan.json', json(plan)]]);
  for (const [k, v] of renderIamFiles(plan)) files.set(k, v);
  for (const [k, v] of renderArgoCd(plan)) files.set(k, v);
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
