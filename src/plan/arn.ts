/**
 * ARN builders for the things a plan names. Formats:
 * - IAM role / policy / OIDC provider: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 *   (a role's path sits between `role` and its name: `arn:aws:iam::1:role/team/x`).
 * - EKS cluster and access policies: https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html
 *   (access policies have no region and the account `aws`; other partitions use their own prefix).
 */
import type { AccessPolicyName, Partition } from '../fleet/types.js';

/** `arn:<partition>:iam::<account>:role<path><name>`; `path` is `/` or `/…/`. */
export function roleArn(partition: Partition, account: string, path: string, name: string): string {
  return `arn:${partition}:iam::${account}:role${normalizePath(path)}${name}`;
}

/** ARN of a customer-managed policy. */
export function managedPolicyArn(partition: Partition, account: string, path: string, name: string): string {
  return `arn:${partition}:iam::${account}:policy${normalizePath(path)}${name}`;
}

/** The issuer without scheme or trailing slash: the prefix of IRSA's `:sub`/`:aud` condition keys. */
export function issuerHost(issuerUrl: string): string {
  return issuerUrl.replace(/^https:\/\//, '').replace(/\/+$/, '');
}

/** `arn:<partition>:iam::<account>:oidc-provider/<issuer host+path>` (EKS IRSA docs, "Create an IAM OIDC provider"). */
export function oidcProviderArn(partition: Partition, account: string, issuerUrl: string): string {
  return `arn:${partition}:iam::${account}:oidc-provider/${issuerHost(issuerUrl)}`;
}

/** `arn:<partition>:eks:<region>:<account>:cluster/<name>` — also the Secret `server` for the EKS Argo CD capability. */
export function clusterArn(
  partition: Partition,
  region: string,
  account: string,
  clusterName: string,
): string {
  return `arn:${partition}:eks:${region}:${account}:cluster/${clusterName}`;
}

/** Short names of the fleet file → EKS access policy names (EKS "access policy permissions" reference). */
export const ACCESS_POLICY_NAMES: Readonly<Record<AccessPolicyName, string>> = {
  'cluster-admin': 'AmazonEKSClusterAdminPolicy',
  admin: 'AmazonEKSAdminPolicy',
  edit: 'AmazonEKSEditPolicy',
  view: 'AmazonEKSViewPolicy',
};

/** `arn:<partition>:eks::aws:cluster-access-policy/<AmazonEKS…Policy>` */
export function accessPolicyArn(partition: Partition, policy: AccessPolicyName): string {
  return `arn:${partition}:eks::aws:cluster-access-policy/${ACCESS_POLICY_NAMES[policy]}`;
}

function normalizePath(path: string): string {
  if (path === '' || path === '/') return '/';
  const lead = path.startsWith('/') ? path : `/${path}`;
  return lead.endsWith('/') ? lead : `${lead}/`;
}

/** Parts of a role ARN, or `undefined` when `arn` is not one. */
export function parseRoleArn(
  arn: string,
): { partition: string; account: string; path: string; name: string } | undefined {
  const m = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):role(\/(?:[^/]+\/)*)([\w+=,.@-]+)$/.exec(arn);
  if (!m) return undefined;
  return { partition: m[1] as string, account: m[2] as string, path: m[3] as string, name: m[4] as string };
}
