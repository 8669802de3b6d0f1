/** `fleetlink prove --terraform-plan` end to end. Spawns the built CLI (npm test builds first). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const tmp = mkdtempSync(join(tmpdir(), 'fleetlink-prove-tf-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, ['dist/cli/main.js', 'prove', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const FIX = 'test/fixtures/terraform-plan';

describe('fleetlink prove --terraform-plan', () => {
  it('text: a plan whose chain is right holds, exit 0', () => {
    const r = run('--terraform-plan', `${FIX}/modules.json`);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^PROOF HOLDS/);
    expect(r.stdout).toContain('workloads-dev');
  });

  it("json: the write-up's defects as findings, the Terraform summary next to the result, exit 1", () => {
    const r = run('--terraform-plan', `${FIX}/writeup.json`, '--format', 'json');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.holds).toBe(false);
    expect(out.findings.map((f: { id: string }) => f.id)).toEqual(
      expect.arrayContaining(['FM-3.1', 'FM-5.2', 'FM-6.4', 'FM-7.3', 'POLICY-INVALID']),
    );
    expect(out.terraform).toMatchObject({
      terraformVersion: '1.9.8',
      intent: 'the cluster registrations in the plan',
    });
    expect(out.terraform.resources.aws_iam_role).toBe(2);
  });

  it('values known only after apply: PROOF INCONCLUSIVE, ? cells, exit 3; SARIF carries the rule as a warning', () => {
    const text = run('--terraform-plan', `${FIX}/first-apply.json`);
    expect(text.code).toBe(3);
    expect(text.stdout).toMatch(/^PROOF INCONCLUSIVE: 4 things could not be evaluated/);
    expect(text.stdout).toContain('aws_iam_role.deployer_a.assume_role_policy known only after apply');
    expect(text.stdout).toContain('? undetermined (known after apply)');
    const sarif = JSON.parse(run('--terraform-plan', `${FIX}/first-apply.json`, '--format', 'sarif').stdout);
    const rule = sarif.runs[0].tool.driver.rules.find(
      (x: { id: string }) => x.id === 'PROVE-UNKNOWN-UNTIL-APPLY',
    );
    expect(rule.defaultConfiguration.level).toBe('warning');
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(
      `${FIX}/first-apply.json`,
    );
    expect(sarif.runs[0].properties.holds).toBe(false);
  });

  it('a fleet file next to it is the intent to prove against', () => {
    const r = run(
      'examples/two-accounts/fleet.yaml',
      '--terraform-plan',
      `${FIX}/writeup.json`,
      '--format',
      'json',
    );
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).terraform.intent).toBe('fleet file examples/two-accounts/fleet.yaml');
  });

  it('--plan and --terraform-plan together are a usage error (exit 2)', () => {
    const r = run('--plan', 'x.json', '--terraform-plan', `${FIX}/modules.json`);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('give one');
  });

  it('input that is not a plan: a clear message with the JSON path, exit 1, no stack; a missing file: exit 2', () => {
    const state = join(tmp, 'state.json');
    writeFileSync(
      state,
      JSON.stringify({ format_version: '1.0', terraform_version: '1.9.8', values: { root_module: {} } }),
    );
    const r = run('--terraform-plan', state);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${state}: $: not a Terraform plan in JSON (it is a state`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const text = join(tmp, 'plan.txt');
    writeFileSync(text, 'Terraform will perform the following actions:\n');
    const t = run('--terraform-plan', text);
    expect(t.code).toBe(1);
    expect(t.stderr).toContain('not JSON');
    expect(t.stderr).toContain('terraform show -json');
    expect(run('--terraform-plan', join(tmp, 'missing.json')).code).toBe(2);
  });
});
