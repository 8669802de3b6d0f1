import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomically } from '../../src/cli/output.js';

describe('writeFileAtomically in a shared directory', () => {
  it('does not write through a symlink planted at the temporary name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fleetlink-out-'));
    try {
      const victim = join(dir, 'victim.txt');
      await writeFile(victim, 'precious\n');
      // The name the previous implementation used: `.<base>.tmp-<pid>`, guessable by anyone.
      await symlink(victim, join(dir, `.report.html.tmp-${process.pid}`));
      await writeFileAtomically(join(dir, 'report.html'), '<html>report</html>\n');
      expect(await readFile(victim, 'utf8')).toBe('precious\n');
      expect(await readFile(join(dir, 'report.html'), 'utf8')).toBe('<html>report</html>\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
