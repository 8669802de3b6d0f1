/**
 * `hub.tf`: everything in the hub account — the IAM OIDC provider of the hub cluster (a resource
 * when the plan creates it, a data source when it exists already, which also fails the plan early
 * if it does not), the management role (IRSA, Pod Identity) or the capability role
 * (eks-capability) with its policies, and the EKS Pod Identity associations.
 *
 * The trust policy names the OIDC provider by its literal ARN (IAM condition keys must be literal
 * strings), so `depends_on` orders the provider first. In eks-capability mode the capability
 * role is created here; the Argo CD capability itself is created with that role afterwards.
 */

import { provider, type TfContext } from './context.js';
import type { BodyItem } from './hcl.js';
import { roleBlocks, tagsRef } from './iam.js';
import { resource } from './resource.js';

export function hubFile(ctx: TfContext): BodyItem[] {
  const hub = ctx.slices.hub;
  const items: BodyItem[] = [];
  const created = hub.oidcProviders.filter((p) => p.create);
  const existing = hub.oidcProviders.filter((p) => !p.create);
  const dependsOn: string[] = [];
  if (created.length > 0) {
    items.push(
      resource({
        type: 'aws_iam_openid_connect_provider',
        name: 'hub',
        provider: provider(hub.account),
        args: new Map(
          created.map((p) => [
            p.issuerHost,
            { url: p.issuerUrl, client_id_list: [...p.clientIds], tags: tagsRef },
          ]),
        ),
      }),
    );
    dependsOn.push('aws_iam_openid_connect_provider.hub');
  }
  if (existing.length > 0) {
    items.push(
      resource({
        mode: 'data',
        type: 'aws_iam_openid_connect_provider',
        name: 'hub',
        provider: provider(hub.account),
        args: new Map(existing.map((p) => [p.issuerHost, { arn: p.arn }])),
      }),
    );
    dependsOn.push('data.aws_iam_openid_connect_provider.hub');
  }
  const association = ctx.associationRole;
  if (association)
    items.push(
      ...roleBlocks({
        name: association.kind,
        provider: provider(hub.account),
        roles: [association],
        single: true,
        dependsOn: [],
        tags: tagsRef,
      }),
    );
  const role = ctx.hubRole;
  if (role)
    items.push(
      ...roleBlocks({
        name: role.kind,
        // A Pod Identity target role lives in the management account, not the hub's.
        provider: provider(role.account),
        roles: [role],
        single: true,
        // IAM rejects a trust policy naming a role that does not exist yet.
        dependsOn: association ? [...dependsOn, `aws_iam_role.${association.kind}`] : dependsOn,
        tags: tagsRef,
      }),
    );
  if (hub.podIdentityAssociations.length > 0)
    items.push(
      resource({
        type: 'aws_eks_pod_identity_association',
        name: 'hub',
        provider: provider(hub.account),
        args: new Map(
          hub.podIdentityAssociations.map((a) => [
            `${a.namespace}/${a.serviceAccount}`,
            {
              region: a.region,
              cluster_name: a.clusterName,
              namespace: a.namespace,
              service_account: a.serviceAccount,
              role_arn: a.roleArn,
              // aws provider ≥ 5.100 / 6.x (eks_pod_identity_association): EKS chains into the
              // target role itself; disabled session tags leave none to pass on (pod-id-abac).
              target_role_arn: a.targetRoleArn,
              disable_session_tags: a.disableSessionTags,
              tags: tagsRef,
            },
          ]),
        ),
        dependsOn: [
          ...new Set(
            hub.podIdentityAssociations.flatMap((a) => [
              ctx.roleCreators.get(a.roleArn),
              ...(a.targetRoleArn === undefined ? [] : [ctx.roleCreators.get(a.targetRoleArn)]),
            ]),
          ),
        ].filter((d): d is string => d !== undefined),
      }),
    );
  return items;
}
