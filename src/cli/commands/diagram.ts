import type { Command } from 'commander';
import { UserError } from '../../errors.js';

// Placeholder until the diagram command lands; the owner replaces this file.
export function register(program: Command): void {
  program
    .command('diagram')
    .description('(not yet available)')
    .action(() => {
      throw new UserError('diagram is not available yet', { exitCode: 2 });
    });
}
