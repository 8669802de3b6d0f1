/** The `{ "<account id>": [policy, ...] }` files behind prove's SCP/RCP inputs. */
import { describe, expect, it } from 'vitest';
import { parseGuardrails } from '../../src/prove/guardrails.js';

const deny = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' }],
};

describe('parseGuardrails', () => {
  it('accepts account-keyed lists of valid policies', () => {
    const r = parseGuardrails({ '111111111111': [deny] }, 'scp');
    expect(r.problems).toEqual([]);
    expect(r.policies['111111111111']).toEqual([deny]);
  });

  it('names the JSON path of every problem', () => {
    const rcpWithoutPrincipal = deny;
    const r = parseGuardrails({ '222222222222': [rcpWithoutPrincipal], prod: [], '333333333333': {} }, 'rcp');
    expect(r.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      '$["222222222222"][0].Statement[0]: a resource control policy statement needs "Principal": "*"',
      '$.prod: expected a 12-digit AWS account id as key, got "prod"',
      '$["333333333333"]: expected an array of RCP documents',
    ]);
  });

  it('rejects a file that is not an object', () => {
    expect(parseGuardrails([deny], 'scp').problems[0]?.path).toBe('$');
  });
});
