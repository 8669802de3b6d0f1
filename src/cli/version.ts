/**
 * The tool's version, read from the package.json that ships with it (two levels up from this
 * module, in src/cli and in dist/cli alike), so `--version` and SARIF `toolVersion` are right
 * however the tool was started — not only under `npm run`, which sets npm_package_version.
 */
import { readFileSync } from 'node:fs';

let cached: string | undefined;

export function toolVersion(): string {
  if (cached === undefined) {
    const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    const version = (JSON.parse(text) as { version?: unknown }).version;
    cached = typeof version === 'string' ? version : 'unknown';
  }
  return cached;
}
