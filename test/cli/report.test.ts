/** `fleetlink diagram` and `fleetlink report` end to end (spawns the built CLI: npm test builds first). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFleet } from '../../src/fleet/load.js';
import { planFleet } from '../../src/plan/plan.js';

const EXAMPLE = 'examples/two-accounts/fleet.yaml';
const tmp = mkdtempSync(join(tmpdir(), 'fleetlink-report-'));

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['dist/cli/main.js', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('fleetlink diagram', () => {
  it('prints the example as Mermaid on stdout', () => {
    const r = cli('diagram', EXAMPLE);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('flowchart LR\n')).toBe(true);
    expect(r.stdout).toContain('"cluster2<br/>');
    expect(r.stdout).toContain('-->|"sts:AssumeRole"|');
  });

  it('writes SVG to --out and prints the path', () => {
    const out = join(tmp, 'd', 'fleet.svg');
    const r = cli('diagram', EXAMPLE, '--format', 'svg', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${out}\n`);
    expect(XMLValidator.validate(readFileSync(out, 'utf8'))).toBe(true);
    expect(readdirSync(join(tmp, 'd'))).toEqual(['fleet.svg']);
  });

  it('rejects an unknown format and a missing fleet file with exit 2, without a stack', () => {
    const bad = cli('diagram', EXAMPLE, '--format', 'png');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format must be one of mermaid, svg');
    // Pointing the command at something that is not a file is a usage error (exit 2)…
    const missing = cli('diagram', join(tmp, 'nope.yaml'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    expect(missing.stdout).toBe('');
  });

  it('a missing --plan file is exit 2 for diagram and report, like a missing fleet file', () => {
    const plan = join(tmp, 'nope.json');
    for (const command of ['diagram', 'report']) {
      const r = cli(command, '--plan', plan, '--out', join(tmp, `${command}.out`));
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`fleetlink: cannot read plan file ${plan}: no such file\n`);
      expect(r.stdout).toBe('');
    }
  });

  it('rejects invalid fleet content with exit 1, naming file:line:column, without a stack', () => {
    // …while a readable fleet file with wrong content is a "no" (exit 1).
    const good = readFileSync(EXAMPLE, 'utf8');
    const text = good.replace('account: "222222222222"', 'account: "22222222222x"');
    expect(text).not.toBe(good);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('"22222222222x"'));
    const column = lines[line]!.indexOf('"22222222222x"') + 1;
    const file = join(tmp, 'bad-account.yaml');
    writeFileSync(file, text);
    const r = cli('diagram', file);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${file}:${line + 1}:${column}: `);
    expect(r.stderr).toContain('spokes[0].account: "22222222222x"');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const report = cli('report', file, '--out', join(tmp, 'bad-fleet.html'));
    expect(report.code).toBe(1);
    expect(report.stderr).toContain(`${file}:${line + 1}:${column}: `);
    expect(readdirSync(tmp)).not.toContain('bad-fleet.html');
  });
});

describe('fleetlink report', () => {
  it('writes one self-contained HTML file and prints its path', () => {
    const out = join(tmp, 'r', 'report.html');
    const r = cli('report', EXAMPLE, '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${out}\n`);
    expect(r.stderr).toMatch(/^proof (holds|fails): 1 cluster\(s\)/);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('http-equiv="Content-Security-Policy"');
    expect(html).toContain('id="matrix"');
    expect(html).toContain('<b>cluster2</b>');
    expect(html).toMatch(/generated \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
    expect(readdirSync(join(tmp, 'r'))).toEqual(['report.html']);
  });

  it('reads a saved plan and a doctor result', () => {
    const plan = planFleet(parseFleet(readFileSync(EXAMPLE, 'utf8'), EXAMPLE).fleet);
    const planFile = join(tmp, 'plan.json');
    writeFileSync(planFile, JSON.stringify(plan));
    const doctorFile = join(tmp, 'doctor.json');
    writeFileSync(
      doctorFile,
      JSON.stringify({
        version: 1,
        clusters: [
          { name: 'cluster2', links: [{ link: 'token', ok: false, reason: 'clock skew 20 minutes' }] },
        ],
        findings: [],
      }),
    );
    const out = join(tmp, 'with-doctor.html');
    const r = cli(
      'report',
      '--plan',
      planFile,
      '--doctor',
      doctorFile,
      '--out',
      out,
      '--title',
      'Nightly <check>',
    );
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<td class="bad">✗ broken<span class="why">clock skew 20 minutes</span></td>');
    expect(html).toContain('<h1>Nightly &lt;check&gt;</h1>');
  });

  it('names the file and JSON path of a bad doctor result and writes nothing', () => {
    const doctorFile = join(tmp, 'bad-doctor.json');
    writeFileSync(doctorFile, JSON.stringify({ clusters: [{ links: [] }] }));
    const out = join(tmp, 'never.html');
    const r = cli('report', EXAMPLE, '--doctor', doctorFile, '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${doctorFile}: clusters[0].name: expected a string`);
    expect(readdirSync(tmp)).not.toContain('never.html');
    writeFileSync(doctorFile, '{ not json');
    const r2 = cli('report', EXAMPLE, '--doctor', doctorFile, '--out', out);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain('not valid JSON');
    const missing = join(tmp, 'no-doctor.json');
    const r3 = cli('report', EXAMPLE, '--doctor', missing, '--out', out);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toContain(`fleetlink: cannot read doctor result ${missing}: no such file`);
    expect(readdirSync(tmp)).not.toContain('never.html');
  });
});

describe('docs/diagram-and-report.md', () => {
  it('shows the diagram `fleetlink diagram examples/two-accounts/fleet.yaml` prints today', () => {
    const readme = readFileSync('docs/diagram-and-report.md', 'utf8');
    const section = readme.slice(
      readme.indexOf('<!-- section:diagram -->'),
      readme.indexOf('<!-- /section:diagram -->'),
    );
    const block = section.slice(section.indexOf('## The example fleet')).match(/```mermaid\n([\s\S]*?)```/);
    expect(block?.[1]).toBe(cli('diagram', EXAMPLE, '--format', 'mermaid').stdout);
  });
});
