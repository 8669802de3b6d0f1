/**
 * Contract of Fleetlink's IAM evaluator (src/iam/evaluate.ts implements it).
 * It mirrors the `fleetlink simulate --jsonl` request/response lines, which are a stable interface.
 * Policy evaluation logic: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import type { PolicyDocument } from '../plan/types.js';

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

/** Context values: a single value or a multi-valued key. */
export type ContextValue = string | readonly string[];

export interface EvalRequest {
  /**
   * The calling principal: an IAM role/user ARN, an assumed-role session ARN
   * (`arn:aws:sts::1:assumed-role/R/s`), an account root, an OIDC provider ARN (web identity),
   * a service principal (`pods.eks.amazonaws.com`), or `*` / `anonymous`.
   */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, ContextValue>>;
  readonly identityPolicies?: readonly PolicyDocument[];
  /** Resource-based policy; for `sts:AssumeRole*` on a role, the role's trust policy. */
  readonly resourcePolicy?: PolicyDocument;
  readonly permissionBoundary?: PolicyDocument;
  readonly sessionPolicies?: readonly PolicyDocument[];
  /** SCPs of the principal's account, one array per level of the Organization path (root → OU → account). */
  readonly scps?: readonly (readonly PolicyDocument[])[] | readonly PolicyDocument[];
  /** RCPs of the resource's account. */
  readonly rcps?: readonly (readonly PolicyDocument[])[] | readonly PolicyDocument[];
  /** Account that owns the resource; derived from the resource ARN when absent. */
  readonly resourceAccount?: string;
}

/** Why one statement did or did not apply. */
export interface StatementExplain {
  readonly policy: string;
  readonly index: number;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly matched: boolean;
  /** Human-readable reason, e.g. `Condition StringEquals on oidc…:sub: "system:serviceaccount:x:y" not in [...]`. */
  readonly reason: string;
}

export interface PolicySetExplain {
  /** `identity`, `resource`, `permissionBoundary`, `session`, `scp`, `rcp`. */
  readonly kind: string;
  readonly decision: Decision | 'NotApplicable';
  readonly statements: readonly StatementExplain[];
}

export interface Explain {
  readonly summary: string;
  readonly crossAccount: boolean;
  readonly policySets: readonly PolicySetExplain[];
}

export interface EvalResult {
  readonly decision: Decision;
  readonly explain: Explain;
  /**
   * Condition keys that a condition of an otherwise matching statement looked up and the request
   * context did not have (sorted, as the policy spells them). IAM treats an absent key as absent;
   * a caller that supplies only part of the real context (prove) must treat such an answer as
   * resting on a key it was not given.
   */
  readonly absentKeys?: readonly string[];
}
