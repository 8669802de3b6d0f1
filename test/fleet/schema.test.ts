/**
 * The committed JSON Schema (schema/fleet.schema.json) is what editors load through the examples'
 * `$schema` modeline: it must equal what `fleetlink schema` prints, and describe the real shape.
 * Regenerate with: npm run docs (writes it with the other generated pages)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetJsonSchema, fleetJsonSchemaText } from '../../src/fleet/json-schema.js';
import { REGIONS } from '../../src/fleet/regions.js';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const committed = readFileSync(join(root, 'schema', 'fleet.schema.json'), 'utf8');

function run(args: string[], input?: string) {
  return spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', input, timeout: 30_000 });
}

/** Walk a JSON value by keys. */
function get(value: unknown, ...keys: string[]): unknown {
  return keys.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], value);
}

describe('JSON Schema', () => {
  it('the committed schema file is up to date', () => {
    expect(committed).toBe(fleetJsonSchemaText());
  });

  it('describes required fields, defaults and enums so editors complete them', () => {
    const s = fleetJsonSchema();
    expect(s.required).toEqual(['apiVersion', 'kind', 'hub']);
    expect(s.additionalProperties).toBe(false);
    expect(Object.keys(s.patternProperties as object)).toEqual(['^x-']);
    expect(get(s, 'patternProperties', '^x-', 'type')).toBeUndefined(); // any value
    const props = s.properties;
    expect(get(props, 'identity', 'default')).toBe('irsa');
    expect(get(props, 'argocd', 'properties', 'chartVersion', 'default')).toBe('10.1.1');
    expect(get(props, 'hub', 'required')).toEqual(['account', 'region', 'clusterName']);
    expect(get(props, 'hub', 'properties', 'region', 'enum')).toEqual([...REGIONS]);
    expect(get(props, 'hub', 'properties', 'account', 'pattern')).toBe('^\\d{12}$');
    const spoke = get(props, 'spokes', 'items');
    expect(get(spoke, 'required')).toEqual(['name', 'account']);
    expect(get(spoke, 'properties', 'access', 'properties', 'policy', 'enum')).toEqual([
      'cluster-admin',
      'admin',
      'edit',
      'view',
      'none',
    ]);
    expect(typeof get(spoke, 'properties', 'endpoint', 'description')).toBe('string');
  });
});

describe('fleetlink schema (CLI)', () => {
  it('prints exactly the committed schema on stdout and nothing on stderr', () => {
    const r = run([cli, 'schema']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(committed);
  });

  it('has help text', () => {
    const r = run([cli, 'schema', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('JSON Schema of fleet files');
  });

  it('reports a bad fleet through the CLI error path as file:line:column lines (exit 1; missing file exit 2), no stack', () => {
    // The commands that take a fleet (plan, prove, …) call readFleet and let reportError print.
    const script = `
      import { readFleet } from './dist/cli/fleet-file.js';
      import { reportError } from './dist/cli/run.js';
      try { await readFleet(process.argv[1]); } catch (e) { process.exitCode = reportError(e, process); }`;
    for (const f of [
      'test/fleet/fixtures/bad/many-problems.yaml',
      'test/fleet/fixtures/bad/yaml-unclosed-flow.yaml',
      'nope.yaml',
    ]) {
      const r = run(['--input-type=module', '-e', script, f]);
      expect(r.status, f).toBe(f === 'nope.yaml' ? 2 : 1);
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stderr).toContain(
        f.startsWith('test') ? `${f}:` : 'cannot read fleet file nope.yaml: no such file',
      );
    }
  });
});
