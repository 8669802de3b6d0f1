/**
 * `fleetlink synth [FLEET | --plan plan.json] [--out DIR] [--no-validation] [--verify]
 *                 [--org-admin ACCOUNT[/REGION]] [--format text|json]`
 * Fleet file (or AccessPlan JSON) → AWS CDK cloud assembly, deployable with the standard CDK CLI:
 * `npx cdk deploy --app DIR --all`. Offline: no AWS credentials needed to synthesize.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import type { SynthesizedStack } from '../../render/cdk/app.js';
import type { VerifyResult } from '../../render/cdk/verify.js';
import { loadPlan } from '../inputs.js';
import { progressLine } from '../progress.js';
import { parseFormat } from '../run.js';

interface SynthOptions {
  readonly out: string;
  readonly plan?: string;
  readonly verify?: boolean;
  readonly validation: boolean;
  readonly format: string;
  readonly orgAdmin?: string;
}

export function register(program: Command): void {
  program
    .command('synth')
    .description('write the fleet as an AWS CDK cloud assembly: one stack per account and region (offline)')
    .argument('[fleet]', 'fleet file (ignored with --plan)', 'fleet.yaml')
    .option(
      '--plan <file>',
      'synthesize an AccessPlan JSON file (from `npx fleetlink plan --format json`) instead',
    )
    .option('-o, --out <dir>', 'cloud assembly directory (replaced atomically)', 'cdk.out')
    .option('--no-validation', "skip CDK's built-in CloudFormation schema validation (saves a few seconds)")
    .option(
      '--verify',
      'read the IAM documents and access entries back out of the templates, prove them, and write nothing unless they prove the same access matrix as the plan',
    )
    .option(
      '--org-admin <account[/region]>',
      'Organization mode: account (and region) the StackSets are deployed from (default: the hub)',
    )
    .option('--format <format>', 'output format: text or json', 'text')
    .addHelpText(
      'after',
      '\nExamples:\n  npx fleetlink synth examples/two-accounts/fleet.yaml --out cdk.out\n  npx cdk deploy --app cdk.out --all',
    )
    .action(async (file: string, opts: SynthOptions) => {
      const format = parseFormat(opts.format, ['text', 'json'] as const);
      const organizationAdmin = parseOrgAdmin(opts.orgAdmin);
      const plan = await loadPlan(file, opts.plan);

      const progress = progressLine('synth');
      try {
        progress.phase('loading the AWS CDK');
        const { readAssembly, synthPlan, verifyTemplates } = await import('../../render/cdk/index.js');
        const target = resolve(opts.out);
        const synthesized = await synthAtomically(target, (outdir) => {
          progress.phase(
            `synthesizing ${plan.clusters.length} cluster(s) in ${new Set(plan.roles.map((r) => r.account)).size} account(s)${opts.validation ? ', validating the templates' : ''}`,
          );
          const result = synthPlan(plan, {
            outdir,
            validation: opts.validation,
            ...(organizationAdmin ? { organizationAdmin } : {}),
          });
          if (!opts.verify) return { result, verified: undefined };
          progress.phase('verifying the templates against the plan');
          const verified = verifyTemplates(readAssembly(result.assembly), plan);
          if (!verified.same)
            throw new UserError(
              `The synthesized templates do not prove the plan's access matrix; nothing was written.\n${verified.differences.map((d) => `  ${d}`).join('\n')}`,
            );
          return { result, verified };
        });
        progress.done();
        report(opts, format, synthesized);
      } finally {
        progress.done();
      }
    });
}

function report(
  opts: SynthOptions,
  format: 'text' | 'json',
  {
    result,
    verified,
  }: { result: import('../../render/cdk/app.js').SynthResult; verified: VerifyResult | undefined },
): void {
  const deploy = `npx cdk deploy --app ${quote(opts.out)} --all`;
  if (format === 'json') {
    const json = {
      outdir: opts.out,
      stacks: result.stacks,
      notes: result.notes,
      deploy,
      ...(verified ? { verified } : {}),
    };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  process.stdout.write(describe(opts.out, result.stacks, result.notes, deploy, verified));
}

/** `123456789012` or `123456789012/eu-west-1`. */
function parseOrgAdmin(value: string | undefined): { account: string; region?: string } | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d{12})(?:\/([a-z]{2}(?:-[a-z]+)+-\d+))?$/.exec(value);
  if (!m)
    throw new UserError(
      `--org-admin must be ACCOUNT or ACCOUNT/REGION, e.g. 123456789012/eu-west-1 (got "${value}")`,
      { exitCode: 2 },
    );
  return m[2] ? { account: m[1] as string, region: m[2] } : { account: m[1] as string };
}

/**
 * CDK writes the assembly itself, so it synthesizes into a fresh directory next to the target,
 * which then replaces the target: a failed synth (validation error, bad plan) leaves the previous
 * assembly untouched. The assembly only holds relative paths, so it can be moved.
 */
async function synthAtomically<T>(target: string, synth: (outdir: string) => T): Promise<T> {
  const { fillDirAtomically } = await import('../output.js');
  return fillDirAtomically(target, (outdir) => {
    try {
      return synth(outdir);
    } catch (error) {
      throw toUserError(error);
    }
  });
}

/** CDK's validation failure names the report file in the temp dir; say what happened instead. */
function toUserError(error: unknown): unknown {
  if (error instanceof Error && /ValidationFailed|Validation failed/.test(`${error.name} ${error.message}`))
    return new UserError(
      'CloudFormation validation failed; the findings are listed above. Nothing was written.',
      { exitCode: 1 },
    );
  return error;
}

function quote(path: string): string {
  return /^[\w./-]+$/.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`;
}

function describe(
  out: string,
  stacks: readonly SynthesizedStack[],
  notes: readonly string[],
  deploy: string,
  verified: VerifyResult | undefined,
): string {
  const width = Math.max(...stacks.map((s) => s.name.length));
  const lines = [
    `Wrote a CDK cloud assembly of ${stacks.length} stack(s) to ${out}:`,
    ...stacks.map(
      (s) =>
        `  ${s.name.padEnd(width)}  ${s.account}  ${s.region.padEnd(14)}  ${s.kind}${s.dependsOn.length > 0 ? ` (after ${s.dependsOn.join(', ')})` : ''}`,
    ),
  ];
  if (notes.length > 0) lines.push('', 'Notes:', ...notes.map((n) => `  - ${n}`));
  if (verified)
    lines.push(
      '',
      `Verified: the templates prove the same access matrix as the plan (${verified.cells} cells; proof ${verified.holds ? 'holds' : 'does NOT hold'}).`,
      ...verified.assumed.map((a) => `  assumed: ${a}`),
    );
  lines.push(
    '',
    'Deploy (bootstrap each account first, trusting the account you deploy from; see README "synth"):',
    `  ${deploy}`,
    '',
  );
  return lines.join('\n');
}
