/**
 * Cluster CA data that the fleet file does not carry inline, resolved by Terraform at apply — what
 * the offline plan cannot do:
 * - `ca: { ssmParameter }` → `data "aws_ssm_parameter"` in the spoke account's provider;
 * - `ca: discover` → `data "aws_eks_cluster"` there (`certificate_authority[0].data`).
 *
 * Argo CD's `tlsClientConfig.caData` is base64 of the PEM, which is exactly what EKS returns as
 * `certificateAuthority.data`: that value is used as is, never encoded again (the write-up's
 * `base64encode()` over it sent Argo CD a double-encoded CA — facts §write-up, defect 4). An SSM
 * parameter holding the raw PEM instead is recognised by its `-----BEGIN` line and encoded once.
 * `local.cluster_ca_data` holds the result per Argo CD cluster name.
 */
import type { ClusterRegistrationPlan } from '../../plan/types.js';
import type { TfContext } from './context.js';
import { attrs, type BodyItem, block, expr, type HclValue, quote } from './hcl.js';
import { caName, instanceAddress, providerRef } from './names.js';
import { instances, resource } from './resource.js';

/** Clusters whose CA Terraform looks up, by account (computed once, in the context). */
export function caClusters(ctx: TfContext): ReadonlyMap<string, readonly ClusterRegistrationPlan[]> {
  return ctx.caClusters;
}

/** The data sources of one account's clusters. */
export function caDataBlocks(account: string, clusters: readonly ClusterRegistrationPlan[]): BodyItem[] {
  const ssm = clusters.filter((c) => c.caSource?.kind === 'ssm');
  const discover = clusters.filter((c) => c.caSource?.kind === 'discover');
  const items: BodyItem[] = [];
  if (ssm.length > 0)
    items.push(
      resource({
        mode: 'data',
        type: 'aws_ssm_parameter',
        name: caName(account),
        provider: providerRef(account),
        args: instances(
          ssm.map((c) => [
            c.name,
            {
              region: c.region,
              name: (c.caSource as { parameter: string }).parameter,
              with_decryption: true,
            },
          ]),
          'CA parameters',
        ),
      }),
    );
  if (discover.length > 0)
    items.push(
      resource({
        mode: 'data',
        type: 'aws_eks_cluster',
        name: caName(account),
        provider: providerRef(account),
        args: instances(
          discover.map((c) => [c.name, { region: c.region, name: c.clusterName }]),
          'discovered clusters',
        ),
      }),
    );
  return items;
}

/** The `caData` expression of a cluster whose CA Terraform resolves. */
export function caDataExpression(c: ClusterRegistrationPlan): HclValue {
  if (c.caSource?.kind === 'discover')
    return expr(
      `${instanceAddress('data.aws_eks_cluster', caName(c.account), c.name)}.certificate_authority[0].data`,
    );
  const value = `trimspace(${instanceAddress('data.aws_ssm_parameter', caName(c.account), c.name)}.value)`;
  return expr(`startswith(${value}, "-----BEGIN") ? base64encode(${value}) : ${value}`);
}

/** `locals { cluster_ca_data = { "<cluster>" = … } }`, or nothing when every CA is inline. */
export function caLocals(ctx: TfContext): BodyItem[] {
  const clusters = [...caClusters(ctx).values()].flat().sort((a, b) => (a.name < b.name ? -1 : 1));
  if (clusters.length === 0) return [];
  const map: Record<string, HclValue> = {};
  for (const c of clusters) map[c.name] = caDataExpression(c);
  return [block('locals', [], attrs({ cluster_ca_data: map }))];
}

/** Reference to one cluster's resolved CA. */
export function caRef(name: string): HclValue {
  return expr(`local.cluster_ca_data[${quote(name)}]`);
}
