import type { Command } from 'commander';
import { UserError } from '../../errors.js';

// Placeholder until the plan command lands; the owner replaces this file.
export function register(program: Command): void {
  program
    .command('plan')
    .description('(not yet available)')
    .action(() => {
      throw new UserError('plan is not available yet', { exitCode: 2 });
    });
}
