/**
 * `fleetlink report [FLEET] [--plan plan.json] [--doctor RESULT.json] [-o|--out report.html] [--format text|json]`
 * Plans (or reads a plan), proves it, and writes ONE self-contained HTML file: the diagram,
 * the access matrix, the findings with fixes and, with --doctor, the live state per cluster.
 * Prints the report's path. Exit 0 when the report was written — whether or not the proof
 * holds (the report says so; `fleetlink prove` is the gate for CI); 1 on bad input; 2 when an
 * input file cannot be read.
 */
import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import { loadPlan, readInputJson } from '../inputs.js';
import type { Cli } from '../io.js';
import { parseFormat } from '../run.js';

interface ReportCliOptions {
  readonly plan?: string;
  readonly doctor?: string;
  readonly out: string;
  readonly title?: string;
  readonly format: string;
}

export function register(program: Command, cli: Cli): void {
  program
    .command('report')
    .description(
      'write one self-contained HTML report: access-chain diagram, access matrix, findings with fixes, doctor result',
    )
    .argument('[fleet]', 'fleet file (ignored with --plan)', 'fleet.yaml')
    .option(
      '--plan <file>',
      'report on an AccessPlan JSON file (from `npx fleetlink plan --format json`) instead',
    )
    .option('--doctor <file>', 'include a doctor result (`npx fleetlink doctor --format json` output)')
    .option('-o, --out <file>', 'where to write the HTML report', 'report.html')
    .option('--title <text>', 'report title')
    .option(
      '--format <format>',
      'what to print once the report is written: text (its path) or json (path, verdict and counts)',
      'text',
    )
    .addHelpText(
      'after',
      [
        '',
        'The file loads nothing from the network (strict Content-Security-Policy), so it can be',
        'attached to a ticket or kept as a CI artifact. Exit 0 when written, even if the proof fails.',
        '',
        'Examples:',
        '  npx fleetlink report examples/two-accounts/fleet.yaml --out report.html',
        '  npx fleetlink doctor fleet.yaml --format json > doctor.json; npx fleetlink report fleet.yaml --doctor doctor.json',
      ].join('\n'),
    )
    .action(async (file: string, opts: ReportCliOptions) => {
      const format = parseFormat(opts.format, ['text', 'json'] as const);
      const plan = await loadPlan(file, opts.plan, cli.io);
      const doctor = opts.doctor ? await readDoctor(opts.doctor, cli.io.cwd) : undefined;
      const { prove } = await import('../../prove/prove.js');
      const { renderReport } = await import('../../render/report/report.js');
      const { writeFileAtomically } = await import('../output.js');
      const result = prove(plan);
      const html = renderReport({
        plan,
        prove: result,
        ...(doctor ? { doctor } : {}),
        ...(opts.title ? { title: opts.title } : {}),
        generatedAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      });
      await writeFileAtomically(opts.out, html, undefined, cli.io.cwd);
      const errors = result.findings.filter((f) => f.severity === 'error').length;
      if (format === 'json') {
        const summary = {
          report: opts.out,
          holds: result.holds,
          clusters: plan.clusters.length,
          findings: result.findings.length,
          errors,
          ...(doctor ? { doctor: opts.doctor } : {}),
        };
        cli.io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        return;
      }
      cli.io.stderr.write(
        `proof ${result.verdict}: ${plan.clusters.length} cluster(s), ${result.findings.length} finding(s), ${errors} error(s)\n`,
      );
      cli.io.stdout.write(`${opts.out}\n`);
    });
}

async function readDoctor(path: string, cwd: string) {
  const json = await readInputJson(
    path,
    'doctor result',
    (why) =>
      new UserError(
        `${path}: not valid JSON (${why}); expected \`npx fleetlink doctor --format json\` output`,
        {
          exitCode: 1,
        },
      ),
    cwd,
  );
  const { parseDoctorResultView } = await import('../../render/report/doctor-view.js');
  return parseDoctorResultView(json, path);
}
