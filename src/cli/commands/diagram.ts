/**
 * `fleetlink diagram [FLEET] [--plan plan.json] [--format mermaid|svg] [--out FILE]`
 * Draws the fleet's access chain: Mermaid for READMEs and pull requests, SVG for the rest.
 * Output goes to stdout unless --out names a file (written atomically).
 */
import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import { loadPlan } from '../inputs.js';
import type { Cli } from '../io.js';
import { parseFormat } from '../run.js';

interface DiagramCliOptions {
  readonly plan?: string;
  readonly format: string;
  readonly out?: string;
  readonly collapseAbove?: string;
}

export function register(program: Command, cli: Cli): void {
  program
    .command('diagram')
    .description("draw the fleet's access chain as Mermaid (READMEs, pull requests) or a self-contained SVG")
    .argument('[fleet]', 'fleet file (ignored with --plan)', 'fleet.yaml')
    .option('--plan <file>', 'draw an AccessPlan JSON file (from `npx fleetlink plan --format json`) instead')
    .option('--format <format>', 'mermaid or svg', 'mermaid')
    .option('-o, --out <file>', 'write to this file instead of stdout (atomically)')
    .option(
      '--collapse-above <n>',
      'Mermaid: above this many clusters, fold each account into one deployer node and one cluster node (default 50; 0 = never fold)',
    )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  npx fleetlink diagram examples/two-accounts/fleet.yaml            # Mermaid on stdout',
        '  npx fleetlink diagram fleet.yaml --format svg --out fleet.svg',
      ].join('\n'),
    )
    .action(async (file: string, opts: DiagramCliOptions) => {
      const format = parseFormat(opts.format, ['mermaid', 'svg'] as const);
      const collapseAbove = parseCollapse(opts.collapseAbove);
      const plan = await loadPlan(file, opts.plan, cli.io);
      let text: string;
      if (format === 'svg') {
        const { renderSvg } = await import('../../render/diagram/svg.js');
        text = renderSvg(plan);
      } else {
        const { renderMermaid } = await import('../../render/diagram/mermaid.js');
        text = renderMermaid(plan, collapseAbove === undefined ? {} : { collapseAbove });
      }
      if (opts.out) {
        const { writeFileAtomically } = await import('../output.js');
        await writeFileAtomically(opts.out, text, undefined, cli.io.cwd);
        cli.io.stdout.write(`${opts.out}\n`);
      } else cli.io.stdout.write(text);
    });
}

function parseCollapse(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new UserError(`--collapse-above must be a whole number (got "${value}")`, { exitCode: 2 });
  const n = Number(value);
  return n === 0 ? Number.POSITIVE_INFINITY : n;
}
