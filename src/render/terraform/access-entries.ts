/**
 * EKS access entries of one spoke account: `aws_eks_access_entry` per spoke cluster (type
 * `STANDARD`, the planned Kubernetes groups) and `aws_eks_access_policy_association` per entry and
 * access policy, carrying the whole scope (cluster, or the namespace list). One resource per
 * principal and policy: EKS keeps one association per pair, so two resources for one pair (one
 * per namespace, say) would overwrite each other on every apply.
 *
 * Clusters are referenced by name, never created or modified here: the cluster must use
 * authentication mode `API` or `API_AND_CONFIG_MAP` (EKS User Guide, "Change authentication mode
 * to use access entries"). The principal must exist first (CreateAccessEntry validates it), hence
 * `depends_on` the resource that creates the role.
 */
import type { AccessEntryPlan } from '../../plan/types.js';
import type { TfContext } from './context.js';
import type { Block } from './hcl.js';
import { tagsRef } from './iam.js';
import { associationKey, providerRef, spokeName } from './names.js';
import { instances, resource } from './resource.js';

export function accessEntryBlocks(
  ctx: TfContext,
  account: string,
  entries: readonly AccessEntryPlan[],
): Block[] {
  if (entries.length === 0) return [];
  const name = spokeName(account);
  const creators = [...new Set(entries.map((e) => ctx.roleCreators.get(e.principalArn)))].filter(
    (d): d is string => d !== undefined,
  );
  const blocks: Block[] = [
    resource({
      type: 'aws_eks_access_entry',
      name,
      provider: providerRef(account),
      args: instances(
        entries.map((e) => [
          e.cluster,
          {
            region: e.region,
            cluster_name: e.clusterName,
            principal_arn: e.principalArn,
            type: e.type,
            kubernetes_groups: e.kubernetesGroups.length > 0 ? [...e.kubernetesGroups] : null,
            tags: tagsRef,
          },
        ]),
        'access entries',
      ),
      dependsOn: creators,
    }),
  ];
  const associations = entries.flatMap((e) =>
    e.accessPolicies.map(
      (p) =>
        [
          associationKey(e.cluster, p.policyArn),
          {
            region: e.region,
            cluster_name: e.clusterName,
            principal_arn: e.principalArn,
            policy_arn: p.policyArn,
            access_scope: {
              type: p.accessScope.type,
              namespaces: p.accessScope.type === 'namespace' ? [...(p.accessScope.namespaces ?? [])] : null,
            },
          },
        ] as const,
    ),
  );
  if (associations.length > 0)
    blocks.push(
      resource({
        type: 'aws_eks_access_policy_association',
        name,
        provider: providerRef(account),
        args: instances(associations, 'access policy associations'),
        nested: ['access_scope'],
        dependsOn: [`aws_eks_access_entry.${name}`],
      }),
    );
  return blocks;
}
