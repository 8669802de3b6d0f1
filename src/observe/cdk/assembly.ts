/**
 * Read a synthesized cloud assembly back: the template of every deployable stack, and the
 * templates of its StackSets (CDK file assets, located through the stack's asset manifest).
 * This is the file-reading edge of observe-templates.ts (it observes, it does not render: src/observe/cdk).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AssetManifestArtifact, CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { CfnTemplate, StackTemplate } from './observe-templates.js';

/** The stacks of the assembly in `directory` (or an already loaded assembly), in manifest order. */
export function readAssembly(assembly: CloudAssembly | string): StackTemplate[] {
  const asm = typeof assembly === 'string' ? new CloudAssembly(assembly) : assembly;
  return asm.stacks.map((stack) => {
    const template = stack.template as CfnTemplate;
    const assetFiles = new Map<string, string>();
    for (const dep of stack.dependencies)
      if (dep instanceof AssetManifestArtifact)
        for (const [hash, file] of Object.entries(dep.contents.files ?? {}))
          if (file.source.path) assetFiles.set(hash, file.source.path);
    const stackSetTemplates: Record<string, CfnTemplate> = {};
    for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
      if (resource.Type !== 'AWS::CloudFormation::StackSet') continue;
      const hash = /([0-9a-f]{64})\.json/.exec(JSON.stringify(resource.Properties?.TemplateURL ?? ''))?.[1];
      const file = hash === undefined ? undefined : assetFiles.get(hash);
      if (file === undefined)
        throw new Error(
          `${stack.stackName}: StackSet ${logicalId} has a TemplateURL that is not an asset of this assembly`,
        );
      stackSetTemplates[logicalId] = JSON.parse(
        readFileSync(join(asm.directory, file), 'utf8'),
      ) as CfnTemplate;
    }
    return {
      stackName: stack.stackName,
      account: stack.environment.account,
      region: stack.environment.region,
      template,
      stackSetTemplates,
    };
  });
}
