/**
 * Atomic output: every file is written into a temporary directory next to the target,
 * which is then renamed into place, so a failed run never leaves a half-written directory.
 */
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** Relative path → file content. */
export type FileSet = ReadonlyMap<string, string>;

export async function writeDirAtomically(targetDir: string, files: FileSet): Promise<string> {
  const target = resolve(targetDir);
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  const tmp = await mkdtemp(join(parent, `.${basename(target)}.tmp-`));
  try {
    await writeAll(tmp, files);
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
    return target;
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
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

/** Write one file atomically (temp file + rename). */
export async function writeFileAtomically(path: string, content: string, mode = 0o644): Promise<void> {
  const target = resolve(path);
  await mkdir(dirname(target), { recursive: true });
  const tmp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}`);
  await writeFile(tmp, content, { mode });
  await rename(tmp, target);
}
