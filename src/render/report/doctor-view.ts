/**
 * The part of `fleetlink doctor --format json` output the report reads. Doctor emits (at least)
 * this shape; unknown fields are ignored, so doctor may add more without breaking the report.
 *
 * ```json
 * { "clusters": [ { "name": "prod-eu",
 *                   "links": [ { "link": "identity", "ok": true },
 *                              { "link": "access", "ok": false, "reason": "no access entry for …" } ] } ],
 *   "findings": [ Finding, … ] }
 * ```
 * `ok: null` (or absent) means doctor could not tell — shown as "unknown", never as healthy. When
 * `state` is present (`ok` / `problem` / `unchecked`, doctor ≥ the three-state result) it decides:
 * `unchecked` is unknown whatever `ok` says.
 */
import { UserError } from '../../errors.js';
import type { Finding, Link, Severity } from '../../findings.js';
import type { ProveResult, Verdict } from '../../prove/types.js';
import { escapeXml as esc } from '../diagram/escape.js';

export interface DoctorLinkView {
  /** A chain link (`identity`, `manager`, `deployer`, `token`, `access`, `network`, `argocd`) or doctor's own name. */
  readonly link: Link | (string & {});
  /** `true` healthy, `false` broken, `null` not determined (skipped, no permission to look). */
  readonly ok: boolean | null;
  readonly reason?: string;
}

export interface DoctorClusterView {
  readonly name: string;
  readonly links: readonly DoctorLinkView[];
}

export interface DoctorResultView {
  readonly clusters: readonly DoctorClusterView[];
  readonly findings: readonly Finding[];
  /** prove on the plan doctor observed from live state (absent when doctor could not run it). */
  readonly proof?: { readonly verdict: Verdict };
}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

type Path = (string | number)[];

function fail(file: string, path: Path, expected: string): never {
  const where = path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
  throw new UserError(`${file}: ${where || '(root)'}: expected ${expected}`, { exitCode: 1 });
}

function obj(v: unknown, file: string, path: Path): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(file, path, 'an object');
  return v as Record<string, unknown>;
}

function arr(v: unknown, file: string, path: Path): unknown[] {
  if (!Array.isArray(v)) fail(file, path, 'an array');
  return v;
}

function str(v: unknown, file: string, path: Path): string {
  if (typeof v !== 'string') fail(file, path, 'a string');
  return v;
}

function optStr(v: unknown, file: string, path: Path): string | undefined {
  return v === undefined || v === null ? undefined : str(v, file, path);
}

const STATE_OK: Readonly<Record<string, boolean | null>> = {
  ok: true,
  problem: false,
  unchecked: null,
  parked: null,
};

/** Validate parsed JSON as a DoctorResultView; errors name the file and the JSON path. */
export function parseDoctorResultView(value: unknown, file = 'doctor result'): DoctorResultView {
  const root = obj(value, file, []);
  const clusters = arr(root.clusters ?? [], file, ['clusters']).map((c, i): DoctorClusterView => {
    const co = obj(c, file, ['clusters', i]);
    return {
      name: str(co.name, file, ['clusters', i, 'name']),
      links: arr(co.links ?? [], file, ['clusters', i, 'links']).map((l, j): DoctorLinkView => {
        const at: Path = ['clusters', i, 'links', j];
        const lo = obj(l, file, at);
        if (lo.ok !== undefined && lo.ok !== null && typeof lo.ok !== 'boolean')
          fail(file, [...at, 'ok'], 'true, false or null');
        const reason = optStr(lo.reason, file, [...at, 'reason']);
        const state = optStr(lo.state, file, [...at, 'state']);
        if (state !== undefined && !['ok', 'problem', 'unchecked', 'parked'].includes(state))
          fail(file, [...at, 'state'], 'ok, problem, unchecked or parked');
        const ok = state === undefined ? (typeof lo.ok === 'boolean' ? lo.ok : null) : STATE_OK[state];
        return {
          link: str(lo.link, file, [...at, 'link']),
          ok: ok ?? null,
          ...(reason === undefined ? {} : { reason }),
        };
      }),
    };
  });
  const findings = arr(root.findings ?? [], file, ['findings']).map((f, i) =>
    parseFinding(f, file, ['findings', i]),
  );
  const proof = parseProof(root.proof, file);
  return { clusters, findings, ...(proof && { proof }) };
}

const VERDICTS: readonly Verdict[] = ['holds', 'fails', 'inconclusive'];

/** `proof.verdict`, or the first JSON shape's `proof.holds`. */
function parseProof(v: unknown, file: string): DoctorResultView['proof'] {
  if (v === undefined || v === null) return undefined;
  const o = obj(v, file, ['proof']);
  if (o.verdict !== undefined) {
    const verdict = str(o.verdict, file, ['proof', 'verdict']);
    if (!(VERDICTS as readonly string[]).includes(verdict))
      fail(file, ['proof', 'verdict'], 'holds, fails or inconclusive');
    return { verdict: verdict as Verdict };
  }
  if (typeof o.holds === 'boolean') return { verdict: o.holds ? 'holds' : 'fails' };
  return undefined;
}

/** One place where the offline proof of the fleet and the live state doctor saw disagree. */
export interface Disagreement {
  /** The cluster, or undefined for the verdict of the whole proof. */
  readonly cluster?: string;
  /** What the offline proof (the fleet's plan) says. */
  readonly offline: string;
  /** What the live state says. */
  readonly live: string;
}

/** What the offline proof says about one cluster's intended paths. */
function offlineState(prove: ProveResult, cluster: string): { reaches: boolean; why?: string } | undefined {
  const cells = prove.matrix.cells.filter((c) => c.cluster === cluster && c.intended);
  if (cells.length === 0) return undefined;
  const blocked = cells.find((c) => !c.reachable);
  if (!blocked) return { reaches: true };
  if (blocked.undetermined) return undefined; // neither side can be claimed offline
  const at = blocked.blockedAt;
  return {
    reaches: false,
    why: at ? `${blocked.witness} is blocked at ${at.hop}: ${at.reason}` : blocked.witness,
  };
}

/**
 * Where the offline proof and the live state disagree, per cluster (the intended identities reach
 * it offline but a link is broken live, or the reverse), clusters only one side knows, and the two
 * proofs' verdicts. Unchecked live links disagree with nothing: not seen is not seen as good.
 */
export function proofDisagreements(prove: ProveResult, doctor: DoctorResultView): Disagreement[] {
  const out: Disagreement[] = [];
  const live = doctor.proof?.verdict;
  if (live !== undefined && live !== prove.verdict)
    out.push({
      offline: `the proof of the fleet file ${VERDICT_TEXT[prove.verdict]}`,
      live: `the proof of the live state (the plan doctor observed) ${VERDICT_TEXT[live]}`,
    });
  const seen = new Set(doctor.clusters.map((c) => c.name));
  for (const c of [...doctor.clusters].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const offline = offlineState(prove, c.name);
    const broken = c.links.find((l) => l.ok === false);
    if (!prove.matrix.clusters.includes(c.name)) {
      out.push({
        cluster: c.name,
        offline: 'the fleet does not plan this cluster',
        live: 'doctor found it registered in Argo CD',
      });
      continue;
    }
    if (!offline) continue;
    if (offline.reaches && broken)
      out.push({
        cluster: c.name,
        offline: 'the intended identities reach it',
        live: `the ${broken.link} link is broken${broken.reason ? `: ${broken.reason}` : ''}`,
      });
    else if (!offline.reaches && c.links.length > 0 && c.links.every((l) => l.ok === true))
      out.push({
        cluster: c.name,
        offline: `it is not reached (${offline.why})`,
        live: 'doctor saw every link healthy',
      });
  }
  if (doctor.clusters.length > 0)
    for (const name of prove.matrix.clusters)
      if (!seen.has(name))
        out.push({
          cluster: name,
          offline: 'the fleet plans this cluster',
          live: 'doctor found no such cluster',
        });
  return out;
}

const VERDICT_TEXT: Readonly<Record<Verdict, string>> = {
  holds: 'holds',
  fails: 'fails',
  inconclusive: 'is inconclusive',
};

/** The report section: empty when there is nothing to say, a plain list otherwise. */
export function disagreementsHtml(prove: ProveResult, doctor: DoctorResultView): string {
  const rows = proofDisagreements(prove, doctor);
  const hint =
    rows.length === 0
      ? 'the offline proof and the live state agree'
      : `${rows.length} place${rows.length === 1 ? '' : 's'} where they disagree`;
  const body =
    rows.length === 0
      ? '<p class="empty">Where both were checked, the offline proof and the live state agree.</p>'
      : `<ul class="disagree">${rows
          .map(
            (d) =>
              `<li data-q="${esc((d.cluster ?? '').toLowerCase())}">${d.cluster ? `<b>${esc(d.cluster)}</b>: ` : ''}` +
              `offline, ${esc(d.offline)}; live, ${esc(d.live)}.</li>`,
          )
          .join('')}</ul>`;
  return (
    `<details class="section" id="sec-disagree" open><summary><h2>Offline proof vs live state</h2>` +
    `<span class="hint">${esc(hint)}</span></summary><div class="body">${body}</div></details>`
  );
}

function parseFinding(v: unknown, file: string, path: Path): Finding {
  const o = obj(v, file, path);
  const severity = str(o.severity, file, [...path, 'severity']);
  if (!(SEVERITIES as readonly string[]).includes(severity))
    fail(file, [...path, 'severity'], 'error, warning or info');
  const evidence = arr(o.evidence ?? [], file, [...path, 'evidence']).map((e, i) => {
    const eo = obj(e, file, [...path, 'evidence', i]);
    const p = optStr(eo.path, file, [...path, 'evidence', i, 'path']);
    return {
      source: str(eo.source, file, [...path, 'evidence', i, 'source']),
      ...(p === undefined ? {} : { path: p }),
      ...(eo.value === undefined ? {} : { value: eo.value }),
    };
  });
  return {
    id: str(o.id, file, [...path, 'id']),
    severity: severity as Severity,
    link: str(o.link, file, [...path, 'link']) as Link,
    subject: str(o.subject ?? '', file, [...path, 'subject']),
    message: str(o.message, file, [...path, 'message']),
    evidence,
    fix: str(o.fix ?? '', file, [...path, 'fix']),
  };
}
