/** `fleetlink prove` end to end: formats, --plan, exit codes. Runs the CLI in process through exec(argv, io). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { conditionKey, examplePlan, mutate, role, statements } from '../prove/helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'fleetlink-prove-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** In process (exec with buffers, test/helpers/cli.ts), from the repository root like the CLI tests before. */
function run(...args: string[]) {
  return runCli(['prove', ...args]);
}

const FLEET = 'examples/two-accounts/fleet.yaml';

describe('fleetlink prove', () => {
  it('text: prints the verdict and the matrix, exit 0 when the proof holds', async () => {
    const r = await run(FLEET);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^PROOF HOLDS/);
    expect(r.stdout).toContain('Legend:');
    expect(r.stderr).toBe('');
  });

  it('--rcp: an RCP of the spoke account denying sts:AssumeRole breaks the proof with FM-2.3', async () => {
    const file = join(tmp, 'rcps.json');
    const deny = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Resource: '*' }],
    };
    writeFileSync(file, JSON.stringify({ '222222222222': [deny] }));
    const r = await run(FLEET, '--rcp', file, '--format', 'json');
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout);
    expect(result.holds).toBe(false);
    expect(result.findings.map((f: { id: string }) => f.id)).toContain('FM-2.3');
    // A deny-all SCP of an unrelated account changes nothing.
    const other = join(tmp, 'scps.json');
    const scpDeny = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' }],
    };
    writeFileSync(other, JSON.stringify({ '999999999999': [scpDeny] }));
    expect((await run(FLEET, '--scp', other)).code).toBe(0);
  });

  it('--scp: an invalid guardrail file is reported with its JSON path, exit 1, no stack', async () => {
    const file = join(tmp, 'bad-scps.json');
    writeFileSync(file, JSON.stringify({ '22222222222': [] }));
    const r = await run(FLEET, '--scp', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}: $["22222222222"]: expected a 12-digit AWS account id`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('json: stdout is the full ProveResult and nothing else', async () => {
    const r = await run(FLEET, '--format', 'json');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.holds).toBe(true);
    expect(result.matrix.clusters).toEqual(['cluster2']);
    expect(result.matrix.cells.length).toBe(result.matrix.witnesses.length);
    expect(result.findings).toEqual([]);
  });

  it('sarif: a SARIF 2.1.0 log pointing at the fleet file', async () => {
    const plan = await examplePlan('two-accounts');
    const broken = mutate(plan, (p) => {
      p.accessEntries = [];
    });
    const file = join(tmp, 'broken.json');
    writeFileSync(file, JSON.stringify(broken));
    const r = await run('--plan', file, '--format', 'sarif');
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    const result = log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'FM-5.2');
    expect(result.level).toBe('error');
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toMatch(/broken\.json$/);
    const fleetLog = JSON.parse((await run(FLEET, '--format', 'sarif')).stdout);
    expect(fleetLog.runs[0].results).toEqual([]);
  });

  it('--plan proves a plan JSON; a leak makes it exit 1', async () => {
    const plan = await examplePlan('two-accounts');
    const ok = join(tmp, 'plan.json');
    writeFileSync(ok, JSON.stringify(plan, null, 2));
    expect((await run('--plan', ok)).code).toBe(0);
    const leaky = mutate(plan, (p) => {
      const s = statements(role(p, 'management').trustPolicy)[0]!;
      const sub = conditionKey(s, 'StringEquals', ':sub');
      delete s.Condition!.StringEquals![sub];
      s.Condition!.StringLike = { [sub]: 'system:serviceaccount:argocd:*' };
    });
    const bad = join(tmp, 'leaky.json');
    writeFileSync(bad, JSON.stringify(leaky));
    const r = await run('--plan', bad);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^PROOF FAILS/);
    expect(r.stdout).toContain('✗ sa:argocd/argocd-repo-server reaches cluster2');
  });

  it('--plan: a policy attached by ARN only makes the proof inconclusive, exit 3, causes in JSON', async () => {
    const plan = mutate(await examplePlan('two-accounts'), (p) => {
      role(p, 'management').attachedPolicyArns.push('arn:aws:iam::aws:policy/ReadOnlyAccess');
    });
    const file = join(tmp, 'unevaluated.json');
    writeFileSync(file, JSON.stringify(plan));
    const text = await run('--plan', file);
    expect(text.code).toBe(3);
    expect(text.stdout).toMatch(/^PROOF INCONCLUSIVE/);
    expect(text.stdout).toContain('arn:aws:iam::aws:policy/ReadOnlyAccess not in the plan');
    const json = await run('--plan', file, '--format', 'json');
    expect(json.code).toBe(3);
    const result = JSON.parse(json.stdout);
    expect([result.holds, result.verdict, result.causes[0].kind]).toEqual([
      false,
      'inconclusive',
      'policy-not-evaluated',
    ]);
  });

  it('--plan with an invalid plan: JSON-path errors on stderr, exit 1, no stack trace', async () => {
    const plan = JSON.parse(JSON.stringify(await examplePlan('two-accounts')));
    plan.roles[0].account = '1111';
    const file = join(tmp, 'invalid.json');
    writeFileSync(file, JSON.stringify(plan));
    const r = await run('--plan', file);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('$.roles[0].account: must be a 12-digit AWS account id');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--plan with a file that is not JSON names its line', async () => {
    const file = join(tmp, 'syntax.json');
    writeFileSync(file, '{\n  "kind": "AccessPlan",\n  oops\n}');
    const r = await run('--plan', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:3:`);
  });

  it('a missing input file or an unknown format is exit 2 (the tool could not run)', async () => {
    const missing = await run(join(tmp, 'nope.yaml'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
    const missingPlan = await run('--plan', join(tmp, 'nope.json'));
    expect(missingPlan.code).toBe(2);
    expect(missingPlan.stderr).toContain('cannot read plan file');
    const r = await run(FLEET, '--format', 'xml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format must be one of text, json, sarif');
  });
});
