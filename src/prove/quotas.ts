/**
 * IAM size quotas, counted the way IAM counts (white space removed; src/plan/policy-size.ts). The
 * limits default to the account defaults (IAM User Guide, "IAM and AWS STS quotas"); callers pass an
 * account's real values (`iam:GetAccountSummary`) as `quotas`.
 */
import { DEFAULT_IAM_LIMITS, type IamLimits, policySize } from '../plan/policy-size.js';
import type { AccessPlan } from '../plan/types.js';
import type { FindingSink } from './catalog.js';

export type IamQuotas = IamLimits;
export const DEFAULT_IAM_QUOTAS: IamQuotas = DEFAULT_IAM_LIMITS;

export function runQuotaChecks(plan: AccessPlan, sink: FindingSink, quotas: IamQuotas): void {
  for (const role of plan.roles) {
    const source = `role ${role.arn}`;
    const trust = policySize(role.trustPolicy);
    if (trust > quotas.trustPolicy)
      sink.add({
        id: 'QUOTA-TRUST-POLICY-SIZE',
        subject: role.arn,
        message: `The trust policy of ${role.arn} is ${trust} characters (white space excluded); the quota is ${quotas.trustPolicy} (LimitExceeded: ACLSizePerRole).`,
        evidence: [{ source, path: 'trustPolicy', value: trust }],
      });
    const inline = role.inlinePolicies.reduce((n, p) => n + policySize(p.document), 0);
    if (inline > quotas.inlineAggregate)
      sink.add({
        id: 'QUOTA-INLINE-POLICIES-SIZE',
        subject: role.arn,
        message: `The inline policies of ${role.arn} total ${inline} characters; the quota is ${quotas.inlineAggregate} per role.`,
        evidence: [
          {
            source,
            path: 'inlinePolicies',
            value: role.inlinePolicies.map((p) => `${p.name}: ${policySize(p.document)}`),
          },
        ],
      });
    role.managedPolicies.forEach((p, i) => {
      const size = policySize(p.document);
      if (size > quotas.managedPolicy)
        sink.add({
          id: 'QUOTA-MANAGED-POLICY-SIZE',
          subject: role.arn,
          message: `Managed policy ${p.name} of ${role.arn} is ${size} characters; the quota is ${quotas.managedPolicy} (LimitExceeded: PolicySize).`,
          evidence: [{ source, path: `managedPolicies[${i}].document`, value: size }],
        });
    });
    const attached = role.managedPolicies.length + role.attachedPolicyArns.length;
    if (attached > quotas.managedPoliciesPerRole)
      sink.add({
        id: 'QUOTA-MANAGED-POLICIES-PER-ROLE',
        subject: role.arn,
        message: `${attached} managed policies are attached to ${role.arn}; the quota is ${quotas.managedPoliciesPerRole} (LimitExceeded: PoliciesPerRole).`,
        evidence: [{ source, path: 'managedPolicies', value: attached }],
      });
  }
}
