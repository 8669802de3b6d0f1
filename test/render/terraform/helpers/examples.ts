/** The bundled examples, planned and rendered as Terraform the way `fleetlink synth --target terraform` does. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cdkStackSetTemplates } from '../../../../src/cli/terraform-synth.js';
import { parseFleet } from '../../../../src/fleet/load.js';
import { planFleet } from '../../../../src/plan/plan.js';
import type { AccessPlan } from '../../../../src/plan/types.js';
import { renderTerraform, type TerraformOptions } from '../../../../src/render/terraform/index.js';

export const ROOT = join(import.meta.dirname, '../../../..');

export const examples: readonly string[] = readdirSync(join(ROOT, 'examples'))
  .filter((d) => existsSync(join(ROOT, 'examples', d, 'fleet.yaml')))
  .filter((d) => statSync(join(ROOT, 'examples', d, 'fleet.yaml')).size < 200_000)
  .sort();

export function planOf(example: string): AccessPlan {
  const file = `examples/${example}/fleet.yaml`;
  return planFleet(parseFleet(readFileSync(join(ROOT, file), 'utf8'), file).fleet);
}

/** Render with the CDK target's StackSet templates, as the CLI does. */
export async function render(plan: AccessPlan, options: Omit<TerraformOptions, 'stackSetTemplates'> = {}) {
  const stackSetTemplates = plan.organization ? await cdkStackSetTemplates(plan, options) : undefined;
  return renderTerraform(plan, { ...options, ...(stackSetTemplates ? { stackSetTemplates } : {}) });
}

/** Option sets every example is rendered with in the tests. */
export const VARIANTS: Readonly<Record<string, Omit<TerraformOptions, 'stackSetTemplates'>>> = {
  default: {},
  'secrets-imports': { clusterSecrets: true, imports: ['oidc-provider', 'roles', 'access-entries'] },
  'no-checks': { checks: false },
};
