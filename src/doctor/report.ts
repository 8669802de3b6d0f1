/**
 * The doctor result: per cluster, each link of the chain ok / problem / unchecked with a one-line
 * reason, plus all findings. Pure: computed from the snapshot and the findings.
 */
import { type Finding, LINK_ORDER, type Link } from '../findings.js';
import type { IdentityMode } from '../fleet/types.js';
import type { InconclusiveCause, Verdict } from '../prove/types.js';
import { PARKED_PREFIX } from './parked.js';
import { buildContext, type Ctx, type SpokeView } from './rules/context.js';
import { isParked } from './rules/frozen.js';
import { uncheckedCause } from './seen.js';
import type { Snapshot } from './snapshot.js';

export const DOCTOR_API_VERSION = 'fleetlink.dev/doctor/v1';

/** The chain links in hop order: every link but `fleet`, which no single cluster's chain has. */
export const CHAIN: readonly Link[] = LINK_ORDER.filter((link) => link !== 'fleet');

/**
 * `ok`: doctor read what the link needs and found it good (the only state shown ✓).
 * `problem`: an error finding on the link. `unchecked`: doctor could not read what the link
 * needs; `reason` says why (`unchecked: <cause>`), naming the root cause once per cause.
 * `parked`: the cluster Secret carries skip-reconcile (parked.ts), so Argo CD does not use the
 * chain at all: neither vouched for (not ok) nor failing (not a problem); `reason` names what
 * would fail once it is unparked.
 */
export type LinkState = 'ok' | 'problem' | 'unchecked' | 'parked';

export interface LinkStatus {
  readonly link: Link;
  readonly state: LinkState;
  /** `state === 'ok'` (kept for readers of the first JSON shape). */
  readonly ok: boolean;
  readonly reason: string;
}

export interface ClusterReport {
  readonly name: string;
  readonly account: string;
  readonly region: string;
  /** The cluster Secret carries `argocd.argoproj.io/skip-reconcile: "true"` (staged onboarding). */
  readonly parked?: boolean;
  readonly links: readonly LinkStatus[];
}

export interface DoctorResult {
  readonly apiVersion: typeof DOCTOR_API_VERSION;
  /** The fleet's identity mode: it names the first link (IRSA, Pod Identity, EKS capability). */
  readonly identity?: IdentityMode;
  readonly clusters: readonly ClusterReport[];
  readonly findings: readonly Finding[];
  /** prove on the observed plan (absent when prove was not run: data missing, or `--no-prove`). */
  readonly proof?: {
    readonly holds: boolean;
    readonly verdict: Verdict;
    readonly causes: readonly InconclusiveCause[];
  };
  readonly snapshot?: Snapshot;
}

function okReason(ctx: Ctx, s: SpokeView, link: Link): string {
  const capability = ctx.intent.identity === 'eks-capability';
  const mgmt = ctx.mgmtRoleArn ?? 'the management role';
  switch (link) {
    case 'identity':
      if (capability) return 'not used (EKS capability)';
      return ctx.intent.identity === 'irsa' ? `IRSA → ${mgmt}` : `Pod Identity → ${mgmt}`;
    case 'manager':
      if (capability) return 'not used (EKS capability)';
      return s.roleArn && s.roleArn !== ctx.mgmtRoleArn
        ? `may assume ${s.roleArn}`
        : 'no second hop (roleARN not set)';
    case 'deployer':
      if (capability || !s.roleArn || s.roleArn === ctx.mgmtRoleArn) return 'not used';
      return `${s.roleArn} trusts ${mgmt}`;
    case 'token':
      return capability ? 'issued by the EKS capability' : `signed for cluster ${s.clusterName ?? '?'}`;
    case 'access': {
      const p = s.roleArn ?? ctx.mgmtRoleArn;
      const e = s.cluster?.accessEntries?.find((x) => x.principalArn.toLowerCase() === p?.toLowerCase());
      const pol = e?.accessPolicies.map((x) => x.policyArn.split('/').pop()).join(', ');
      return `access entry for ${p}${e && pol ? ` (${pol})` : ''}`;
    }
    case 'network':
      return s.secret?.data.server ?? s.cluster?.endpoint ?? '';
    case 'argocd':
      return `cluster Secret ${s.secret?.namespace}/${s.secret?.name}`;
    default:
      return 'ok';
  }
}

const PROBE_LINK: Record<string, Link> = {
  'token-request': 'identity',
  'assume-role-with-web-identity': 'identity',
  'assume-role-for-pod-identity': 'identity',
  'assume-deployer': 'deployer',
  'eks-token': 'token',
  'spoke-version': 'network',
  'spoke-access': 'access',
};

export function chainView(snapshot: Snapshot, findings: readonly Finding[]): ClusterReport[] {
  const ctx = buildContext(snapshot);
  const names = new Set(ctx.spokes.map((s) => s.name));
  return ctx.spokes.map((s) => {
    const mine = findings.filter(
      (f) => f.subject === s.name || (!names.has(f.subject) && f.link !== 'fleet'),
    );
    const probes = (snapshot.probe ?? []).filter(
      (p) => p.ok && (p.cluster === s.name || p.cluster === 'hub'),
    );
    const parked = isParked(s.secret);
    return {
      name: s.name,
      account: s.account ?? '',
      region: s.region ?? '',
      ...(parked && { parked: true }),
      links: CHAIN.map((link) =>
        parked && link !== 'argocd' ? parkedStatus(s, link, mine) : linkStatus(ctx, s, link, mine, probes),
      ),
    };
  });
}

/** A parked cluster's link: not exercised; the reason names what would fail once it is unparked. */
function parkedStatus(s: SpokeView, link: Link, mine: readonly Finding[]): LinkStatus {
  const would = mine.filter((f) => f.link === link && f.message.startsWith(PARKED_PREFIX)).map((f) => f.id);
  const secret = s.secret ? `${s.secret.namespace}/${s.secret.name}` : s.name;
  return {
    link,
    state: 'parked',
    ok: false,
    reason: `parked: skip-reconcile on Secret ${secret}, Argo CD does not connect${would.length > 0 ? `; would fail once unparked: ${[...new Set(would)].join(', ')}` : ''}`,
  };
}

function linkStatus(
  ctx: Ctx,
  s: SpokeView,
  link: Link,
  mine: readonly Finding[],
  probes: NonNullable<Snapshot['probe']>,
): LinkStatus {
  const here = mine.filter((f) => f.link === link);
  // A read that failed is no defect of the link: it leaves the link unchecked.
  const error = here.find((f) => f.severity === 'error' && f.id !== 'DOCTOR-COLLECT');
  if (error) return { link, state: 'problem', ok: false, reason: `${error.id}: ${error.message}` };
  const cause = uncheckedCause(ctx, s, link);
  if (cause) return { link, state: 'unchecked', ok: false, reason: `unchecked: ${cause}` };
  const warnings = here.filter((f) => f.severity === 'warning');
  const probed = probes.some((p) => PROBE_LINK[p.step] === link);
  const base = `${okReason(ctx, s, link)}${probed ? ' (probe confirmed)' : ''}`;
  return {
    link,
    state: 'ok',
    ok: true,
    reason: warnings.length > 0 ? `${base}; ${warnings.length} warning(s): ${warnings[0]!.id}` : base,
  };
}
