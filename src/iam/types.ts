/**
 * Contract of Fleetlink's IAM evaluator (src/iam/evaluate.ts implements it).
 * It mirrors the `fleetlink simulate --jsonl` request/response lines, which are a stable interface.
 * Policy evaluation logic: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import type { PolicyDocument } from './document.js';

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

/** The policy sets of a request, as `explain.policySets[].kind` names them. */
export type PolicySetKind = 'identity' | 'resource' | 'permissionBoundary' | 'session' | 'scp' | 'rcp';

/** How a resource policy's Principal named the caller, when not by its own ARN or `*`. */
export type PrincipalVia = 'account' | 'session-role' | 'session-user';

/**
 * What decided one statement's fate, as data: the element that stopped it (with the request value
 * and the policy values compared) or, when it applies, how its Principal matched. `explain-text.ts`
 * renders it; callers read the fields, never the text.
 */
export type StatementDecider =
  | {
      readonly element: 'Statement';
      readonly applies: true;
      readonly action: string;
      readonly resource: string;
      readonly principalVia?: PrincipalVia;
    }
  | {
      readonly element: 'Action' | 'NotAction';
      readonly action: string;
      readonly patterns: readonly string[];
    }
  | {
      readonly element: 'Resource' | 'NotResource';
      readonly resource: string;
      readonly patterns: readonly string[];
      /** NotResource only: a policy variable the request does not supply (the statement cannot apply). */
      readonly unresolvedVariable?: true;
    }
  | {
      readonly element: 'Principal' | 'NotPrincipal';
      readonly principal: string;
      /** The element as written in the policy; absent when the statement has no Principal at all. */
      readonly written?: unknown;
    }
  | {
      readonly element: 'Condition';
      /** Operator and key as the policy spells them. */
      readonly operator: string;
      readonly key: string;
      readonly policyValues: readonly string[];
      /** The request's value(s) for the key; absent when the context lacks the key. */
      readonly requestValues?: readonly string[];
      /** The condition operator's own account of the mismatch (src/iam/conditions.ts). */
      readonly detail: string;
    };

/** Why one statement did or did not apply. */
export interface StatementExplain {
  readonly policy: string;
  readonly index: number;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly matched: boolean;
  /** Human-readable reason, rendered from `decidedBy` (explain-text.ts `statementReason`). */
  readonly reason: string;
  readonly decidedBy: StatementDecider;
}

export interface PolicySetExplain {
  readonly kind: PolicySetKind;
  readonly decision: Decision | 'NotApplicable';
  readonly statements: readonly StatementExplain[];
}

export interface Explain {
  /** `<decision>: <because>` (kept for the JSONL interface). */
  readonly summary: string;
  /** The summary sentence without the decision. */
  readonly because: string;
  /**
   * The policy set whose answer decided (the one that denied explicitly, the guardrail that did not
   * allow), when one set did; absent for decisions of the core grant (both sides together).
   */
  readonly decidingSet?: PolicySetKind;
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
