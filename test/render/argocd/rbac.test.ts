/**
 * eks-capability RBAC manifests (argocd/rbac/<spoke>.yaml) and argocd-cm, parsed back with the
 * `yaml` library: every subject is the group the planned access entry carries, RoleBindings mirror
 * the access-policy namespaces, and the ClusterRole grants exactly the declared kinds and CRDs.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import type { AccessPlan } from '../../../src/plan/types.js';
import { renderArgoCd } from '../../../src/render/argocd/index.js';
import { examplePlan } from '../../prove/helpers.js';

interface K8sObject {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  rules?: { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] }[];
  roleRef?: { kind: string; name: string };
  subjects?: { kind: string; name: string }[];
}

let plan: AccessPlan;
let files: Map<string, string>;
const docs = (path: string): K8sObject[] =>
  parseAllDocuments(files.get(path) as string).map((d) => d.toJSON() as K8sObject);

beforeAll(async () => {
  plan = await examplePlan('capability');
  files = renderArgoCd(plan);
});

describe('capability RBAC manifests', () => {
  it('writes one RBAC file per spoke and the argocd-cm ConfigMap', () => {
    // retail-dev has AmazonEKSClusterAdminPolicy only: nothing to mirror or grant, so no file.
    expect([...files.keys()].filter((f) => f.startsWith('argocd/rbac/')).sort()).toEqual([
      'argocd/rbac/retail-prod.yaml',
    ]);
    const cm = parseYaml(files.get('argocd/argocd-cm.yaml') as string);
    expect(cm.metadata).toEqual({
      name: 'argocd-cm',
      namespace: 'argocd',
      labels: { 'app.kubernetes.io/part-of': 'argocd' },
    });
    expect(cm.data).toEqual({ 'ui.bannercontent': 'Managed by the platform team' });
  });

  it('binds only the group the access entry carries, never the principal ARN', () => {
    for (const spoke of ['retail-prod']) {
      const entry = plan.accessEntries.find((e) => e.cluster === spoke)!;
      expect(entry.kubernetesGroups).toContain('fleetlink-argocd');
      const subjects = docs(`argocd/rbac/${spoke}.yaml`).flatMap((o) => o.subjects ?? []);
      expect(subjects.length).toBeGreaterThan(0);
      for (const s of subjects) {
        expect(s).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'fleetlink-argocd' });
        expect(entry.kubernetesGroups).toContain(s.name);
      }
    }
  });

  it('mirrors a namespace-scoped policy as one RoleBinding per namespace, a cluster-scoped one as a ClusterRoleBinding', () => {
    const prod = docs('argocd/rbac/retail-prod.yaml').filter((o) => o.kind === 'RoleBinding');
    expect(prod.map((o) => [o.metadata.namespace, o.roleRef?.name])).toEqual([
      ['checkout', 'edit'],
      ['storefront', 'edit'],
    ]);
    // AmazonEKSClusterAdminPolicy holds escalate/bind through the EKS authorizer: no mirror, and no
    // cluster-admin binding that would outlive the access policy.
    expect(plan.capability?.rbac.find((r) => r.cluster === 'retail-dev')?.bindings).toEqual([]);
  });

  it('grants the declared cluster-scoped kinds and CRDs, namespaces and CRDs without delete', () => {
    const [role] = docs('argocd/rbac/retail-prod.yaml').filter((o) => o.kind === 'ClusterRole');
    expect(role?.metadata.name).toBe('fleetlink-argocd-cluster-scoped');
    const rules = role?.rules ?? [];
    const ns = rules.find((r) => r.resources.includes('namespaces'))!;
    expect(ns.apiGroups).toEqual(['']);
    expect(ns.verbs).not.toContain('delete');
    const ingress = rules.find((r) => r.resources.includes('ingressclasses'))!;
    expect(ingress.apiGroups).toEqual(['networking.k8s.io']);
    expect(ingress.verbs).toContain('delete');
    const update = rules.find(
      (r) => r.verbs.includes('update') && r.resources.includes('customresourcedefinitions'),
    )!;
    expect(update.resourceNames).toEqual(['certificates.cert-manager.io']);
    expect(
      rules.flatMap((r) => (r.resources.includes('customresourcedefinitions') ? r.verbs : [])),
    ).not.toContain('delete');
    // The ClusterRole is bound, to the same group.
    const bound = docs('argocd/rbac/retail-prod.yaml').find(
      (o) => o.kind === 'ClusterRoleBinding' && o.roleRef?.name === 'fleetlink-argocd-cluster-scoped',
    );
    expect(bound?.subjects?.[0]?.name).toBe('fleetlink-argocd');
  });

  it('AppProjects carry sourceNamespaces with the capability namespace', () => {
    const project = parseYaml(files.get('argocd/projects/retail.yaml') as string);
    expect(project.spec.sourceNamespaces).toEqual(['argocd']);
  });

  it('self-managed plans get no RBAC files, no argocd-cm and no sourceNamespaces', async () => {
    const other = renderArgoCd(await examplePlan('sharded'));
    expect([...other.keys()].some((f) => f.startsWith('argocd/rbac/') || f === 'argocd/argocd-cm.yaml')).toBe(
      false,
    );
    for (const [f, text] of other)
      if (f.startsWith('argocd/projects/')) expect(text).not.toContain('sourceNamespaces');
  });
});
