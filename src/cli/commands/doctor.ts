import type { Command } from 'commander';
import { UserError } from '../../errors.js';

// Placeholder until the doctor command lands; the owner replaces this file.
export function register(program: Command): void {
  program
    .command('doctor')
    .description('(not yet available)')
    .action(() => {
      throw new UserError('doctor is not available yet', { exitCode: 2 });
    });
}
