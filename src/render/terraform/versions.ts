/**
 * `versions.tf`: the Terraform and provider versions the generated configuration needs.
 *
 * - Terraform >= 1.5.0: `import` blocks and `check` blocks arrived in Terraform 1.5; OpenTofu has
 *   both since its first release, 1.6.0, whose `required_version` check passes ">= 1.5.0". Nothing
 *   else generated is newer than Terraform 1.0 (no `for_each` on providers or import blocks,
 *   which OpenTofu and Terraform support differently).
 * - hashicorp/aws ~> 6.25: every resource is regional through the resource-level `region`
 *   argument that provider 6.0 introduced, which is what lets one provider alias serve an account
 *   in all its regions; `aws_eks_access_entry`, `aws_eks_access_policy_association` and
 *   `aws_eks_pod_identity_association` came earlier, in 5.x. 6.25.0 is the version whose schema the
 *   tests check every generated argument against (the bindings in @cdktf/provider-aws 21.22.1),
 *   so it is the floor; the `~>` keeps out a 7.0 that may rename arguments.
 * - hashicorp/kubernetes ~> 2.38 (only with cluster Secrets): `kubernetes_secret_v1`, checked
 *   against the 2.38.0 schema (@cdktf/provider-kubernetes 12.1.1).
 * Both providers are the same binaries under OpenTofu (its registry mirrors `hashicorp/*`).
 */
import { attrs, type BodyItem, block } from './hcl.js';

export const TERRAFORM_REQUIRED_VERSION = '>= 1.5.0';
export const AWS_PROVIDER = { source: 'hashicorp/aws', version: '~> 6.25' } as const;
export const KUBERNETES_PROVIDER = { source: 'hashicorp/kubernetes', version: '~> 2.38' } as const;

export function versionsFile(kubernetes: boolean): BodyItem[] {
  return [
    block(
      'terraform',
      [],
      [
        ...attrs({ required_version: TERRAFORM_REQUIRED_VERSION }),
        block(
          'required_providers',
          [],
          [
            ...attrs({
              aws: { ...AWS_PROVIDER },
              ...(kubernetes ? { kubernetes: { ...KUBERNETES_PROVIDER } } : {}),
            }),
          ],
        ),
      ],
    ),
  ];
}
