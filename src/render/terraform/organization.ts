/**
 * `organization.tf`: each shared deployer role as a service-managed CloudFormation StackSet with
 * automatic deployment, administered from the Organization's management account or a delegated
 * administrator (`call_as = "DELEGATED_ADMIN"`), plus one `aws_cloudformation_stack_set_instance`
 * per target OU. AWS Organizations then creates the role in every account that joins an OU,
 * without anyone running Terraform, and removes it from accounts that leave (CloudFormation User
 * Guide, "Enable or disable automatic deployments for StackSets in AWS Organizations").
 *
 * The template is the CDK target's own (src/render/cdk/stackset-template.ts). Instances go to one
 * region: IAM is global, a second region's instance would fail with "already exists".
 * `administration_role_arn` is ignored on update: CloudFormation fills it in for service-managed
 * StackSets, and the AWS provider would otherwise plan to clear it on every run.
 *
 * Which accounts an OU target reaches is decided by AWS Organizations at apply, so the module also
 * reads each OU's accounts while planning (`data "aws_organizations_organizational_unit_descendant_accounts"`:
 * StackSets deploy to an OU's accounts and those of its child OUs; ListChildren and
 * ListAccountsForParent may be called from the management account or a delegated administrator,
 * AWS Organizations API Reference). The plan then states the StackSet's targets, and
 * `fleetlink prove --terraform-plan` proves the role into exactly those accounts. A `check`
 * warns when an account the fleet expects the role in is not (or no longer) in the OUs.
 */
import { stackSetName } from '../cdk/names.js';
import type { TfContext } from './context.js';
import { attrs, type BodyItem, block, call, expr, renderValue, template } from './hcl.js';
import { tagsRef, toHcl } from './iam.js';
import { providerRef } from './names.js';
import { instances, resource } from './resource.js';

export function organizationFile(ctx: TfContext): BodyItem[] {
  const org = ctx.slices.organization;
  if (!org || org.deployers.length === 0) return [];
  const callAs = org.delegatedAdmin ? 'DELEGATED_ADMIN' : 'SELF';
  const stackSets = org.deployers.map((d) => {
    const name = stackSetName(d.role.name);
    const template = ctx.stackSetTemplates.get(name);
    if (!template) throw new Error(`no StackSet template given for ${name}`);
    return [
      d.role.name,
      {
        name,
        description:
          `Fleetlink: Argo CD deployer role ${d.role.path}${d.role.name} in every account of ${org.organizationalUnits.join(', ')}`.slice(
            0,
            1024,
          ),
        template_body: call('jsonencode', toHcl(template)),
      },
    ] as const;
  });
  const hubRole = ctx.hubRole ? [`aws_iam_role.${ctx.hubRole.kind}`] : [];
  return [
    resource({
      mode: 'data',
      type: TARGETS_TYPE,
      name: TARGETS_NAME,
      provider: providerRef(org.account),
      args: instances(
        org.organizationalUnits.map((ou) => [ou, { parent_id: ou }] as const),
        'organizational units',
      ),
    }),
    ...(ctx.checks ? [membershipCheck(org.deployers.flatMap((d) => d.accounts))] : []),
    resource({
      type: 'aws_cloudformation_stack_set',
      name: 'deployer',
      provider: providerRef(org.account),
      args: instances(stackSets, 'deployer StackSets'),
      common: {
        region: org.region,
        permission_model: 'SERVICE_MANAGED',
        call_as: callAs,
        // The role has a fixed name, which CloudFormation treats as a named IAM resource.
        capabilities: ['CAPABILITY_NAMED_IAM'],
        tags: tagsRef,
      },
      extra: [
        block(
          'auto_deployment',
          [],
          [
            // Removing an account from the OU must remove Argo CD's way into it.
            ...attrs({ enabled: true, retain_stacks_on_account_removal: false }),
          ],
        ),
        block('lifecycle', [], [...attrs({ ignore_changes: [expr('administration_role_arn')] })]),
      ],
      // The role's trust policy names the management role, which must exist first.
      dependsOn: hubRole,
    }),
    resource({
      type: 'aws_cloudformation_stack_set_instance',
      name: 'deployer',
      provider: providerRef(org.account),
      args: instances(
        org.deployers.flatMap((d) =>
          org.organizationalUnits.map(
            (ou) =>
              [
                `${d.role.name}/${ou}`,
                {
                  stack_set_name: stackSetName(d.role.name),
                  deployment_targets: { organizational_unit_ids: [ou] },
                },
              ] as const,
          ),
        ),
        'StackSet instances',
      ),
      nested: ['deployment_targets'],
      common: { region: org.region, call_as: callAs, stack_set_instance_region: org.instanceRegion },
      dependsOn: ['aws_cloudformation_stack_set.deployer'],
    }),
  ];
}

const TARGETS_TYPE = 'aws_organizations_organizational_unit_descendant_accounts';
const TARGETS_NAME = 'deployer_targets';

/** Every account the plan expects a StackSet role in is an active account of the target OUs. */
function membershipCheck(expected: readonly string[]): BodyItem {
  const accounts = [...new Set(expected)].sort();
  const active = `flatten([for ou in data.${TARGETS_TYPE}.${TARGETS_NAME} : [for a in ou.accounts : a.id if a.status == "ACTIVE"]])`;
  const missing = `setsubtract(${renderValue(accounts, 0).replace(/\s*\n\s*/g, ' ')}, ${active})`;
  return block(
    'check',
    ['deployer_accounts_in_organizational_units'],
    [
      block(
        'assert',
        [],
        [
          ...attrs({
            condition: expr(`length(${missing}) == 0`),
            // The management account never gets a stack instance (CloudFormation API Reference,
            // DeploymentTargets); one in a suspended account fails.
            error_message: template(
              'The deployer StackSet creates its role only in active accounts of the target OUs, and the fleet expects it in ',
              expr(`join(", ", sort(${missing}))`),
              ' too: move those accounts into a target OU, or add their OU to organization.organizationalUnits.',
            ),
          }),
        ],
      ),
    ],
  );
}
