/** The `simulate --jsonl` line contract (pure part; the CLI test covers streaming and exit codes). */
import { describe, expect, it } from 'vitest';
import { simulateJsonLine } from '../../src/iam/jsonl.js';

const base = {
  principal: 'arn:aws:iam::111111111111:user/alice',
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::bucket/key',
  resourceAccount: '111111111111',
  identityPolicies: [
    { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } },
  ],
};
const line = (value: unknown, options = {}) =>
  JSON.parse(simulateJsonLine(JSON.stringify(value), 7, options).output);

describe('simulateJsonLine', () => {
  it('answers {decision, explain}', () => {
    const out = line(base);
    expect(out.decision).toBe('Allowed');
    expect(out.explain.summary).toBe('Allowed: same account: an identity policy allows');
    expect(out.explain.policySets[0].statements[0].matched).toBe(true);
    expect(line(base, { explain: 'summary' }).explain.policySets).toEqual([]);
  });

  it('treats null optional fields as absent and stringifies numeric/boolean context values', () => {
    const out = line({
      ...base,
      permissionBoundary: null,
      scps: null,
      context: { 'aws:MultiFactorAuthAge': 30, 'aws:SecureTransport': true },
      identityPolicies: [
        {
          Version: '2012-10-17',
          Statement: {
            Effect: 'Allow',
            Action: 's3:*',
            Resource: '*',
            Condition: {
              NumericLessThan: { 'aws:MultiFactorAuthAge': 60 },
              Bool: { 'aws:SecureTransport': true },
            },
          },
        },
      ],
    });
    expect(out.decision).toBe('Allowed');
  });

  it.each([
    [{ ...base, principl: 'x' }, 'line 7: $.principl: unknown field'],
    [{ ...base, action: 'GetObject' }, 'line 7: $.action: expected "service:Action"'],
    [
      { ...base, context: { k: { nested: 1 } } },
      'line 7: $.context.k: expected a string, number, boolean or an array of them',
    ],
    [
      {
        ...base,
        scps: [[{ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: 'x' } }]],
      },
      'line 7: $.scps[0][0].Statement.Resource: expected "*" or an ARN',
    ],
    [
      { ...base, resourcePolicy: { Statement: { Effect: 'Allow', Action: '*', Principal: 'me' } } },
      'line 7: $.resourcePolicy.Statement.Principal: expected "*" or an object',
    ],
    [[1, 2], 'line 7: $: expected a request object'],
  ])('reports %j as an error line', (value, prefix) => {
    const result = simulateJsonLine(JSON.stringify(value), 7);
    expect(result.ok).toBe(false);
    expect(JSON.parse(result.output).error.startsWith(prefix)).toBe(true);
  });

  it('reports invalid JSON with its line number', () => {
    const result = simulateJsonLine('{"principal":', 12);
    expect(result.ok).toBe(false);
    expect(JSON.parse(result.output).error).toMatch(/^line 12: invalid JSON: /);
  });
});
