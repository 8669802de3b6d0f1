/**
 * Every default of the fleet file, in one place, and the step that turns a validated fleet file
 * into the normalized `Fleet` (defaults filled, patterns expanded, partitions derived).
 */
import { partitionForRegion } from './regions.js';
import type { FleetFile, SpokeFile } from './schema.js';
import type {
  AccessPolicyName,
  CaSource,
  ControllerSettings,
  Fleet,
  RoleRef,
  SpokeAccess,
  SpokeSettings,
} from './types.js';

export const DEFAULTS = {
  identity: 'irsa',
  argocd: {
    namespace: 'argocd',
    releaseName: 'argo-cd',
    // argo-helm charts/argo-cd 10.1.1 ships Argo CD v3.4.4 (see the facts file, HELM source).
    chartVersion: '10.1.1',
    version: 'v3.4.4',
    // argo-helm values.yaml: service-account names do not carry the release prefix.
    serviceAccounts: {
      applicationController: 'argocd-application-controller',
      applicationSetController: 'argocd-applicationset-controller',
      server: 'argocd-server',
    },
    dynamicClusterDistribution: false,
    // argo-helm values.yaml `controller.replicas: 1`; Argo CD's DefaultShardingAlgorithm is legacy
    // (common/common.go). The watch budget defaults to the controller's 500 idle connections
    // (pkg/apis/application/v1alpha1/cluster_constants.go K8sMaxIdleConnections).
    controller: { replicas: 1, shardingAlgorithm: 'legacy', watchBudget: 500 },
  },
  hub: {
    name: 'in-cluster',
    oidcProvider: 'existing',
    managementRole: { name: 'argocd-manager', path: '/' },
    registerSelf: false,
  },
  deployerRole: { name: 'argocd-deployer-{name}', path: '/' },
  access: { policy: 'cluster-admin', namespaces: [] as string[], groups: [] as string[] },
  // A plain name, not `system:…` and not the principal ARN: "eks-access-entry:<arn>", which the EKS
  // guide binds, is no group any entry carries (aws-controllers-k8s/test-infra PR #1061).
  capability: { kubernetesGroup: 'fleetlink-argocd' },
  organization: { delegatedAdmin: false },
  // The hub-account role a cross-account Pod Identity association names (targetRoleArn: the management role).
  podIdentity: { associationRole: { name: 'argocd-pod-identity', path: '/' } },
} as const;

/** Expand `{name}`, `{clusterName}`, `{account}`, `{region}` in a role-name pattern. */
export function expandRoleName(
  pattern: string,
  spoke: { name: string; clusterName: string; account: string; region: string },
): string {
  return pattern.replace(
    /\{(name|clusterName|account|region)\}/g,
    (_, key: keyof typeof spoke) => spoke[key],
  );
}

function caSource(ca: SpokeFile['ca']): CaSource {
  if (ca === undefined || ca === 'discover') return { kind: 'discover' };
  if (ca.data !== undefined) return { kind: 'inline', data: ca.data.replace(/\s+/g, '') };
  return { kind: 'ssm', parameter: ca.ssmParameter ?? '' };
}

function nonEmpty<K extends string, T>(key: K, list: T[]): Partial<Record<K, T[]>> {
  return list.length === 0 ? {} : ({ [key]: list } as Record<K, T[]>);
}

function spokeAccess(file: FleetFile, spoke: SpokeFile): SpokeAccess {
  const policy = spoke.access?.policy ?? file.defaults.access.policy;
  return {
    policy: policy === 'none' ? null : (policy as AccessPolicyName),
    namespaces: [...(spoke.access?.namespaces ?? file.defaults.access.namespaces)],
    groups: [...(spoke.access?.groups ?? file.defaults.access.groups)],
    ...nonEmpty(
      'extraPolicies',
      (spoke.access?.extraPolicies ?? file.defaults.access.extraPolicies).map((p) => ({
        policy: p.policy,
        namespaces: [...p.namespaces],
      })),
    ),
    ...nonEmpty('clusterScoped', [...(spoke.access?.clusterScoped ?? file.defaults.access.clusterScoped)]),
    ...nonEmpty('customResourceDefinitions', [
      ...(spoke.access?.customResourceDefinitions ?? file.defaults.access.customResourceDefinitions),
    ]),
  };
}

/** The normalized spoke, with `index` its position in `spokes` (for messages). */
export function normalizeSpoke(file: FleetFile, spoke: SpokeFile, sourceLine?: number): SpokeSettings {
  const region = spoke.region ?? file.hub.region;
  const clusterName = spoke.clusterName ?? spoke.name;
  const ids = { name: spoke.name, clusterName, account: spoke.account, region };
  const deployerRole: RoleRef = {
    name: expandRoleName(spoke.deployerRole?.name ?? file.defaults.deployerRole.name, ids),
    path: spoke.deployerRole?.path ?? file.defaults.deployerRole.path,
  };
  const project = spoke.project ?? file.defaults.project;
  const credentials = spoke.credentials;
  return {
    name: spoke.name,
    account: spoke.account,
    region,
    partition: partitionForRegion(region),
    clusterName,
    ...(spoke.endpoint === undefined ? {} : { endpoint: spoke.endpoint }),
    ca: caSource(spoke.ca),
    deployerRole,
    access: spokeAccess(file, spoke),
    labels: { ...file.defaults.labels, ...spoke.labels },
    annotations: { ...file.defaults.annotations, ...spoke.annotations },
    ...(project === undefined ? {} : { project }),
    namespaces: [...(spoke.namespaces ?? [])],
    clusterResources: spoke.clusterResources ?? file.defaults.clusterResources,
    ...(credentials === undefined ? {} : { credentials: { ...credentials } }),
    weight: spoke.weight ?? 1,
    ...(spoke.shard === undefined ? {} : { shard: spoke.shard }),
    ...(spoke.parked ? { parked: true } : {}),
    ...(spoke.applications === undefined ? {} : { applications: spoke.applications }),
    ...(sourceLine === undefined ? {} : { sourceLine }),
  };
}

/** Fleet file (validated, static defaults applied by the schema) → normalized Fleet. */
export function normalizeFleet(file: FleetFile, spokeLines: readonly (number | undefined)[] = []): Fleet {
  const spokes = file.spokes.map((s, i) => normalizeSpoke(file, s, spokeLines[i]));
  const hub = file.hub;
  const organization = file.organization;
  return {
    apiVersion: file.apiVersion,
    kind: file.kind,
    identity: file.identity,
    argocd: {
      ...file.argocd,
      serviceAccounts: { ...file.argocd.serviceAccounts },
      controller: controllerSettings(file.argocd.controller),
      ...(file.argocd.capability === undefined
        ? {}
        : {
            capability: {
              kubernetesGroup: file.argocd.capability.kubernetesGroup,
              cm: { ...file.argocd.capability.cm },
            },
          }),
    },
    hub: {
      name: hub.name,
      account: hub.account,
      region: hub.region,
      partition: partitionForRegion(hub.region),
      clusterName: hub.clusterName,
      ...(hub.oidcIssuer === undefined ? {} : { oidcIssuer: hub.oidcIssuer }),
      oidcProvider: hub.oidcProvider,
      managementRole: { ...hub.managementRole },
      ...(hub.capabilityRole === undefined
        ? {}
        : { capabilityRole: { name: hub.capabilityRole.name, path: hub.capabilityRole.path } }),
      registerSelf: hub.registerSelf,
      ...(hub.kubeContext === undefined ? {} : { kubeContext: hub.kubeContext }),
      ...(hub.credentials === undefined ? {} : { credentials: { ...hub.credentials } }),
      ...(hub.podIdentity === undefined
        ? {}
        : {
            podIdentity: {
              disableSessionTags: hub.podIdentity.disableSessionTags,
              ...(hub.podIdentity.managementAccount === undefined
                ? {}
                : {
                    managementAccount: hub.podIdentity.managementAccount,
                    associationRole: {
                      name:
                        hub.podIdentity.associationRole?.name ?? DEFAULTS.podIdentity.associationRole.name,
                      path:
                        hub.podIdentity.associationRole?.path ?? DEFAULTS.podIdentity.associationRole.path,
                    },
                  }),
            },
          }),
    },
    spokes,
    ...(organization === undefined
      ? {}
      : {
          organization: {
            id: organization.id,
            organizationalUnits: [...organization.organizationalUnits],
            regions: organization.regions ?? defaultOrgRegions(hub.region, spokes),
            delegatedAdmin: organization.delegatedAdmin,
          },
        }),
    tags: { ...file.tags },
  };
}

function controllerSettings(c: FleetFile['argocd']['controller']): ControllerSettings {
  return {
    replicas: c.replicas,
    shardingAlgorithm: c.shardingAlgorithm,
    ...(c.maxIdleConnections === undefined ? {} : { maxIdleConnections: c.maxIdleConnections }),
    // The budget follows the idle-connection setting unless the fleet names its own.
    watchBudget: c.watchBudget ?? c.maxIdleConnections ?? DEFAULTS.argocd.controller.watchBudget,
  };
}

/** StackSet regions when the file names none: the spokes' regions, or the hub's when there are no spokes. */
function defaultOrgRegions(hubRegion: string, spokes: readonly SpokeSettings[]): string[] {
  const regions = [...new Set(spokes.map((s) => s.region))].sort();
  return regions.length > 0 ? regions : [hubRegion];
}
