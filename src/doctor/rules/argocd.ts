/**
 * Link 7 — Argo CD's own configuration: cluster Secrets, images, components (docs/failure-modes.md#link-7).
 * Cluster Secret format: argo-cd util/db/cluster.go SecretToCluster, types.go ClusterConfig.
 */
import { report } from '../../findings/registry.js';
import type { Finding } from '../../findings.js';
import {
  argocdVersion,
  CLUSTER_SECRET_LABEL,
  type Ctx,
  hasEnv,
  imageTag,
  ROLE_ARN_ANNOTATION,
  secretEvidence,
  spokeCallers,
} from './context.js';

const OFFICIAL_IMAGE =
  /^(quay\.io\/argoproj\/argocd|ghcr\.io\/argoproj\/argocd|argoproj\/argocd|public\.ecr\.aws\/[^/]+\/argocd)[:@]/;

/** FM-7.3: Secret shape errors Argo CD reports only as "cluster not found". */
function secretShape(ctx: Ctx): Finding[] {
  const out: Finding[] = [];
  const ns = ctx.intent.argocdNamespace;
  for (const s of ctx.snap.hub.clusterSecrets ?? []) {
    const src = `Secret ${s.namespace}/${s.name}`;
    const subject = s.data.name ?? s.name;
    const labelled = s.labels[CLUSTER_SECRET_LABEL] === 'cluster';
    if (!labelled) {
      out.push(
        report('FM-7.3', {
          subject: subject,
          message: `Secret ${s.name} looks like a cluster Secret (server + config) but lacks the label ${CLUSTER_SECRET_LABEL}=cluster: Argo CD ignores it`,
          evidence: [{ source: src, path: 'metadata.labels', value: s.labels }],
          fix: `kubectl -n ${s.namespace} label secret ${s.name} ${CLUSTER_SECRET_LABEL}=cluster`,
        }),
      );
      continue;
    }
    if (s.namespace !== ns)
      out.push(
        report('FM-7.3', {
          subject: subject,
          message: `cluster Secret ${s.name} is in namespace ${s.namespace}, Argo CD reads ${ns}`,
          evidence: [{ source: src, path: 'metadata.namespace', value: s.namespace }],
          fix: `move the Secret to ${ns}`,
        }),
      );
    const missing = ['name', 'server', 'config'].filter((k) => !s.dataKeys.includes(k));
    if (missing.length > 0)
      out.push(
        report('FM-7.3', {
          subject: subject,
          message: `cluster Secret ${s.name} lacks ${missing.join(', ')}`,
          evidence: [{ source: src, path: 'data', value: s.dataKeys }],
          fix: 'set name, server and config (JSON)',
        }),
      );
    if (s.configError)
      out.push(
        report('FM-7.3', {
          subject: subject,
          message: `config is not valid JSON (${s.configError}): Argo CD cannot load the cluster`,
          evidence: [{ source: src, path: 'data.config', value: s.configError }],
          fix: 'fix the JSON in config',
        }),
      );
    if (s.configUnknownKeys?.length)
      out.push(
        report('FM-7.3', {
          subject: subject,
          message: `config has keys Argo CD silently ignores: ${s.configUnknownKeys.join(', ')}`,
          evidence: [{ source: src, path: 'data.config', value: s.configUnknownKeys }],
          fix: 'use the exact keys of ClusterConfig (awsAuthConfig.clusterName, awsAuthConfig.roleARN, tlsClientConfig.caData …)',
          severity: 'warning',
        }),
      );
    const c = s.config;
    if (c?.awsAuthConfig && (c.execProviderConfig || c.bearerToken))
      out.push(
        report('FM-7.3', {
          subject: subject,
          message:
            'config sets awsAuthConfig together with execProviderConfig/bearerToken: awsAuthConfig wins, the others are dead',
          evidence: [{ source: src, path: 'data.config', value: Object.keys(c) }],
          fix: 'keep only awsAuthConfig',
          severity: 'warning',
        }),
      );
    if (
      c &&
      !c.awsAuthConfig &&
      !c.execProviderConfig &&
      !c.bearerToken &&
      ctx.intent.identity !== 'eks-capability'
    )
      out.push(
        report('FM-7.3', {
          subject: subject,
          message: 'config has no awsAuthConfig: Argo CD connects without AWS credentials',
          evidence: [{ source: src, path: 'data.config', value: Object.keys(c) }],
          fix: 'add awsAuthConfig {clusterName, roleARN}',
        }),
      );
  }
  const byServer = new Map<string, string[]>();
  for (const s of (ctx.snap.hub.clusterSecrets ?? []).filter(
    (x) => x.labels[CLUSTER_SECRET_LABEL] === 'cluster',
  )) {
    const key = (s.data.server ?? '').replace(/\/+$/, '');
    if (key) byServer.set(key, [...(byServer.get(key) ?? []), s.name]);
  }
  for (const [server, names] of byServer)
    if (names.length > 1)
      out.push(
        report('FM-7.3', {
          subject: server,
          message: `${names.length} cluster Secrets use server ${server} (${names.join(', ')}): Application destinations resolve ambiguously`,
          evidence: [{ source: 'cluster Secrets', path: 'server', value: names }],
          fix: 'keep one Secret per server',
        }),
      );
  if (ctx.snap.hub.clusterSecrets !== undefined)
    for (const s of ctx.spokes)
      if (s.intent && !s.secret)
        out.push(
          report('FM-7.3', {
            subject: s.name,
            message: `the fleet's cluster ${s.name} has no cluster Secret in ${ns}: Applications targeting it report "cluster not found"`,
            evidence: [
              {
                source: `Secrets in ${ns} labelled ${CLUSTER_SECRET_LABEL}=cluster`,
                value: (ctx.snap.hub.clusterSecrets ?? []).map((x) => x.data.name ?? x.name),
              },
            ],
            fix: 'apply the cluster Secret (npx fleetlink synth renders it)',
          }),
        );
  return out;
}

/** FM-7.1: argocd-k8s-auth may be missing from non-official images / custom exec commands. */
function images(ctx: Ctx): Finding[] {
  const out: Finding[] = [];
  for (const { pod } of spokeCallers(ctx)) {
    const image = pod.containers[0]?.image ?? '';
    if (!OFFICIAL_IMAGE.test(image))
      out.push(
        report('FM-7.1', {
          subject: `${pod.namespace}/${pod.name}`,
          message: `pod ${pod.name} runs ${image}, not the official Argo CD image: check that argocd-k8s-auth is on the PATH`,
          evidence: [
            { source: `Pod ${pod.namespace}/${pod.name}`, path: 'spec.containers[0].image', value: image },
          ],
          fix: 'use quay.io/argoproj/argocd or add the argocd-k8s-auth symlink to /usr/local/bin/argocd',
        }),
      );
  }
  for (const s of ctx.spokes) {
    const cmd = s.secret?.config?.execProviderConfig?.command;
    if (cmd && !s.secret?.config?.awsAuthConfig && !/argocd-k8s-auth$/.test(cmd))
      out.push(
        report('FM-7.1', {
          subject: s.name,
          message: `execProviderConfig runs "${cmd}", which must exist in both the controller and server images`,
          evidence: [secretEvidence(s, 'config.execProviderConfig.command', cmd)],
          fix: 'use awsAuthConfig (argocd-k8s-auth ships with Argo CD)',
        }),
      );
  }
  return out;
}

/** FM-7.2: controller and server must both have the identity; name the one that lacks it. */
function components(ctx: Ctx): Finding[] {
  if (ctx.intent.identity === 'eks-capability' || ctx.snap.hub.pods === undefined) return [];
  const out: Finding[] = [];
  for (const component of ['application-controller', 'server'] as const) {
    const pods = ctx.argoPods.filter((p) => p.component === component);
    if (pods.length === 0) {
      out.push(
        report('FM-7.2', {
          subject: component,
          message: `no argocd ${component} pod found in namespace ${ctx.intent.argocdNamespace}`,
          evidence: [
            {
              source: `pods in ${ctx.intent.argocdNamespace}`,
              value: (ctx.snap.hub.pods ?? []).map((p) => p.name),
            },
          ],
          fix: `check the Argo CD namespace (${ctx.intent.argocdNamespace}) and that the ${component} is running`,
        }),
      );
      continue;
    }
    const lacking = pods.filter(({ pod }) =>
      ctx.intent.identity === 'irsa'
        ? !hasEnv(pod, 'AWS_ROLE_ARN') &&
          !ctx.serviceAccount(pod.serviceAccountName)?.annotations[ROLE_ARN_ANNOTATION]
        : !hasEnv(pod, 'AWS_CONTAINER_CREDENTIALS_FULL_URI') &&
          !ctx.hubCluster?.podIdentityAssociations?.some(
            (a) => a.namespace === pod.namespace && a.serviceAccount === pod.serviceAccountName,
          ),
    );
    for (const { pod } of lacking)
      out.push(
        report('FM-7.2', {
          subject: component,
          message: `the ${component} (${pod.name}, service account ${pod.serviceAccountName}) has no AWS identity: ${component === 'server' ? 'UI, logs, diff and cluster add' : 'sync and cluster cache'} fail with exit code 20 / Unauthorized`,
          evidence: [
            {
              source: `Pod ${pod.namespace}/${pod.name}`,
              path: 'spec.serviceAccountName',
              value: pod.serviceAccountName,
            },
          ],
          fix:
            ctx.intent.identity === 'irsa'
              ? `annotate ${pod.serviceAccountName} with ${ROLE_ARN_ANNOTATION}=${ctx.mgmtRoleArn ?? '<management role>'} and restart`
              : `create a Pod Identity association for ${pod.namespace}/${pod.serviceAccountName} and restart`,
        }),
      );
  }
  return out;
}

/** FM-7.5 / FM-7.6: exec plugin API version and profile misuse. */
function execAndProfile(ctx: Ctx): Finding[] {
  const out: Finding[] = [];
  for (const s of ctx.spokes) {
    const c = s.secret?.config;
    const api = c?.execProviderConfig?.apiVersion;
    if (c?.execProviderConfig && !/^client\.authentication\.k8s\.io\/(v1beta1|v1)$/.test(api ?? ''))
      out.push(
        report('FM-7.5', {
          subject: s.name,
          message: `execProviderConfig.apiVersion is "${api ?? '(unset)'}"; client-go accepts client.authentication.k8s.io/v1beta1 or v1`,
          evidence: [secretEvidence(s, 'config.execProviderConfig.apiVersion', api ?? null)],
          fix: 'set apiVersion to client.authentication.k8s.io/v1beta1',
        }),
      );
    const profile = c?.awsAuthConfig?.profile;
    if (profile?.includes('/'))
      out.push(
        report('FM-7.6', {
          subject: s.name,
          message: `awsAuthConfig.profile "${profile}" looks like a file path; argocd-k8s-auth passes it as a profile NAME`,
          evidence: [secretEvidence(s, 'config.awsAuthConfig.profile', profile)],
          fix: 'set the profile name and mount the credentials file at the SDK default path (or AWS_SHARED_CREDENTIALS_FILE) in both controller and server',
        }),
      );
  }
  return out;
}

/** FM-7.7: mixed versions between controller and server (checks gated on version become unreliable). */
function versions(ctx: Ctx): Finding[] {
  const tags = new Map<string, string>();
  for (const { component, pod } of spokeCallers(ctx)) {
    const t = imageTag(pod.containers[0]?.image ?? '');
    if (t) tags.set(component, t);
  }
  const distinct = new Set(tags.values());
  if (distinct.size > 1)
    return [
      report('FM-7.7', {
        subject: ctx.intent.argocdNamespace,
        message: `controller and server run different Argo CD versions (${[...tags].map(([k, v]) => `${k} ${v}`).join(', ')}); token behaviour differs across 3.4 (SDK v2)`,
        evidence: [{ source: 'pod images', value: Object.fromEntries(tags) }],
        fix: 'upgrade all components together',
      }),
    ];
  const v = argocdVersion(ctx);
  if (ctx.intent.argocdVersion && v) {
    const running = [...distinct][0];
    if (running && !running.replace(/^v/, '').startsWith(ctx.intent.argocdVersion.replace(/^v/, '')))
      return [
        report('FM-7.7', {
          subject: ctx.intent.argocdNamespace,
          message: `the fleet says Argo CD ${ctx.intent.argocdVersion}, the pods run ${running}`,
          evidence: [{ source: 'pod images', value: running }],
          fix: 'update argocd.version in the fleet file',
          severity: 'info',
        }),
      ];
  }
  return [];
}

/** FM-7.8: EKS-managed Argo CD (capability) wants server = cluster ARN and no awsAuthConfig. */
function capability(ctx: Ctx): Finding[] {
  const out: Finding[] = [];
  for (const s of ctx.spokes) {
    const server = s.secret?.data.server;
    if (!server) continue;
    const src = `cluster Secret ${s.secret!.name}`;
    if (ctx.intent.identity === 'eks-capability') {
      if (!server.startsWith('arn:'))
        out.push(
          report('FM-7.8', {
            subject: s.name,
            message: `with the EKS Argo CD capability, server must be the cluster ARN, not ${server}`,
            evidence: [{ source: src, path: 'server', value: server }],
            fix: `set server to ${s.cluster?.arn ?? 'arn:aws:eks:<region>:<account>:cluster/<name>'}`,
          }),
        );
      if (s.secret?.config?.awsAuthConfig)
        out.push(
          report('FM-7.8', {
            subject: s.name,
            message: 'the EKS Argo CD capability does not use awsAuthConfig',
            evidence: [{ source: src, path: 'config.awsAuthConfig', value: s.secret.config.awsAuthConfig }],
            fix: 'remove awsAuthConfig; grant the capability role an access entry instead',
            severity: 'warning',
          }),
        );
    } else if (server.startsWith('arn:')) {
      out.push(
        report('FM-7.8', {
          subject: s.name,
          message: `server is a cluster ARN, which only the EKS-managed Argo CD understands; self-managed Argo CD needs the https endpoint`,
          evidence: [{ source: src, path: 'server', value: server }],
          fix: `set server to ${s.cluster?.endpoint ?? 'the cluster endpoint'}`,
        }),
      );
    }
  }
  return out;
}

export function argocdRules(ctx: Ctx): Finding[] {
  return [
    ...secretShape(ctx),
    ...(ctx.intent.identity === 'eks-capability' ? [] : images(ctx)),
    ...components(ctx),
    ...execAndProfile(ctx),
    ...versions(ctx),
    ...capability(ctx),
  ];
}
