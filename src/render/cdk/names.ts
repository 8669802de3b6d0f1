/**
 * Names of the stacks, StackSets and constructs Fleetlink synthesizes.
 *
 * Every name derives from what identifies the AWS resource (account, region, role name, cluster
 * name), never from a counter or the position of a spoke in the fleet file. CloudFormation replaces
 * a resource whose logical ID changes, and replacing a role breaks every access entry that names it
 * (EKS stores the role's unique ID, not its ARN — EKS User Guide, "Access entries"). Stable ids keep
 * a re-synth of an unchanged plan byte-identical and an edit of one spoke local to that spoke.
 */

/** CloudFormation stack names: `[A-Za-z][-A-Za-z0-9]*`, at most 128 characters. */
const STACK_NAME_MAX = 128;

export type StackKind = 'hub' | 'management' | 'spokes' | 'organization';

/** `fleetlink-hub-<account>-<region>`, `fleetlink-spokes-<account>-<region>`, `fleetlink-org-<account>-<region>`. */
export function stackName(kind: StackKind, account: string, region: string): string {
  const prefix = kind === 'organization' ? 'org' : kind;
  return `fleetlink-${prefix}-${account}-${region}`.slice(0, STACK_NAME_MAX);
}

/**
 * StackSet name for a deployer role template. StackSet names follow the stack name rule
 * (`[a-zA-Z][-a-zA-Z0-9]*`, CloudFormation API `CreateStackSet`), so IAM's extra characters
 * (`+=,.@_`) become `-`.
 */
export function stackSetName(roleName: string): string {
  return `fleetlink-deployer-${roleName.replace(/[^A-Za-z0-9-]/g, '-')}`.slice(0, STACK_NAME_MAX);
}

/**
 * A construct id from resource names. Construct ids may not contain `/` (the path separator);
 * CDK derives the CloudFormation logical ID from the path, so the id must not change while the
 * resource stays the same.
 */
export function constructId(...parts: readonly string[]): string {
  return parts.map((p) => p.replace(/[^A-Za-z0-9+=,.@_-]/g, '_')).join('-');
}

/** The last segment of an ARN's resource part: the role name of a role ARN. */
export function arnResourceName(arn: string): string {
  const slash = arn.lastIndexOf('/');
  return slash >= 0 ? arn.slice(slash + 1) : arn.slice(arn.lastIndexOf(':') + 1);
}
