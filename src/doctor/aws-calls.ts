/**
 * Every AWS API call doctor's collector makes, declared once. The collector (collect-aws.ts) names
 * its calls from this table, and `doctor --print-iam-policy` (iam-policy.ts) is built from it, so a
 * call cannot be added to one without the other. A test replays the calls a doctor run made against
 * the printed policy through Fleetlink's IAM evaluator.
 * Resource types per action: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneks.html
 * and https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
 * Pure.
 */

/** The resource type an action authorizes against; `*` for actions without resource-level permissions. */
export type CallResource =
  | 'cluster'
  | 'access-entry'
  | 'podidentityassociation'
  | 'role'
  | 'policy'
  | 'oidc-provider'
  | '*';

export interface AwsCall {
  readonly action: `${'eks' | 'iam'}:${string}`;
  readonly resource: CallResource;
  /** Made only in the hub account, and only with this identity model. */
  readonly hubOnly?: 'irsa' | 'pod-identity';
  /** Where the collector makes it (for the printed policy's Sid and for readers). */
  readonly sid: string;
}

export const AWS_CALLS = {
  DescribeCluster: { action: 'eks:DescribeCluster', resource: 'cluster', sid: 'DescribeClusters' },
  ListAccessEntries: { action: 'eks:ListAccessEntries', resource: 'cluster', sid: 'DescribeClusters' },
  ListPodIdentityAssociations: {
    action: 'eks:ListPodIdentityAssociations',
    resource: 'cluster',
    sid: 'DescribeClusters',
  },
  DescribeAccessEntry: {
    action: 'eks:DescribeAccessEntry',
    resource: 'access-entry',
    sid: 'ReadAccessEntries',
  },
  ListAssociatedAccessPolicies: {
    action: 'eks:ListAssociatedAccessPolicies',
    resource: 'access-entry',
    sid: 'ReadAccessEntries',
  },
  DescribePodIdentityAssociation: {
    action: 'eks:DescribePodIdentityAssociation',
    resource: 'podidentityassociation',
    hubOnly: 'pod-identity',
    sid: 'ReadPodIdentityAssociations',
  },
  GetRole: { action: 'iam:GetRole', resource: 'role', sid: 'ReadRoles' },
  ListRolePolicies: { action: 'iam:ListRolePolicies', resource: 'role', sid: 'ReadRoles' },
  GetRolePolicy: { action: 'iam:GetRolePolicy', resource: 'role', sid: 'ReadRoles' },
  ListAttachedRolePolicies: { action: 'iam:ListAttachedRolePolicies', resource: 'role', sid: 'ReadRoles' },
  GetPolicy: { action: 'iam:GetPolicy', resource: 'policy', sid: 'ReadAttachedPolicies' },
  GetPolicyVersion: { action: 'iam:GetPolicyVersion', resource: 'policy', sid: 'ReadAttachedPolicies' },
  GetOpenIDConnectProvider: {
    action: 'iam:GetOpenIDConnectProvider',
    resource: 'oidc-provider',
    hubOnly: 'irsa',
    sid: 'ReadOidcProviders',
  },
  // List* over the account and GetAccountSummary have no resource-level permissions.
  ListOpenIDConnectProviders: {
    action: 'iam:ListOpenIDConnectProviders',
    resource: '*',
    hubOnly: 'irsa',
    sid: 'ListOidcProviders',
  },
  GetAccountSummary: { action: 'iam:GetAccountSummary', resource: '*', sid: 'ReadQuotas' },
} as const satisfies Record<string, AwsCall>;

export type AwsCallName = keyof typeof AWS_CALLS;
