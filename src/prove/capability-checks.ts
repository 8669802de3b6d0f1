/**
 * Checks for access entries and the managed Argo CD of EKS Capabilities, on any AccessPlan (planned,
 * hand-edited or read from a Terraform plan). Pure.
 *
 * Sources:
 * - aws-controllers-k8s/test-infra bootstrap/argocd-access.tf and argocd-rbac.tf (PR #1061, AWS's
 *   controllers team, verified live): the capability's auto-created entry has `kubernetesGroups: []`
 *   and a session-templated username, so a binding to "eks-access-entry:<ARN>" grants nothing;
 *   AmazonEKSArgoCDClusterPolicy creates but cannot update third-party CRDs; associating a policy at
 *   cluster scope replaces its namespace-scoped association; AmazonEKSBlockStorageClusterPolicy and
 *   AmazonEKSComputeClusterPolicy fail with "The specified policyArn can only be associated with
 *   service-linked roles"; AmazonEKSKROPolicy grants customresourcedefinitions `*`.
 * - EKS API: one association per (entry, policy); AssociateAccessPolicy again with another scope
 *   changes the scope (reference/argocd-eks-facts.md §5.1).
 * - EKS User Guide, access-policy-permissions: the policies "designated for AWS service-linked roles
 *   only" (SLR_ONLY below). capability-kubernetes-resources: "up to 1000 Application resources per
 *   Argo CD capability instance". argocd-configure-settings: the supported argocd-cm keys (others
 *   are ignored) and the kustomize.buildOptions flags kept. awsdocs/amazon-eks-user-guide#1190 and
 *   PR #1191: AppProject spec.sourceNamespaces is required and must contain the capability namespace.
 */
import { CLUSTER_SCOPED_ROLE, policyName } from '../plan/capability.js';
import type { AccessEntryPlan, AccessPlan, CapabilityRbacPlan, RbacClusterRole } from '../plan/types.js';
import type { FindingSink } from './catalog.js';

/** Access policies EKS only lets service-linked roles hold (access-policy-permissions notes). */
export const SLR_ONLY = new Set([
  'AmazonEKSBlockStoragePolicy',
  'AmazonEKSBlockStorageClusterPolicy',
  'AmazonEKSComputePolicy',
  'AmazonEKSComputeClusterPolicy',
  'AmazonEKSHybridPolicy',
  'AmazonEKSClusterInsightsPolicy',
]);

/** "You can create up to 1000 Application resources per Argo CD capability instance." */
export const CAPABILITY_APPLICATIONS_LIMIT = 1000;

/** argocd-cm keys the capability applies (EKS User Guide, "Configure Argo CD settings"). */
const CM_KEYS = new Set([
  'ui.bannercontent',
  'ui.bannerurl',
  'ui.bannerpermanent',
  'ui.bannerposition',
  'ui.cssurl',
  'resource.customizations.ignoreDifferences.all',
  'resource.customizations.ignoreResourceUpdates.all',
  'resource.exclusions',
  'resource.inclusions',
  'resource.compareoptions',
  'resource.respectRBAC',
  'resource.customLabels',
  'resource.includeEventLabelKeys',
  'resource.excludeEventLabelKeys',
  'resource.sensitive.mask.annotations',
  'kustomize.enable',
  'helm.enable',
  'jsonnet.enable',
  'kustomize.buildOptions',
]);
/** Per-kind keys: `resource.customizations.<setting>.<group>_<kind>`. */
const CM_KIND_KEY =
  /^resource\.customizations\.(ignoreDifferences|ignoreResourceUpdates|knownTypeFields|health)\.\S*_\S+$/;
/** kustomize.buildOptions flags the capability keeps; it drops every other one. */
const KUSTOMIZE_FLAGS = new Set(['--reorder', '--enable-helm', '--enable-managedby-label']);

const AUTO_POLICIES = ['AmazonEKSArgoCDClusterPolicy', 'AmazonEKSArgoCDPolicy'];
const lc = (s: string): string => s.toLowerCase();
const clusterKey = (e: { account: string; region: string; clusterName: string }): string =>
  `${e.account}/${e.region}/${e.clusterName}`;

export function runCapabilityChecks(plan: AccessPlan, sink: FindingSink): void {
  checkScopeReplaced(plan, sink);
  checkServiceLinkedOnly(plan, sink);
  if (plan.identity !== 'eks-capability') return;
  for (const rbac of plan.capability?.rbac ?? []) {
    checkGroupsBound(plan, rbac, sink);
    checkCrdUpdate(plan, rbac, sink);
  }
  checkApplications(plan, sink);
  checkSourceNamespaces(plan, sink);
  checkCm(plan, sink);
}

/** Entries of one principal on one cluster (a plan may split them; EKS holds one). */
function entriesOf(
  plan: AccessPlan,
  where: { account: string; region: string; clusterName: string },
  principal: string,
) {
  return plan.accessEntries.filter(
    (e) => clusterKey(e) === clusterKey(where) && lc(e.principalArn) === lc(principal),
  );
}

function checkScopeReplaced(plan: AccessPlan, sink: FindingSink): void {
  const groups = new Map<string, AccessEntryPlan[]>();
  for (const e of plan.accessEntries) {
    const key = `${clusterKey(e)}|${lc(e.principalArn)}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  for (const entries of groups.values()) {
    const byPolicy = new Map<string, { scopes: string[]; cluster: boolean; namespaced: boolean }>();
    for (const e of entries)
      for (const p of e.accessPolicies) {
        const name = policyName(p.policyArn);
        const seen = byPolicy.get(name) ?? { scopes: [], cluster: false, namespaced: false };
        seen.scopes.push(
          p.accessScope.type === 'cluster'
            ? 'cluster'
            : `namespace ${(p.accessScope.namespaces ?? []).join(',')}`,
        );
        if (p.accessScope.type === 'cluster') seen.cluster = true;
        else seen.namespaced = true;
        byPolicy.set(name, seen);
      }
    const first = entries[0] as AccessEntryPlan;
    for (const [name, seen] of byPolicy) {
      if (seen.scopes.length < 2) continue;
      const widened = seen.cluster && seen.namespaced;
      sink.add({
        id: 'ACCESS-SCOPE-REPLACED',
        subject: `${first.cluster}/${name}`,
        message: widened
          ? `${first.principalArn} has ${name} both at cluster scope and at namespace scope on ${first.cluster}: EKS keeps one association per policy, so the cluster-scope one replaces the namespaced one and the access silently widens to every namespace.`
          : `${first.principalArn} has ${name} associated ${seen.scopes.length} times on ${first.cluster} (${seen.scopes.join('; ')}): EKS keeps one association per policy, the last write wins and the other namespaces end up without access.`,
        evidence: entries.slice(0, 8).map((e) => ({
          source: `access entry ${e.principalArn} on ${e.cluster}`,
          path: `accessEntries[${plan.accessEntries.indexOf(e)}].accessPolicies`,
          value: e.accessPolicies.filter((p) => policyName(p.policyArn) === name).map((p) => p.accessScope),
        })),
        ...(widened
          ? {}
          : {
              fix: `Associate ${name} once, with every namespace in one accessScope.namespaces list (not one association per namespace).`,
            }),
      });
    }
  }
}

function checkServiceLinkedOnly(plan: AccessPlan, sink: FindingSink): void {
  for (const [i, e] of plan.accessEntries.entries()) {
    // Service-linked roles live under the path /aws-service-role/ (IAM User Guide, service-linked roles).
    if (/:role\/aws-service-role\//.test(e.principalArn)) continue;
    for (const p of e.accessPolicies) {
      const name = policyName(p.policyArn);
      if (!SLR_ONLY.has(name)) continue;
      sink.add({
        id: 'ACCESS-POLICY-SLR-ONLY',
        subject: `${e.cluster}/${name}`,
        message: `${name} is designated for AWS service-linked roles only; associating it with ${e.principalArn} on ${e.cluster} fails with "InvalidParameterException: The specified policyArn can only be associated with service-linked roles", and so does every apply that declares it.`,
        evidence: [
          {
            source: `access entry ${e.principalArn}`,
            path: `accessEntries[${i}].accessPolicies`,
            value: p.policyArn,
          },
        ],
      });
    }
  }
}

/** The groups the capability principal carries on the cluster of `rbac`. */
function carriedGroups(plan: AccessPlan, rbac: CapabilityRbacPlan): Set<string> {
  if (rbac.entry === 'auto-created') return new Set(rbac.addGroups ?? []);
  return new Set(entriesOf(plan, rbac, rbac.principalArn).flatMap((e) => e.kubernetesGroups));
}

function checkGroupsBound(plan: AccessPlan, rbac: CapabilityRbacPlan, sink: FindingSink): void {
  const carried = carriedGroups(plan, rbac);
  const index = plan.capability?.rbac.indexOf(rbac) ?? 0;
  for (const [i, b] of rbac.bindings.entries()) {
    if (carried.has(b.group)) continue;
    const arnGroup = b.group.startsWith('eks-access-entry:');
    const where = `${b.kind} ${b.namespace ? `${b.namespace}/` : ''}${b.name}`;
    sink.add({
      id: 'CAPABILITY-GROUP-UNBOUND',
      subject: rbac.cluster,
      message: arnGroup
        ? `${where} on ${rbac.cluster} binds the group "${b.group}", the form the EKS guide's production recipe uses; no access entry carries such a group, so the binding grants nothing.`
        : rbac.entry === 'auto-created'
          ? `${where} on ${rbac.cluster} binds "${b.group}", but the access entry EKS auto-created for the capability has kubernetesGroups: [] and nobody adds the group: the binding grants nothing.`
          : `${where} on ${rbac.cluster} binds "${b.group}", which the access entry of ${rbac.principalArn} does not carry (${[...carried].join(', ') || 'no groups'}): the binding grants nothing.`,
      evidence: [
        {
          source: `RBAC of ${rbac.cluster}`,
          path: `capability.rbac[${index}].bindings[${i}].group`,
          value: b.group,
        },
        {
          source: `access entry ${rbac.principalArn} on ${rbac.cluster}`,
          path: 'kubernetesGroups',
          value: [...carried],
        },
      ],
      fix:
        rbac.entry === 'auto-created'
          ? `Add the group to the auto-created entry: aws eks update-access-entry --cluster-name ${rbac.clusterName} --principal-arn ${rbac.principalArn} --kubernetes-groups ${b.group}`
          : `Bind the group the entry carries (argocd.capability.kubernetesGroup), or add "${b.group}" to the entry's kubernetesGroups.`,
    });
  }
}

/** True when `role`'s rules allow `update` on the CRD `name`. */
function rolesUpdateCrd(role: RbacClusterRole, name: string): boolean {
  return role.rules.some(
    (r) =>
      (r.apiGroups.includes('apiextensions.k8s.io') || r.apiGroups.includes('*')) &&
      (r.resources.includes('customresourcedefinitions') || r.resources.includes('*')) &&
      (r.verbs.includes('update') || r.verbs.includes('*')) &&
      (r.resourceNames === undefined || r.resourceNames.length === 0 || r.resourceNames.includes(name)),
  );
}

function checkCrdUpdate(plan: AccessPlan, rbac: CapabilityRbacPlan, sink: FindingSink): void {
  if (rbac.customResourceDefinitions.length === 0) return;
  const entries = entriesOf(plan, rbac, rbac.principalArn);
  const policies = entries.flatMap((e) => e.accessPolicies);
  const names = [
    ...policies.map((p) => policyName(p.policyArn)),
    ...(rbac.entry === 'auto-created' ? AUTO_POLICIES : []),
  ];
  // AmazonEKSClusterAdminPolicy (`*` on `*`) and AmazonEKSKROPolicy (customresourcedefinitions `*`)
  // at cluster scope cover every CRD.
  if (
    policies.some(
      (p) =>
        p.accessScope.type === 'cluster' &&
        ['AmazonEKSClusterAdminPolicy', 'AmazonEKSKROPolicy'].includes(policyName(p.policyArn)),
    )
  )
    return;
  const carried = carriedGroups(plan, rbac);
  const roles = new Map(rbac.clusterRoles.map((r) => [r.name, r]));
  const granted = (crd: string): boolean =>
    rbac.bindings.some(
      (b) =>
        b.kind === 'ClusterRoleBinding' &&
        carried.has(b.group) &&
        (b.clusterRole === 'cluster-admin' ||
          rolesUpdateCrd(roles.get(b.clusterRole) ?? { name: '', rules: [] }, crd)),
    );
  const denied = rbac.customResourceDefinitions.filter((crd) => !granted(crd));
  if (denied.length === 0) return;
  const argoOnly = names.includes('AmazonEKSArgoCDClusterPolicy');
  sink.add({
    id: 'CAPABILITY-CRD-UPDATE',
    subject: rbac.cluster,
    message: argoOnly
      ? `Nothing lets the capability update ${denied.join(', ')} on ${rbac.cluster}: AmazonEKSArgoCDClusterPolicy creates a third-party CRD on the first sync and may update only Argo CD's own, so every later sync of it fails (and retries forever).`
      : `Nothing lets the capability update ${denied.join(', ')} on ${rbac.cluster} (${names.join(', ') || 'no access policy'}, and no bound ClusterRole grants it): the sync of those CRDs fails.`,
    evidence: [
      {
        source: `access entry ${rbac.principalArn} on ${rbac.cluster}`,
        path: 'accessPolicies',
        value: names,
      },
      { source: `RBAC of ${rbac.cluster}`, path: 'customResourceDefinitions', value: denied },
    ],
    fix: `Bind a ClusterRole granting update/patch on customresourcedefinitions named ${denied.join(', ')} to the entry's group (argocd/rbac/${rbac.cluster}.yaml has "${CLUSTER_SCOPED_ROLE}"), or associate AmazonEKSKROPolicy at cluster scope; not AmazonEKSClusterAdminPolicy for this.`,
  });
}

function checkApplications(plan: AccessPlan, sink: FindingSink): void {
  const counted = plan.clusters.filter((c) => c.applications !== undefined);
  if (counted.length === 0) return;
  const total = counted.reduce((n, c) => n + (c.applications ?? 0), 0);
  if (total < CAPABILITY_APPLICATIONS_LIMIT * 0.9) return;
  const over = total > CAPABILITY_APPLICATIONS_LIMIT;
  sink.add({
    id: 'CAPABILITY-APPLICATIONS-LIMIT',
    subject: plan.hub.clusterName,
    ...(over ? {} : { severity: 'warning' as const }),
    message: `The spokes of ${plan.hub.clusterName} expect ${total} Applications; one Argo CD capability instance allows ${CAPABILITY_APPLICATIONS_LIMIT}${over ? '' : ' (above 90% of it)'}.`,
    evidence: counted
      .slice(0, 8)
      .map((c) => ({ source: `cluster ${c.name}`, path: 'applications', value: c.applications ?? 0 })),
  });
}

function checkSourceNamespaces(plan: AccessPlan, sink: FindingSink): void {
  const ns = plan.argocd.namespace;
  for (const [i, p] of (plan.projects ?? []).entries()) {
    if (p.sourceNamespaces?.includes(ns)) continue;
    sink.add({
      id: 'CAPABILITY-SOURCE-NAMESPACES',
      subject: p.name,
      message: `AppProject ${p.name} does not list the capability namespace "${ns}" in spec.sourceNamespaces: the EKS capability requires it, and Applications in "${ns}" cannot use the project (sync fails, without a clear error).`,
      evidence: [
        {
          source: `AppProject ${p.name}`,
          path: `projects[${i}].sourceNamespaces`,
          value: p.sourceNamespaces ?? null,
        },
      ],
    });
  }
}

function checkCm(plan: AccessPlan, sink: FindingSink): void {
  for (const [key, value] of Object.entries(plan.capability?.cm ?? {})) {
    if (!CM_KEYS.has(key) && !CM_KIND_KEY.test(key)) {
      sink.add({
        id: 'CAPABILITY-CM-KEY-IGNORED',
        subject: key,
        message: `argocd-cm key "${key}" is not one the EKS capability supports: it ignores the key without a word.`,
        evidence: [{ source: 'argocd-cm', path: `capability.cm.${key}`, value }],
      });
      continue;
    }
    if (key !== 'kustomize.buildOptions') continue;
    const dropped = value
      .split(/\s+/)
      .filter((t) => t.startsWith('--'))
      .map((t) => t.split('=')[0] as string)
      .filter((flag) => !KUSTOMIZE_FLAGS.has(flag));
    if (dropped.length > 0)
      sink.add({
        id: 'CAPABILITY-CM-KEY-IGNORED',
        subject: key,
        message: `kustomize.buildOptions: the EKS capability drops ${[...new Set(dropped)].join(', ')} and keeps only --reorder, --enable-helm and --enable-managedby-label.`,
        evidence: [{ source: 'argocd-cm', path: `capability.cm.${key}`, value }],
      });
  }
}
