#!/usr/bin/env node
/**
 * `npm run docs`: writes every generated page from the built code (run after `npm run build`):
 * the findings and failure-mode references (src/findings/registry.ts, failure-modes.ts), the fleet file reference (the schema's
 * descriptions), the CLI reference (the commander definition) and the committed JSON Schema.
 * test/docs/generated.test.ts fails when a committed copy differs from what this writes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const dist = (path) => import(new URL(`../dist/${path}`, import.meta.url).href);

const [{ findingsReference, failureModesReference }, { fleetReference }, { fleetJsonSchemaText }, { cliReference }] = await Promise.all([
  dist('findings/docs.js'),
  dist('fleet/reference.js'),
  dist('fleet/json-schema.js'),
  dist('cli/reference.js'),
]);

const pages = new Map([
  ['docs/findings.md', findingsReference()],
  ['docs/failure-modes.md', failureModesReference()],
  ['docs/fleet-reference.md', fleetReference()],
  ['docs/cli.md', cliReference()],
  ['schema/fleet.schema.json', fleetJsonSchemaText()],
]);
for (const [path, text] of pages) {
  writeFileSync(join(root, path), text);
  process.stdout.write(`wrote ${path}\n`);
}
