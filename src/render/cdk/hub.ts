/**
 * The hub: everything in the account and region of the cluster Argo CD runs in.
 */
import { CfnOutput, aws_eks as eks, aws_iam as iam, Stack, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { constructId, stackName } from './names.js';
import { PlannedRole } from './role.js';
import type { HubSlice, ManagementSlice } from './slices.js';
import { applyTags } from './tags.js';

export interface HubConstructProps {
  /** The hub's part of the AccessPlan (`sliceAccessPlan(plan).hub`). */
  readonly hub: HubSlice;
  /**
   * Add a stack output with the ARN of each role.
   * @default true
   */
  readonly outputs?: boolean;
}

/**
 * The hub's identity resources, for embedding in any stack of the hub account and region:
 * - the IAM OIDC provider of the hub cluster when the plan creates it (native
 *   `AWS::IAM::OIDCProvider`; a provider the plan marks `create: false` is referenced by ARN only);
 * - the management role (IRSA / Pod Identity) or the capability role (eks-capability) with its
 *   trust and permission policies exactly as planned;
 * - in `pod-identity` mode, one `AWS::EKS::PodIdentityAssociation` per Argo CD service account.
 *
 * In eks-capability mode Fleetlink creates the capability role (trusted by
 * `capabilities.eks.amazonaws.com`) so that its trust policy is the one prove checked; create the
 * Argo CD capability itself with that role ARN after this stack is deployed.
 */
export class HubConstruct extends Construct {
  /** Planned roles by plan id (`management`, `capability`). */
  readonly roles: ReadonlyMap<string, PlannedRole>;
  /** Providers this construct creates, by issuer URL. */
  readonly oidcProviders: ReadonlyMap<string, iam.OidcProviderNative>;

  constructor(scope: Construct, id: string, props: HubConstructProps) {
    super(scope, id);
    const hub = props.hub;
    const providers = new Map<string, iam.OidcProviderNative>();
    for (const p of hub.oidcProviders) {
      if (!p.create) continue;
      providers.set(
        p.issuerUrl,
        new iam.OidcProviderNative(this, constructId('OidcProvider', p.issuerHost), {
          url: p.issuerUrl,
          clientIds: [...p.clientIds],
        }),
      );
    }
    this.oidcProviders = providers;

    const roles = new Map<string, PlannedRole>();
    for (const role of hub.roles) {
      const planned = new PlannedRole(this, constructId('Role', role.name), { role });
      // The trust policy names the provider by its literal ARN (condition keys must be literal
      // strings, libraries.md §2), so the order CloudFormation needs is made explicit.
      for (const provider of providers.values()) planned.node.addDependency(provider);
      roles.set(role.id, planned);
      if (props.outputs ?? true)
        new CfnOutput(this, constructId('RoleArn', role.name), {
          value: planned.roleArn,
          description: `ARN of the Argo CD ${role.kind} role ${role.name}`,
        });
    }
    this.roles = roles;

    for (const a of hub.podIdentityAssociations) {
      const association = new eks.CfnPodIdentityAssociation(
        this,
        constructId('PodIdentity', a.clusterName, a.namespace, a.serviceAccount),
        {
          clusterName: a.clusterName,
          namespace: a.namespace,
          serviceAccount: a.serviceAccount,
          roleArn: a.roleArn,
          // AWS::EKS::PodIdentityAssociation TargetRoleArn / DisableSessionTags (CloudFormation).
          ...(a.targetRoleArn !== undefined && { targetRoleArn: a.targetRoleArn }),
          ...(a.disableSessionTags && { disableSessionTags: true }),
        },
      );
      for (const r of roles.values()) if (r.role.arn === a.roleArn) association.node.addDependency(r);
    }
    applyTags(this, hub.tags);
  }
}

export interface ManagementStackProps extends StackProps {
  /** The management account's part of the AccessPlan (`sliceAccessPlan(plan).management`). */
  readonly management: ManagementSlice;
}

/**
 * Cross-account Pod Identity: the management role in its own account, the associations' target
 * role (EKS User Guide, pod-id-assign-target-role). Its trust names the hub's association role,
 * so this stack deploys after the hub stack. `stackName` defaults to
 * `fleetlink-management-<account>-<region>`.
 */
export class ManagementStack extends Stack {
  readonly roles: ReadonlyMap<string, PlannedRole>;

  constructor(scope: Construct, id: string, props: ManagementStackProps) {
    const { management, ...stackProps } = props;
    super(scope, id, {
      description: `Fleetlink management account: Argo CD management role (Pod Identity target role)`,
      ...stackProps,
      env: props.env ?? { account: management.account, region: management.region },
      stackName: props.stackName ?? stackName('management', management.account, management.region),
    });
    const roles = new Map<string, PlannedRole>();
    for (const role of management.roles) {
      const planned = new PlannedRole(this, constructId('Role', role.name), { role });
      roles.set(role.id, planned);
      new CfnOutput(this, constructId('RoleArn', role.name), {
        value: planned.roleArn,
        description: `ARN of the Argo CD ${role.kind} role ${role.name}`,
      });
    }
    this.roles = roles;
    applyTags(this, management.tags);
  }
}

export interface HubStackProps extends StackProps {
  /** The hub's part of the AccessPlan (`sliceAccessPlan(plan).hub`). */
  readonly hub: HubSlice;
}

/**
 * A stack holding one `HubConstruct`.
 * `env` defaults to the hub account and region, `stackName` to `fleetlink-hub-<account>-<region>`.
 */
export class HubStack extends Stack {
  readonly hub: HubConstruct;

  constructor(scope: Construct, id: string, props: HubStackProps) {
    const { hub, ...stackProps } = props;
    super(scope, id, {
      description: `Fleetlink hub: Argo CD ${hub.identity} identity for EKS cluster ${hub.clusterName}`,
      ...stackProps,
      env: props.env ?? { account: hub.account, region: hub.region },
      stackName: props.stackName ?? stackName('hub', hub.account, hub.region),
    });
    this.hub = new HubConstruct(this, 'Hub', { hub: props.hub });
  }
}
