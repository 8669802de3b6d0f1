/** The commands' input files: one message and exit code when they cannot be read. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  openInputStream,
  planFromFleetFile,
  readInputJson,
  readInputText,
  readPlanFile,
} from '../../src/cli/inputs.js';
import { UserError } from '../../src/errors.js';
import { parseFleet } from '../../src/fleet/load.js';
import { planFleet } from '../../src/plan/plan.js';

const EXAMPLE = 'examples/two-accounts/fleet.yaml';
const dir = mkdtempSync(join(tmpdir(), 'fleetlink-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  let all = '';
  for await (const chunk of stream) all += chunk;
  return all;
}

describe('readInputText', () => {
  it('returns the file as text', async () => {
    const file = join(dir, 'a.txt');
    writeFileSync(file, 'héllo\n');
    await expect(readInputText(file, 'request file')).resolves.toBe('héllo\n');
  });

  it('a missing file is a usage error (exit 2) naming what and where, with no problems to list', async () => {
    const missing = join(dir, 'nope.json');
    const error = await readInputText(missing, 'plan file').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({
      exitCode: 2,
      problems: [],
      message: `cannot read plan file ${missing}: no such file`,
    });
  });

  it('says what was expected when given a directory, and adds the hint only for a missing file', async () => {
    await expect(readInputText(dir, 'plan file')).rejects.toThrow(
      `cannot read plan file ${dir}: it is a directory, expected a plan file`,
    );
    await expect(
      readInputText(dir, 'fleet file', { expected: 'a fleet YAML file', missingHint: ' (hint)' }),
    ).rejects.toThrow(`cannot read fleet file ${dir}: it is a directory, expected a fleet YAML file`);
    await expect(
      readInputText(join(dir, 'gone.yaml'), 'fleet file', { missingHint: ' (hint)' }),
    ).rejects.toThrow(/: no such file \(hint\)$/);
  });
});

describe('readInputJson', () => {
  it("parses JSON; text that is not JSON is the caller's error, a missing file is exit 2", async () => {
    const file = join(dir, 'v.json');
    const invalid = (why: string) => new UserError(`${file}: invalid JSON: ${why}`);
    writeFileSync(file, '{"a": [1]}');
    await expect(readInputJson(file, 'request file', invalid)).resolves.toEqual({ a: [1] });
    writeFileSync(file, '{ not json');
    const error = await readInputJson(file, 'request file', invalid).catch((e: unknown) => e);
    expect(error).toMatchObject({ exitCode: 1, problems: [] });
    expect((error as Error).message).toMatch(/: invalid JSON: \S/);
    expect((error as Error).message.startsWith(`${file}: invalid JSON: `)).toBe(true);
    await expect(readInputJson(join(dir, 'nope.json'), 'snapshot', invalid)).rejects.toMatchObject({
      exitCode: 2,
      message: `cannot read snapshot ${join(dir, 'nope.json')}: no such file`,
    });
  });
});

describe('openInputStream', () => {
  it('streams the file, and fails like readInputText for a missing file or a directory', async () => {
    const file = join(dir, 'lines.jsonl');
    writeFileSync(file, '{}\n{}\n');
    await expect(openInputStream(file, 'request file').then(text)).resolves.toBe('{}\n{}\n');
    await expect(openInputStream(join(dir, 'nope.jsonl'), 'request file')).rejects.toMatchObject({
      exitCode: 2,
      message: `cannot read request file ${join(dir, 'nope.jsonl')}: no such file`,
    });
    await expect(openInputStream(dir, 'request file')).rejects.toMatchObject({
      exitCode: 2,
      message: `cannot read request file ${dir}: it is a directory, expected a request file`,
    });
  });
});

describe('readPlanFile and planFromFleetFile', () => {
  it('a fleet file planned now: the plan, the fleet, the loader warnings then the plan warnings', async () => {
    // A spoke that looks like production with cluster-admin: the loader warns.
    const file = join(dir, 'fleet.yaml');
    writeFileSync(file, readFileSync(EXAMPLE, 'utf8').replace('- name: cluster2', '- name: cluster2-prod'));
    const got = await planFromFleetFile(file);
    const loaded = parseFleet(readFileSync(file, 'utf8'), file);
    const plan = planFleet(loaded.fleet);
    expect(got.plan).toEqual(plan);
    expect(got.fleet).toEqual(loaded.fleet);
    expect(got.warnings.map((w) => w.id)).toContain('LINT-PROD-CLUSTER-ADMIN');
    expect(got.warnings).toEqual([...loaded.warnings, ...plan.warnings]);
  });

  it('a saved plan reads back as the same plan; a missing one is exit 2', async () => {
    const plan = planFleet(parseFleet(readFileSync(EXAMPLE, 'utf8'), EXAMPLE).fleet);
    const file = join(dir, 'plan.json');
    writeFileSync(file, JSON.stringify(plan));
    await expect(readPlanFile(file)).resolves.toEqual(plan);
    await expect(readPlanFile(join(dir, 'nope.json'))).rejects.toMatchObject({ exitCode: 2 });
  });
});
