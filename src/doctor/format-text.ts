/**
 * Text rendering of a doctor result: a per-cluster chain view, then findings grouped by link,
 * each with its evidence and fix. Pure (colour is passed in).
 */
import { type Finding, LINK_ORDER, type Link } from '../findings.js';
import type { IdentityMode } from '../fleet/types.js';
import type { DoctorResult } from './report.js';

export interface Paint {
  readonly red: (s: string) => string;
  readonly green: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
}

const plain: Paint = { red: (s) => s, green: (s) => s, yellow: (s) => s, dim: (s) => s, bold: (s) => s };

const LINK_TITLE: Record<Link, string> = {
  identity: 'identity',
  manager: 'management role',
  deployer: 'deployer role',
  token: 'EKS token',
  access: 'spoke access',
  network: 'network / TLS',
  argocd: 'Argo CD config',
  fleet: 'fleet drift',
};

const PROOF_WORDS = { holds: 'holds', fails: 'does not hold', inconclusive: 'inconclusive' } as const;
/** The first link is named after how the pods get AWS identity in this fleet. */
const IDENTITY_TITLE: Record<IdentityMode, string> = {
  irsa: 'IRSA',
  'pod-identity': 'Pod Identity',
  'eks-capability': 'EKS capability',
};

export function linkTitle(link: Link, identity: IdentityMode | undefined): string {
  if (link === 'identity' && identity !== undefined) return IDENTITY_TITLE[identity];
  return LINK_TITLE[link];
}

function value(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 160 ? `${s.slice(0, 157)}…` : s;
}

function findingLines(f: Finding, p: Paint): string[] {
  const sev =
    f.severity === 'error' ? p.red('error') : f.severity === 'warning' ? p.yellow('warning') : p.dim('info');
  const lines = [`  ${sev} ${p.bold(f.id)} ${f.subject}: ${f.message}`];
  for (const e of f.evidence)
    lines.push(
      p.dim(
        `      evidence: ${e.source}${e.path ? ` ${e.path}` : ''}${e.value !== undefined ? ` = ${value(e.value)}` : ''}`,
      ),
    );
  lines.push(`      fix: ${f.fix}`);
  return lines;
}

export function formatDoctorText(result: DoctorResult, paint: Paint = plain): string {
  const p = paint;
  const out: string[] = [];
  for (const c of result.clusters) {
    const broken = c.links.some((l) => l.state === 'problem');
    const unchecked = c.links.some((l) => l.state === 'unchecked');
    const verdict = broken
      ? p.red('BROKEN')
      : c.parked
        ? p.dim('PARKED')
        : unchecked
          ? p.yellow('UNCHECKED')
          : p.green('OK');
    out.push(`${p.bold(c.name)} ${p.dim(`(${c.account} ${c.region})`)} ${verdict}`);
    for (const l of c.links) {
      const mark =
        l.state === 'ok'
          ? p.green('✓')
          : l.state === 'problem'
            ? p.red('✗')
            : l.state === 'parked'
              ? p.dim('–')
              : p.yellow('?');
      out.push(
        `  ${mark} ${linkTitle(l.link, result.identity).padEnd(16)} ${l.state === 'ok' ? p.dim(l.reason) : l.reason}`,
      );
    }
  }
  if (result.clusters.length === 0)
    out.push(p.dim('no clusters found (no fleet spokes and no cluster Secrets)'));
  const order: readonly Link[] = LINK_ORDER;
  for (const link of order) {
    const fs = result.findings.filter((f) => f.link === link);
    if (fs.length === 0) continue;
    out.push('', p.bold(`${linkTitle(link, result.identity)} (${fs.length})`));
    for (const f of fs) out.push(...findingLines(f, p));
  }
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  const warnings = result.findings.filter((f) => f.severity === 'warning').length;
  const parked = result.clusters.filter((c) => c.parked).length;
  out.push(
    '',
    `${result.clusters.length} cluster(s)${parked > 0 ? ` (${parked} parked)` : ''}, ${errors} error(s), ${warnings} warning(s)${result.proof ? `; prove on live state: ${PROOF_WORDS[result.proof.verdict]}` : ''}`,
  );
  return `${out.join('\n')}\n`;
}
