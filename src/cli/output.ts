/**
 * Atomic output: every file is written into a temporary directory next to the target,
 * which is then renamed into place, so a failed run never leaves a half-written directory.
 *
 * Output never surprises: an existing file is never replaced by a directory (or the reverse),
 * directories get the usual modes (0777 less the umask, like `mkdir`), a path that cannot be
 * created is a clear error (exit 2) rather than an internal one, and Ctrl-C leaves no hidden
 * temporary directory behind (./interrupt.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { removeOnSignal, withoutInterruption, yieldForSignals } from './interrupt.js';
import { cannotCreate, kindOf, makeDirs } from './make-dirs.js';

/** Relative path → file content. */
export type FileSet = ReadonlyMap<string, string>;

export async function writeDirAtomically(targetDir: string, files: FileSet, cwd?: string): Promise<string> {
  const target = resolve(cwd ?? '', targetDir);
  await fillDirAtomically(target, (tmp) => writeAll(tmp, files));
  return target;
}

/**
 * Fill a fresh directory next to `target` (`fill` gets its path), then put it in place of
 * `target`. When `fill` throws, `target` is left as it was; whatever throws, the fresh directory
 * is removed. A `target` that exists and is not a directory is refused (exit 2), untouched.
 */
export async function fillDirAtomically<T>(
  target: string,
  fill: (dir: string) => T | Promise<T>,
  cwd?: string,
): Promise<T> {
  const where = resolve(cwd ?? '', target);
  const existing = await kindOf(where, ['ENOENT', 'ENOTDIR']).catch((error: unknown) => {
    throw cannotCreate(target, `cannot look at ${where}`, error);
  });
  if (existing === 'other')
    throw new UserError(
      `${target} exists and is not a directory: it is left as it is and nothing was written (give --out a directory)`,
      { exitCode: 2 },
    );
  const tmp = await tempDirNextTo(where);
  const release = removeOnSignal(tmp);
  try {
    const result = await fill(tmp);
    await yieldForSignals();
    await withoutInterruption(() => replaceDir(tmp, where));
    return result;
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  } finally {
    release();
  }
}

/**
 * A fresh, empty directory beside `target`: on the same filesystem, so it can be renamed onto it.
 * Made with plain mkdir (0777 less the umask) under an unpredictable name, not mkdtemp (always
 * 0700): the directory becomes the output, which should have the modes the user's umask asks for.
 * mkdir fails on an existing name, symlinks included, so the name cannot be planted in advance.
 */
export async function tempDirNextTo(target: string): Promise<string> {
  const parent = dirname(resolve(target));
  await makeDirs(parent, target);
  const tmp = join(parent, `.${basename(target)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  try {
    await mkdir(tmp);
  } catch (error) {
    throw cannotCreate(target, `cannot create a directory in ${parent}`, error);
  }
  return tmp;
}

/**
 * Put directory `tmp` in place of `target`: the previous `target` (if any) is moved aside, `tmp`
 * renamed into place, then the previous one deleted. Two renames cannot replace a non-empty
 * directory in one step, so a reader may, for an instant, find no `target` — never a half-written one.
 */
export async function replaceDir(tmp: string, target: string): Promise<void> {
  const old = `${target}.old-${process.pid}`;
  await rm(old, { recursive: true, force: true });
  let hadOld = false;
  try {
    await rename(target, old);
    hadOld = true;
  } catch {
    // no previous output
  }
  await rename(tmp, target);
  if (hadOld) await rm(old, { recursive: true, force: true });
}

/** How many files are written at once: large fleets produce thousands of small files. */
const WRITE_CONCURRENCY = 32;

async function writeAll(root: string, files: FileSet): Promise<void> {
  const entries = [...files];
  for (const [rel] of entries) {
    if (rel.startsWith('/') || rel.split('/').includes('..'))
      throw new Error(`refusing to write outside output dir: ${rel}`);
  }
  const dirs = new Set(entries.map(([rel]) => dirname(join(root, rel))));
  // Sorted, parents come first: each is one plain mkdir inside the fresh directory.
  for (const dir of [...dirs].sort()) await makeDirs(dir);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < entries.length) {
      const [rel, content] = entries[next++]!;
      await writeFile(join(root, rel), content, { mode: 0o644 });
    }
  };
  await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, entries.length) }, worker));
}

/**
 * Write one file atomically (temp file + rename). The temporary name is unpredictable and created
 * exclusively (O_EXCL): in a shared directory such as /tmp, a symlink planted at a guessable name
 * would otherwise make us write the content through it, over a file of the attacker's choosing.
 * A `path` that is an existing directory is refused (exit 2), untouched.
 */
export async function writeFileAtomically(
  path: string,
  content: string,
  mode = 0o644,
  cwd?: string,
): Promise<void> {
  const target = resolve(cwd ?? '', path);
  if ((await kindOf(target, ['ENOENT', 'ENOTDIR'])) === 'directory')
    throw new UserError(
      `${path} is a directory: it is left as it is and nothing was written (give --out a file name)`,
      { exitCode: 2 },
    );
  await makeDirs(dirname(target), path);
  const tmp = join(
    dirname(target),
    `.${basename(target)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`,
  );
  const release = removeOnSignal(tmp);
  try {
    try {
      await writeFile(tmp, content, { mode, flag: 'wx' });
    } catch (error) {
      throw cannotCreate(path, `cannot create a file in ${dirname(target)}`, error);
    }
    try {
      await withoutInterruption(() => rename(tmp, target));
    } catch (error) {
      await rm(tmp, { force: true });
      throw cannotCreate(path, `cannot rename a file onto ${target}`, error);
    }
  } finally {
    release();
  }
}
