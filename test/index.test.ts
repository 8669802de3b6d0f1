import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFleet, planFleet, prove, renderArgoCd, renderMermaid } from '../src/index.js';

describe('library entry point', () => {
  it('takes the bundled example from YAML to a holding proof and Argo CD artifacts', () => {
    const file = 'examples/two-accounts/fleet.yaml';
    const { fleet } = parseFleet(readFileSync(file, 'utf8'), file);
    const plan = planFleet(fleet);
    const result = prove(plan);
    expect(result.holds).toBe(true);
    expect([...renderArgoCd(plan).keys()]).toContain('argocd/values.yaml');
    expect(renderMermaid(plan)).toMatch(/^flowchart LR/m);
  });
});
