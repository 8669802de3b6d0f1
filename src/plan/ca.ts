/**
 * Filling in `caData` that the fleet file points to (SSM parameter, or `discover` from EKS).
 * Argo CD's `caData` is base64 of the PEM bundle (Go []byte in JSON); EKS DescribeCluster's
 * `certificateAuthority.data` already is exactly that, so it goes in as is (FM-6.4).
 */
import { UserError } from '../errors.js';
import type { AccessPlan, ClusterRegistrationPlan } from './types.js';

const PEM_BEGIN = '-----BEGIN CERTIFICATE-----';

/**
 * Turn a fetched CA value into `caData`: a PEM is base64-encoded once; base64 of a PEM is kept as is;
 * anything else (including base64 applied twice, the original write-up's defect) is refused.
 */
export function toCaData(value: string, where: string): string {
  const v = value.trim();
  if (v.startsWith(PEM_BEGIN)) return Buffer.from(`${v}\n`, 'utf8').toString('base64');
  const compact = v.replace(/\s+/g, '');
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    const once = Buffer.from(compact, 'base64').toString('utf8');
    if (once.trimStart().startsWith(PEM_BEGIN)) return compact;
    const twice = Buffer.from(once.replace(/\s+/g, ''), 'base64').toString('utf8');
    if (twice.trimStart().startsWith(PEM_BEGIN))
      throw new UserError(
        `${where} holds base64 applied twice; store the PEM, or EKS's certificateAuthority.data as is`,
      );
  }
  throw new UserError(`${where} is neither a PEM certificate nor base64 of one`);
}

/** A copy of the plan whose registrations carry the resolved `caData` (keyed by Argo CD cluster name). */
export function withCaData(plan: AccessPlan, resolved: ReadonlyMap<string, string>): AccessPlan {
  const clusters = plan.clusters.map((c): ClusterRegistrationPlan => {
    const caData = resolved.get(c.name);
    if (caData === undefined) return c;
    const { caSource: _, ...rest } = c;
    return { ...rest, config: { ...c.config, tlsClientConfig: { ...c.config.tlsClientConfig, caData } } };
  });
  return { ...plan, clusters };
}
