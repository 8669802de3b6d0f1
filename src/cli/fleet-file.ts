/** Reading a fleet file from disk: the one place the fleet loader touches the filesystem. */
import { fastFleet, hasWarnings, type LoadedFleet } from '../fleet/fast-parse.js';
import { lintFleet } from '../fleet/lint.js';
import { readInputText } from './inputs.js';

export const DEFAULT_FLEET_FILE = 'fleet.yaml';

/**
 * The same result as parseFleet (load.ts), but a valid file without warnings never loads the
 * careful reader and its `yaml` library: start-up time is most of `fleetlink plan`'s time.
 */
export async function readFleet(path: string = DEFAULT_FLEET_FILE, cwd?: string): Promise<LoadedFleet> {
  const text = await readInputText(path, 'fleet file', {
    expected: 'a fleet YAML file',
    cwd,
    ...(path === DEFAULT_FLEET_FILE
      ? { missingHint: ' (pass the fleet file as an argument, e.g. examples/two-accounts/fleet.yaml)' }
      : {}),
  });
  const fleet = fastFleet(text);
  if (fleet !== undefined && !hasWarnings(fleet)) return { fleet, warnings: [] };
  const { parseFleetCarefully, positionsIn } = await import('../fleet/load.js');
  if (fleet === undefined) return parseFleetCarefully(text, path);
  return { fleet, warnings: lintFleet(fleet, positionsIn(text, path)) };
}
