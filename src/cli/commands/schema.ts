/**
 * `fleetlink schema [-o|--out FILE] [--format json]`: the fleet file's JSON Schema. JSON is its
 * only form; --format json is accepted so every reporting command takes the same flag.
 */
import type { Command } from 'commander';
import type { Cli } from '../io.js';
import { parseFormat } from '../run.js';

interface SchemaOptions {
  readonly out?: string;
  readonly format: string;
}

export function register(program: Command, cli: Cli): void {
  program
    .command('schema')
    .description('print the JSON Schema of fleet files (for editors: yaml-language-server, VS Code)')
    .option('-o, --out <file>', 'write it to this file (atomically) instead of stdout')
    .option('--format <format>', 'output format: json (the only one)', 'json')
    .addHelpText('after', '\nExamples:\n  npx fleetlink schema --out fleet.schema.json')
    .action(async (opts: SchemaOptions) => {
      parseFormat(opts.format, ['json'] as const);
      const { fleetJsonSchemaText } = await import('../../fleet/json-schema.js');
      const text = fleetJsonSchemaText();
      if (opts.out === undefined) {
        cli.io.stdout.write(text);
        return;
      }
      const { writeFileAtomically } = await import('../output.js');
      await writeFileAtomically(opts.out, text, undefined, cli.io.cwd);
      cli.io.stdout.write(`${opts.out}\n`);
    });
}
