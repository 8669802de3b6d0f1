/**
 * The effects of `fleetlink synth --target terraform`: render the plan (pure, src/render/terraform)
 * and write the directory atomically. In Organization mode the deployer-role StackSet templates
 * come from the CDK target itself, synthesized into a scratch directory that is removed again, so
 * both targets deploy the same template.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccessPlan } from '../plan/types.js';
import type { TerraformOptions } from '../render/terraform/context.js';
import { writeDirAtomically } from './output.js';

export interface TerraformSynthResult {
  readonly outdir: string;
  readonly files: readonly string[];
  readonly resources: Readonly<Record<string, number>>;
  readonly notes: readonly string[];
  readonly apply: readonly string[];
}

export async function synthTerraform(
  plan: AccessPlan,
  out: string,
  options: Omit<TerraformOptions, 'stackSetTemplates'>,
  cwd?: string,
): Promise<TerraformSynthResult> {
  const { renderTerraform } = await import('../render/terraform/index.js');
  const stackSetTemplates = plan.organization ? await cdkStackSetTemplates(plan, options) : undefined;
  const result = renderTerraform(plan, { ...options, ...(stackSetTemplates ? { stackSetTemplates } : {}) });
  await writeDirAtomically(out, result.files, cwd);
  const dir = /^[\w./-]+$/.test(out) ? out : `'${out.replace(/'/g, "'\\''")}'`;
  return {
    outdir: out,
    files: [...result.files.keys()],
    resources: result.resources,
    notes: result.notes,
    apply: [`cd ${dir}`, 'terraform init', 'terraform plan -out tfplan', 'terraform apply tfplan'],
  };
}

/** The CDK target's StackSet templates for an Organization plan (none without shared deployer roles). */
export async function cdkStackSetTemplates(
  plan: AccessPlan,
  options: Omit<TerraformOptions, 'stackSetTemplates'>,
): Promise<ReadonlyMap<string, Record<string, unknown>> | undefined> {
  const { sliceAccessPlan } = await import('../render/cdk/slices.js');
  const org = sliceAccessPlan(
    plan,
    options.organizationAdmin ? { organizationAdmin: options.organizationAdmin } : {},
  ).organization;
  if (!org || org.deployers.length === 0) return undefined;
  // aws-cdk-lib is loaded only when there is a StackSet to template (it takes most of a second).
  const { deployerStackSetTemplates } = await import('../render/cdk/stackset-template.js');
  const scratch = await mkdtemp(join(tmpdir(), 'fleetlink-stackset-'));
  try {
    return deployerStackSetTemplates(org, scratch) as unknown as ReadonlyMap<string, Record<string, unknown>>;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
