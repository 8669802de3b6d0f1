/**
 * Which part of an AccessPlan goes into which CloudFormation stack. Pure: data in, data out.
 *
 * - Hub stack (hub account + region): the IAM OIDC provider (created or imported), the
 *   management role (IRSA, Pod Identity) or the capability role (eks-capability), and the EKS
 *   Pod Identity associations.
 * - One spoke stack per spoke account + region: the deployer roles and the access entries of the
 *   clusters there. IAM is global, so a deployer role lives in the stack of the region of the
 *   cluster it serves.
 * - Organization mode: a deployer role that several accounts share (one fixed name) moves into a
 *   service-managed StackSet deployed from the Organization's management or delegated-administrator
 *   account to every account of the OUs; spoke stacks keep the access entries (and any deployer
 *   role only one account uses).
 */
import { UserError } from '../../errors.js';
import type { IdentityMode, Partition } from '../../fleet/types.js';
import type {
  AccessEntryPlan,
  AccessPlan,
  OidcProviderPlan,
  PodIdentityAssociationPlan,
  PolicyStatement,
  RolePlan,
} from '../../plan/types.js';

export type Tags = Readonly<Record<string, string>>;

/** The tag every resource Fleetlink creates carries, so people and `doctor` can tell what it owns. */
export const MANAGED_BY_TAG: Readonly<{ key: string; value: string }> = {
  key: 'managed-by',
  value: 'fleetlink',
};

export interface HubSlice {
  readonly account: string;
  readonly region: string;
  readonly partition: Partition;
  readonly identity: IdentityMode;
  /** EKS cluster name of the hub (Pod Identity associations are made on it). */
  readonly clusterName: string;
  /** Providers to create (`create: true`) and providers imported by ARN (`create: false`). */
  readonly oidcProviders: readonly OidcProviderPlan[];
  /** The management role (IRSA, Pod Identity) or the capability role (eks-capability). */
  readonly roles: readonly RolePlan[];
  readonly podIdentityAssociations: readonly PodIdentityAssociationPlan[];
  /** Tags for every resource (`managed-by: fleetlink` is added on top). */
  readonly tags: Tags;
}

/**
 * Cross-account Pod Identity: the management role lives in another account than the hub and is the
 * associations' `targetRoleArn` (EKS User Guide, pod-id-assign-target-role). IAM is global, so it
 * is created in that account from the hub region.
 */
export interface ManagementSlice {
  readonly account: string;
  readonly region: string;
  readonly partition: Partition;
  readonly roles: readonly RolePlan[];
  readonly tags: Tags;
}

export interface SpokeSlice {
  readonly account: string;
  readonly region: string;
  readonly partition: Partition;
  /** Deployer roles created in this stack; empty in Organization mode (the StackSet creates them). */
  readonly roles: readonly RolePlan[];
  readonly accessEntries: readonly AccessEntryPlan[];
  readonly tags: Tags;
}

/** One deployer role definition that a StackSet puts into every account of the target OUs. */
export interface DeployerTemplate {
  /** The role as planned for the first of `accounts`; name, path, policies and tags are the same for all. */
  readonly role: RolePlan;
  /** The spoke accounts the plan expects this role in (they must belong to the target OUs). */
  readonly accounts: readonly string[];
}

export interface OrganizationSlice {
  /** Account the StackSets are administered from: the Organization's management account or a delegated administrator. */
  readonly account: string;
  readonly region: string;
  readonly organizationId: string;
  readonly organizationalUnits: readonly string[];
  /**
   * The one region the StackSet instances go to. IAM is global: an instance of a role template in
   * a second region of the same account would fail with "role already exists".
   */
  readonly instanceRegion: string;
  readonly delegatedAdmin: boolean;
  readonly deployers: readonly DeployerTemplate[];
  readonly tags: Tags;
}

export interface FleetSlices {
  readonly hub: HubSlice;
  /** Present when the management role is outside the hub account (a Pod Identity target role). */
  readonly management?: ManagementSlice;
  readonly spokes: readonly SpokeSlice[];
  readonly organization?: OrganizationSlice;
  /** Things the user should know about how the plan was laid out (printed by `fleetlink synth`). */
  readonly notes: readonly string[];
}

export interface SliceOptions {
  /**
   * Where the Organization StackSets are deployed from: the Organization's management account or
   * a registered delegated administrator (CloudFormation User Guide, "Register a delegated administrator").
   * @default - the hub account and region (region: the hub region when only the account is given)
   */
  readonly organizationAdmin?: { readonly account: string; readonly region?: string };
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Split an AccessPlan into the slices each stack renders. Throws a UserError on a plan that cannot be laid out. */
export function sliceAccessPlan(plan: AccessPlan, options: SliceOptions = {}): FleetSlices {
  const notes: string[] = [];
  const roles = uniqueRoles(plan.roles);
  const hub: HubSlice = {
    account: plan.hub.account,
    region: plan.hub.region,
    partition: plan.hub.partition,
    identity: plan.identity,
    clusterName: plan.hub.clusterName,
    oidcProviders: [...plan.oidcProviders].sort((a, b) => byString(a.arn, b.arn)),
    roles: roles.filter((r) => r.kind !== 'deployer' && !isTargetRole(plan, r)),
    podIdentityAssociations: [...plan.podIdentityAssociations].sort((a, b) => byString(podKey(a), podKey(b))),
    tags: plan.tags,
  };
  for (const r of hub.roles)
    if (r.account !== hub.account)
      throw new UserError(`The ${r.kind} role ${r.arn} is not in the hub account ${hub.account}.`);
  for (const p of hub.podIdentityAssociations)
    if (p.account !== hub.account || p.region !== hub.region)
      throw new UserError(
        `Pod Identity association ${p.namespace}/${p.serviceAccount} on ${p.clusterName} is outside the hub (${p.account} ${p.region}).`,
      );

  const management = managementSlice(
    plan,
    roles.filter((r) => isTargetRole(plan, r)),
  );

  const deployers = roles.filter((r) => r.kind === 'deployer');
  const org = plan.organization ? organizationSlice(plan, deployers, options, notes) : undefined;
  const organization = org?.slice;
  const stackRoles = org ? org.perAccount : deployers;

  // Spoke stacks: one per account+region that has an access entry or a deployer role to create.
  const groups = new Map<
    string,
    { account: string; region: string; roles: RolePlan[]; entries: AccessEntryPlan[] }
  >();
  const group = (account: string, region: string) => {
    const key = `${account}/${region}`;
    let g = groups.get(key);
    if (!g) {
      g = { account, region, roles: [], entries: [] };
      groups.set(key, g);
    }
    return g;
  };
  for (const e of plan.accessEntries) group(e.account, e.region).entries.push(e);
  const regions = entryRegions(plan.accessEntries);
  for (const role of stackRoles)
    group(role.account, deployerRegion(role, regions, plan.hub.region)).roles.push(role);

  const spokes: SpokeSlice[] = [...groups.values()]
    .sort((a, b) => byString(a.account, b.account) || byString(a.region, b.region))
    .map((g) => ({
      account: g.account,
      region: g.region,
      partition: g.entries[0]?.partition ?? g.roles[0]?.partition ?? plan.hub.partition,
      roles: g.roles.sort((a, b) => byString(a.arn, b.arn)),
      accessEntries: g.entries.sort((a, b) => byString(entryKey(a), entryKey(b))),
      tags: plan.tags,
    }));
  return {
    hub,
    ...(management ? { management } : {}),
    spokes,
    ...(organization ? { organization } : {}),
    notes,
  };
}

/** A management role in another account than the hub's that an association names as `targetRoleArn`. */
function isTargetRole(plan: AccessPlan, role: RolePlan): boolean {
  return (
    role.kind === 'management' &&
    role.account !== plan.hub.account &&
    plan.podIdentityAssociations.some((a) => a.targetRoleArn === role.arn)
  );
}

function managementSlice(plan: AccessPlan, roles: readonly RolePlan[]): ManagementSlice | undefined {
  const first = roles[0];
  if (!first) return undefined;
  for (const r of roles)
    if (r.account !== first.account)
      throw new UserError(
        `The plan's target roles are in accounts ${first.account} and ${r.account}; Fleetlink plans one management role.`,
      );
  return {
    account: first.account,
    region: plan.hub.region,
    partition: first.partition,
    roles,
    tags: plan.tags,
  };
}

function podKey(p: PodIdentityAssociationPlan): string {
  return `${p.clusterName}\0${p.namespace}\0${p.serviceAccount}`;
}

function entryKey(e: AccessEntryPlan): string {
  return `${e.clusterName}\0${e.principalArn}`;
}

/**
 * A plan may list one role for several spokes (two spokes in one account sharing a deployer
 * role): they must agree on every field, since one IAM role can only have one definition.
 */
function uniqueRoles(roles: readonly RolePlan[]): RolePlan[] {
  const byArn = new Map<string, RolePlan>();
  for (const role of roles) {
    const seen = byArn.get(role.arn);
    if (!seen) {
      byArn.set(role.arn, role);
      continue;
    }
    if (definitionKey(seen) !== definitionKey(role))
      throw new UserError(
        `The plan defines role ${role.arn} twice with different contents (${seen.id} and ${role.id}); one IAM role has one trust policy and one set of policies.`,
      );
  }
  return [...byArn.values()].sort((a, b) => byString(a.arn, b.arn));
}

/**
 * Everything that defines an IAM role except where it lives (account, ARN) and the plan's
 * bookkeeping (id, `serves`). The description is left out too when `withDescription` is false:
 * the planner names the clusters a deployer serves in it, which differ from account to account.
 */
export function definitionKey(role: RolePlan, withDescription = true): string {
  return JSON.stringify([
    role.kind,
    role.name,
    role.path,
    withDescription ? role.description : null,
    role.trustPolicy,
    role.inlinePolicies,
    role.managedPolicies,
    role.attachedPolicyArns,
    role.permissionsBoundaryArn ?? null,
    role.maxSessionDuration,
    role.tags,
  ]);
}

/**
 * The first region (in string order) of the access entries of each principal in each account, built
 * once: looking it up per role by filtering every entry made slicing quadratic (6 s at 20,000 spokes).
 */
function entryRegions(entries: readonly AccessEntryPlan[]): Map<string, string> {
  const first = new Map<string, string>();
  for (const e of entries) {
    const key = `${e.account}\0${e.principalArn}`;
    const seen = first.get(key);
    if (seen === undefined || byString(e.region, seen) < 0) first.set(key, e.region);
  }
  return first;
}

/** The region of the first cluster the role serves; the hub region when it serves none. */
function deployerRegion(role: RolePlan, regions: ReadonlyMap<string, string>, hubRegion: string): string {
  return regions.get(`${role.account}\0${role.arn}`) ?? hubRegion;
}

/**
 * Which deployer roles become StackSets. A StackSet gives every account of the OUs the same
 * role, so it pays off for a role definition several accounts share (one fixed deployer name):
 * an account joining an OU then gets its role with nobody running anything. A definition only one
 * account uses (a per-spoke name such as `argocd-deployer-{name}`) would land in every account of
 * the OUs for nothing; it stays in its spoke stack. A fleet whose deployers all share one
 * definition uses a StackSet even when only one account has a spoke yet.
 */
function organizationSlice(
  plan: AccessPlan,
  deployers: readonly RolePlan[],
  options: SliceOptions,
  notes: string[],
): { slice?: OrganizationSlice; perAccount: RolePlan[] } {
  const org = plan.organization!;
  const groups = new Map<string, RolePlan[]>();
  for (const role of deployers) {
    const key = definitionKey(role, false);
    groups.set(key, [...(groups.get(key) ?? []), role]);
  }
  const shared: RolePlan[][] = [];
  const perAccount: RolePlan[] = [];
  for (const roles of groups.values()) {
    const accounts = new Set(roles.map((r) => r.account));
    if (accounts.size > 1 || groups.size === 1) shared.push(roles);
    else perAccount.push(...roles);
  }
  const names = new Map<string, number>();
  for (const roles of shared) {
    const name = (roles[0] as RolePlan).name.toLowerCase();
    names.set(name, (names.get(name) ?? 0) + 1);
    if ((names.get(name) ?? 0) > 1 || perAccount.some((r) => r.name.toLowerCase() === name))
      throw new UserError(
        `Organization mode puts a shared deployer role into every account of the OUs, but role name "${(roles[0] as RolePlan).name}" has two different definitions; give the deployer roles one definition or different names.`,
      );
  }
  if (perAccount.length > 0)
    notes.push(
      `${perAccount.length} deployer role(s) have a name no other account shares (e.g. ${(perAccount[0] as RolePlan).name}); a StackSet would put each into every account of the OUs, so they are created by their spoke stacks. Give spokes one fixed deployerRole name to have new accounts of the OUs get their role automatically.`,
    );
  if (shared.length === 0) return { perAccount };

  const admin = {
    account: options.organizationAdmin?.account ?? plan.hub.account,
    region: options.organizationAdmin?.region ?? plan.hub.region,
  };
  const instanceRegion = org.regions[0] ?? plan.hub.region;
  if (org.regions.length > 1)
    notes.push(
      `The deployer-role StackSet deploys to one region (${instanceRegion}) of each account: IAM roles are global, and a second region's instance would fail with "already exists". The other organization regions (${org.regions.slice(1).join(', ')}) only matter for access entries, which stay in per-account spoke stacks.`,
    );
  const deployerTemplates = shared
    .map((roles) => ({
      role: templateRole(roles),
      accounts: [...new Set(roles.map((r) => r.account))].sort(byString),
    }))
    .sort((a, b) => byString(a.role.name, b.role.name));
  return {
    slice: {
      account: admin.account,
      region: admin.region,
      organizationId: org.id,
      organizationalUnits: [...org.organizationalUnits],
      instanceRegion,
      delegatedAdmin: org.delegatedAdmin,
      deployers: deployerTemplates,
      tags: plan.tags,
    },
    perAccount,
  };
}

/**
 * The role one StackSet template puts into every account. Its description cannot name the
 * clusters of one account, so when the planned descriptions differ it says whom the role trusts.
 */
function templateRole(same: readonly RolePlan[]): RolePlan {
  const role = same[0] as RolePlan;
  if (same.every((d) => d.description === role.description)) return role;
  const principals = statements(role.trustPolicy).flatMap((s) => {
    const p = s.Principal;
    if (p === undefined || p === '*') return [];
    const aws = p.AWS;
    return aws === undefined ? [] : typeof aws === 'string' ? [aws] : [...aws];
  });
  const description = `Argo CD deployer role, created by a Fleetlink StackSet in every account of the Organization units; assumed by ${principals.join(', ') || 'the management role'}`;
  return { ...role, description: description.slice(0, 1000) };
}

function statements(doc: RolePlan['trustPolicy']): readonly PolicyStatement[] {
  return Array.isArray(doc.Statement)
    ? (doc.Statement as readonly PolicyStatement[])
    : [doc.Statement as PolicyStatement];
}
