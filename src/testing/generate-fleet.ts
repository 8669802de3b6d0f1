/**
 * Deterministic large fleets for benchmarks and property tests. The same arguments always give
 * the same Fleet, and every generated fleet passes Fleetlink's own validation (a test checks this
 * by writing it to YAML and loading it back).
 */
import { createHash } from 'node:crypto';
import { DEFAULTS } from '../fleet/defaults.js';
import type { CaSource, Fleet, IdentityMode, SpokeAccess, SpokeSettings } from '../fleet/types.js';

export interface GenerateOptions {
  readonly identity?: IdentityMode;
  /** Add an `organization` (deployer roles under /fleetlink/, StackSet over two OUs). */
  readonly organization?: boolean;
  /** Number of spoke accounts the spokes are spread over (default: one account per spoke). */
  readonly accounts?: number;
  /** Application-controller replicas (default 1: no shards planned). */
  readonly replicas?: number;
}

const HUB_ACCOUNT = '111111111111';
const HUB_REGION = 'eu-central-1';
const SPOKE_REGIONS = ['eu-central-1', 'eu-west-1', 'us-east-1', 'us-west-2'] as const;
const TIERS = ['dev', 'staging', 'prod'] as const;

// A real self-signed certificate (CN=kubernetes), base64 of its PEM as EKS returns
// certificateAuthority.data. Not secret: a CA certificate is public.
export const SAMPLE_CA_DATA =
  'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJiVENDQVJPZ0F3SUJBZ0lDQStrd0NnWUlLb1pJemowRUF3SXdGVEVUTUJFR0ExVUVBd3dLYTNWaVpYSnUKWlhSbGN6QWVGdzB5TmpFeE1qa3hOVEF3TlRkYUZ3MHpOakV4TWpZeE5UQXdOVGRhTUJVeEV6QVJCZ05WQkFNTQpDbXQxWW1WeWJtVjBaWE13V1RBVEJnY3Foa2pPUFFJQkJnZ3Foa2pPUFFNQkJ3TkNBQVNrVWJOY0VVRUoxcStLCmw1SWpuNXdnSjVZbXgwMllzQmJiOTNoL3JOVW1GcWFmWWg0OWtXbmphNUNMOXNZRFphZEkzbVdHY1dlbjgyai8KenVhdWNyRXdvMU13VVRBZEJnTlZIUTRFRmdRVVZ6cWJQK081UjNpRnFVcTl1N05oZHVqdlBGQXdId1lEVlIwagpCQmd3Rm9BVVZ6cWJQK081UjNpRnFVcTl1N05oZHVqdlBGQXdEd1lEVlIwVEFRSC9CQVV3QXdFQi96QUtCZ2dxCmhrak9QUVFEQWdOSUFEQkZBaUI5WDhackpQMFdMNW84dTlTdTQzL2NYc2xkNjRQNlM4YnE1YjhwZWkzUGpnSWgKQU53Zk9ndFMzaDZ0VDRuei9hQWNnWWIrbUVkbTdValZDS0NFVG1KMC9Ec3cKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=';

/** 32 upper-case hex characters derived from `seed`, like an EKS endpoint or issuer id. */
function hex32(seed: string): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, 32).toUpperCase();
}

function accountFor(index: number, accounts: number): string {
  return String(200_000_000_000 + (index % accounts) * 1_001);
}

function caFor(index: number): CaSource {
  if (index % 10 === 7) return { kind: 'ssm', parameter: `/eks/spoke-${index}/ca` };
  if (index % 10 === 9) return { kind: 'discover' };
  return { kind: 'inline', data: SAMPLE_CA_DATA };
}

function accessFor(index: number): SpokeAccess {
  switch (index % 4) {
    case 0:
      return { policy: 'admin', namespaces: [], groups: [] };
    case 1:
      return { policy: 'edit', namespaces: ['apps', `team-${index % 17}`], groups: ['argocd-deployers'] };
    case 2:
      return { policy: 'view', namespaces: [], groups: ['argocd-deployers'] };
    default:
      return { policy: null, namespaces: [], groups: ['argocd-deployers'] };
  }
}

function spoke(index: number, spokes: number, options: GenerateOptions): SpokeSettings {
  const width = Math.max(4, String(spokes).length);
  const name = `spoke-${String(index).padStart(width, '0')}`;
  const region = SPOKE_REGIONS[index % SPOKE_REGIONS.length] ?? HUB_REGION;
  const tier = TIERS[index % TIERS.length] ?? 'dev';
  const capability = options.identity === 'eks-capability';
  return {
    name,
    account: accountFor(index, options.accounts ?? spokes),
    region,
    partition: 'aws',
    clusterName: `eks-${name}`,
    ...(capability ? {} : { endpoint: `https://${hex32(name)}.gr7.${region}.eks.amazonaws.com` }),
    ca: capability ? { kind: 'discover' } : caFor(index),
    deployerRole: { name: `argocd-deployer-${name}`, path: options.organization ? '/fleetlink/' : '/' },
    access: accessFor(index),
    labels: { env: tier, 'fleetlink.dev/shard': String(index % 8) },
    annotations: {},
    ...(index % 2 === 0 ? { project: `project-${index % 5}` } : {}),
    namespaces: [],
    clusterResources: false,
    // Every tenth spoke is a heavier one (more Applications), so shard balancing has work to do.
    weight: index % 10 === 0 ? 5 : 1,
  };
}

export function generateFleet(spokes: number, options: GenerateOptions = {}): Fleet {
  if (!Number.isInteger(spokes) || spokes < 0)
    throw new RangeError(`spokes must be a whole number >= 0, got ${spokes}`);
  if (options.accounts !== undefined && (!Number.isInteger(options.accounts) || options.accounts < 1))
    throw new RangeError(`accounts must be a whole number >= 1, got ${options.accounts}`);
  const identity = options.identity ?? 'irsa';
  const list = Array.from({ length: spokes }, (_, i) => spoke(i, spokes, options));
  return {
    apiVersion: 'fleetlink.dev/v1alpha1',
    kind: 'Fleet',
    identity,
    argocd: {
      ...DEFAULTS.argocd,
      serviceAccounts: { ...DEFAULTS.argocd.serviceAccounts },
      controller: { ...DEFAULTS.argocd.controller, replicas: options.replicas ?? 1 },
    },
    hub: {
      name: DEFAULTS.hub.name,
      account: HUB_ACCOUNT,
      region: HUB_REGION,
      partition: 'aws',
      clusterName: 'hub',
      ...(identity === 'irsa'
        ? { oidcIssuer: `https://oidc.eks.${HUB_REGION}.amazonaws.com/id/${hex32('hub')}` }
        : {}),
      oidcProvider: 'existing',
      managementRole: { ...DEFAULTS.hub.managementRole },
      ...(identity === 'eks-capability'
        ? { capabilityRole: { name: 'ArgoCDCapabilityRole', path: '/' } }
        : {}),
      registerSelf: false,
    },
    spokes: list,
    ...(options.organization
      ? {
          organization: {
            id: 'o-fleetlink01',
            organizationalUnits: ['ou-fl01-workload1', 'ou-fl01-workload2'],
            regions: [...new Set(list.map((s) => s.region))].sort(),
            delegatedAdmin: true,
          },
        }
      : {}),
    tags: { 'generated-by': 'fleetlink-generateFleet' },
  };
}
