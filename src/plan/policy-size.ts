/**
 * IAM policy size accounting, done the way IAM counts: characters of the JSON document with all
 * white space removed ("IAM doesn't count white space when calculating the size of a policy against
 * these quotas" — IAM User Guide, "IAM and AWS STS quotas"). The limits below are the account
 * defaults; `iam:GetAccountSummary` reports an account's real values (AssumeRolePolicySizeQuota,
 * PolicySizeQuota, RolePolicySizeQuota, AttachedPoliciesPerRoleQuota), which callers can pass in.
 * prove reuses these functions for its QUOTA findings.
 */
import type { NamedPolicy, PolicyDocument, RolePlan } from './types.js';

export interface IamLimits {
  /** Role trust policy length (quota code L-C07B4B0D; default 2,048). */
  readonly trustPolicy: number;
  /** One customer-managed policy (6,144; not adjustable). */
  readonly managedPolicy: number;
  /** All inline policies of one role together (10,240). */
  readonly inlineAggregate: number;
  /** Managed policies attached to one role (quota code L-0DA4ABF3; default 10). */
  readonly managedPoliciesPerRole: number;
}

export const DEFAULT_IAM_LIMITS: IamLimits = {
  trustPolicy: 2048,
  managedPolicy: 6144,
  inlineAggregate: 10240,
  managedPoliciesPerRole: 10,
};

/** Size of a policy as IAM counts it: non-white-space characters of its JSON text. */
export function policySize(doc: PolicyDocument | string): number {
  const text = typeof doc === 'string' ? doc : JSON.stringify(doc);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // JSON white space plus the other ASCII white space IAM strips.
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09 && c !== 0x0b && c !== 0x0c) n++;
  }
  return n;
}

/** Sum of the sizes of a role's inline policies: what the 10,240 aggregate quota measures. */
export function inlineAggregateSize(policies: readonly NamedPolicy[]): number {
  return policies.reduce((sum, p) => sum + policySize(p.document), 0);
}

export interface RoleSizeReport {
  readonly trustPolicy: number;
  readonly inlineAggregate: number;
  readonly managedPolicies: readonly { readonly name: string; readonly size: number }[];
  readonly attachedCount: number;
  /** Human-readable quota violations; empty when the role fits. */
  readonly violations: readonly string[];
}

/** Measure a role against the limits; used by plan (to pack) and by prove (to report). */
export function measureRole(role: RolePlan, limits: IamLimits = DEFAULT_IAM_LIMITS): RoleSizeReport {
  const trust = policySize(role.trustPolicy);
  const inline = inlineAggregateSize(role.inlinePolicies);
  const managed = role.managedPolicies.map((p) => ({ name: p.name, size: policySize(p.document) }));
  const attachedCount = role.managedPolicies.length + role.attachedPolicyArns.length;
  const violations: string[] = [];
  if (trust > limits.trustPolicy)
    violations.push(`trust policy is ${trust} characters; the limit is ${limits.trustPolicy}`);
  if (inline > limits.inlineAggregate)
    violations.push(`inline policies total ${inline} characters; the limit is ${limits.inlineAggregate}`);
  for (const m of managed)
    if (m.size > limits.managedPolicy)
      violations.push(
        `managed policy ${m.name} is ${m.size} characters; the limit is ${limits.managedPolicy}`,
      );
  if (attachedCount > limits.managedPoliciesPerRole)
    violations.push(
      `${attachedCount} managed policies are attached; the limit is ${limits.managedPoliciesPerRole} per role`,
    );
  return { trustPolicy: trust, inlineAggregate: inline, managedPolicies: managed, attachedCount, violations };
}
