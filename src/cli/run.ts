/** Shared command plumbing: error reporting, exit codes, output formats. */
import { formatProblem, UserError } from '../errors.js';
import type { CliIo, OutStream } from './io.js';

export type OutputFormat = 'text' | 'json';

export function parseFormat<T extends string>(value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UserError(`--format must be one of ${allowed.join(', ')} (got "${value}")`, { exitCode: 2 });
}

/** Print an error the way a user can act on it; never a stack trace unless FLEETLINK_DEBUG is set. */
export function reportError(error: unknown, io: Pick<CliIo, 'stderr' | 'env'>): number {
  if (error instanceof UserError) {
    if (error.problems.length > 0) {
      for (const p of error.problems) io.stderr.write(`${formatProblem(p)}\n`);
      if (error.message) io.stderr.write(`${error.message}\n`);
    } else {
      io.stderr.write(`fleetlink: ${error.message}\n`);
    }
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`fleetlink: internal error: ${message}\n`);
  if (io.env.FLEETLINK_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return 2;
}

export function writeJson(value: unknown, stdout: OutStream): void {
  stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
