/**
 * Headless Chromium for the browser tests, driven by playwright-core, found with no set-up step
 * beyond `npm install`:
 *
 * 1. `FLEETLINK_CHROMIUM=/path/to/chrome` — that binary; `FLEETLINK_CHROMIUM=npm` forces (3), so
 *    CI proves the fallback on a machine that also has (2).
 * 2. Debian's `/usr/bin/chromium`, when the package is installed.
 * 3. The Chromium that the devDependency `@sparticuz/chromium` ships inside its package: a
 *    brotli-compressed Linux x64 headless shell that needs only libc, libgcc and libexpat. It is
 *    extracted once per checkout into `node_modules/.cache/`, never into the shared temp dir:
 *    the package's own `executablePath()` reuses any `$TMPDIR/chromium` it finds (a file anyone
 *    could plant there) and extracts in place, so a parallel test file could launch a half-written
 *    binary. Here the extraction goes to a fresh private directory renamed into place at the end.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** What the tests run; `source` says which of the three ways found it. */
export interface FoundChromium {
  readonly executablePath: string;
  readonly source: 'FLEETLINK_CHROMIUM' | 'debian' | 'npm';
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Flags for this closed network and for running as root: without the background-networking
 * switches Chromium keeps opening connections to Google's hosts that the machine refuses; the
 * sandbox needs user namespaces a root container does not give. playwright-core itself starts
 * every browser with a fresh temporary `--user-data-dir` (and removes it on close) and refuses a
 * `--user-data-dir` in `args`, so none is passed here.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(found?: FoundChromium): Promise<Browser> {
  const use = found ?? (await findChromium(process.env.FLEETLINK_CHROMIUM));
  return chromium.launch({
    executablePath: use.executablePath,
    args: [...CHROMIUM_ARGS],
    ...(use.env ? { env: { ...process.env, ...use.env } } : {}),
  });
}

/** `setting` is the value of FLEETLINK_CHROMIUM. */
export async function findChromium(setting: string | undefined): Promise<FoundChromium> {
  if (setting && setting !== 'npm') {
    if (!existsSync(setting)) throw new Error(`FLEETLINK_CHROMIUM=${setting}: no such file`);
    return { executablePath: setting, source: 'FLEETLINK_CHROMIUM' };
  }
  if (!setting && existsSync(CHROMIUM)) return { executablePath: CHROMIUM, source: 'debian' };
  return npmChromium();
}

const require = createRequire(import.meta.url);

/** The `@sparticuz/chromium` binary, extracted (once) into node_modules/.cache/. */
export async function npmChromium(): Promise<FoundChromium> {
  if (platform() !== 'linux' || arch() !== 'x64')
    throw new Error(
      `the Chromium shipped by @sparticuz/chromium is Linux x64 only (this is ${platform()} ${arch()}): set FLEETLINK_CHROMIUM to a Chrome or Chromium binary to run the browser tests`,
    );
  // build/index.js → the package root (its package.json is not in its `exports`).
  const pkgRoot = dirname(dirname(require.resolve('@sparticuz/chromium')));
  const { version } = JSON.parse(readFileSync(join(pkgRoot, 'package.json'), 'utf8')) as { version: string };
  const cache = resolve(pkgRoot, '..', '..', '.cache', `fleetlink-chromium-${version}`);
  if (!existsSync(cache)) await extract(join(pkgRoot, 'bin'), cache);
  return {
    executablePath: join(cache, 'chromium'),
    source: 'npm',
    // The package's fonts.conf names /tmp/fonts; ours names the fonts next to the binary.
    env: { FONTCONFIG_FILE: join(cache, 'fonts.conf') },
  };
}

async function extract(bin: string, cache: string): Promise<void> {
  mkdirSync(dirname(cache), { recursive: true });
  const tmp = mkdtempSync(`${cache}.tmp-`);
  try {
    const { inflate } = await import('@sparticuz/chromium');
    // `inflate` writes under os.tmpdir(), which it reads synchronously when called: point it at
    // the private directory for those calls only.
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    let done: Promise<string[]>;
    try {
      done = Promise.all(
        ['chromium.br', 'fonts.tar.br', 'swiftshader.tar.br'].map((f) => inflate(join(bin, f))),
      );
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    const [binary] = await done;
    if (binary !== join(tmp, 'chromium'))
      throw new Error(`@sparticuz/chromium extracted to ${binary}, not ${tmp}`);
    writeFileSync(
      join(tmp, 'fonts.conf'),
      [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
        '<fontconfig>',
        `  <dir>${join(cache, 'fonts', 'fonts')}</dir>`,
        '  <dir>/usr/share/fonts</dir>',
        `  <cachedir>${join(cache, 'fonts-cache')}</cachedir>`,
        '</fontconfig>',
        '',
      ].join('\n'),
    );
    try {
      renameSync(tmp, cache);
    } catch (error) {
      // Another test file finished first: its copy is complete, use it.
      if (!existsSync(cache)) throw error;
      rmSync(tmp, { recursive: true, force: true });
    }
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}
