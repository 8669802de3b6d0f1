import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { planFleet } from '../../../src/plan/plan.js';
import type { AccessPlan } from '../../../src/plan/types.js';
import { buildGraph } from '../../../src/render/diagram/graph.js';
import { mermaidText, renderMermaid } from '../../../src/render/diagram/mermaid.js';
import { renderSvg } from '../../../src/render/diagram/svg.js';
import { generateFleet } from '../../../src/testing/generate-fleet.js';
import { examplePlans } from './example-plans.js';
import { buildPlan, manySpokes, samplePlan } from './fixture-plan.js';

/** Expected counts, computed from the plan directly (not through graph.ts). */
function expected(plan: AccessPlan) {
  const capability = plan.identity === 'eks-capability';
  const roleArns = new Set([
    ...plan.roles.map((r) => r.arn),
    ...plan.accessEntries.map((e) => e.principalArn),
  ]);
  const clusters = new Set([
    ...plan.clusters.map((c) => c.name),
    ...plan.accessEntries.map((e) => e.cluster),
  ]);
  const components = capability ? 1 : plan.serviceAccounts.length;
  const identities = plan.identity === 'irsa' ? Math.max(1, plan.oidcProviders.length) : 1;
  const hubRoles = plan.roles.filter((r) => r.kind !== 'deployer').length;
  const chained = new Set<string>();
  for (const p of plan.intended)
    for (let i = 1; i < p.roles.length; i++) chained.add(`${p.roles[i - 1]}>${p.roles[i]}`);
  const entries = new Set(plan.accessEntries.map((e) => `${e.principalArn}>${e.cluster}`));
  return {
    roles: roleArns.size,
    clusters: clusters.size,
    components,
    identities,
    edges: components * identities + identities * hubRoles + chained.size + entries.size,
    assumeRole: chained.size,
    accessEntries: entries.size,
  };
}

const fixtures: [string, AccessPlan][] = [
  ['fixture irsa', samplePlan('irsa')],
  ['fixture pod-identity', samplePlan('pod-identity')],
  ['fixture eks-capability', samplePlan('eks-capability')],
  ['fixture 120 spokes', buildPlan(manySpokes(120))],
];
const generated: [string, AccessPlan][] = [
  [
    'generated pod-identity, 30 spokes',
    planFleet(generateFleet(30, { identity: 'pod-identity', accounts: 3 })),
  ],
  [
    'generated eks-capability, 60 spokes',
    planFleet(generateFleet(60, { identity: 'eks-capability', accounts: 4 })),
  ],
  ['generated organization, 12 spokes', planFleet(generateFleet(12, { organization: true }))],
];
const plans: [string, AccessPlan][] = [...examplePlans(), ...fixtures, ...generated];

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => name === 'g' || name === 'path' || name === 'text',
});

interface SvgEl {
  'data-kind'?: string;
  'data-key'?: string;
  'data-from'?: string;
  'data-to'?: string;
  id?: string;
  g?: SvgEl[];
  path?: SvgEl[];
}

function svgParts(svg: string): { nodes: SvgEl[]; edges: SvgEl[] } {
  const root = (xml.parse(svg) as { svg: SvgEl }).svg;
  const groups = root.g ?? [];
  return {
    nodes: groups.filter((g) => g.id?.startsWith('fl-') && g['data-kind'] !== undefined),
    edges: (root.path ?? []).filter((p) => p['data-kind'] !== undefined),
  };
}

describe.each(plans)('%s', (_name, plan) => {
  const want = expected(plan);

  it('SVG is well-formed XML with a node per role and cluster and an edge per hop', () => {
    const svg = renderSvg(plan);
    expect(XMLValidator.validate(svg)).toBe(true);
    const { nodes, edges } = svgParts(svg);
    const kinds = (k: string) => nodes.filter((n) => n['data-kind'] === k);
    const roleNodes = nodes.filter((n) => n['data-kind']?.endsWith('-role'));
    expect(roleNodes.map((n) => n['data-key']).sort()).toEqual(
      [...new Set(roleNodes.map((n) => n['data-key']))].sort(),
    );
    expect(roleNodes).toHaveLength(want.roles);
    expect(kinds('cluster')).toHaveLength(want.clusters);
    expect(kinds('component')).toHaveLength(want.components);
    expect(kinds('identity')).toHaveLength(want.identities);
    expect(edges).toHaveLength(want.edges);
    expect(edges.filter((e) => e['data-kind'] === 'access-entry')).toHaveLength(want.accessEntries);
    // Every edge joins two drawn nodes.
    const ids = new Set(nodes.map((n) => n.id!.slice(3)));
    for (const e of edges) {
      expect(ids.has(e['data-from']!)).toBe(true);
      expect(ids.has(e['data-to']!)).toBe(true);
    }
  });

  it('SVG is deterministic and self-contained', () => {
    const svg = renderSvg(plan);
    expect(renderSvg(plan)).toBe(svg);
    expect(svg).not.toMatch(/<script|<image|<foreignObject|href=|@import|url\((?!#fl-)/i);
  });

  it('Mermaid is a flowchart with a subgraph per account and no syntax hazards', () => {
    const text = renderMermaid(plan);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('flowchart LR');
    const accounts = new Set(buildGraph(plan).nodes.map((n) => n.account));
    expect(lines.filter((l) => /^ {2}subgraph acct\d+\["/.test(l))).toHaveLength(accounts.size);
    for (const line of lines.slice(1)) {
      // Every statement is one of the shapes we emit; labels are one quoted string without inner quotes.
      expect(line).toMatch(
        /^ *(subgraph [a-z0-9]+\["[^"]*"\]|end|[a-z0-9]+(\[|\(\[|\[\[|\()"[^"]*"(\]|\]\)|\]\]|\)):::[a-z]+|[a-z0-9]+ (-->|-\.->)\|"[^"]*"\| [a-z0-9]+|classDef [a-z]+ [a-z0-9:#,]+)$/,
      );
      // Brackets, braces, pipes, backticks, `<` other than our <br/> never appear inside labels.
      for (const label of line.match(/"[^"]*"/g) ?? [])
        expect(label.replaceAll('<br/>', '').replace(/#\d+;/g, '')).not.toMatch(/[[\]{}|`<>;#]/);
    }
    const subgraphs = lines.filter((l) => /^\s*subgraph /.test(l)).length;
    expect(lines.filter((l) => l.trim() === 'end')).toHaveLength(subgraphs);
  });
});

describe('Mermaid', () => {
  it('draws every node and hop for a small fleet', () => {
    const plan = samplePlan();
    const text = renderMermaid(plan);
    const want = expected(plan);
    expect(text.match(/^ +[a-z0-9]+ (-->|-\.->)\|/gm)).toHaveLength(want.edges);
    for (const c of plan.clusters) expect(text).toContain(`"${mermaidText(c.name)}<br/>`);
    for (const r of plan.roles) expect(text).toContain(`"${mermaidText(r.name)}<br/>`);
    expect(text).toContain('sts:AssumeRoleWithWebIdentity');
    expect(text).toContain('access entry: edit · ns apps, web');
  });

  it('folds each account into counts above the limit, and can be told not to', () => {
    const plan = buildPlan(manySpokes(120));
    const folded = renderMermaid(plan);
    expect(folded).toContain('"20 deployer roles<br/>');
    expect(folded).toContain('"20 clusters<br/>');
    expect(folded).not.toContain('spoke-0050<br/>');
    expect(folded.split('\n').length).toBeLessThan(60);
    const full = renderMermaid(plan, { collapseAbove: Number.POSITIVE_INFINITY });
    expect(full).toContain('"spoke-0050<br/>');
  });

  it('turns hostile label text into entity codes', () => {
    const plan = buildPlan([
      { name: 'x"]--> evil[<b>pwn</b>]; click x call alert(1) `md`', account: '222222222222' },
    ]);
    const text = renderMermaid(plan);
    expect(text).not.toContain('<b>');
    expect(text).not.toContain('"]-->');
    expect(text).toContain('x#34;#93;--#62; evil#91;#60;b#62;pwn');
    expect(text).not.toMatch(/^\s*click /m);
  });
});

describe('SVG escaping', () => {
  it('escapes hostile text and keeps the document valid', () => {
    const plan = buildPlan([{ name: '<script>alert(1)</script>&"\'\u0001', account: '222222222222' }]);
    const svg = renderSvg(plan);
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;');
  });
});

describe('graph', () => {
  it('eks-capability: the capability role reaches the clusters directly', () => {
    const g = buildGraph(samplePlan('eks-capability'));
    const cap = g.nodes.find((n) => n.kind === 'capability-role')!;
    expect(g.nodes.filter((n) => n.kind === 'deployer-role')).toHaveLength(0);
    const entries = g.edges.filter((e) => e.kind === 'access-entry');
    expect(entries).toHaveLength(3);
    expect(entries.every((e) => e.from === cap.id)).toBe(true);
    expect(g.nodes.find((n) => n.kind === 'identity')?.key).toBe('capabilities.eks.amazonaws.com');
  });

  it('groups nodes by account, hub account first', () => {
    const g = buildGraph(samplePlan());
    expect(g.accounts.map((a) => a.account)).toEqual(['111111111111', '222222222222', '333333333333']);
    const spoke = g.accounts[1]!;
    expect(spoke.nodes.map((id) => g.nodes.find((n) => n.id === id)!.label)).toEqual([
      'argocd-deployer-prod-eu',
      'argocd-deployer-prod-us',
      'prod-eu',
      'prod-us',
    ]);
  });

  it('shows access policy short names, scopes and groups on clusters', () => {
    const g = buildGraph(samplePlan());
    const details = (name: string) => g.nodes.find((n) => n.kind === 'cluster' && n.key === name)!.details;
    expect(details('prod-eu')).toContain('cluster-admin · cluster-wide');
    expect(details('prod-us')).toContain('edit · ns apps, web');
    expect(details('staging')).toContain('groups: argocd-deployers');
  });
});
