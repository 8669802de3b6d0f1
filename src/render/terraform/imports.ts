/**
 * `imports.tf` (on request, `--import KIND,…`): `import` blocks (Terraform >= 1.5, OpenTofu >= 1.6)
 * that adopt resources which commonly exist already, so `terraform apply` takes them over instead
 * of failing — e.g. EKS's 409 ResourceInUseException "The specified access entry resource is
 * already in use on this cluster" for an access entry another tool created, or IAM's
 * EntityAlreadyExists for the hub's OIDC provider. One block per resource instance, with the
 * static address of its `for_each` key (no `for_each` on import blocks, which Terraform only has
 * since 1.7). Import IDs are those of the AWS provider docs' "Import" sections:
 *   aws_iam_openid_connect_provider      the provider ARN
 *   aws_iam_role                         the role name
 *   aws_iam_role_policy                  <role name>:<policy name>
 *   aws_iam_policy                       the policy ARN
 *   aws_iam_role_policy_attachment       <role name>/<policy ARN>
 *   aws_eks_access_entry                 <cluster name>:<principal ARN>
 *   aws_eks_access_policy_association    <cluster name>#<principal ARN>#<policy ARN>
 * Importing an access entry that exists with other policies or groups is what the plan then shows
 * as an in-place update: review it.
 */
import { managedPolicyArn } from '../../plan/arn.js';
import type { RolePlan } from '../../plan/types.js';
import type { TfContext } from './context.js';
import { attrs, type BodyItem, block, expr } from './hcl.js';
import { associationKey, deployerRolesName, instanceAddress, providerRef, spokeName } from './names.js';
import { spokeAccounts } from './spokes.js';

interface ImportSpec {
  readonly to: string;
  readonly id: string;
  readonly account: string;
}

export function importsFile(ctx: TfContext): BodyItem[] {
  const specs: ImportSpec[] = [];
  const hub = ctx.slices.hub;
  if (ctx.imports.has('oidc-provider'))
    for (const p of hub.oidcProviders.filter((x) => x.create))
      specs.push({
        to: instanceAddress('aws_iam_openid_connect_provider', 'hub', p.issuerHost),
        id: p.arn,
        account: hub.account,
      });
  if (ctx.imports.has('roles')) {
    if (ctx.hubRole) specs.push(...roleImports(ctx.hubRole, ctx.hubRole.kind, true));
    for (const s of spokeAccounts(ctx))
      for (const r of s.roles) specs.push(...roleImports(r, deployerRolesName(s.account), false));
  }
  if (ctx.imports.has('access-entries'))
    for (const s of spokeAccounts(ctx))
      for (const e of s.entries) {
        specs.push({
          to: instanceAddress('aws_eks_access_entry', spokeName(s.account), e.cluster),
          id: `${e.clusterName}:${e.principalArn}`,
          account: s.account,
        });
        for (const p of e.accessPolicies)
          specs.push({
            to: instanceAddress(
              'aws_eks_access_policy_association',
              spokeName(s.account),
              associationKey(e.cluster, p.policyArn),
            ),
            id: `${e.clusterName}#${e.principalArn}#${p.policyArn}`,
            account: s.account,
          });
      }
  return specs.map((s) =>
    block('import', [], [...attrs({ provider: expr(providerRef(s.account)), to: expr(s.to), id: s.id })]),
  );
}

function roleImports(role: RolePlan, name: string, single: boolean): ImportSpec[] {
  const at = (type: string, key: string) =>
    single && type === 'aws_iam_role' ? `${type}.${name}` : instanceAddress(type, name, key);
  const prefix = single ? '' : `${role.name}/`;
  const account = role.account;
  const out: ImportSpec[] = [{ to: at('aws_iam_role', role.name), id: role.name, account }];
  for (const p of role.inlinePolicies)
    out.push({ to: at('aws_iam_role_policy', `${prefix}${p.name}`), id: `${role.name}:${p.name}`, account });
  const created = role.managedPolicies.map((p) => {
    const arn = managedPolicyArn(role.partition, role.account, role.path, p.name);
    out.push({ to: at('aws_iam_policy', `${prefix}${p.name}`), id: arn, account });
    return arn;
  });
  for (const arn of [...new Set([...created, ...role.attachedPolicyArns])])
    out.push({
      to: at('aws_iam_role_policy_attachment', `${prefix}${arn}`),
      id: `${role.name}/${arn}`,
      account,
    });
  return out;
}
