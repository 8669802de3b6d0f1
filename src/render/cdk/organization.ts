/**
 * Organization mode: the deployer role as a service-managed StackSet targeted at OUs.
 *
 * With automatic deployment on, AWS Organizations creates the stack instance — and so the
 * deployer role — in every account that joins a target OU, without anyone running anything
 * (CloudFormation User Guide, "Enable or disable automatic deployments for StackSets in AWS
 * Organizations"). Access entries stay in per-account spoke stacks: each names one real cluster.
 *
 * The StackSet template is a CDK file asset: `cdk deploy` uploads it to the bootstrap bucket of
 * the administrator account, and CloudFormation reads it from there when it creates or updates
 * the StackSet. Service-managed StackSets never deploy to the Organization's management account.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import {
  Capability,
  DeploymentType,
  StackSet,
  StackSetStack,
  StackSetTarget,
  StackSetTemplate,
} from 'cdk-stacksets';
import { Construct } from 'constructs';
import { constructId, stackName, stackSetName } from './names.js';
import { PlannedRole } from './role.js';
import type { DeployerTemplate, OrganizationSlice } from './slices.js';
import { applyTags } from './tags.js';

export interface OrganizationDeployerStackSetProps {
  /** The deployer role definition; its `account` and `arn` are ignored (each instance is its own account). */
  readonly deployer: DeployerTemplate;
  /** `ou-…` or `r-…` ids whose accounts get the role. */
  readonly organizationalUnits: readonly string[];
  /** The single region the instances are created in (IAM is global). */
  readonly region: string;
  /**
   * Deploy as a delegated administrator (`CallAs: DELEGATED_ADMIN`) rather than from the
   * Organization's management account (`CallAs: SELF`).
   * @default true
   */
  readonly delegatedAdmin?: boolean;
  /**
   * Create the role in accounts that join a target OU later, and delete it from accounts that leave.
   * @default true
   */
  readonly autoDeploy?: boolean;
  /**
   * Tags for the StackSet and the role (`managed-by: fleetlink` is added).
   * @default - only `managed-by: fleetlink`
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** One deployer role template as a service-managed StackSet. */
export class OrganizationDeployerStackSet extends Construct {
  readonly stackSet: StackSet;
  /** The StackSet's template; the role in it is the planned deployer role. */
  readonly template: StackSetStack;

  constructor(scope: Construct, id: string, props: OrganizationDeployerStackSetProps) {
    super(scope, id);
    const role = props.deployer.role;
    this.template = new StackSetStack(this, 'Template');
    const planned = new PlannedRole(this.template, constructId('Role', role.name), { role });
    new CfnOutput(this.template, 'RoleArn', {
      value: planned.roleArn,
      description: `ARN of the Argo CD deployer role ${role.name}`,
    });
    applyTags(this.template, props.tags ?? {});
    this.stackSet = new StackSet(this, 'StackSet', {
      stackSetName: stackSetName(role.name),
      description:
        `Fleetlink: Argo CD deployer role ${role.path}${role.name} in every account of ${props.organizationalUnits.join(', ')}`.slice(
          0,
          1024,
        ),
      template: StackSetTemplate.fromStackSetStack(this.template),
      target: StackSetTarget.fromOrganizationalUnits({
        regions: [props.region],
        organizationalUnits: [...props.organizationalUnits],
      }),
      deploymentType: DeploymentType.serviceManaged({
        autoDeployEnabled: props.autoDeploy ?? true,
        // Removing an account from the OU must remove Argo CD's way into it.
        autoDeployRetainStacks: false,
        delegatedAdmin: props.delegatedAdmin ?? true,
      }),
      // The role has a fixed name, which CloudFormation treats as a named IAM resource.
      capabilities: [Capability.NAMED_IAM],
    });
    applyTags(this.stackSet, props.tags ?? {});
  }
}

export interface OrganizationStackProps extends StackProps {
  /** The Organization part of the AccessPlan (`sliceAccessPlan(plan).organization`). */
  readonly organization: OrganizationSlice;
}

/**
 * The StackSets of an Organization-mode fleet, deployed from the management or
 * delegated-administrator account. `env` defaults to that account and region, `stackName` to
 * `fleetlink-org-<account>-<region>`.
 */
export class OrganizationStack extends Stack {
  readonly stackSets: readonly OrganizationDeployerStackSet[];

  constructor(scope: Construct, id: string, props: OrganizationStackProps) {
    const { organization: org, ...stackProps } = props;
    super(scope, id, {
      description:
        `Fleetlink organization: Argo CD deployer roles for ${org.organizationId} (${org.organizationalUnits.join(', ')})`.slice(
          0,
          1024,
        ),
      ...stackProps,
      env: props.env ?? { account: org.account, region: org.region },
      stackName: props.stackName ?? stackName('organization', org.account, org.region),
    });
    this.stackSets = org.deployers.map(
      (deployer) =>
        new OrganizationDeployerStackSet(this, constructId('Deployer', deployer.role.name), {
          deployer,
          organizationalUnits: org.organizationalUnits,
          region: org.instanceRegion,
          delegatedAdmin: org.delegatedAdmin,
          tags: org.tags,
        }),
    );
  }
}
