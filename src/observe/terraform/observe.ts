/**
 * Build the AccessPlan a Terraform plan would leave behind, from the JSON `terraform show -json
 * PLANFILE` writes, so `prove` can check a chain before it is applied — whoever wrote the
 * Terraform. Pure: the parsed JSON in, the plan, its unknown values and its assumptions out.
 *
 * Read (hashicorp/aws and hashicorp/kubernetes resource schemas, argument names as documented on
 * the provider's registry pages):
 * - `aws_iam_role` (name, path, assume_role_policy, inline_policy, managed_policy_arns,
 *   permissions_boundary, max_session_duration, description, tags) and `data "aws_iam_role"`;
 * - `aws_iam_role_policy` (role, name, policy), `aws_iam_policy` (name, path, policy) attached
 *   with `aws_iam_role_policy_attachment` (role, policy_arn);
 * - `aws_iam_openid_connect_provider` (url, client_id_list), also as a data source;
 * - `aws_eks_pod_identity_association` (cluster_name, namespace, service_account, role_arn);
 * - `aws_eks_access_entry` (cluster_name, principal_arn, type, kubernetes_groups) and
 *   `aws_eks_access_policy_association` (cluster_name, principal_arn, policy_arn, access_scope);
 * - cluster Secrets and the argo-cd chart's values (argocd.ts).
 * Resources in modules and with `count` / `for_each` are instances like any other (their address
 * carries the module path and the key).
 *
 * Values unknown until apply are never guessed: each one becomes an UnknownValue that says what
 * depends on it (src/prove/unknowns.ts proves around them). A role's ARN is not taken from its
 * unknown `arn` attribute but built from its name, path and account, which IAM fixes
 * (`arn:<partition>:iam::<account>:role<path><name>`, IAM User Guide "IAM identifiers").
 *
 * Intent: with a fleet's plan (`intent`), the intended paths and anything the Terraform does not
 * hold (hub facts, service accounts) come from it. Without one, the Terraform states its own
 * intent: every Argo CD cluster registration it writes is meant to be reached by the Argo CD
 * service accounts that carry AWS identity, through the management role and the registration's
 * `roleARN` — and by nothing else.
 */
import { partitionForRegion } from '../../fleet/regions.js';
import type { IdentityMode, Partition } from '../../fleet/types.js';
import { roleArn as buildRoleArn, issuerHost, managedPolicyArn } from '../../plan/arn.js';
import { argoWorkloads, clusterCredentialsForm } from '../../plan/naming.js';
import {
  ANNOTATION_ACCOUNT,
  ANNOTATION_CLUSTER_NAME,
  ANNOTATION_REGION,
  IN_CLUSTER_SERVER,
} from '../../plan/plan.js';
import {
  type AccessEntryPlan,
  type AccessPlan,
  type AccessPolicyAssociation,
  type ClusterRegistrationPlan,
  type IntendedPath,
  type NamedPolicy,
  type OidcProviderPlan,
  PLAN_API_VERSION,
  type PodIdentityAssociationPlan,
  type PolicyDocument,
  type RoleKind,
  type RolePlan,
  type ServiceAccountPlan,
} from '../../plan/types.js';
import {
  DENY_ALL_TRUST,
  leastBoundary,
  type UnknownEffect,
  type UnknownValue,
} from '../../prove/unknowns.js';
import { accountOfArn, Placements } from './accounts.js';
import { type RawRegistration, readArgoSide } from './argocd.js';
import {
  containsUnknown,
  type Instance,
  isUnknownAt,
  type JsonObject,
  readPlanDocument,
  referencesOf,
  TerraformPlanError,
} from './plan-json.js';
import { readStackSets, type StackSetDeployment } from './stack-sets.js';

export { TerraformPlanError } from './plan-json.js';

export interface ObserveTerraformOptions {
  /** A fleet's plan: the intended paths, and what the Terraform does not hold. */
  readonly intent?: AccessPlan;
}

export interface TerraformObservation {
  readonly plan: AccessPlan;
  readonly unknowns: readonly UnknownValue[];
  /** What was assumed rather than read, one sentence each. */
  readonly assumed: readonly string[];
  readonly terraformVersion?: string;
  /** Resource instances read, by type (for the summary line). */
  readonly counts: Readonly<Record<string, number>>;
}

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);
const lc = (s: string): string => s.toLowerCase();
const PROOF: UnknownEffect = { kind: 'proof' };
const DEFAULT_NAMESPACE = 'argocd';

interface Ctx {
  readonly placements: Placements;
  readonly unknowns: UnknownValue[];
  readonly assumed: string[];
}

interface RoleDraft {
  role: RolePlan & { permissionsBoundaryPolicy?: PolicyDocument };
  readonly instance: Instance;
}

export function observeTerraformPlan(
  json: unknown,
  options: ObserveTerraformOptions = {},
): TerraformObservation {
  const doc = readPlanDocument(json);
  const ctx: Ctx = { placements: new Placements(doc), unknowns: [], assumed: [] };
  const intent = options.intent;
  const byType = new Map<string, Instance[]>();
  for (const i of doc.instances) {
    const key = `${i.mode === 'data' ? 'data.' : ''}${i.type}`;
    const list = byType.get(key) ?? [];
    list.push(i);
    byType.set(key, list);
  }
  const of = (type: string): readonly Instance[] => byType.get(type) ?? [];

  // --- IAM ------------------------------------------------------------------------------------
  const policies = readManagedPolicies(ctx, of('aws_iam_policy'));
  const roles: RoleDraft[] = [];
  for (const i of [...of('aws_iam_role'), ...of('data.aws_iam_role')]) {
    const draft = readRole(ctx, i, policies, intent);
    if (draft) roles.push(draft);
  }
  // The Argo CD side first: the accounts its registrations name are candidates for StackSets.
  const argo = readArgoSide(doc.instances);
  ctx.unknowns.push(...argo.unknowns);
  ctx.assumed.push(...argo.notes);
  const stackSetInstances = of('aws_cloudformation_stack_set_instance');
  const stackSets = readStackSets(
    of('aws_cloudformation_stack_set'),
    stackSetInstances,
    doc.instances.filter((i) => i.mode === 'data'),
    ctx.placements,
    stackSetInstances.length > 0 ? planAccounts(ctx, doc.instances, argo.registrations) : new Set(),
    intent,
  );
  ctx.assumed.push(...stackSets.assumed);
  const created = new Set(roles.map((r) => lc(r.role.arn)));
  for (const role of stackSets.created.roles)
    if (!created.has(lc(role.arn))) {
      const from = of('aws_cloudformation_stack_set').find((s) => s.values.name !== undefined) as Instance;
      roles.push({ role, instance: from });
    }
  const byName = new Map<string, RoleDraft[]>();
  for (const r of roles) {
    const list = byName.get(r.role.name);
    if (list) list.push(r);
    else byName.set(r.role.name, [r]);
  }
  const roleByName = (account: string | undefined, name: string): RoleDraft | undefined =>
    byName.get(name)?.find((r) => account === undefined || r.role.account === account);
  for (const i of of('aws_iam_role_policy')) attachInline(ctx, i, roleByName);
  for (const i of of('aws_iam_role_policy_attachment')) attachManaged(ctx, i, roleByName, policies);

  const oidcProviders: OidcProviderPlan[] = [];
  for (const i of [...of('aws_iam_openid_connect_provider'), ...of('data.aws_iam_openid_connect_provider')]) {
    const p = readOidcProvider(ctx, i);
    if (p) oidcProviders.push(p);
  }
  oidcProviders.push(...stackSets.created.oidcProviders);

  // --- EKS ------------------------------------------------------------------------------------
  const podIdentityAssociations: PodIdentityAssociationPlan[] = [];
  for (const i of of('aws_eks_pod_identity_association')) {
    const a = readPodIdentity(ctx, i);
    if (a) podIdentityAssociations.push(a);
  }
  podIdentityAssociations.push(...stackSets.created.podIdentityAssociations);
  const rawEntries: RawEntry[] = [
    ...readAccessEntries(ctx, of('aws_eks_access_entry'), of('aws_eks_access_policy_association')),
    ...stackSets.created.accessEntries.map(({ cluster: _, ...entry }) => ({
      account: entry.account,
      region: entry.region,
      clusterName: entry.clusterName,
      entry,
      policyUnknowns: [],
    })),
  ];

  const finalRoles = roles.map((r) => r.role);
  const identity = identityOf(finalRoles, podIdentityAssociations, intent);
  const management = finalRoles.filter(
    (r) => r.kind === (identity === 'eks-capability' ? 'capability' : 'management'),
  );
  const hub = hubOf(ctx, finalRoles, management, oidcProviders, podIdentityAssociations, intent, identity);

  const clusters = placeRegistrations(ctx, argo.registrations, rawEntries, intent, hub);
  const regByCluster = new Map<string, ClusterRegistrationPlan>();
  for (const c of clusters) {
    const k = `${c.account}\0${c.region}\0${c.clusterName}`;
    if (!regByCluster.has(k)) regByCluster.set(k, c);
  }
  ctx.unknowns.push(...stackSetUnknowns(stackSets.deployments, clusters, roles));
  const accessEntries: AccessEntryPlan[] = rawEntries.map((e) => {
    const reg = regByCluster.get(`${e.account}\0${e.region}\0${e.clusterName}`);
    return { ...e.entry, cluster: reg?.name ?? e.clusterName };
  });
  rawEntries.forEach((e, n) => {
    const name = accessEntries[n]!.cluster;
    if (e.principalUnknown)
      ctx.unknowns.push({ ...e.principalUnknown, effect: { kind: 'cluster', cluster: name } });
    for (const u of e.policyUnknowns)
      ctx.unknowns.push({
        ...u,
        effect: { kind: 'cluster', cluster: name, findings: ['FM-5.5', 'FM-5.6', 'LINT-PROD-CLUSTER-ADMIN'] },
      });
  });

  const namedRoles = nameRoles(finalRoles, clusters, intent);
  const release = argo.release;
  const namespace = release?.namespace ?? intent?.argocd.namespace ?? namespaceFrom(podIdentityAssociations);
  const serviceAccounts = serviceAccountsOf(
    ctx,
    release?.serviceAccounts,
    podIdentityAssociations,
    intent,
    identity,
    namespace,
  );
  const intended = intendedOf(
    intent,
    clusters,
    serviceAccounts,
    management,
    podIdentityAssociations,
    identity,
  );
  const chartVersion = release?.chartVersion ?? intent?.argocd.chartVersion ?? '';
  const plan: AccessPlan = {
    apiVersion: PLAN_API_VERSION,
    kind: 'AccessPlan',
    identity,
    hub,
    argocd: {
      namespace,
      releaseName: release?.releaseName ?? intent?.argocd.releaseName ?? 'argocd',
      chartVersion,
      version: release?.version || intent?.argocd.version || '',
      clusterCredentialsForm:
        release?.form ??
        (release ? 'map' : (intent?.argocd.clusterCredentialsForm ?? clusterCredentialsForm(chartVersion))),
      workloads: release
        ? argoWorkloads(
            {
              namespace,
              releaseName: release.releaseName,
              chartVersion,
              version: release.version,
              serviceAccounts: { applicationController: '', applicationSetController: '', server: '' },
              dynamicClusterDistribution: release.dynamicClusterDistribution,
              controller: { replicas: 1, shardingAlgorithm: 'legacy', watchBudget: 500 },
            },
            serviceAccounts.map((s) => s.component),
          )
        : (intent?.argocd.workloads ?? []),
    },
    roles: namedRoles,
    oidcProviders,
    podIdentityAssociations,
    accessEntries,
    serviceAccounts,
    clusters,
    intended,
    ...(intent?.organization ? { organization: intent.organization } : {}),
    tags: {},
    warnings: [],
  };
  const counts: Record<string, number> = {};
  for (const [k, v] of byType) counts[k] = v.length;
  return {
    plan,
    unknowns: dedupe(ctx.unknowns),
    assumed: [...new Set(ctx.assumed)],
    ...(doc.terraformVersion ? { terraformVersion: doc.terraformVersion } : {}),
    counts,
  };
}

function dedupe(list: readonly UnknownValue[]): UnknownValue[] {
  const seen = new Set<string>();
  return list.filter((u) => {
    const k = `${u.source}\0${u.attribute}\0${JSON.stringify(u.effect)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function unknownOf(i: Instance, attribute: string, effect: UnknownEffect, note?: string): UnknownValue {
  return {
    source: i.address,
    attribute,
    references: referencesOf(i.expressions, attribute.split(/[.[]/)[0] ?? attribute),
    effect,
    ...(note ? { note } : {}),
  };
}

/**
 * Optional+Computed arguments that AWS leaves empty when they are not given (a role's
 * `inline_policy` and `managed_policy_arns`, an access entry's `kubernetes_groups`): on create
 * the provider plans them as unknown when the configuration does not set them, or sets them to
 * null from a module's `for_each` value. That unknown is the provider's schema speaking, not a
 * value computed at apply: a new role has no inline policy it was not given. It is taken as empty
 * when the expression is absent or refers only to input variables and `each`/`count` (never to
 * another resource, whose values may really wait for apply).
 */
function emptyByDefault(i: Instance, attribute: string): boolean {
  if (i.action !== 'create') return false;
  const e = i.expressions[attribute];
  if (e === undefined) return true;
  if (Array.isArray(e)) return false; // a block: set by the configuration
  const refs = isObject(e) && Array.isArray(e.references) ? e.references : [];
  return (
    isObject(e) &&
    e.constant_value === undefined &&
    refs.length > 0 &&
    refs.every((r) => typeof r === 'string' && /^(var|each|count)\./.test(r))
  );
}

function str(i: Instance, attribute: string): string | undefined {
  const v = i.values[attribute];
  return typeof v === 'string' ? v : undefined;
}

function known(i: Instance, attribute: string): boolean {
  return !isUnknownAt(i.unknown, [attribute]);
}

/** A JSON policy document from a string attribute; a plan with malformed JSON names the path. */
function policyJson(i: Instance, attribute: string, raw: string): PolicyDocument {
  try {
    const doc = JSON.parse(raw) as unknown;
    if (!isObject(doc)) throw new Error('not a JSON object');
    return doc as unknown as PolicyDocument;
  } catch (error) {
    throw new TerraformPlanError(
      `${i.jsonPath}.change.after.${attribute}`,
      `${i.address} ${attribute} is not a JSON policy document (${(error as Error).message})`,
    );
  }
}

function partitionOf(region: string | undefined, arn?: string): Partition {
  const fromArn = arn?.split(':')[1];
  if (fromArn === 'aws' || fromArn === 'aws-cn' || fromArn === 'aws-us-gov') return fromArn;
  return region ? (partitionForRegion(region) ?? 'aws') : 'aws';
}

interface ManagedPolicy {
  readonly arn: string;
  readonly name: string;
  readonly document?: PolicyDocument;
  readonly instance: Instance;
}

function readManagedPolicies(ctx: Ctx, instances: readonly Instance[]): ManagedPolicy[] {
  const out: ManagedPolicy[] = [];
  for (const i of instances) {
    const name = str(i, 'name');
    const place = ctx.placements.of(i);
    if (!known(i, 'name') || name === undefined || !place.account) continue; // attachments say so
    const arn =
      str(i, 'arn') ??
      managedPolicyArn(partitionOf(place.region), place.account, str(i, 'path') ?? '/', name);
    const policy = str(i, 'policy');
    out.push({
      arn,
      name,
      ...(known(i, 'policy') && policy !== undefined ? { document: policyJson(i, 'policy', policy) } : {}),
      instance: i,
    });
  }
  return out;
}

function readRole(
  ctx: Ctx,
  i: Instance,
  policies: readonly ManagedPolicy[],
  intent?: AccessPlan,
): RoleDraft | undefined {
  const place = ctx.placements.of(i);
  const name = str(i, 'name');
  if (!known(i, 'name') || name === undefined) {
    ctx.unknowns.push(
      unknownOf(i, 'name', PROOF, 'unknown until apply (name_prefix or a computed name), so the role ARN is'),
    );
    return undefined;
  }
  if (!known(i, 'path')) {
    ctx.unknowns.push(unknownOf(i, 'path', PROOF));
    return undefined;
  }
  if (!place.account) {
    ctx.unknowns.push(
      unknownOf(
        i,
        'account',
        PROOF,
        'not in the plan (give its provider `assume_role { role_arn }` or `allowed_account_ids`, or read `data "aws_caller_identity"`), so the role ARN is',
      ),
    );
    return undefined;
  }
  if (!place.region) ctx.assumed.push(`${i.address}: no region in the plan; partition aws assumed.`);
  const path = str(i, 'path') ?? '/';
  const partition = partitionOf(place.region, str(i, 'arn'));
  const arn = str(i, 'arn') ?? buildRoleArn(partition, place.account, path, name);
  let trustPolicy: PolicyDocument;
  const trustRaw = str(i, 'assume_role_policy');
  if (!known(i, 'assume_role_policy') || trustRaw === undefined) {
    ctx.unknowns.push(
      unknownOf(i, 'assume_role_policy', { kind: 'role-document', roleArn: arn, slot: 'trust' }),
    );
    trustPolicy = DENY_ALL_TRUST;
  } else trustPolicy = policyJson(i, 'assume_role_policy', decodeIfEncoded(trustRaw));

  const inlinePolicies: NamedPolicy[] = [];
  const unset = (attr: string): boolean => emptyByDefault(i, attr);
  if (!known(i, 'inline_policy') && !unset('inline_policy'))
    ctx.unknowns.push(
      unknownOf(i, 'inline_policy', { kind: 'role-document', roleArn: arn, slot: 'identity' }),
    );
  else if (Array.isArray(i.values.inline_policy))
    i.values.inline_policy.forEach((p, n) => {
      if (!isObject(p) || typeof p.name !== 'string' || p.name === '') return;
      if (isUnknownAt(i.unknown, ['inline_policy', n, 'policy']) || typeof p.policy !== 'string') {
        ctx.unknowns.push(
          unknownOf(i, `inline_policy[${n}].policy`, {
            kind: 'role-document',
            roleArn: arn,
            slot: 'identity',
            name: p.name,
          }),
        );
        return;
      }
      inlinePolicies.push({ name: p.name, document: policyJson(i, `inline_policy[${n}].policy`, p.policy) });
    });
  const managedPolicies: NamedPolicy[] = [];
  const attachedPolicyArns: string[] = [];
  if (!known(i, 'managed_policy_arns') && !unset('managed_policy_arns'))
    ctx.unknowns.push(
      unknownOf(i, 'managed_policy_arns', { kind: 'role-document', roleArn: arn, slot: 'identity' }),
    );
  else if (Array.isArray(i.values.managed_policy_arns))
    for (const a of i.values.managed_policy_arns)
      if (typeof a === 'string') addManaged(a, managedPolicies, attachedPolicyArns, policies, ctx, i, arn);

  const boundaryRaw = str(i, 'permissions_boundary');
  let boundary: { permissionsBoundaryArn?: string; permissionsBoundaryPolicy?: PolicyDocument } = {};
  if (!known(i, 'permissions_boundary')) {
    ctx.unknowns.push(
      unknownOf(i, 'permissions_boundary', { kind: 'role-document', roleArn: arn, slot: 'boundary' }),
    );
    boundary = { permissionsBoundaryArn: '(known after apply)', permissionsBoundaryPolicy: leastBoundary() };
  } else if (boundaryRaw) {
    const doc = policies.find((p) => p.arn === boundaryRaw);
    if (doc && !doc.document) {
      ctx.unknowns.push(
        unknownOf(doc.instance, 'policy', { kind: 'role-document', roleArn: arn, slot: 'boundary' }),
      );
      boundary = { permissionsBoundaryArn: boundaryRaw, permissionsBoundaryPolicy: leastBoundary() };
    } else
      boundary = {
        permissionsBoundaryArn: boundaryRaw,
        ...(doc?.document ? { permissionsBoundaryPolicy: doc.document } : {}),
      };
  }
  const planned = intent?.roles.find((r) => lc(r.arn) === lc(arn));
  const tags = isObject(i.values.tags) ? (i.values.tags as Record<string, unknown>) : {};
  const duration = i.values.max_session_duration;
  return {
    instance: i,
    role: {
      id: planned?.id ?? `terraform/${i.address}`,
      kind: planned?.kind ?? inferKind(trustPolicy),
      account: place.account,
      partition,
      name,
      path,
      arn,
      description: str(i, 'description') ?? '',
      trustPolicy,
      inlinePolicies,
      managedPolicies,
      attachedPolicyArns,
      ...boundary,
      maxSessionDuration: typeof duration === 'number' ? duration : 3600,
      tags: Object.fromEntries(
        Object.entries(tags).filter((e): e is [string, string] => typeof e[1] === 'string'),
      ),
    },
  };
}

/** The IAM API returns documents URL-encoded; the role data source passes that through in some versions. */
function decodeIfEncoded(raw: string): string {
  if (raw.trimStart().startsWith('%7B')) {
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}

function addManaged(
  arn: string,
  managed: NamedPolicy[],
  attached: string[],
  policies: readonly ManagedPolicy[],
  ctx: Ctx,
  from: Instance,
  roleArn: string,
): void {
  const created = policies.find((p) => p.arn === arn);
  if (!created) {
    if (!attached.includes(arn)) attached.push(arn);
    return;
  }
  if (!created.document) {
    ctx.unknowns.push(
      unknownOf(created.instance, 'policy', {
        kind: 'role-document',
        roleArn,
        slot: 'identity',
        name: created.name,
      }),
    );
    return;
  }
  if (!managed.some((m) => m.name === created.name))
    managed.push({ name: created.name, document: created.document });
  void from;
}

/** A role named by a policy resource: looked up by name in the account the resource lands in. */
function targetRole(
  ctx: Ctx,
  i: Instance,
  roleByName: (account: string | undefined, name: string) => RoleDraft | undefined,
): RoleDraft | undefined | 'unknown' {
  const role = str(i, 'role');
  if (!known(i, 'role') || role === undefined) {
    ctx.unknowns.push(unknownOf(i, 'role', PROOF, 'unknown until apply, so which role gets the policy is'));
    return 'unknown';
  }
  const name = role.includes(':role/') ? role.slice(role.lastIndexOf('/') + 1) : role;
  const draft = roleByName(ctx.placements.of(i).account, name);
  if (!draft)
    ctx.assumed.push(
      `${i.address} attaches a policy to role ${role}, which this plan does not create or read; it is not evaluated.`,
    );
  return draft;
}

function attachInline(
  ctx: Ctx,
  i: Instance,
  roleByName: (account: string | undefined, name: string) => RoleDraft | undefined,
): void {
  const draft = targetRole(ctx, i, roleByName);
  if (draft === undefined || draft === 'unknown') return;
  const name = str(i, 'name') ?? `(unnamed ${i.address})`;
  const policy = str(i, 'policy');
  if (!known(i, 'policy') || policy === undefined) {
    ctx.unknowns.push(
      unknownOf(i, 'policy', { kind: 'role-document', roleArn: draft.role.arn, slot: 'identity', name }),
    );
    return;
  }
  draft.role = {
    ...draft.role,
    inlinePolicies: [...draft.role.inlinePolicies, { name, document: policyJson(i, 'policy', policy) }],
  };
}

function attachManaged(
  ctx: Ctx,
  i: Instance,
  roleByName: (account: string | undefined, name: string) => RoleDraft | undefined,
  policies: readonly ManagedPolicy[],
): void {
  const draft = targetRole(ctx, i, roleByName);
  if (draft === undefined || draft === 'unknown') return;
  const arn = str(i, 'policy_arn');
  if (!known(i, 'policy_arn') || arn === undefined) {
    ctx.unknowns.push(
      unknownOf(i, 'policy_arn', { kind: 'role-document', roleArn: draft.role.arn, slot: 'identity' }),
    );
    return;
  }
  const managed = [...draft.role.managedPolicies];
  const attached = [...draft.role.attachedPolicyArns];
  addManaged(arn, managed, attached, policies, ctx, i, draft.role.arn);
  draft.role = { ...draft.role, managedPolicies: managed, attachedPolicyArns: attached };
}

function readOidcProvider(ctx: Ctx, i: Instance): OidcProviderPlan | undefined {
  const url = str(i, 'url');
  const place = ctx.placements.of(i);
  if (!known(i, 'url') || url === undefined) {
    ctx.unknowns.push(
      unknownOf(
        i,
        'url',
        PROOF,
        'unknown until apply (the hub cluster is created in the same apply?), so the IRSA issuer is',
      ),
    );
    return undefined;
  }
  if (!place.account && !str(i, 'arn')) {
    ctx.unknowns.push(unknownOf(i, 'account', PROOF, 'not in the plan, so the provider ARN is'));
    return undefined;
  }
  const withScheme = url.startsWith('https://') ? url : `https://${url}`;
  const host = issuerHost(withScheme);
  const arn = str(i, 'arn') ?? `arn:${partitionOf(place.region)}:iam::${place.account}:oidc-provider/${host}`;
  const ids = i.values.client_id_list;
  if (!known(i, 'client_id_list')) ctx.unknowns.push(unknownOf(i, 'client_id_list', PROOF));
  return {
    account: place.account ?? arn.split(':')[4] ?? '',
    arn,
    issuerUrl: withScheme.replace(/\/+$/, ''),
    issuerHost: host,
    clientIds: Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [],
    create: i.mode === 'managed',
  };
}

function readPodIdentity(ctx: Ctx, i: Instance): PodIdentityAssociationPlan | undefined {
  for (const a of ['cluster_name', 'namespace', 'service_account'])
    if (!known(i, a) || str(i, a) === undefined) {
      ctx.unknowns.push(unknownOf(i, a, PROOF));
      return undefined;
    }
  const namespace = str(i, 'namespace')!;
  const serviceAccount = str(i, 'service_account')!;
  const place = ctx.placements.of(i);
  const roleArn = str(i, 'role_arn');
  if (!known(i, 'role_arn') || roleArn === undefined) {
    ctx.unknowns.push(unknownOf(i, 'role_arn', { kind: 'service-account', namespace, name: serviceAccount }));
    return undefined;
  }
  // Cross-account Pod Identity (hashicorp/aws >= 6.x `target_role_arn`): EKS assumes the target
  // role with role_arn's credentials and the pod gets the target's (EKS User Guide,
  // pod-id-assign-target-role). The AccessPlan of this build has no field for that hop, so what the
  // service account reaches is left undetermined rather than proved through role_arn alone, which
  // is not the identity the pod holds.
  const target = i.values.target_role_arn;
  const targetUnknown = !known(i, 'target_role_arn') && !emptyByDefault(i, 'target_role_arn');
  if ((typeof target === 'string' && target !== '' && known(i, 'target_role_arn')) || targetUnknown)
    ctx.unknowns.push(
      unknownOf(
        i,
        'target_role_arn',
        { kind: 'service-account', namespace, name: serviceAccount },
        !targetUnknown
          ? `${target}: EKS hands the pod that role's credentials, a hop this version of the AccessPlan cannot hold yet, so what the service account reaches is`
          : undefined,
      ),
    );
  if (!place.account || !place.region) {
    ctx.unknowns.push(unknownOf(i, 'account', PROOF, 'not in the plan, so the hub cluster is'));
    return undefined;
  }
  return {
    account: place.account,
    region: place.region,
    clusterName: str(i, 'cluster_name')!,
    namespace,
    serviceAccount,
    roleArn,
  };
}

interface RawEntry {
  readonly entry: Omit<AccessEntryPlan, 'cluster'>;
  readonly account: string;
  readonly region: string;
  readonly clusterName: string;
  readonly principalUnknown?: UnknownValue;
  readonly policyUnknowns: readonly UnknownValue[];
}

function readAccessEntries(
  ctx: Ctx,
  entries: readonly Instance[],
  associations: readonly Instance[],
): RawEntry[] {
  const out: (RawEntry & { policies: AccessPolicyAssociation[]; unknownPolicies: UnknownValue[] })[] = [];
  const place = (i: Instance): { account: string; region: string } | undefined => {
    const p = ctx.placements.of(i);
    if (!p.account || !p.region) {
      ctx.unknowns.push(
        unknownOf(
          i,
          'account',
          PROOF,
          'not in the plan (account or region of its provider), so which cluster it is on is',
        ),
      );
      return undefined;
    }
    return { account: p.account, region: p.region };
  };
  const unknownPrincipalKey = (i: Instance): string => `(known after apply: ${i.address})`;
  for (const i of entries) {
    if (!known(i, 'cluster_name') || str(i, 'cluster_name') === undefined) {
      ctx.unknowns.push(unknownOf(i, 'cluster_name', PROOF));
      continue;
    }
    const p = place(i);
    if (!p) continue;
    const type = str(i, 'type') ?? 'STANDARD';
    if (known(i, 'type') && type !== 'STANDARD') continue; // node / Fargate entries: not Argo CD's
    const principalKnown = known(i, 'principal_arn') && str(i, 'principal_arn') !== undefined;
    const groups = i.values.kubernetes_groups;
    const groupsUnknown = !known(i, 'kubernetes_groups') && !emptyByDefault(i, 'kubernetes_groups');
    out.push({
      account: p.account,
      region: p.region,
      clusterName: str(i, 'cluster_name')!,
      entry: {
        account: p.account,
        region: p.region,
        partition: partitionOf(p.region),
        clusterName: str(i, 'cluster_name')!,
        principalArn: principalKnown ? str(i, 'principal_arn')! : unknownPrincipalKey(i),
        type: 'STANDARD',
        kubernetesGroups: Array.isArray(groups)
          ? groups.filter((g): g is string => typeof g === 'string').sort()
          : [],
        accessPolicies: [],
      },
      ...(principalKnown ? {} : { principalUnknown: unknownOf(i, 'principal_arn', PROOF) }),
      policyUnknowns: [],
      policies: [],
      unknownPolicies: groupsUnknown ? [unknownOf(i, 'kubernetes_groups', PROOF)] : [],
    });
  }
  const entryKey = (account: string, region: string, cluster: string, principal: string) =>
    `${account}\0${region}\0${cluster}\0${lc(principal)}`;
  const byKey = new Map(
    out.map((e) => [entryKey(e.account, e.region, e.clusterName, e.entry.principalArn), e]),
  );
  for (const i of associations) {
    if (!known(i, 'cluster_name') || str(i, 'cluster_name') === undefined) {
      ctx.unknowns.push(unknownOf(i, 'cluster_name', PROOF));
      continue;
    }
    const p = place(i);
    if (!p) continue;
    const clusterName = str(i, 'cluster_name')!;
    const principalKnown = known(i, 'principal_arn') && str(i, 'principal_arn') !== undefined;
    const principal = principalKnown ? str(i, 'principal_arn')! : undefined;
    const sameCluster = (e: RawEntry) =>
      e.account === p.account && e.region === p.region && e.clusterName === clusterName;
    let entry = principal ? byKey.get(entryKey(p.account, p.region, clusterName, principal)) : undefined;
    if (!principal) {
      // Which entry it extends is unknown: the cluster's access is.
      const first = out.find(sameCluster);
      if (first) first.unknownPolicies.push(unknownOf(i, 'principal_arn', PROOF));
      else ctx.unknowns.push(unknownOf(i, 'principal_arn', PROOF));
      continue;
    }
    if (!entry) {
      // EKS only associates a policy with an existing entry (AssociateAccessPolicy needs one).
      ctx.assumed.push(
        `${i.address}: the access entry for ${principal} on ${clusterName} is not in this plan; assumed to exist already (the association fails otherwise).`,
      );
      entry = {
        account: p.account,
        region: p.region,
        clusterName,
        entry: {
          account: p.account,
          region: p.region,
          partition: partitionOf(p.region),
          clusterName,
          principalArn: principal,
          type: 'STANDARD',
          kubernetesGroups: [],
          accessPolicies: [],
        },
        policyUnknowns: [],
        policies: [],
        unknownPolicies: [],
      };
      out.push(entry);
      byKey.set(entryKey(p.account, p.region, clusterName, principal), entry);
    }
    const policyArn = str(i, 'policy_arn');
    const scopeRaw = Array.isArray(i.values.access_scope) ? i.values.access_scope[0] : i.values.access_scope;
    if (
      !known(i, 'policy_arn') ||
      policyArn === undefined ||
      containsUnknown(i.unknown, ['access_scope']) ||
      !isObject(scopeRaw)
    ) {
      entry.unknownPolicies.push(
        unknownOf(i, !known(i, 'policy_arn') ? 'policy_arn' : 'access_scope', PROOF),
      );
      continue;
    }
    const namespaces = Array.isArray(scopeRaw.namespaces)
      ? scopeRaw.namespaces.filter((n): n is string => typeof n === 'string').sort()
      : [];
    entry.policies.push({
      policyArn,
      accessScope: scopeRaw.type === 'namespace' ? { type: 'namespace', namespaces } : { type: 'cluster' },
    });
  }
  return out.map((e) => ({
    account: e.account,
    region: e.region,
    clusterName: e.clusterName,
    entry: { ...e.entry, accessPolicies: e.policies },
    ...(e.principalUnknown ? { principalUnknown: e.principalUnknown } : {}),
    policyUnknowns: e.unknownPolicies,
  }));
}

/** A role the intent does not know: its kind from whom it trusts (as the CDK observer does). */
function inferKind(trust: PolicyDocument): RoleKind {
  const services = principals(trust, 'Service');
  if (services.includes('capabilities.eks.amazonaws.com')) return 'capability';
  if (services.includes('pods.eks.amazonaws.com') || principals(trust, 'Federated').length > 0)
    return 'management';
  return 'deployer';
}

function principals(doc: PolicyDocument, kind: string): string[] {
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  return statements.flatMap((s) => {
    const p = (s as { Principal?: unknown }).Principal;
    if (!isObject(p)) return [];
    const v = p[kind];
    return typeof v === 'string'
      ? [v]
      : Array.isArray(v)
        ? v.filter((x): x is string => typeof x === 'string')
        : [];
  });
}

function identityOf(
  roles: readonly RolePlan[],
  pods: readonly PodIdentityAssociationPlan[],
  intent: AccessPlan | undefined,
): IdentityMode {
  if (roles.some((r) => r.kind === 'capability')) return 'eks-capability';
  if (pods.length > 0) return 'pod-identity';
  if (roles.some((r) => r.kind === 'management' && principals(r.trustPolicy, 'Federated').length > 0))
    return 'irsa';
  if (
    roles.some(
      (r) =>
        r.kind === 'management' && principals(r.trustPolicy, 'Service').includes('pods.eks.amazonaws.com'),
    )
  )
    return 'pod-identity';
  return intent?.identity ?? 'irsa';
}

function hubOf(
  ctx: Ctx,
  roles: readonly RolePlan[],
  management: readonly RolePlan[],
  oidc: readonly OidcProviderPlan[],
  pods: readonly PodIdentityAssociationPlan[],
  intent: AccessPlan | undefined,
  identity: IdentityMode,
): AccessPlan['hub'] {
  const mgmt = management[0];
  const account = mgmt?.account ?? pods[0]?.account ?? intent?.hub.account ?? roles[0]?.account;
  if (!account) {
    ctx.unknowns.push({
      source: 'plan',
      attribute: 'hub account',
      references: [],
      effect: PROOF,
      note: 'not in the plan (no management role and no Pod Identity association)',
    });
  }
  // The issuer: the OIDC provider in the hub account, else the one the management trust names.
  const federated = mgmt
    ? principals(mgmt.trustPolicy, 'Federated').find((f) => f.includes(':oidc-provider/'))
    : undefined;
  const provider = oidc.find((p) => p.account === account) ?? oidc.find((p) => p.arn === federated);
  const issuer =
    provider?.issuerUrl ??
    (federated ? `https://${federated.slice(federated.indexOf(':oidc-provider/') + 15)}` : undefined) ??
    intent?.hub.oidcIssuer;
  const issuerRegion = issuer ? /oidc\.eks\.([a-z0-9-]+)\.amazonaws\.com/.exec(issuer)?.[1] : undefined;
  const region = pods[0]?.region ?? issuerRegion ?? intent?.hub.region ?? '';
  const clusterName = pods[0]?.clusterName ?? intent?.hub.clusterName ?? '';
  if (!pods[0] && !intent && identity !== 'eks-capability')
    ctx.assumed.push(
      'The hub cluster name is not in the plan (no Pod Identity association); it is only needed to tell a self-registration apart.',
    );
  return {
    name: intent?.hub.name ?? 'in-cluster',
    account: account ?? '000000000000',
    region,
    partition: mgmt?.partition ?? partitionOf(region),
    clusterName,
    ...(identity === 'irsa' && issuer ? { oidcIssuer: issuer.replace(/\/+$/, '') } : {}),
  };
}

/** Registrations placed in the spoke's account and region, matched to the access entries. */
function placeRegistrations(
  ctx: Ctx,
  raw: readonly RawRegistration[],
  entries: readonly RawEntry[],
  intent: AccessPlan | undefined,
  hub: AccessPlan['hub'],
): ClusterRegistrationPlan[] {
  const regs = raw.length > 0 ? raw : undefined;
  if (!regs) {
    if (intent) {
      ctx.assumed.push(
        "The plan writes no Argo CD cluster registration; the fleet's registrations are assumed to be in place.",
      );
      return [...intent.clusters];
    }
    if (entries.length > 0)
      ctx.assumed.push(
        'The plan writes no Argo CD cluster registration (no cluster Secret, no argo-cd helm_release); without one the access matrix has no clusters. Pass the fleet file to prove against its registrations.',
      );
    return [];
  }
  const entriesByName = new Map<string, RawEntry[]>();
  for (const e of entries) {
    const list = entriesByName.get(e.clusterName);
    if (list) list.push(e);
    else entriesByName.set(e.clusterName, [e]);
  }
  return regs.map((r) => {
    const config = r.config ?? { tlsClientConfig: { insecure: false } };
    const aws = config.awsAuthConfig;
    const eksName = r.annotations[ANNOTATION_CLUSTER_NAME] ?? aws?.clusterName ?? '';
    const serverRegion = r.server
      ? /\.([a-z]{2}(-gov)?-[a-z]+-\d)\.eks\.amazonaws\.com/.exec(r.server)?.[1]
      : undefined;
    const arnServer = r.server?.startsWith('arn:') ? r.server.split(':') : undefined;
    const fromIntent = intent?.clusters.find((c) => c.name === r.name);
    const candidates =
      entriesByName.get(arnServer ? (arnServer[5]?.replace(/^cluster\//, '') ?? eksName) : eksName) ?? [];
    const byRole = aws?.roleARN
      ? candidates.find((e) => lc(e.entry.principalArn) === lc(aws.roleARN!))
      : undefined;
    const region =
      r.annotations[ANNOTATION_REGION] ??
      arnServer?.[3] ??
      serverRegion ??
      byRole?.region ??
      candidates[0]?.region ??
      fromIntent?.region ??
      '';
    const account =
      r.annotations[ANNOTATION_ACCOUNT] ??
      arnServer?.[4] ??
      byRole?.account ??
      candidates.find((e) => e.region === region)?.account ??
      fromIntent?.account ??
      (aws?.roleARN ? aws.roleARN.split(':')[4] : undefined) ??
      '';
    const self = r.server === IN_CLUSTER_SERVER;
    return {
      name: r.name,
      server: r.server ?? '(known after apply)',
      config,
      labels: r.labels,
      annotations: r.annotations,
      ...(r.project ? { project: r.project } : {}),
      namespaces: r.namespaces,
      clusterResources: r.clusterResources,
      secretName: r.secretName,
      account: self ? hub.account : account,
      region: self ? hub.region : region,
      clusterName: self
        ? hub.clusterName
        : arnServer
          ? (arnServer[5]?.replace(/^cluster\//, '') ?? eksName)
          : eksName,
    };
  });
}

/**
 * Role ids as a fleet's plan has them (`management`, `capability`, `deployer/<first cluster it
 * serves>`), so a Terraform plan's matrix lines up with the fleet's; roles the intent names keep
 * its ids, and anything ambiguous keeps `terraform/<address>`.
 */
function nameRoles(
  roles: readonly RolePlan[],
  clusters: readonly ClusterRegistrationPlan[],
  intent: AccessPlan | undefined,
): RolePlan[] {
  const used = new Set<string>();
  const kinds = new Map<RoleKind, number>();
  for (const r of roles) kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
  const intentArns = new Set(intent?.roles.map((x) => lc(x.arn)) ?? []);
  const servedBy = new Map<string, string[]>();
  for (const c of clusters) {
    const arn = c.config.awsAuthConfig?.roleARN;
    if (!arn) continue;
    const list = servedBy.get(lc(arn));
    if (list) list.push(c.name);
    else servedBy.set(lc(arn), [c.name]);
  }
  return roles.map((r) => {
    if (intentArns.has(lc(r.arn))) return r;
    const serves = [...(servedBy.get(lc(r.arn)) ?? [])].sort();
    let id: string | undefined;
    if ((r.kind === 'management' || r.kind === 'capability') && kinds.get(r.kind) === 1) id = r.kind;
    else if (r.kind === 'deployer' && serves.length > 0) id = `deployer/${serves[0]}`;
    if (!id || used.has(id)) return r;
    used.add(id);
    return { ...r, id, ...(serves.length > 0 ? { serves } : {}) };
  });
}

function namespaceFrom(pods: readonly PodIdentityAssociationPlan[]): string {
  return pods[0]?.namespace ?? DEFAULT_NAMESPACE;
}

const DEFAULT_SAS: readonly Pick<ServiceAccountPlan, 'component' | 'name' | 'valuesKey'>[] = [
  { component: 'application-controller', name: 'argocd-application-controller', valuesKey: 'controller' },
  {
    component: 'applicationset-controller',
    name: 'argocd-applicationset-controller',
    valuesKey: 'applicationSet',
  },
  { component: 'server', name: 'argocd-server', valuesKey: 'server' },
];

function serviceAccountsOf(
  ctx: Ctx,
  fromRelease: readonly ServiceAccountPlan[] | undefined,
  pods: readonly PodIdentityAssociationPlan[],
  intent: AccessPlan | undefined,
  identity: IdentityMode,
  namespace: string,
): ServiceAccountPlan[] {
  if (identity === 'eks-capability') return [];
  if (fromRelease) {
    // IRSA: only components annotated with a role carry AWS identity; Pod Identity: those associated.
    if (identity === 'irsa') return fromRelease.filter((s) => s.annotations['eks.amazonaws.com/role-arn']);
    return fromRelease.filter((s) =>
      pods.some((p) => p.namespace === s.namespace && p.serviceAccount === s.name),
    );
  }
  if (intent) return [...intent.serviceAccounts];
  if (identity === 'pod-identity' && pods.length > 0)
    return pods.map((p) => {
      const known = DEFAULT_SAS.find((d) => d.name === p.serviceAccount);
      return {
        component: known?.component ?? 'application-controller',
        namespace: p.namespace,
        name: p.serviceAccount,
        annotations: {},
        valuesKey: known?.valuesKey ?? 'controller',
      };
    });
  ctx.assumed.push(
    `No argo-cd helm_release in the plan: the Argo CD service accounts are assumed to be the chart's defaults (${DEFAULT_SAS.map((d) => d.name).join(', ')}) in namespace ${namespace}.`,
  );
  return DEFAULT_SAS.map((d) => ({ ...d, namespace, annotations: {} }));
}

function intendedOf(
  intent: AccessPlan | undefined,
  clusters: readonly ClusterRegistrationPlan[],
  sas: readonly ServiceAccountPlan[],
  management: readonly RolePlan[],
  pods: readonly PodIdentityAssociationPlan[],
  identity: IdentityMode,
): IntendedPath[] {
  if (intent) return [...intent.intended];
  const out: IntendedPath[] = [];
  const spokes = clusters.filter((c) => c.server !== IN_CLUSTER_SERVER || c.config.awsAuthConfig);
  if (identity === 'eks-capability') {
    const cap = management[0];
    if (!cap) return [];
    for (const c of spokes)
      out.push({
        serviceAccount: { namespace: 'eks-capability', name: 'argocd' },
        component: 'application-controller',
        cluster: c.name,
        roles: [cap.arn],
      });
    return out;
  }
  for (const sa of sas) {
    // The role the service account gets: its IRSA annotation or its Pod Identity association.
    const first =
      sa.annotations['eks.amazonaws.com/role-arn'] ??
      pods.find((p) => p.namespace === sa.namespace && p.serviceAccount === sa.name)?.roleArn ??
      management[0]?.arn;
    if (!first) continue;
    for (const c of spokes) {
      const second = c.config.awsAuthConfig?.roleARN;
      out.push({
        serviceAccount: { namespace: sa.namespace, name: sa.name },
        component: sa.component,
        cluster: c.name,
        roles: second && lc(second) !== lc(first) ? [first, second] : [first],
      });
    }
  }
  return out;
}

/** Accounts the plan shows: where its resources land, the principals and roles it names. */
function planAccounts(
  ctx: Ctx,
  instances: readonly Instance[],
  registrations: readonly RawRegistration[],
): Set<string> {
  const out = new Set<string>();
  const add = (a: string | undefined) => {
    if (a) out.add(a);
  };
  for (const i of instances) {
    add(ctx.placements.of(i).account);
    add(accountOfArn(i.values.principal_arn));
    add(accountOfArn(i.values.role_arn));
  }
  for (const r of registrations) {
    add(accountOfArn(r.config?.awsAuthConfig?.roleARN));
    add(r.annotations[ANNOTATION_ACCOUNT]);
  }
  return out;
}

/**
 * The clusters whose access hangs on where a StackSet deploys, or on a template the plan does not
 * hold: a registration whose role the StackSet would create in an account it may or may not
 * reach, or a cluster in such an account that the template would give access entries on.
 */
function stackSetUnknowns(
  deployments: readonly StackSetDeployment[],
  clusters: readonly ClusterRegistrationPlan[],
  roles: readonly RoleDraft[],
): UnknownValue[] {
  const out: UnknownValue[] = [];
  const planned = new Set(roles.map((r) => lc(r.role.arn)));
  for (const d of deployments)
    for (const c of clusters) {
      const roleArn = c.config.awsAuthConfig?.roleARN;
      const account = accountOfArn(roleArn) ?? c.account;
      const reach = d.targets(account);
      if (reach === 'no') continue;
      const effect: UnknownEffect = { kind: 'cluster', cluster: c.name };
      if (d.templateUnknown) {
        // Any role the plan does not create itself could be this template's.
        if (roleArn && !planned.has(lc(roleArn))) out.push({ ...d.templateUnknown, effect });
        continue;
      }
      if (reach !== 'maybe' || !d.undecided) continue;
      const there = d.observeIn(account);
      if (!there) continue;
      const makesRole = roleArn !== undefined && there.roles.some((r) => lc(r.arn) === lc(roleArn));
      const makesEntry = there.accessEntries.some(
        (e) => e.account === c.account && e.region === c.region && e.clusterName === c.clusterName,
      );
      if (makesRole || makesEntry)
        out.push({
          ...d.undecided,
          note: `${d.undecided.note} (here: account ${account}, for ${c.name})`,
          effect,
        });
    }
  return out;
}
