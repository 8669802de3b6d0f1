/** `fleetlink simulate` end to end, in process through exec(argv, io): stdin, files, exit codes. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const A = '111111111111';
const B = '222222222222';

/** In process: exec(argv, io) with `input` as stdin (test/helpers/cli.ts). */
function run(args: string[], input?: string) {
  return runCli(args, input === undefined ? {} : { input });
}

const crossAccount = {
  principal: `arn:aws:sts::${A}:assumed-role/argocd-manager/argocd`,
  action: 'sts:AssumeRole',
  resource: `arn:aws:iam::${B}:role/argocd-deployer`,
  identityPolicies: [
    { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' } },
  ],
  resourcePolicy: {
    Version: '2012-10-17',
    Statement: {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${A}:role/fleetlink/argocd-manager` },
      Action: 'sts:AssumeRole',
    },
  },
};

describe('fleetlink simulate --jsonl', () => {
  it('answers every line in order; a bad line gets an error line and exit 1 at the end', async () => {
    const badEffect = {
      ...crossAccount,
      identityPolicies: [
        {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: '*', Resource: '*' },
            { Effect: 'allow', Action: '*' },
          ],
        },
      ],
    };
    const input = [
      JSON.stringify(crossAccount),
      JSON.stringify({ ...crossAccount, identityPolicies: [] }),
      JSON.stringify(badEffect),
      '',
      '{not json',
      JSON.stringify({
        ...crossAccount,
        context: { 'aws:MultiFactorAuthAge': 30, 'aws:TagKeys': ['a', 'b'] },
      }),
    ].join('\n');
    const r = await run(['simulate', '--jsonl', '-'], input);
    expect(r.code).toBe(1);
    const lines = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.decision ?? 'error')).toEqual([
      'Allowed',
      'ImplicitlyDenied',
      'error',
      'error',
      'Allowed',
    ]);
    expect(lines[2]).toEqual({
      error: 'line 3: $.identityPolicies[0].Statement[1].Effect: expected "Allow" or "Deny"',
    });
    expect(lines[3].error).toMatch(/^line 5: invalid JSON/);
    expect(lines[0].explain.summary).toBe(
      'Allowed: cross-account: both an identity policy and the resource policy allow',
    );
    expect(lines[0].explain.policySets.map((s: { kind: string }) => s.kind)).toEqual([
      'identity',
      'resource',
    ]);
    expect(r.stderr).toContain('2 invalid request line(s)');
  });

  it('reads a file, exits 0 when every line is valid, and keeps order over thousands of lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleetlink-simulate-'));
    const file = join(dir, 'requests.jsonl');
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      lines.push(JSON.stringify(i % 3 === 0 ? crossAccount : { ...crossAccount, identityPolicies: [] }));
    }
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = await run(['simulate', '--jsonl', file, '--explain', 'summary']);
    expect(r.code).toBe(0);
    const out = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(3000);
    out.forEach((o, i) => {
      expect(o.decision).toBe(i % 3 === 0 ? 'Allowed' : 'ImplicitlyDenied');
      expect(o.explain.policySets).toEqual([]);
    });
  });

  it('exits 2 for an unreadable file', async () => {
    const r = await run(['simulate', '--jsonl', join(tmpdir(), 'does-not-exist.jsonl')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot read');
    expect(r.stdout).toBe('');
  });
});

describe('fleetlink simulate FILE', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fleetlink-simulate-one-'));
  it('explains one request as text', async () => {
    const file = join(dir, 'request.json');
    writeFileSync(file, JSON.stringify(crossAccount, null, 2));
    const r = await run(['simulate', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Allowed: cross-account');
    expect(r.stdout).toContain('(Principal names the role of this session)');
  });
  it('prints JSON with --format json', async () => {
    const file = join(dir, 'request.json');
    writeFileSync(file, JSON.stringify({ ...crossAccount, identityPolicies: [] }));
    const r = await run(['simulate', file, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).decision).toBe('ImplicitlyDenied');
  });
  it('names the file and JSON path of a bad request, exit 1', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ ...crossAccount, resourceAccount: 'B' }));
    const r = await run(['simulate', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}: $.resourceAccount: expected a 12-digit account id (a string)`);
  });
});
