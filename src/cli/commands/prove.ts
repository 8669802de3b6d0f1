import type { Command } from 'commander';
import { UserError } from '../../errors.js';

// Placeholder until the prove command lands; the owner replaces this file.
export function register(program: Command): void {
  program
    .command('prove')
    .description('(not yet available)')
    .action(() => {
      throw new UserError('prove is not available yet', { exitCode: 2 });
    });
}
