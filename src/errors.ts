/**
 * Errors a user can act on. The CLI prints `message` (never a stack) and exits with `exitCode`.
 * Exit codes follow DESIGN.md: 1 = the input is wrong / the answer is "no", 2 = usage or tool failure.
 */
export interface SourceLocation {
  readonly file: string;
  /** 1-based line and column; absent when the problem has no position (e.g. a missing file). */
  readonly line?: number;
  readonly column?: number;
}

export interface Problem {
  readonly location: SourceLocation;
  /** JSON path inside the document, e.g. `spokes[1].account`. */
  readonly path?: string;
  readonly message: string;
}

export class UserError extends Error {
  readonly exitCode: 1 | 2;
  readonly problems: readonly Problem[];

  constructor(message: string, options: { exitCode?: 1 | 2; problems?: readonly Problem[] } = {}) {
    super(message);
    this.name = 'UserError';
    this.exitCode = options.exitCode ?? 1;
    this.problems = options.problems ?? [];
  }
}

/** `file:line:column: message` — the format editors and CI annotate from. */
export function formatProblem(p: Problem): string {
  const { file, line, column } = p.location;
  const where = line === undefined ? file : `${file}:${line}:${column ?? 1}`;
  return `${where}: ${p.message}`;
}
