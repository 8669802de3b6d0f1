/**
 * What a run of the CLI may touch of its process: two writers, a reader, the environment and the
 * working directory. `exec(argv, io)` (./exec.ts) takes them as data, so tests run commands in
 * process with buffers; `processIo()` is the real process, used by ./main.ts.
 */
import { resolve } from 'node:path';

/** A writable stream as the commands use it (process.stdout, or a buffer in tests). */
export interface OutStream {
  write(chunk: string | Uint8Array): boolean;
  /** A terminal: progress lines and colour only then. */
  readonly isTTY?: boolean;
  /** Back-pressure: called when a write that returned false has drained (simulate --jsonl). */
  once?(event: 'drain', listener: () => void): unknown;
}

export interface CliIo {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  /** Read by `simulate --jsonl -` and `token verify -`. */
  readonly stdin: NodeJS.ReadableStream;
  /** What the commands read of the environment (region, KUBERNETES_EXEC_INFO, NO_COLOR, …). */
  readonly env: NodeJS.ProcessEnv;
  /** Relative file arguments are resolved against this directory. */
  readonly cwd: string;
}

/** State of one run: its io, and the exit code a command chose without throwing. */
export interface Cli {
  readonly io: CliIo;
  exitCode: number | undefined;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    get cwd() {
      return process.cwd();
    },
  };
}

/** `path` as the process must open it: relative paths are relative to the run's working directory. */
export function inCwd(cwd: string, path: string): string {
  return resolve(cwd, path);
}
