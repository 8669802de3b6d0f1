/**
 * AccessPlan → Mermaid `flowchart LR`, for READMEs and pull requests (GitHub, GitLab and
 * Gitea render Mermaid code blocks). One subgraph per AWS account, the hub cluster as a
 * subgraph inside the hub account.
 *
 * Safety: node ids are generated (`c0`, `r3`, `k12`), never user text. Every label is quoted
 * and every character outside a small safe set is written as a Mermaid entity code (`#35;`),
 * so plan text (user input) can never close a label, start a new statement, inject HTML or
 * Markdown. See https://mermaid.js.org/syntax/flowchart.html#entity-codes-to-escape-characters
 */
import type { AccessPlan } from '../../plan/types.js';
import {
  buildGraph,
  collapseByAccount,
  type DiagramGraph,
  type DiagramNode,
  type NodeKind,
} from './graph.js';

export interface MermaidOptions {
  /**
   * Above this many clusters each account's deployer roles and clusters fold into one node
   * each, with counts (default 50). `Infinity` never folds.
   */
  readonly collapseAbove?: number;
}

export const DEFAULT_COLLAPSE_ABOVE = 50;

/** Escape text for inside a quoted Mermaid label: keep a safe set, entity-code the rest. */
export function mermaidText(text: string): string {
  let out = '';
  for (const ch of text) out += /[\p{L}\p{N} .,:/_@+=()·…×-]/u.test(ch) ? ch : `#${ch.codePointAt(0)};`;
  return out;
}

function label(lines: readonly string[]): string {
  return `"${lines.map(mermaidText).join('<br/>')}"`;
}

const shapes: Record<NodeKind, [string, string]> = {
  component: ['[', ']'],
  identity: ['([', '])'],
  'management-role': ['[[', ']]'],
  'capability-role': ['[[', ']]'],
  'deployer-role': ['[[', ']]'],
  cluster: ['(', ')'],
};

const classOf: Record<NodeKind, string> = {
  component: 'component',
  identity: 'identity',
  'management-role': 'hubrole',
  'capability-role': 'hubrole',
  'deployer-role': 'deployer',
  cluster: 'cluster',
};

function nodeLine(n: DiagramNode, indent: string): string {
  const [open, close] = shapes[n.kind];
  return `${indent}${n.id}${open}${label([n.label, ...n.details])}${close}:::${classOf[n.kind]}`;
}

export function renderMermaid(plan: AccessPlan, options: MermaidOptions = {}): string {
  const full = buildGraph(plan);
  const limit = options.collapseAbove ?? DEFAULT_COLLAPSE_ABOVE;
  const clusters = full.nodes.filter((n) => n.kind === 'cluster').length;
  return mermaidFromGraph(clusters > limit ? collapseByAccount(full) : full);
}

export function mermaidFromGraph(graph: DiagramGraph): string {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const out: string[] = ['flowchart LR'];
  graph.accounts.forEach((group, i) => {
    const members = group.nodes.map((id) => byId.get(id)!);
    if (members.length === 0) return;
    const title = group.hub ? `hub account ${group.account}` : `spoke account ${group.account}`;
    out.push(`  subgraph acct${i}[${label([title])}]`);
    const inHubCluster = group.hub ? members.filter((n) => n.kind === 'component') : [];
    if (inHubCluster.length > 0) {
      const h = graph.hub;
      out.push(`    subgraph hubcluster[${label([`hub cluster ${h.clusterName} (${h.region})`])}]`);
      for (const n of inHubCluster) out.push(nodeLine(n, '      '));
      out.push('    end');
    }
    for (const n of members) if (!inHubCluster.includes(n)) out.push(nodeLine(n, '    '));
    out.push('  end');
  });
  for (const e of graph.edges) {
    const arrow = e.kind === 'identity-token' ? '-.->' : '-->';
    out.push(`  ${e.from} ${arrow}|${label([e.label])}| ${e.to}`);
  }
  // Colours that read on light and dark Git host themes.
  out.push(
    '  classDef component fill:#e8f1fb,stroke:#2f6db5,color:#10243e',
    '  classDef identity fill:#f3ecfb,stroke:#7a4bb7,color:#2a1745',
    '  classDef hubrole fill:#fff4e0,stroke:#c47f00,color:#3d2800',
    '  classDef deployer fill:#fff9e8,stroke:#b8860b,color:#3d2800',
    '  classDef cluster fill:#e9f7ef,stroke:#2e8b57,color:#0f2e1d',
  );
  return `${out.join('\n')}\n`;
}
