/**
 * Fleetlink's AWS CDK constructs: the AccessPlan as CloudFormation.
 * Package entry point `fleetlink/cdk`.
 */

export { readAssembly } from '../../observe/cdk/assembly.js';
export {
  type Json,
  type ResolveContext,
  resolveIntrinsics,
  UnresolvableError,
  urlSuffix,
} from '../../observe/cdk/intrinsics.js';
export {
  type CfnResource,
  type CfnTemplate,
  type ObservedPlan,
  ObserveError,
  type ObserveOptions,
  observeTemplates,
  type StackTemplate,
} from '../../observe/cdk/observe-templates.js';
export { type VerifyResult, verifyTemplates } from '../../observe/cdk/verify.js';
export {
  type BuildOptions,
  buildFleetApp,
  type FleetStack,
  FleetStacks,
  type FleetStacksProps,
  type SynthesizedStack,
  type SynthResult,
  synthPlan,
  VALIDATE_AGAINST_DEFAULT_RULES,
} from './app.js';
export {
  HubConstruct,
  type HubConstructProps,
  HubStack,
  type HubStackProps,
  ManagementStack,
  type ManagementStackProps,
} from './hub.js';
export { constructId, type StackKind, stackName, stackSetName } from './names.js';
export {
  OrganizationDeployerStackSet,
  type OrganizationDeployerStackSetProps,
  OrganizationStack,
  type OrganizationStackProps,
} from './organization.js';
export { PlannedRole, type PlannedRoleProps } from './role.js';
export {
  type DeployerTemplate,
  type FleetSlices,
  type HubSlice,
  MANAGED_BY_TAG,
  type OrganizationSlice,
  type SliceOptions,
  type SpokeSlice,
  sliceAccessPlan,
} from './slices.js';
export { SpokeConstruct, type SpokeConstructProps, SpokeStack, type SpokeStackProps } from './spoke.js';
