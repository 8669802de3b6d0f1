/**
 * "Did you mean" beyond typos: the forms people copy from elsewhere. An EKS access policy by its
 * AWS name or ARN where the fleet file wants the short name, a value in the wrong case, and
 * `roleARN` (the key of Argo CD's cluster Secret `awsAuthConfig`) where the fleet file names roles
 * by name. Used by the careful loader (load.ts) when it words a problem.
 */
import { ACCESS_POLICY_NAMES, parseRoleArn } from '../plan/arn.js';
import type { JsonPath } from './positions.js';
import { didYouMean } from './suggest.js';

/** `arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy` or the bare policy name → `cluster-admin`. */
function accessPolicyShortName(input: string): string | undefined {
  const name = input.replace(/^arn:[\w-]+:eks::aws:cluster-access-policy\//, '');
  const found = Object.entries(ACCESS_POLICY_NAMES).find(
    ([, aws]) => aws.toLowerCase() === name.toLowerCase(),
  );
  return found?.[0];
}

/** The suggestion for an enum value that is not allowed (` (did you mean "edit"?)`), or ''. */
export function valueSuggestion(input: string, values: readonly string[]): string {
  if (values.includes('cluster-admin')) {
    const short = accessPolicyShortName(input);
    if (short !== undefined)
      return ` (the fleet file names EKS access policies by their short name: did you mean "${short}"?)`;
  }
  const sameLetters = values.find((v) => v.toLowerCase() === input.toLowerCase());
  if (sameLetters !== undefined) return ` (did you mean "${sameLetters}"? values are lowercase)`;
  return values.length > 1 ? didYouMean(input, values) : '';
}

/**
 * The suggestion for an unknown key: `roleARN` names a role by ARN, and the fleet file names a
 * deployer role by `deployerRole.name` (its account is the spoke's) and the management role by
 * `hub.managementRole.name`. Otherwise the closest allowed key.
 */
export function keySuggestion(
  path: JsonPath,
  key: string,
  value: unknown,
  allowed: readonly string[],
): string {
  const roleKey = /^role[-_]?arn$/i.test(key);
  if (roleKey && !allowed.includes('roleArn')) {
    const role = typeof value === 'string' ? parseRoleArn(value) : undefined;
    const name = role ? `"${role.name}"` : '<role name>';
    const pathHint = role && role.path !== '/' ? `, path: "${role.path}"` : '';
    const parent = path[path.length - 1];
    if (allowed.includes('deployerRole'))
      return ` (the spoke's role is set by name: did you mean deployerRole: { name: ${name}${pathHint} }?)`;
    if (allowed.includes('managementRole'))
      return ` (the hub's role is set by name: did you mean managementRole: { name: ${name}${pathHint} }?)`;
    if (allowed.includes('name'))
      return ` (${typeof parent === 'string' ? `${parent} is` : 'roles are'} set by name: did you mean name: ${name}${pathHint}?)`;
  }
  return didYouMean(key, allowed);
}
