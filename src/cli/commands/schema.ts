import type { Command } from 'commander';
import { UserError } from '../../errors.js';

// Placeholder until the schema command lands; the owner replaces this file.
export function register(program: Command): void {
  program
    .command('schema')
    .description('(not yet available)')
    .action(() => {
      throw new UserError('schema is not available yet', { exitCode: 2 });
    });
}
