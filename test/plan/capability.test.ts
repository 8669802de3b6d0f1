/** The capability's RBAC plan (src/plan/capability.ts) and the group on the entries Fleetlink creates. */
import { describe, expect, it } from 'vitest';
import { clusterScopedRules, planCapabilityRbac, splitResource } from '../../src/plan/capability.js';
import { planFleet } from '../../src/plan/plan.js';
import type { AccessEntryPlan } from '../../src/plan/types.js';
import { examplePlan } from '../prove/helpers.js';
import { fleet, spoke } from './fixtures.js';

describe('capability plan', () => {
  it('puts the capability group on every entry in eks-capability mode only', async () => {
    const cap = await examplePlan('capability');
    for (const e of cap.accessEntries) expect(e.kubernetesGroups).toContain('fleetlink-argocd');
    const irsa = await examplePlan('two-accounts');
    for (const e of irsa.accessEntries) expect(e.kubernetesGroups).not.toContain('fleetlink-argocd');
    expect(irsa.capability).toBeUndefined();
  });

  it('splits kubectl resource names into resource and API group', () => {
    expect(splitResource('namespaces')).toEqual({ resource: 'namespaces', group: '' });
    expect(splitResource('storageclasses.storage.k8s.io')).toEqual({
      resource: 'storageclasses',
      group: 'storage.k8s.io',
    });
  });

  it('grants CRD create by type and update only by name (RBAC cannot restrict create by name)', () => {
    const rules = clusterScopedRules([], ['b.example.com', 'a.example.com', 'a.example.com']);
    expect(rules).toEqual([
      {
        apiGroups: ['apiextensions.k8s.io'],
        resources: ['customresourcedefinitions'],
        verbs: ['get', 'list', 'watch', 'create'],
      },
      {
        apiGroups: ['apiextensions.k8s.io'],
        resources: ['customresourcedefinitions'],
        verbs: ['update', 'patch'],
        resourceNames: ['a.example.com', 'b.example.com'],
      },
    ]);
    expect(clusterScopedRules([], [])).toEqual([]);
  });

  it('mirrors only policies with a user-facing ClusterRole and reports wildcard namespaces', () => {
    const entry: AccessEntryPlan = {
      cluster: 's',
      account: '222222222222',
      region: 'eu-west-1',
      partition: 'aws',
      clusterName: 's',
      principalArn: 'arn:aws:iam::111111111111:role/Cap',
      type: 'STANDARD',
      kubernetesGroups: ['g'],
      accessPolicies: [
        {
          policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy',
          accessScope: { type: 'namespace', namespaces: ['apps', 'team-*'] },
        },
        {
          policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy',
          accessScope: { type: 'cluster' },
        },
      ],
    };
    const s = spoke('s');
    const [rbac] = planCapabilityRbac([s], [entry], 'g');
    expect(rbac?.bindings).toEqual([
      {
        kind: 'RoleBinding',
        name: 'fleetlink-argocd-admin',
        namespace: 'apps',
        clusterRole: 'admin',
        group: 'g',
      },
    ]);
    expect(rbac?.unmirrored).toEqual(['team-*']);
    expect(rbac?.clusterRoles).toEqual([]);
  });

  it('extra policies become further associations of the same entry', () => {
    const p = planFleet(
      fleet({
        spokes: [
          spoke('s', {
            access: {
              policy: 'edit',
              namespaces: ['apps'],
              groups: [],
              extraPolicies: [{ policy: 'AmazonEKSAdminViewPolicy', namespaces: [] }],
            },
          }),
        ],
      }),
    );
    expect(
      p.accessEntries[0]?.accessPolicies.map((a) => [a.policyArn.split('/')[1], a.accessScope.type]),
    ).toEqual([
      ['AmazonEKSEditPolicy', 'namespace'],
      ['AmazonEKSAdminViewPolicy', 'cluster'],
    ]);
  });
});
