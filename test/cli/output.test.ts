/** Atomic directory output: all or nothing, and nothing left behind. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fillDirAtomically, writeDirAtomically } from '../../src/cli/output.js';

const root = mkdtempSync(join(tmpdir(), 'fleetlink-output-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('fillDirAtomically', () => {
  it('replaces the previous directory as a whole and returns what fill returned', async () => {
    const target = join(root, 'a', 'out');
    mkdirSync(target, { recursive: true });
    writeFileSync(join(target, 'stale.txt'), 'old');
    const got = await fillDirAtomically(target, (dir) => {
      writeFileSync(join(dir, 'new.txt'), 'new');
      return 42;
    });
    expect(got).toBe(42);
    expect(readdirSync(target)).toEqual(['new.txt']);
    expect(readdirSync(join(root, 'a'))).toEqual(['out']);
  });

  it('when fill throws, the previous directory is untouched and no temporary directory is left', async () => {
    const target = join(root, 'b');
    mkdirSync(target);
    writeFileSync(join(target, 'keep.txt'), 'kept');
    await expect(
      fillDirAtomically(target, async (dir) => {
        writeFileSync(join(dir, 'half.txt'), 'half');
        throw new Error('synth failed');
      }),
    ).rejects.toThrow('synth failed');
    expect(readdirSync(target)).toEqual(['keep.txt']);
    expect(readdirSync(root).filter((f) => f.includes('.tmp-') || f.includes('.old-'))).toEqual([]);
  });

  it('creates a target that did not exist, parents included', async () => {
    const target = join(root, 'c', 'd', 'new');
    await fillDirAtomically(target, (dir) => writeFileSync(join(dir, 'x'), 'x'));
    expect(readFileSync(join(target, 'x'), 'utf8')).toBe('x');
  });
});

describe('writeDirAtomically', () => {
  it('writes the file set into the directory and refuses paths that leave it, writing nothing', async () => {
    const target = join(root, 'files');
    const written = await writeDirAtomically(
      target,
      new Map([
        ['iam/role.json', '{}'],
        ['plan.json', '[]'],
      ]),
    );
    expect(written).toBe(target);
    expect(readFileSync(join(target, 'iam', 'role.json'), 'utf8')).toBe('{}');
    await expect(writeDirAtomically(target, new Map([['../escape.txt', 'x']]))).rejects.toThrow(
      'refusing to write outside output dir',
    );
    expect(readdirSync(target).sort()).toEqual(['iam', 'plan.json']);
    expect(readdirSync(root)).not.toContain('escape.txt');
  });
});
