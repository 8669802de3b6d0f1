/**
 * The doctor result: per cluster, each link of the chain ✓/✗ with a one-line reason, plus all
 * findings. Pure: computed from the snapshot and the findings.
 */
import { type Finding, LINK_ORDER, type Link } from '../findings.js';
import type { IdentityMode } from '../fleet/types.js';
import { buildContext, type Ctx, type SpokeView } from './rules/context.js';
import type { Snapshot } from './snapshot.js';

export const DOCTOR_API_VERSION = 'fleetlink.dev/doctor/v1';

/** The chain links in hop order: every link but `fleet`, which no single cluster's chain has. */
export const CHAIN: readonly Link[] = LINK_ORDER.filter((link) => link !== 'fleet');

export interface LinkStatus {
  readonly link: Link;
  readonly ok: boolean;
  readonly reason: string;
}

export interface ClusterReport {
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly links: readonly LinkStatus[];
}

export interface DoctorResult {
  readonly apiVersion: typeof DOCTOR_API_VERSION;
  /** The fleet's identity mode: it names the first link (IRSA, Pod Identity, EKS capability). */
  readonly identity?: IdentityMode;
  readonly clusters: readonly ClusterReport[];
  readonly findings: readonly Finding[];
  /** Whether prove held on the observed plan (absent when prove was not run). */
  readonly proof?: { readonly holds: boolean };
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
      return e ? `access entry for ${p}${pol ? ` (${pol})` : ''}` : 'not checked (no access entries read)';
    }
    case 'network':
      return s.secret?.data.server ?? s.cluster?.endpoint ?? 'not checked';
    case 'argocd':
      return s.secret ? `cluster Secret ${s.secret.namespace}/${s.secret.name}` : 'no cluster Secret read';
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
    return {
      name: s.name,
      account: s.account ?? '',
      region: s.region ?? '',
      links: CHAIN.map((link): LinkStatus => {
        const here = mine.filter((f) => f.link === link);
        const error = here.find((f) => f.severity === 'error');
        if (error) return { link, ok: false, reason: `${error.id}: ${error.message}` };
        const warnings = here.filter((f) => f.severity === 'warning');
        const probed = probes.some((p) => PROBE_LINK[p.step] === link);
        const reason = okReason(ctx, s, link);
        // A link doctor could not look at is not reported as working.
        if (reason.startsWith('not checked') || reason.startsWith('no cluster Secret'))
          return { link, ok: false, reason };
        const base = `${reason}${probed ? ' (probe confirmed)' : ''}`;
        return {
          link,
          ok: true,
          reason: warnings.length > 0 ? `${base}; ${warnings.length} warning(s): ${warnings[0]!.id}` : base,
        };
      }),
    };
  });
}
