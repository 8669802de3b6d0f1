/**
 * Snapshot → observed AccessPlan: live state in the same model a fleet file plans, so `prove`
 * runs on what exists and `diff` compares it with what the fleet intends (DESIGN.md, "One model
 * in the middle"). Pure.
 */
import type { ShardingAlgorithm } from '../fleet/types.js';
import {
  type AccessEntryPlan,
  type AccessPlan,
  type ArgoComponent,
  type ClusterRegistrationPlan,
  type ControllerPlan,
  type IntendedPath,
  PLAN_API_VERSION,
  type ServiceAccountPlan,
  type WorkloadPlan,
} from '../plan/types.js';
import { asPartition, toRolePlan } from './observe-role.js';
import { argocdVersion, buildContext, type Ctx, envValue, ROLE_ARN_ANNOTATION } from './rules/context.js';
import { atoi, controllerReplicas } from './rules/shards.js';
import type { Snapshot } from './snapshot.js';

const VALUES_KEY = {
  'application-controller': 'controller',
  'applicationset-controller': 'applicationSet',
  server: 'server',
} as const;

function serviceAccounts(ctx: Ctx): ServiceAccountPlan[] {
  const names: [ArgoComponent, string][] = [
    ['application-controller', ctx.intent.serviceAccounts.applicationController],
    ['applicationset-controller', ctx.intent.serviceAccounts.applicationSetController],
    ['server', ctx.intent.serviceAccounts.server],
  ];
  return names.flatMap(([component, name]): ServiceAccountPlan[] => {
    const sa = ctx.serviceAccount(name);
    if (!sa) return [];
    const arn = sa.annotations[ROLE_ARN_ANNOTATION];
    return [
      {
        component,
        namespace: sa.namespace,
        name: sa.name,
        annotations: arn ? { [ROLE_ARN_ANNOTATION]: arn } : ({} as Record<string, string>),
        valuesKey: VALUES_KEY[component],
      },
    ];
  });
}

const ALGORITHMS: readonly ShardingAlgorithm[] = ['legacy', 'round-robin', 'consistent-hashing'];

/**
 * The controller's sharding as it runs: replicas (ARGOCD_CONTROLLER_REPLICAS, else the workload),
 * the algorithm (argocd-cmd-params-cm `controller.sharding.algorithm`, the env value when the pod
 * spec has it literally, else Argo CD's default `legacy`), dynamic distribution (the chart makes
 * the controller a Deployment, or ARGOCD_ENABLE_DYNAMIC_CLUSTER_DISTRIBUTION=true). Absent when
 * doctor saw neither the workload nor the ConfigMap: prove then assumes one replica, as before.
 */
function observedController(ctx: Ctx): ControllerPlan | undefined {
  const hub = ctx.snap.hub;
  if (hub.controller == null && hub.cmdParams == null) return undefined;
  const pods = ctx.argoPods.filter((p) => p.component === 'application-controller').map((p) => p.pod);
  const env = (name: string) =>
    pods.map((p) => envValue(p, name)).find((v) => v !== undefined && v !== '(from reference)');
  const algorithm =
    hub.cmdParams?.['controller.sharding.algorithm'] ?? env('ARGOCD_CONTROLLER_SHARDING_ALGORITHM');
  const idle = atoi(hub.cmdParams?.['controller.k8s.client.max.idle.connections'] ?? '');
  return {
    replicas: controllerReplicas(ctx) ?? hub.controller?.replicas ?? 1,
    shardingAlgorithm: ALGORITHMS.find((a) => a === algorithm) ?? 'legacy',
    dynamicClusterDistribution:
      hub.controller?.kind === 'Deployment' || env('ARGOCD_ENABLE_DYNAMIC_CLUSTER_DISTRIBUTION') === 'true',
    ...(idle !== undefined && idle > 0 && { maxIdleConnections: idle }),
    // The fleet's budget is not live state; Argo CD's idle-connection limit (default 500) is.
    watchBudget: idle !== undefined && idle > 0 ? idle : 500,
  };
}

function workloads(ctx: Ctx): WorkloadPlan[] {
  const seen = new Map<string, WorkloadPlan>();
  for (const { component, pod } of ctx.argoPods) {
    const [kind, name] = (pod.owner ?? '').split('/');
    if ((kind === 'StatefulSet' || kind === 'Deployment') && name)
      seen.set(pod.owner!, { component, kind, name });
  }
  return [...seen.values()];
}

function registrations(ctx: Ctx): ClusterRegistrationPlan[] {
  return ctx.spokes.flatMap((s) => {
    const sec = s.secret;
    if (!sec) return [];
    const aws = sec.config?.awsAuthConfig;
    const tls = sec.config?.tlsClientConfig;
    return [
      {
        name: s.name,
        server: sec.data.server ?? '',
        config: {
          ...(aws && {
            awsAuthConfig: {
              clusterName: aws.clusterName ?? '',
              ...(aws.roleARN && { roleARN: aws.roleARN }),
              ...(aws.profile && { profile: aws.profile }),
            },
          }),
          tlsClientConfig: {
            insecure: tls?.insecure ?? false,
            ...(tls?.caData && { caData: tls.caData }),
            ...(tls?.serverName && { serverName: tls.serverName }),
          },
        },
        labels: sec.labels,
        annotations: sec.annotations,
        ...(sec.data.project && { project: sec.data.project }),
        namespaces: (sec.data.namespaces ?? '')
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
        clusterResources: sec.data.clusterResources === 'true',
        ...(sec.data.shard !== undefined &&
          atoi(sec.data.shard) !== undefined && { shard: atoi(sec.data.shard)! }),
        secretName: sec.name,
        account: s.account ?? '',
        region: s.region ?? '',
        // The real EKS cluster when it was found; the Secret's awsAuthConfig.clusterName stays in config.
        clusterName: s.cluster?.name ?? s.clusterName ?? '',
      },
    ];
  });
}

function accessEntries(ctx: Ctx): AccessEntryPlan[] {
  return ctx.spokes.flatMap((s) =>
    (s.cluster?.accessEntries ?? [])
      .filter((e) => (e.type ?? 'STANDARD') === 'STANDARD')
      .map((e) => ({
        cluster: s.name,
        account: s.account ?? '',
        region: s.region ?? '',
        partition: asPartition(s.partition),
        clusterName: s.cluster!.name,
        principalArn: e.principalArn,
        type: 'STANDARD' as const,
        kubernetesGroups: e.kubernetesGroups,
        accessPolicies: e.accessPolicies.map((p) => ({
          policyArn: p.policyArn,
          accessScope: {
            type: p.accessScope.type === 'namespace' ? ('namespace' as const) : ('cluster' as const),
            ...(p.accessScope.namespaces && { namespaces: p.accessScope.namespaces }),
          },
        })),
      })),
  );
}

function intended(ctx: Ctx): IntendedPath[] {
  const ns = ctx.intent.argocdNamespace;
  // Every configured service account × every spoke, as planFleet intends them.
  const comps: [ArgoComponent, string][] = (
    [
      ['application-controller', ctx.intent.serviceAccounts.applicationController],
      ['applicationset-controller', ctx.intent.serviceAccounts.applicationSetController],
      ['server', ctx.intent.serviceAccounts.server],
    ] as [ArgoComponent, string][]
  ).filter(([, name]) => name !== '');
  return ctx.spokes.flatMap((s) =>
    comps.map(([component, name]) => ({
      serviceAccount: { namespace: ns, name },
      component,
      cluster: s.name,
      roles: [ctx.mgmtRoleArn, s.roleArn].filter(
        (r, i, all): r is string => r !== undefined && all.indexOf(r) === i,
      ),
    })),
  );
}

export function observePlan(snapshot: Snapshot): AccessPlan {
  const ctx = buildContext(snapshot);
  const hub = snapshot.intent.hub;
  const v = argocdVersion(ctx);
  const controller = observedController(ctx);
  return {
    apiVersion: PLAN_API_VERSION,
    kind: 'AccessPlan',
    identity: snapshot.intent.identity,
    hub: {
      name: 'in-cluster',
      account: hub.account,
      region: hub.region,
      partition: asPartition(hub.partition),
      clusterName: hub.clusterName,
      ...(ctx.hubCluster?.oidcIssuer && { oidcIssuer: ctx.hubCluster.oidcIssuer }),
    },
    argocd: {
      namespace: snapshot.intent.argocdNamespace,
      releaseName: '',
      chartVersion: '',
      version: v ? `v${v.join('.')}` : '',
      clusterCredentialsForm: 'map',
      workloads: workloads(ctx),
      ...(controller && { controller }),
    },
    roles: snapshot.accounts.flatMap((a) => a.roles.map((r) => toRolePlan(ctx, r, asPartition(a.partition)))),
    oidcProviders: snapshot.accounts.flatMap((a) =>
      (a.oidcProviders ?? []).map((p) => ({
        account: a.account,
        arn: p.arn,
        issuerUrl: `https://${p.url.replace(/^https:\/\//, '')}`,
        issuerHost: p.url.replace(/^https:\/\//, ''),
        clientIds: p.clientIds,
        create: false,
      })),
    ),
    podIdentityAssociations: (ctx.hubCluster?.podIdentityAssociations ?? []).map((a) => ({
      account: hub.account,
      region: hub.region,
      clusterName: hub.clusterName,
      namespace: a.namespace,
      serviceAccount: a.serviceAccount,
      roleArn: a.roleArn,
      ...(a.targetRoleArn && { targetRoleArn: a.targetRoleArn }),
      ...(a.disableSessionTags && { disableSessionTags: true }),
    })),
    accessEntries: accessEntries(ctx),
    serviceAccounts: serviceAccounts(ctx),
    clusters: registrations(ctx),
    intended: intended(ctx),
    tags: {},
    warnings: [],
  };
}
