/**
 * Contract of `fleetlink prove` (src/prove/prove.ts implements `prove(plan): ProveResult`).
 * Renderers (text, JSON, SARIF, HTML report) and doctor read this shape.
 */
import type { Finding } from '../findings.js';
import type { AccessPolicyAssociation } from '../plan/types.js';
import type { ProjectAccess } from './project-layer.js';

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

/**
 * The answer of a proof. `holds`: every intended path exists, no unintended one does, no error
 * finding, and nothing was left unevaluated. `fails`: the same, fully evaluated, breaks the
 * promise. `inconclusive`: something the answer may rest on could not be evaluated (`causes` says
 * what); the findings still say what the evaluated part shows.
 */
export type Verdict = 'holds' | 'fails' | 'inconclusive';

/** Why a verdict is not conclusive. */
export type InconclusiveCause =
  | {
      /** A policy attached to a role whose document is not in the plan (ARN only). */
      readonly kind: 'policy-not-evaluated';
      readonly subject: string;
      readonly policies: readonly string[];
    }
  | {
      /**
       * A condition of an otherwise matching statement tests a key prove does not supply and the real
       * request may carry (aws:SourceIp, aws:RequestedRegion, aws:PrincipalTag/…).
       */
      readonly kind: 'condition-key-not-supplied';
      readonly key: string;
      /** `principal → role (action)` of the evaluated hops whose answer rested on it. */
      readonly hops: readonly string[];
    }
  | {
      /**
       * A value of the source (a Terraform plan) known only after apply; `affects` says what the
       * proof could not decide because of it (src/prove/unknowns.ts).
       */
      readonly kind: 'unknown-until-apply';
      readonly source: string;
      readonly attribute: string;
      readonly references: readonly string[];
      readonly affects: string;
    };

export interface ProveResult {
  /** `verdict === 'holds'` (kept for readers of the first JSON shape). */
  readonly holds: boolean;
  readonly verdict: Verdict;
  /** What made the verdict inconclusive (empty otherwise). */
  readonly causes: readonly InconclusiveCause[];
  readonly matrix: AccessMatrix;
  readonly findings: readonly Finding[];
  /**
   * The Argo CD layer, where the plan declares projects: which project may deploy to which cluster
   * and namespaces, composed with the access entry (src/prove/project-layer.ts).
   */
  readonly projects?: readonly ProjectAccess[];
}
