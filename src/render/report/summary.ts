/**
 * The report of a large fleet (more than SUMMARY_ABOVE clusters): one row per account, accounts
 * with problems first, and one row per group of findings (link, id, severity). The cluster rows
 * and the single findings are not HTML: they travel as ONE compact JSON data island
 * (`<script type="application/json">`, never executed) from which the page's script builds the
 * rows of an account when it is opened or the filter narrows to it. So a 20,000-spoke report is
 * a few MB and the browser lays out a thousand rows instead of half a million cells.
 *
 * Honesty: the problem flag of a cluster is computed once, here, from the same matrix cells and
 * findings as the full page (a red or orange cell, or an error finding about it, is a problem; a
 * warning finding alone is a warning); the account counts, the ordering and the flags in the data
 * all read that one array.
 */
import type { Finding } from '../../findings.js';
import type { AccessEntryPlan, AccessPlan } from '../../plan/types.js';
import type { Cell, ProveResult } from '../../prove/types.js';
import { escapeXml as esc } from '../diagram/escape.js';
import { accessSummary, cmp } from '../diagram/graph.js';
import {
  accessShort,
  type ClusterInfo,
  findingsByCluster,
  LINK_TITLES,
  legend,
  rank,
  roleName,
  rowQuery,
  section,
} from './parts.js';

/** Above this many clusters the report summarises (the full page stays fast up to here). */
export const SUMMARY_ABOVE = 1000;

/** Problem level of a cluster row: 2 problem, 1 warning only, 0 fine. */
type Level = 0 | 1 | 2;

/**
 * One character per witness cell (columns in page order): the four states of the full page's
 * legend, `?` for a cell prove did not produce. The page's script reads the same letters.
 */
const CELL = { ok: 'o', leak: 'x', blocked: 'b', none: '-', missing: '?' } as const;

/** Interned strings: texts repeat across thousands of clusters (access, blocks, fixes). */
class Strings {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  id(text: string): number {
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(text);
      this.index.set(text, i);
    }
    return i;
  }
}

/**
 * The data island, one compact shape (positional arrays, string table `s`):
 * - `w`: witness columns `[label, kind, intended 0|1, id]`, the `ni` intended ones first;
 * - `a`: accounts in page order `[account, first cluster index, cluster count]`;
 * - `c`: clusters, grouped by account in page order, problems first within an account:
 *   `[name, sub, filter text, level, badge, access (s), intended path (s or -1), cells, details]`,
 *   where `details` holds, in column order, one `s` index per `x` cell (what it reaches) and two per
 *   `b` cell (the hop, then the hop with the evaluator's reason);
 * - `g`: finding groups `[link, id, severity, count]`; `f`: findings in group order
 *   `[group, subject, message, fix (s or -1), evidence (s indexes)]`.
 */
interface Island {
  readonly s: string[];
  readonly w: [string, string, 0 | 1, string][];
  readonly ni: number;
  readonly a: [string, number, number][];
  readonly c: [string, string, string, Level, string, number, number, string, number[]][];
  readonly g: [string, string, string, number][];
  readonly f: [number, string, string, number, number[]][];
}

export interface SummaryInput {
  readonly plan: AccessPlan;
  readonly prove: ProveResult;
  readonly clusters: ReadonlyMap<string, ClusterInfo>;
  readonly findings: readonly Finding[];
}

export interface SummaryPage {
  /** The sections of <main> after the cards. */
  readonly html: string;
  /** The data island, already safe to place between `<script type="application/json">` tags. */
  readonly data: string;
}

/**
 * JSON that cannot end its <script> element early or start a comment-like state: `<`, `>` and
 * `&` as \u escapes (JSON allows them only inside strings, where the escape means the same), and
 * U+2028/U+2029 too so the text stays valid JavaScript for anyone who evaluates it.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export function renderSummary(input: SummaryInput): SummaryPage {
  const { plan, prove, clusters, findings } = input;
  const strings = new Strings();
  const insiders = prove.matrix.witnesses.filter((w) => w.intended);
  const outsiders = prove.matrix.witnesses.filter((w) => !w.intended);
  const witnesses = [...insiders, ...outsiders];
  const names = [...clusters.keys()];
  const row = new Map(names.map((n, i) => [n, i]));
  const col = new Map(witnesses.map((w, j) => [w.id, j]));
  // One flat array instead of a Map keyed by "witness/cluster" strings: at 20,000 clusters and
  // 27 witnesses that is 540,000 keys the full page builds and this page does not.
  const grid: (Cell | undefined)[] = new Array(names.length * witnesses.length);
  for (const cell of prove.matrix.cells) {
    const i = row.get(cell.cluster);
    const j = col.get(cell.witness);
    if (i !== undefined && j !== undefined) grid[i * witnesses.length + j] = cell;
  }
  const entries = new Map<string, AccessEntryPlan[]>();
  for (const e of plan.accessEntries) {
    const list = entries.get(e.cluster);
    if (list) list.push(e);
    else entries.set(e.cluster, [e]);
  }
  const perCluster = findingsByCluster(findings);
  const levels: Level[] = names.map((name, i) => {
    const counts = perCluster.get(name);
    let problem = (counts?.error ?? 0) > 0;
    for (let j = 0; j < witnesses.length && !problem; j++) {
      const cell = grid[i * witnesses.length + j];
      if (cell !== undefined && cell.reachable !== cell.intended) problem = true;
    }
    return problem ? 2 : counts ? 1 : 0;
  });

  // Accounts: most clusters with problems first, then most with warnings, the hub, the id.
  const groups = new Map<string, number[]>();
  names.forEach((name, i) => {
    const account = clusters.get(name)!.account;
    const list = groups.get(account);
    if (list) list.push(i);
    else groups.set(account, [i]);
  });
  const tally = (list: readonly number[], level: Level) => list.filter((i) => levels[i] === level).length;
  const accounts = [...groups.entries()].map(([account, list]) => ({
    account,
    list: list.sort((x, y) => levels[y]! - levels[x]! || cmp(names[x]!, names[y]!)),
    problems: tally(list, 2),
    warnings: tally(list, 1),
    leaks: 0,
    blocked: 0,
  }));
  for (const a of accounts)
    for (const i of a.list)
      for (let j = 0; j < witnesses.length; j++) {
        const cell = grid[i * witnesses.length + j];
        if (cell?.reachable && !cell.intended) a.leaks++;
        if (cell && !cell.reachable && cell.intended) a.blocked++;
      }
  const hub = plan.hub.account;
  accounts.sort(
    (x, y) =>
      y.problems - x.problems ||
      y.warnings - x.warnings ||
      (x.account === hub ? -1 : y.account === hub ? 1 : cmp(x.account, y.account)),
  );

  const island: Island = {
    s: strings.list,
    w: witnesses.map((w) => [w.label, w.kind, w.intended ? 1 : 0, w.id]),
    ni: insiders.length,
    a: [],
    c: [],
    g: [],
    f: [],
  };
  for (const a of accounts) {
    island.a.push([a.account, island.c.length, a.list.length]);
    for (const i of a.list) island.c.push(clusterRow(i));
  }

  function clusterRow(i: number): Island['c'][number] {
    const name = names[i]!;
    const c = clusters.get(name)!;
    const sub = [c.clusterName === c.name ? '' : c.clusterName, c.region].filter(Boolean).join(' · ');
    const counts = perCluster.get(name);
    const badge = counts
      ? [
          ...(counts.error > 0 ? [`${counts.error} error${counts.error === 1 ? '' : 's'}`] : []),
          ...(counts.warning > 0 ? [`${counts.warning} warning${counts.warning === 1 ? '' : 's'}`] : []),
        ].join(', ')
      : '';
    const list = entries.get(name);
    const access = (list ? list.flatMap((e) => accessSummary(e)) : ['no access entry']).join('\n');
    let letters = '';
    let via: readonly string[] | undefined;
    const details: number[] = [];
    for (let j = 0; j < witnesses.length; j++) {
      const cell = grid[i * witnesses.length + j];
      if (!cell) letters += CELL.missing;
      else if (cell.reachable && cell.intended) {
        letters += CELL.ok;
        if (!via && cell.via.length > 0) via = cell.via;
      } else if (cell.reachable) {
        letters += CELL.leak;
        details.push(strings.id(accessShort(cell)));
      } else if (cell.intended) {
        letters += CELL.blocked;
        const b = cell.blockedAt;
        details.push(strings.id(b ? `at ${b.hop}` : ''), strings.id(b ? `at ${b.hop}: ${b.reason}` : ''));
      } else letters += CELL.none;
    }
    return [
      name,
      sub,
      rowQuery(c),
      levels[i]!,
      badge,
      strings.id(access),
      via ? strings.id(`intended path: ${via.map(roleName).join(' → ')}`) : -1,
      letters,
      details,
    ];
  }

  // Findings: grouped by link (chain order), then id and severity; the sorted order is kept inside.
  const byGroup = new Map<string, { link: string; id: string; severity: string; list: Finding[] }>();
  for (const f of findings) {
    const key = `${f.link}\u0000${f.id}\u0000${f.severity}`;
    const g = byGroup.get(key);
    if (g) g.list.push(f);
    else byGroup.set(key, { link: f.link, id: f.id, severity: f.severity, list: [f] });
  }
  const sev: Record<string, number> = { error: 0, warning: 1, info: 2 };
  const findingGroups = [...byGroup.values()].sort(
    (x, y) =>
      rank(x.link) - rank(y.link) ||
      cmp(x.link, y.link) ||
      (sev[x.severity] ?? 3) - (sev[y.severity] ?? 3) ||
      cmp(x.id, y.id),
  );
  findingGroups.forEach((g, k) => {
    island.g.push([g.link, g.id, g.severity, g.list.length]);
    for (const f of g.list)
      island.f.push([
        k,
        f.subject,
        f.message,
        f.fix ? strings.id(f.fix) : -1,
        f.evidence.map((e) => strings.id(evidenceText(e))),
      ]);
  });

  const totalProblems = levels.filter((l) => l === 2).length;
  const accountsWithProblems = accounts.filter((a) => a.problems > 0).length;
  const html = [
    noticeHtml(names.length, accounts.length, totalProblems, accountsWithProblems),
    accountsHtml(accounts, hub, witnesses.length, outsiders.length),
    findingsSummaryHtml(findingGroups, findings.length, prove.holds),
  ].join('\n');
  return { html, data: scriptSafeJson(island) };
}

function evidenceText(e: Finding['evidence'][number]): string {
  const value =
    e.value === undefined ? '' : `: ${typeof e.value === 'string' ? e.value : JSON.stringify(e.value)}`;
  return `${e.source}${e.path ? ` ${e.path}` : ''}${value}`;
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/** The page says that it summarises, what it leaves out, and where the rest is. */
function noticeHtml(clusters: number, accounts: number, problems: number, problemAccounts: number): string {
  return (
    '<section class="notice" id="summary-note" aria-label="About this page">' +
    `<p><b>This page summarises.</b> The fleet has ${esc(plural(clusters, 'cluster'))} in ${esc(plural(accounts, 'account'))}, ` +
    `more than the ${SUMMARY_ABOVE.toLocaleString('en-US')} this report lists one by one, so the access matrix shows one row per account, ` +
    `accounts with problems first (${esc(plural(problems, 'cluster'))} with problems in ${esc(plural(problemAccounts, 'account'))}), and the findings one row per kind. ` +
    'Open an account or a kind of finding, or type in the filter, to list its rows: the page builds them from the data embedded in this file and loads nothing.</p>' +
    '<p>The access-chain diagram is left out at this size; <code>npx fleetlink diagram</code> draws it ' +
    '(Mermaid folds each account into one node).</p></section>'
  );
}

interface AccountRow {
  readonly account: string;
  readonly list: readonly number[];
  readonly problems: number;
  readonly warnings: number;
  readonly leaks: number;
  readonly blocked: number;
}

function accountsHtml(
  accounts: readonly AccountRow[],
  hub: string,
  witnessCount: number,
  outsiders: number,
): string {
  const head =
    '<thead><tr><th scope="col" class="rowh">account</th><th scope="col">clusters</th>' +
    '<th scope="col">with problems<span class="kind">red or orange cell, or an error finding</span></th>' +
    '<th scope="col">with warnings only</th><th scope="col">unintended reach<span class="kind">cells</span></th>' +
    '<th scope="col">intended but blocked<span class="kind">cells</span></th><th scope="col">shown</th></tr></thead>';
  const rows = accounts.map((a, k) => {
    const tone = a.problems > 0 ? ' problem' : a.warnings > 0 ? ' warn' : '';
    const num = (n: number, bad: string) => `<td class="num${n > 0 ? ` ${bad}` : ''}">${n}</td>`;
    return (
      `<tr class="acct${tone}" data-a="${k}"><td class="rowh"><button type="button" class="acct-open" aria-expanded="false" data-a="${k}">` +
      `account ${esc(a.account)}</button>${a.account === hub ? '<span class="sub">hub account</span>' : ''}</td>` +
      `<td class="num">${a.list.length}</td>${num(a.problems, 'badn')}${num(a.warnings, 'warnn')}` +
      `${num(a.leaks, 'badn')}${num(a.blocked, 'warnn')}<td class="num shown"></td></tr>`
    );
  });
  const body =
    `<div class="matrix-tools">${legend([
      ['#dafbe1', 'intended access (must exist)'],
      ['#ffebe9', 'unintended access (must not exist)'],
      ['#fff1e5', 'intended but blocked'],
      ['#ffffff', 'no access (as intended)'],
    ])}</div>` +
    `<div class="matrix-scroll"><table class="grid accounts" id="accounts">${head}<tbody>${rows.join('')}</tbody></table></div>` +
    '<p class="empty nomatch" data-for="accounts" hidden>No cluster matches the filter.</p>';
  return section(
    'sec-matrix',
    'Access matrix by account',
    esc(
      `who can reach which cluster: ${witnessCount} principals${outsiders > 0 ? ` (${outsiders} that must reach nothing, summed up per cluster)` : ''} × ${accounts.reduce((n, a) => n + a.list.length, 0)} clusters, one row per account; open one to list its clusters`,
    ),
    body,
  );
}

function findingsSummaryHtml(
  groups: readonly { link: string; id: string; severity: string; list: readonly Finding[] }[],
  total: number,
  proven: boolean,
): string {
  if (total === 0)
    return section(
      'sec-findings',
      'Findings',
      'none',
      `<p class="empty${proven ? ' good' : ''}">${proven ? 'No findings — every intended path exists and nothing else does.' : 'No findings.'}</p>`,
    );
  const links: string[] = [];
  let k = 0;
  while (k < groups.length) {
    const link = groups[k]!.link;
    const inner: string[] = [];
    let n = 0;
    for (; k < groups.length && groups[k]!.link === link; k++) {
      const g = groups[k]!;
      n += g.list.length;
      const first = g.list[0]!;
      inner.push(
        `<details class="fgroup" data-g="${k}"><summary><span class="badge ${esc(g.severity)}">${esc(g.severity)}</span>` +
          `<code>${esc(g.id)}</code><span class="n"><span class="shown">${g.list.length}</span> of ${g.list.length}</span>` +
          `<span class="example">e.g. ${esc(first.subject)}: ${esc(first.message)}</span></summary><div class="items"></div></details>`,
      );
    }
    links.push(
      `<details class="link" open data-link="${esc(link)}"><summary><b>${esc(LINK_TITLES[link] ?? link)}</b>` +
        `<span class="n">${n} finding${n === 1 ? '' : 's'}</span></summary>${inner.join('')}</details>`,
    );
  }
  return section(
    'sec-findings',
    'Findings',
    esc(`${total}, grouped by link of the chain and kind; open a kind to list its findings with their fixes`),
    `${links.join('')}<p class="empty nomatch" data-for="findings" hidden>No finding matches the filter.</p>`,
  );
}
