/**
 * The human-readable summary `fleetlink plan` prints: per AWS account, what will exist.
 * Pure text (no colors); the CLI decides how to print it.
 */
import { measureRole } from './policy-size.js';
import type { AccessEntryPlan, AccessPlan, PolicyStatement, RolePlan } from './types.js';

const shortPolicy = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);

function statements(doc: RolePlan['trustPolicy']): PolicyStatement[] {
  return Array.isArray(doc.Statement) ? [...doc.Statement] : [doc.Statement as PolicyStatement];
}

function trustedBy(role: RolePlan): string {
  const parts: string[] = [];
  for (const st of statements(role.trustPolicy)) {
    const p = st.Principal;
    if (p === undefined || p === '*') continue;
    const cond = st.Condition?.StringEquals ?? {};
    const subs = Object.entries(cond).find(([k]) => k.endsWith(':sub'))?.[1];
    const sas = cond['aws:RequestTag/kubernetes-service-account'];
    if (p.Federated && subs)
      parts.push(
        `${[subs]
          .flat()
          .map((x) => String(x).replace(/^system:serviceaccount:([^:]+):/, '$1/'))
          .join(', ')} (IRSA)`,
      );
    else if (p.Service && sas) parts.push(`${[sas].flat().join(', ')} (${p.Service})`);
    else for (const v of Object.values(p)) parts.push([v].flat().join(', '));
  }
  return parts.join('; ');
}

function accessText(e: AccessEntryPlan): string {
  const policies = e.accessPolicies.map((a) =>
    a.accessScope.type === 'cluster'
      ? `${shortPolicy(a.policyArn)} (cluster)`
      : `${shortPolicy(a.policyArn)} (namespaces ${(a.accessScope.namespaces ?? []).join(', ')})`,
  );
  const groups = e.kubernetesGroups.length > 0 ? [`groups ${e.kubernetesGroups.join(', ')}`] : [];
  return [...policies, ...groups].join(' + ') || 'no access policy, no groups';
}

function permissionsText(role: RolePlan): string {
  if (role.kind === 'deployer') return 'no permission policies (access comes from EKS access entries)';
  if (role.kind === 'capability') return 'no permission policies; access entries on each spoke';
  const size = measureRole(role);
  const resources = role.inlinePolicies
    .concat(role.managedPolicies)
    .flatMap((p) => statements(p.document).flatMap((s) => [s.Resource ?? []].flat()));
  const how =
    role.permissionsStrategy === 'organization-pattern'
      ? `ARN pattern ${resources.join(', ')} within the Organization`
      : `${resources.length} deployer role ARN${resources.length === 1 ? '' : 's'}`;
  const where = [
    role.inlinePolicies.length > 0 ? `inline ${size.inlineAggregate}/10240 chars` : '',
    role.managedPolicies.length > 0 ? `${role.managedPolicies.length} managed policies` : '',
  ]
    .filter(Boolean)
    .join(' + ');
  return `may assume ${how} (${where})`;
}

export function summarizePlan(plan: AccessPlan): string {
  const out: string[] = [];
  out.push(
    `Hub ${plan.hub.clusterName} (account ${plan.hub.account}, ${plan.hub.region}), identity ${plan.identity}, ${plan.accessEntries.length} spoke${plan.accessEntries.length === 1 ? '' : 's'}`,
    '',
  );
  const accounts = [
    ...new Set([
      plan.hub.account,
      ...plan.roles.map((r) => r.account),
      ...plan.accessEntries.map((e) => e.account),
    ]),
  ];
  const ordered = [plan.hub.account, ...accounts.filter((a) => a !== plan.hub.account).sort()];
  for (const account of ordered) {
    out.push(`Account ${account}${account === plan.hub.account ? ' (hub)' : ''}`);
    for (const p of plan.oidcProviders.filter((x) => x.account === account))
      out.push(`  OIDC provider    ${p.issuerHost} (${p.create ? 'created' : 'existing, referenced'})`);
    for (const r of plan.roles.filter((x) => x.account === account)) {
      out.push(
        `  IAM role         ${r.path === '/' ? '' : r.path}${r.name} (${r.kind}${r.serves && r.kind === 'deployer' ? ` for ${r.serves.join(', ')}` : ''})`,
      );
      out.push(`                   trusted by ${trustedBy(r)}`);
      out.push(`                   ${permissionsText(r)}`);
    }
    for (const a of plan.podIdentityAssociations.filter((x) => x.account === account))
      out.push(
        `  Pod Identity     ${a.clusterName}: ${a.namespace}/${a.serviceAccount} → ${a.roleArn.slice(a.roleArn.lastIndexOf('/') + 1)}`,
      );
    for (const e of plan.accessEntries.filter((x) => x.account === account))
      out.push(
        `  Access entry     ${e.clusterName} (${e.region}): ${shortPolicy(e.principalArn)} → ${accessText(e)}`,
      );
    out.push('');
  }
  out.push(
    `Argo CD (namespace ${plan.argocd.namespace}, release ${plan.argocd.releaseName}, chart ${plan.argocd.chartVersion}, clusterCredentials as ${plan.argocd.clusterCredentialsForm})`,
  );
  for (const sa of plan.serviceAccounts) {
    const ann = Object.entries(sa.annotations).map(([k, v]) => `${k}=${v}`);
    out.push(`  Service account  ${sa.namespace}/${sa.name}${ann.length > 0 ? ` ${ann.join(' ')}` : ''}`);
  }
  for (const c of plan.clusters) {
    const auth = c.config.awsAuthConfig?.roleARN
      ? `as ${shortPolicy(c.config.awsAuthConfig.roleARN)}`
      : plan.identity === 'eks-capability'
        ? 'as the capability role'
        : 'in-cluster';
    const ca = c.caSource
      ? c.caSource.kind === 'ssm'
        ? `, CA from SSM ${c.caSource.parameter} (to fill)`
        : ', CA to discover (to fill)'
      : '';
    const shard = c.shard === undefined ? '' : `, shard ${c.shard}`;
    out.push(`  Cluster          ${c.name} → ${c.server} ${auth}${ca}${shard}`);
  }
  out.push(...shardLines(plan), ...stsLines(plan));
  if (plan.argocd.workloads.length > 0)
    out.push(
      `  Restart          ${plan.argocd.workloads.map((w) => `${w.kind.toLowerCase()}/${w.name}`).join(', ')}`,
    );
  return `${out.join('\n')}\n`;
}

const MAX_NAMES = 8;

/** Clusters and weight per controller shard (plan.argocd.shards). */
function shardLines(plan: AccessPlan): string[] {
  const { controller, shards } = plan.argocd;
  if (!controller || !shards || plan.identity === 'eks-capability') return [];
  const explicit = plan.clusters.some((c) => c.shard !== undefined);
  const lines = [
    `  Shards           ${controller.replicas} controller replica${controller.replicas === 1 ? '' : 's'}${explicit ? ', explicit shard in every cluster Secret' : ', no explicit shards'}; algorithm ${controller.shardingAlgorithm}${controller.dynamicClusterDistribution ? ', dynamic distribution' : ''}; watch budget ${controller.watchBudget} per shard`,
  ];
  const width = String(Math.max(...shards.map((l) => l.clusters.length))).length;
  for (const l of shards) {
    const names =
      l.clusters.length > MAX_NAMES
        ? `${l.clusters.slice(0, MAX_NAMES).join(', ')}, … ${l.clusters.length - MAX_NAMES} more`
        : l.clusters.join(', ');
    lines.push(
      `    shard ${String(l.shard).padEnd(3)} ${String(l.clusters.length).padStart(width)} cluster${l.clusters.length === 1 ? ' ' : 's'}  weight ${String(l.weight).padEnd(6)} watches ${String(l.watches).padEnd(6)} ${names}`,
    );
  }
  return lines;
}

/** The hub's estimated STS request rate (plan.argocd.sts). */
function stsLines(plan: AccessPlan): string[] {
  const sts = plan.argocd.sts;
  if (!sts || sts.callsPerRun === 0) return [];
  const share = sts.quotaPerSecond > 0 ? (sts.steadyPerSecond / sts.quotaPerSecond) * 100 : 0;
  return [
    `  STS load         ~${sts.steadyPerSecond} requests/s from account ${plan.hub.account} in ${plan.hub.region} (${sts.components} components × ${sts.clusters} clusters × ${sts.callsPerRun} calls every ${sts.tokenRefreshSeconds / 60} min), ${share < 1 ? '<1' : Math.round(share)}% of ${sts.quotaPerSecond}/s`,
  ];
}
