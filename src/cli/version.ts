/**
 * The tool's version, read from the package.json that ships with it (two levels up from this
 * module, in src/cli and in dist/cli alike), so `--version` and SARIF `toolVersion` are right
 * however the tool was started — not only under `npm run`, which sets npm_package_version. The
 * `homepage` comes from the same file.
 */
import { readFileSync } from 'node:fs';

let cached: { readonly version?: unknown; readonly homepage?: unknown } | undefined;

function manifest(): { readonly version?: unknown; readonly homepage?: unknown } {
  cached ??= JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: unknown;
    homepage?: unknown;
  };
  return cached;
}

export function toolVersion(): string {
  const { version } = manifest();
  return typeof version === 'string' ? version : 'unknown';
}

/** package.json `homepage`, when declared: SARIF rules then link to docs/findings.md under it. */
export function toolHomepage(): string | undefined {
  const { homepage } = manifest();
  return typeof homepage === 'string' && homepage !== '' ? homepage : undefined;
}
