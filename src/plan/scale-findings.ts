/**
 * The plan's scale warnings, as findings: PLAN-STS-RATE (the hub's STS load) and
 * PLAN-SHARD-IMBALANCE (shard weights). plan adds them to `warnings`; prove reports the same
 * findings for any plan it reads.
 */

import { report } from '../findings/registry.js';
import type { Finding } from '../findings.js';
import { IMBALANCE_FACTOR, overloadedShards, type ShardLoad } from './shards.js';
import { type StsEstimate, stsPressure } from './sts-rate.js';

/** PLAN-STS-RATE and PLAN-SHARD-IMBALANCE. */
export function scaleWarnings(
  sts: StsEstimate,
  loads: readonly ShardLoad[],
  hubRoleArn: string,
  hubRegion: string,
): Finding[] {
  const out: Finding[] = [];
  const rate = stsRateFinding(sts, hubRoleArn, hubRegion);
  if (rate) out.push(rate);
  const imbalance = imbalanceFinding(loads);
  if (imbalance) out.push(imbalance);
  return out;
}

/** PLAN-STS-RATE when the steady STS rate nears the quota (src/plan/sts-rate.ts). */
export function stsRateFinding(sts: StsEstimate, hubRoleArn: string, hubRegion: string): Finding | undefined {
  const pressure = stsPressure(sts);
  if (pressure === undefined) return undefined;
  return report('PLAN-STS-RATE', {
    subject: hubRoleArn,
    message: `The hub nears STS throttling in ${hubRegion}: ${pressure} (${sts.components} components × ${sts.clusters} clusters, one argocd-k8s-auth run each every ${sts.tokenRefreshSeconds / 60} minutes, ${sts.callsPerRun} STS call${sts.callsPerRun === 1 ? '' : 's'} per run).`,
    evidence: [{ source: 'plan', path: 'argocd.sts', value: sts }],
  });
}

/** PLAN-SHARD-IMBALANCE when a shard carries more than IMBALANCE_FACTOR × the mean weight. */
export function imbalanceFinding(loads: readonly ShardLoad[]): Finding | undefined {
  const total = loads.reduce((sum, l) => sum + l.clusters.length, 0);
  const heavy = total >= loads.length * 2 ? overloadedShards(loads) : [];
  if (heavy.length === 0) return undefined;
  {
    const mean = loads.reduce((sum, l) => sum + l.weight, 0) / loads.length;
    const light = [...loads].sort((a, b) => a.weight - b.weight || a.shard - b.shard)[0] as ShardLoad;
    return report('PLAN-SHARD-IMBALANCE', {
      subject: `shard ${heavy[0]?.shard}`,
      message: `Shard${heavy.length === 1 ? '' : 's'} ${heavy.map((l) => `${l.shard} (weight ${l.weight})`).join(', ')} carr${heavy.length === 1 ? 'ies' : 'y'} more than ${Math.round(mean * IMBALANCE_FACTOR * 100) / 100}, ${IMBALANCE_FACTOR} × the mean weight ${Math.round(mean * 100) / 100}.`,
      evidence: [
        {
          source: 'plan',
          path: 'argocd.shards',
          value: loads.map((l) => ({ shard: l.shard, weight: l.weight })),
        },
      ],
      fix: `Pin a few heavy spokes to shard ${light.shard} (weight ${light.weight}) with \`shard: ${light.shard}\` in fleet.yaml; placement never moves them on its own.`,
    });
  }
}
