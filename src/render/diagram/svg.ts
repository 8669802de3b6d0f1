/**
 * AccessPlan → one self-contained SVG (no fonts, scripts or links), drawn with our own
 * deterministic layered layout: one column per link of the chain (see graph.ts), deployer roles
 * and clusters stacked in one band per AWS account. Every node is a `<g data-kind>` and every
 * hop a `<path data-kind>`, with the full text in a `<title>` tooltip, so tools and tests can
 * count and inspect them.
 */
import type { AccessPlan } from '../../plan/types.js';
import { escapeXml, truncate } from './escape.js';
import { buildGraph, type DiagramGraph, type DiagramNode, type EdgeKind, type NodeKind } from './graph.js';

const MARGIN = 24;
const NODE_W = 220;
const PITCH = 276; // column pitch: node width + gap for the edges
const HEADER_H = 64;
const LINE_H = 15;
const PAD = 9;
const ROW_GAP = 10;
const BAND_TITLE_H = 26;
const BAND_GAP = 18;
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

const columnTitles: readonly [string, string][] = [
  ['Argo CD in the hub', 'service accounts'],
  ['identity', ''],
  ['hub role', ''],
  ['deployer roles', 'sts:AssumeRole'],
  ['spoke clusters', 'EKS access entry'],
];

const nodeStyle: Record<NodeKind, { fill: string; stroke: string }> = {
  component: { fill: '#e8f1fb', stroke: '#2f6db5' },
  identity: { fill: '#f3ecfb', stroke: '#7a4bb7' },
  'management-role': { fill: '#fff4e0', stroke: '#c47f00' },
  'capability-role': { fill: '#fff4e0', stroke: '#c47f00' },
  'deployer-role': { fill: '#fffaeb', stroke: '#b8860b' },
  cluster: { fill: '#e9f7ef', stroke: '#2e8b57' },
};

const edgeStyle: Record<EdgeKind, { stroke: string; dash?: string }> = {
  'identity-token': { stroke: '#7a4bb7', dash: '4 3' },
  'assume-role-web-identity': { stroke: '#7a4bb7' },
  'assume-role': { stroke: '#c47f00' },
  'access-entry': { stroke: '#2e8b57' },
};

interface Box {
  readonly x: number;
  readonly y: number;
  readonly h: number;
}

interface Band {
  readonly title: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly hub: boolean;
}

export interface SvgOptions {
  /** Prefix for element ids, so several SVGs can share one HTML page (default `fl`). */
  readonly idPrefix?: string;
}

export function renderSvg(plan: AccessPlan, options: SvgOptions = {}): string {
  return svgFromGraph(buildGraph(plan), options);
}

const LABEL_CHARS = 26; // 12.5px semibold in a 200px text column
const DETAIL_CHARS = 32; // 11px regular

const wrapped = new WeakMap<DiagramNode, { labels: string[]; details: string[] }>();

function lines(n: DiagramNode): { labels: string[]; details: string[] } {
  let l = wrapped.get(n);
  if (!l) {
    l = {
      labels: wrap(n.label, LABEL_CHARS, 2),
      details: n.details.flatMap((d) => wrap(d, DETAIL_CHARS, 2)),
    };
    wrapped.set(n, l);
  }
  return l;
}

/** Detail lines wrapped to the node width (at `/`, space, `-`, `.`, `,`), at most two lines each. */
function detailLines(n: DiagramNode): string[] {
  return lines(n).details;
}

export function wrap(text: string, max: number, maxLines: number): string[] {
  const out: string[] = [];
  let rest = text;
  while ([...rest].length > max && out.length < maxLines - 1) {
    const head = [...rest].slice(0, max).join('');
    const cut = Math.max(...['/', ' ', '-', '.', ','].map((c) => head.lastIndexOf(c)));
    const at = cut >= max / 2 ? cut + 1 : head.length;
    out.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  out.push(truncate(rest, max));
  return out;
}

function labelLines(n: DiagramNode): string[] {
  return lines(n).labels;
}

function nodeHeight(n: DiagramNode): number {
  return PAD * 2 + LINE_H * (labelLines(n).length + detailLines(n).length);
}

function colX(column: number): number {
  return MARGIN + column * PITCH;
}

/** Place every node; returns boxes by node id and the account bands behind them. */
function layout(graph: DiagramGraph): { boxes: Map<string, Box>; bands: Band[]; height: number } {
  const boxes = new Map<string, Box>();
  const bands: Band[] = [];
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const targets = new Map<string, string[]>();
  for (const e of graph.edges) {
    if (e.kind !== 'access-entry') continue;
    const list = targets.get(e.from);
    if (list) list.push(e.to);
    else targets.set(e.from, [e.to]);
  }

  // Right side: one band per account holding its deployer roles and clusters, in rows.
  const top = HEADER_H;
  let y = top;
  const placed = new Set<string>();
  for (const group of graph.accounts) {
    const members = group.nodes.map((id) => byId.get(id)!);
    const roles = members.filter((n) => n.column === 3);
    const rows: { role?: DiagramNode; clusters: DiagramNode[] }[] = roles.map((role) => ({
      role,
      clusters: (targets.get(role.id) ?? []).map((id) => byId.get(id)!).filter((c) => !placed.has(c.id)),
    }));
    for (const row of rows) for (const c of row.clusters) placed.add(c.id);
    for (const c of members.filter((n) => n.column === 4 && !placed.has(n.id))) {
      rows.push({ clusters: [c] });
      placed.add(c.id);
    }
    if (rows.length === 0) continue;
    const bandTop = y;
    y += BAND_TITLE_H;
    for (const row of rows) {
      const stack =
        row.clusters.reduce((sum, c) => sum + nodeHeight(c), 0) + ROW_GAP * (row.clusters.length - 1);
      const rowH = Math.max(row.role ? nodeHeight(row.role) : 0, stack);
      let cy = y + (rowH - stack) / 2;
      for (const c of row.clusters) {
        boxes.set(c.id, { x: colX(4), y: cy, h: nodeHeight(c) });
        cy += nodeHeight(c) + ROW_GAP;
      }
      if (row.role)
        boxes.set(row.role.id, {
          x: colX(3),
          y: y + (rowH - nodeHeight(row.role)) / 2,
          h: nodeHeight(row.role),
        });
      y += rowH + ROW_GAP;
    }
    y += 4;
    bands.push({
      title: `${group.hub ? 'hub account' : 'account'} ${group.account}`,
      x: colX(3) - 12,
      y: bandTop,
      w: PITCH + NODE_W + 24,
      h: y - bandTop,
      hub: group.hub,
    });
    y += BAND_GAP;
  }
  const rightHeight = y - top;

  // Left side: the hub account band with components, identity and hub roles.
  const left = graph.nodes.filter((n) => n.column < 3);
  const columns = [0, 1, 2].map((c) => left.filter((n) => n.column === c));
  const stackH = (ns: readonly DiagramNode[]) =>
    ns.reduce((s, n) => s + nodeHeight(n), 0) + ROW_GAP * Math.max(0, ns.length - 1);
  const inner = Math.max(...columns.map(stackH), 0);
  const hubClusterPad = 34; // room for the hub cluster frame title
  const hubH = inner + hubClusterPad + BAND_TITLE_H + 16;
  // Centre the hub against a short right side; keep it at the top for long fleets.
  const hubTop =
    rightHeight > hubH && rightHeight < 900 ? top + Math.round((rightHeight - BAND_GAP - hubH) / 2) : top;
  columns.forEach((ns, c) => {
    let cy = hubTop + BAND_TITLE_H + hubClusterPad + (inner - stackH(ns)) / 2;
    for (const n of ns) {
      boxes.set(n.id, { x: colX(c), y: cy, h: nodeHeight(n) });
      cy += nodeHeight(n) + ROW_GAP;
    }
  });
  bands.push({
    title: `hub account ${graph.hub.account}`,
    x: MARGIN - 12,
    y: hubTop,
    w: 2 * PITCH + NODE_W + 24,
    h: hubH,
    hub: true,
  });
  const height = Math.max(y, hubTop + hubH + BAND_GAP) + MARGIN;
  return { boxes, bands, height: Math.ceil(height) };
}

export function svgFromGraph(graph: DiagramGraph, options: SvgOptions = {}): string {
  const p = options.idPrefix ?? 'fl';
  const { boxes, bands, height } = layout(graph);
  const width = colX(4) + NODE_W + MARGIN;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
      `font-family="${escapeXml(FONT)}" font-size="12" role="img" aria-labelledby="${p}-title" ` +
      `data-nodes="${graph.nodes.length}" data-edges="${graph.edges.length}">`,
    `<title id="${p}-title">Fleetlink access chain: hub ${escapeXml(graph.hub.clusterName)} (account ${escapeXml(graph.hub.account)}), ${graph.nodes.filter((n) => n.kind === 'cluster').length} cluster(s)</title>`,
    '<defs>',
    ...Object.entries(edgeStyle).map(
      ([kind, s]) =>
        `<marker id="${p}-arrow-${kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${s.stroke}"/></marker>`,
    ),
    '</defs>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  );
  out.push(...header(graph));
  out.push(...bands.map((b) => bandSvg(b)));
  out.push(...hubClusterFrame(graph, boxes));
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  for (const e of graph.edges) {
    const a = boxes.get(e.from);
    const b = boxes.get(e.to);
    const from = byId.get(e.from);
    const to = byId.get(e.to);
    if (!a || !b || !from || !to) continue;
    const x1 = a.x + NODE_W;
    const y1 = a.y + a.h / 2;
    const x2 = b.x - 2;
    const y2 = b.y + b.h / 2;
    const dx = Math.max(24, (x2 - x1) / 2);
    const s = edgeStyle[e.kind];
    out.push(
      `<path id="${p}-${e.id}" class="fl-edge" data-kind="${e.kind}" data-from="${from.id}" data-to="${to.id}" ` +
        `d="M${r(x1)},${r(y1)} C${r(x1 + dx)},${r(y1)} ${r(x2 - dx)},${r(y2)} ${r(x2)},${r(y2)}" fill="none" ` +
        `stroke="${s.stroke}" stroke-width="1.4"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''} ` +
        `marker-end="url(#${p}-arrow-${e.kind})"><title>${escapeXml(e.label)}</title></path>`,
    );
  }
  out.push(...bands.map(bandTitle));
  for (const n of graph.nodes) {
    const box = boxes.get(n.id);
    if (box) out.push(nodeSvg(n, box, p));
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function r(v: number): string {
  return String(Math.round(v * 10) / 10);
}

function header(graph: DiagramGraph): string[] {
  const actions: Record<string, [string, string]> = {
    irsa: ['IAM OIDC provider', 'AssumeRoleWithWebIdentity'],
    'pod-identity': ['Pod Identity agent', 'AssumeRole + TagSession'],
    'eks-capability': ['EKS Capability', 'AssumeRole (service)'],
  };
  const [idTitle, assume] = actions[graph.identity] ?? ['identity', 'AssumeRole'];
  const capability = graph.identity === 'eks-capability';
  const titles = columnTitles.map(([t, sub], i): [string, string] => {
    if (i === 1) return [idTitle, graph.identity === 'irsa' ? 'projected SA token' : ''];
    if (i === 2) return [capability ? 'capability role' : 'management role', assume];
    if (i === 0 && capability) return ['Argo CD in the hub', 'managed capability'];
    if (i === 3 && capability) return ['no deployer roles', 'the capability role is the entry'];
    return [t, sub];
  });
  return titles.map(
    ([t, sub], i) =>
      `<g class="fl-colhead"><text x="${colX(i) + NODE_W / 2}" y="24" text-anchor="middle" font-size="13" font-weight="600" fill="#1f2937">${escapeXml(t ?? '')}</text>` +
      (sub
        ? `<text x="${colX(i) + NODE_W / 2}" y="42" text-anchor="middle" font-size="11" fill="#6b7280">${escapeXml(sub)}</text>`
        : '') +
      '</g>',
  );
}

function bandFill(b: Band): string {
  return b.hub ? '#f5f8fc' : '#fafaf7';
}

function bandSvg(b: Band): string {
  return (
    `<rect class="fl-band" data-kind="account" x="${r(b.x)}" y="${r(b.y)}" width="${r(b.w)}" height="${r(b.h)}" rx="10" ` +
    `fill="${bandFill(b)}" stroke="${b.hub ? '#b9cbe3' : '#dedbd0'}"/>`
  );
}

/** Drawn after the edges, with a halo in the band's colour, so an edge never hides a title. */
function bandTitle(b: Band): string {
  return (
    `<text x="${r(b.x + 12)}" y="${r(b.y + 18)}" font-size="11" font-weight="600" fill="#4b5563" ` +
    `stroke="${bandFill(b)}" stroke-width="4" paint-order="stroke">${escapeXml(b.title)}</text>`
  );
}

function hubTitle(clusterName: string, region: string): string {
  const full = `EKS cluster ${clusterName} · ${region}`;
  return [...full].length <= 36 ? full : truncate(`EKS cluster ${clusterName}`, 36);
}

function hubClusterFrame(graph: DiagramGraph, boxes: Map<string, Box>): string[] {
  const comps = graph.nodes.filter((n) => n.kind === 'component').map((n) => boxes.get(n.id)!);
  if (comps.length === 0) return [];
  const y0 = Math.min(...comps.map((b) => b.y)) - 26;
  const y1 = Math.max(...comps.map((b) => b.y + b.h)) + 8;
  const x = colX(0) - 6;
  const h = graph.hub;
  return [
    `<g class="fl-hub" data-kind="hub-cluster"><rect x="${x}" y="${r(y0)}" width="${NODE_W + 12}" height="${r(y1 - y0)}" rx="8" fill="none" stroke="#2f6db5" stroke-dasharray="5 3"/>` +
      `<text x="${x + 8}" y="${r(y0 + 16)}" font-size="11" fill="#2f6db5">${escapeXml(hubTitle(h.clusterName, h.region))}</text></g>`,
  ];
}

function nodeSvg(n: DiagramNode, box: Box, p: string): string {
  const s = nodeStyle[n.kind];
  const rx = n.kind === 'cluster' ? 14 : n.kind === 'identity' ? 22 : 6;
  const labels = labelLines(n);
  const lines = [
    ...labels.map(
      (l, i) =>
        `<text x="${r(box.x + 10)}" y="${r(box.y + PAD + 12 + LINE_H * i)}" font-size="12.5" font-weight="600" fill="#111827">${escapeXml(l)}</text>`,
    ),
    ...detailLines(n).map(
      (d, i) =>
        `<text x="${r(box.x + 10)}" y="${r(box.y + PAD + 12 + LINE_H * (labels.length + i))}" font-size="11" fill="#374151">${escapeXml(d)}</text>`,
    ),
  ];
  return (
    `<g id="${p}-${n.id}" class="fl-node" data-kind="${n.kind}" data-account="${escapeXml(n.account)}" data-key="${escapeXml(n.key)}">` +
    `<title>${escapeXml([n.label, ...n.details, ...(n.key === n.label ? [] : [n.key])].join('\n'))}</title>` +
    `<rect x="${r(box.x)}" y="${r(box.y)}" width="${NODE_W}" height="${r(box.h)}" rx="${rx}" fill="${s.fill}" stroke="${s.stroke}" stroke-width="1.2"/>` +
    lines.join('') +
    '</g>'
  );
}
