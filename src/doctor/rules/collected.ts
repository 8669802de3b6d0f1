/**
 * Findings from collection errors and probe results: what doctor could not read and what the
 * live probe saw. Collection errors are DOCTOR-COLLECT (doctor's own id): the link could not be
 * checked, so it is not reported as working. Probe failures are classified by classify.ts.
 */
import { isFindingId, report } from '../../findings/registry.js';
import type { Finding, Link } from '../../findings.js';
import { classify } from '../classify.js';
import { rootCauses } from '../seen.js';
import type { CollectionError } from '../snapshot.js';
import type { Ctx } from './context.js';

/** The link a failed read leaves unchecked: hub-side reads belong to the first hops. */
function linkOf(ctx: Ctx, e: CollectionError): Link {
  const hubSide =
    e.target === ctx.intent.hub.account ||
    e.target === ctx.intent.hub.clusterName ||
    e.target === ctx.mgmtRoleArn;
  if (e.step.startsWith('k8s:')) return 'argocd';
  if (hubSide) return e.step.startsWith('iam:') && !e.step.includes('OpenIDConnect') ? 'manager' : 'identity';
  if (e.step === 'credentials') return 'deployer';
  return linkOfStep(e.step);
}

function linkOfStep(step: string): Link {
  if (/^eks:(ListAccessEntries|DescribeAccessEntry|ListAssociatedAccessPolicies)/.test(step)) return 'access';
  if (/^eks:(ListPodIdentity|DescribePodIdentity)/.test(step)) return 'identity';
  if (step.startsWith('eks:')) return 'network';
  if (step.startsWith('iam:')) return 'deployer';
  return 'fleet';
}

function subjectsFor(ctx: Ctx, e: CollectionError): string[] {
  const spokes = ctx.spokes.filter(
    (s) => s.clusterName === e.target || s.roleArn === e.target || s.account === e.target,
  );
  const hub = e.target === ctx.intent.hub.account || e.target === ctx.intent.hub.clusterName;
  const names = spokes.map((s) => s.name);
  if (hub || names.length === 0) names.push(e.target);
  return names;
}

/** One finding per root cause (and cluster it touches), not one per failed call. */
function collectionFindings(ctx: Ctx): Finding[] {
  return rootCauses(ctx).flatMap((cause) => {
    const first = cause.errors[0]!;
    const subjects = [...new Set(cause.errors.flatMap((e) => subjectsFor(ctx, e)))];
    return subjects.map((subject) =>
      report('DOCTOR-COLLECT', {
        subject: subject,
        message: `${cause.text}; the links that need it are unchecked`,
        evidence: cause.errors.map((e) => ({
          source: e.step,
          path: e.target,
          value: `${e.code}: ${e.message}`,
        })),
        fix:
          cause.kind === 'no-credentials'
            ? 'give doctor credentials for this account (fleet credentials.profile / credentials.roleArn, or the default chain)'
            : cause.kind === 'no-kubeconfig'
              ? 'point doctor at the hub: set KUBECONFIG to its kubeconfig and pass --context CTX (or hub.kubeContext in the fleet file); aws eks update-kubeconfig --name <hub cluster> --region <region> writes one'
              : first.step.startsWith('k8s:')
                ? 'check the kubeconfig context of the hub (--context / fleet hub.kubeContext) and the Kubernetes RBAC rules in --print-iam-policy'
                : 'grant doctor the read-only policy (npx fleetlink doctor --print-iam-policy) and check connectivity',
        link: linkOf(ctx, first),
      }),
    );
  });
}

function probeFindings(ctx: Ctx): Finding[] {
  const out: Finding[] = [];
  for (const step of ctx.snap.probe ?? []) {
    if (step.ok) {
      const caller = typeof step.detail?.callerArn === 'string' ? step.detail.callerArn : undefined;
      if (caller && /assumed-role\/[^/]+\/i-[0-9a-f]+$/.test(caller))
        out.push(
          report('FM-1.8', {
            subject: step.cluster,
            message: `the probe ran as a node role (${caller}), not the management role`,
            evidence: [{ source: `probe ${step.step}`, path: 'callerArn', value: caller }],
            fix: 'restart the Argo CD pods; remove credentials that come earlier in the SDK chain',
          }),
        );
      continue;
    }
    if (step.detail?.skipped === true) {
      // The probe refused to send the token (FM-6.3). When the snapshot rule already reports the
      // wrong server, one finding is enough; otherwise this step is the only one to say it.
      if (step.detail.reportedByRule !== true)
        out.push(
          report(
            typeof step.detail.failureMode === 'string' && isFindingId(step.detail.failureMode)
              ? step.detail.failureMode
              : 'FM-6.3',
            {
              subject: step.cluster,
              message: `${step.step} skipped: ${step.error?.message ?? 'token not sent'}`,
              evidence: [{ source: `probe ${step.step}`, path: 'server', value: step.subject }],
              fix: 'set server to the cluster endpoint (eks:DescribeCluster cluster.endpoint)',
              severity: 'warning',
              link: 'network',
            },
          ),
        );
      continue;
    }
    const text = `${step.error?.code ?? ''} ${step.error?.message ?? ''}`;
    const c = classify(text, step.step);
    const id = c.id === 'FM-5.5' && step.detail?.clusterScopedOnly === true ? 'FM-5.6' : c.id;
    out.push(
      report(id, {
        subject: step.cluster,
        message: `${step.step} failed${step.attempts > 1 ? ` after ${step.attempts} attempts` : ''}: ${c.cause}`,
        evidence: [{ source: `probe ${step.step} (${step.subject})`, value: text.trim() }],
        fix: c.fix,
        // Every failed step stops the chain (error); "Unknown" status (FM-7.4) is not a failure.
        severity: id === 'FM-7.4' ? 'info' : 'error',
        link: c.link,
      }),
    );
  }
  return out;
}

export function collectedRules(ctx: Ctx): Finding[] {
  return [...collectionFindings(ctx), ...probeFindings(ctx)];
}
