/**
 * Helm's `--set` syntax as the Helm provider's `set` / `set_sensitive` entries use it
 * (helm.sh/helm/v3/pkg/strvals): key paths, escaped dots, list indexes, typing, lists, `null`.
 */
import { describe, expect, it } from 'vitest';
import { applySet, type HelmValues } from '../../../src/observe/terraform/helm-set.js';

const apply = (values: HelmValues, ...entries: [string, string, string?][]): HelmValues => {
  for (const [name, value, type] of entries) applySet(values, { name, value, ...(type ? { type } : {}) });
  return values;
};

describe('helm --set entries', () => {
  it('writes nested keys, with \\. as a dot inside a key (annotation names)', () => {
    expect(
      apply({ controller: { replicas: 1 } }, [
        'controller.serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn',
        'arn:aws:iam::111111111111:role/m',
      ]),
    ).toEqual({
      controller: {
        replicas: 1,
        serviceAccount: { annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111111111111:role/m' } },
      },
    });
  });

  it('types auto values (bool, integer, null removes) and keeps string values as written', () => {
    const v = apply(
      { a: { gone: 'x' } },
      ['a.flag', 'true'],
      ['a.n', '42'],
      ['a.zero', '007'],
      ['a.gone', 'null'],
      ['a.s', 'true', 'string'],
    );
    expect(v).toEqual({ a: { flag: true, n: 42, zero: '007', s: 'true' } });
  });

  it('splits auto values on unescaped commas, reads {a,b} as a list, and takes literal values whole', () => {
    expect(apply({}, ['a', '1,b=2'])).toEqual({ a: 1, b: 2 });
    expect(apply({}, ['a', 'x\\,y'])).toEqual({ a: 'x,y' });
    expect(apply({}, ['ns', '{shop,data}'])).toEqual({ ns: ['shop', 'data'] });
    expect(apply({}, ['c', '{"k":1,"l":2}', 'literal'])).toEqual({ c: '{"k":1,"l":2}' });
  });

  it('indexes lists', () => {
    expect(apply({}, ['configs.clusterCredentials[1].name', 'b'])).toEqual({
      configs: { clusterCredentials: [undefined, { name: 'b' }] },
    });
  });

  it('rejects what Helm rejects', () => {
    expect(() => apply({}, ['a', '1,2'])).toThrow(/has no value/);
    expect(() => apply({}, ['[0]', 'x'])).toThrow(/bad key/);
  });
});
