/**
 * ARN parsing and the principal facts the evaluator needs: which account a principal belongs to,
 * what kind of principal it is, and how an assumed-role session maps back to its role.
 * ARN format: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */

export interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  /** Everything after the fifth colon (may itself contain colons and slashes). */
  readonly resource: string;
}

/** Splits an ARN into its six parts; `undefined` when the string is not `arn:` + five colons. */
export function parseArn(value: string): Arn | undefined {
  if (!value.startsWith('arn:')) return undefined;
  const parts = value.split(':');
  if (parts.length < 6) return undefined;
  return {
    partition: parts[1] as string,
    service: parts[2] as string,
    region: parts[3] as string,
    account: parts[4] as string,
    resource: parts.slice(5).join(':'),
  };
}

const ACCOUNT_ID = /^[0-9]{12}$/;

/** The partitions Fleetlink plans for (src/fleet/regions.ts maps regions onto them). */
export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'] as const;

export interface RoleArn {
  readonly partition: (typeof PARTITIONS)[number];
  readonly account: string;
  /** `/` or `/a/b/`: IAM paths start and end with `/` and hold printable ASCII (\u0021-\u007E). */
  readonly path: string;
  readonly name: string;
}

// IAM CreateRole: RoleName [\w+=,.@-]{1,64}; Path (\u002F)|(\u002F[\u0021-\u007E]+\u002F), ≤ 512.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ROLE_PATH = /^\/(?:[\u0021-\u007e]*\/)?$/;

/**
 * The one role-ARN reader: `arn:<partition>:iam::<12-digit account>:role/<path><name>` with a
 * known partition, an IAM path and an IAM role name; `undefined` for anything else (STS then
 * answers "Request ARN is invalid", FM-1.6).
 */
export function parseRoleArn(value: string): RoleArn | undefined {
  const arn = parseArn(value);
  if (arn?.service !== 'iam' || arn.region !== '' || !isAccountId(arn.account)) return undefined;
  if (!(PARTITIONS as readonly string[]).includes(arn.partition) || !arn.resource.startsWith('role/'))
    return undefined;
  const rest = arn.resource.slice('role'.length);
  const slash = rest.lastIndexOf('/');
  const path = rest.slice(0, slash + 1);
  const name = rest.slice(slash + 1);
  if (path.length > 512 || !ROLE_PATH.test(path) || !ROLE_NAME.test(name)) return undefined;
  return { partition: arn.partition as RoleArn['partition'], account: arn.account, path, name };
}

export function isRoleArn(value: string): boolean {
  return parseRoleArn(value) !== undefined;
}

export function isAccountId(value: string): boolean {
  return ACCOUNT_ID.test(value);
}

/** Account id of an ARN (`arn:p:svc:region:ACCOUNT:…`) or a bare 12-digit id; `undefined` otherwise. */
export function accountOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (isAccountId(value)) return value;
  const account = parseArn(value)?.account;
  return account !== undefined && isAccountId(account) ? account : undefined;
}

/** Partition of an ARN (`aws`, `aws-cn`, `aws-us-gov`); `undefined` when it is not an ARN. */
export function partitionOf(arn: string): string | undefined {
  return parseArn(arn)?.partition;
}

/** Role name (last path segment) of a role ARN: `arn:aws:iam::1:role/path/name` → `name`. */
export function roleNameOf(arn: string): string {
  const resource = parseArn(arn)?.resource ?? arn;
  return resource.slice(resource.lastIndexOf('/') + 1);
}

/** `arn:<partition>:iam::<account>:root` — the account principal. */
export function accountRootArn(account: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${account}:root`;
}

export type PrincipalKind =
  | 'anonymous'
  | 'service'
  | 'root'
  | 'role'
  | 'assumed-role'
  | 'user'
  | 'federated-user'
  | 'oidc-provider'
  | 'saml-provider'
  | 'other';

const ROLE = /^arn:[a-zA-Z-]+:iam::\d{12}:role\/.+$/;
const USER = /^arn:[a-zA-Z-]+:iam::\d{12}:user\/.+$/;
const ROOT = /^arn:[a-zA-Z-]+:iam::\d{12}:root$/;
const ASSUMED_ROLE = /^arn:[a-zA-Z-]+:sts::\d{12}:assumed-role\/[^/]+\/.+$/;
const FEDERATED_USER = /^arn:[a-zA-Z-]+:sts::\d{12}:federated-user\/.+$/;
const OIDC_PROVIDER = /^arn:[a-zA-Z-]+:iam::\d{12}:oidc-provider\/.+$/;
const SAML_PROVIDER = /^arn:[a-zA-Z-]+:iam::\d{12}:saml-provider\/.+$/;

/**
 * Classifies a request principal. Service principals are DNS names ending in `amazonaws.com`
 * (e.g. `pods.eks.amazonaws.com`); `*` and `anonymous` are unauthenticated callers.
 */
export function principalKind(principal: string): PrincipalKind {
  if (principal === '*' || principal === 'anonymous') return 'anonymous';
  if (!principal.startsWith('arn:')) {
    if (principal.endsWith('amazonaws.com') || principal.endsWith('amazonaws.com.cn')) return 'service';
    return isAccountId(principal) ? 'root' : 'other';
  }
  if (ASSUMED_ROLE.test(principal)) return 'assumed-role';
  if (ROLE.test(principal)) return 'role';
  if (USER.test(principal)) return 'user';
  if (ROOT.test(principal)) return 'root';
  if (FEDERATED_USER.test(principal)) return 'federated-user';
  if (OIDC_PROVIDER.test(principal)) return 'oidc-provider';
  if (SAML_PROVIDER.test(principal)) return 'saml-provider';
  return 'other';
}

/** The account a request principal belongs to (the ARN's account field); `undefined` for service principals. */
export function principalAccount(principal: string): string | undefined {
  if (isAccountId(principal)) return principal;
  if (!principal.startsWith('arn:')) return undefined;
  const account = principal.split(':')[4];
  return account ? account : undefined;
}

/** Role name of an assumed-role session ARN (`arn:aws:sts::1:assumed-role/ROLE/session` → `ROLE`). */
export function sessionRoleName(sessionArn: string): string | undefined {
  const arn = parseArn(sessionArn);
  if (arn?.service !== 'sts' || !arn.resource.startsWith('assumed-role/')) return undefined;
  const rest = arn.resource.slice('assumed-role/'.length);
  const slash = rest.indexOf('/');
  return slash > 0 ? rest.slice(0, slash) : undefined;
}

/**
 * Role ARN of an assumed-role session. Session ARNs drop the role's path
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns),
 * so pass `rolePath` (e.g. `/fleetlink/`) when you know it; the default is `/`.
 */
export function sessionToRoleArn(sessionArn: string, rolePath = '/'): string | undefined {
  const arn = parseArn(sessionArn);
  const name = sessionRoleName(sessionArn);
  if (!arn || !name) return undefined;
  const path = rolePath.startsWith('/') ? rolePath : `/${rolePath}`;
  const normalized = path.endsWith('/') ? path : `${path}/`;
  return `arn:${arn.partition}:iam::${arn.account}:role${normalized}${name}`;
}

/** Builds the session ARN a role gets when assumed: `arn:P:sts::A:assumed-role/NAME/SESSION` (path dropped). */
export function roleSessionArn(roleArn: string, sessionName: string): string | undefined {
  const arn = parseArn(roleArn);
  if (arn?.service !== 'iam' || !arn.resource.startsWith('role/')) return undefined;
  const name = arn.resource.slice(arn.resource.lastIndexOf('/') + 1);
  return `arn:${arn.partition}:sts::${arn.account}:assumed-role/${name}/${sessionName}`;
}

/**
 * Does a role ARN (with any path) name the role behind this session? Partition and account must be
 * equal and the role name (the last path segment) must equal the session's role name; IAM role names
 * are unique case-insensitively, so they compare case-insensitively.
 */
export function roleArnMatchesSession(roleArn: string, sessionArn: string): boolean {
  const role = parseArn(roleArn);
  const session = parseArn(sessionArn);
  if (!role || !session || role.service !== 'iam' || !role.resource.startsWith('role/')) return false;
  if (role.partition !== session.partition || role.account !== session.account) return false;
  const name = sessionRoleName(sessionArn);
  if (!name) return false;
  const roleName = role.resource.slice(role.resource.lastIndexOf('/') + 1);
  return roleName.toLowerCase() === name.toLowerCase();
}

/** IAM user ARN behind a federated-user session (`arn:P:sts::A:federated-user/NAME` → `arn:P:iam::A:user/NAME`). */
export function federatedUserToUserArn(federatedArn: string): string | undefined {
  const arn = parseArn(federatedArn);
  if (!arn?.resource.startsWith('federated-user/')) return undefined;
  return `arn:${arn.partition}:iam::${arn.account}:user/${arn.resource.slice('federated-user/'.length)}`;
}
