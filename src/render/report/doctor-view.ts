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
  return { clusters, findings };
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
