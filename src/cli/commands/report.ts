import type { Command } from 'commander';
import { UserError } from '../../errors.js';

// Placeholder until the report command lands; the owner replaces this file.
export function register(program: Command): void {
  program
    .command('report')
    .description('(not yet available)')
    .action(() => {
      throw new UserError('report is not available yet', { exitCode: 2 });
    });
}
