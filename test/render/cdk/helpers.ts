/** Shared helpers for the CDK renderer tests: synth a plan into a temp dir and read it back. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { AccessPlan } from '../../../src/plan/types.js';
import { buildFleetApp, readAssembly, type StackTemplate } from '../../../src/render/cdk/index.js';

export interface Synthesized {
  readonly dir: string;
  readonly stacks: StackTemplate[];
  /** Artifact id → { environment, dependencies } from manifest.json. */
  readonly manifest: ManifestJson;
  /** Violations from validation-report.json (CloudFormation Validate and cdk-nag). */
  readonly violations: Violation[];
  cleanup(): void;
}

export interface Violation {
  readonly plugin: string;
  readonly rule: string;
  readonly description: string;
  readonly constructs: readonly string[];
}

interface ManifestJson {
  readonly artifacts: Record<
    string,
    { readonly type: string; readonly environment?: string; readonly dependencies?: readonly string[] }
  >;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `fleetlink-${prefix}-`));
}

/**
 * Synth with CDK's CloudFormation validation (findings are errors) and, optionally, cdk-nag's
 * AWS Solutions rules as a validation plugin — both in one synth, since validation costs ~1.3 s.
 */
export function synthForTest(plan: AccessPlan, options: { validation: boolean; nag?: boolean }): Synthesized {
  const dir = tempDir('synth');
  const { app } = buildFleetApp(plan, { outdir: dir, validation: options.validation });
  if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  let failure: unknown;
  try {
    app.synth();
  } catch (error) {
    failure = error;
  }
  const violations = readViolations(dir);
  if (failure !== undefined && violations.length === 0) throw failure;
  return {
    dir,
    stacks: failure === undefined ? readAssembly(dir) : [],
    manifest: JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ManifestJson,
    violations,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function readViolations(dir: string): Violation[] {
  const out: Violation[] = [];
  for (const file of ['validation-report.json', 'policy-validation-report.json']) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    const report = JSON.parse(readFileSync(path, 'utf8')) as {
      pluginReports: {
        pluginName: string;
        violations?: {
          ruleName: string;
          description: string;
          violatingConstructs?: { constructPath: string }[];
        }[];
      }[];
    };
    for (const p of report.pluginReports)
      for (const v of p.violations ?? [])
        out.push({
          plugin: p.pluginName,
          rule: v.ruleName,
          description: v.description,
          constructs: (v.violatingConstructs ?? []).map((c) => c.constructPath),
        });
  }
  return out;
}

/** Every file under `dir`, relative path → content. */
export function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

/** All resources of one type, over every stack and StackSet template, with where they are. */
export function resourcesOfType(
  stacks: readonly StackTemplate[],
  type: string,
): { stack: string; inStackSet: boolean; logicalId: string; props: Record<string, unknown> }[] {
  const out: { stack: string; inStackSet: boolean; logicalId: string; props: Record<string, unknown> }[] = [];
  for (const s of stacks) {
    const templates = [
      { t: s.template, inStackSet: false },
      ...Object.values(s.stackSetTemplates).map((t) => ({ t, inStackSet: true })),
    ];
    for (const { t, inStackSet } of templates)
      for (const [logicalId, r] of Object.entries(t.Resources ?? {}))
        if (r.Type === type)
          out.push({
            stack: s.stackName,
            inStackSet,
            logicalId,
            props: (r.Properties ?? {}) as Record<string, unknown>,
          });
  }
  return out;
}
