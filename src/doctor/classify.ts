/**
 * The triage table of failure-modes.md §0 as data: an AWS / Kubernetes / network error text
 * (plus the probe step it came from) → the failure mode it indicates. Pure and table-driven;
 * the first matching row wins, so specific rows come before general ones.
 */
import type { Link } from '../findings.js';

export type ProbeStepName =
  | 'token-request'
  | 'assume-role-with-web-identity'
  | 'assume-role-for-pod-identity'
  | 'assume-deployer'
  | 'eks-token'
  | 'spoke-version'
  | 'spoke-access';

export interface Classification {
  readonly id: string;
  readonly link: Link;
  readonly cause: string;
  readonly fix: string;
}

interface Row extends Classification {
  readonly match: RegExp;
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
    link: 'identity',
    cause: 'the role ARN in the service-account annotation is malformed',
    fix: 'fix eks.amazonaws.com/role-arn',
  },
  {
    match: /No OpenIDConnect provider found/i,
    id: 'FM-1.3',
    link: 'identity',
    cause: 'no IAM OIDC provider for the hub issuer in the role account',
    fix: 'create the IAM OIDC provider for the hub cluster issuer',
  },
  {
    match: /Incorrect token audience/i,
    id: 'FM-1.4',
    link: 'identity',
    cause: 'the token audience is not in the provider client IDs / trust :aud',
    fix: 'use audience sts.amazonaws.com in the provider and the trust policy',
  },
  {
    match: /InvalidIdentityToken/i,
    id: 'FM-1.3',
    link: 'identity',
    cause: 'STS rejected the web-identity token (issuer / provider mismatch)',
    fix: 'check the OIDC provider and the trust policy issuer',
  },
  {
    match: /EKS does not have permissions to assume the associated role/i,
    id: 'FM-1.11',
    link: 'identity',
    cause: 'the Pod Identity role trust does not allow pods.eks.amazonaws.com',
    fix: 'allow pods.eks.amazonaws.com sts:AssumeRole + sts:TagSession',
  },
  {
    match: /eks-auth:AssumeRoleForPodIdentity|169\.254\.170\.23|pod identity agent/i,
    id: 'FM-1.9',
    link: 'identity',
    cause: 'the Pod Identity agent could not serve credentials',
    fix: 'repair the eks-pod-identity-agent add-on and the node role permission',
  },
  {
    match: /not authorized to perform:? sts:AssumeRoleWithWebIdentity/i,
    id: 'FM-1.2',
    link: 'identity',
    cause: "the management role's trust policy does not admit this service account (:sub / :aud)",
    fix: 'add the real service-account subject to the trust policy',
  },
  {
    match: /assumed-role\/[^/\s]+\/i-[0-9a-f]{8,}/i,
    id: 'FM-1.1',
    link: 'identity',
    cause: 'the caller is a node role (session i-…): the pod fell through to the instance profile',
    fix: 'restart the pods after annotating the service account / creating the association',
  },
  {
    match: /not authorized to perform:? sts:TagSession/i,
    id: 'FM-3.2',
    link: 'deployer',
    cause: 'Pod Identity session tags are transitive and sts:TagSession is not allowed',
    fix: 'allow sts:TagSession in the deployer trust and the management policy',
  },
  {
    match: /explicit deny in an? (service control policy|resource control policy)/i,
    id: 'FM-2.3',
    link: 'manager',
    cause: 'an SCP/RCP denies the call',
    fix: 'ask the Organization admins to exempt the role',
  },
  {
    match: /explicit deny in an? (permissions boundary|session policy|identity-based policy)/i,
    id: 'FM-2.3',
    link: 'manager',
    cause: 'an explicit deny (boundary / session / identity policy)',
    fix: 'remove or narrow the Deny',
  },
  {
    match: /sts:AssumeRole.*because no identity-based policy allows/i,
    id: 'FM-2.1',
    link: 'manager',
    cause: "the management role's policy does not allow sts:AssumeRole on the deployer",
    fix: 'allow sts:AssumeRole on the deployer ARN in the management role',
  },
  {
    match: /not authorized to perform:? sts:AssumeRole\b/i,
    id: 'FM-3.1',
    link: 'deployer',
    cause:
      "the deployer trust policy (or, when AWS gives no context, the management role's policy) does not allow the call",
    fix: 'trust the management role ARN in the deployer role and allow sts:AssumeRole on it in the management role',
  },
  {
    match: /RegionDisabledException|STS is not activated in this region/i,
    id: 'FM-3.4',
    link: 'deployer',
    cause: 'STS is deactivated in this region for the role account',
    fix: 'activate STS in that region (IAM console → Account settings)',
  },
  {
    match: /InvalidClientTokenId|security token included in the request is invalid/i,
    id: 'FM-3.5',
    link: 'deployer',
    cause: 'a token from another partition / a v1 global-endpoint token in an opt-in region',
    fix: 'use regional STS in the same partition',
  },
  {
    match: /Signature expired|X-Amz-Date parameter is expired|request time too skewed/i,
    id: 'FM-4.5',
    link: 'token',
    cause: 'clock skew on the hub',
    fix: 'fix NTP on the hub nodes',
  },
  {
    match: /Missing Region|Credential should be scoped to a valid region/i,
    id: 'FM-4.4',
    link: 'token',
    cause: 'no region for the SDK',
    fix: 'set AWS_REGION on the controller and server',
  },
  {
    match:
      /non-whitelisted query parameter|did not sign the x-k8s-aws-id|not properly formatted|X-Amz-Expires|unsupported token/i,
    id: 'FM-4.7',
    link: 'token',
    cause: 'the presigned token is not in the canonical form the authenticator accepts',
    fix: 'sign only host;x-k8s-aws-id with X-Amz-Expires=60',
  },
  {
    match: /SignatureDoesNotMatch/i,
    id: 'FM-4.1',
    link: 'token',
    cause: 'the token was signed for another x-k8s-aws-id than the cluster verifies with',
    fix: 'set awsAuthConfig.clusterName to the exact EKS cluster name',
  },
  {
    match: /exit code 20|timeout while trying to get signed aws request/i,
    id: 'FM-4.2',
    link: 'token',
    cause: 'argocd-k8s-auth could not get credentials (the real AWS error is in the plugin stderr)',
    fix: 'run doctor --probe to surface the AWS error',
  },
  {
    match:
      /ETIMEDOUT|TimeoutError|no answer within|i\/o timeout|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|socket hang up|timed out/i,
    id: 'FM-4.3',
    link: 'token',
    cause: 'STS is not reachable from here',
    fix: 'check egress / the STS VPC endpoint / NO_PROXY',
    steps: STS_STEPS,
  },
  {
    match: /ARN is not mapped/i,
    id: 'FM-5.2',
    link: 'access',
    cause: 'no access entry for the identity in the token',
    fix: 'create an access entry for the final principal (the deployer role)',
  },
  {
    match: /\b401\b|Unauthorized|provide credentials/i,
    id: 'FM-5.2',
    link: 'access',
    cause:
      'the spoke did not accept the token (no access entry for the principal, or the entry predates a recreated role)',
    fix: 'create / recreate the access entry for the deployer role',
    steps: SPOKE_STEPS,
  },
  {
    match: /\b403\b|forbidden|cannot (list|watch|get|create|update)/i,
    id: 'FM-5.5',
    link: 'access',
    cause: 'authenticated, not authorized',
    fix: 'associate AmazonEKSClusterAdminPolicy (type=cluster)',
    steps: SPOKE_STEPS,
  },
  {
    match: /x509|certificate|UNABLE_TO_VERIFY|SELF_SIGNED|unable to get local issuer|PEM/i,
    id: 'FM-6.4',
    link: 'network',
    cause: 'TLS verification failed with the Secret caData',
    fix: 'set caData to the cluster certificateAuthority.data',
    steps: SPOKE_STEPS,
  },
  {
    match: /no such host|ENOTFOUND|EAI_AGAIN|altnames|ERR_TLS_CERT_ALTNAME_INVALID/i,
    id: 'FM-6.3',
    link: 'network',
    cause: 'the server name does not resolve / does not match the certificate',
    fix: 'set server to the cluster endpoint',
    steps: SPOKE_STEPS,
  },
  {
    match: /\b407\b|proxy/i,
    id: 'FM-6.5',
    link: 'network',
    cause: 'a proxy is in the way',
    fix: 'add the EKS endpoint to NO_PROXY or configure proxyUrl',
    steps: SPOKE_STEPS,
  },
  {
    match:
      /ETIMEDOUT|TimeoutError|no answer within|i\/o timeout|ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|timed out|socket hang up/i,
    id: 'FM-6.1',
    link: 'network',
    cause: 'no network path to the spoke API (private endpoint, SG 443, publicAccessCidrs)',
    fix: 'add routes / SG rule / publicAccessCidrs for the hub egress',
    steps: SPOKE_STEPS,
  },
  {
    match: /executable .* not found|command not found/i,
    id: 'FM-7.1',
    link: 'argocd',
    cause: 'the exec plugin is not in the image',
    fix: 'use the official image (argocd-k8s-auth)',
  },
  {
    match: /no kind "ExecCredential"|plugin returned version/i,
    id: 'FM-7.5',
    link: 'argocd',
    cause: 'exec plugin API version mismatch',
    fix: 'use client.authentication.k8s.io/v1beta1',
  },
  {
    match: /cluster ".*" not found/i,
    id: 'FM-7.3',
    link: 'argocd',
    cause: 'no cluster Secret matches the destination',
    fix: 'fix the cluster Secret label / server',
  },
  {
    match: /no applications and is not being monitored/i,
    id: 'FM-7.4',
    link: 'argocd',
    cause: 'Unknown status is not a failure: Argo CD only connects to clusters with Applications',
    fix: 'run doctor --probe for an active check',
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
    if (row.match.test(text)) return { id: row.id, link: row.link, cause: row.cause, fix: row.fix };
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
