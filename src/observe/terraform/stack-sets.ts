/**
 * CloudFormation StackSets in a Terraform plan (`aws_cloudformation_stack_set` and its
 * `aws_cloudformation_stack_set_instance`s): which accounts each StackSet deploys its template to,
 * and what the template creates there. The template is read by the CDK target's own template
 * observer (src/observe/cdk/observe-templates.ts), so a StackSet written by either target, or by
 * hand, is read by one piece of code.
 *
 * Target accounts (CloudFormation API Reference, "DeploymentTargets"; hashicorp/aws
 * `aws_cloudformation_stack_set_instance`):
 * - service-managed (`permission_model = "SERVICE_MANAGED"`): `deployment_targets` with
 *   `organizational_unit_ids`, `accounts` and `account_filter_type` — NONE: every account of the
 *   OUs (and of their child OUs); UNION (the default when both are given): the OUs' accounts plus
 *   `accounts`; INTERSECTION: those of `accounts` that are in the OUs; DIFFERENCE: the OUs'
 *   accounts except `accounts`. The management account never gets an instance, and one in a
 *   suspended account fails.
 * - self-managed (the provider's default): one instance in `account_id`, by default the account
 *   of the instance's provider.
 * Which accounts an OU holds is Organizations' state, not configuration: it is taken from data
 * sources read while planning (`aws_organizations_organizational_unit_descendant_accounts` for
 * the OU, or `aws_organizations_organization` for the root). Without one, whether an account is
 * in the OU is unknown until apply, and so is everything the StackSet would create there.
 */
import type { AccessPlan } from '../../plan/types.js';
import type { Json } from '../cdk/intrinsics.js';
import {
  type CfnTemplate,
  type ObservedResources,
  ObserveError,
  observeTemplate,
} from '../cdk/observe-templates.js';
import type { Placements } from './accounts.js';
import { containsUnknown, type Instance, isUnknownAt, type JsonObject, referencesOf } from './plan-json.js';

/** Whether something holds: decided, or not knowable from the plan. */
export type Tri = 'yes' | 'no' | 'maybe';

/** Why a StackSet's reach (or content) waits for apply. */
export interface Undecided {
  readonly source: string;
  readonly attribute: string;
  readonly references: readonly string[];
  readonly note: string;
}

/** One StackSet instance resource and where it deploys. */
export interface StackSetDeployment {
  /** The StackSet's `name`. */
  readonly stackSet: string;
  readonly address: string;
  readonly region?: string;
  /** Does the instance put a stack in `account`? */
  readonly targets: (account: string) => Tri;
  /** What makes `targets` answer 'maybe', when it can. */
  readonly undecided?: Undecided;
  /** What the template creates in an account; undefined when the template is not known. */
  readonly observeIn: (account: string) => ObservedResources | undefined;
  /** Why the template is not known, when it is not. */
  readonly templateUnknown?: Undecided;
}

export interface StackSetReading {
  readonly deployments: readonly StackSetDeployment[];
  /** What the StackSets create in the accounts they certainly deploy to. */
  readonly created: ObservedResources;
  readonly assumed: readonly string[];
}

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);
const ACCOUNT = /^\d{12}$/;

const or = (a: Tri, b: Tri): Tri =>
  a === 'yes' || b === 'yes' ? 'yes' : a === 'no' && b === 'no' ? 'no' : 'maybe';
const and = (a: Tri, b: Tri): Tri =>
  a === 'no' || b === 'no' ? 'no' : a === 'yes' && b === 'yes' ? 'yes' : 'maybe';
const not = (a: Tri): Tri => (a === 'yes' ? 'no' : a === 'no' ? 'yes' : 'maybe');

/** What the plan knows about the Organization: OU → its active accounts, the management account. */
interface OrgFacts {
  readonly members: ReadonlyMap<string, ReadonlySet<string>>;
  readonly managementAccount?: string;
  /** Every account the facts name. */
  readonly accounts: ReadonlySet<string>;
}

export function readStackSets(
  stackSets: readonly Instance[],
  stackSetInstances: readonly Instance[],
  dataSources: readonly Instance[],
  placements: Placements,
  planAccounts: ReadonlySet<string>,
  intent: AccessPlan | undefined,
): StackSetReading {
  const org = orgFacts(dataSources);
  const assumed: string[] = [];
  const deployments: StackSetDeployment[] = [];
  const byName = new Map<string, Instance>();
  for (const s of stackSets) if (typeof s.values.name === 'string') byName.set(s.values.name, s);
  for (const i of stackSetInstances) {
    const nameKnown =
      !isUnknownAt(i.unknown, ['stack_set_name']) && typeof i.values.stack_set_name === 'string';
    const sets = nameKnown
      ? [byName.get(i.values.stack_set_name as string)].filter((s) => !!s)
      : [...byName.values()];
    if (nameKnown && sets.length === 0)
      assumed.push(
        `${i.address}: StackSet ${String(i.values.stack_set_name)} is not in this plan; what it deploys is not evaluated.`,
      );
    for (const set of sets) {
      const d = deployment(set as Instance, i, org, placements, intent, nameKnown);
      if (d.note) assumed.push(d.note);
      deployments.push(d.deployment);
    }
  }
  const created: ObservedResources = {
    roles: [],
    oidcProviders: [],
    podIdentityAssociations: [],
    accessEntries: [],
  };
  const candidates = [...new Set([...planAccounts, ...org.accounts])].sort();
  const seen = new Set<string>();
  for (const d of deployments)
    for (const account of candidates) {
      if (d.targets(account) !== 'yes') continue;
      const observed = d.observeIn(account);
      if (!observed) continue;
      for (const r of observed.roles)
        if (!seen.has(r.arn.toLowerCase())) {
          seen.add(r.arn.toLowerCase());
          created.roles.push(r);
        }
      created.oidcProviders.push(...observed.oidcProviders);
      created.podIdentityAssociations.push(...observed.podIdentityAssociations);
      created.accessEntries.push(...observed.accessEntries);
    }
  return { deployments, created, assumed };
}

function orgFacts(data: readonly Instance[]): OrgFacts {
  const members = new Map<string, Set<string>>();
  const accounts = new Set<string>();
  let managementAccount: string | undefined;
  const active = (list: unknown): Set<string> => {
    const out = new Set<string>();
    if (!Array.isArray(list)) return out;
    for (const a of list) {
      if (!isObject(a) || typeof a.id !== 'string' || !ACCOUNT.test(a.id)) continue;
      accounts.add(a.id);
      if (a.status === undefined || a.status === 'ACTIVE') out.add(a.id);
    }
    return out;
  };
  for (const d of data) {
    if (d.action !== 'state') continue; // deferred to apply: nothing known
    if (d.type === 'aws_organizations_organizational_unit_descendant_accounts') {
      if (typeof d.values.parent_id === 'string' && Array.isArray(d.values.accounts))
        members.set(d.values.parent_id, active(d.values.accounts));
    } else if (d.type === 'aws_organizations_organization') {
      if (typeof d.values.master_account_id === 'string') managementAccount = d.values.master_account_id;
      const all = active(d.values.accounts);
      const roots = Array.isArray(d.values.roots) ? d.values.roots : [];
      for (const r of roots) if (isObject(r) && typeof r.id === 'string') members.set(r.id, all);
    }
  }
  return { members, accounts, ...(managementAccount ? { managementAccount } : {}) };
}

function deployment(
  set: Instance,
  i: Instance,
  org: OrgFacts,
  placements: Placements,
  intent: AccessPlan | undefined,
  nameKnown: boolean,
): { deployment: StackSetDeployment; note?: string } {
  const name = typeof set.values.name === 'string' ? set.values.name : set.address;
  const place = placements.of(i);
  const region =
    typeof i.values.stack_set_instance_region === 'string' &&
    !isUnknownAt(i.unknown, ['stack_set_instance_region'])
      ? i.values.stack_set_instance_region
      : place.region;
  const template = readable(templateOf(set, i), set, name, region);
  const cache = new Map<string, ObservedResources>();
  const observeIn = (account: string): ObservedResources | undefined => {
    if (!('template' in template) || !region) return undefined;
    const hit = cache.get(account);
    if (hit) return hit;
    const observed = observeTemplate(
      {
        stackName: `StackSet-${name}`,
        account,
        region,
        template: template.template,
        where: `${set.address} (template_body) in ${account}`,
      },
      intent,
    );
    cache.set(account, observed);
    return observed;
  };
  const targets: Targets = nameKnown
    ? targetsOf(set, i, org, placements)
    : undefinedTargets(i, 'stack_set_name');
  const templateUnknown = 'unknown' in template ? template.unknown : undefined;
  return {
    deployment: {
      stackSet: name,
      address: i.address,
      ...(region ? { region } : {}),
      targets: targets.targets,
      ...(targets.undecided ? { undecided: targets.undecided } : {}),
      observeIn,
      ...(templateUnknown ? { templateUnknown } : {}),
    },
    ...(targets.note ? { note: targets.note } : {}),
  };
}

/**
 * A template the observer cannot resolve (a parameter without value, an intrinsic it does not
 * evaluate) says nothing provable: it is as unknown as a template_body computed at apply.
 */
function readable(
  t: { template: CfnTemplate } | { unknown: Undecided },
  set: Instance,
  name: string,
  region: string | undefined,
): { template: CfnTemplate } | { unknown: Undecided } {
  if (!('template' in t) || !region) return t;
  try {
    observeTemplate({
      stackName: `StackSet-${name}`,
      account: '000000000000',
      region,
      template: t.template,
      where: 'template_body',
    });
    return t;
  } catch (error) {
    if (!(error instanceof ObserveError)) throw error;
    return {
      unknown: {
        source: set.address,
        attribute: 'template_body',
        references: [],
        note: `not readable before deployment (${error.message}), so what the StackSet creates is`,
      },
    };
  }
}

/** The template with the StackSet's parameter values (and the instance's overrides) as defaults. */
function templateOf(set: Instance, i: Instance): { template: CfnTemplate } | { unknown: Undecided } {
  const unknown = (source: Instance, attribute: string, note: string) => ({
    unknown: {
      source: source.address,
      attribute,
      references: referencesOf(source.expressions, attribute),
      note,
    },
  });
  if (isUnknownAt(set.unknown, ['template_body']))
    return unknown(set, 'template_body', 'known only after apply, so what the StackSet creates is');
  const body = set.values.template_body;
  if (typeof body !== 'string')
    return unknown(
      set,
      'template_url',
      'a template in S3, which the plan does not hold (give it as template_body), so what the StackSet creates is',
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return unknown(
      set,
      'template_body',
      'not JSON (a YAML template is not read; jsonencode() it), so what the StackSet creates is',
    );
  }
  if (!isObject(parsed))
    return unknown(set, 'template_body', 'not a template object, so what the StackSet creates is');
  if (containsUnknown(set.unknown, ['parameters']))
    return unknown(set, 'parameters', 'known only after apply, so what the StackSet creates is');
  if (containsUnknown(i.unknown, ['parameter_overrides']))
    return unknown(i, 'parameter_overrides', 'known only after apply, so what the StackSet creates is');
  const values = {
    ...(isObject(set.values.parameters) ? set.values.parameters : {}),
    ...(isObject(i.values.parameter_overrides) ? i.values.parameter_overrides : {}),
  };
  const template = parsed as unknown as CfnTemplate;
  if (Object.keys(values).length === 0) return { template };
  const parameters: Record<string, Json> = { ...(template.Parameters ?? {}) };
  for (const [k, v] of Object.entries(values)) {
    const declared = parameters[k];
    parameters[k] = { ...(isObject(declared) ? (declared as Record<string, Json>) : {}), Default: v as Json };
  }
  return { template: { ...template, Parameters: parameters } };
}

interface Targets {
  readonly targets: (account: string) => Tri;
  readonly undecided?: Undecided;
  readonly note?: string;
}

function undefinedTargets(i: Instance, attribute: string): Targets {
  return {
    targets: () => 'maybe',
    undecided: {
      source: i.address,
      attribute,
      references: referencesOf(i.expressions, attribute),
      note: 'known only after apply, so which StackSet it deploys, and where, is',
    },
  };
}

function targetsOf(set: Instance, i: Instance, org: OrgFacts, placements: Placements): Targets {
  const serviceManaged = set.values.permission_model === 'SERVICE_MANAGED';
  if (!serviceManaged) {
    // Self-managed: one stack in account_id, the provider's account when not set.
    if (isUnknownAt(i.unknown, ['account_id']) && i.expressions.account_id !== undefined)
      return undefinedTargets(i, 'account_id');
    const account =
      typeof i.values.account_id === 'string' && !isUnknownAt(i.unknown, ['account_id'])
        ? i.values.account_id
        : placements.of(i).account;
    if (!account) return undefinedTargets(i, 'account_id');
    return { targets: (a) => (a === account ? 'yes' : 'no') };
  }
  if (containsUnknown(i.unknown, ['deployment_targets'])) return undefinedTargets(i, 'deployment_targets');
  const raw = Array.isArray(i.values.deployment_targets)
    ? i.values.deployment_targets[0]
    : i.values.deployment_targets;
  const dt = isObject(raw) ? raw : {};
  const strings = (v: unknown): string[] =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  if (typeof dt.accounts_url === 'string' && dt.accounts_url !== '')
    return {
      targets: () => 'maybe',
      undecided: {
        source: i.address,
        attribute: 'deployment_targets.accounts_url',
        references: referencesOf(i.expressions, 'deployment_targets'),
        note: 'a list of accounts in S3, which the plan does not hold, so where the StackSet deploys is',
      },
    };
  const accounts = new Set(strings(dt.accounts));
  const ous = strings(dt.organizational_unit_ids);
  const filter =
    typeof dt.account_filter_type === 'string' && dt.account_filter_type !== ''
      ? dt.account_filter_type
      : accounts.size > 0 && ous.length > 0
        ? 'UNION'
        : 'NONE';
  const unread = ous.filter((ou) => !org.members.has(ou));
  const inOus = (a: string): Tri => {
    let out: Tri = 'no';
    for (const ou of ous)
      out = or(out, org.members.has(ou) ? (org.members.get(ou)!.has(a) ? 'yes' : 'no') : 'maybe');
    return out;
  };
  const listed = (a: string): Tri => (accounts.has(a) ? 'yes' : 'no');
  const select = (a: string): Tri => {
    if (ous.length === 0) return listed(a);
    switch (filter) {
      case 'INTERSECTION':
        return and(listed(a), inOus(a));
      case 'DIFFERENCE':
        return and(not(listed(a)), inOus(a));
      case 'UNION':
        return or(listed(a), inOus(a));
      default:
        return inOus(a);
    }
  };
  // call_as SELF on a service-managed StackSet: the caller is the management account.
  const callAs = typeof set.values.call_as === 'string' ? set.values.call_as : 'SELF';
  const management = org.managementAccount ?? (callAs === 'SELF' ? placements.of(set).account : undefined);
  const targets = (a: string): Tri => (a === management ? 'no' : select(a));
  const note =
    management === undefined && ous.length > 0
      ? `${i.address}: none of the accounts the plan shows in ${ous.join(', ')} is assumed to be the Organization's management account (StackSets never deploy there; read data "aws_organizations_organization" to know it).`
      : undefined;
  if (unread.length === 0) return { targets, ...(note ? { note } : {}) };
  return {
    targets,
    undecided: {
      source: i.address,
      attribute: 'deployment_targets.organizational_unit_ids',
      references: referencesOf(i.expressions, 'deployment_targets'),
      note: `resolved by AWS Organizations at apply: the accounts of ${unread.join(', ')} are not in the plan (read them with data "aws_organizations_organizational_unit_descendant_accounts"), so whether the StackSet deploys to an account there is`,
    },
    ...(note ? { note } : {}),
  };
}
