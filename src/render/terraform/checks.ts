/**
 * `checks.tf`: `check` blocks (Terraform >= 1.5, OpenTofu >= 1.6) that verify after apply, from the
 * AWS API, what Terraform's own state cannot show: that each access entry exists in its cluster
 * as planned (type, Kubernetes groups), and that each role trusts exactly what the plan says.
 * They run on every plan and apply; a failure is a warning that names the spoke, never a failed
 * run (Terraform docs, "Checks"). The access policy associations need no check of their own:
 * Terraform reads them back with ListAssociatedAccessPolicies on every refresh, so one removed
 * outside Terraform shows in the plan as "will be created".
 *
 * Each check reads through one scoped data source in the right account's provider. It is named
 * like its check: scoped data sources share the module's namespace of data sources, so two checks
 * cannot both hold a `data "aws_iam_role" "this"` (terraform-linters/tflint-ruleset-terraform#135).
 * Scoped data sources take `provider` and `depends_on` (Terraform docs "Checks", added in
 * hashicorp/terraform#33241); `depends_on` the resource that creates the thing makes the check
 * "known after apply" on a first plan instead of warning about resources that do not exist yet. Role trust is compared as JSON data (`jsondecode` of both sides), so
 * whitespace and key order do not matter but every statement, principal and condition does; a
 * role that was deleted and re-created behind a trusting role's back shows up here, because IAM
 * then reports the stale principal as a unique ID (AROA…) instead of the ARN.
 */

import { roleArn } from '../../plan/arn.js';
import type { AccessEntryPlan, RolePlan } from '../../plan/types.js';
import type { TfContext } from './context.js';
import { attrs, type BodyItem, block, expr, quote, renderValue, template } from './hcl.js';
import { policyDocument } from './iam.js';
import { deployerRolesName, instanceAddress, providerRef, spokeName, uniqueIdentifiers } from './names.js';

export function checksFile(ctx: TfContext): BodyItem[] {
  if (!ctx.checks) return [];
  const roles = rolesToCheck(ctx);
  const roleIds = uniqueIdentifiers(
    'role',
    roles.map((r) => `${r.role.name}_${r.account}`),
  );
  const entries = ctx.plan.accessEntries;
  const entryIds = uniqueIdentifiers(
    'access_entry',
    entries.map((e) => e.cluster),
  );
  return [
    ...roles.map((r) => roleCheck(r, roleIds.get(`${r.role.name}_${r.account}`) as string)),
    ...[...entries]
      .sort((a, b) => (a.cluster < b.cluster ? -1 : a.cluster > b.cluster ? 1 : 0))
      .map((e) => accessEntryCheck(e, entryIds.get(e.cluster) as string)),
  ];
}

interface RoleToCheck {
  readonly role: RolePlan;
  readonly account: string;
  readonly creator?: string;
  /** Address of the `aws_iam_role` instance Terraform creates it with; absent for a StackSet's role. */
  readonly planned?: string;
}

/** The hub role, every deployer role Terraform creates, and the StackSet's role in each account the plan expects it in. */
function rolesToCheck(ctx: TfContext): RoleToCheck[] {
  const out: RoleToCheck[] = [];
  const creator = (arn: string) => ctx.roleCreators.get(arn);
  if (ctx.hubRole)
    out.push({
      ...withCreator(ctx.hubRole, ctx.hubRole.account, creator(ctx.hubRole.arn)),
      planned: `aws_iam_role.${ctx.hubRole.kind}`,
    });
  for (const s of ctx.slices.spokes)
    for (const r of s.roles)
      out.push({
        ...withCreator(r, r.account, creator(r.arn)),
        planned: instanceAddress('aws_iam_role', deployerRolesName(s.account), r.name),
      });
  for (const d of ctx.slices.organization?.deployers ?? [])
    for (const account of d.accounts)
      out.push(
        withCreator(d.role, account, creator(roleArn(d.role.partition, account, d.role.path, d.role.name))),
      );
  return out.sort((a, b) => (a.account + a.role.name < b.account + b.role.name ? -1 : 1));
}

function withCreator(role: RolePlan, account: string, creator: string | undefined): RoleToCheck {
  return creator === undefined ? { role, account } : { role, account, creator };
}

function roleCheck(r: RoleToCheck, id: string): BodyItem {
  const data = `data.aws_iam_role.${id}`;
  return block(
    'check',
    [id],
    [
      block(
        'data',
        ['aws_iam_role', id],
        [
          ...attrs({
            provider: expr(providerRef(r.account)),
            name: r.role.name,
            depends_on: r.creator ? [expr(r.creator)] : undefined,
          }),
        ],
      ),
      block(
        'assert',
        [],
        [
          ...attrs({
            // A role Terraform creates is compared with its own planned document (the same
            // jsonencode of the plan's trust policy); a StackSet's role with the plan's document.
            condition: expr(
              `jsondecode(${data}.assume_role_policy) == jsondecode(${r.planned ? `${r.planned}.assume_role_policy` : renderValue(policyDocument(r.role.trustPolicy), 2)})`,
            ),
            error_message: `Role ${r.role.path}${r.role.name} in ${r.account} does not trust exactly what the Fleetlink plan says (was it edited, or was a trusted role re-created?). Run npx fleetlink doctor.`,
          }),
        ],
      ),
    ],
  );
}

function accessEntryCheck(e: AccessEntryPlan, id: string): BodyItem {
  const data = `data.aws_eks_access_entry.${id}`;
  const groups = [...e.kubernetesGroups].sort().join(',');
  return block(
    'check',
    [id],
    [
      block(
        'data',
        ['aws_eks_access_entry', id],
        [
          ...attrs({
            provider: expr(providerRef(e.account)),
            region: e.region,
            cluster_name: e.clusterName,
            principal_arn: e.principalArn,
            depends_on: [expr(`aws_eks_access_entry.${spokeName(e.account)}`)],
          }),
        ],
      ),
      block(
        'assert',
        [],
        [
          ...attrs({
            condition: expr(
              `${data}.type == "${e.type}" && join(",", sort(${data}.kubernetes_groups)) == ${quote(groups)}`,
            ),
            error_message: template(
              `Access entry of ${e.principalArn} on EKS cluster ${e.clusterName} (${e.account}, ${e.region}) for Argo CD cluster ${e.cluster} is not as planned: type `,
              expr(`${data}.type`),
              ', groups [',
              expr(`join(",", sort(${data}.kubernetes_groups))`),
              `], planned [${groups}].`,
            ),
          }),
        ],
      ),
    ],
  );
}
