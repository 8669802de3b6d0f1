/**
 * AWS regions a fleet may name, and the partition each belongs to.
 * Source: the partition metadata shipped with the AWS SDK for JavaScript v3 (`@aws-sdk/core`,
 * partitions `aws`, `aws-cn`, `aws-us-gov`). The isolated partitions (`aws-iso*`, `aws-eusc`) are
 * left out on purpose: EKS Pod Identity, IRSA issuers and the access-entry APIs differ there and
 * Fleetlink does not model them.
 */
import type { Partition } from './types.js';

export const REGIONS_BY_PARTITION: Readonly<Record<Partition, readonly string[]>> = {
  aws: [
    'af-south-1',
    'ap-east-1',
    'ap-east-2',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-south-1',
    'ap-south-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-southeast-3',
    'ap-southeast-4',
    'ap-southeast-5',
    'ap-southeast-6',
    'ap-southeast-7',
    'ca-central-1',
    'ca-west-1',
    'eu-central-1',
    'eu-central-2',
    'eu-north-1',
    'eu-south-1',
    'eu-south-2',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
    'il-central-1',
    'me-central-1',
    'me-south-1',
    'me-west-1',
    'mx-central-1',
    'sa-east-1',
    'sa-west-1',
    'us-east-1',
    'us-east-2',
    'us-west-1',
    'us-west-2',
  ],
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
  'aws-us-gov': ['us-gov-east-1', 'us-gov-west-1'],
};

/** Every known region, sorted (the JSON Schema enum, so editors complete them). */
export const REGIONS: readonly [string, ...string[]] = Object.values(REGIONS_BY_PARTITION)
  .flat()
  .sort() as unknown as [string, ...string[]];

const partitionOf = new Map<string, Partition>(
  (Object.entries(REGIONS_BY_PARTITION) as [Partition, readonly string[]][]).flatMap(([p, rs]) =>
    rs.map((r) => [r, p] as const),
  ),
);

export function isKnownRegion(region: string): boolean {
  return partitionOf.has(region);
}

/** The partition of a region: `cn-*` → `aws-cn`, `us-gov-*` → `aws-us-gov`, else `aws`. */
export function partitionForRegion(region: string): Partition {
  return (
    partitionOf.get(region) ??
    (region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws')
  );
}

/** DNS suffix of a partition's service endpoints (EKS API servers, OIDC issuers). */
export function dnsSuffix(partition: Partition): string {
  return partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
}
