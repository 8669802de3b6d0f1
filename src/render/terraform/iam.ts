/**
 * Planned IAM roles as Terraform: `aws_iam_role` with its trust policy, one `aws_iam_role_policy`
 * per inline policy, one `aws_iam_policy` per customer-managed policy the plan creates (used when
 * inline space runs out, src/plan/pack.ts) and one `aws_iam_role_policy_attachment` per attached
 * policy. Every document is written as `jsonencode()` of the plan's document, statement by
 * statement as prove checked it (Terraform's jsonencode sorts object keys, which IAM ignores).
 */
import { managedPolicyArn } from '../../plan/arn.js';
import type { PolicyDocument, RolePlan } from '../../plan/types.js';
import { type Block, call, expr, type HclValue } from './hcl.js';
import { type Args, resource } from './resource.js';

/** A policy document as HCL: `jsonencode({ Version = …, Statement = [...] })`. */
export function policyDocument(doc: PolicyDocument): HclValue {
  return call('jsonencode', toHcl(doc));
}

/** Plain JSON data as an HCL value (objects, arrays, strings, numbers, booleans, null). */
export function toHcl(value: unknown): HclValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number')
    return value;
  if (Array.isArray(value)) return value.map(toHcl);
  if (typeof value === 'object') {
    const out: Record<string, HclValue> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      if (v !== undefined) out[k] = toHcl(v);
    return out;
  }
  throw new Error(`not JSON data: ${typeof value}`);
}

/** Tags in key order, the order IAM reports them in. */
export function sortedTags(tags: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(tags).sort()) out[k] = tags[k] as string;
  return out;
}

function roleArgs(role: RolePlan): Args {
  return {
    name: role.name,
    path: role.path,
    description: role.description === '' ? null : role.description,
    assume_role_policy: policyDocument(role.trustPolicy),
    max_session_duration: role.maxSessionDuration,
    permissions_boundary: role.permissionsBoundaryArn ?? null,
    tags: sortedTags(role.tags),
  };
}

export interface RoleGroup {
  /** Resource name of every block of the group: `management`, `capability`, `deployer_<account>`. */
  readonly name: string;
  /** Provider reference of the account the roles live in. */
  readonly provider: string;
  readonly roles: readonly RolePlan[];
  /** One role without `for_each` (the hub's), or `for_each` keyed by role name. */
  readonly single: boolean;
  /** Addresses that must exist before the roles: the OIDC provider, the management role a deployer trusts. */
  readonly dependsOn: readonly string[];
  /** Tags for the customer-managed policies. */
  readonly tags: HclValue;
}

/** Every block of a group of roles, in creation order. */
export function roleBlocks(group: RoleGroup): Block[] {
  if (group.roles.length === 0) return [];
  if (group.single && group.roles.length !== 1)
    throw new Error(`role group ${group.name} must hold exactly one role`);
  const roleAddress = `aws_iam_role.${group.name}`;
  const prefix = (role: RolePlan) => (group.single ? '' : `${role.name}/`);

  const blocks: Block[] = [
    resource({
      type: 'aws_iam_role',
      name: group.name,
      provider: group.provider,
      args: group.single
        ? roleArgs(group.roles[0] as RolePlan)
        : new Map(group.roles.map((r) => [r.name, roleArgs(r)])),
      dependsOn: group.dependsOn,
    }),
  ];

  const inline = group.roles.flatMap((r) =>
    r.inlinePolicies.map((p): [string, Args] => [
      `${prefix(r)}${p.name}`,
      { name: p.name, role: r.name, policy: policyDocument(p.document) },
    ]),
  );
  if (inline.length > 0)
    blocks.push(
      resource({
        type: 'aws_iam_role_policy',
        name: group.name,
        provider: group.provider,
        args: new Map(inline),
        dependsOn: [roleAddress],
      }),
    );

  const managed = group.roles.flatMap((r) =>
    r.managedPolicies.map((p): [string, Args] => [
      `${prefix(r)}${p.name}`,
      // The plan names managed policies after the role and puts them on its path (src/plan/pack.ts).
      { name: p.name, path: r.path, policy: policyDocument(p.document), tags: group.tags },
    ]),
  );
  if (managed.length > 0)
    blocks.push(
      resource({
        type: 'aws_iam_policy',
        name: group.name,
        provider: group.provider,
        args: new Map(managed),
      }),
    );

  const attachments = group.roles.flatMap((r) => {
    // A plan may also list the managed policies it creates among the attached ARNs: attach them once.
    const created = r.managedPolicies.map((p) => managedPolicyArn(r.partition, r.account, r.path, p.name));
    const arns = [...new Set([...created, ...r.attachedPolicyArns])];
    return arns.map((arn): [string, Args] => [`${prefix(r)}${arn}`, { role: r.name, policy_arn: arn }]);
  });
  if (attachments.length > 0)
    blocks.push(
      resource({
        type: 'aws_iam_role_policy_attachment',
        name: group.name,
        provider: group.provider,
        args: new Map(attachments),
        dependsOn: [roleAddress, ...(managed.length > 0 ? [`aws_iam_policy.${group.name}`] : [])],
      }),
    );
  return blocks;
}

export const tagsRef: HclValue = expr('local.tags');
