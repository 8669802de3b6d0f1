import type { Command } from 'commander';
import { UserError } from '../../errors.js';

// Placeholder until the simulate command lands; the owner replaces this file.
export function register(program: Command): void {
  program
    .command('simulate')
    .description('(not yet available)')
    .action(() => {
      throw new UserError('simulate is not available yet', { exitCode: 2 });
    });
}
