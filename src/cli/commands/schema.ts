import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of fleet files (for editors: yaml-language-server, VS Code)')
    .action(async () => {
      const { fleetJsonSchemaText } = await import('../../fleet/json-schema.js');
      process.stdout.write(fleetJsonSchemaText());
    });
}
