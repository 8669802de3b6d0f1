/**
 * Start enumeration for the chain engine: which roles a start could possibly enter, before any
 * evaluation. Trust policies are indexed by the principals their Allow statements name, so a hop is
 * only evaluated when the target trust could match (witnesses × roles grows fast).
 */
import type { AccessPlan, RolePlan } from '../plan/types.js';
import { accountOf, principalValues, statementsOf } from './policy-walk.js';
import type { PodIdentityEntryStart, Start } from './witnesses.js';

export interface TrustIndex {
  readonly awsByAccount: Map<string, RolePlan[]>;
  readonly federated: Map<string, RolePlan[]>;
  readonly service: Map<string, RolePlan[]>;
  /** Roles whose trust has `"*"` principals or NotPrincipal: candidates for everyone. */
  readonly wildcard: RolePlan[];
}

const lc = (s: string): string => s.toLowerCase();

function push(map: Map<string, RolePlan[]>, key: string, role: RolePlan): void {
  const list = map.get(key);
  if (!list) map.set(key, [role]);
  else if (list[list.length - 1] !== role) list.push(role);
}

/**
 * Index every role by the principals its trust policy's Allow statements name. Sound for
 * pre-filtering: a statement can only match an AWS principal of account X if it names X (an ARN in X
 * or the bare id), `"*"`, or uses NotPrincipal.
 */
export function indexTrust(roles: readonly RolePlan[]): TrustIndex {
  const index: TrustIndex = {
    awsByAccount: new Map(),
    federated: new Map(),
    service: new Map(),
    wildcard: [],
  };
  for (const role of roles) {
    let wildcard = false;
    for (const { statement } of statementsOf(role.trustPolicy)) {
      if (statement.Effect !== 'Allow') continue;
      if (statement.NotPrincipal !== undefined || statement.Principal === '*') {
        wildcard = true;
        continue;
      }
      for (const v of principalValues(statement, 'AWS')) {
        if (v === '*') wildcard = true;
        else {
          const account = accountOf(v);
          if (account) push(index.awsByAccount, account, role);
        }
      }
      for (const v of principalValues(statement, 'Federated')) {
        if (v === '*') wildcard = true;
        else push(index.federated, lc(v), role);
      }
      for (const v of principalValues(statement, 'Service')) {
        if (v === '*') wildcard = true;
        else push(index.service, lc(v), role);
      }
    }
    if (wildcard) index.wildcard.push(role);
  }
  return index;
}

/** The Pod Identity associations that hand a pod start's credentials to a role. */
export function podAssociations(plan: AccessPlan, start: PodIdentityEntryStart) {
  const pi = start.podIdentity;
  return plan.podIdentityAssociations.filter(
    (a) =>
      a.clusterName === pi.clusterName &&
      a.account === pi.account &&
      a.namespace === pi.namespace &&
      a.serviceAccount === pi.serviceAccount,
  );
}

/** Roles a start's first hop could enter (a superset: the evaluator decides). */
export function entryCandidates(
  plan: AccessPlan,
  index: TrustIndex,
  role: (arn: string) => RolePlan | undefined,
  start: Start,
): RolePlan[] {
  const set = new Set<RolePlan>(index.wildcard);
  switch (start.kind) {
    case 'web-identity':
      for (const r of index.federated.get(lc(start.principal)) ?? []) set.add(r);
      break;
    case 'pod-identity': {
      // The agent assumes exactly the associated role(s); the trust is checked on those.
      set.clear();
      for (const a of podAssociations(plan, start)) {
        const r = role(a.roleArn);
        if (r) set.add(r);
      }
      break;
    }
    case 'service':
      set.clear();
      for (const r of plan.roles) if (r.kind === 'capability') set.add(r);
      break;
    case 'aws':
      if (start.account) for (const r of index.awsByAccount.get(start.account) ?? []) set.add(r);
      break;
  }
  return [...set];
}
