/**
 * Small Fleet builders for plan and render tests (normalized Fleet objects, defaults filled in,
 * as src/fleet's loader produces them).
 */

import type { Fleet, IdentityMode, SpokeSettings } from '../../src/fleet/types.js';
import { SAMPLE_CA_DATA } from '../../src/testing/generate-fleet.js';

/** base64 of a real PEM CA certificate, as EKS returns certificateAuthority.data. */
export const CA_DATA = SAMPLE_CA_DATA;

export function spoke(name: string, overrides: Partial<SpokeSettings> = {}): SpokeSettings {
  return {
    name,
    account: '222222222222',
    region: 'eu-central-1',
    partition: 'aws',
    clusterName: name,
    endpoint: `https://${name.toUpperCase().replace(/[^A-Z0-9]/g, '')}0123456789ABCDEF.gr7.eu-central-1.eks.amazonaws.com`,
    ca: { kind: 'inline', data: CA_DATA },
    deployerRole: { name: `argocd-deployer-${name}`, path: '/' },
    access: { policy: 'cluster-admin', namespaces: [], groups: [] },
    labels: {},
    annotations: {},
    namespaces: [],
    clusterResources: false,
    weight: 1,
    ...overrides,
  };
}

export function fleet(overrides: Partial<Fleet> & { identity?: IdentityMode } = {}): Fleet {
  return {
    apiVersion: 'fleetlink.dev/v1alpha1',
    kind: 'Fleet',
    identity: 'irsa',
    argocd: {
      namespace: 'argocd',
      releaseName: 'argo-cd',
      chartVersion: '10.1.1',
      version: 'v3.4.4',
      serviceAccounts: {
        applicationController: 'argocd-application-controller',
        applicationSetController: 'argocd-applicationset-controller',
        server: 'argocd-server',
      },
      dynamicClusterDistribution: false,
      controller: { replicas: 1, shardingAlgorithm: 'legacy', watchBudget: 500 },
    },
    hub: {
      name: 'in-cluster',
      account: '111111111111',
      region: 'eu-central-1',
      partition: 'aws',
      clusterName: 'hub',
      oidcIssuer: 'https://oidc.eks.eu-central-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE',
      oidcProvider: 'existing',
      managementRole: { name: 'argocd-manager', path: '/' },
      registerSelf: false,
    },
    spokes: [spoke('spoke-1')],
    tags: {},
    ...overrides,
  };
}

/** `n` spokes spread over `accounts` accounts, deterministic names. */
export function manySpokes(n: number, accounts = 50, path = '/fleetlink/'): SpokeSettings[] {
  const out: SpokeSettings[] = [];
  for (let i = 0; i < n; i++) {
    const account = String(200000000000 + (i % accounts));
    const name = `spoke-${String(i).padStart(5, '0')}`;
    out.push(spoke(name, { account, deployerRole: { name: `argocd-deployer-${name}`, path } }));
  }
  return out;
}
