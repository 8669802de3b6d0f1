/**
 * The triage table of the failure-mode catalog as data (docs/failure-modes.md#triage is generated from it): an AWS / Kubernetes / network error text
 * (plus the probe step it came from) → the failure mode it indicates. Pure and table-driven;
 * the first matching row wins, so specific rows come before general ones.
 */

import { definition, type FindingId } from '../findings/registry.js';
import type { Link } from '../findings.js';

export type ProbeStepName =
  | 'token-request'
  | 'assume-role-with-web-identity'
  | 'assume-role-for-pod-identity'
  | 'assume-deployer'
  | 'eks-token'
  | 'spoke-version'
  | 'spoke-access';

/** A triaged error: the id, what this text says caused it, and the id's link and fix (registry). */
export interface Classification {
  readonly id: FindingId;
  readonly link: Link;
  readonly cause: string;
  readonly fix: string;
}

/** A row names the id and the cause only; link and fix come from the registry. */
interface Row {
  readonly match: RegExp;
  readonly id: FindingId;
  readonly cause: string;
  /** Only for these steps (all when absent). */
  readonly steps?: readonly ProbeStepName[];
}

const STS_STEPS: readonly ProbeStepName[] = [
  'assume-role-with-web-identity',
  'assume-role-for-pod-identity',
  'assume-deployer',
  'eks-token',
];
const SPOKE_STEPS: readonly ProbeStepName[] = ['spoke-version', 'spoke-access'];

const TABLE: readonly Row[] = [
  {
    match: /Request ARN is invalid/i,
    id: 'FM-1.6',
    cause: 'the role ARN in the service-account annotation is malformed',
  },
  {
    match: /No OpenIDConnect provider found/i,
    id: 'FM-1.3',
    cause: 'no IAM OIDC provider for the hub issuer in the role account',
  },
  {
    match: /Incorrect token audience/i,
    id: 'FM-1.4',
    cause: 'the token audience is not in the provider client IDs / trust :aud',
  },
  {
    match: /InvalidIdentityToken/i,
    id: 'FM-1.3',
    cause: 'STS rejected the web-identity token (issuer / provider mismatch)',
  },
  {
    match: /EKS does not have permissions to assume the associated role/i,
    id: 'FM-1.11',
    cause: 'the Pod Identity role trust does not allow pods.eks.amazonaws.com',
  },
  {
    match: /eks-auth:AssumeRoleForPodIdentity|169\.254\.170\.23|pod identity agent/i,
    id: 'FM-1.9',
    cause: 'the Pod Identity agent could not serve credentials',
  },
  {
    match: /not authorized to perform:? sts:AssumeRoleWithWebIdentity/i,
    id: 'FM-1.2',
    cause: "the management role's trust policy does not admit this service account (:sub / :aud)",
  },
  {
    match: /assumed-role\/[^/\s]+\/i-[0-9a-f]{8,}/i,
    id: 'FM-1.1',
    cause: 'the caller is a node role (session i-…): the pod fell through to the instance profile',
  },
  {
    match: /not authorized to perform:? sts:TagSession/i,
    id: 'FM-3.2',
    cause: 'Pod Identity session tags are transitive and sts:TagSession is not allowed',
  },
  {
    match: /explicit deny in an? (service control policy|resource control policy)/i,
    id: 'FM-2.3',
    cause: 'an SCP/RCP denies the call',
  },
  {
    match: /explicit deny in an? (permissions boundary|session policy|identity-based policy)/i,
    id: 'FM-2.3',
    cause: 'an explicit deny (boundary / session / identity policy)',
  },
  {
    match: /sts:AssumeRole.*because no identity-based policy allows/i,
    id: 'FM-2.1',
    cause: "the management role's policy does not allow sts:AssumeRole on the deployer",
  },
  {
    match: /not authorized to perform:? sts:AssumeRole\b/i,
    id: 'FM-3.1',
    cause:
      "the deployer trust policy (or, when AWS gives no context, the management role's policy) does not allow the call",
  },
  {
    match: /RegionDisabledException|STS is not activated in this region/i,
    id: 'FM-3.4',
    cause: 'STS is deactivated in this region for the role account',
  },
  {
    match: /InvalidClientTokenId|security token included in the request is invalid/i,
    id: 'FM-3.5',
    cause: 'a token from another partition / a v1 global-endpoint token in an opt-in region',
  },
  {
    match: /Signature expired|X-Amz-Date parameter is expired|request time too skewed/i,
    id: 'FM-4.5',
    cause: 'clock skew on the hub',
  },
  {
    match: /Missing Region|Credential should be scoped to a valid region/i,
    id: 'FM-4.4',
    cause: 'no region for the SDK',
  },
  {
    match:
      /non-whitelisted query parameter|did not sign the x-k8s-aws-id|not properly formatted|X-Amz-Expires|unsupported token/i,
    id: 'FM-4.7',
    cause: 'the presigned token is not in the canonical form the authenticator accepts',
  },
  {
    match: /SignatureDoesNotMatch/i,
    id: 'FM-4.1',
    cause: 'the token was signed for another x-k8s-aws-id than the cluster verifies with',
  },
  {
    match: /exit code 20|timeout while trying to get signed aws request/i,
    id: 'FM-4.2',
    cause: 'argocd-k8s-auth could not get credentials (the real AWS error is in the plugin stderr)',
  },
  {
    match:
      /ETIMEDOUT|TimeoutError|no answer within|i\/o timeout|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|socket hang up|timed out/i,
    id: 'FM-4.3',
    cause: 'STS is not reachable from here',
    steps: STS_STEPS,
  },
  {
    match: /ARN is not mapped/i,
    id: 'FM-5.2',
    cause: 'no access entry for the identity in the token',
  },
  {
    match: /\b401\b|Unauthorized|provide credentials/i,
    id: 'FM-5.2',
    cause:
      'the spoke did not accept the token (no access entry for the principal, or the entry predates a recreated role)',
    steps: SPOKE_STEPS,
  },
  {
    match: /\b403\b|forbidden|cannot (list|watch|get|create|update)/i,
    id: 'FM-5.5',
    cause: 'authenticated, not authorized',
    steps: SPOKE_STEPS,
  },
  {
    match: /x509|certificate|UNABLE_TO_VERIFY|SELF_SIGNED|unable to get local issuer|PEM/i,
    id: 'FM-6.4',
    cause: 'TLS verification failed with the Secret caData',
    steps: SPOKE_STEPS,
  },
  {
    match: /no such host|ENOTFOUND|EAI_AGAIN|altnames|ERR_TLS_CERT_ALTNAME_INVALID/i,
    id: 'FM-6.3',
    cause: 'the server name does not resolve / does not match the certificate',
    steps: SPOKE_STEPS,
  },
  {
    match: /\b407\b|proxy/i,
    id: 'FM-6.5',
    cause: 'a proxy is in the way',
    steps: SPOKE_STEPS,
  },
  {
    match:
      /ETIMEDOUT|TimeoutError|no answer within|i\/o timeout|ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|timed out|socket hang up/i,
    id: 'FM-6.1',
    cause: 'no network path to the spoke API (private endpoint, SG 443, publicAccessCidrs)',
    steps: SPOKE_STEPS,
  },
  {
    match: /executable .* not found|command not found/i,
    id: 'FM-7.1',
    cause: 'the exec plugin is not in the image',
  },
  {
    match: /no kind "ExecCredential"|plugin returned version/i,
    id: 'FM-7.5',
    cause: 'exec plugin API version mismatch',
  },
  {
    match: /cluster ".*" not found/i,
    id: 'FM-7.3',
    cause: 'no cluster Secret matches the destination',
  },
  {
    match: /no applications and is not being monitored/i,
    id: 'FM-7.4',
    cause: 'Unknown status is not a failure: Argo CD only connects to clusters with Applications',
  },
];

const STEP_LINK: Record<ProbeStepName, Link> = {
  'token-request': 'identity',
  'assume-role-with-web-identity': 'identity',
  'assume-role-for-pod-identity': 'identity',
  'assume-deployer': 'deployer',
  'eks-token': 'token',
  'spoke-version': 'network',
  'spoke-access': 'access',
};

/** Classify an error seen at a probe step (or anywhere, with `step` undefined). */
export function classify(text: string, step?: ProbeStepName): Classification {
  for (const row of TABLE) {
    if (row.steps && (step === undefined || !row.steps.includes(step))) continue;
    if (!row.match.test(text)) continue;
    const { link, fix } = definition(row.id);
    return { id: row.id, link, cause: row.cause, fix };
  }
  return {
    id: 'DOCTOR-PROBE',
    link: step ? STEP_LINK[step] : 'fleet',
    cause: 'an error the triage table does not know',
    fix: 'read the error text; report it to Fleetlink with the snapshot so the table can learn it',
  };
}

/** Rows of the table, for the README and tests. */
export function triageTable(): readonly { id: string; pattern: string; steps?: readonly string[] }[] {
  return TABLE.map((r) => ({ id: r.id, pattern: r.match.source, ...(r.steps && { steps: r.steps }) }));
}
