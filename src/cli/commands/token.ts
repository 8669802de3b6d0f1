import type { Command } from 'commander';
import { UserError } from '../../errors.js';

// Placeholder until the token command lands; the owner replaces this file.
export function register(program: Command): void {
  program
    .command('token')
    .description('(not yet available)')
    .action(() => {
      throw new UserError('token is not available yet', { exitCode: 2 });
    });
}
