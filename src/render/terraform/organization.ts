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
 */
import { stackSetName } from '../cdk/names.js';
import type { TfContext } from './context.js';
import { attrs, type BodyItem, block, call, expr } from './hcl.js';
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
