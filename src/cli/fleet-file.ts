/** Reading a fleet file from disk: the one place the fleet loader touches the filesystem. */
import { readFile } from 'node:fs/promises';
import { UserError } from '../errors.js';
import { type LoadedFleet, parseFleet } from '../fleet/load.js';

export const DEFAULT_FLEET_FILE = 'fleet.yaml';

export async function readFleet(path: string = DEFAULT_FLEET_FILE): Promise<LoadedFleet> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory, expected a fleet YAML file'
          : code === 'EACCES'
            ? 'permission denied'
            : ((error as Error).message ?? 'unreadable');
    const hint =
      path === DEFAULT_FLEET_FILE && code === 'ENOENT'
        ? ' (pass the fleet file as an argument, e.g. examples/two-accounts/fleet.yaml)'
        : '';
    // Exit 2: the command was pointed at something that is not a readable file (a usage error).
    throw new UserError(`cannot read fleet file ${path}: ${why}${hint}`, { exitCode: 2 });
  }
  return parseFleet(text, path);
}
