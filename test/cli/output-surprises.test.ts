/**
 * Output never surprises, as a user meets it (the compiled CLI in a child process): `--out` never
 * replaces a file with a directory or a directory with a file, created directories get the
 * umask's modes, Ctrl-C leaves no hidden temporary directory, and a path that cannot be created
 * is a prompt, clear error with exit 2.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const fleet = join(root, 'examples', 'two-accounts', 'fleet.yaml');
const work = mkdtempSync(join(tmpdir(), 'fleetlink-cli-surprises-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The CLI under `sh -c 'umask U; exec node …'`, killed after 20 s (a hang is a failure, not a stuck suite). */
function run(args: readonly string[], opts: { umask?: string; cwd?: string } = {}): Run {
  const r = spawnSync(
    'sh',
    ['-c', `umask ${opts.umask ?? '022'} && exec "$0" "$@"`, process.execPath, cli, ...args],
    { cwd: opts.cwd ?? work, encoding: 'utf8', timeout: 20_000, env: { ...process.env, NO_COLOR: '1' } },
  );
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

const mode = (path: string): number => statSync(path).mode & 0o777;

function freshDir(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir);
  return dir;
}

describe('--out naming an existing file of the wrong kind', () => {
  for (const command of ['plan', 'synth'] as const)
    it(`${command} --out FILE refuses with exit 2 and leaves the file as it was`, () => {
      const dir = freshDir(`file-${command}`);
      const file = join(dir, 'notes.txt');
      writeFileSync(file, 'precious\n');
      const r = run([command, fleet, '--out', file]);
      expect(r.stderr).toContain(`${file} exists and is not a directory: it is left as it is`);
      expect(r.code).toBe(2);
      expect(readFileSync(file, 'utf8')).toBe('precious\n');
      expect(statSync(file).isFile()).toBe(true);
      expect(readdirSync(dir)).toEqual(['notes.txt']);
    });

  for (const command of ['report', 'diagram'] as const)
    it(`${command} --out DIR refuses with exit 2 and leaves the directory as it was`, () => {
      const dir = freshDir(`dir-${command}`);
      const target = join(dir, 'out');
      mkdirSync(target);
      writeFileSync(join(target, 'keep.txt'), 'kept\n');
      const r = run([command, fleet, '--out', target]);
      expect(r.stderr).toContain(`${target} is a directory: it is left as it is`);
      expect(r.code).toBe(2);
      expect(readdirSync(target)).toEqual(['keep.txt']);
      expect(readdirSync(dir)).toEqual(['out']);
    });
});

describe('modes of created output', () => {
  it('plan: directories 0777 less the umask, parents included, files 0666 less it', () => {
    const dir = freshDir('modes-plan');
    expect(run(['plan', fleet, '--out', 'a/out'], { umask: '022', cwd: dir }).code).toBe(0);
    expect(mode(join(dir, 'a'))).toBe(0o755);
    expect(mode(join(dir, 'a', 'out'))).toBe(0o755);
    expect(mode(join(dir, 'a', 'out', 'iam'))).toBe(0o755);
    expect(mode(join(dir, 'a', 'out', 'plan.json'))).toBe(0o644);
    expect(run(['plan', fleet, '--out', 'b/out'], { umask: '027', cwd: dir }).code).toBe(0);
    expect(mode(join(dir, 'b'))).toBe(0o750);
    expect(mode(join(dir, 'b', 'out'))).toBe(0o750);
    expect(mode(join(dir, 'b', 'out', 'argocd'))).toBe(0o750);
    expect(mode(join(dir, 'b', 'out', 'plan.json'))).toBe(0o640);
  });

  it('synth: the cloud assembly directory gets the umask mode, not 0700', () => {
    const dir = freshDir('modes-synth');
    expect(run(['synth', fleet, '--out', 'cdk.out', '--no-validation'], { cwd: dir }).code).toBe(0);
    expect(mode(join(dir, 'cdk.out'))).toBe(0o755);
    expect(mode(join(dir, 'cdk.out', 'manifest.json'))).toBe(0o644);
  });

  it('report: a created parent directory gets the umask mode', () => {
    const dir = freshDir('modes-report');
    expect(run(['report', fleet, '--out', 'site/report.html'], { cwd: dir }).code).toBe(0);
    expect(mode(join(dir, 'site'))).toBe(0o755);
    expect(mode(join(dir, 'site', 'report.html'))).toBe(0o644);
  });
});

/** Resolve when a hidden `.NAME.tmp-…` entry appears in `dir` (or reject after 30 s). */
async function tempAppears(dir: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!readdirSync(dir).some((f) => f.includes('.tmp-'))) {
    if (child.exitCode !== null) throw new Error(`exited ${child.exitCode} before writing`);
    if (Date.now() > deadline) throw new Error('no temporary directory appeared');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function exited(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  // 'close', not 'exit': stderr can still hold unread data when the process has exited.
  return new Promise((done) => child.on('close', (code) => done({ code, stderr })));
}

describe('a signal while writing', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)
    it(`synth interrupted by ${signal}: exit ${code}, no temporary directory, the previous assembly kept`, async () => {
      const dir = freshDir(`signal-synth-${signal}`);
      mkdirSync(join(dir, 'cdk.out'));
      writeFileSync(join(dir, 'cdk.out', 'previous.txt'), 'previous\n');
      const child = spawn(process.execPath, [cli, 'synth', fleet, '--out', 'cdk.out', '--no-validation'], {
        cwd: dir,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      const done = exited(child);
      await tempAppears(dir, child);
      child.kill(signal);
      const { code: got, stderr } = await done;
      expect(stderr).toContain(`fleetlink: interrupted (${signal}); the unfinished output was removed`);
      expect(got).toBe(code);
      expect(readdirSync(dir)).toEqual(['cdk.out']);
      expect(readdirSync(join(dir, 'cdk.out'))).toEqual(['previous.txt']);
    });

  it('the atomic writers under plan and report: a signal mid-write removes their temporary paths', async () => {
    const dir = freshDir('signal-writers');
    // The writers plan (a directory) and report/diagram (a file) use, held open mid-write.
    const script = `
      const { fillDirAtomically, writeFileAtomically } = await import(${JSON.stringify(join(root, 'dist', 'cli', 'output.js'))});
      const { removeOnSignal } = await import(${JSON.stringify(join(root, 'dist', 'cli', 'interrupt.js'))});
      fillDirAtomically('out', async (tmp) => { (await import('node:fs')).writeFileSync(tmp + '/half.json', '{'); await new Promise(() => {}); });
      await writeFileAtomically('kept.html', 'done');
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const done = exited(child);
    await tempAppears(dir, child);
    while (!existsSync(join(dir, 'kept.html'))) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGTERM');
    const { code } = await done;
    expect(code).toBe(143);
    expect(readdirSync(dir)).toEqual(['kept.html']);
  });
});

describe('a path that cannot be created', () => {
  const cases: [string, string[], RegExp][] = [
    [
      'plan --out /proc/nope',
      ['plan', fleet, '--out', '/proc/nope'],
      /^fleetlink: cannot write \/proc\/nope: cannot create a directory in \/proc: .*\(ENOENT\); nothing was written\n$/,
    ],
    [
      'plan --out /proc/nope/x (recursive mkdir would never return)',
      ['plan', fleet, '--out', '/proc/nope/x'],
      /^fleetlink: cannot write \/proc\/nope\/x: cannot create directory \/proc\/nope: .*\(ENOENT\); nothing was written\n$/,
    ],
    [
      'synth --out /proc/nope/x/cdk.out',
      ['synth', fleet, '--out', '/proc/nope/x/cdk.out'],
      /^fleetlink: cannot write \/proc\/nope\/x\/cdk\.out: cannot create directory \/proc\/nope: /,
    ],
    [
      'report --out /proc/nope/x/report.html',
      ['report', fleet, '--out', '/proc/nope/x/report.html'],
      /^fleetlink: cannot write \/proc\/nope\/x\/report\.html: cannot create directory \/proc\/nope: /,
    ],
    [
      'diagram --out /proc/report.mmd (a file the filesystem refuses)',
      ['diagram', fleet, '--out', '/proc/report.mmd'],
      /^fleetlink: cannot write \/proc\/report\.mmd: cannot create a file in \/proc: /,
    ],
  ];
  for (const [name, args, message] of cases)
    it(`${name}: a clear message and exit 2, promptly`, () => {
      const started = Date.now();
      const r = run(args);
      expect(r.signal).toBeNull();
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toContain('internal error');
      expect(r.code).toBe(2);
      expect(Date.now() - started).toBeLessThan(20_000);
    });

  it('a parent that is a file: names it, exit 2, nothing created', () => {
    const dir = freshDir('parent-file');
    writeFileSync(join(dir, 'file'), 'x');
    for (const args of [
      ['plan', fleet, '--out', 'file/sub/out'],
      ['report', fleet, '--out', 'file/report.html'],
    ]) {
      const r = run(args, { cwd: dir });
      expect(r.stderr).toContain(`/file is a file, not a directory; nothing was written`);
      expect(r.code).toBe(2);
    }
    expect(readdirSync(dir)).toEqual(['file']);
  });

  it('a directory the user may not write to: exit 2, permission denied, named', () => {
    const dir = freshDir('read-only');
    mkdirSync(join(dir, 'ro'));
    chmodSync(join(dir, 'ro'), 0o555);
    // Root writes through mode bits: run the CLI as `nobody` (setpriv, util-linux) so they count.
    chmodSync(work, 0o755);
    chmodSync(dir, 0o755);
    const asUser = (args: string[]): Run => {
      const argv = [process.execPath, cli, ...args];
      const r =
        process.getuid?.() === 0
          ? spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', ...argv], {
              cwd: dir,
              encoding: 'utf8',
              timeout: 20_000,
            })
          : spawnSync(argv[0] as string, argv.slice(1), { cwd: dir, encoding: 'utf8', timeout: 20_000 });
      return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
    };
    const plan = asUser(['plan', fleet, '--out', 'ro/out']);
    expect(plan.stderr).toBe(
      `fleetlink: cannot write ${join(dir, 'ro', 'out')}: cannot create a directory in ${join(dir, 'ro')}: permission denied (EACCES); nothing was written\n`,
    );
    expect(plan.code).toBe(2);
    const report = asUser(['report', fleet, '--out', 'ro/report.html']);
    expect(report.stderr).toContain(`cannot create a file in ${join(dir, 'ro')}: permission denied (EACCES)`);
    expect(report.code).toBe(2);
    expect(readdirSync(join(dir, 'ro'))).toEqual([]);
  });
});
