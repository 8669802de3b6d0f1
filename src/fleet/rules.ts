/**
 * Field rules: each returns `undefined` when the value is fine, or a message that says what is
 * wrong and what was expected. Shared by the schema (shape pass) and the semantic checks (values
 * computed from patterns). Every rule cites the API it comes from.
 */
import { isRoleArn } from '../iam/arn.js';
import { helmYamlType } from './helm-yaml.js';

/** Show a user value in a message, shortened so a long value does not drown the message. */
export function show(value: string): string {
  const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
  return JSON.stringify(shown);
}

// AWS account ids are exactly 12 digits (STS GetCallerIdentity `Account`; Organizations `AccountId` pattern ^\d{12}$).
export function checkAccountId(v: string): string | undefined {
  if (/^\d{12}$/.test(v)) return undefined;
  return `${show(v)} is not an AWS account id: expected exactly 12 digits, quoted, e.g. "111111111111"`;
}

// IAM role name: BOTO iam `roleNameType`, 1-64 chars of [\w+=,.@-].
export const ROLE_NAME_RE = /^[\w+=,.@-]+$/;
export function checkRoleName(v: string): string | undefined {
  if (v.length === 0)
    return 'an IAM role name cannot be empty: expected 1-64 characters of A-Z a-z 0-9 + = , . @ _ -';
  if (v.length > 64) return `IAM role name ${show(v)} is ${v.length} characters long: IAM allows at most 64`;
  // The whole-string test first: a fleet checks thousands of names, and most are fine.
  if (ROLE_NAME_RE.test(v)) return undefined;
  const bad = [...v].find((c) => !/[\w+=,.@-]/.test(c));
  if (bad !== undefined)
    return `IAM role name ${show(v)} contains ${JSON.stringify(bad)}: expected only A-Z a-z 0-9 and + = , . @ _ -`;
  return undefined;
}

/** Placeholders a role-name pattern may use. */
export const ROLE_PLACEHOLDERS = ['name', 'clusterName', 'account', 'region'] as const;
export type RolePlaceholder = (typeof ROLE_PLACEHOLDERS)[number];

/** A role name that may hold `{name}`-style placeholders (checked again after expansion). */
export function checkRoleNamePattern(v: string): string | undefined {
  for (const m of v.matchAll(/\{([^}]*)\}/g)) {
    if (!(ROLE_PLACEHOLDERS as readonly string[]).includes(m[1] ?? ''))
      return `unknown placeholder {${m[1]}} in role name ${show(v)}: expected one of ${ROLE_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`;
  }
  const literal = v.replace(/\{(name|clusterName|account|region)\}/g, '');
  if (/[{}]/.test(literal)) return `unbalanced brace in role name ${show(v)}: placeholders look like {name}`;
  if (literal === v) return checkRoleName(v);
  if (literal.length > 64)
    return `role name pattern ${show(v)} is ${literal.length} characters long without its placeholders: IAM allows at most 64`;
  const bad = [...literal].find((c) => !/[\w+=,.@-]/.test(c));
  if (bad !== undefined)
    return `role name pattern ${show(v)} contains ${JSON.stringify(bad)}: expected only A-Z a-z 0-9 and + = , . @ _ - besides the placeholders`;
  return undefined;
}

// IAM path: BOTO iam `pathType`, 1-512 chars, `/` or `/…/`, characters U+0021-U+007E.
export function checkIamPath(v: string): string | undefined {
  if (v === '/') return undefined;
  const expected = 'expected "/" or a path that starts and ends with "/", e.g. "/fleetlink/"';
  if (v.length > 512) return `IAM path is ${v.length} characters long: IAM allows at most 512`;
  if (!v.startsWith('/') || !v.endsWith('/')) return `${show(v)} is not an IAM path: ${expected}`;
  if (v.includes('//')) return `IAM path ${show(v)} has an empty segment ("//"): ${expected}`;
  if (!/^[\u0021-\u007e]+$/.test(v))
    return `IAM path ${show(v)} has characters outside printable ASCII: ${expected}`;
  return undefined;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

// Kubernetes namespaces are DNS-1123 labels (k8s.io/apimachinery validation.IsDNS1123Label).
export function checkNamespace(v: string): string | undefined {
  if (v.length <= 63 && DNS1123_LABEL.test(v)) return undefined;
  return `${show(v)} is not a valid Kubernetes namespace: expected a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)${lowercaseHint(v, (l) => l.length <= 63 && DNS1123_LABEL.test(l))}`;
}

/** ` (did you mean "dev"?)` when only the case is wrong (`Dev`): Kubernetes names are lowercase. */
function lowercaseHint(v: string, valid: (lower: string) => boolean): string {
  const lower = v.toLowerCase();
  return lower !== v && valid(lower) ? ` (did you mean ${show(lower)}? Kubernetes names are lowercase)` : '';
}

// Access-policy scopes may end in a `*` wildcard (EKS AccessScope.namespaces, e.g. `dev-*`).
export function checkScopeNamespace(v: string): string | undefined {
  const stem = v.endsWith('*') ? v.slice(0, -1) : v;
  if (v.endsWith('*') && (stem === '' || /^[a-z0-9][-a-z0-9]*$/.test(stem)) && stem.length <= 62)
    return undefined;
  if (checkNamespace(v) === undefined) return undefined;
  return `${show(v)} is not a valid namespace scope: expected a Kubernetes namespace (DNS-1123 label) or a prefix ending in "*", e.g. "team-*"${lowercaseHint(v, (l) => checkScopeNamespace(l) === undefined)}`;
}

// Names of Kubernetes objects (AppProject, ServiceAccount) are DNS-1123 subdomains.
export function checkObjectName(v: string, what: string): string | undefined {
  if (v.length <= 253 && DNS1123_SUBDOMAIN.test(v)) return undefined;
  return `${show(v)} is not a valid ${what}: expected a DNS-1123 subdomain (lowercase letters, digits, "-" and ".", starting and ending with a letter or digit)${lowercaseHint(v, (l) => l.length <= 253 && DNS1123_SUBDOMAIN.test(l))}`;
}

// Label and annotation keys are qualified names (validation.IsQualifiedName): [prefix/]name.
export function checkQualifiedKey(v: string, what: 'label' | 'annotation'): string | undefined {
  const slash = v.lastIndexOf('/');
  const prefix = slash >= 0 ? v.slice(0, slash) : undefined;
  const name = slash >= 0 ? v.slice(slash + 1) : v;
  const expected =
    'expected [prefix/]name with name at most 63 characters of letters, digits, "-", "_" and "." (starting and ending with a letter or digit) and prefix a DNS subdomain';
  if (prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)))
    return `${what} key ${show(v)} has an invalid prefix ${show(prefix)}: ${expected}`;
  if (name.length > 63 || !QUALIFIED_NAME.test(name))
    return `${show(v)} is not a valid ${what} key: ${expected}`;
  return undefined;
}

// Label values (validation.IsValidLabelValue): empty or a qualified name part, at most 63 characters.
export function checkLabelValue(v: string): string | undefined {
  if (v === '' || (v.length <= 63 && QUALIFIED_NAME.test(v))) return undefined;
  if (v.length > 63)
    return `label value ${show(v)} is ${v.length} characters long: Kubernetes allows at most 63`;
  return `${show(v)} is not a valid label value: expected at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit (or empty)`;
}

// Argo CD cluster names become Secret names `argocd-cluster-<name>` (argo-helm cluster-secrets.yaml)
// and the chart renders `name: <key>` unquoted, so the name must be a DNS subdomain that Helm's
// YAML (go-yaml v2, see helm-yaml.ts) keeps a string: `0o17`, `017`, `1e3`, `2024-01-02` and `no`
// are not; `e1` and `1.2.3` are.
export function checkArgoClusterName(v: string): string | undefined {
  const type = helmYamlType(v);
  if (type !== 'string') {
    const word = {
      bool: 'a boolean',
      null: 'null',
      int: 'a number',
      float: 'a number',
      timestamp: 'a date',
      merge: 'a merge key',
    }[type];
    return `Argo CD cluster name ${show(v)} would be read as ${word} by Helm's YAML (go-yaml v2, YAML 1.1 rules), quoted or not in the fleet file: the argo-cd chart renders the name unquoted (configs.clusterCredentials key); expected a name with a letter, e.g. "cluster-${v.replace(/[^a-z0-9-]/gi, '') || 'a'}"`;
  }
  if (v.length > 238 || !DNS1123_SUBDOMAIN.test(v))
    return `${show(v)} is not a valid Argo CD cluster name: it becomes part of the Secret name "argocd-cluster-<name>", so expected lowercase letters, digits, "-" and ".", starting and ending with a letter or digit${lowercaseHint(v, (l) => l.length <= 238 && DNS1123_SUBDOMAIN.test(l))}`;
  return undefined;
}

// EKS cluster name: BOTO eks `ClusterName` pattern ^[0-9A-Za-z][A-Za-z0-9\-_]*, 1-100 characters.
export function checkEksClusterName(v: string): string | undefined {
  if (v.length >= 1 && v.length <= 100 && /^[0-9A-Za-z][A-Za-z0-9_-]*$/.test(v)) return undefined;
  // An EKS cluster ARN: arn:<partition>:eks:<region>:<account>:cluster/<name> (EKS ARN format).
  const arn = /^arn:[\w-]+:eks:[\w-]+:\d{12}:cluster\/([0-9A-Za-z][A-Za-z0-9_-]*)$/.exec(v);
  if (arn)
    return `${show(v)} is an EKS cluster ARN, and clusterName takes the cluster's name: use "${arn[1]}" (the account and region come from account and region)`;
  return `${show(v)} is not a valid EKS cluster name: expected 1-100 letters, digits, "-" and "_", starting with a letter or digit`;
}

// Helm release names: DNS-1123 subdomain, at most 53 characters (helm/pkg/chartutil ValidateReleaseName).
export function checkReleaseName(v: string): string | undefined {
  if (v.length <= 53 && DNS1123_SUBDOMAIN.test(v)) return undefined;
  return `${show(v)} is not a valid Helm release name: expected at most 53 lowercase letters, digits, "-" and "."`;
}

export function checkChartVersion(v: string): string | undefined {
  if (/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(v)) return undefined;
  return `${show(v)} is not an argo-cd chart version: expected MAJOR.MINOR.PATCH, e.g. "10.1.1"`;
}

export function checkArgoVersion(v: string): string | undefined {
  if (/^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(v)) return undefined;
  const hint = /^\d+\.\d+\.\d+/.test(v) ? ` (add the "v": "v${v}")` : '';
  return `${show(v)} is not an Argo CD version: expected vMAJOR.MINOR.PATCH, e.g. "v3.4.4"${hint}`;
}

/** Parse `v3.4.4` / `10.1.1` into numbers for comparisons. */
export function versionParts(v: string): [number, number, number] {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(v);
  return [Number(m?.[1] ?? 0), Number(m?.[2] ?? 0), Number(m?.[3] ?? 0)];
}

// SSM parameter names: letters, digits and _ . - /; a hierarchy starts with "/" (SSM PutParameter `Name`).
export function checkSsmParameterName(v: string): string | undefined {
  if (v.length <= 2048 && (/^(\/[a-zA-Z0-9_.-]+)+$/.test(v) || /^[a-zA-Z0-9_.-]+$/.test(v))) return undefined;
  return `${show(v)} is not an SSM parameter name: expected a name like "/eks/cluster2/ca" (letters, digits, "_", ".", "-", segments separated by "/")`;
}

export function checkRoleArn(v: string): string | undefined {
  if (isRoleArn(v)) return undefined;
  return `${show(v)} is not an IAM role ARN: expected arn:<partition>:iam::<12-digit account>:role/<path/><name>`;
}

// AWS tags (IAM TagRole): key 1-128, value 0-256, letters, digits, spaces and _ . : / = + - @; no `aws:` prefix.
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
export function checkTagKey(v: string): string | undefined {
  if (v.length < 1 || v.length > 128) return `tag key ${show(v)} must be 1-128 characters long`;
  if (v.toLowerCase().startsWith('aws:'))
    return `tag key ${show(v)} uses the prefix "aws:", which AWS reserves: expected a key of your own, e.g. "team"`;
  if (!TAG_CHARS.test(v))
    return `tag key ${show(v)} has a character AWS does not allow: expected letters, digits, spaces and _ . : / = + - @`;
  return undefined;
}
export function checkTagValue(v: string): string | undefined {
  if (v.length > 256) return `tag value is ${v.length} characters long: AWS allows at most 256`;
  if (!TAG_CHARS.test(v))
    return `tag value ${show(v)} has a character AWS does not allow: expected letters, digits, spaces and _ . : / = + - @`;
  return undefined;
}

// Organizations: BOTO organizations `OrganizationId` ^o-[a-z0-9]{10,32}$, `ParentId` (OU or root).
export function checkOrganizationId(v: string): string | undefined {
  if (/^o-[a-z0-9]{10,32}$/.test(v)) return undefined;
  return `${show(v)} is not an AWS Organizations id: expected "o-" followed by 10-32 lowercase letters or digits, e.g. "o-a1b2c3d4e5"`;
}
export function checkOrganizationalUnit(v: string): string | undefined {
  if (/^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$/.test(v)) return undefined;
  return `${show(v)} is not an organizational unit or root id: expected "ou-xxxx-xxxxxxxx" (e.g. "ou-ab12-cdefgh12") or a root "r-xxxx"`;
}

// Kubernetes group names for access entries: free text, but not empty.
export function checkGroup(v: string): string | undefined {
  if (v.trim() !== '' && v.trim() === v) return undefined;
  return `${show(v)} is not a Kubernetes group name: expected a non-empty name without surrounding spaces`;
}

// EKS access-policy names (`aws eks list-access-policies`): `Amazon…Policy`, e.g.
// AmazonEKSAdminViewPolicy, AmazonEKSArgoCDClusterPolicy, AmazonAIOpsAssistantPolicy.
export function checkAccessPolicyName(v: string): string | undefined {
  if (/^Amazon[A-Za-z0-9]+Policy$/.test(v)) return undefined;
  return `${show(v)} is not an EKS access policy name: expected the AWS name, e.g. "AmazonEKSAdminViewPolicy" (aws eks list-access-policies)`;
}

// A Kubernetes resource as kubectl names it: `<plural>` (core group) or `<plural>.<group>`.
export function checkResourceName(v: string): string | undefined {
  if (/^[a-z][a-z0-9]*(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(v)) return undefined;
  return `${show(v)} is not a Kubernetes resource: expected "<plural>" or "<plural>.<group>", e.g. "storageclasses.storage.k8s.io" (no wildcards)`;
}

// A CustomResourceDefinition name is `<plural>.<group>` (apiextensions.k8s.io/v1: metadata.name
// must be spec.names.plural + "." + spec.group).
export function checkCrdName(v: string): string | undefined {
  if (/^[a-z][a-z0-9]*(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/.test(v)) return undefined;
  return `${show(v)} is not a CustomResourceDefinition name: expected "<plural>.<group>", e.g. "prowjobs.prow.k8s.io"`;
}

// ConfigMap data keys (Kubernetes validation IsConfigMapKey): `[-._a-zA-Z0-9]+`, at most 253.
export function checkConfigMapKey(v: string): string | undefined {
  if (v.length <= 253 && /^[-._a-zA-Z0-9]+$/.test(v) && v !== '.' && v !== '..') return undefined;
  return `${show(v)} is not a ConfigMap key: expected letters, digits, "-", "_" and ".", e.g. "ui.bannercontent"`;
}
