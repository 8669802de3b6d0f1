/**
 * The whole AccessPlan as one CDK app: a hub stack, one spoke stack per spoke account+region,
 * and in Organization mode a stack of StackSets. Deployed with the standard CDK CLI:
 * `npx cdk deploy --app <assembly dir> --all`.
 */
import { App, type Environment, type Stack } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { UserError } from '../../errors.js';
import type { Fleet } from '../../fleet/types.js';
import { planFleet } from '../../plan/plan.js';
import type { AccessPlan } from '../../plan/types.js';
import { HubStack, ManagementStack } from './hub.js';
import { type StackKind, stackName } from './names.js';
import { OrganizationStack } from './organization.js';
import { type FleetSlices, type SliceOptions, sliceAccessPlan } from './slices.js';
import { SpokeStack } from './spoke.js';

/** Treat CloudFormation Validate findings as errors (aws-cdk-lib feature flag, since 2.262.0). */
export const VALIDATE_AGAINST_DEFAULT_RULES = '@aws-cdk/core:validateAgainstDefaultRules';

export interface FleetStacksProps extends SliceOptions {
  /**
   * The plan to render (`planFleet(fleet)`, or a `plan.json` written by `fleetlink plan`).
   * @default - planned from `fleet`
   */
  readonly plan?: AccessPlan;
  /**
   * Convenience: a loaded fleet, planned here with `planFleet`. Give `plan` or `fleet`, not both.
   * @default - none; `plan` is required then
   */
  readonly fleet?: Fleet;
  /**
   * Settings applied to every stack. `env` and `stackName` are always Fleetlink's.
   * @default - termination protection off
   */
  readonly stackDefaults?: { readonly terminationProtection?: boolean };
}

export interface FleetStack {
  readonly kind: StackKind;
  readonly stack: Stack;
  readonly env: Required<Pick<Environment, 'account' | 'region'>>;
}

/**
 * All of a plan's stacks, added to an existing CDK app (or stage). Spoke stacks depend on the hub
 * stack, and in Organization mode on the StackSet stack, so `cdk deploy --all` runs in the order
 * IAM needs: a trust policy or access entry naming a role that does not exist yet is rejected.
 * The stacks are created in `scope` (next to this construct, not under it) with ids equal to
 * their stack names, `fleetlink-<kind>-<account>-<region>`.
 */
export class FleetStacks extends Construct {
  readonly hub: HubStack;
  readonly management?: ManagementStack;
  readonly organization?: OrganizationStack;
  readonly spokes: readonly SpokeStack[];
  readonly slices: FleetSlices;
  /** The plan the stacks render. */
  readonly plan: AccessPlan;

  constructor(scope: Construct, id: string, props: FleetStacksProps) {
    super(scope, id);
    if ((props.plan === undefined) === (props.fleet === undefined))
      throw new UserError('FleetStacks takes either `plan` or `fleet`, exactly one of them.', {
        exitCode: 2,
      });
    const plan = props.plan ?? planFleet(props.fleet as Fleet);
    this.plan = plan;
    const slices = sliceAccessPlan(plan, props);
    this.slices = slices;
    const common = { terminationProtection: props.stackDefaults?.terminationProtection };
    const hubName = stackName('hub', slices.hub.account, slices.hub.region);
    // Stacks are created on the app (scope), with ids equal to their names: the assembly's artifact
    // ids then read like the stacks, and `cdk deploy <name>` works with either.
    this.hub = new HubStack(scope, hubName, { hub: slices.hub, ...common });
    // The stack whose role the deployer trusts name: the management stack when that role is a
    // cross-account Pod Identity target (its own trust names the hub's association role).
    let trusted: Stack = this.hub;
    if (slices.management) {
      const m = slices.management;
      const name = stackName('management', m.account, m.region);
      this.management = new ManagementStack(scope, name, { management: m, ...common });
      this.management.addStackDependency(this.hub, 'the target role trusts the association role');
      trusted = this.management;
    }
    if (slices.organization) {
      const org = slices.organization;
      const name = stackName('organization', org.account, org.region);
      this.organization = new OrganizationStack(scope, name, { organization: org, ...common });
      this.organization.addStackDependency(trusted, 'deployer trust policies name the management role');
    }
    this.spokes = slices.spokes.map((spoke) => {
      const name = stackName('spokes', spoke.account, spoke.region);
      const stack = new SpokeStack(scope, name, { spoke, ...common });
      stack.addStackDependency(trusted, 'deployer trust policies name the management role');
      if (this.organization)
        stack.addStackDependency(
          this.organization,
          'access entries name deployer roles the StackSet creates',
        );
      return stack;
    });
  }

  /** Every stack with its kind and environment, hub first. */
  get stacks(): FleetStack[] {
    const list: FleetStack[] = [{ kind: 'hub', stack: this.hub, env: envOf(this.hub) }];
    if (this.management)
      list.push({ kind: 'management', stack: this.management, env: envOf(this.management) });
    if (this.organization)
      list.push({ kind: 'organization', stack: this.organization, env: envOf(this.organization) });
    for (const s of this.spokes) list.push({ kind: 'spokes', stack: s, env: envOf(s) });
    return list;
  }
}

function envOf(stack: Stack): { account: string; region: string } {
  return { account: stack.account, region: stack.region };
}

export interface BuildOptions extends SliceOptions {
  /**
   * Directory the cloud assembly is written to.
   * @default - a temporary directory chosen by the CDK
   */
  readonly outdir?: string;
  /**
   * Run CDK's built-in CloudFormation validation (schemas of every resource type) during synth.
   * Findings are errors (feature flag `@aws-cdk/core:validateAgainstDefaultRules`). Costs about
   * 1.3 s and 350 MB per synth (libraries.md §2).
   * @default true
   */
  readonly validation?: boolean;
}

/**
 * A fresh CDK `App` holding the plan's stacks. Settings that would make two synths of the same
 * plan differ are off: no analytics metadata (`AWS::CDK::Metadata`, which encodes library
 * versions) and no construct creation stack traces (they hold source paths and line numbers of
 * the caller), so a re-synth of an unchanged plan is byte-identical.
 */
export function buildFleetApp(
  plan: AccessPlan,
  options: BuildOptions = {},
): { app: App; fleet: FleetStacks } {
  const app = new App({
    outdir: options.outdir,
    analyticsReporting: false,
    stackTraces: false,
    builtinCloudFormationValidation: options.validation ?? true,
    context: {
      [VALIDATE_AGAINST_DEFAULT_RULES]: true,
      // cx-api DISABLE_CREATION_STACK_TRACES: `aws:cdk:creationStack` metadata holds caller paths too.
      'aws:cdk:disable-creation-stack-traces': true,
    },
  });
  const fleet = new FleetStacks(app, 'Fleetlink', { plan, ...options });
  return { app, fleet };
}

export interface SynthesizedStack {
  readonly kind: StackKind;
  /** CloudFormation stack name (also the assembly artifact id). */
  readonly name: string;
  readonly account: string;
  readonly region: string;
  /** Template file name inside the assembly directory. */
  readonly templateFile: string;
  /** Names of the stacks this one depends on. */
  readonly dependsOn: readonly string[];
}

export interface SynthResult {
  readonly assembly: CloudAssembly;
  readonly directory: string;
  readonly stacks: readonly SynthesizedStack[];
  readonly notes: readonly string[];
}

/** Build and synthesize the plan's app; the cloud assembly is written to `options.outdir`. */
export function synthPlan(plan: AccessPlan, options: BuildOptions = {}): SynthResult {
  const { app, fleet } = buildFleetApp(plan, options);
  const assembly = app.synth();
  // One pass over the artifacts: `getStackArtifact` rebuilds the stack list on every call, which
  // made this loop quadratic in the number of stacks (0.5 s at 20,000 spokes).
  const artifacts = new Map(assembly.stacksRecursively.map((a) => [a.id, a]));
  const stacks = fleet.stacks.map(({ kind, stack, env }) => {
    const artifact = artifacts.get(stack.artifactId) ?? assembly.getStackArtifact(stack.artifactId);
    return {
      kind,
      name: stack.stackName,
      account: env.account,
      region: env.region,
      templateFile: artifact.templateFile,
      dependsOn: stack.dependencies.map((d) => d.stackName).sort(),
    };
  });
  return { assembly, directory: assembly.directory, stacks, notes: fleet.slices.notes };
}
