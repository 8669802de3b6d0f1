/**
 * The half of parseFleet that does not need the `yaml` library: a valid file read with js-yaml
 * (fast-load.ts), checked by the same schema (its zod-free form, fast-schema.ts) and rules, and
 * normalized. The CLI imports this
 * module alone and loads load.ts (and with it `yaml`, ~25 ms of start-up) only when the file has
 * a problem, uses a feature the fast reader leaves to the careful one, or has warnings whose
 * `file:line:column` needs positions. parseFleet (load.ts) is built on the same functions.
 */
import type { Finding } from '../findings.js';
import { normalizeFleet } from './defaults.js';
import { fastLoad } from './fast-load.js';
import { checkFleetFile } from './fast-schema.js';
import { lintFleet } from './lint.js';
import type { Fleet } from './types.js';
import { validateFleet } from './validate.js';

export interface LoadedFleet {
  readonly fleet: Fleet;
  /** Risky-but-working choices (`LINT-…` findings, link `fleet`). */
  readonly warnings: Finding[];
}

/** The normalized fleet of a valid file, or `undefined` when the careful reader must decide. */
export function fastFleet(text: string): Fleet | undefined {
  const loaded = fastLoad(text);
  if (loaded === undefined) return undefined;
  const { data } = loaded;
  dropExtensions(data);
  const rawSpokes = Array.isArray(data.spokes) ? (data.spokes as unknown[]) : [];
  const hub = data.hub as { account?: unknown } | undefined;
  // Unquoted account ids need the source text (leading zeros): the careful reader has it.
  if (
    typeof hub?.account === 'number' ||
    rawSpokes.some((s) => typeof (s as { account?: unknown })?.account === 'number')
  )
    return undefined;
  // The zod schema's verdict and output, without loading zod (fast-schema.ts).
  const file = checkFleetFile(data);
  if (file === undefined) return undefined;
  const spokeLines = rawSpokes.map((s) =>
    typeof s === 'object' && s !== null ? loaded.lines.get(s) : undefined,
  );
  const fleet = normalizeFleet(file, spokeLines);
  if (validateFleet(file, fleet).length > 0) return undefined;
  return fleet;
}

/** True when lintFleet has something to say, i.e. when the warnings will need positions. */
export function hasWarnings(fleet: Fleet): boolean {
  return lintFleet(fleet, () => '').length > 0;
}

/**
 * Top-level keys starting with `x-` are extension fields (as in Compose files): a place for YAML
 * anchors shared by several spokes. They are ignored.
 */
export function dropExtensions(data: unknown): void {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return;
  for (const key of Object.keys(data))
    if (key.startsWith('x-')) delete (data as Record<string, unknown>)[key];
}
