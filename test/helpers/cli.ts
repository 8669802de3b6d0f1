/**
 * The CLI in process: `runCli(args)` calls `exec(argv, io)` (src/cli/exec.ts) with buffers for
 * stdout and stderr, a stdin made of `input`, and the given environment and working directory —
 * what a child process would see, without spawning one. Keep true subprocess tests for what only
 * a process has: exit codes as the shell sees them, signals, the token fast path in main.ts.
 */
import { Readable } from 'node:stream';
import { exec } from '../../src/cli/exec.js';
import type { CliIo, OutStream } from '../../src/cli/io.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly input?: string;
  /** Pretend stdout / stderr are terminals (progress lines, colour). */
  readonly tty?: boolean;
}

/** A writer that keeps what it is given. */
export function bufferStream(tty = false): OutStream & { text(): string } {
  const chunks: string[] = [];
  return {
    isTTY: tty,
    write(chunk: string | Uint8Array) {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    },
    text: () => chunks.join(''),
  };
}

export function testIo(options: RunOptions = {}): CliIo & {
  stdout: ReturnType<typeof bufferStream>;
  stderr: ReturnType<typeof bufferStream>;
} {
  return {
    stdout: bufferStream(options.tty),
    stderr: bufferStream(options.tty),
    stdin: Readable.from(options.input === undefined ? [] : [options.input]),
    env: options.env ?? { NO_COLOR: '1' },
    cwd: options.cwd ?? process.cwd(),
  };
}

export async function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  const io = testIo(options);
  const code = await exec(args, io);
  return { code, stdout: io.stdout.text(), stderr: io.stderr.text() };
}
