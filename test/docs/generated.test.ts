/**
 * The generated pages are current: docs/fleet-reference.md (from the fleet schema's descriptions)
 * and docs/cli.md (from the commander definition) equal what `npm run docs` writes now, as
 * docs/findings.md (test/findings/registry.test.ts) and schema/fleet.schema.json
 * (test/fleet/schema.test.ts) do. Regenerate with `npm run docs`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/exec.js';
import { cliReference } from '../../src/cli/reference.js';
import { fleetJsonSchema } from '../../src/fleet/json-schema.js';
import { fleetReference, typeOf } from '../../src/fleet/reference.js';
import { testIo } from '../helpers/cli.js';

const root = join(import.meta.dirname, '..', '..');
const committed = (path: string) => readFileSync(join(root, path), 'utf8');

interface SchemaNode {
  readonly description?: string;
  readonly properties?: Record<string, SchemaNode>;
  readonly items?: SchemaNode;
  readonly anyOf?: readonly SchemaNode[];
}

/** Every named field of the schema (properties, through lists and unions), as dotted paths. */
function fields(node: SchemaNode, path: string): { path: string; node: SchemaNode }[] {
  const object = node.properties ? node : node.anyOf?.find((n) => n.properties);
  const own = Object.entries(object?.properties ?? {}).flatMap(([k, n]) => [
    { path: `${path}${k}`, node: n },
    ...fields(n, `${path}${k}.`),
  ]);
  return [...own, ...(node.items ? fields(node.items, `${path.replace(/\.$/, '')}[].`) : [])];
}

function allCommands(c: Command): Command[] {
  return [c, ...c.commands.flatMap(allCommands)];
}

describe('generated docs', () => {
  it('docs/fleet-reference.md is generated from the schema and current', () => {
    expect(committed('docs/fleet-reference.md')).toBe(fleetReference());
  });

  it('docs/cli.md is generated from the CLI definition and current', () => {
    expect(committed('docs/cli.md')).toBe(cliReference());
  });

  it('every fleet-file field has a description, and the reference lists each one', () => {
    const all = fields(fleetJsonSchema() as SchemaNode, '');
    expect(all.length).toBeGreaterThan(60);
    expect(all.filter((f) => !f.node.description).map((f) => f.path)).toEqual([]);
    const page = fleetReference();
    expect(all.filter((f) => !page.includes(`| \`${f.path}\` |`)).map((f) => f.path)).toEqual([]);
  });

  it('every command, argument and flag has a description and a row in the CLI reference', () => {
    const page = cliReference();
    const missing: string[] = [];
    for (const c of allCommands(buildProgram({ io: testIo(), exitCode: undefined })).slice(1)) {
      if (!c.description()) missing.push(`${c.name()}: no description`);
      if (!page.includes(`\n## fleetlink ${c.parent?.parent ? `${c.parent.name()} ` : ''}${c.name()}\n`))
        missing.push(`${c.name()}: no section`);
      for (const o of c.options) {
        if (!o.description) missing.push(`${c.name()} ${o.flags}: no description`);
        if (!page.includes(`| \`${o.flags}\` |`)) missing.push(`${c.name()} ${o.flags}: no row`);
      }
      for (const a of c.registeredArguments)
        if (!a.description) missing.push(`${c.name()} ${a.name()}: no description`);
    }
    expect(missing).toEqual([]);
  });

  it('types read as a user writes them', () => {
    expect(typeOf({ enum: ['a', 'b'] })).toBe('`a` | `b`');
    expect(typeOf({ type: 'integer', minimum: 1, maximum: 9 })).toBe('whole number ≥ 1, ≤ 9');
    expect(typeOf({ type: 'array', items: { type: 'string' }, minItems: 1 })).toBe(
      'list of string, at least 1',
    );
    expect(typeOf({ anyOf: [{ const: 'discover' }, { type: 'object', properties: {} }] })).toBe(
      '`"discover"` | mapping',
    );
  });
});
