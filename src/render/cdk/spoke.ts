/**
 * A spoke account and region: the deployer roles Argo CD's management role assumes, and the EKS
 * access entries that let those roles (or the capability role) into the spoke clusters.
 */
import { CfnOutput, aws_eks as eks, Stack, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { AccessEntryPlan } from '../../plan/types.js';
import { arnResourceName, constructId, stackName } from './names.js';
import { PlannedRole } from './role.js';
import type { SpokeSlice } from './slices.js';
import { applyTags } from './tags.js';

export interface SpokeConstructProps {
  /** One spoke account+region of the AccessPlan (an element of `sliceAccessPlan(plan).spokes`). */
  readonly spoke: SpokeSlice;
  /**
   * Add a stack output with the ARN of each deployer role.
   * @default true
   */
  readonly outputs?: boolean;
}

/**
 * Deployer roles (trust exactly as planned: only the management role; no permission policies
 * unless the plan has them) and one `AWS::EKS::AccessEntry` per spoke cluster, type `STANDARD`,
 * with the planned access policies and scopes and Kubernetes groups.
 *
 * Clusters are referenced by name, never created or modified: an access entry is a child of the
 * cluster, and the cluster must use authentication mode `API` or `API_AND_CONFIG_MAP`
 * (EKS User Guide, "Change authentication mode to use access entries").
 */
export class SpokeConstruct extends Construct {
  /** Deployer roles created here, by ARN. */
  readonly roles: ReadonlyMap<string, PlannedRole>;
  /** Access entries by EKS cluster name and principal ARN (`<cluster> <arn>`). */
  readonly accessEntries: ReadonlyMap<string, eks.CfnAccessEntry>;

  constructor(scope: Construct, id: string, props: SpokeConstructProps) {
    super(scope, id);
    const spoke = props.spoke;
    const roles = new Map<string, PlannedRole>();
    for (const role of spoke.roles) {
      const planned = new PlannedRole(this, constructId('Role', role.name), { role });
      roles.set(role.arn, planned);
      if (props.outputs ?? true)
        new CfnOutput(this, constructId('RoleArn', role.name), {
          value: planned.roleArn,
          description: `ARN of the Argo CD deployer role ${role.name}`,
        });
    }
    this.roles = roles;

    const entries = new Map<string, eks.CfnAccessEntry>();
    for (const entry of spoke.accessEntries) {
      const resource = accessEntry(this, entry);
      // The principal must exist before EKS accepts the entry (CreateAccessEntry validates it).
      const role = roles.get(entry.principalArn);
      if (role) resource.node.addDependency(role);
      entries.set(`${entry.clusterName} ${entry.principalArn}`, resource);
    }
    this.accessEntries = entries;
    applyTags(this, spoke.tags);
  }
}

/** `AWS::EKS::AccessEntry` with its access policy associations inline (CloudFormation manages both). */
function accessEntry(scope: Construct, entry: AccessEntryPlan): eks.CfnAccessEntry {
  return new eks.CfnAccessEntry(
    scope,
    constructId('AccessEntry', entry.clusterName, arnResourceName(entry.principalArn)),
    {
      clusterName: entry.clusterName,
      principalArn: entry.principalArn,
      type: entry.type,
      kubernetesGroups: entry.kubernetesGroups.length === 0 ? undefined : [...entry.kubernetesGroups],
      accessPolicies:
        entry.accessPolicies.length === 0
          ? undefined
          : entry.accessPolicies.map((p) => ({
              policyArn: p.policyArn,
              accessScope:
                p.accessScope.type === 'namespace'
                  ? { type: 'namespace', namespaces: [...(p.accessScope.namespaces ?? [])] }
                  : { type: 'cluster' },
            })),
    },
  );
}

export interface SpokeStackProps extends StackProps {
  /** One spoke account+region of the AccessPlan. */
  readonly spoke: SpokeSlice;
}

/**
 * A stack holding one `SpokeConstruct`.
 * `env` defaults to the spoke account and region, `stackName` to `fleetlink-spokes-<account>-<region>`.
 */
export class SpokeStack extends Stack {
  readonly spoke: SpokeConstruct;

  constructor(scope: Construct, id: string, props: SpokeStackProps) {
    const { spoke, ...stackProps } = props;
    const clusters = [...new Set(spoke.accessEntries.map((e) => e.clusterName))];
    super(scope, id, {
      description:
        `Fleetlink spokes: Argo CD access to EKS clusters ${clusters.join(', ') || '(none)'}`.slice(0, 1024),
      ...stackProps,
      env: props.env ?? { account: spoke.account, region: spoke.region },
      stackName: props.stackName ?? stackName('spokes', spoke.account, spoke.region),
    });
    this.spoke = new SpokeConstruct(this, 'Spokes', { spoke });
  }
}
