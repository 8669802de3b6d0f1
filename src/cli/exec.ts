/**
 * The CLI as a function: `exec(argv, io)` runs one command line against the given streams,
 * environment and working directory and resolves to its exit code (0 ok, 1 the answer is "no",
 * 2 usage or tool error, 3 prove inconclusive). Nothing here touches `process` — main.ts passes
 * the real process in, tests pass buffers. What stays process-wide: signal handling while output
 * is written (./interrupt.ts) and the environment the AWS SDK and the Kubernetes client read
 * themselves.
 */
import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.js';
import type { Cli, CliIo } from './io.js';
import { reportError } from './run.js';
import { toolVersion } from './version.js';

export const DESCRIPTION =
  'Keyless, provable Argo CD hub-and-spoke access to EKS clusters across AWS accounts';

/** The whole command tree, writing to `cli.io`; also what the CLI reference (docs/cli.md) is made from. */
export function buildProgram(cli: Cli): Command {
  const program = new Command('fleetlink')
    .description(DESCRIPTION)
    .version(toolVersion(), '--version')
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({
      writeOut: (s) => cli.io.stdout.write(s),
      writeErr: (s) => cli.io.stderr.write(s),
    });
  for (const register of commands) register(program, cli);
  return program;
}

export function exec(argv: readonly string[], io: CliIo): Promise<number> {
  return execWith({ io, exitCode: undefined }, argv);
}

/** `exec` on a run whose state the caller keeps (main.ts reads `exitCode` when stdout breaks). */
export async function execWith(cli: Cli, argv: readonly string[]): Promise<number> {
  const { io } = cli;
  try {
    await buildProgram(cli).parseAsync([...argv], { from: 'user' });
    return cli.exitCode ?? 0;
  } catch (error) {
    // --help and --version end through exitOverride with code 0; commander's usage errors are 2.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    return reportError(error, io);
  }
}
