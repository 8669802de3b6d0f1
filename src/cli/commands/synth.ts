import type { Command } from 'commander';
import { UserError } from '../../errors.js';

// Placeholder until the synth command lands; the owner replaces this file.
export function register(program: Command): void {
  program
    .command('synth')
    .description('(not yet available)')
    .action(() => {
      throw new UserError('synth is not available yet', { exitCode: 2 });
    });
}
