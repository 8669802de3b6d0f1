/**
 * Text rendering of a ProveResult: the verdict, the access matrix as a table (rows principals,
 * columns clusters), the anomalies, then the findings grouped by link, each with its fix.
 * Wide fleets (more than 12 clusters) get per-witness counts instead of a table.
 */
import { type Finding, LINK_ORDER, type Link } from '../findings.js';
import type { ProjectAccess } from './project-layer.js';
import type { AccessMatrix, Cell, InconclusiveCause, ProveResult } from './types.js';

export const WIDE_MATRIX = 12;
const MAX_ANOMALIES = 40;
const LINK_TITLE: Readonly<Record<Link, string>> = {
  identity: 'identity (service account → management role)',
  manager: 'management role',
  deployer: 'deployer role',
  token: 'EKS token',
  access: 'access entry on the spoke',
  network: 'network / TLS',
  argocd: 'Argo CD configuration',
  fleet: 'fleet / IAM limits',
};

export const SYMBOL = { reach: '✓', leak: '✗', missing: '!', none: '·', unknown: '?' } as const;

export function cellSymbol(cell: Cell): string {
  if (cell.undetermined) return SYMBOL.unknown;
  if (cell.reachable) return cell.intended ? SYMBOL.reach : SYMBOL.leak;
  return cell.intended ? SYMBOL.missing : SYMBOL.none;
}

/** One line per cause of an inconclusive verdict. */
export function causeLine(c: InconclusiveCause): string {
  if (c.kind === 'unknown-until-apply')
    return `${c.source}.${c.attribute} known only after apply${c.references.length > 0 ? ` (from ${c.references.slice(0, 2).join(', ')})` : ''}: ${c.affects} undetermined`;
  if (c.kind === 'policy-not-evaluated')
    return `${c.subject}: ${c.policies.join(', ')} not in the plan (attached by ARN only)`;
  const more = c.hops.length > 2 ? ` and ${c.hops.length - 2} more` : '';
  return `condition key ${c.key} not supplied, tested on ${c.hops.slice(0, 2).join('; ')}${more}`;
}

export function formatText(result: ProveResult): string {
  const out: string[] = [];
  const { matrix } = result;
  const leaks = matrix.cells.filter((c) => c.reachable && !c.intended);
  const missing = matrix.cells.filter((c) => !c.reachable && c.intended && !c.undetermined);
  const undetermined = matrix.cells.filter((c) => c.undetermined);
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  const warnings = result.findings.filter((f) => f.severity === 'warning').length;
  const tally = `${leaks.length} unintended reach${leaks.length === 1 ? '' : 'es'}, ${missing.length} intended path${missing.length === 1 ? '' : 's'} blocked, ${errors} error finding${errors === 1 ? '' : 's'}`;
  out.push(
    result.verdict === 'holds'
      ? `PROOF HOLDS: exactly the intended identities reach exactly the intended clusters (${matrix.witnesses.length} principals × ${matrix.clusters.length} clusters).`
      : result.verdict === 'inconclusive'
        ? `PROOF INCONCLUSIVE: ${result.causes.length} thing${result.causes.length === 1 ? '' : 's'} could not be evaluated; on what could be: ${tally}.`
        : `PROOF FAILS: ${tally}.`,
  );
  if (result.causes.length > 0) {
    out.push('');
    out.push('Not evaluated:');
    for (const c of result.causes) out.push(`  ${causeLine(c)}`);
  }
  out.push('');
  out.push(matrix.clusters.length > WIDE_MATRIX ? summaryTable(matrix) : matrixTable(matrix));
  out.push('');
  out.push(
    `Legend: ${SYMBOL.reach} intended reach   ${SYMBOL.leak} leak (reaches, not intended)   ${SYMBOL.missing} intended but blocked   ${SYMBOL.none} no access${undetermined.length > 0 ? `   ${SYMBOL.unknown} undetermined (known after apply)` : ''}`,
  );
  if (result.projects && result.projects.length > 0) out.push('', ...projectTable(result.projects));
  const anomalies = [...leaks, ...missing];
  if (anomalies.length > 0) {
    out.push('');
    out.push('Anomalies:');
    for (const cell of anomalies.slice(0, MAX_ANOMALIES)) out.push(`  ${anomalyLine(cell)}`);
    if (anomalies.length > MAX_ANOMALIES)
      out.push(`  … and ${anomalies.length - MAX_ANOMALIES} more (use --format json)`);
  }
  out.push('');
  out.push(
    result.findings.length === 0
      ? 'No findings.'
      : `Findings: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${result.findings.length - errors - warnings} info`,
  );
  for (const link of LINK_ORDER) {
    const group = result.findings.filter((f) => f.link === link);
    if (group.length === 0) continue;
    out.push('');
    out.push(`[${LINK_TITLE[link]}]`);
    for (const f of group) out.push(...findingLines(f));
  }
  return `${out.join('\n')}\n`;
}

const MAX_PROJECT_ROWS = 40;

/** The Argo CD layer: project × cluster → namespaces Argo CD permits, the access entry allows, both. */
function projectTable(rows: readonly ProjectAccess[]): string[] {
  const list = (xs: readonly string[] | null, none: string) =>
    xs === null ? none : xs.includes('*') ? 'all' : xs.length === 0 ? 'none' : xs.join(', ');
  const table = rows
    .slice(0, MAX_PROJECT_ROWS)
    .map((r) => [
      r.project,
      r.cluster,
      `${list(r.argocd, '')}${r.scopedCluster ? ' (scoped cluster)' : ''}`,
      list(r.access, 'groups only (RBAC)'),
      list(r.effective, 'RBAC decides'),
    ]);
  const head = ['project', 'cluster', 'Argo CD permits', 'access entry allows', 'both'];
  const widths = head.map((h, i) =>
    Math.min(40, Math.max(h.length, ...table.map((t) => (t[i] ?? '').length))),
  );
  const line = (cells: readonly string[]) =>
    `  ${cells.map((c, i) => pad(truncate(c, widths[i] as number), widths[i] as number)).join('  ')}`.trimEnd();
  const out = [
    'Argo CD projects (namespaces a project may deploy to, composed with the access entry):',
    line(head),
  ];
  for (const t of table) out.push(line(t));
  if (rows.length > MAX_PROJECT_ROWS)
    out.push(`  … and ${rows.length - MAX_PROJECT_ROWS} more (use --format json)`);
  return out;
}

function anomalyLine(cell: Cell): string {
  if (cell.reachable) {
    const policies =
      cell.access?.policies.map((p) => p.policyArn.slice(p.policyArn.lastIndexOf('/') + 1)) ?? [];
    return `${SYMBOL.leak} ${cell.witness} reaches ${cell.cluster} via ${cell.via.join(' → ') || 'its own identity'}${policies.length ? ` (${policies.join(', ')})` : ''}`;
  }
  return `${SYMBOL.missing} ${cell.witness} cannot reach ${cell.cluster}: blocked at ${cell.blockedAt?.hop ?? '?'}: ${cell.blockedAt?.reason ?? ''}`;
}

function findingLines(f: Finding): string[] {
  const lines = [`  ${f.severity.toUpperCase()} ${f.id} ${f.subject}`, `    ${f.message}`];
  for (const e of f.evidence.slice(0, 3)) {
    const value = e.value === undefined ? '' : ` = ${truncate(JSON.stringify(e.value), 160)}`;
    lines.push(`    evidence: ${e.source}${e.path ? ` ${e.path}` : ''}${value}`);
  }
  lines.push(`    fix: ${f.fix}`);
  return lines;
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function center(s: string, n: number): string {
  const left = Math.floor((n - 1) / 2);
  return pad(' '.repeat(left) + s, n);
}

function rowLabel(matrix: AccessMatrix, id: string): string {
  const w = matrix.witnesses.find((x) => x.id === id);
  return w?.intended ? `${id} *` : id;
}

function matrixTable(matrix: AccessMatrix): string {
  const cols = matrix.clusters.map((c) => truncate(c, 18));
  const widths = cols.map((c) => Math.max(3, c.length));
  const labels = matrix.witnesses.map((w) => rowLabel(matrix, w.id));
  const first = Math.max('principal (* = intended)'.length, ...labels.map((l) => l.length));
  const byKey = new Map(matrix.cells.map((c) => [`${c.witness}\u0000${c.cluster}`, c]));
  const lines = [
    `${pad('principal (* = intended)', first)}  ${cols.map((c, i) => pad(c, widths[i]!)).join('  ')}`,
  ];
  lines.push(`${'-'.repeat(first)}  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  matrix.witnesses.forEach((w, r) => {
    const cells = matrix.clusters.map((cluster, i) => {
      const cell = byKey.get(`${w.id}\u0000${cluster}`);
      return center(cell ? cellSymbol(cell) : ' ', widths[i]!);
    });
    lines.push(`${pad(labels[r]!, first)}  ${cells.join('  ')}`.trimEnd());
  });
  return lines.join('\n');
}

/** Wide fleets: one line per witness with counts. */
function summaryTable(matrix: AccessMatrix): string {
  const stats = new Map<
    string,
    { reach: number; leak: number; missing: number; intended: number; unknown: number }
  >();
  for (const w of matrix.witnesses)
    stats.set(w.id, { reach: 0, leak: 0, missing: 0, intended: 0, unknown: 0 });
  const anyUnknown = matrix.cells.some((c) => c.undetermined);
  for (const c of matrix.cells) {
    const s = stats.get(c.witness);
    if (!s) continue;
    if (c.intended) s.intended++;
    if (c.undetermined) {
      s.unknown++;
      continue;
    }
    if (c.reachable && c.intended) s.reach++;
    if (c.reachable && !c.intended) s.leak++;
    if (!c.reachable && c.intended) s.missing++;
  }
  const labels = matrix.witnesses.map((w) => rowLabel(matrix, w.id));
  const first = Math.max('principal (* = intended)'.length, ...labels.map((l) => l.length));
  const lines = [
    `${matrix.clusters.length} clusters: per-principal counts`,
    `${pad('principal (* = intended)', first)}  ${pad(`${SYMBOL.reach} reach`, 9)}  ${pad(`${SYMBOL.leak} leak`, 8)}  ${pad(`${SYMBOL.missing} blocked`, 10)}${anyUnknown ? `  ${SYMBOL.unknown} unknown` : ''}`,
  ];
  matrix.witnesses.forEach((w, i) => {
    const s = stats.get(w.id)!;
    lines.push(
      `${pad(labels[i]!, first)}  ${pad(`${s.reach}/${s.intended}`, 9)}  ${pad(String(s.leak), 8)}  ${pad(String(s.missing), 10)}${anyUnknown ? `  ${s.unknown}` : ''}`.trimEnd(),
    );
  });
  return lines.join('\n');
}
