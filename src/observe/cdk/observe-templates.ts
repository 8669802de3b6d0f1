/**
 * Read the IAM and EKS documents back out of synthesized CloudFormation templates and assemble
 * them into an AccessPlan, so `prove` can run on what will be deployed rather than on our model
 * of it. Pure: templates (already parsed) in, plan out. `readAssembly` (assembly.ts) does the
 * file reading.
 *
 * What is observed: roles (name, path, trust policy, inline and managed policies, attached ARNs,
 * boundary, session duration, tags), OIDC providers, Pod Identity associations and access
 * entries, with every intrinsic resolved for the stack's account, region and partition.
 * What is taken from the intent plan, because no template holds it: the Argo CD side (service
 * accounts, cluster registrations, intended paths) and the Argo CD names of clusters.
 * What is assumed, and reported in `assumed`: things the templates reference but do not create
 * (an OIDC provider imported by ARN, a role they only name) and the accounts StackSet instances
 * land in (Organization membership is not in any template).
 */

import { partitionForRegion } from '../../fleet/regions.js';
import type { Partition } from '../../fleet/types.js';
import { managedPolicyArn, roleArn } from '../../plan/arn.js';
import type {
  AccessEntryPlan,
  AccessPlan,
  AccessPolicyAssociation,
  NamedPolicy,
  OidcProviderPlan,
  PodIdentityAssociationPlan,
  PolicyDocument,
  RoleKind,
  RolePlan,
} from '../../plan/types.js';
import { type Json, type ResolveContext, resolveIntrinsics, UnresolvableError } from './intrinsics.js';

export interface CfnTemplate {
  readonly Parameters?: Readonly<Record<string, Json>>;
  readonly Resources?: Readonly<Record<string, CfnResource>>;
}

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: { readonly [key: string]: Json };
}

/** One deployable stack of the assembly. */
export interface StackTemplate {
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  readonly template: CfnTemplate;
  /** Templates of the stack's `AWS::CloudFormation::StackSet` resources, by logical id. */
  readonly stackSetTemplates: Readonly<Record<string, CfnTemplate>>;
}

export interface ObserveOptions {
  /**
   * Accounts a StackSet's instances are assumed to exist in: the Organization's membership is
   * not in the templates.
   * @default - every account that has a stack with access entries in the assembly
   */
  readonly stackSetAccounts?: readonly string[];
}

export interface ObservedPlan {
  readonly plan: AccessPlan;
  /** What was assumed rather than read from a template, one sentence each. */
  readonly assumed: readonly string[];
}

export class ObserveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ObserveError';
  }
}

interface Scope {
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  readonly partition: Partition;
  readonly template: CfnTemplate;
  /** Where the template came from, for messages. */
  readonly where: string;
}

/** Assemble the AccessPlan the templates deploy. `intent` supplies what templates cannot hold. */
export function observeTemplates(
  stacks: readonly StackTemplate[],
  intent: AccessPlan,
  options: ObserveOptions = {},
): ObservedPlan {
  const assumed: string[] = [];
  const scopes: Scope[] = [];
  const entryAccounts = new Set<string>();
  for (const stack of stacks) {
    const partition = partitionForRegion(stack.region);
    scopes.push({
      stackName: stack.stackName,
      account: stack.account,
      region: stack.region,
      partition,
      template: stack.template,
      where: stack.stackName,
    });
    if (resourcesOf(stack.template).some(([, r]) => r.Type === 'AWS::EKS::AccessEntry'))
      entryAccounts.add(stack.account);
  }
  for (const stack of stacks)
    for (const [logicalId, template] of Object.entries(stack.stackSetTemplates)) {
      const set = resourcesOf(stack.template).find(([id]) => id === logicalId)?.[1];
      const region = stackSetRegion(set) ?? stack.region;
      const accounts = [...(options.stackSetAccounts ?? [...entryAccounts])].sort();
      const name =
        typeof set?.Properties?.StackSetName === 'string' ? set.Properties.StackSetName : logicalId;
      assumed.push(
        `StackSet ${name} (from ${stack.stackName}) is assumed to have an instance in ${region} of account(s) ${accounts.join(', ') || '(none)'}: they must be members of its target OUs.`,
      );
      for (const account of accounts)
        scopes.push({
          stackName: stack.stackName,
          account,
          region,
          partition: partitionForRegion(region),
          template,
          where: `StackSet ${name} instance in ${account}`,
        });
    }

  const roles: RolePlan[] = [];
  const oidcProviders: OidcProviderPlan[] = [];
  const podIdentityAssociations: PodIdentityAssociationPlan[] = [];
  const accessEntries: AccessEntryPlan[] = [];
  for (const scope of scopes) {
    const observed = observeScope(scope, intent);
    roles.push(...observed.roles);
    oidcProviders.push(...observed.oidcProviders);
    podIdentityAssociations.push(...observed.podIdentityAssociations);
    accessEntries.push(...observed.accessEntries);
  }

  const seen = new Map<string, string>();
  for (const r of roles) {
    const other = seen.get(r.arn);
    if (other !== undefined)
      throw new ObserveError(
        `Role ${r.arn} is created twice (${other} and ${r.id}); CloudFormation would fail on the second.`,
      );
    seen.set(r.arn, r.id);
  }

  // Things the templates point at without creating them: taken from the intent, and said so.
  const created = new Set(oidcProviders.map((p) => p.arn));
  const federated = new Set(roles.flatMap((r) => principals(r.trustPolicy, 'Federated')));
  for (const p of intent.oidcProviders)
    if (!created.has(p.arn) && federated.has(p.arn)) {
      oidcProviders.push(p);
      assumed.push(
        `OIDC provider ${p.arn} is imported by ARN: assumed to exist with client ids ${p.clientIds.join(', ')}.`,
      );
    }
  const roleArns = new Set(roles.map((r) => r.arn));
  const referenced = new Set([
    ...accessEntries.map((e) => e.principalArn),
    ...podIdentityAssociations.map((p) => p.roleArn),
  ]);
  for (const r of intent.roles)
    if (!roleArns.has(r.arn) && referenced.has(r.arn)) {
      roles.push(r);
      roleArns.add(r.arn);
      assumed.push(
        `Role ${r.arn} is referenced but not created by the templates: assumed to exist as planned.`,
      );
    }

  return {
    plan: {
      ...intent,
      roles: inIntentOrder(roles, intent.roles, (r) => r.arn),
      oidcProviders: inIntentOrder(oidcProviders, intent.oidcProviders, (p) => p.arn),
      podIdentityAssociations: inIntentOrder(podIdentityAssociations, intent.podIdentityAssociations, podKey),
      accessEntries: inIntentOrder(accessEntries, intent.accessEntries, entryKey),
      warnings: [],
    },
    assumed,
  };
}

/** What one template creates, read in one account and region. */
export interface ObservedResources {
  readonly roles: RolePlan[];
  readonly oidcProviders: OidcProviderPlan[];
  readonly podIdentityAssociations: PodIdentityAssociationPlan[];
  readonly accessEntries: AccessEntryPlan[];
}

/**
 * One template as deployed in one account and region: the roles, OIDC providers, Pod Identity
 * associations and access entries it creates, every intrinsic resolved there. Also what the
 * Terraform plan reader uses for the template of an `aws_cloudformation_stack_set`
 * (src/observe/terraform/stack-sets.ts), so both targets' StackSets are read by the same code.
 * `intent`, when given, supplies role ids and kinds and Argo CD cluster names.
 */
export function observeTemplate(target: TemplateTarget, intent?: AccessPlan): ObservedResources {
  return observeScope(
    {
      stackName: target.stackName,
      account: target.account,
      region: target.region,
      partition: target.partition ?? partitionForRegion(target.region),
      template: target.template,
      where: target.where,
    },
    intent,
  );
}

/** Where a template is deployed, for observeTemplate. */
export interface TemplateTarget {
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  readonly partition?: Partition;
  readonly template: CfnTemplate;
  /** Where the template came from, for messages. */
  readonly where: string;
}

function observeScope(scope: Scope, intent: AccessPlan | undefined): ObservedResources {
  const roles: RolePlan[] = [];
  const oidcProviders: OidcProviderPlan[] = [];
  const podIdentityAssociations: PodIdentityAssociationPlan[] = [];
  const accessEntries: AccessEntryPlan[] = [];
  const ctx = contextOf(scope);
  for (const [id, resource] of resourcesOf(scope.template)) {
    const props = (name: string): Json | undefined => {
      const v = resource.Properties?.[name];
      return v === undefined ? undefined : resolve(v, ctx, scope, `Resources.${id}.Properties.${name}`);
    };
    switch (resource.Type) {
      case 'AWS::IAM::Role':
        roles.push(observeRole(scope, ctx, id, resource, intent));
        break;
      case 'AWS::IAM::OIDCProvider': {
        const url = asString(props('Url'), scope, `${id}.Url`);
        const host = url.replace(/^https:\/\//, '').replace(/\/+$/, '');
        oidcProviders.push({
          account: scope.account,
          arn: `arn:${scope.partition}:iam::${scope.account}:oidc-provider/${host}`,
          issuerUrl: url,
          issuerHost: host,
          clientIds: asStrings(props('ClientIdList') ?? [], scope, `${id}.ClientIdList`),
          create: true,
        });
        break;
      }
      case 'AWS::EKS::PodIdentityAssociation':
        podIdentityAssociations.push({
          account: scope.account,
          region: scope.region,
          clusterName: asString(props('ClusterName'), scope, `${id}.ClusterName`),
          namespace: asString(props('Namespace'), scope, `${id}.Namespace`),
          serviceAccount: asString(props('ServiceAccount'), scope, `${id}.ServiceAccount`),
          roleArn: asString(props('RoleArn'), scope, `${id}.RoleArn`),
          ...(props('TargetRoleArn') !== undefined && {
            targetRoleArn: asString(props('TargetRoleArn'), scope, `${id}.TargetRoleArn`),
          }),
          ...(props('DisableSessionTags') === true && { disableSessionTags: true }),
        });
        break;
      case 'AWS::EKS::AccessEntry':
        accessEntries.push(observeAccessEntry(scope, id, props, intent));
        break;
      default:
        break;
    }
  }
  return { roles, oidcProviders, podIdentityAssociations, accessEntries };
}

function resourcesOf(template: CfnTemplate): [string, CfnResource][] {
  return Object.entries(template.Resources ?? {});
}

function stackSetRegion(set: CfnResource | undefined): string | undefined {
  const groups = set?.Properties?.StackInstancesGroup;
  if (!Array.isArray(groups)) return undefined;
  const first = groups[0];
  const regions = first && typeof first === 'object' && !Array.isArray(first) ? first.Regions : undefined;
  return Array.isArray(regions) && typeof regions[0] === 'string' ? regions[0] : undefined;
}

/** Physical names and ARNs of the resources others refer to, for `Ref` and `Fn::GetAtt`. */
function contextOf(scope: Scope): ResolveContext {
  const base: ResolveContext = {
    account: scope.account,
    region: scope.region,
    partition: scope.partition,
    stackName: scope.stackName,
    parameters: scope.template.Parameters ?? {},
    refs: new Map(),
    attributes: new Map(),
  };
  const refs = new Map<string, string>();
  const attributes = new Map<string, string>();
  for (const [id, r] of resourcesOf(scope.template)) {
    const prop = (name: string): string | undefined => {
      const v = r.Properties?.[name];
      return v === undefined
        ? undefined
        : asString(resolve(v, base, scope, `Resources.${id}.Properties.${name}`), scope, `${id}.${name}`);
    };
    if (r.Type === 'AWS::IAM::Role') {
      const name = prop('RoleName');
      if (name === undefined)
        throw new ObserveError(
          `${scope.where}: role ${id} has no RoleName; CloudFormation would generate one, so no policy can name it in advance.`,
        );
      const arn = roleArn(scope.partition, scope.account, prop('Path') ?? '/', name);
      refs.set(id, name);
      attributes.set(`${id}.Arn`, arn);
      attributes.set(`${id}.RoleId`, `(role id of ${arn})`);
    } else if (r.Type === 'AWS::IAM::ManagedPolicy') {
      const name = prop('ManagedPolicyName');
      if (name === undefined)
        throw new ObserveError(`${scope.where}: managed policy ${id} has no ManagedPolicyName.`);
      const arn = managedPolicyArn(scope.partition, scope.account, prop('Path') ?? '/', name);
      refs.set(id, arn);
      attributes.set(`${id}.PolicyArn`, arn);
    } else if (r.Type === 'AWS::IAM::OIDCProvider') {
      const url = prop('Url') ?? '';
      const arn = `arn:${scope.partition}:iam::${scope.account}:oidc-provider/${url.replace(/^https:\/\//, '')}`;
      refs.set(id, arn);
      attributes.set(`${id}.Arn`, arn);
    }
  }
  return { ...base, refs, attributes };
}

function resolve(value: Json, ctx: ResolveContext, scope: Scope, path: string): Json {
  try {
    return resolveIntrinsics(value, ctx, path);
  } catch (error) {
    if (error instanceof UnresolvableError) throw new ObserveError(`${scope.where}: ${error.message}`);
    throw error;
  }
}

function asString(value: Json | undefined, scope: Scope, what: string): string {
  if (typeof value !== 'string') throw new ObserveError(`${scope.where}: ${what} is not a string`);
  return value;
}

function asStrings(value: Json, scope: Scope, what: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    throw new ObserveError(`${scope.where}: ${what} is not a list of strings`);
  return value as string[];
}

function asObject(value: Json | undefined, scope: Scope, what: string): { [key: string]: Json } {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new ObserveError(`${scope.where}: ${what} is not an object`);
  return value;
}

function observeRole(
  scope: Scope,
  ctx: ResolveContext,
  id: string,
  resource: CfnResource,
  intent: AccessPlan | undefined,
): RolePlan {
  const p = resource.Properties ?? {};
  const at = (name: string) => `Resources.${id}.Properties.${name}`;
  const get = (name: string): Json | undefined =>
    p[name] === undefined ? undefined : resolve(p[name] as Json, ctx, scope, at(name));
  const name = ctx.refs.get(id) as string;
  const arn = ctx.attributes.get(`${id}.Arn`) as string;
  const path = (get('Path') as string | undefined) ?? '/';

  const inlinePolicies: NamedPolicy[] = ((get('Policies') ?? []) as Json[]).map((entry, i) => {
    const o = asObject(entry, scope, `${id}.Policies[${i}]`);
    return {
      name: asString(o.PolicyName, scope, `${id}.Policies[${i}].PolicyName`),
      document: o.PolicyDocument as unknown as PolicyDocument,
    };
  });

  // Managed policies: those the template creates (by Ref, or attached through the policy's Roles)
  // keep their document; any other ARN is a pre-existing policy we can only name.
  const managedPolicies: NamedPolicy[] = [];
  const attachedPolicyArns: string[] = [];
  const createdPolicy = (logicalId: string): NamedPolicy | undefined => {
    const r = scope.template.Resources?.[logicalId];
    if (r?.Type !== 'AWS::IAM::ManagedPolicy') return undefined;
    const props = r.Properties ?? {};
    const pAt = `Resources.${logicalId}.Properties`;
    return {
      name: asString(
        resolve(props.ManagedPolicyName as Json, ctx, scope, `${pAt}.ManagedPolicyName`),
        scope,
        `${logicalId}.ManagedPolicyName`,
      ),
      document: resolve(
        props.PolicyDocument as Json,
        ctx,
        scope,
        `${pAt}.PolicyDocument`,
      ) as unknown as PolicyDocument,
    };
  };
  const rawArns = p.ManagedPolicyArns;
  if (Array.isArray(rawArns))
    rawArns.forEach((raw, i) => {
      const logicalId =
        raw && typeof raw === 'object' && !Array.isArray(raw) && typeof raw.Ref === 'string'
          ? raw.Ref
          : undefined;
      const created = logicalId === undefined ? undefined : createdPolicy(logicalId);
      if (created) managedPolicies.push(created);
      else
        attachedPolicyArns.push(
          asString(
            resolve(raw, ctx, scope, `${at('ManagedPolicyArns')}[${i}]`),
            scope,
            `${id}.ManagedPolicyArns[${i}]`,
          ),
        );
    });
  for (const [policyId, r] of resourcesOf(scope.template)) {
    if (r.Type !== 'AWS::IAM::ManagedPolicy') continue;
    const attachedTo = r.Properties?.Roles;
    if (
      Array.isArray(attachedTo) &&
      attachedTo.some((x) => x !== null && typeof x === 'object' && !Array.isArray(x) && x.Ref === id)
    ) {
      const created = createdPolicy(policyId);
      if (created && !managedPolicies.some((m) => m.name === created.name)) managedPolicies.push(created);
    }
  }

  const tags: Record<string, string> = {};
  for (const t of (get('Tags') ?? []) as Json[]) {
    const o = asObject(t, scope, `${id}.Tags`);
    tags[asString(o.Key, scope, `${id}.Tags.Key`)] = asString(o.Value, scope, `${id}.Tags.Value`);
  }
  const planned = intent?.roles.find((r) => r.arn === arn);
  const trustPolicy = asObject(
    get('AssumeRolePolicyDocument'),
    scope,
    `${id}.AssumeRolePolicyDocument`,
  ) as unknown as PolicyDocument;
  const boundary = get('PermissionsBoundary');
  return {
    id: planned?.id ?? `observed/${arn}`,
    kind: planned?.kind ?? inferKind(trustPolicy),
    account: scope.account,
    partition: scope.partition,
    name,
    path,
    arn,
    description: (get('Description') as string | undefined) ?? '',
    trustPolicy,
    inlinePolicies,
    managedPolicies,
    attachedPolicyArns,
    ...(boundary === undefined
      ? {}
      : { permissionsBoundaryArn: asString(boundary, scope, `${id}.PermissionsBoundary`) }),
    maxSessionDuration: (get('MaxSessionDuration') as number | undefined) ?? 3600,
    tags,
  };
}

/** A role the intent does not know: its kind from whom it trusts. */
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
    if (p === undefined || typeof p === 'string' || p === null) return [];
    const v = (p as Record<string, string | readonly string[]>)[kind];
    return v === undefined ? [] : typeof v === 'string' ? [v] : [...v];
  });
}

function observeAccessEntry(
  scope: Scope,
  id: string,
  props: (name: string) => Json | undefined,
  intent: AccessPlan | undefined,
): AccessEntryPlan {
  const clusterName = asString(props('ClusterName'), scope, `${id}.ClusterName`);
  const principalArn = asString(props('PrincipalArn'), scope, `${id}.PrincipalArn`);
  const type = props('Type') ?? 'STANDARD';
  if (type !== 'STANDARD')
    throw new ObserveError(
      `${scope.where}: access entry ${id} has type ${String(type)}; only STANDARD entries take access policies.`,
    );
  const policies = ((props('AccessPolicies') ?? []) as Json[]).map((raw, i): AccessPolicyAssociation => {
    const o = asObject(raw, scope, `${id}.AccessPolicies[${i}]`);
    const scopeObj = asObject(o.AccessScope, scope, `${id}.AccessPolicies[${i}].AccessScope`);
    const scopeType = scopeObj.Type;
    if (scopeType !== 'cluster' && scopeType !== 'namespace')
      throw new ObserveError(
        `${scope.where}: access entry ${id} has access scope type ${String(scopeType)}.`,
      );
    return {
      policyArn: asString(o.PolicyArn, scope, `${id}.AccessPolicies[${i}].PolicyArn`),
      accessScope:
        scopeType === 'namespace'
          ? {
              type: 'namespace',
              namespaces: asStrings(scopeObj.Namespaces ?? [], scope, `${id}.AccessScope.Namespaces`),
            }
          : { type: 'cluster' },
    };
  });
  // EKS does not know Argo CD's cluster names: map the real cluster back to its registration.
  const sameCluster = (c: { account: string; region: string; clusterName: string }) =>
    c.account === scope.account && c.region === scope.region && c.clusterName === clusterName;
  const cluster =
    intent?.accessEntries.find((e) => sameCluster(e) && e.principalArn === principalArn)?.cluster ??
    intent?.clusters.find(sameCluster)?.name ??
    clusterName;
  return {
    cluster,
    account: scope.account,
    region: scope.region,
    partition: scope.partition,
    clusterName,
    principalArn,
    type: 'STANDARD',
    kubernetesGroups: asStrings(props('KubernetesGroups') ?? [], scope, `${id}.KubernetesGroups`),
    accessPolicies: policies,
  };
}

function podKey(p: PodIdentityAssociationPlan): string {
  return [p.account, p.region, p.clusterName, p.namespace, p.serviceAccount].join('\0');
}

function entryKey(e: AccessEntryPlan): string {
  return [e.account, e.region, e.clusterName, e.principalArn].join('\0');
}

/** Observed items in the order the intent lists them (extras last, in observed order): diffs stay readable. */
function inIntentOrder<T>(observed: readonly T[], intent: readonly T[], key: (x: T) => string): T[] {
  const rank = new Map(intent.map((x, i) => [key(x), i]));
  return observed
    .map((x, i) => ({ x, i, r: rank.get(key(x)) ?? intent.length + i }))
    .sort((a, b) => a.r - b.r)
    .map((e) => e.x);
}
