#!/usr/bin/env node
/**
 * The `fleetlink` command. Each command lives in src/cli/commands/<name>.ts and exports
 * `register(program)`. Command modules import only light modules at top level and load the
 * heavy ones (CDK, AWS SDK, Kubernetes client) inside their action, so `fleetlink token`
 * — a kubectl exec plugin — starts fast.
 */
import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.js';
import { reportError } from './run.js';
import { toolVersion } from './version.js';

export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('fleetlink')
    .description('Keyless, provable Argo CD hub-and-spoke access to EKS clusters across AWS accounts')
    .version(toolVersion(), '--version')
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of commands) register(program);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through exitOverride with code 0.
      return error.exitCode === 0 ? 0 : 2;
    }
    return reportError(error);
  }
}

// `fleetlink plan | head` closes our stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode === undefined ? 0 : Number(process.exitCode));
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = reportError(error);
  },
);
