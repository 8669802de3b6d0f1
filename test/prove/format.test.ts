/** Text and SARIF renderings of a proof. */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { findingUrl, REGISTRY } from '../../src/findings/registry.js';
import type { Finding } from '../../src/findings.js';
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
        rules: {
          id: string;
          shortDescription: { text: string };
          help: { text: string; markdown: string };
          helpUri?: string;
        }[];
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

/** docs/findings.md as written: anchor → the id whose `## <id>` heading it sits under. */
function committedAnchors(): Map<string, string> {
  const page = readFileSync('docs/findings.md', 'utf8');
  const anchors = new Map<string, string>();
  for (const m of page.matchAll(/^## (\S+)\n\n<a id="([^"]+)"><\/a>$/gm)) anchors.set(m[2]!, m[1]!);
  return anchors;
}

/** A proof result carrying one finding of every registered id, so every rule is rendered. */
function everyIdResult(): ReturnType<typeof prove> {
  const findings: Finding[] = [...REGISTRY.values()].map((d) => ({
    id: d.id,
    severity: d.severity,
    link: d.link,
    subject: 'cluster1',
    message: 'm.',
    evidence: [],
    fix: d.fix,
  }));
  return { ...prove(plan), findings };
}

type Rule = SarifLog['runs'][number]['tool']['driver']['rules'][number];
const rulesOf = (log: object): Rule[] => (log as SarifLog).runs[0]!.tool.driver.rules;

describe('SARIF rule help', () => {
  it('every registered id has a rule whose help is built from the registry', () => {
    const rules = rulesOf(formatSarif(everyIdResult(), { artifactUri: 'fleet.yaml' }));
    expect(rules.map((r) => r.id).sort()).toEqual([...REGISTRY.keys()].sort());
    for (const rule of rules) {
      const d = REGISTRY.get(rule.id)!;
      for (const help of [rule.help.text, rule.help.markdown]) {
        expect(help).toContain(d.title);
        expect(help).toContain(d.fix);
        if (d.why) expect(help).toContain(d.why);
        if (d.source) expect(help).toContain(d.source);
        if (d.helpUri) expect(help).toContain(d.helpUri);
        expect(help).toMatch(
          /Reference:\*{0,2} `?docs\/findings\.md#[a-z0-9-]+`? \(shipped in the fleetlink package\)/,
        );
      }
      // No homepage: the upstream documentation stays the rule's helpUri.
      expect(rule.helpUri).toBe(d.helpUri);
    }
  });

  it('every anchor the rules reference exists in docs/findings.md, under that id', () => {
    const anchors = committedAnchors();
    expect(anchors.size).toBe(REGISTRY.size);
    const rules = rulesOf(formatSarif(everyIdResult(), { artifactUri: 'fleet.yaml' }));
    for (const rule of rules) {
      const anchor = /Reference: docs\/findings\.md#(\S+)/.exec(rule.help.text)?.[1];
      expect(anchor, rule.id).toBeDefined();
      expect(anchors.get(anchor!), rule.id).toBe(rule.id);
    }
  });

  it("with a homepage, helpUri is the id's anchor in docs/findings.md under it", () => {
    const anchors = committedAnchors();
    const rules = rulesOf(
      formatSarif(everyIdResult(), {
        artifactUri: 'fleet.yaml',
        homepage: 'https://example.org/fleetlink#readme',
      }),
    );
    for (const rule of rules) {
      const url = new URL(rule.helpUri!);
      expect(url.origin + url.pathname).toBe('https://example.org/fleetlink/docs/findings.md');
      expect(anchors.get(url.hash.slice(1)), rule.id).toBe(rule.id);
      expect(rule.help.markdown).toContain(`](${rule.helpUri})`);
      expect(rule.help.text).toContain(`Online: ${rule.helpUri}`);
    }
    expect(rules.find((r) => r.id === 'FM-6.4')!.helpUri).toBe(
      'https://example.org/fleetlink/docs/findings.md#fm-6-4',
    );
  });

  it('a homepage that is not an http(s) URL leaves the upstream helpUri', () => {
    expect(findingUrl('FM-1.2', 'not a url')).toBeUndefined();
    expect(findingUrl('FM-1.2', 'git+ssh://example.org/x.git')).toBeUndefined();
    expect(findingUrl('FM-1.2', 'https://example.org/docs/?x=1')).toBe(
      'https://example.org/docs/docs/findings.md#fm-1-2',
    );
    const rules = rulesOf(formatSarif(everyIdResult(), { artifactUri: 'fleet.yaml', homepage: 'not a url' }));
    for (const rule of rules) expect(rule.helpUri).toBe(REGISTRY.get(rule.id)!.helpUri);
  });
});
