/**
 * `variables.tf` and `providers.tf`: one AWS provider alias per account, each assuming a role in
 * that account — never a static key (AWS provider docs, "assume_role Configuration Block").
 *
 * The role is `var.assume_role_arns["<account>"]` when set, else
 * `arn:<partition>:iam::<account>:role/<var.assume_role_name>` (default
 * `OrganizationAccountAccessRole`, the role AWS Organizations creates in member accounts).
 * `allowed_account_ids` makes the provider refuse credentials of any other account, so a wrong
 * role ARN fails at plan instead of creating roles in the wrong place.
 *
 * With cluster Secrets on, a `kubernetes` provider reaches the hub cluster: endpoint and CA from
 * `data "aws_eks_cluster" "hub"` (its `certificate_authority[0].data` is base64 of the PEM, so
 * it is decoded once, as the provider wants PEM), and a short-lived token from
 * `aws eks get-token --role-arn <hub role>` through the exec plugin, so no token is stored in state.
 */

import { MANAGED_BY_TAG } from '../cdk/slices.js';
import type { AccountProvider, TfContext } from './context.js';
import { attrs, type BodyItem, block, call, expr, type HclValue, template } from './hcl.js';
import { sortedTags } from './iam.js';
import { providerAlias } from './names.js';
import { resource } from './resource.js';

export const SESSION_NAME = 'fleetlink-terraform';

/** The assumed role of an account's provider, as an HCL expression. */
export function assumeRoleArn(a: AccountProvider): HclValue {
  return call(
    'lookup',
    expr('var.assume_role_arns'),
    a.account,
    template(`arn:${a.partition}:iam::${a.account}:role/`, expr('var.assume_role_name')),
  );
}

/** The tags of everything created, as `local.tags`: the plan's tags, then `managed-by: fleetlink`. */
export function planTags(ctx: TfContext): Record<string, string> {
  return sortedTags({ ...ctx.plan.tags, [MANAGED_BY_TAG.key]: MANAGED_BY_TAG.value });
}

export function variablesFile(ctx: TfContext): BodyItem[] {
  return [
    block(
      'variable',
      ['assume_role_name'],
      [
        ...attrs({
          description:
            'Role the AWS provider of each account assumes, in that account, unless assume_role_arns names another.',
          type: expr('string'),
          default: ctx.assumeRoleName,
        }),
      ],
    ),
    block(
      'variable',
      ['assume_role_arns'],
      [
        ...attrs({
          description: `Role ARN to assume per account id (${ctx.accounts.map((a) => a.account).join(', ')}); accounts left out assume assume_role_name.`,
          type: expr('map(string)'),
          default: {},
        }),
      ],
    ),
    block('locals', [], [...attrs({ tags: planTags(ctx) })]),
  ];
}

export function providersFile(ctx: TfContext): BodyItem[] {
  const items: BodyItem[] = ctx.accounts.map((a) =>
    block(
      'provider',
      ['aws'],
      [
        ...attrs({
          alias: providerAlias(a.account),
          region: a.region,
          allowed_account_ids: [a.account],
        }),
        block('assume_role', [], [...attrs({ role_arn: assumeRoleArn(a), session_name: SESSION_NAME })]),
      ],
    ),
  );
  if (ctx.clusterSecrets) items.push(...kubernetesProvider(ctx));
  return items;
}

function kubernetesProvider(ctx: TfContext): BodyItem[] {
  const hub = ctx.slices.hub;
  const account = ctx.accounts.find((a) => a.account === hub.account) as AccountProvider;
  return [
    resource({
      mode: 'data',
      type: 'aws_eks_cluster',
      name: 'hub',
      provider: `aws.${providerAlias(hub.account)}`,
      args: { region: hub.region, name: hub.clusterName },
    }),
    block(
      'provider',
      ['kubernetes'],
      [
        ...attrs({
          host: expr('data.aws_eks_cluster.hub.endpoint'),
          cluster_ca_certificate: call(
            'base64decode',
            expr('data.aws_eks_cluster.hub.certificate_authority[0].data'),
          ),
        }),
        block(
          'exec',
          [],
          [
            ...attrs({
              api_version: 'client.authentication.k8s.io/v1beta1',
              command: 'aws',
              args: [
                'eks',
                'get-token',
                '--cluster-name',
                hub.clusterName,
                '--region',
                hub.region,
                '--role-arn',
                assumeRoleArn(account),
              ],
            }),
          ],
        ),
      ],
    ),
  ];
}
