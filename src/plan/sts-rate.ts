/**
 * How hard the hub leans on AWS STS. Pure arithmetic over the plan's shape.
 *
 * Every EKS token Argo CD uses comes from a fresh `argocd-k8s-auth aws` process: it loads the
 * default credential chain, assumes the deployer role with no credential cache across runs, and
 * returns a token that expires 14 minutes later ("presignedURLExpiration - 1 minute",
 * argo-cd cmd/argocd-k8s-auth/commands/aws.go). client-go's exec authenticator caches that token
 * per process until it expires (or a 401), so each Argo CD component that talks to a cluster runs
 * the plugin about once per cluster every 14 minutes (facts file §3.4). Per run:
 *  - IRSA: AssumeRoleWithWebIdentity (management role) + AssumeRole (deployer) = 2 STS calls;
 *  - Pod Identity: the first hop is the Pod Identity agent (EKS Auth AssumeRoleForPodIdentity, not
 *    STS), then AssumeRole (deployer) = 1 STS call;
 *  - eks-capability: no argocd-k8s-auth at all.
 * All of these are signed by hub-account credentials, so they count against the hub account's STS
 * request quota in the Region the SDK calls (the hub Region with SDK v2, Argo CD ≥ v3.4; the global
 * endpoint before, argo-cd#20375). The quota is 600 requests per second per account and Region for
 * AssumeRole-family calls (IAM User Guide "IAM and AWS STS quotas"; observed as the throttling limit
 * in awslabs/mountpoint-s3#1358) and cannot be raised (AWS re:Post "iam-sts-throttling-error").
 */
import type { IdentityMode } from '../fleet/types.js';

/** EKS token lifetime Argo CD works with: 15-minute presigned URL minus a 1-minute cushion. */
export const TOKEN_REFRESH_SECONDS = 14 * 60;

/** STS AssumeRole-family requests per second per account and Region (not adjustable). */
export const STS_REQUESTS_PER_SECOND = 600;

/**
 * Warn when the steady rate reaches this share of the quota: the quota is per account and Region,
 * shared with every other caller in the hub account, and token refreshes bunch up after restarts.
 */
export const STS_WARN_SHARE = 0.25;

export interface StsEstimate {
  /** Argo CD components that mint tokens for each cluster (controller, ApplicationSet, server). */
  readonly components: number;
  /** Clusters reached through argocd-k8s-auth. */
  readonly clusters: number;
  /** STS calls per argocd-k8s-auth run. */
  readonly callsPerRun: number;
  readonly tokenRefreshSeconds: number;
  /** Average STS requests per second in steady state. */
  readonly steadyPerSecond: number;
  readonly quotaPerSecond: number;
}

export function stsCallsPerRun(identity: IdentityMode): number {
  if (identity === 'irsa') return 2;
  if (identity === 'pod-identity') return 1;
  return 0;
}

export function estimateSts(input: {
  readonly identity: IdentityMode;
  readonly components: number;
  readonly clusters: number;
  readonly quotaPerSecond?: number;
}): StsEstimate {
  const callsPerRun = stsCallsPerRun(input.identity);
  const steady = (input.components * input.clusters * callsPerRun) / TOKEN_REFRESH_SECONDS;
  return {
    components: input.components,
    clusters: input.clusters,
    callsPerRun,
    tokenRefreshSeconds: TOKEN_REFRESH_SECONDS,
    steadyPerSecond: Math.round(steady * 100) / 100,
    quotaPerSecond: input.quotaPerSecond ?? STS_REQUESTS_PER_SECOND,
  };
}

/** The share of the quota the steady rate uses, 0…1+. */
export function stsShare(e: StsEstimate): number {
  return e.quotaPerSecond > 0 ? e.steadyPerSecond / e.quotaPerSecond : 0;
}

/** Why the estimate nears the quota, or undefined when it does not. */
export function stsPressure(e: StsEstimate): string | undefined {
  if (e.callsPerRun === 0 || stsShare(e) < STS_WARN_SHARE) return undefined;
  return `about ${e.steadyPerSecond} STS requests/s in steady state, ${Math.round(stsShare(e) * 100)}% of the ${e.quotaPerSecond}/s quota that every caller in the hub account and Region shares`;
}
