/**
 * Quota-aware packing of the management role's permissions: `sts:AssumeRole` (+ `sts:TagSession`
 * for Pod Identity) on exactly the deployer role ARNs (Argo CD docs, management role permission
 * policy: one Resource per managed cluster). IAM limits, counted without white space
 * (policy-size.ts): inline policies share 10,240 characters per role, one managed policy holds
 * 6,144, a role takes 10 managed policies by default.
 *
 * Strategy, in order, the first that fits wins:
 * 1. `inline` — one inline policy listing every ARN;
 * 2. `managed` — fill the inline policy, then customer-managed policies of ≤ 6,144 each;
 * 3. `organization-pattern` (only with `organization`) — path-scoped ARN patterns
 *    `arn:<p>:iam::*:role/<path><common name prefix>*` limited by `aws:ResourceOrgID`.
 * Never `Resource: "*"`. When nothing fits, a UserError gives the numbers.
 */
import { UserError } from '../errors.js';
import type { Partition } from '../fleet/types.js';
import { managedPolicyArn, parseRoleArn } from './arn.js';
import { DEFAULT_IAM_LIMITS, type IamLimits, policySize } from './policy-size.js';
import type { NamedPolicy, PolicyDocument } from './types.js';

export type PackStrategy = 'inline' | 'managed' | 'organization-pattern';

export interface PackInput {
  readonly partition: Partition;
  readonly account: string;
  /** Management role name and path: managed policy names derive from them. */
  readonly roleName: string;
  readonly rolePath: string;
  readonly actions: readonly string[];
  readonly deployerArns: readonly string[];
  readonly organizationId?: string;
  readonly limits?: IamLimits;
}

export interface PackResult {
  readonly strategy: PackStrategy;
  readonly inlinePolicies: readonly NamedPolicy[];
  readonly managedPolicies: readonly NamedPolicy[];
  /** ARNs of the customer-managed policies, in `managedPolicies` order. */
  readonly managedPolicyArns: readonly string[];
  /** The patterns used by `organization-pattern`. */
  readonly patterns: readonly string[];
}

export const INLINE_POLICY_NAME = 'fleetlink-assume-deployers';

function assumeDoc(actions: readonly string[], resources: readonly string[], orgId?: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AssumeDeployerRoles',
        Effect: 'Allow',
        Action: actions.length === 1 ? (actions[0] as string) : [...actions],
        Resource: [...resources],
        ...(orgId ? { Condition: { StringEquals: { 'aws:ResourceOrgID': orgId } } } : {}),
      },
    ],
  };
}

/** Take ARNs from `arns[start…]` while the document stays ≤ `limit`; returns the end index. */
function fill(arns: readonly string[], start: number, base: number, limit: number): number {
  // `[]` is counted in `base`; each ARN adds its quoted length plus a comma after the first.
  let size = base;
  let i = start;
  for (; i < arns.length; i++) {
    const add = (arns[i] as string).length + 2 + (i === start ? 0 : 1);
    if (size + add > limit) break;
    size += add;
  }
  return i;
}

export function managedPolicyName(roleName: string, index: number): string {
  return `${roleName}-assume-deployers-${String(index).padStart(2, '0')}`.slice(0, 128);
}

export function packAssumePermissions(input: PackInput): PackResult {
  const limits = input.limits ?? DEFAULT_IAM_LIMITS;
  const arns = [...new Set(input.deployerArns)].sort();
  const base = policySize(assumeDoc(input.actions, []));
  const none: PackResult = {
    strategy: 'inline',
    inlinePolicies: [],
    managedPolicies: [],
    managedPolicyArns: [],
    patterns: [],
  };
  if (arns.length === 0) return none;

  // 1 + 2: list the ARNs, inline first, then managed policies.
  const inlineEnd = fill(arns, 0, base, limits.inlineAggregate);
  const inline: NamedPolicy[] =
    inlineEnd > 0
      ? [{ name: INLINE_POLICY_NAME, document: assumeDoc(input.actions, arns.slice(0, inlineEnd)) }]
      : [];
  const managed: NamedPolicy[] = [];
  let at = inlineEnd;
  while (at < arns.length && managed.length < limits.managedPoliciesPerRole) {
    const end = fill(arns, at, base, limits.managedPolicy);
    if (end === at) break; // a single ARN larger than a policy: cannot happen with valid ARNs
    managed.push({
      name: managedPolicyName(input.roleName, managed.length + 1),
      document: assumeDoc(input.actions, arns.slice(at, end)),
    });
    at = end;
  }
  if (at >= arns.length) {
    return {
      strategy: managed.length === 0 ? 'inline' : 'managed',
      inlinePolicies: inline,
      managedPolicies: managed,
      managedPolicyArns: managed.map((p) =>
        managedPolicyArn(input.partition, input.account, input.rolePath, p.name),
      ),
      patterns: [],
    };
  }
  const listed = at;

  // 3: organization-wide, path-scoped patterns.
  if (input.organizationId) {
    const patterns = orgPatterns(input.partition, arns);
    const doc = assumeDoc(input.actions, patterns, input.organizationId);
    const size = policySize(doc);
    if (size <= limits.inlineAggregate)
      return {
        strategy: 'organization-pattern',
        inlinePolicies: [{ name: INLINE_POLICY_NAME, document: doc }],
        managedPolicies: [],
        managedPolicyArns: [],
        patterns,
      };
    throw new UserError(
      `The management role cannot hold its permissions: even as ${patterns.length} organization-scoped ARN patterns they take ${size} characters, over the ${limits.inlineAggregate}-character inline limit. Give the deployer roles fewer distinct paths.`,
    );
  }
  throw new UserError(
    `The management role cannot list all ${arns.length} deployer role ARNs within IAM's limits: ` +
      `${listed} fit (inline policies ${limits.inlineAggregate} characters in total, plus ${limits.managedPoliciesPerRole} managed policies of ${limits.managedPolicy} characters each, white space not counted); ${arns.length - listed} do not. ` +
      'Set `organization` in the fleet file so Fleetlink can use a path-scoped ARN pattern limited to your Organization (aws:ResourceOrgID), or split the fleet across several hubs.',
  );
}

/**
 * One pattern per distinct deployer path: `arn:<p>:iam::*:role<path><longest common name prefix>*`.
 * Refuses a bare `role/*` (root path, no common prefix): that would match every role in the
 * Organization.
 */
const MIN_ROOT_PREFIX = 8;

export function orgPatterns(partition: Partition, arns: readonly string[]): string[] {
  const byPath = new Map<string, string[]>();
  for (const arn of arns) {
    const parts = parseRoleArn(arn);
    if (!parts) throw new UserError(`not a role ARN: ${arn}`, { exitCode: 2 });
    const list = byPath.get(parts.path) ?? [];
    list.push(parts.name);
    byPath.set(parts.path, list);
  }
  const patterns: string[] = [];
  for (const [path, names] of byPath) {
    const prefix = commonPrefix(names);
    // On the root path a short prefix (`role/a*`) would match many unrelated roles of every
    // account in the Organization; demand a dedicated path or a distinctive prefix.
    if (path === '/' && prefix.length < MIN_ROOT_PREFIX)
      throw new UserError(
        `Too many deployer roles to list, and they share neither an IAM path nor a name prefix of at least ${MIN_ROOT_PREFIX} characters (common prefix: "${prefix}"), so no ARN pattern can cover only them. Give deployer roles a dedicated path (spokes[].deployerRole.path, e.g. /fleetlink/) or a common name prefix such as "argocd-deployer-".`,
      );
    patterns.push(`arn:${partition}:iam::*:role${path}${prefix}*`);
  }
  return patterns.sort();
}

function commonPrefix(names: readonly string[]): string {
  let prefix = names[0] ?? '';
  for (const n of names) {
    let i = 0;
    while (i < prefix.length && i < n.length && prefix[i] === n[i]) i++;
    prefix = prefix.slice(0, i);
    if (prefix === '') break;
  }
  return prefix;
}
