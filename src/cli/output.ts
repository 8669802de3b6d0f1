/**
 * Atomic output: every file is written into a temporary directory next to the target,
 * which is then renamed into place, so a failed run never leaves a half-written directory.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** Relative path → file content. */
export type FileSet = ReadonlyMap<string, string>;

export async function writeDirAtomically(targetDir: string, files: FileSet): Promise<string> {
  const target = resolve(targetDir);
  await fillDirAtomically(target, (tmp) => writeAll(tmp, files));
  return target;
}

/**
 * Fill a fresh directory next to `target` (`fill` gets its path), then put it in place of
 * `target`. When `fill` throws, `target` is left as it was; whatever throws, the fresh directory
 * is removed.
 */
export async function fillDirAtomically<T>(
  target: string,
  fill: (dir: string) => T | Promise<T>,
): Promise<T> {
  const tmp = await tempDirNextTo(target);
  try {
    const result = await fill(tmp);
    await replaceDir(tmp, target);
    return result;
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
}

/** A fresh, empty directory beside `target`: on the same filesystem, so it can be renamed onto it. */
export async function tempDirNextTo(target: string): Promise<string> {
  const parent = dirname(resolve(target));
  await mkdir(parent, { recursive: true });
  return mkdtemp(join(parent, `.${basename(target)}.tmp-`));
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
  for (const dir of [...dirs].sort()) await mkdir(dir, { recursive: true });
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
 */
export async function writeFileAtomically(path: string, content: string, mode = 0o644): Promise<void> {
  const target = resolve(path);
  await mkdir(dirname(target), { recursive: true });
  const tmp = join(
    dirname(target),
    `.${basename(target)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`,
  );
  await writeFile(tmp, content, { mode, flag: 'wx' });
  try {
    await rename(tmp, target);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
