/** The JSON Schema of fleet files, for editors (yaml-language-server) and `fleetlink schema`. */
import { z } from 'zod';
import { fleetFileSchema } from './schema.js';

export function fleetJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(fleetFileSchema, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
  });
  // Top-level `x-…` keys are ignored by the loader (a home for YAML anchors); let editors accept them.
  return {
    ...schema,
    title: 'Fleetlink fleet file',
    patternProperties: {
      '^x-': {
        description:
          'Ignored by Fleetlink: a home for YAML anchors, e.g. x-spoke: &spoke { account: "222222222222" } then - <<: *spoke in spokes.',
      },
    },
  };
}

/** The exact text of schema/fleet.schema.json. */
export function fleetJsonSchemaText(): string {
  return `${JSON.stringify(fleetJsonSchema(), null, 2)}\n`;
}
