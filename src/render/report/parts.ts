/**
 * Pieces shared by the full report page (report.ts) and the summary page of large fleets
 * (summary.ts): cluster index rows, the filter text of a row, cell wording, section markup.
 */
import { type Finding, LINK_ORDER, type Link } from '../../findings.js';
import type { Cell } from '../../prove/types.js';
import { escapeXml as esc } from '../diagram/escape.js';
import { cmp, policyShortName } from '../diagram/graph.js';

export const LINK_TITLES: Record<string, string> = {
  identity: 'identity (IRSA / Pod Identity)',
  manager: 'management role',
  deployer: 'deployer role',
  token: 'EKS token',
  access: 'access entry',
  network: 'network',
  argocd: 'Argo CD',
  fleet: 'fleet file',
};

export interface ClusterInfo {
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly clusterName: string;
  /** Argo CD cluster Secret labels (`env=prod`), searchable in the filter. */
  readonly labels?: Readonly<Record<string, string>>;
}

/** The text the filter box matches a cluster row against. */
export function rowQuery(c: ClusterInfo | undefined, name = c?.name ?? ''): string {
  const labels = Object.entries(c?.labels ?? {}).map(([k, v]) => `${k}=${v}`);
  return [name, c?.account, c?.region, c?.clusterName, ...labels].filter(Boolean).join(' ').toLowerCase();
}

export function byAccount(clusters: Iterable<ClusterInfo>, hubAccount: string): [string, ClusterInfo[]][] {
  const groups = new Map<string, ClusterInfo[]>();
  for (const c of clusters) {
    const list = groups.get(c.account);
    if (list) list.push(c);
    else groups.set(c.account, [c]);
  }
  for (const list of groups.values()) list.sort((x, y) => cmp(x.name, y.name));
  return [...groups.entries()].sort(([x], [y]) => (x === hubAccount ? -1 : y === hubAccount ? 1 : cmp(x, y)));
}

export function section(id: string, title: string, hint: string, body: string, open = true): string {
  return (
    `<details class="section" id="${id}"${open ? ' open' : ''}><summary><h2>${esc(title)}</h2>` +
    `<span class="hint">${hint}</span></summary><div class="body">${body}</div></details>`
  );
}

export function legend(items: readonly [string, string][]): string {
  return `<div class="legend">${items.map(([color, text]) => `<span><i style="background:${color}"></i>${esc(text)}</span>`).join('')}</div>`;
}

export function roleName(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

export function accessShort(cell: Cell): string {
  const a = cell.access;
  if (!a) return 'reaches';
  const parts = a.policies.map((p) => {
    const ns = p.accessScope.namespaces ?? [];
    return p.accessScope.type === 'cluster'
      ? policyShortName(p.policyArn)
      : `${policyShortName(p.policyArn)} · ${ns.length === 1 ? ns[0] : `${ns.length} ns`}`;
  });
  if (a.groups.length > 0)
    parts.push(a.groups.length === 1 ? `group ${a.groups[0]}` : `${a.groups.length} groups`);
  return parts.join(', ') || 'authenticates only';
}

/** Error and warning counts of the findings about each cluster (findings name it as their subject). */
export function findingsByCluster(
  findings: readonly Finding[],
): Map<string, { error: number; warning: number }> {
  const out = new Map<string, { error: number; warning: number }>();
  for (const f of findings) {
    if (f.severity === 'info') continue;
    const n = out.get(f.subject) ?? { error: 0, warning: 0 };
    n[f.severity]++;
    out.set(f.subject, n);
  }
  return out;
}

export function rank(link: string): number {
  const i = LINK_ORDER.indexOf(link as Link);
  return i < 0 ? LINK_ORDER.length : i;
}
