/**
 * `outputs.tf`: what other stacks and the Argo CD install need, read from this configuration's
 * outputs (no `terraform_remote_state` coupling the other way round):
 * - `management_role_arn` / `capability_role_arn`: for the Argo CD service accounts or the capability;
 * - `oidc_provider_arn` (IRSA);
 * - `deployer_role_arns`: Argo CD cluster name → the role its awsAuthConfig assumes;
 * - `cluster_secret_names`: Argo CD cluster name → Secret name;
 * - `cluster_ca_data` (sensitive: an SSM value is sensitive to Terraform): Argo CD cluster name →
 *   the caData Terraform resolved, for clusters whose CA the fleet file does not carry inline;
 * - `stack_set_names` (Organization mode).
 * Role outputs reference the role resource where Terraform creates it, so they are known only
 * once it exists; deployer roles a StackSet creates are given by their (deterministic) ARN.
 */

import { stackSetName } from '../cdk/names.js';
import { caLocals } from './ca.js';
import type { TfContext } from './context.js';
import { attrs, type BodyItem, block, expr, type HclValue } from './hcl.js';
import { deployerRolesName, instanceAddress } from './names.js';

const output = (name: string, description: string, value: HclValue, sensitive = false): BodyItem =>
  block('output', [name], [...attrs({ description, value, sensitive: sensitive ? true : undefined })]);

export function outputsFile(ctx: TfContext): BodyItem[] {
  const items: BodyItem[] = [];
  const role = ctx.hubRole;
  if (role)
    items.push(
      output(
        `${role.kind}_role_arn`,
        role.kind === 'capability'
          ? 'ARN of the role the EKS Argo CD capability runs as'
          : 'ARN of the Argo CD management role (the Argo CD service accounts assume it)',
        expr(`aws_iam_role.${role.kind}.arn`),
      ),
    );
  const created = ctx.slices.hub.oidcProviders.filter((p) => p.create);
  const oidc = ctx.slices.hub.oidcProviders[0];
  if (oidc)
    items.push(
      output(
        'oidc_provider_arn',
        'ARN of the hub cluster IAM OIDC provider',
        created.length > 0
          ? expr(`${instanceAddress('aws_iam_openid_connect_provider', 'hub', oidc.issuerHost)}.arn`)
          : expr(`${instanceAddress('data.aws_iam_openid_connect_provider', 'hub', oidc.issuerHost)}.arn`),
      ),
    );
  const deployers: Record<string, HclValue> = {};
  const local = new Map<string, string>();
  for (const s of ctx.slices.spokes)
    for (const r of s.roles)
      local.set(r.arn, instanceAddress('aws_iam_role', deployerRolesName(s.account), r.name));
  for (const c of [...ctx.plan.clusters].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const arn = c.config.awsAuthConfig?.roleARN;
    if (arn === undefined) continue;
    const address = local.get(arn);
    deployers[c.name] = address ? expr(`${address}.arn`) : arn;
  }
  if (Object.keys(deployers).length > 0)
    items.push(
      output(
        'deployer_role_arns',
        'Argo CD cluster name → ARN of the deployer role Argo CD assumes for it',
        deployers,
      ),
    );
  if (ctx.plan.clusters.length > 0)
    items.push(
      output(
        'cluster_secret_names',
        `Argo CD cluster name → name of its cluster Secret in namespace ${ctx.plan.argocd.namespace}`,
        Object.fromEntries(
          [...ctx.plan.clusters]
            .sort((a, b) => (a.name < b.name ? -1 : 1))
            .map((c) => [c.name, c.secretName]),
        ),
      ),
    );
  if (caLocals(ctx).length > 0)
    items.push(
      output(
        'cluster_ca_data',
        'Argo CD cluster name → caData (base64 of the PEM) that Terraform looked up, for clusters whose CA is not inline',
        expr('local.cluster_ca_data'),
        true,
      ),
    );
  const org = ctx.slices.organization;
  if (org && org.deployers.length > 0)
    items.push(
      output(
        'stack_set_names',
        'Deployer role name → name of the StackSet that creates it in every account of the OUs',
        Object.fromEntries(org.deployers.map((d) => [d.role.name, stackSetName(d.role.name)])),
      ),
    );
  return items;
}
