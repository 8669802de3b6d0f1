/**
 * `spokes.tf`, one section per spoke account (sorted by account id): the deployer roles created there (trusting
 * only the management role, as planned), the access entries and access policy associations of its
 * clusters in every region, and the data sources that resolve their CA. IAM is global and EKS
 * resources carry their own `region`, so one provider alias serves the whole account.
 *
 * In Organization mode the shared deployer role comes from the StackSet (organization.tf), and
 * the access entries wait for its instances.
 */
import type { AccessEntryPlan, RolePlan } from '../../plan/types.js';
import { accessEntryBlocks } from './access-entries.js';
import { caClusters, caDataBlocks } from './ca.js';
import type { TfContext } from './context.js';
import { type BodyItem, comment } from './hcl.js';
import { roleBlocks, tagsRef } from './iam.js';
import { deployerRolesName, providerRef } from './names.js';

export interface SpokeAccount {
  readonly account: string;
  readonly roles: readonly RolePlan[];
  readonly entries: readonly AccessEntryPlan[];
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Spoke slices (one per account and region) merged per account. */
export function spokeAccounts(ctx: TfContext): SpokeAccount[] {
  const byAccount = new Map<string, { roles: RolePlan[]; entries: AccessEntryPlan[] }>();
  const get = (account: string) => {
    let g = byAccount.get(account);
    if (!g) {
      g = { roles: [], entries: [] };
      byAccount.set(account, g);
    }
    return g;
  };
  for (const s of ctx.slices.spokes) {
    const g = get(s.account);
    g.roles.push(...s.roles);
    g.entries.push(...s.accessEntries);
  }
  for (const account of caClusters(ctx).keys()) get(account);
  return [...byAccount]
    .sort(([a], [b]) => byString(a, b))
    .map(([account, g]) => ({
      account,
      roles: g.roles.sort((a, b) => byString(a.name, b.name)),
      entries: g.entries.sort((a, b) => byString(a.cluster, b.cluster)),
    }));
}

export function spokeFile(ctx: TfContext, spoke: SpokeAccount): BodyItem[] {
  // A deployer trusts the management role by ARN; IAM rejects a trust policy whose principal does
  // not exist yet ("Invalid principal in policy"), so the hub role comes first.
  const hubRole = ctx.hubRole ? [`aws_iam_role.${ctx.hubRole.kind}`] : [];
  return [
    comment(`Spoke account ${spoke.account}`),
    ...roleBlocks({
      name: deployerRolesName(spoke.account),
      provider: providerRef(spoke.account),
      roles: spoke.roles,
      single: false,
      dependsOn: hubRole,
      tags: tagsRef,
    }),
    ...accessEntryBlocks(ctx, spoke.account, spoke.entries),
    ...caDataBlocks(spoke.account, caClusters(ctx).get(spoke.account) ?? []),
  ];
}
