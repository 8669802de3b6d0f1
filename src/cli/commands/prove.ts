/**
 * `fleetlink prove [FLEET | --plan plan.json | --terraform-plan tfplan.json [FLEET]] [--format text|json|sarif]`
 * Proves that exactly the intended identities reach exactly the intended clusters.
 * Exit 0 when the proof holds, 1 when it fails (or the input is wrong), 2 on usage errors, 3 when
 * it is inconclusive (a policy it could not evaluate, a condition key it was not given).
 */
import { relative } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import type { AccessPlan, PolicyDocument } from '../../plan/types.js';
import type { Verdict } from '../../prove/types.js';
import { planFromFleetFile, printWarnings, readInputJson, readPlanFile } from '../inputs.js';
import type { Cli } from '../io.js';
import { parseFormat } from '../run.js';
import { toolHomepage, toolVersion } from '../version.js';

/** Documented in the help text and README ("prove"). */
export const EXIT_CODE: Readonly<Record<Verdict, number>> = { holds: 0, fails: 1, inconclusive: 3 };

interface ProveCliOptions {
  readonly plan?: string;
  readonly terraformPlan?: string;
  readonly format: string;
  readonly scp?: string;
  readonly rcp?: string;
}

export function register(program: Command, cli: Cli): void {
  program
    .command('prove')
    .description(
      'prove that exactly the intended Argo CD identities reach exactly the intended clusters (offline)',
    )
    .argument(
      '[fleet]',
      'fleet file (default fleet.yaml; not with --plan; with --terraform-plan: the intent to prove against)',
    )
    .option(
      '--plan <file>',
      'prove an AccessPlan JSON file (from `npx fleetlink plan --format json`, hand-edited, or observed)',
    )
    .option(
      '--terraform-plan <file>',
      'prove the JSON of a Terraform plan (`terraform show -json tfplan`), whoever wrote the Terraform',
    )
    .option('--format <format>', 'output format: text, json or sarif', 'text')
    .option('--scp <file>', 'service control policies per account: {"<account id>": [policy, ...]}')
    .option('--rcp <file>', 'resource control policies per account: {"<account id>": [policy, ...]}')
    .addHelpText(
      'after',
      [
        '',
        'Exit codes: 0 the proof holds, 1 it fails (or the input is invalid), 2 usage error or unreadable',
        'file, 3 inconclusive: something the answer rests on could not be evaluated (listed under',
        '"Not evaluated"; JSON `verdict` and `causes`). CI fails on 3 like on 1 unless it accepts it.',
        '',
        'Examples:',
        '  npx fleetlink prove examples/two-accounts/fleet.yaml',
        '  npx fleetlink plan fleet.yaml --format json > plan.json && npx fleetlink prove --plan plan.json',
        '  npx fleetlink prove fleet.yaml --format sarif > prove.sarif',
        '  terraform plan -out tfplan && terraform show -json tfplan > plan.json && npx fleetlink prove --terraform-plan plan.json',
      ].join('\n'),
    )
    .action(async (file: string | undefined, opts: ProveCliOptions) => {
      const format = parseFormat(opts.format, ['text', 'json', 'sarif'] as const);
      if (opts.plan && opts.terraformPlan)
        throw new UserError('--plan and --terraform-plan are two inputs to prove; give one', { exitCode: 2 });
      const terraform = opts.terraformPlan
        ? await loadTerraformPlan(opts.terraformPlan, file, format, cli)
        : undefined;
      const { plan, source, lines } =
        terraform ??
        (opts.plan ? await loadPlan(opts.plan, cli) : await loadFleetPlan(file ?? 'fleet.yaml', format, cli));
      const scps = opts.scp ? await readGuardrails(opts.scp, 'scp', cli) : undefined;
      const rcps = opts.rcp ? await readGuardrails(opts.rcp, 'rcp', cli) : undefined;
      const guardrails = { ...(scps ? { scps } : {}), ...(rcps ? { rcps } : {}) };
      let result: import('../../prove/types.js').ProveResult;
      if (terraform) {
        const { proveWithUnknowns } = await import('../../prove/unknowns.js');
        result = proveWithUnknowns(plan, terraform.unknowns, guardrails);
      } else {
        const { prove } = await import('../../prove/prove.js');
        result = prove(plan, guardrails);
      }
      if (format === 'json')
        cli.io.stdout.write(
          `${JSON.stringify(terraform ? { ...result, terraform: terraform.summary } : result, null, 2)}\n`,
        );
      else if (format === 'sarif') {
        const { formatSarif } = await import('../../prove/format-sarif.js');
        const sarif = formatSarif(result, {
          artifactUri: toUri(source, cli.io.cwd),
          lines,
          toolVersion: toolVersion(),
          homepage: toolHomepage(),
        });
        cli.io.stdout.write(`${JSON.stringify(sarif, null, 2)}\n`);
      } else {
        const { formatText } = await import('../../prove/format-text.js');
        cli.io.stdout.write(formatText(result));
      }
      cli.exitCode = EXIT_CODE[result.verdict];
    });
}

/** An `--scp` / `--rcp` file, validated with JSON-path messages (exit 1 when invalid). */
async function readGuardrails(
  path: string,
  kind: 'scp' | 'rcp',
  cli: Cli,
): Promise<Readonly<Record<string, readonly PolicyDocument[]>>> {
  const what = kind === 'scp' ? 'SCP file' : 'RCP file';
  const value = await readInputJson(
    path,
    what,
    (why) => new UserError(`${path}: not JSON: ${why}`),
    cli.io.cwd,
  );
  const { parseGuardrails } = await import('../../prove/guardrails.js');
  const { policies, problems } = parseGuardrails(value, kind);
  if (problems.length > 0) {
    throw new UserError(`${path}: ${problems.length} problem(s); the ${what} is not valid`, {
      problems: problems.map((p) => ({
        location: { file: path },
        path: p.path,
        message: `${p.path}: ${p.message}`,
      })),
    });
  }
  return policies;
}

interface Loaded {
  readonly plan: AccessPlan;
  readonly source: string;
  readonly lines: ReadonlyMap<string, number>;
}

interface TerraformLoaded extends Loaded {
  readonly unknowns: readonly import('../../prove/unknowns.js').UnknownValue[];
  /** What JSON output carries besides the result: what was unknown and what was assumed. */
  readonly summary: {
    readonly terraformVersion?: string;
    readonly resources: Readonly<Record<string, number>>;
    readonly unknowns: readonly import('../../prove/unknowns.js').UnknownValue[];
    readonly assumed: readonly string[];
    readonly intent: string;
  };
}

/**
 * A Terraform plan's JSON, observed into an AccessPlan. With a fleet file, its plan is the
 * intent; without one, the registrations the Terraform writes are (src/observe/terraform/observe.ts).
 */
async function loadTerraformPlan(
  path: string,
  fleetFile: string | undefined,
  format: string,
  cli: Cli,
): Promise<TerraformLoaded> {
  const json = await readInputJson(
    path,
    'Terraform plan JSON',
    (why) =>
      new UserError(
        `${path}: not JSON (${why}); write the plan's JSON with \`terraform show -json tfplan > ${path}\``,
      ),
    cli.io.cwd,
  );
  const intent = fleetFile ? (await loadFleetPlan(fleetFile, format, cli)).plan : undefined;
  const { observeTerraformPlan, TerraformPlanError } = await import('../../observe/terraform/observe.js');
  let observed: ReturnType<typeof observeTerraformPlan>;
  try {
    observed = observeTerraformPlan(json, intent ? { intent } : {});
  } catch (error) {
    if (error instanceof TerraformPlanError)
      throw new UserError(`${path}: the Terraform plan cannot be read`, {
        problems: [{ location: { file: path }, path: error.path, message: error.message }],
      });
    throw error;
  }
  if (format === 'text') for (const note of observed.assumed) cli.io.stderr.write(`assumed: ${note}\n`);
  return {
    plan: observed.plan,
    source: path,
    lines: new Map(),
    unknowns: observed.unknowns,
    summary: {
      ...(observed.terraformVersion ? { terraformVersion: observed.terraformVersion } : {}),
      resources: observed.counts,
      unknowns: observed.unknowns,
      assumed: observed.assumed,
      intent: fleetFile ? `fleet file ${fleetFile}` : 'the cluster registrations in the plan',
    },
  };
}

async function loadPlan(path: string, cli: Cli): Promise<Loaded> {
  return { plan: await readPlanFile(path, cli.io.cwd), source: path, lines: new Map() };
}

async function loadFleetPlan(file: string, format: string, cli: Cli): Promise<Loaded> {
  const { plan, fleet, warnings } = await planFromFleetFile(file, cli.io.cwd);
  if (format === 'text') printWarnings(warnings, cli.io.stderr);
  // Findings name clusters, or the deployer roles serving them: both point at the spoke's line.
  const lines = new Map<string, number>();
  for (const s of fleet.spokes) if (s.sourceLine !== undefined) lines.set(s.name, s.sourceLine);
  for (const c of plan.clusters) {
    const line = lines.get(c.name);
    const roleArn = c.config.awsAuthConfig?.roleARN;
    if (line !== undefined && roleArn && !lines.has(roleArn)) lines.set(roleArn, line);
  }
  return { plan, source: file, lines };
}

/** SARIF wants a URI relative to the repository root; the working directory stands in for it. */
function toUri(path: string, cwd: string): string {
  const rel = relative(cwd, path) || path;
  return rel.split('\\').join('/');
}
