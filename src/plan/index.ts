/** Public API of the planner: Fleet → AccessPlan, and the helpers other modules reuse. */
export * from './arn.js';
export { toCaData, withCaData } from './ca.js';
export {
  argoWorkloads,
  chartFullname,
  clusterCredentialsForm,
  clusterSecretName,
  compareSemver,
} from './naming.js';
export {
  INLINE_POLICY_NAME,
  managedPolicyName,
  orgPatterns,
  type PackResult,
  type PackStrategy,
  packAssumePermissions,
} from './pack.js';
export {
  ANNOTATION_ACCOUNT,
  ANNOTATION_CLUSTER_NAME,
  ANNOTATION_REGION,
  IN_CLUSTER_SERVER,
  type PlanOptions,
  planFleet,
} from './plan.js';
export * from './policy-size.js';
export { summarizePlan } from './summary.js';
export {
  capabilityTrust,
  deployerTrust,
  IRSA_AUDIENCE,
  irsaTrust,
  podIdentityTrust,
  subjects,
} from './trust.js';
export * from './types.js';
