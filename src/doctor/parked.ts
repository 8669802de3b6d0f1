/**
 * Parked spokes (staged onboarding): a cluster Secret with `argocd.argoproj.io/skip-reconcile:
 * "true"` (Argo CD ≥ 3.4.0, argo-cd#26442) is managed by no controller replica, so Argo CD makes
 * no connection to it: no token, no AssumeRole into its deployer role, no access-entry lookup.
 * What is missing on its chain (typically the access entry, created after registration) is not a
 * failure yet. Its findings are kept, as `info` saying what would fail once the annotation is
 * removed; the cluster's Argo CD config (the Secret itself) is still checked as usual. Pure.
 */
import type { Finding, Link } from '../findings.js';
import { buildContext } from './rules/context.js';
import { isParked } from './rules/frozen.js';
import type { Snapshot } from './snapshot.js';

/** Links only exercised when Argo CD connects to the cluster. */
export const PARKED_LINKS: ReadonlySet<Link> = new Set(['manager', 'deployer', 'token', 'access', 'network']);

export const PARKED_PREFIX = 'parked (skip-reconcile), not an error until the spoke is unparked: ';

/** Names of the parked spokes, and the deployer role ARNs only parked spokes use. */
export function parkedSubjects(snapshot: Snapshot): { spokes: Set<string>; roles: Set<string> } {
  const ctx = buildContext(snapshot);
  const spokes = new Set(ctx.spokes.filter((s) => isParked(s.secret)).map((s) => s.name));
  const active = new Set(
    ctx.spokes.filter((s) => !spokes.has(s.name) && s.roleArn).map((s) => s.roleArn!.toLowerCase()),
  );
  const roles = new Set(
    ctx.spokes
      .filter((s) => spokes.has(s.name) && s.roleArn && !active.has(s.roleArn.toLowerCase()))
      .map((s) => s.roleArn!.toLowerCase()),
  );
  if (ctx.mgmtRoleArn) roles.delete(ctx.mgmtRoleArn.toLowerCase());
  return { spokes, roles };
}

/** Errors and warnings on a parked spoke's connection links become `info` (idempotent). */
export function parkFindings(snapshot: Snapshot, findings: readonly Finding[]): Finding[] {
  const { spokes, roles } = parkedSubjects(snapshot);
  if (spokes.size === 0) return [...findings];
  return findings.map((f) => {
    const parked =
      (spokes.has(f.subject) || roles.has(f.subject.toLowerCase())) &&
      PARKED_LINKS.has(f.link) &&
      f.severity !== 'info';
    return parked ? { ...f, severity: 'info', message: `${PARKED_PREFIX}${f.message}` } : f;
  });
}
