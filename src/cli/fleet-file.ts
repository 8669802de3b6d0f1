/** Reading a fleet file from disk: the one place the fleet loader touches the filesystem. */
import { type LoadedFleet, parseFleet } from '../fleet/load.js';
import { readInputText } from './inputs.js';

export const DEFAULT_FLEET_FILE = 'fleet.yaml';

export async function readFleet(path: string = DEFAULT_FLEET_FILE): Promise<LoadedFleet> {
  const text = await readInputText(path, 'fleet file', {
    expected: 'a fleet YAML file',
    ...(path === DEFAULT_FLEET_FILE
      ? { missingHint: ' (pass the fleet file as an argument, e.g. examples/two-accounts/fleet.yaml)' }
      : {}),
  });
  return parseFleet(text, path);
}
