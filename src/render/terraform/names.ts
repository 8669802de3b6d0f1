/**
 * Every Terraform name and address the renderer writes. They derive from what identifies the AWS
 * resource (account, role name, Argo CD cluster name, policy name), never from a position in the
 * fleet file: Terraform destroys and re-creates a resource whose address changes, and re-creating
 * a role breaks every access entry that names it (EKS stores the role's unique ID — EKS User Guide,
 * "Access entries"). So adding a spoke only adds `for_each` keys; no other address moves.
 *
 * Addresses (documented in README "synth --target terraform" and read back by the round-trip test):
 *   provider alias                aws.account_<account id>
 *   OIDC provider                 aws_iam_openid_connect_provider.hub["<issuer host>"]  (or data.…)
 *   hub role                      aws_iam_role.management | aws_iam_role.capability
 *   its inline / managed policies aws_iam_role_policy.<kind>["<policy name>"], aws_iam_policy.<kind>["<policy name>"]
 *   Pod Identity associations     aws_eks_pod_identity_association.hub["<namespace>/<service account>"]
 *   deployer roles                aws_iam_role.deployer_<account>["<role name>"]
 *   access entries                aws_eks_access_entry.spoke_<account>["<argo cluster name>"]
 *   access policy associations    aws_eks_access_policy_association.spoke_<account>["<argo cluster name>/<AmazonEKS…Policy>"]
 *   CA data sources               data.aws_ssm_parameter.ca_<account>["<argo cluster name>"], data.aws_eks_cluster.ca_<account>[…]
 *   StackSets                     aws_cloudformation_stack_set.deployer["<role name>"]
 *   StackSet instances            aws_cloudformation_stack_set_instance.deployer["<role name>/<ou id>"]
 *   cluster Secrets               kubernetes_secret_v1.argocd_cluster["<argo cluster name>"]
 */
import { quote } from './hcl.js';

export const providerAlias = (account: string): string => `account_${account}`;
export const providerRef = (account: string): string => `aws.${providerAlias(account)}`;

export const deployerRolesName = (account: string): string => `deployer_${account}`;
export const spokeName = (account: string): string => `spoke_${account}`;
export const caName = (account: string): string => `ca_${account}`;

/** `type.name["key"]`: the address of one `for_each` instance. */
export function instanceAddress(type: string, name: string, key: string): string {
  return `${type}.${name}[${quote(key)}]`;
}

/** Key of an access policy association: the spoke's Argo CD cluster name and the policy's name. */
export function associationKey(cluster: string, policyArn: string): string {
  return `${cluster}/${policyArn.slice(policyArn.lastIndexOf('/') + 1)}`;
}

/**
 * A block label that is also an identifier (check blocks, single resources named after a
 * cluster): characters outside `[A-Za-z0-9_]` become `_`. Callers make the result unique.
 */
export function identifierFor(prefix: string, name: string): string {
  return `${prefix}_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** Identifiers for many names, unique even when two names sanitize alike (a `_<n>` suffix, in sorted-name order). */
export function uniqueIdentifiers(prefix: string, names: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const name of [...new Set(names)].sort()) {
    const base = identifierFor(prefix, name);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
    used.add(id);
    out.set(name, id);
  }
  return out;
}
