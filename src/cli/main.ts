#!/usr/bin/env node
/**
 * The `fleetlink` command. Each command lives in src/cli/commands/<name>.ts and exports
 * `register(program)`. Command modules import only light modules at top level and load the
 * heavy ones (CDK, AWS SDK, Kubernetes client) inside their action. `fleetlink token` — a kubectl
 * exec plugin, run on every token refresh — is dispatched before commander and the other command
 * modules are even loaded, when its arguments are plain options (anything else, `--help` included,
 * goes through commander as before).
 */
import module from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Cli } from './io.js';

// Node ≥ 22.1 keeps V8's compiled code of the modules loaded after this call on disk and reuses it
// on the next start (measured: 3.5 % fewer instructions for `fleetlink token`, docs/benchmarks.md).
// Node 20 has no such API. The cache goes to NODE_COMPILE_CACHE if set, else to the user's own cache
// directory — not Node's default in the shared temp directory, where another local user could plant
// code for an exec plugin that holds credentials. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
const enableCompileCache = (module as { enableCompileCache?: (dir?: string) => unknown }).enableCompileCache;
enableCompileCache?.(
  process.env.NODE_COMPILE_CACHE ||
    join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'fleetlink', 'node-compile-cache'),
);

const [{ reportError }, { processIo }] = await Promise.all([import('./run.js'), import('./io.js')]);

/**
 * The process's command line: `fleetlink token` with plain options is answered here, before
 * commander and the other command modules load (start-up is what an exec plugin costs; see
 * bench/token.bench.mjs); everything else goes to `execWith` (./exec.ts), the CLI as a function.
 */
export async function main(argv: readonly string[], run: Cli): Promise<number> {
  if (argv[0] === 'token') {
    const { printToken, tokenFastPath } = await import('./commands/token.js');
    const opts = tokenFastPath(argv.slice(1));
    if (opts !== undefined) {
      await printToken(opts, run);
      return run.exitCode ?? 0;
    }
  }
  const { execWith } = await import('./exec.js');
  return execWith(run, argv);
}

const run: Cli = { io: processIo(), exitCode: undefined };

// `fleetlink plan | head` closes our stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(run.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2), run).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = reportError(error, run.io);
  },
);
