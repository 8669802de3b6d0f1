/**
 * synth shows progress on a terminal only: one rewritten stderr line, cleared before the result;
 * nothing at all when stderr is a pipe (CI, kubectl, redirects).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { progressLine } from '../../src/cli/progress.js';

const root = join(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'fleetlink-progress-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, written, write: (t: string) => written.push(t) };
}

describe('progressLine', () => {
  it('writes nothing when the stream is not a terminal', () => {
    const s = stream(false);
    const p = progressLine('synth', s);
    p.phase('loading');
    p.done();
    expect(s.written).toEqual([]);
  });

  it('rewrites one line on a terminal and clears it once done', () => {
    const s = stream(true);
    const p = progressLine('synth', s);
    p.phase('loading the AWS CDK');
    p.phase('synthesizing');
    p.done();
    p.done();
    expect(s.written).toHaveLength(3);
    const CLEAR = '\r\x1b[2K';
    expect(s.written[0]?.startsWith(CLEAR)).toBe(true);
    expect(s.written[0]).toMatch(/synth: loading the AWS CDK \(\d+\.\d s\)/);
    expect(s.written[1]?.startsWith(CLEAR)).toBe(true);
    expect(s.written[1]).toContain('synth: synthesizing');
    expect(s.written[2]).toBe('\r\x1b[2K');
  });
});

describe('fleetlink synth progress', () => {
  const args = ['synth', join(root, 'examples/two-accounts/fleet.yaml'), '--no-validation'];
  const cli = join(root, 'dist', 'cli', 'main.js');

  it('on a terminal (a pty from script(1)), shows its phases on stderr before the result', () => {
    const command = [process.execPath, cli, ...args, '--out', join(tmp, 'tty.out')]
      .map((a) => `'${a}'`)
      .join(' ');
    const r = spawnSync('script', ['-qec', command, '/dev/null'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('synth: loading the AWS CDK');
    expect(r.stdout).toContain('synth: synthesizing 1 cluster(s) in 2 account(s)');
    expect(r.stdout.indexOf('synth: loading')).toBeLessThan(r.stdout.indexOf('Wrote a CDK cloud assembly'));
  });

  it('piped, prints nothing on stderr', () => {
    const r = spawnSync(process.execPath, [cli, ...args, '--out', join(tmp, 'pipe.out')], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain('loading the AWS CDK');
  });
});
