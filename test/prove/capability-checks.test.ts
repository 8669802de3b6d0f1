/**
 * The access-policy and capability checks hold their fire where the trap is absent: a base plan
 * with none, the narrower alternatives the sources name (AmazonEKSKROPolicy, a service-linked
 * role, a per-kind argocd-cm key), and the 90% warning before the Applications limit.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AccessPlan } from '../../src/plan/types.js';
import { prove } from '../../src/prove/prove.js';
import { examplePlan, mutate } from './helpers.js';

const NEW_IDS = [
  'ACCESS-SCOPE-REPLACED',
  'ACCESS-POLICY-SLR-ONLY',
  'CAPABILITY-GROUP-UNBOUND',
  'CAPABILITY-CRD-UPDATE',
  'CAPABILITY-APPLICATIONS-LIMIT',
  'CAPABILITY-SOURCE-NAMESPACES',
  'CAPABILITY-CM-KEY-IGNORED',
];
let base: AccessPlan;
const ids = (p: AccessPlan) => prove(p).findings.map((f) => `${f.id} ${f.subject} ${f.severity}`);

beforeAll(async () => {
  base = await examplePlan('capability');
});

describe('capability checks', () => {
  it('the planned capability example carries none of them', async () => {
    for (const name of ['capability', 'two-accounts', 'sharded', 'pod-identity']) {
      const found = prove(await examplePlan(name)).findings.filter((f) => NEW_IDS.includes(f.id));
      expect(found, name).toEqual([]);
    }
  });

  it('AmazonEKSKROPolicy at cluster scope covers the CRDs (ACK test-infra)', () => {
    const p = mutate(base, (d) => {
      const r = d.capability!.rbac.find((x) => x.cluster === 'retail-prod')!;
      r.clusterRoles = [];
      r.bindings = r.bindings.filter((b) => b.kind === 'RoleBinding');
      d.accessEntries
        .find((e) => e.cluster === 'retail-prod')!
        .accessPolicies.push({
          policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSKROPolicy',
          accessScope: { type: 'cluster' },
        });
    });
    expect(ids(p).filter((i) => i.startsWith('CAPABILITY-CRD-UPDATE'))).toEqual([]);
  });

  it('a service-linked role may hold an SLR-only policy', () => {
    const p = mutate(base, (d) => {
      d.accessEntries.push({
        ...structuredClone(d.accessEntries[0]!),
        principalArn:
          'arn:aws:iam::666666666666:role/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS',
        kubernetesGroups: [],
        accessPolicies: [
          {
            policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSComputeClusterPolicy',
            accessScope: { type: 'cluster' },
          },
        ],
      });
    });
    expect(ids(p).filter((i) => i.startsWith('ACCESS-POLICY-SLR-ONLY'))).toEqual([]);
  });

  it('the Applications limit warns from 90% and fails above 1,000', () => {
    const at = (dev: number) =>
      ids(
        mutate(base, (d) => {
          d.clusters.find((c) => c.name === 'retail-dev')!.applications = dev;
        }),
      ).filter((i) => i.startsWith('CAPABILITY-APPLICATIONS-LIMIT'));
    expect(at(800)).toEqual([]);
    expect(at(870)).toEqual(['CAPABILITY-APPLICATIONS-LIMIT argocd-capability-hub warning']);
    expect(at(961)).toEqual(['CAPABILITY-APPLICATIONS-LIMIT argocd-capability-hub error']);
  });

  it('per-kind argocd-cm keys and supported kustomize flags pass', () => {
    const p = mutate(base, (d) => {
      d.capability!.cm['resource.customizations.health.cert-manager.io_Certificate'] = 'hs = {}\nreturn hs\n';
      d.capability!.cm['kustomize.buildOptions'] = '--enable-helm --reorder=none';
    });
    expect(ids(p).filter((i) => i.startsWith('CAPABILITY-CM-KEY-IGNORED'))).toEqual([]);
  });

  it('a group added to the auto-created hub entry makes its bindings count', () => {
    const p = mutate(base, (d) => {
      const r = structuredClone(d.capability!.rbac.find((x) => x.cluster === 'retail-prod')!);
      d.capability!.rbac.push({
        ...r,
        cluster: 'in-cluster',
        account: d.hub.account,
        region: d.hub.region,
        clusterName: d.hub.clusterName,
        entry: 'auto-created',
        addGroups: ['fleetlink-argocd'],
      });
    });
    expect(ids(p).filter((i) => i.startsWith('CAPABILITY-GROUP-UNBOUND'))).toEqual([]);
  });
});
