/**
 * The findings registry: every id a producer in src/ writes is declared in it, and the generated
 * reference (docs/findings.md) is current. Regenerate with `npm run docs`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findingsReference } from '../../src/findings/docs.js';
import { anchorOf, definition, REGISTRY } from '../../src/findings/registry.js';

const ID = /'((?:FM-\d+\.\d+)|(?:(?:LINT|QUOTA|PROVE|POLICY|DOCTOR|DRIFT)-[A-Z0-9-]+))'/g;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('findings registry', () => {
  it('every id written in src/ as a string literal is registered', () => {
    const emitted = new Map<string, string>();
    // The failure-mode catalog lists every mode, reported or not: its ids are not producers.
    for (const file of sources('src').filter((f) => !f.endsWith('failure-modes.ts')))
      for (const m of readFileSync(file, 'utf8').matchAll(ID)) emitted.set(m[1]!, file);
    expect(emitted.size).toBeGreaterThan(60);
    const unknown = [...emitted].filter(([id]) => !REGISTRY.has(id)).map(([id, file]) => `${id} (${file})`);
    expect(unknown).toEqual([]);
  });

  it('an unregistered id is an error, not a silent default', () => {
    expect(() => definition('FM-99.9')).toThrow(/not in the registry/);
    expect(definition('FM-2.3').link).toBe('manager');
  });

  it('docs/findings.md is generated from the registry and current, one anchor per id', () => {
    const committed = readFileSync('docs/findings.md', 'utf8');
    expect(committed).toBe(findingsReference());
    for (const id of REGISTRY.keys()) expect(committed).toContain(`<a id="${anchorOf(id)}"></a>`);
  });

  it('no two ids share an anchor', () => {
    const anchors = [...REGISTRY.keys()].map(anchorOf);
    expect(new Set(anchors).size).toBe(anchors.length);
  });
});
