/**
 * STS hosts per AWS partition, for signing (which host a token names) and verifying (which hosts a
 * verifier bound to a partition accepts).
 *
 * Why regional: `aws eks get-token` (botocore) and argocd-k8s-auth ≥ 3.4 (aws-sdk-go-v2) presign
 * against the regional endpoint `sts.<region>.<partition domain>`, even in us-east-1; the global
 * `sts.amazonaws.com` is a single point of failure and unreachable from VPCs with only a regional
 * STS interface endpoint (failure mode FM-4.3). Domains from the AWS SDK endpoint rule sets and
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-sts-regionalized-endpoints.html.
 */
import { partitionForRegion } from '../fleet/regions.js';

export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov';

export const PARTITIONS: readonly Partition[] = ['aws', 'aws-cn', 'aws-us-gov'];

interface PartitionDomains {
  /** `sts.<region>.<domain>` — the regional endpoint the AWS CLI signs for. */
  readonly domain: string;
  /** `sts.<region>.<dualStack>` — the dual-stack endpoint (accepted by the authenticator). */
  readonly dualStack: string;
  /** FIPS endpoints (`sts-fips.<region>.<domain>`) exist in these partitions. */
  readonly fips: boolean;
  /** The global endpoint `sts.amazonaws.com` exists only in the commercial partition. */
  readonly global?: string;
}

const DOMAINS: Readonly<Record<Partition, PartitionDomains>> = {
  aws: { domain: 'amazonaws.com', dualStack: 'api.aws', fips: true, global: 'sts.amazonaws.com' },
  'aws-cn': { domain: 'amazonaws.com.cn', dualStack: 'api.amazonwebservices.com.cn', fips: false },
  'aws-us-gov': { domain: 'amazonaws.com', dualStack: 'api.aws', fips: true },
};

/** AWS region codes: `us-east-1`, `cn-north-1`, `us-gov-west-1`, `ap-southeast-2`, … */
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
/** The isolated partitions (aws-iso*, eu-isoe) have their own domains; not supported here. */
const ISOLATED_REGION = /^[a-z]{2}-iso[a-z]?-/;

export function isRegionCode(region: string): boolean {
  return REGION_PATTERN.test(region) && !ISOLATED_REGION.test(region);
}

/** The partition a region belongs to, or undefined for malformed or isolated-partition regions. */
export function partitionOfRegion(region: string): Partition | undefined {
  return isRegionCode(region) ? partitionForRegion(region) : undefined;
}

/** The regional STS host the AWS CLI signs for: `sts.<region>.amazonaws.com[.cn]`. */
export function stsRegionalHost(region: string): string | undefined {
  const partition = partitionOfRegion(region);
  return partition === undefined ? undefined : `sts.${region}.${DOMAINS[partition].domain}`;
}

/**
 * The region an STS host serves, if the host is one of the partition's STS hosts: regional,
 * dual-stack, FIPS (where the partition has them) or, in `aws` only, the global endpoint (which
 * signs in us-east-1). The region must belong to the partition — stricter than the authenticator,
 * which accepts e.g. a us-gov host in a verifier bound to `aws` because both share a domain.
 */
export function stsHostRegion(host: string, partition: Partition): string | undefined {
  const d = DOMAINS[partition];
  if (d.global !== undefined && host === d.global) return 'us-east-1';
  const match = /^(sts|sts-fips)\.([a-z0-9-]+)\.(.+)$/.exec(host);
  if (match === null) return undefined;
  const [, service, region, domain] = match as unknown as [string, string, string, string];
  if (partitionOfRegion(region) !== partition) return undefined;
  if (service === 'sts-fips' && !d.fips) return undefined;
  if (domain === d.domain) return region;
  if (domain === d.dualStack) return region;
  return undefined;
}
