/**
 * Least privilege for the managed Argo CD of EKS Capabilities: the Kubernetes RBAC each spoke
 * needs beside its access entry. Pure: spokes and planned entries in, RBAC plans out.
 *
 * Facts this rests on (each checked in the source named):
 * - The entry EKS auto-creates for the capability role carries `kubernetesGroups: []` and the
 *   username `arn:aws:sts::<acct>:assumed-role/<role>/{{SessionName}}`, so neither the username nor a
 *   group "eks-access-entry:<principal ARN>" (what the EKS guide's production recipe binds) is a
 *   subject that exists: such a binding "silently grants nothing". A group added to the entry is
 *   bindable. (aws-controllers-k8s/test-infra bootstrap/argocd-access.tf, argocd-rbac.tf, PR #1061;
 *   EKS User Guide "Register target clusters", Access Entry RBAC requirements.)
 * - Kubernetes escalation prevention only sees in-cluster RBAC: a principal authorised by access
 *   policies alone cannot create a Role granting what the policy grants. A RoleBinding that mirrors
 *   an access policy into the same namespaces adds no access and makes those Roles creatable
 *   (argocd-rbac.tf). Access policies are "similar to the Kubernetes user-facing cluster roles"
 *   (EKS User Guide, access-policy-permissions), which is the mirror used here.
 * - AmazonEKSArgoCDClusterPolicy grants `create` on customresourcedefinitions but get/update/patch/
 *   delete only on Argo CD's own CRDs: a third-party CRD installs on the first sync and every later
 *   sync fails (argocd-access.tf, "CRD write exception", confirmed live by the ACK team).
 * - Kubernetes RBAC cannot restrict `create` by resource name (the name is not known when the
 *   request is authorised), so CRD create is granted by type and update/patch by name.
 */
import type { Partition, SpokeSettings } from '../fleet/types.js';
import type {
  AccessEntryPlan,
  AccessPolicyAssociation,
  CapabilityRbacPlan,
  RbacBinding,
  RbacClusterRole,
  RbacRule,
} from './types.js';

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Access policy (by name) → the Kubernetes user-facing ClusterRole it resembles. Not
 * AmazonEKSClusterAdminPolicy: it grants `*` verbs, `escalate` and `bind` included, and the RBAC
 * escalation check asks the authorizers (the EKS one too) for those verbs, so it needs no mirror;
 * a cluster-admin binding would also outlive the access policy it mirrors. [inference from
 * kubernetes pkg/registry/rbac/escalation_check.go EscalationAllowed/BindingAuthorized]
 */
export const MIRROR_ROLES: Readonly<Record<string, string>> = {
  AmazonEKSAdminPolicy: 'admin',
  AmazonEKSEditPolicy: 'edit',
  AmazonEKSViewPolicy: 'view',
};

export const CLUSTER_SCOPED_ROLE = 'fleetlink-argocd-cluster-scoped';
const WRITE = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
// Deleting a Namespace deletes everything in it; Argo CD needs to create and label namespaces,
// not remove them (argocd-rbac.tf makes the same cut). Prune such objects by hand.
const NO_DELETE = new Set(['namespaces']);

/** The name of an access policy ARN (`…/cluster-access-policy/<Name>`). */
export function policyName(policyArn: string): string {
  return policyArn.slice(policyArn.lastIndexOf('/') + 1);
}

/** `storageclasses.storage.k8s.io` → resource `storageclasses`, group `storage.k8s.io`; `namespaces` → core. */
export function splitResource(spec: string): { resource: string; group: string } {
  const dot = spec.indexOf('.');
  return dot < 0
    ? { resource: spec, group: '' }
    : { resource: spec.slice(0, dot), group: spec.slice(dot + 1) };
}

/** Rules for the cluster-scoped resources and third-party CRDs the spoke lets Argo CD manage. */
export function clusterScopedRules(resources: readonly string[], crds: readonly string[]): RbacRule[] {
  const byGroup = new Map<string, { all: string[]; noDelete: string[] }>();
  for (const spec of [...new Set(resources)].sort(byString)) {
    const { resource, group } = splitResource(spec);
    const g = byGroup.get(group) ?? { all: [], noDelete: [] };
    (NO_DELETE.has(resource) && group === '' ? g.noDelete : g.all).push(resource);
    byGroup.set(group, g);
  }
  const rules: RbacRule[] = [];
  for (const [group, g] of [...byGroup].sort(([a], [b]) => byString(a, b))) {
    if (g.all.length > 0) rules.push({ apiGroups: [group], resources: g.all, verbs: WRITE });
    if (g.noDelete.length > 0)
      rules.push({ apiGroups: [group], resources: g.noDelete, verbs: WRITE.filter((v) => v !== 'delete') });
  }
  const names = [...new Set(crds)].sort(byString);
  if (names.length > 0) {
    const crd = { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'] };
    rules.push({ ...crd, verbs: ['get', 'list', 'watch', 'create'] });
    // No delete: deleting a CRD deletes every object of its kind in the cluster.
    rules.push({ ...crd, verbs: ['update', 'patch'], resourceNames: names });
  }
  return rules;
}

/** The mirror bindings of an entry's associations, and the namespaces no RoleBinding can mirror. */
function mirrorBindings(
  policies: readonly AccessPolicyAssociation[],
  group: string,
): { bindings: RbacBinding[]; unmirrored: string[] } {
  const bindings: RbacBinding[] = [];
  const unmirrored: string[] = [];
  for (const p of policies) {
    const role = MIRROR_ROLES[policyName(p.policyArn)];
    if (role === undefined) continue; // no user-facing ClusterRole resembles it
    const name = `fleetlink-argocd-${role}`;
    if (p.accessScope.type === 'cluster') {
      bindings.push({ kind: 'ClusterRoleBinding', name, clusterRole: role, group });
      continue;
    }
    for (const ns of p.accessScope.namespaces ?? []) {
      if (ns.includes('*')) unmirrored.push(ns);
      else bindings.push({ kind: 'RoleBinding', name, namespace: ns, clusterRole: role, group });
    }
  }
  return { bindings, unmirrored: [...new Set(unmirrored)].sort(byString) };
}

/** The RBAC of every spoke, for the access entries Fleetlink creates for the capability role. */
export function planCapabilityRbac(
  spokes: readonly SpokeSettings[],
  entries: readonly AccessEntryPlan[],
  group: string,
): CapabilityRbacPlan[] {
  const entryOf = new Map(entries.map((e) => [e.cluster, e]));
  return spokes.map((s) => {
    const entry = entryOf.get(s.name) as AccessEntryPlan;
    const crds = [...new Set(s.access.customResourceDefinitions ?? [])].sort(byString);
    const rules = clusterScopedRules(s.access.clusterScoped ?? [], crds);
    const clusterRoles: RbacClusterRole[] = rules.length > 0 ? [{ name: CLUSTER_SCOPED_ROLE, rules }] : [];
    const mirror = mirrorBindings(entry.accessPolicies, group);
    const bindings: RbacBinding[] = [
      ...clusterRoles.map((r) => ({
        kind: 'ClusterRoleBinding' as const,
        name: r.name,
        clusterRole: r.name,
        group,
      })),
      ...mirror.bindings,
    ];
    return {
      cluster: s.name,
      account: s.account,
      region: s.region,
      clusterName: s.clusterName,
      principalArn: entry.principalArn,
      entry: 'fleetlink',
      clusterRoles,
      bindings,
      customResourceDefinitions: crds,
      ...(mirror.unmirrored.length > 0 ? { unmirrored: mirror.unmirrored } : {}),
    };
  });
}

/** `arn:<partition>:eks::aws:cluster-access-policy/<name>` for any access-policy name. */
export function namedPolicyArn(partition: Partition, name: string): string {
  return `arn:${partition}:eks::aws:cluster-access-policy/${name}`;
}
