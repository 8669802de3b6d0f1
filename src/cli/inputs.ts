/**
 * Input files of the commands: one way to read them and one message and exit code when they
 * cannot be read. A missing or unreadable input file is a usage error (exit 2): the command was
 * pointed at something that is not a readable file. Content that is wrong is exit 1 (the parsers).
 * Loaded by every command at startup, so only light modules at top level; the parsers and the
 * planner are imported when first needed.
 */
import { open, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UserError } from '../errors.js';
import type { Finding } from '../findings.js';
import type { Fleet } from '../fleet/types.js';
import type { AccessPlan } from '../plan/types.js';
import type { CliIo, OutStream } from './io.js';

export interface InputErrorOptions {
  /** What the file should have been, for the "it is a directory" case (default: `a <what>`). */
  readonly expected?: string;
  /** Appended to the message when the file does not exist, e.g. how to name the right one. */
  readonly missingHint?: string;
  /** The run's working directory (exec's io.cwd); messages keep the path as given. */
  readonly cwd?: string;
}

/** Where to open `path`: relative to `cwd` when the run has its own. */
export function openPath(path: string, cwd: string | undefined): string {
  return cwd === undefined ? path : resolve(cwd, path);
}

/** `cannot read <what> <path>: <why>`, exit 2, without a stack trace. */
export function inputError(
  path: string,
  what: string,
  error: unknown,
  options: InputErrorOptions = {},
): UserError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? `no such file${options.missingHint ?? ''}`
      : code === 'EISDIR'
        ? `it is a directory, expected ${options.expected ?? `a ${what}`}`
        : code === 'EACCES'
          ? 'permission denied'
          : ((error as Error).message ?? 'unreadable');
  return new UserError(`cannot read ${what} ${path}: ${why}`, { exitCode: 2 });
}

/** The whole file as UTF-8 text; `what` names it in the error (`plan file`, `snapshot`, …). */
export async function readInputText(
  path: string,
  what: string,
  options: InputErrorOptions = {},
): Promise<string> {
  try {
    return await readFile(openPath(path, options.cwd), 'utf8');
  } catch (error) {
    throw inputError(path, what, error, options);
  }
}

/**
 * The file parsed as JSON. Text that is not JSON is wrong content (the caller's `invalid` builds
 * that error from the parser's reason), not an unreadable file.
 */
export async function readInputJson(
  path: string,
  what: string,
  invalid: (why: string) => UserError,
  cwd?: string,
): Promise<unknown> {
  const text = await readInputText(path, what, { cwd });
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalid(error instanceof Error ? error.message : String(error));
  }
}

/** The file as a UTF-8 stream, for inputs read line by line; fails like readInputText when it cannot be opened. */
export async function openInputStream(
  path: string,
  what: string,
  cwd?: string,
): Promise<NodeJS.ReadableStream> {
  try {
    const handle = await open(openPath(path, cwd), 'r');
    // Opening a directory succeeds; reading it would fail later, inside the stream.
    if ((await handle.stat()).isDirectory()) {
      await handle.close();
      throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    }
    return handle.createReadStream({ encoding: 'utf8' });
  } catch (error) {
    throw inputError(path, what, error);
  }
}

/** An AccessPlan JSON file (`fleetlink plan --format json`, hand-edited, or observed). */
export async function readPlanFile(path: string, cwd?: string): Promise<AccessPlan> {
  const text = await readInputText(path, 'plan file', { cwd });
  const { parseAccessPlan } = await import('../plan/parse.js');
  return parseAccessPlan(text, path);
}

export interface FleetPlan {
  readonly plan: AccessPlan;
  readonly fleet: Fleet;
  /** The fleet loader's warnings, then the planner's. */
  readonly warnings: readonly Finding[];
}

/** A fleet file, planned now. */
export async function planFromFleetFile(path: string, cwd?: string): Promise<FleetPlan> {
  // Loaded side by side: module loading waits on file reads, so the two overlap.
  const [{ readFleet }, { planFleet }] = await Promise.all([
    import('./fleet-file.js'),
    import('../plan/plan.js'),
  ]);
  const loaded = await readFleet(path, cwd);
  const plan = planFleet(loaded.fleet);
  return { plan, fleet: loaded.fleet, warnings: [...loaded.warnings, ...plan.warnings] };
}

/**
 * The plan a command works on: a saved AccessPlan JSON (`--plan`), or the fleet file planned now,
 * with its warnings on stderr.
 */
export async function loadPlan(
  fleetFile: string,
  planFile: string | undefined,
  io: Pick<CliIo, 'stderr' | 'cwd'>,
): Promise<AccessPlan> {
  if (planFile) return readPlanFile(planFile, io.cwd);
  const { plan, warnings } = await planFromFleetFile(fleetFile, io.cwd);
  printWarnings(warnings, io.stderr);
  return plan;
}

/** Warnings (and errors) on stderr, one line each; info findings stay quiet. */
export function printWarnings(findings: readonly Finding[], stderr: OutStream): void {
  for (const f of findings) if (f.severity !== 'info') stderr.write(formatWarning(f));
}

/**
 * `fleet.yaml:12:5: warning LINT-… subject: message` and its fix: positioned like the loader's
 * errors when the finding's evidence names a place in the fleet file (the lints' evidence does).
 */
export function formatWarning(f: Finding): string {
  const where = f.evidence.map((e) => e.source).find((s) => /^.+:\d+:\d+$/.test(s));
  return `${where === undefined ? '' : `${where}: `}${f.severity} ${f.id} ${f.subject}: ${f.message}\n  fix: ${f.fix}\n`;
}
