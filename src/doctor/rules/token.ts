/**
 * Link 4 — the EKS token argocd-k8s-auth presigns (failure-modes.md §4).
 */
import type { Finding } from '../../findings.js';
import {
  argocdVersion,
  type Ctx,
  envValue,
  finding,
  hasEnv,
  secretEvidence,
  spokeCallers,
  versionAtLeast,
} from './context.js';

/** FM-4.1: awsAuthConfig.clusterName is not the real EKS cluster name. */
function clusterName(ctx: Ctx): Finding[] {
  const out: Finding[] = [];
  for (const s of ctx.spokes) {
    const name = s.secret?.config?.awsAuthConfig?.clusterName;
    if (name === undefined) continue;
    const ev = secretEvidence(s, 'config.awsAuthConfig.clusterName', name);
    const fix = `set awsAuthConfig.clusterName to the EKS cluster name${s.intent ? ` "${s.intent.clusterName}"` : ''} (the name, not the ARN)`;
    if (name.startsWith('arn:'))
      out.push(
        finding(
          'FM-4.1',
          'error',
          'token',
          s.name,
          'clusterName is a cluster ARN: the token is signed for x-k8s-aws-id=<ARN> and the spoke answers Unauthorized (SignatureDoesNotMatch)',
          [ev],
          fix,
        ),
      );
    else if (s.intent && s.intent.clusterName !== name)
      out.push(
        finding(
          'FM-4.1',
          'error',
          'token',
          s.name,
          `clusterName "${name}" differs from the fleet's cluster "${s.intent.clusterName}": the token signature will not verify on the spoke`,
          [ev, { source: 'fleet', path: `spokes[${s.name}].clusterName`, value: s.intent.clusterName }],
          fix,
        ),
      );
    else if (s.clusterNotFound)
      out.push(
        finding(
          'FM-4.1',
          'error',
          'token',
          s.name,
          `no EKS cluster named "${name}" in account ${s.account} (${s.region}): the token names a cluster that does not exist`,
          [ev, { source: `eks:DescribeCluster ${name}`, value: 'ResourceNotFoundException' }],
          fix,
        ),
      );
  }
  return out;
}

/** FM-4.3: something may still use the global STS endpoint (SDK v1 without regional setting). */
function stsEndpoint(ctx: Ctx): Finding[] {
  const out: Finding[] = [];
  const v = argocdVersion(ctx);
  const sdkV1 = v !== undefined && !versionAtLeast(v, [3, 4, 0]);
  for (const { name } of [
    { name: ctx.intent.serviceAccounts.applicationController },
    { name: ctx.intent.serviceAccounts.server },
  ]) {
    const sa = ctx.serviceAccount(name);
    const flag = sa?.annotations['eks.amazonaws.com/sts-regional-endpoints'];
    if (flag === 'false')
      out.push(
        finding(
          'FM-4.3',
          'warning',
          'token',
          `${sa!.namespace}/${sa!.name}`,
          'the service account opts out of regional STS: calls go to sts.amazonaws.com, which private subnets with only a regional STS endpoint cannot reach',
          [
            {
              source: `ServiceAccount ${sa!.namespace}/${sa!.name}`,
              path: 'metadata.annotations["eks.amazonaws.com/sts-regional-endpoints"]',
              value: flag,
            },
          ],
          'remove the annotation (regional is the default) and restart the pods',
        ),
      );
  }
  if (sdkV1) {
    for (const { pod } of spokeCallers(ctx)) {
      const val = envValue(pod, 'AWS_STS_REGIONAL_ENDPOINTS');
      if (ctx.intent.identity === 'irsa' && val !== 'regional')
        out.push(
          finding(
            'FM-4.3',
            'warning',
            'token',
            `${pod.namespace}/${pod.name}`,
            `Argo CD ${v!.join('.')} uses aws-sdk-go v1, which calls the global STS endpoint unless AWS_STS_REGIONAL_ENDPOINTS=regional`,
            [
              {
                source: `Pod ${pod.namespace}/${pod.name}`,
                path: 'env[AWS_STS_REGIONAL_ENDPOINTS]',
                value: val ?? null,
              },
            ],
            'set AWS_STS_REGIONAL_ENDPOINTS=regional on the controller and server',
          ),
        );
    }
  }
  return out;
}

/** FM-4.4: Argo CD ≥ 3.4 (SDK v2) needs a region, and argocd-k8s-auth has no --region flag. */
function region(ctx: Ctx): Finding[] {
  const v = argocdVersion(ctx);
  if (!versionAtLeast(v, [3, 4, 0])) return [];
  return spokeCallers(ctx)
    .filter(({ pod }) => !hasEnv(pod, 'AWS_REGION') && !hasEnv(pod, 'AWS_DEFAULT_REGION'))
    .map(({ pod }) =>
      finding(
        'FM-4.4',
        'error',
        'token',
        `${pod.namespace}/${pod.name}`,
        `Argo CD ${v!.join('.')} signs with aws-sdk-go-v2, and pod ${pod.name} has neither AWS_REGION nor AWS_DEFAULT_REGION: "Invalid Configuration: Missing Region"`,
        [
          {
            source: `Pod ${pod.namespace}/${pod.name}`,
            path: 'spec.containers[*].env',
            value: pod.containers.flatMap((c) => c.env.map((e) => e.name)),
          },
        ],
        `set AWS_REGION=${ctx.intent.hub.region} on the controller and server (chart: controller.env / server.env)`,
      ),
    );
}

/** FM-4.6: custom exec plugins must honour token expiry (15 min presign lifetime). */
function customExec(ctx: Ctx): Finding[] {
  return ctx.spokes
    .filter((s) => s.secret?.config?.execProviderConfig && !s.secret.config.awsAuthConfig)
    .filter((s) => !/argocd-k8s-auth$/.test(s.secret!.config!.execProviderConfig!.command ?? ''))
    .map((s) =>
      finding(
        'FM-4.6',
        'warning',
        'token',
        s.name,
        `the cluster uses a custom exec plugin (${s.secret!.config!.execProviderConfig!.command}); tokens expire 15 min after signing, so it must return status.expirationTimestamp`,
        [
          secretEvidence(
            s,
            'config.execProviderConfig.command',
            s.secret!.config!.execProviderConfig!.command,
          ),
        ],
        'use awsAuthConfig (argocd-k8s-auth) or make the plugin set expirationTimestamp < 15 min',
      ),
    );
}

export function tokenRules(ctx: Ctx): Finding[] {
  if (ctx.intent.identity === 'eks-capability') return [];
  return [...clusterName(ctx), ...stsEndpoint(ctx), ...region(ctx), ...customExec(ctx)];
}
