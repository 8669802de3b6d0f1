/**
 * Creating directories so that failures are named, shared by the output writer and the token
 * credential cache.
 */
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UserError } from '../errors.js';

/**
 * `mkdir -p`, one level at a time. Node's `mkdir(…, { recursive: true })` never returns for a
 * path under a filesystem that answers ENOENT to mkdir of an existing parent (/proc/nope/x: it
 * retries the parent forever); and each failure here names the path and the reason.
 */
export async function makeDirs(dir: string, forTarget: string = dir, mode?: number): Promise<void> {
  const missing: string[] = [];
  for (let d = resolve(dir); ; d = dirname(d)) {
    // ENOTDIR: some parent is a file; walking up finds which one.
    const kind = await kindOf(d, ['ENOENT', 'ENOTDIR']).catch((error: unknown) => {
      throw cannotCreate(forTarget, `cannot look at ${d}`, error);
    });
    if (kind === 'directory') break;
    if (kind === 'other') throw cannotCreate(forTarget, `${d} is a file, not a directory`);
    missing.push(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing.reverse()) {
    try {
      await mkdir(d, mode === undefined ? undefined : { mode });
    } catch (error) {
      // Made meanwhile by someone else (a parallel run): fine if it is a directory.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && (await kindOf(d)) === 'directory') continue;
      throw cannotCreate(forTarget, `cannot create directory ${d}`, error);
    }
  }
}

/** What is at `path`, following symlinks; ENOENT is "nothing", other errors are thrown. */
export async function kindOf(path: string, absent = ['ENOENT']): Promise<'directory' | 'other' | 'none'> {
  try {
    return (await stat(path)).isDirectory() ? 'directory' : 'other';
  } catch (error) {
    if (absent.includes((error as NodeJS.ErrnoException).code ?? '')) return 'none';
    throw error;
  }
}

const REASONS: Readonly<Record<string, string>> = {
  // mkdir in an existing directory answers ENOENT on /proc-like filesystems.
  ENOENT: 'the filesystem does not allow it (ENOENT)',
  ENOTDIR: 'a part of the path is a file, not a directory (ENOTDIR)',
  EACCES: 'permission denied (EACCES)',
  EPERM: 'operation not permitted (EPERM)',
  EROFS: 'read-only filesystem (EROFS)',
  ENOSPC: 'no space left on the device (ENOSPC)',
  EEXIST: 'something else exists at that path (EEXIST)',
  ENAMETOOLONG: 'the path is too long (ENAMETOOLONG)',
  ELOOP: 'too many levels of symbolic links (ELOOP)',
};

export function cannotCreate(target: string, step: string, error?: unknown): UserError {
  const e = error as NodeJS.ErrnoException | undefined;
  const why = error === undefined ? '' : `: ${(e?.code && REASONS[e.code]) || e?.message || String(error)}`;
  return new UserError(`cannot write ${target}: ${step}${why}; nothing was written`, { exitCode: 2 });
}
