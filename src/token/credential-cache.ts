/**
 * A file cache for assumed-role credentials (`fleetlink token --role-arn … --cache DIR`): kubectl
 * and Argo CD start the plugin once per token, and every start would otherwise call AssumeRole.
 *
 * Security (these are secrets at rest): the directory is created 0700 and refused when group- or
 * world-writable or owned by someone else; files are written 0600 through a temporary file and a
 * rename (never half-written), and a file that is not ours or not 0600-tight is ignored. The file
 * name is a hash of what the credentials are FOR — never derived from a secret.
 * Edge module: touches the filesystem.
 */
import { createHash, randomBytes } from 'node:crypto';
import { lstat, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { makeDirs } from '../cli/make-dirs.js';
import { UserError } from '../errors.js';
import type { AwsCredentials } from './sign.js';

/** Reuse cached credentials until this long before they expire (a token made now must outlive use). */
export const CACHE_REFRESH_MARGIN_SECONDS = 5 * 60;

export interface CachedCredentials extends AwsCredentials {
  readonly sessionToken: string;
  readonly expiration: Date;
}

export interface CacheKeyInput {
  readonly roleArn: string;
  /** The explicit --session-name, or '' for the generated default. */
  readonly sessionName: string;
  readonly region: string;
  /** Who assumes the role (see `sourceIdentity` in credentials.ts): other source, other entry. */
  readonly sourceIdentity: string;
}

export function cacheKey(input: CacheKeyInput): string {
  const material = [input.roleArn, input.sessionName, input.region, input.sourceIdentity].join('\u0000');
  return createHash('sha256').update(material).digest('hex');
}

function ownUid(): number | undefined {
  return typeof process.getuid === 'function' ? process.getuid() : undefined;
}

/** Create the directory 0700 if missing; refuse one that others could write into or that isn't ours. */
export async function prepareCacheDir(dir: string): Promise<void> {
  // Not mkdir({ recursive }): it never returns under a /proc-like path (see make-dirs.ts).
  await makeDirs(dir, `--cache ${dir}`, 0o700);
  const st = await lstat(dir);
  if (st.isSymbolicLink()) {
    // A link could be re-pointed by whoever controls it; insist on the real directory.
    throw new UserError(`--cache ${dir} is a symbolic link; pass the directory it points to`, {
      exitCode: 2,
    });
  }
  if (!st.isDirectory()) throw new UserError(`--cache ${dir} is not a directory`, { exitCode: 2 });
  const uid = ownUid();
  if (uid !== undefined && st.uid !== uid) {
    throw new UserError(`refusing to use cache directory ${dir}: it is owned by uid ${st.uid}, not by you`, {
      exitCode: 2,
    });
  }
  if ((st.mode & 0o022) !== 0) {
    const mode = (st.mode & 0o777).toString(8).padStart(4, '0');
    throw new UserError(
      `refusing to use cache directory ${dir}: it is group- or world-writable (mode ${mode}); run chmod 700 ${dir}`,
      { exitCode: 2 },
    );
  }
}

/** Cached credentials still valid for at least the refresh margin, or undefined. Never throws. */
export async function readCachedCredentials(
  dir: string,
  key: string,
  now: Date,
): Promise<CachedCredentials | undefined> {
  const file = join(dir, `${key}.json`);
  try {
    const st = await lstat(file);
    const uid = ownUid();
    if (!st.isFile() || (st.mode & 0o077) !== 0 || (uid !== undefined && st.uid !== uid)) return undefined;
    const data = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    const { accessKeyId, secretAccessKey, sessionToken, expiration } = data;
    if (
      data.version !== 1 ||
      typeof accessKeyId !== 'string' ||
      typeof secretAccessKey !== 'string' ||
      typeof sessionToken !== 'string' ||
      typeof expiration !== 'string'
    ) {
      return undefined;
    }
    const expires = new Date(expiration);
    if (!(expires.getTime() - now.getTime() > CACHE_REFRESH_MARGIN_SECONDS * 1000)) return undefined;
    return { accessKeyId, secretAccessKey, sessionToken, expiration: expires };
  } catch {
    return undefined;
  }
}

/** Write atomically: a 0600 temporary file created exclusively in the same directory, then rename. */
export async function writeCachedCredentials(
  dir: string,
  key: string,
  creds: CachedCredentials,
): Promise<void> {
  const body = JSON.stringify({
    version: 1,
    accessKeyId: creds.accessKeyId,
    secretAccessKey: creds.secretAccessKey,
    sessionToken: creds.sessionToken,
    expiration: creds.expiration.toISOString(),
  });
  const tmp = join(dir, `.${key}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(body, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, join(dir, `${key}.json`));
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
