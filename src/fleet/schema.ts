/**
 * The shape of a fleet file (zod v4, strict objects: unknown keys are errors). Static defaults
 * come from DEFAULTS (src/fleet/defaults.ts); derived ones (partition, deployer role names,
 * spoke region/cluster name) are filled by `normalizeFleet`. Descriptions and defaults flow into
 * the JSON Schema that editors use (`fleetlink schema`).
 *
 * Field rules run as refinements so that one pass reports every shape and format problem at
 * once; rules that compare fields (duplicates, identity-mode requirements) live in validate.ts.
 */
import { z } from 'zod';
import { checkCaDataCached } from './ca.js';
import { DEFAULTS } from './defaults.js';
import { checkEndpoint, checkOidcIssuer } from './endpoints.js';
import { REGIONS } from './regions.js';
import {
  checkAccessPolicyName,
  checkAccountId,
  checkArgoClusterName,
  checkArgoVersion,
  checkChartVersion,
  checkConfigMapKey,
  checkCrdName,
  checkEksClusterName,
  checkGroup,
  checkIamPath,
  checkLabelValue,
  checkNamespace,
  checkObjectName,
  checkOrganizationalUnit,
  checkOrganizationId,
  checkQualifiedKey,
  checkReleaseName,
  checkResourceName,
  checkRoleArn,
  checkRoleName,
  checkRoleNamePattern,
  checkScopeNamespace,
  checkSsmParameterName,
  checkTagKey,
  checkTagValue,
} from './rules.js';
import type {
  AccessPolicyName,
  AccountCredentials,
  ArgoCdSettings,
  CapabilitySettings,
  HubSettings,
  IdentityMode,
  RoleRef,
  ShardingAlgorithm,
} from './types.js';

/**
 * What a field expects, in words, for "missing" and "wrong type" messages. Kept out of the JSON
 * Schema. Keyed by the schema's definition object, which `.describe()`/`.meta()` clones share.
 */
const expectations = new WeakMap<object, string>();

function expect<T extends z.ZodType>(schema: T, expected: string): T {
  expectations.set(schema._zod.def, expected);
  return schema;
}

/** The words for what `schema` expects, looking through optional/default wrappers. */
export function expectedOf(schema: z.ZodType | undefined): string | undefined {
  let s: z.ZodType | undefined = schema;
  for (let i = 0; s !== undefined && i < 8; i++) {
    const found = expectations.get(s._zod.def);
    if (found !== undefined) return found;
    const def = s._zod.def as { innerType?: z.ZodType; in?: z.ZodType };
    s = def.innerType ?? def.in;
  }
  return undefined;
}

type Rule = (v: string) => string | undefined;

/** A string checked by `rule`; `pattern` (if given) only informs editors through the JSON Schema. */
function text(expected: string, rule?: Rule, pattern?: string) {
  const base = z.string();
  const checked = rule
    ? base.superRefine((v, ctx) => {
        const problem = rule(v);
        if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem, input: v });
      })
    : base;
  const withPattern = pattern === undefined ? checked : checked.meta({ pattern });
  return expect(withPattern, expected);
}

/** A string→string map whose keys are checked by `keyRule` (problems point at the key). */
function stringMap(expected: string, valueExpected: string, keyRule: Rule, valueRule?: Rule) {
  const map = z.record(z.string(), text(valueExpected, valueRule)).superRefine((m, ctx) => {
    for (const key of Object.keys(m)) {
      const problem = keyRule(key);
      if (problem !== undefined)
        ctx.addIssue({ code: 'custom', message: problem, path: [key], input: key, params: { at: 'key' } });
    }
  });
  return expect(map, expected);
}

function list<T extends z.ZodType>(item: T, expected: string) {
  const l = z.array(item);
  return expect(l, expected);
}

const accountId = text(
  'a 12-digit AWS account id in quotes, e.g. "111111111111"',
  checkAccountId,
  '^\\d{12}$',
).describe('AWS account id: 12 digits. Quote it, so YAML keeps leading zeros.');
const region = z
  .enum(REGIONS)
  .describe(
    'AWS region, e.g. eu-central-1. The partition follows from it (cn-* → aws-cn, us-gov-* → aws-us-gov).',
  );
expect(region, 'an AWS region such as "eu-central-1"');
const eksClusterName = text('an EKS cluster name', checkEksClusterName, '^[0-9A-Za-z][A-Za-z0-9_-]*$');
const argoClusterName = text('an Argo CD cluster name, e.g. "spoke-prod"', checkArgoClusterName);
const roleName = text(
  'an IAM role name (1-64 characters of A-Z a-z 0-9 + = , . @ _ -)',
  checkRoleName,
  '^[\\w+=,.@-]{1,64}$',
);
const roleNamePattern = text(
  'an IAM role name, optionally with {name}, {clusterName}, {account} or {region} placeholders',
  checkRoleNamePattern,
);
const iamPath = text('an IAM path: "/" or "/…/"', checkIamPath, '^(/|/[\\u0021-\\u007e]*/)$');
const namespace = text('a Kubernetes namespace', checkNamespace, '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$');
const serviceAccount = text('a Kubernetes service-account name', (v) =>
  checkObjectName(v, 'service-account name'),
);
/** A whole number in [min, max]. */
function count(expected: string, min: number, max: number) {
  return expect(
    z
      .number()
      .int({ message: `expected ${expected}` })
      .min(min, { message: `expected ${expected}` })
      .max(max, { message: `must be at most ${max}` }),
    expected,
  );
}

const shardingAlgorithm = z
  .enum(['legacy', 'round-robin', 'consistent-hashing'])
  .describe(
    "argocd-cmd-params-cm controller.sharding.algorithm: how Argo CD places clusters that carry no explicit shard (Argo CD's names; legacy is its default). With replicas above 1 every planned Secret carries a shard, so this only decides clusters registered outside Fleetlink.",
  );
expect(shardingAlgorithm, 'legacy, round-robin or consistent-hashing');

const identity = z
  .enum(['irsa', 'pod-identity', 'eks-capability'])
  .describe(
    'How Argo CD gets AWS identity: irsa (IAM roles for service accounts, the default), pod-identity (EKS Pod Identity), or eks-capability (the managed Argo CD of EKS Capabilities: no role chain; the capability role gets the access entries and the cluster Secret server is the cluster ARN).',
  );
const accessPolicy = z
  .enum(['cluster-admin', 'admin', 'edit', 'view', 'none'])
  .describe(
    'EKS access policy: cluster-admin (AmazonEKSClusterAdminPolicy), admin (AmazonEKSAdminPolicy), edit (AmazonEKSEditPolicy), view (AmazonEKSViewPolicy), or none (only Kubernetes groups grant access).',
  );

const credentials = z
  .strictObject({
    profile: text('an AWS profile name').describe('AWS shared-config profile to use.').optional(),
    roleArn: text('an IAM role ARN', checkRoleArn).describe('IAM role to assume.').optional(),
  })
  .refine((c) => (c.profile === undefined) !== (c.roleArn === undefined), {
    message: 'credentials need exactly one of "profile" or "roleArn"',
  })
  .describe('Credentials doctor uses to read this account (a profile or a role to assume). Never keys.');

const roleRef = (name: z.ZodType<string>, defaults: { name: string; path: string }, what: string) =>
  z
    .strictObject({
      name: name.default(defaults.name).describe(`${what} name.`),
      path: iamPath.default(defaults.path).describe('IAM path: "/" or "/…/".'),
    })
    .prefault({});

const argocd = z
  .strictObject({
    namespace: namespace
      .default(DEFAULTS.argocd.namespace)
      .describe('Namespace Argo CD runs in on the hub (goes into the IRSA sub / Pod Identity conditions).'),
    releaseName: text('a Helm release name', checkReleaseName)
      .default(DEFAULTS.argocd.releaseName)
      .describe('Helm release name of the argo-cd chart (workload names carry it: <release>-argocd-server).'),
    chartVersion: text('an argo-cd chart version, e.g. "10.1.1"', checkChartVersion)
      .default(DEFAULTS.argocd.chartVersion)
      .describe('argo-cd Helm chart version. Decides the clusterCredentials form (a map since 7.0.0).'),
    version: text('an Argo CD version, e.g. "v3.4.4"', checkArgoVersion)
      .default(DEFAULTS.argocd.version)
      .describe(
        'Argo CD version, vMAJOR.MINOR.PATCH (the chart appVersion). Pod Identity needs v2.10 or later.',
      ),
    serviceAccounts: z
      .strictObject({
        applicationController: serviceAccount
          .default(DEFAULTS.argocd.serviceAccounts.applicationController)
          .describe(
            'Service account of the application controller (chart value controller.serviceAccount.name).',
          ),
        applicationSetController: serviceAccount
          .default(DEFAULTS.argocd.serviceAccounts.applicationSetController)
          .describe(
            'Service account of the ApplicationSet controller (chart value applicationSet.serviceAccount.name).',
          ),
        server: serviceAccount
          .default(DEFAULTS.argocd.serviceAccounts.server)
          .describe('Service account of the API server (chart value server.serviceAccount.name).'),
      })
      .prefault({})
      .describe(
        'Service accounts that need AWS identity (argo-helm defaults; they carry no release prefix).',
      ),
    dynamicClusterDistribution: z
      .boolean()
      .default(DEFAULTS.argocd.dynamicClusterDistribution)
      .describe(
        'Chart value controller.dynamicClusterDistribution: the controller is a Deployment when true, else a StatefulSet.',
      ),
    controller: z
      .strictObject({
        replicas: count('a whole number of replicas, 1 or more', 1, 1000)
          .default(DEFAULTS.argocd.controller.replicas)
          .describe(
            'Chart value controller.replicas: application-controller replicas, one shard each. Above 1, plan gives every cluster Secret an explicit shard.',
          ),
        shardingAlgorithm: shardingAlgorithm.default(DEFAULTS.argocd.controller.shardingAlgorithm),
        maxIdleConnections: count('a whole number of connections, 1 or more', 1, 1_000_000)
          .optional()
          .describe(
            'argocd-cmd-params-cm controller.k8s.client.max.idle.connections (ARGOCD_K8S_CLIENT_MAX_IDLE_CONNECTIONS; Argo CD default 500). Rendered only when set.',
          ),
        watchBudget: count('a whole number of watches, 1 or more', 1, 10_000_000)
          .optional()
          .describe(
            'Namespace list/watch scopes one shard may carry before plan and prove warn: a cluster with namespaces costs one per namespace, others one. Default: maxIdleConnections, else 500.',
          ),
      })
      .prefault({})
      .describe('The application controller and its shards.'),
    capability: z
      .strictObject({
        kubernetesGroup: text('a Kubernetes group name', checkGroup)
          .default(DEFAULTS.capability.kubernetesGroup)
          .describe(
            'Kubernetes group on the access entries Fleetlink creates for the capability role; the generated RBAC binds it (the auto-created entry has no groups).',
          ),
        cm: stringMap('a map of argocd-cm keys', 'a ConfigMap value (text)', checkConfigMapKey)
          .default({})
          .describe(
            'argocd-cm data, rendered as argocd/argocd-cm.yaml. The capability applies only the keys AWS documents and ignores the rest (prove warns).',
          ),
      })
      .optional()
      .describe('eks-capability: settings of the managed Argo CD.'),
  })
  .prefault({})
  .describe('The Argo CD installation on the hub. Every field is optional.');

const hub = z
  .strictObject({
    name: argoClusterName
      .default(DEFAULTS.hub.name)
      .describe('Argo CD cluster name of the hub when it registers itself.'),
    account: accountId,
    region: region,
    clusterName: eksClusterName.describe('EKS cluster name of the hub.'),
    oidcIssuer: text('an EKS OIDC issuer URL', (v) => checkOidcIssuer(v).problem)
      .optional()
      .describe(
        'irsa (required there): the hub cluster OIDC issuer, as DescribeCluster returns identity.oidc.issuer (aws eks describe-cluster --query cluster.identity.oidc.issuer); must be in the hub region.',
      ),
    oidcProvider: z
      .enum(['existing', 'create'])
      .default(DEFAULTS.hub.oidcProvider)
      .describe(
        'irsa: whether the IAM OIDC provider for the issuer already exists, or Fleetlink creates it.',
      ),
    managementRole: roleRef(roleName, DEFAULTS.hub.managementRole, 'Management role').describe(
      'The hub-account role Argo CD assumes first (IRSA or Pod Identity); it assumes the deployer roles.',
    ),
    capabilityRole: z
      .strictObject({
        name: roleName.describe('Capability role name.'),
        path: iamPath.default('/').describe('IAM path: "/" or "/…/".'),
      })
      .optional()
      .describe(
        'eks-capability: the IAM role the managed Argo CD capability runs as (required in that mode).',
      ),
    registerSelf: z
      .boolean()
      .default(DEFAULTS.hub.registerSelf)
      .describe(
        'Register the hub as a managed cluster through the management role (adds a self-assume trust statement).',
      ),
    kubeContext: text('a kubeconfig context name')
      .optional()
      .describe('kubeconfig context doctor uses for the hub.'),
    credentials: credentials.optional(),
    podIdentity: z
      .strictObject({
        disableSessionTags: z
          .boolean()
          .default(false)
          .describe(
            'CreatePodIdentityAssociation disableSessionTags: EKS adds none of its six transitive session tags, so no trust in the chain needs sts:TagSession and the chained AssumeRole has the packed-size headroom back.',
          ),
        managementAccount: accountId
          .optional()
          .describe(
            "Cross-account: the AWS account the management role lives in, when not the hub account. An association must name a role of the cluster's own account, so Fleetlink plans an association role in the hub account and makes the management role its targetRoleArn: EKS assumes the association role, then the management role, and the pods get only the management role's credentials.",
          ),
        associationRole: z
          .strictObject({
            name: roleName
              .default(DEFAULTS.podIdentity.associationRole.name)
              .describe('Association role name.'),
            path: iamPath
              .default(DEFAULTS.podIdentity.associationRole.path)
              .describe('IAM path: "/" or "/…/".'),
          })
          .optional()
          .describe(
            'With managementAccount: the hub-account role the associations name (default argocd-pod-identity); it may only assume the management role.',
          ),
      })
      .optional()
      .describe('pod-identity: settings of the Pod Identity associations Fleetlink creates.'),
  })
  .describe('The EKS cluster Argo CD runs in.');
expect(hub, 'a mapping with account, region and clusterName');

const ca = z
  .union([
    z.literal('discover'),
    z
      .strictObject({
        data: text('base64 of a PEM certificate', (v) => {
          const problem = checkCaDataCached(v);
          return problem === undefined ? undefined : `CA data ${problem}`;
        })
          .optional()
          .describe(
            'base64 of the PEM certificate, exactly as EKS DescribeCluster returns certificateAuthority.data.',
          ),
        ssmParameter: text('an SSM parameter name', checkSsmParameterName)
          .optional()
          .describe('SSM parameter (in the spoke account and region) holding certificateAuthority.data.'),
      })
      .refine((c) => (c.data === undefined) !== (c.ssmParameter === undefined), {
        message: 'ca needs exactly one of "data" or "ssmParameter" (or write ca: discover)',
      }),
  ])
  .describe(
    'Cluster CA: { data: <base64> }, { ssmParameter: /eks/cluster/ca }, or discover (looked up later). Default: discover.',
  );
expect(ca, 'discover, { data: <base64> } or { ssmParameter: <name> }');

const accessFields = {
  namespaces: list(text('a namespace or "prefix-*"', checkScopeNamespace), 'a list of namespaces').describe(
    'Namespaces the access policy is scoped to (a trailing * matches a prefix). Empty: cluster scope.',
  ),
  groups: list(text('a Kubernetes group name', checkGroup), 'a list of Kubernetes group names').describe(
    'Kubernetes groups of the access entry, for RBAC bindings the cluster owner manages.',
  ),
  extraPolicies: list(
    z.strictObject({
      policy: text(
        'an EKS access policy name, e.g. "AmazonEKSAdminViewPolicy"',
        checkAccessPolicyName,
      ).describe('AWS name of the access policy (aws eks list-access-policies).'),
      namespaces: list(text('a namespace or "prefix-*"', checkScopeNamespace), 'a list of namespaces')
        .default([])
        .describe('Namespaces of the association. Empty: cluster scope.'),
    }),
    'a list of { policy, namespaces }',
  ).describe('Further access-policy associations on the same access entry.'),
  clusterScoped: list(
    text('a Kubernetes resource, e.g. "storageclasses.storage.k8s.io"', checkResourceName),
    'a list of resources',
  ).describe(
    'eks-capability: cluster-scoped resources Argo CD manages on the spoke ("<plural>.<group>", core: "<plural>"); the generated ClusterRole grants them.',
  ),
  customResourceDefinitions: list(
    text('a CRD name, e.g. "prowjobs.prow.k8s.io"', checkCrdName),
    'a list of CRD names',
  ).describe(
    'eks-capability: third-party CRDs the Applications install and update; the generated ClusterRole may update them (AmazonEKSArgoCDClusterPolicy may not).',
  ),
};

const spokeAccess = z
  .strictObject({
    policy: accessPolicy.optional(),
    namespaces: accessFields.namespaces.optional(),
    groups: accessFields.groups.optional(),
    extraPolicies: accessFields.extraPolicies.optional(),
    clusterScoped: accessFields.clusterScoped.optional(),
    customResourceDefinitions: accessFields.customResourceDefinitions.optional(),
  })
  .describe('Access granted on the spoke. Fields not set here come from defaults.access.');

const labels = stringMap(
  'a map of Kubernetes labels',
  'a label value (text)',
  (k) => checkQualifiedKey(k, 'label'),
  checkLabelValue,
);
const annotations = stringMap('a map of Kubernetes annotations', 'an annotation value (text)', (k) =>
  checkQualifiedKey(k, 'annotation'),
);
const project = text('an Argo CD project name', (v) => checkObjectName(v, 'Argo CD project name'));

const spoke = z
  .strictObject({
    name: argoClusterName.describe(
      'Argo CD cluster name: the cluster Secret name field, and its object name argocd-cluster-<name>. A lowercase DNS name that YAML keeps a string.',
    ),
    account: accountId,
    region: region
      .optional()
      .describe('AWS region of the spoke, in the partition of the hub. Default: the hub region.'),
    clusterName: eksClusterName
      .optional()
      .describe(
        "EKS cluster name: the token's x-k8s-aws-id and the Secret's awsAuthConfig.clusterName. Default: name.",
      ),
    endpoint: text('an https URL', (v) => checkEndpoint(v).problem)
      .optional()
      .describe(
        'API server URL, as DescribeCluster returns it (aws eks describe-cluster --query cluster.endpoint). Required unless identity is eks-capability.',
      ),
    ca: ca.optional(),
    deployerRole: z
      .strictObject({
        name: roleNamePattern
          .optional()
          .describe('Deployer role name; may use {name}, {clusterName}, {account}, {region}.'),
        path: iamPath.optional().describe('IAM path: "/" or "/…/".'),
      })
      .optional()
      .describe('The role in the spoke account Argo CD assumes. Default: defaults.deployerRole.'),
    access: spokeAccess.optional(),
    labels: labels
      .optional()
      .describe('Labels of the Argo CD cluster Secret (ApplicationSet cluster generators select on them).'),
    annotations: annotations.optional().describe('Annotations of the Argo CD cluster Secret.'),
    project: project
      .optional()
      .describe('Argo CD project the cluster belongs to. Default: defaults.project.'),
    namespaces: list(namespace, 'a list of namespaces')
      .optional()
      .describe(
        'Argo CD cluster Secret namespaces: restrict Argo CD to these namespaces on the spoke. With a namespace-scoped access policy list the same namespaces here, or Argo CD fails to watch the whole cluster (prove reports FM-5.6).',
      ),
    clusterResources: z
      .boolean()
      .optional()
      .describe(
        'With namespaces: whether Argo CD may also manage cluster-scoped resources. Default: defaults.clusterResources.',
      ),
    credentials: credentials.optional(),
    weight: z
      .number()
      .positive({ message: 'expected a weight above 0, e.g. 1' })
      .max(1_000_000, { message: 'must be at most 1000000' })
      .optional()
      .describe(
        'Relative load of this spoke (e.g. its Application count): reported per shard, and what PLAN-SHARD-IMBALANCE compares. Default 1.',
      ),
    shard: count('a shard number, 0 or more', 0, 999)
      .optional()
      .describe(
        'Pin the spoke to this controller shard instead of the planned one. Must be below argocd.controller.replicas: Argo CD would move it to shard 0 silently.',
      ),
    parked: z
      .boolean()
      .optional()
      .describe(
        'Staged onboarding: register the spoke with argocd.argoproj.io/skip-reconcile: "true" on its cluster Secret (Argo CD 3.4.0 and later), so Argo CD reconciles none of its Applications yet and doctor reports it as parked. Remove it once the access entry exists.',
      ),
    applications: count('a whole number of Applications, 0 or more', 0, 1_000_000)
      .optional()
      .describe(
        'Expected Argo CD Applications on this spoke. eks-capability: prove checks the sum against the 1,000 Applications one capability instance allows.',
      ),
  })
  .describe('A spoke cluster Argo CD deploys to.');
expect(spoke, 'a mapping with at least name and account');

const defaults = z
  .strictObject({
    deployerRole: roleRef(roleNamePattern, DEFAULTS.deployerRole, 'Deployer role').describe(
      'Deployer role of each spoke. The name may use {name}, {clusterName}, {account}, {region}.',
    ),
    access: z
      .strictObject({
        policy: accessPolicy.default(DEFAULTS.access.policy),
        namespaces: accessFields.namespaces.default([]),
        groups: accessFields.groups.default([]),
        extraPolicies: accessFields.extraPolicies.default([]),
        clusterScoped: accessFields.clusterScoped.default([]),
        customResourceDefinitions: accessFields.customResourceDefinitions.default([]),
      })
      .prefault({})
      .describe('Access each spoke grants unless it says otherwise.'),
    labels: labels.default({}).describe('Labels added to every cluster Secret (a spoke overrides per key).'),
    annotations: annotations.default({}).describe('Annotations added to every cluster Secret.'),
    project: project.optional().describe('Argo CD project of every spoke unless it names one.'),
    clusterResources: z.boolean().default(false).describe('Default of spokes[].clusterResources.'),
  })
  .prefault({})
  .describe(
    "Values applied to every spoke unless the spoke sets them, field by field: a spoke's access.groups replaces the default groups; labels and annotations merge key by key.",
  );

const organization = z
  .strictObject({
    id: text(
      'an AWS Organizations id, e.g. "o-a1b2c3d4e5"',
      checkOrganizationId,
      '^o-[a-z0-9]{10,32}$',
    ).describe('The Organization id (o-…).'),
    organizationalUnits: list(
      text(
        'an OU or root id',
        checkOrganizationalUnit,
        '^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$',
      ),
      'a list of OU ids',
    )
      .min(1, { message: 'organizationalUnits needs at least one OU or root id, e.g. "ou-ab12-cdefgh12"' })
      .describe('OUs (ou-…) or the root (r-…) whose accounts get the deployer role through a StackSet.'),
    regions: list(region, 'a list of AWS regions')
      .optional()
      .describe("StackSet regions. Default: the spokes' regions."),
    delegatedAdmin: z
      .boolean()
      .default(DEFAULTS.organization.delegatedAdmin)
      .describe('Deploy the StackSet as a delegated administrator, not from the management account.'),
  })
  .describe('AWS Organization for Organization-wide spokes (StackSets).');

export const fleetFileSchema = z
  .strictObject({
    apiVersion: z.literal('fleetlink.dev/v1alpha1').describe('Fleet file format version.'),
    kind: z.literal('Fleet').describe('Always Fleet.'),
    identity: identity.default(DEFAULTS.identity),
    argocd,
    hub,
    defaults,
    spokes: list(spoke, 'a list of spokes').default([]).describe('The clusters Argo CD deploys to.'),
    organization: organization.optional(),
    tags: stringMap('a map of AWS tags', 'a tag value (text)', checkTagKey, checkTagValue)
      .default({})
      .describe('Tags on every AWS resource Fleetlink creates (plus managed-by: fleetlink).'),
  })
  .describe('A Fleetlink fleet: one Argo CD hub on EKS and the EKS spokes it manages.');
expect(fleetFileSchema, 'a mapping with apiVersion, kind, hub and spokes');

export type FleetFile = z.output<typeof fleetFileSchema>;
export type SpokeFile = FleetFile['spokes'][number];

// Type-level checks: the schema's enums and the argocd section produce exactly the Fleet types.
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };
type Assert<T extends true> = T;
export type SchemaMatchesTypes = [
  Assert<Equals<z.output<typeof identity>, IdentityMode>>,
  Assert<Equals<Exclude<z.output<typeof accessPolicy>, 'none'>, AccessPolicyName>>,
  Assert<
    Equals<
      Omit<FleetFile['argocd'], 'controller' | 'capability'>,
      Omit<Mutable<ArgoCdSettings>, 'controller' | 'capability'>
    >
  >,
  Assert<Equals<NonNullable<FleetFile['argocd']['capability']>, Mutable<CapabilitySettings>>>,
  Assert<
    Equals<
      Omit<FleetFile['argocd']['controller'], 'watchBudget'>,
      Omit<Mutable<ArgoCdSettings['controller']>, 'watchBudget'>
    >
  >,
  Assert<Equals<FleetFile['argocd']['controller']['shardingAlgorithm'], ShardingAlgorithm>>,
  Assert<Equals<FleetFile['hub']['oidcProvider'], HubSettings['oidcProvider']>>,
  Assert<Equals<FleetFile['hub']['managementRole'], Mutable<RoleRef>>>,
  Assert<Equals<NonNullable<FleetFile['hub']['capabilityRole']>, Mutable<RoleRef>>>,
  Assert<Equals<NonNullable<FleetFile['hub']['credentials']>, Mutable<AccountCredentials>>>,
  Assert<Equals<FleetFile['defaults']['deployerRole'], Mutable<RoleRef>>>,
];
