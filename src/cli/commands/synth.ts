/**
 * `fleetlink synth [FLEET | --plan plan.json] [--target cdk|terraform] [--out DIR]
 *                 [--org-admin ACCOUNT[/REGION]] [--format text|json]
 *                 CDK: [--no-validation] [--verify]
 *                 Terraform: [--import KIND,…] [--cluster-secrets] [--no-checks] [--assume-role-name NAME]`
 * Fleet file (or AccessPlan JSON) → AWS CDK cloud assembly, deployable with the standard CDK CLI
 * (`npx cdk deploy --app DIR --all`), or a Terraform root module (`terraform init && terraform
 * apply` in DIR). Offline: no AWS credentials needed to synthesize.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import type { VerifyResult } from '../../observe/cdk/verify.js';
import type { SynthesizedStack } from '../../render/cdk/app.js';
import { loadPlan, readInputText } from '../inputs.js';
import type { Cli, OutStream } from '../io.js';
import { progressLine } from '../progress.js';
import { parseFormat } from '../run.js';

interface SynthOptions {
  readonly target: string;
  readonly out?: string;
  readonly plan?: string;
  readonly verify?: boolean;
  readonly validation: boolean;
  readonly format: string;
  readonly orgAdmin?: string;
  readonly import?: string;
  readonly clusterSecrets?: boolean;
  readonly checks: boolean;
  readonly assumeRoleName?: string;
  readonly backendFile?: string;
}

const TARGETS = ['cdk', 'terraform'] as const;
const DEFAULT_OUT: Readonly<Record<(typeof TARGETS)[number], string>> = {
  cdk: 'cdk.out',
  terraform: 'terraform',
};

export function register(program: Command, cli: Cli): void {
  program
    .command('synth')
    .description(
      'write the fleet as an AWS CDK cloud assembly (one stack per account and region) or as a Terraform root module (offline)',
    )
    .argument('[fleet]', 'fleet file (ignored with --plan)', 'fleet.yaml')
    .option(
      '--plan <file>',
      'synthesize an AccessPlan JSON file (from `npx fleetlink plan --format json`) instead',
    )
    .option('--target <target>', 'what to write: cdk (an AWS CDK cloud assembly) or terraform (HCL)', 'cdk')
    .option(
      '-o, --out <dir>',
      'output directory, replaced atomically (default: cdk.out, or terraform for --target terraform)',
    )
    .option(
      '--no-validation',
      "CDK: skip CDK's built-in CloudFormation schema validation (saves a few seconds)",
    )
    .option(
      '--verify',
      'CDK: read the IAM documents and access entries back out of the templates, prove them, and write nothing unless they prove the same access matrix as the plan',
    )
    .option(
      '--org-admin <account[/region]>',
      'Organization mode: account (and region) the StackSets are deployed from (default: the hub)',
    )
    .option(
      '--import <kinds>',
      `Terraform: write import blocks that adopt existing resources instead of failing with "already exists"; comma-separated: ${IMPORT_KIND_NAMES.join(', ')}, or all`,
    )
    .option(
      '--cluster-secrets',
      'Terraform: write the Argo CD cluster Secrets as kubernetes_secret_v1 resources on the hub (adds the hashicorp/kubernetes provider)',
    )
    .option(
      '--no-checks',
      'Terraform: leave out the check blocks that verify access entries and role trust after apply',
    )
    .option(
      '--assume-role-name <name>',
      "Terraform: default of var.assume_role_name, the role each account's AWS provider assumes (default: OrganizationAccountAccessRole)",
    )
    .option(
      '--backend-file <file>',
      'Terraform: copy this file (your terraform { backend … } block) into the output as backend.tf, so state stays in your backend although the directory is replaced on every synth',
    )
    .option('--format <format>', 'output format: text or json', 'text')
    .addHelpText(
      'after',
      '\nExamples:\n  npx fleetlink synth examples/two-accounts/fleet.yaml --out cdk.out\n  npx cdk deploy --app cdk.out --all\n\n  npx fleetlink synth examples/two-accounts/fleet.yaml --target terraform --out infra/fleetlink\n  cd infra/fleetlink && terraform init && terraform plan -out tfplan && terraform apply tfplan',
    )
    .action(async (file: string, opts: SynthOptions) => {
      const format = parseFormat(opts.format, ['text', 'json'] as const);
      const target = parseTarget(opts.target);
      checkTargetOptions(target, opts);
      const organizationAdmin = parseOrgAdmin(opts.orgAdmin);
      if (target === 'terraform') {
        const imports = parseImports(opts.import);
        const backend =
          opts.backendFile === undefined
            ? undefined
            : await readInputText(opts.backendFile, 'backend file', { cwd: cli.io.cwd });
        const plan = await loadPlan(file, opts.plan, cli.io);
        const { synthTerraform } = await import('../terraform-synth.js');
        const out = opts.out ?? DEFAULT_OUT.terraform;
        const result = await synthTerraform(
          plan,
          out,
          {
            imports,
            clusterSecrets: opts.clusterSecrets ?? false,
            checks: opts.checks,
            ...(opts.assumeRoleName !== undefined ? { assumeRoleName: opts.assumeRoleName } : {}),
            ...(organizationAdmin ? { organizationAdmin } : {}),
            ...(backend !== undefined ? { backend } : {}),
          },
          cli.io.cwd,
        );
        cli.io.stdout.write(
          format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : describeTerraform(result),
        );
        return;
      }
      const plan = await loadPlan(file, opts.plan, cli.io);

      const outOption = opts.out ?? DEFAULT_OUT.cdk;
      const progress = progressLine('synth', cli.io.stderr);
      try {
        progress.phase('loading the AWS CDK');
        const { readAssembly, synthPlan, verifyTemplates } = await import('../../render/cdk/index.js');
        const synthesized = await synthAtomically(resolve(cli.io.cwd, outOption), (outdir) => {
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
        report(outOption, format, synthesized, cli.io.stdout);
      } finally {
        progress.done();
      }
    });
}

function report(
  out: string,
  format: 'text' | 'json',
  {
    result,
    verified,
  }: { result: import('../../render/cdk/app.js').SynthResult; verified: VerifyResult | undefined },
  stdout: OutStream,
): void {
  const deploy = `npx cdk deploy --app ${quote(out)} --all`;
  if (format === 'json') {
    const json = {
      outdir: out,
      stacks: result.stacks,
      notes: result.notes,
      deploy,
      ...(verified ? { verified } : {}),
    };
    stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  stdout.write(describe(out, result.stacks, result.notes, deploy, verified));
}

function parseTarget(value: string): (typeof TARGETS)[number] {
  if ((TARGETS as readonly string[]).includes(value)) return value as (typeof TARGETS)[number];
  throw new UserError(`--target must be one of ${TARGETS.join(', ')} (got "${value}")`, { exitCode: 2 });
}

/** Options of one target given to the other are a usage error, not silently ignored. */
function checkTargetOptions(target: (typeof TARGETS)[number], opts: SynthOptions): void {
  const wrong: string[] = [];
  if (target === 'terraform') {
    if (opts.verify) wrong.push('--verify');
    if (!opts.validation) wrong.push('--no-validation');
  } else {
    if (opts.import !== undefined) wrong.push('--import');
    if (opts.clusterSecrets) wrong.push('--cluster-secrets');
    if (!opts.checks) wrong.push('--no-checks');
    if (opts.assumeRoleName !== undefined) wrong.push('--assume-role-name');
    if (opts.backendFile !== undefined) wrong.push('--backend-file');
  }
  if (wrong.length > 0)
    throw new UserError(
      `${wrong.join(', ')} ${wrong.length === 1 ? 'applies' : 'apply'} to --target ${target === 'cdk' ? 'terraform' : 'cdk'} only`,
      { exitCode: 2 },
    );
}

const IMPORT_KIND_NAMES = ['oidc-provider', 'roles', 'access-entries'] as const;

/** `--import oidc-provider,access-entries` or `--import all`. */
function parseImports(value: string | undefined): (typeof IMPORT_KIND_NAMES)[number][] {
  if (value === undefined) return [];
  const kinds = value.split(',').map((k) => k.trim());
  if (kinds.includes('all')) return [...IMPORT_KIND_NAMES];
  for (const k of kinds)
    if (!(IMPORT_KIND_NAMES as readonly string[]).includes(k))
      throw new UserError(
        `--import takes a comma-separated list of ${IMPORT_KIND_NAMES.join(', ')}, or all (got "${k}")`,
        { exitCode: 2 },
      );
  return [...new Set(kinds)] as (typeof IMPORT_KIND_NAMES)[number][];
}

interface TerraformSummary {
  readonly outdir: string;
  readonly files: readonly string[];
  readonly resources: Readonly<Record<string, number>>;
  readonly notes: readonly string[];
  readonly apply: readonly string[];
}

function describeTerraform(r: TerraformSummary): string {
  const tf = r.files.filter((f) => f.endsWith('.tf'));
  const total = Object.values(r.resources).reduce((a, b) => a + b, 0);
  const width = Math.max(...Object.keys(r.resources).map((k) => k.length));
  const lines = [
    `Wrote a Terraform configuration of ${tf.length} .tf file(s) and ${r.files.length - tf.length} other file(s) to ${r.outdir}, ${total} resource(s):`,
    ...Object.entries(r.resources).map(([type, n]) => `  ${type.padEnd(width)}  ${n}`),
  ];
  if (r.notes.length > 0) lines.push('', 'Notes:', ...r.notes.map((n) => `  - ${n}`));
  lines.push(
    '',
    'Apply (Terraform >= 1.5 or OpenTofu >= 1.6; credentials that may assume the role named in variables.tf):',
    ...r.apply.map((c) => `  ${c}`),
    '',
  );
  return lines.join('\n');
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
    'Deploy (bootstrap each account first, trusting the account you deploy from; see docs/deploying.md):',
    `  ${deploy}`,
    '',
  );
  return lines.join('\n');
}
