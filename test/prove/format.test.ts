/** Text and SARIF renderings of a proof. */
import { beforeAll, describe, expect, it } from 'vitest';
import { planFleet } from '../../src/plan/plan.js';
import type { AccessPlan } from '../../src/plan/types.js';
import { formatSarif } from '../../src/prove/format-sarif.js';
import { formatText } from '../../src/prove/format-text.js';
import { prove } from '../../src/prove/prove.js';
import { generateFleet } from '../../src/testing/generate-fleet.js';
import { conditionKey, examplePlan, mutate, role, statements } from './helpers.js';

let plan: AccessPlan;
let leaky: AccessPlan;

beforeAll(async () => {
  plan = await examplePlan('two-accounts');
  leaky = mutate(plan, (p) => {
    const s = statements(role(p, 'management').trustPolicy)[0]!;
    const sub = conditionKey(s, 'StringEquals', ':sub');
    delete s.Condition!.StringEquals![sub];
    s.Condition!.StringLike = { [sub]: 'system:serviceaccount:argocd:*' };
    p.clusters[0]!.config.tlsClientConfig.caData = Buffer.from(
      p.clusters[0]!.config.tlsClientConfig.caData!,
    ).toString('base64');
  });
});

describe('formatText', () => {
  it('shows the verdict, the matrix with a legend, and no findings for a clean plan', () => {
    const text = formatText(prove(plan));
    expect(text).toMatch(/^PROOF HOLDS/);
    expect(text).toMatch(/sa:argocd\/argocd-server \*\s+✓/);
    expect(text).toMatch(/hub-root\s+·/);
    expect(text).toContain('Legend: ✓ intended reach');
    expect(text).toContain('No findings.');
  });

  it('marks leaks with ✗, lists anomalies and groups findings by link with their fixes', () => {
    const text = formatText(prove(leaky));
    expect(text).toMatch(/^PROOF FAILS/);
    expect(text).toMatch(/sa:argocd\/argocd-repo-server\s+✗/);
    expect(text).toContain('Anomalies:');
    expect(text).toContain('✗ sa:argocd/argocd-repo-server reaches cluster2 via');
    expect(text).toContain('[identity (service account → management role)]');
    expect(text).toContain('[network / TLS]');
    expect(text).toMatch(/ERROR FM-6\.4 cluster2\n.*\n(.*\n)*\s+fix: /);
  });

  it('summarises wide fleets with per-principal counts instead of a table', () => {
    const wide = planFleet(generateFleet(13));
    const text = formatText(prove(wide));
    expect(text).toContain('13 clusters: per-principal counts');
    expect(text).toMatch(/sa:argocd\/argocd-server \*\s+13\/13\s+0\s+0/);
  });
});

interface SarifLog {
  version: string;
  $schema: string;
  runs: {
    tool: {
      driver: {
        name: string;
        rules: { id: string; shortDescription: { text: string }; help: { text: string } }[];
      };
    };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
    }[];
  }[];
}

describe('formatSarif', () => {
  it('produces a SARIF 2.1.0 log whose results reference rules with help text', () => {
    const result = prove(leaky);
    const log = formatSarif(result, {
      artifactUri: 'examples/two-accounts/fleet.yaml',
      lines: new Map([['cluster2', 37]]),
    }) as SarifLog;
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    const run = log.runs[0]!;
    expect(run.tool.driver.name).toBe('fleetlink');
    const ruleIds = run.tool.driver.rules.map((r) => r.id);
    expect(new Set(ruleIds).size).toBe(ruleIds.length);
    for (const rule of run.tool.driver.rules) {
      expect(rule.shortDescription.text.length).toBeGreaterThan(0);
      expect(rule.help.text.length).toBeGreaterThan(0);
    }
    expect(run.results.length).toBe(result.findings.length);
    for (const r of run.results) {
      expect(ruleIds[r.ruleIndex]).toBe(r.ruleId);
      expect(['error', 'warning', 'note']).toContain(r.level);
      expect(r.message.text.length).toBeGreaterThan(0);
      expect(r.locations[0]!.physicalLocation.artifactLocation.uri).toBe('examples/two-accounts/fleet.yaml');
      expect(r.locations[0]!.physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
    }
    const ca = run.results.find((r) => r.ruleId === 'FM-6.4')!;
    expect(ca.level).toBe('error');
    expect(ca.locations[0]!.physicalLocation.region.startLine).toBe(37);
  });
});
