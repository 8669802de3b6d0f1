/**
 * The CloudFormation template of each deployer-role StackSet, exactly as the CDK target deploys
 * it: the same `OrganizationStack` construct, synthesized into `outdir` and read back. The
 * Terraform target puts these templates into `aws_cloudformation_stack_set.template_body`, so
 * both targets create the same role in the accounts of the OUs.
 */
import { App } from 'aws-cdk-lib';
import { readAssembly } from '../../observe/cdk/assembly.js';
import type { CfnTemplate } from '../../observe/cdk/observe-templates.js';
import { stackName, stackSetName } from './names.js';
import { OrganizationStack } from './organization.js';
import type { OrganizationSlice } from './slices.js';

/** StackSet name (`fleetlink-deployer-<role>`) → its template. `outdir` receives the assembly. */
export function deployerStackSetTemplates(org: OrganizationSlice, outdir: string): Map<string, CfnTemplate> {
  const app = new App({ outdir });
  // The id the CDK app gives this stack (src/render/cdk/app.ts), so every construct path, and
  // with it every logical ID in the template, is the one `fleetlink synth` writes.
  new OrganizationStack(app, stackName('organization', org.account, org.region), { organization: org });
  const [stack] = readAssembly(app.synth());
  const out = new Map<string, CfnTemplate>();
  for (const [logicalId, template] of Object.entries(stack?.stackSetTemplates ?? {})) {
    const resource = stack?.template.Resources?.[logicalId];
    const name = resource?.Properties?.StackSetName;
    if (typeof name !== 'string') throw new Error(`StackSet ${logicalId} has no literal StackSetName`);
    out.set(name, template);
  }
  for (const d of org.deployers)
    if (!out.has(stackSetName(d.role.name)))
      throw new Error(`no StackSet template synthesized for deployer role ${d.role.name}`);
  return out;
}
