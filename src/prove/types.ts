/**
 * Contract of `fleetlink prove` (src/prove/prove.ts implements `prove(plan): ProveResult`).
 * Renderers (text, JSON, SARIF, HTML report) and doctor read this shape.
 */
import type { Finding } from '../findings.js';
import type { AccessPolicyAssociation } from '../plan/types.js';

/** A generated principal that tries to ride the chain. */
export interface Witness {
  /** Stable id, e.g. `sa:argocd/argocd-server`, `sa-other-ns:default/argocd-server`, `hub-root`. */
  readonly id: string;
  /** Human label for tables. */
  readonly label: string;
  /** What kind of witness: intended service account, other service account, role, user, root, anonymous… */
  readonly kind: string;
  /** True for the principals the fleet intends to have access (they must reach their clusters). */
  readonly intended: boolean;
}

export interface Cell {
  readonly witness: string;
  readonly cluster: string;
  readonly reachable: boolean;
  /** Whether the fleet intends this witness to reach this cluster. */
  readonly intended: boolean;
  /** Role ARNs in hop order when reachable. */
  readonly via: readonly string[];
  /** Kubernetes access on the cluster when reachable. */
  readonly access?: {
    readonly policies: readonly AccessPolicyAssociation[];
    readonly groups: readonly string[];
  };
  /** When not reachable: the first hop that failed and why (from the evaluator's explain). */
  readonly blockedAt?: { readonly hop: string; readonly reason: string };
  /**
   * The cell depends on values not known yet (a Terraform plan's "known after apply"): neither
   * reachable nor blocked can be claimed. `reachable` is false and the proof does not hold.
   */
  readonly undetermined?: { readonly because: readonly string[] };
}

export interface AccessMatrix {
  readonly witnesses: readonly Witness[];
  readonly clusters: readonly string[];
  readonly cells: readonly Cell[];
}

export interface ProveResult {
  /** True when every intended path exists and no unintended one does (and no error finding). */
  readonly holds: boolean;
  readonly matrix: AccessMatrix;
  readonly findings: readonly Finding[];
}
