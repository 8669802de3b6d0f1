/**
 * `fleetlink token` skips commander when its arguments are plain options (main.ts). The fast path
 * must read them exactly as commander does, and hand everything else to commander: this test parses
 * the same argument lists with the real commander program (every command registered, the token
 * action replaced by a recorder) and requires the same options, or a hand-over.
 */
import type { Command } from 'commander';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type TokenOptions, tokenFastPath } from '../../src/cli/commands/token.js';
import { buildProgram } from '../../src/cli/exec.js';
import { testIo } from '../helpers/cli.js';

type Parsed = { kind: 'action'; opts: TokenOptions } | { kind: 'other' };

async function viaCommander(args: readonly string[]): Promise<Parsed> {
  // The real program (as exec builds it), writing into buffers nobody reads.
  const program = buildProgram({ io: testIo(), exitCode: undefined });
  const token = program.commands.find((c) => c.name() === 'token') as Command;
  let seen: TokenOptions | undefined;
  token.action((opts: TokenOptions) => {
    seen = { ...opts };
  });
  for (const sub of token.commands) sub.action(() => {});
  try {
    await program.parseAsync(['token', ...args], { from: 'user' });
  } catch {
    return { kind: 'other' };
  }
  return seen === undefined ? { kind: 'other' } : { kind: 'action', opts: seen };
}

const FLAGS = ['--cluster-name', '--region', '--role-arn', '--session-name', '--api-version', '--cache'];
const CORPUS: string[][] = [
  [],
  ['--cluster-name', 'prod', '--region', 'eu-west-1'],
  ['--region=eu-west-1', '--cluster-name=prod'],
  ['--cluster-name', 'a', '--cluster-name', 'b'],
  ['--cluster-name', '--region'],
  ['--cluster-name', '--help'],
  ['--cluster-name', '--version'],
  ['--region', '--version=1'],
  ['--cluster-name=', '--region', ''],
  ['--cluster-name', 'prod', '--role-arn', 'arn:aws:iam::111111111111:role/x', '--cache', '/tmp/c'],
  ['--api-version', 'client.authentication.k8s.io/v1', '--session-name', 's1'],
  ['--help'],
  ['-h'],
  ['--version'],
  ['verify', 'k8s-aws-v1.x', '--cluster-name', 'p'],
  ['--cluster-name', 'prod', 'verify'],
  ['--cluster-name', 'prod', 'extra'],
  ['--cluster-name'],
  ['--', '--cluster-name', 'p'],
  ['--cluster-name', 'p', '--unknown', 'x'],
  ['--Region', 'x'],
  ['--cluster-name', 'p', '--version'],
  ['--cluster-name', 'p', '--help'],
  ['help'],
];

async function expectSame(args: readonly string[]): Promise<void> {
  const fast = tokenFastPath(args);
  const slow = await viaCommander(args);
  if (fast === undefined) return; // commander answers: behaviour unchanged by construction
  expect(slow, JSON.stringify(args)).toEqual({ kind: 'action', opts: fast });
}

describe('fleetlink token fast path', () => {
  it('reads the corpus exactly as commander does, or hands over', async () => {
    for (const args of CORPUS) await expectSame(args);
    // The plain kubectl invocation really takes the fast path.
    expect(tokenFastPath(['--cluster-name', 'prod', '--region', 'eu-west-1'])).toEqual({
      clusterName: 'prod',
      region: 'eu-west-1',
    });
    expect(tokenFastPath(['--help'])).toBeUndefined();
    expect(tokenFastPath(['verify', 'x'])).toBeUndefined();
  });

  it('agrees with commander on generated argument lists', async () => {
    const word = fc.oneof(
      fc.constantFrom(...FLAGS, '--help', '-h', '--version', 'verify', '--', '', '=', '--region='),
      fc.constantFrom(...FLAGS).map((f) => `${f}=v`),
      fc.string({ maxLength: 6 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(word, { maxLength: 6 }), async (args) => {
        await expectSame(args);
      }),
      { numRuns: 1000 },
    );
  });
});
