/**
 * The access matrix: for every witness and every cluster, can the witness obtain a session of a
 * role that holds an access entry on that cluster? A principal reaches a cluster exactly when it
 * can become a role whose ARN the cluster's access entry names (EKS authenticates the token's
 * role, EKS User Guide "access entries"), whatever Argo CD's own configuration says.
 */
import type { AccessEntryPlan, AccessPlan, ClusterRegistrationPlan, RolePlan } from '../plan/types.js';
import type { ChainEngine, Closure, HopResult } from './hops.js';
import type { AccessMatrix, Cell } from './types.js';
import type { Start, WitnessSpec } from './witnesses.js';

const lc = (s: string): string => s.toLowerCase();
const NO_ROLES: readonly string[] = Object.freeze([]);

export interface ClusterInfo {
  readonly registration: ClusterRegistrationPlan;
  readonly entries: readonly AccessEntryPlan[];
  /** Roles of the chain Argo CD is configured to use for this cluster, in hop order. */
  readonly chain: readonly (RolePlan | undefined)[];
  readonly chainArns: readonly string[];
  /** Lower-cased principal ARNs of `entries` (same order). */
  readonly entryKeys: readonly string[];
  /** Lower-cased ARNs of `chain` (same order). */
  readonly chainKeys: readonly string[];
}

/** The roles Argo CD uses for a cluster: the intended path, else the registration's roleARN. */
export function clusterChains(plan: AccessPlan, engine: ChainEngine): ClusterInfo[] {
  const entriesByCluster = new Map<string, AccessEntryPlan[]>();
  for (const e of plan.accessEntries) {
    const list = entriesByCluster.get(e.cluster) ?? [];
    list.push(e);
    entriesByCluster.set(e.cluster, list);
  }
  const firstPath = new Map<string, readonly string[]>();
  for (const i of plan.intended) if (!firstPath.has(i.cluster)) firstPath.set(i.cluster, i.roles);
  const starter =
    plan.roles.find((r) => r.kind === (plan.identity === 'eks-capability' ? 'capability' : 'management')) ??
    undefined;
  return plan.clusters
    .filter((c) => !isSelfRegistration(plan, c))
    .map((registration) => {
      let arns = firstPath.get(registration.name);
      if (!arns) {
        const roleArn = registration.config.awsAuthConfig?.roleARN;
        arns = [starter?.arn, roleArn].filter((a): a is string => !!a);
        if (arns.length === 2 && lc(arns[0]!) === lc(arns[1]!)) arns = [arns[0]!];
      }
      const entries = entriesByCluster.get(registration.name) ?? [];
      return {
        registration,
        entries,
        chain: arns.map((a) => engine.role(a)),
        chainArns: arns,
        entryKeys: entries.map((e) => lc(e.principalArn)),
        chainKeys: arns.map(lc),
      };
    });
}

/**
 * The hub registering itself uses Argo CD's in-cluster credentials (its own service-account token),
 * not the AWS chain, so it is neither proved nor checked as a spoke.
 */
export function isSelfRegistration(plan: AccessPlan, c: ClusterRegistrationPlan): boolean {
  return (
    c.account === plan.hub.account &&
    c.clusterName === plan.hub.clusterName &&
    !c.config.awsAuthConfig &&
    !plan.intended.some((i) => i.cluster === c.name)
  );
}

export interface MatrixInput {
  readonly plan: AccessPlan;
  readonly engine: ChainEngine;
  readonly witnesses: readonly WitnessSpec[];
  readonly clusters: readonly ClusterInfo[];
}

export function buildMatrix({ engine, witnesses, clusters }: MatrixInput): AccessMatrix {
  const cells: Cell[] = [];
  for (const spec of witnesses) {
    const w = spec.witness;
    for (const info of clusters) {
      const cluster = info.registration.name;
      const intended = spec.intendedClusters.has(cluster);
      const start = spec.startFor(info.registration);
      if (!start) {
        cells.push({
          witness: w.id,
          cluster,
          reachable: false,
          intended,
          via: [],
          blockedAt: {
            hop: 'identity',
            reason: spec.noStartReason ?? 'this witness has no way to start the chain',
          },
        });
        continue;
      }
      cells.push(cellFor(engine, start, w.id, info, intended));
    }
  }
  return {
    witnesses: witnesses.map((s) => s.witness),
    clusters: clusters.map((c) => c.registration.name),
    cells,
  };
}

function cellFor(
  engine: ChainEngine,
  start: Start,
  witness: string,
  info: ClusterInfo,
  intended: boolean,
): Cell {
  const cluster = info.registration.name;
  const closure = engine.closure(start);
  // Which entries can this witness satisfy? (its own IAM identity, or any role it reaches)
  const matched: AccessEntryPlan[] = [];
  let via: string[] = [];
  // A witness's own IAM identity may be named by an access entry; a plan role's session reaches its
  // role through the closure like any other (its "own" entry is a chain, not a shortcut).
  const own = ownKey(start);
  for (let i = 0; i < info.entries.length; i++) {
    const entry = info.entries[i]!;
    const k = info.entryKeys[i]!;
    if (own === k) {
      matched.push(entry);
      if (via.length === 0) via = [];
      continue;
    }
    if (closure.reached.has(k)) {
      matched.push(entry);
      const chain = engine.chainTo(closure, entry.principalArn);
      if (via.length === 0 || chain.length < via.length) via = chain;
    }
  }
  if (matched.length > 0)
    return {
      witness,
      cluster,
      reachable: true,
      intended,
      via,
      access: {
        policies: matched.flatMap((m) => m.accessPolicies),
        groups: [...new Set(matched.flatMap((m) => m.kubernetesGroups))],
      },
    };
  return {
    witness,
    cluster,
    reachable: false,
    intended,
    via: NO_ROLES,
    blockedAt: blockedAt(engine, start, closure, info),
  };
}

const ownKeys = new WeakMap<Start, string | null>();

/** Lower-cased IAM ARN of a witness's own identity (once per start object). */
function ownKey(start: Start): string | undefined {
  let k = ownKeys.get(start);
  if (k === undefined) {
    k = start.kind === 'aws' && start.origin !== 'plan-role' && start.iamArn ? lc(start.iamArn) : null;
    ownKeys.set(start, k);
  }
  return k ?? undefined;
}

function roleLabel(role: RolePlan): string {
  return role.name;
}

const blockMemo = new WeakMap<HopResult, Map<string, { hop: string; reason: string }>>();

/** The first hop of the cluster's configured chain this witness cannot take, with the evaluator's reason. */
export function blockedAt(
  engine: ChainEngine,
  start: Start,
  closure: Closure,
  info: ClusterInfo,
): { hop: string; reason: string } {
  const chain = info.chain;
  if (chain.length === 0)
    return { hop: 'registration', reason: `no role chain is configured for ${info.registration.name}` };
  const missing = chain.indexOf(undefined);
  let deepest = -1;
  for (let i = 0; i < chain.length; i++) {
    const r = chain[i];
    if (r && closure.reached.has(info.chainKeys[i]!)) deepest = i;
  }
  const last = chain[chain.length - 1];
  if (deepest === chain.length - 1 && last)
    return { hop: `${roleLabel(last)} → access entry`, reason: accessReason(info, last) };
  // AWS principals could try any role; the one that guards the cluster is the last of the chain.
  const next = deepest < 0 && start.kind === 'aws' ? chain.length - 1 : deepest + 1;
  const target = chain[next];
  if (!target)
    return {
      hop: 'registration',
      reason: `role ${info.chainArns[missing >= 0 ? missing : next] ?? '?'} named for ${info.registration.name} is not in the plan`,
    };
  let hop: HopResult;
  let from: string;
  if (deepest < 0) {
    hop = engine.entryHopTo(start, target);
    from = start.kind === 'aws' ? 'caller' : 'identity';
  } else {
    const source = chain[deepest]!;
    const reached = closure.reached.get(info.chainKeys[deepest]!)!;
    hop = engine.sessionHopTo(reached.session, target);
    from = roleLabel(source);
  }
  // One object per (hop, reason): thousands of cells share the same few blocks.
  let byFrom = blockMemo.get(hop);
  if (!byFrom) {
    byFrom = new Map();
    blockMemo.set(hop, byFrom);
  }
  let block = byFrom.get(from);
  if (!block) {
    block = { hop: `${from} → ${roleLabel(target)}`, reason: hop.reason };
    byFrom.set(from, block);
  }
  return block;
}

function accessReason(info: ClusterInfo, role: RolePlan): string {
  if (info.entries.length === 0) return `cluster ${info.registration.name} has no access entries`;
  const names = info.entries.map((e) => e.principalArn).join(', ');
  return `no access entry on ${info.registration.clusterName} names ${role.arn} (entries: ${names})`;
}
