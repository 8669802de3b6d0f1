/**
 * Packed-size headroom of the session tags EKS Pod Identity carries into a chained AssumeRole.
 * Pure; runs on any AccessPlan (planned, hand-edited or observed).
 *
 * Facts:
 * - EKS Pod Identity adds six session tags (eks-cluster-arn, eks-cluster-name, kubernetes-namespace,
 *   kubernetes-service-account, kubernetes-pod-name, kubernetes-pod-uid), all transitive, so every
 *   chained AssumeRole carries them again (EKS User Guide, pod-id-abac "Cross-account tags").
 * - STS packs session policies, policy ARNs and session tags into a binary form with its own limit
 *   and fails with PackedPolicyTooLarge past it (same page, "Disable session tags").
 * - aws/containers-roadmap#2413 measured a chained AssumeRole from a Pod Identity session with no
 *   custom tags at packedPolicySize 74 (% of the limit): the one public figure.
 * AWS does not publish how the packing works, so the estimate scales that measurement by the text
 * length of the six tags against a reference set (EKS docs' example cluster, Argo CD's default
 * names). Fleet `tags` are IAM resource tags on the roles, not session tags: they are not packed
 * into the session and do not count. argocd-k8s-auth passes no tags or session policy of its own.
 */
import type { AccessPlan, PodIdentityAssociationPlan } from '../plan/types.js';
import type { FindingSink } from './catalog.js';

/** containers-roadmap#2413: the Pod Identity session alone used 74% of the packed-size limit. */
export const MEASURED_PERCENT = 74;
/** Warn when the estimate leaves less than this much headroom. */
export const WARN_AT_PERCENT = 90;

/** Kubernetes pod UIDs are RFC 4122 UUIDs: 36 characters. */
const UID_CHARS = 36;

/** The six tags as text for one set of values (keys and values, the parts STS packs). */
function tagChars(clusterArn: string, clusterName: string, ns: string, sa: string, pod: string): number {
  const pairs: [string, number][] = [
    ['eks-cluster-arn', clusterArn.length],
    ['eks-cluster-name', clusterName.length],
    ['kubernetes-namespace', ns.length],
    ['kubernetes-service-account', sa.length],
    ['kubernetes-pod-name', pod.length],
    ['kubernetes-pod-uid', UID_CHARS],
  ];
  return pairs.reduce((n, [k, v]) => n + k.length + v, 0);
}

/** The reference the measured 74% is scaled from (an assumption: #2413 gives no lengths). */
const REFERENCE_CHARS = tagChars(
  'arn:aws:eks:us-east-1:111122223333:cluster/example-cluster',
  'example-cluster',
  'argocd',
  'argocd-application-controller',
  'argocd-application-controller-0',
);

/**
 * The longest pod name a service account's pods get: a StatefulSet pod is `<name>-<ordinal>`, a
 * Deployment pod `<name>-<pod-template-hash (≤10)>-<5>` (Kubernetes names; 63 at most for the
 * generated part is not assumed). Without a workload for it, the Deployment form of the SA name.
 */
function podNameLength(plan: AccessPlan, a: PodIdentityAssociationPlan): number {
  const sa = plan.serviceAccounts.find((s) => s.namespace === a.namespace && s.name === a.serviceAccount);
  const w = sa ? plan.argocd.workloads.find((x) => x.component === sa.component) : undefined;
  const name = w?.name ?? a.serviceAccount;
  return w?.kind === 'StatefulSet' ? name.length + 4 : name.length + 17;
}

export interface TagEstimate {
  readonly association: PodIdentityAssociationPlan;
  readonly chars: number;
  readonly percent: number;
}

/** Estimated packed share of the six tags for each tagged association. */
export function estimateTagShare(plan: AccessPlan): TagEstimate[] {
  const hub = plan.hub;
  return plan.podIdentityAssociations
    .filter((a) => a.disableSessionTags !== true)
    .map((a) => {
      const clusterArn = `arn:${hub.partition}:eks:${a.region}:${a.account}:cluster/${a.clusterName}`;
      const chars =
        tagChars(clusterArn, a.clusterName, a.namespace, a.serviceAccount, '') + podNameLength(plan, a);
      return { association: a, chars, percent: Math.round((MEASURED_PERCENT * chars) / REFERENCE_CHARS) };
    });
}

/** FM-3.6: a tagged Pod Identity session that chains (always, with deployer roles or a target role). */
export function checkTagHeadroom(plan: AccessPlan, sink: FindingSink): void {
  if (plan.identity !== 'pod-identity') return;
  const chains =
    plan.clusters.some((c) => c.config.awsAuthConfig?.roleARN !== undefined) ||
    plan.podIdentityAssociations.some((a) => a.targetRoleArn !== undefined);
  if (!chains) return;
  for (const e of estimateTagShare(plan)) {
    if (e.percent < WARN_AT_PERCENT) continue;
    const a = e.association;
    sink.add({
      id: 'FM-3.6',
      subject: `${a.namespace}/${a.serviceAccount}`,
      message: `The six transitive session tags of ${a.namespace}/${a.serviceAccount} on ${a.clusterName} (${e.chars} characters) are estimated at about ${e.percent}% of STS's packed-size limit on every chained AssumeRole (74% measured at shorter names, containers-roadmap#2413); past 100% the hop fails with PackedPolicyTooLarge.`,
      evidence: [
        {
          source: 'AccessPlan',
          path: 'podIdentityAssociations',
          value: `${a.namespace}/${a.serviceAccount}`,
        },
        { source: 'estimate', path: 'packedPercent', value: e.percent },
      ],
    });
  }
}
