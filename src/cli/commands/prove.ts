/**
 * `fleetlink prove [FLEET | --plan plan.json] [--format text|json|sarif]`
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
import { parseFormat } from '../run.js';
import { toolVersion } from '../version.js';

/** Documented in the help text and README ("prove"). */
export const EXIT_CODE: Readonly<Record<Verdict, number>> = { holds: 0, fails: 1, inconclusive: 3 };

interface ProveCliOptions {
  readonly plan?: string;
  readonly format: string;
  readonly scp?: string;
  readonly rcp?: string;
}

export function register(program: Command): void {
  program
    .command('prove')
    .description(
      'prove that exactly the intended Argo CD identities reach exactly the intended clusters (offline)',
    )
    .argument('[fleet]', 'fleet file (ignored with --plan)', 'fleet.yaml')
    .option(
      '--plan <file>',
      'prove an AccessPlan JSON file (from `npx fleetlink plan --format json`, hand-edited, or observed)',
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
      ].join('\n'),
    )
    .action(async (file: string, opts: ProveCliOptions) => {
      const format = parseFormat(opts.format, ['text', 'json', 'sarif'] as const);
      const { plan, source, lines } = opts.plan
        ? await loadPlan(opts.plan)
        : await loadFleetPlan(file, format);
      const scps = opts.scp ? await readGuardrails(opts.scp, 'scp') : undefined;
      const rcps = opts.rcp ? await readGuardrails(opts.rcp, 'rcp') : undefined;
      const { prove } = await import('../../prove/prove.js');
      const result = prove(plan, { ...(scps ? { scps } : {}), ...(rcps ? { rcps } : {}) });
      if (format === 'json') process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else if (format === 'sarif') {
        const { formatSarif } = await import('../../prove/format-sarif.js');
        const sarif = formatSarif(result, {
          artifactUri: toUri(source),
          lines,
          toolVersion: toolVersion(),
        });
        process.stdout.write(`${JSON.stringify(sarif, null, 2)}\n`);
      } else {
        const { formatText } = await import('../../prove/format-text.js');
        process.stdout.write(formatText(result));
      }
      process.exitCode = EXIT_CODE[result.verdict];
    });
}

/** An `--scp` / `--rcp` file, validated with JSON-path messages (exit 1 when invalid). */
async function readGuardrails(
  path: string,
  kind: 'scp' | 'rcp',
): Promise<Readonly<Record<string, readonly PolicyDocument[]>>> {
  const what = kind === 'scp' ? 'SCP file' : 'RCP file';
  const value = await readInputJson(path, what, (why) => new UserError(`${path}: not JSON: ${why}`));
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

async function loadPlan(path: string): Promise<Loaded> {
  return { plan: await readPlanFile(path), source: path, lines: new Map() };
}

async function loadFleetPlan(file: string, format: string): Promise<Loaded> {
  const { plan, fleet, warnings } = await planFromFleetFile(file);
  if (format === 'text') printWarnings(warnings);
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
function toUri(path: string): string {
  const rel = relative(process.cwd(), path) || path;
  return rel.split('\\').join('/');
}
