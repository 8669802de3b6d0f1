/**
 * What every part of the Terraform renderer needs to know about the plan: the same slices the
 * CDK target uses (src/render/cdk/slices.ts: hub, spoke accounts, Organization StackSets), the
 * accounts that get a provider, and which resource creates each role, so that what trusts or
 * names a role can wait for it.
 */
import { UserError } from '../../errors.js';
import type { Partition } from '../../fleet/types.js';
import { roleArn } from '../../plan/arn.js';
import type { AccessPlan, ClusterRegistrationPlan, RolePlan } from '../../plan/types.js';
import type { FleetSlices } from '../cdk/slices.js';
import { sliceAccessPlan } from '../cdk/slices.js';
import { deployerRolesName, providerRef } from './names.js';

/** Existing resources that `import` blocks can adopt instead of failing with "already exists". */
export const IMPORT_KINDS = ['oidc-provider', 'roles', 'access-entries'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** A CloudFormation template as JSON data. */
export type CfnTemplateJson = { readonly [key: string]: unknown };

export interface TerraformOptions {
  /**
   * Write the Argo CD cluster Secrets as `kubernetes_secret_v1` resources on the hub (adds the
   * `hashicorp/kubernetes` provider). Without it, `argocd/values.yaml` registers the clusters.
   * @default false
   */
  readonly clusterSecrets?: boolean;
  /** Resources to write `import` blocks for. @default none */
  readonly imports?: readonly ImportKind[];
  /** Write `check` blocks (post-apply verification from the AWS API). @default true */
  readonly checks?: boolean;
  /** Role the AWS provider of each account assumes unless `assume_role_arns` names one. @default OrganizationAccountAccessRole */
  readonly assumeRoleName?: string;
  /**
   * HCL written verbatim to `backend.tf` (`--backend-file`): the user's `terraform { backend … }`
   * block, kept in the directory although the directory is replaced on every synth.
   */
  readonly backend?: string;
  /** Where Organization StackSets are administered from (`--org-admin`). @default the hub */
  readonly organizationAdmin?: { readonly account: string; readonly region?: string };
  /**
   * The CloudFormation template of each deployer-role StackSet, by StackSet name. The CLI passes
   * the CDK target's own templates (src/render/cdk/stackset-template.ts), so both targets deploy
   * the same role. Required when the plan has an Organization with a shared deployer role.
   */
  readonly stackSetTemplates?: ReadonlyMap<string, CfnTemplateJson>;
}

export interface AccountProvider {
  readonly account: string;
  /** Provider default region: the hub's for the hub account, else the first region used there. */
  readonly region: string;
  readonly partition: Partition;
}

export interface TfContext {
  readonly plan: AccessPlan;
  readonly slices: FleetSlices;
  readonly clusterSecrets: boolean;
  readonly imports: ReadonlySet<ImportKind>;
  readonly checks: boolean;
  readonly assumeRoleName: string;
  readonly stackSetTemplates: ReadonlyMap<string, CfnTemplateJson>;
  /** One AWS provider per account, sorted by account id. */
  readonly accounts: readonly AccountProvider[];
  /** `management` or `capability`: the resource name of the hub role, when the plan has one. */
  readonly hubRole?: RolePlan;
  /**
   * Cross-account Pod Identity: the hub-account role the associations name; `hubRole` is then the
   * management role in its own account, their `targetRoleArn`.
   */
  readonly associationRole?: RolePlan;
  /** Role ARN → the address of the resource that creates the role (for `depends_on`). */
  readonly roleCreators: ReadonlyMap<string, string>;
  /** Clusters whose CA Terraform looks up (SSM or the EKS API), by account. */
  readonly caClusters: ReadonlyMap<string, readonly ClusterRegistrationPlan[]>;
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const DEFAULT_ASSUME_ROLE_NAME = 'OrganizationAccountAccessRole';

export function buildContext(plan: AccessPlan, options: TerraformOptions = {}): TfContext {
  const slices = sliceAccessPlan(
    plan,
    options.organizationAdmin ? { organizationAdmin: options.organizationAdmin } : {},
  );
  const assumeRoleName = options.assumeRoleName ?? DEFAULT_ASSUME_ROLE_NAME;
  if (!/^[\w+=,.@-]{1,64}$/.test(assumeRoleName))
    throw new UserError(
      `--assume-role-name must be an IAM role name (1-64 of A-Z a-z 0-9 +=,.@_-), got "${assumeRoleName}"`,
      {
        exitCode: 2,
      },
    );
  const ownHubRoles = slices.hub.roles.filter((r) => r.kind !== 'association');
  const associationRoles = slices.hub.roles.filter((r) => r.kind === 'association');
  const hubRoles = [...ownHubRoles, ...(slices.management?.roles ?? [])];
  if (hubRoles.length > 1 || associationRoles.length > 1)
    throw new UserError(
      `The plan has ${slices.hub.roles.length} hub roles (${slices.hub.roles.map((r) => r.id).join(', ')}); Fleetlink plans one management or capability role (and one Pod Identity association role).`,
    );
  for (const p of slices.hub.oidcProviders)
    if (p.account !== slices.hub.account)
      throw new UserError(`OIDC provider ${p.arn} is not in the hub account ${slices.hub.account}.`);

  const hubRole = hubRoles[0];
  const associationRole = associationRoles[0];
  const roleCreators = new Map<string, string>();
  if (hubRole) roleCreators.set(hubRole.arn, `aws_iam_role.${hubRole.kind}`);
  if (associationRole) roleCreators.set(associationRole.arn, `aws_iam_role.${associationRole.kind}`);
  for (const s of slices.spokes)
    for (const r of s.roles) roleCreators.set(r.arn, `aws_iam_role.${deployerRolesName(s.account)}`);
  const org = slices.organization;
  if (org)
    for (const d of org.deployers)
      for (const account of d.accounts)
        roleCreators.set(
          roleArn(d.role.partition, account, d.role.path, d.role.name),
          'aws_cloudformation_stack_set_instance.deployer',
        );

  return {
    plan,
    slices,
    clusterSecrets: options.clusterSecrets ?? false,
    imports: new Set(options.imports ?? []),
    checks: options.checks ?? true,
    assumeRoleName,
    stackSetTemplates: options.stackSetTemplates ?? new Map(),
    accounts: accountProviders(plan, slices),
    ...(hubRole ? { hubRole } : {}),
    ...(associationRole ? { associationRole } : {}),
    roleCreators,
    caClusters: caClustersByAccount(plan),
  };
}

function caClustersByAccount(plan: AccessPlan): Map<string, ClusterRegistrationPlan[]> {
  const out = new Map<string, ClusterRegistrationPlan[]>();
  for (const c of plan.clusters) {
    if (!c.caSource) continue;
    const list = out.get(c.account);
    if (list) list.push(c);
    else out.set(c.account, [c]);
  }
  return out;
}

function accountProviders(plan: AccessPlan, slices: FleetSlices): AccountProvider[] {
  const regions = new Map<string, { regions: Set<string>; partition: Partition }>();
  const add = (account: string, region: string, partition: Partition): void => {
    const seen = regions.get(account) ?? { regions: new Set<string>(), partition };
    seen.regions.add(region);
    regions.set(account, seen);
  };
  add(slices.hub.account, slices.hub.region, slices.hub.partition);
  if (slices.management)
    add(slices.management.account, slices.management.region, slices.management.partition);
  for (const s of slices.spokes) add(s.account, s.region, s.partition);
  const org = slices.organization;
  if (org) {
    add(org.account, org.region, plan.hub.partition);
    // Accounts whose deployer role a StackSet creates: their check reads the role there.
    for (const d of org.deployers) for (const a of d.accounts) add(a, org.instanceRegion, d.role.partition);
  }
  return [...regions]
    .sort(([a], [b]) => byString(a, b))
    .map(([account, r]) => ({
      account,
      region:
        account === slices.hub.account ? slices.hub.region : ([...r.regions].sort(byString)[0] as string),
      partition: r.partition,
    }));
}

export const provider = (account: string): string => providerRef(account);
