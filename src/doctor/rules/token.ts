/**
 * Link 4 — the EKS token argocd-k8s-auth presigns (docs/failure-modes.md#link-4).
 */
import { report } from '../../findings/registry.js';
import type { Finding } from '../../findings.js';
import {
  argocdVersion,
  type Ctx,
  envValue,
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
        report('FM-4.1', {
          subject: s.name,
          message:
            'clusterName is a cluster ARN: the token is signed for x-k8s-aws-id=<ARN> and the spoke answers Unauthorized (SignatureDoesNotMatch)',
          evidence: [ev],
          fix: fix,
        }),
      );
    else if (s.intent && s.intent.clusterName !== name)
      out.push(
        report('FM-4.1', {
          subject: s.name,
          message: `clusterName "${name}" differs from the fleet's cluster "${s.intent.clusterName}": the token signature will not verify on the spoke`,
          evidence: [
            ev,
            { source: 'fleet', path: `spokes[${s.name}].clusterName`, value: s.intent.clusterName },
          ],
          fix: fix,
        }),
      );
    else if (s.clusterNotFound)
      out.push(
        report('FM-4.1', {
          subject: s.name,
          message: `no EKS cluster named "${name}" in account ${s.account} (${s.region}): the token names a cluster that does not exist`,
          evidence: [ev, { source: `eks:DescribeCluster ${name}`, value: 'ResourceNotFoundException' }],
          fix: fix,
        }),
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
        report('FM-4.3', {
          subject: `${sa!.namespace}/${sa!.name}`,
          message:
            'the service account opts out of regional STS: calls go to sts.amazonaws.com, which private subnets with only a regional STS endpoint cannot reach',
          evidence: [
            {
              source: `ServiceAccount ${sa!.namespace}/${sa!.name}`,
              path: 'metadata.annotations["eks.amazonaws.com/sts-regional-endpoints"]',
              value: flag,
            },
          ],
          fix: 'remove the annotation (regional is the default) and restart the pods',
          severity: 'warning',
        }),
      );
  }
  if (sdkV1) {
    for (const { pod } of spokeCallers(ctx)) {
      const val = envValue(pod, 'AWS_STS_REGIONAL_ENDPOINTS');
      if (ctx.intent.identity === 'irsa' && val !== 'regional')
        out.push(
          report('FM-4.3', {
            subject: `${pod.namespace}/${pod.name}`,
            message: `Argo CD ${v!.join('.')} uses aws-sdk-go v1, which calls the global STS endpoint unless AWS_STS_REGIONAL_ENDPOINTS=regional`,
            evidence: [
              {
                source: `Pod ${pod.namespace}/${pod.name}`,
                path: 'env[AWS_STS_REGIONAL_ENDPOINTS]',
                value: val ?? null,
              },
            ],
            fix: 'set AWS_STS_REGIONAL_ENDPOINTS=regional on the controller and server',
            severity: 'warning',
          }),
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
      report('FM-4.4', {
        subject: `${pod.namespace}/${pod.name}`,
        message: `Argo CD ${v!.join('.')} signs with aws-sdk-go-v2, and pod ${pod.name} has neither AWS_REGION nor AWS_DEFAULT_REGION: "Invalid Configuration: Missing Region"`,
        evidence: [
          {
            source: `Pod ${pod.namespace}/${pod.name}`,
            path: 'spec.containers[*].env',
            value: pod.containers.flatMap((c) => c.env.map((e) => e.name)),
          },
        ],
        fix: `set AWS_REGION=${ctx.intent.hub.region} on the controller and server (chart: controller.env / server.env)`,
      }),
    );
}

/** FM-4.6: custom exec plugins must honour token expiry (15 min presign lifetime). */
function customExec(ctx: Ctx): Finding[] {
  return ctx.spokes
    .filter((s) => s.secret?.config?.execProviderConfig && !s.secret.config.awsAuthConfig)
    .filter((s) => !/argocd-k8s-auth$/.test(s.secret!.config!.execProviderConfig!.command ?? ''))
    .map((s) =>
      report('FM-4.6', {
        subject: s.name,
        message: `the cluster uses a custom exec plugin (${s.secret!.config!.execProviderConfig!.command}); tokens expire 15 min after signing, so it must return status.expirationTimestamp`,
        evidence: [
          secretEvidence(
            s,
            'config.execProviderConfig.command',
            s.secret!.config!.execProviderConfig!.command,
          ),
        ],
        fix: 'use awsAuthConfig (argocd-k8s-auth) or make the plugin set expirationTimestamp < 15 min',
      }),
    );
}

export function tokenRules(ctx: Ctx): Finding[] {
  if (ctx.intent.identity === 'eks-capability') return [];
  return [...clusterName(ctx), ...stsEndpoint(ctx), ...region(ctx), ...customExec(ctx)];
}
