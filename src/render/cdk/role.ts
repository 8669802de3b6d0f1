/**
 * One planned IAM role as CloudFormation, byte-faithful to the plan.
 *
 * L1 `CfnRole` / `CfnManagedPolicy` on purpose: the trust policy and every permission policy are
 * written exactly as the AccessPlan has them (statement order, Sids, condition keys), so the
 * documents `prove` checked are the documents CloudFormation deploys. The L2 `iam.Role` would
 * rewrite them (merge statements, reorder keys, add its own Sids).
 */
import { type CfnTag, aws_iam as iam, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { managedPolicyArn } from '../../plan/arn.js';
import type { PolicyDocument, PolicyStatement, RolePlan } from '../../plan/types.js';

export interface PlannedRoleProps {
  /** The role exactly as planned. */
  readonly role: RolePlan;
}

/**
 * A role from the plan: `AWS::IAM::Role` with its trust policy, inline policies, attached
 * pre-existing policies and permissions boundary, plus one `AWS::IAM::ManagedPolicy` per
 * customer-managed policy the plan creates for it (used when inline space runs out).
 */
export class PlannedRole extends Construct {
  readonly role: RolePlan;
  readonly cfnRole: iam.CfnRole;
  readonly managedPolicies: readonly iam.CfnManagedPolicy[];

  constructor(scope: Construct, id: string, props: PlannedRoleProps) {
    super(scope, id);
    const role = props.role;
    this.role = role;
    this.managedPolicies = role.managedPolicies.map(
      (p) =>
        new iam.CfnManagedPolicy(this, `Policy-${p.name}`, {
          managedPolicyName: p.name,
          // The plan names managed policies after the role and puts them on its path (src/plan/pack.ts).
          path: role.path,
          policyDocument: json(p.document),
        }),
    );
    this.cfnRole = new iam.CfnRole(this, 'Role', {
      roleName: role.name,
      path: role.path,
      description: role.description === '' ? undefined : role.description,
      assumeRolePolicyDocument: json(role.trustPolicy),
      policies:
        role.inlinePolicies.length === 0
          ? undefined
          : role.inlinePolicies.map((p) => ({ policyName: p.name, policyDocument: json(p.document) })),
      managedPolicyArns: this.managedPolicyArns(),
      permissionsBoundary: role.permissionsBoundaryArn,
      maxSessionDuration: role.maxSessionDuration,
      tags: cfnTags(role.tags),
    });
    suppressJustifiedFindings(this, role);
  }

  /** The role's ARN as CloudFormation returns it (`Fn::GetAtt Role.Arn`). */
  get roleArn(): string {
    return this.cfnRole.attrArn;
  }

  private managedPolicyArns(): string[] | undefined {
    const role = this.role;
    // A plan may also list the managed policies it creates among the attached ARNs: attach them once.
    const created = new Set(
      role.managedPolicies.map((p) => managedPolicyArn(role.partition, role.account, role.path, p.name)),
    );
    const existing = role.attachedPolicyArns.filter((arn) => !created.has(arn));
    const arns = [...this.managedPolicies.map((p) => p.ref), ...existing];
    return arns.length === 0 ? undefined : arns;
  }
}

/** The plan's readonly JSON as the mutable `any` CloudFormation properties take (no copy needed: CDK only reads it). */
function json(doc: PolicyDocument): Record<string, unknown> {
  return doc as unknown as Record<string, unknown>;
}

/** Role tags in key order, the order IAM and CloudFormation report them in. */
export function cfnTags(tags: Readonly<Record<string, string>>): CfnTag[] | undefined {
  const keys = Object.keys(tags).sort();
  return keys.length === 0 ? undefined : keys.map((key) => ({ key, value: tags[key] as string }));
}

/**
 * cdk-nag's AwsSolutions-IAM5 flags wildcards in permission policies. The only wildcard a plan
 * writes is the Organization pattern `arn:<p>:iam::*:role/<path><prefix>*` of the management
 * role (src/plan/pack.ts), and only together with `aws:ResourceOrgID` = the Organization id:
 * IAM then lets the role assume only deployer-named roles inside the Organization
 * (IAM User Guide, "aws:ResourceOrgID"). Those findings are suppressed here, resource by
 * resource and value, with that reason; any other wildcard is left for cdk-nag to report.
 */
function suppressJustifiedFindings(scope: PlannedRole, role: RolePlan): void {
  const documents = [...role.inlinePolicies, ...role.managedPolicies].map((p) => p.document);
  const justified = [...new Set(documents.flatMap(orgScopedWildcards))];
  if (justified.length === 0) return;
  const reason =
    'Organization pattern from the plan: sts:AssumeRole on deployer roles by path and name prefix in any account, limited by the condition aws:ResourceOrgID to the fleet Organization, because listing every deployer ARN no longer fits IAM policy size limits.';
  // cdk-nag v3 reports each wildcard as its own finding `AwsSolutions-IAM5[Resource::<value>]`
  // and is acknowledged through CDK's native Validations API.
  withoutStackTraces(() => {
    for (const resource of justified)
      Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason });
  });
}

/**
 * `acknowledge()` records the caller's stack trace in the assembly metadata, always (aws-cdk-lib
 * 2.276, `Validations.recordAcknowledgment`). It would put source paths and line numbers into
 * `*.metadata.json` and make re-synths differ; with no frames captured, no trace is written.
 */
function withoutStackTraces(fn: () => void): void {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    fn();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Wildcard resources of Allow statements bound to one Organization by `aws:ResourceOrgID`. */
function orgScopedWildcards(doc: PolicyDocument): string[] {
  const statements: readonly PolicyStatement[] = Array.isArray(doc.Statement)
    ? (doc.Statement as readonly PolicyStatement[])
    : [doc.Statement as PolicyStatement];
  return statements.flatMap((st) => {
    const orgId = st.Condition?.StringEquals?.['aws:ResourceOrgID'];
    if (st.Effect !== 'Allow' || st.Resource === undefined || typeof orgId !== 'string') return [];
    const resources: readonly string[] = typeof st.Resource === 'string' ? [st.Resource] : st.Resource;
    return resources.filter((r) => r.includes('*') && r !== '*');
  });
}
