/**
 * Fleetlink as a library: the pure core (fleet → AccessPlan → proof and artifacts) and doctor's
 * snapshot analysis. The CDK constructs are at `fleetlink/cdk` and the EKS token signer and
 * verifier at `fleetlink/token`, so importing this entry point loads neither aws-cdk-lib nor the
 * AWS SDK.
 */

// doctor (pure analysis of a snapshot; live collection is `runDoctor` in src/doctor/doctor.ts)
export { type AnalyzeOptions, analyzeSnapshot } from './doctor/analyze.js';
export { parseSnapshot, type Snapshot, snapshotJsonSchema } from './doctor/snapshot.js';
export { formatProblem, type Problem, type SourceLocation, UserError } from './errors.js';
export type { Evidence, Finding, Link, Severity } from './findings.js';
export { hasErrors, sortFindings } from './findings.js';
export { fleetJsonSchema, fleetJsonSchemaText } from './fleet/json-schema.js';
export { type LoadedFleet, parseFleet } from './fleet/load.js';
export { fleetToYaml } from './fleet/serialize.js';
// fleet.yaml
export type * from './fleet/types.js';
export { type EvaluateOptions, evaluate } from './iam/evaluate.js';
export { PolicyError, parsePolicy } from './iam/policy.js';

// IAM evaluator
export type * from './iam/types.js';
export { type PlanOptions, planFleet, summarizePlan } from './plan/index.js';
export { parseAccessPlan } from './plan/parse.js';
// AccessPlan
export type * from './plan/types.js';
export { PLAN_API_VERSION } from './plan/types.js';
export { formatSarif, type SarifOptions } from './prove/format-sarif.js';
export { formatText as formatProveText } from './prove/format-text.js';
export { matrixHolds, type ProveOptions, prove } from './prove/prove.js';
// prove
export type * from './prove/types.js';
// renderers
export { renderArgoCd } from './render/argocd/index.js';
export { renderMermaid, renderSvg } from './render/diagram/index.js';
export { renderIamFiles, renderPlanFiles } from './render/files.js';
export { renderReport } from './render/report/index.js';
