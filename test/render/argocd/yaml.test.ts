import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { Literal, toYaml, yamlCoerces } from '../../../src/render/argocd/yaml.js';

describe('YAML emitter', () => {
  it('round-trips awkward keys and values through a YAML 1.1 parser', () => {
    const value = {
      yes: 'on',
      '123': '0x1f',
      on: [
        'n',
        'null',
        '~',
        '',
        '1e3',
        '2026-01-01',
        ': colon',
        '# hash',
        "it's",
        'line\nbreak',
        'tab\tx',
        'uni ü\u2028x\u007f',
      ],
      'a.b/c-d': { nested: { deep: true, n: 3 } },
      empty: {},
      list: [],
      items: [{ name: 'x', v: 'y' }, 'plain', [1, 2]],
      block: new Literal('{\n  "a": 1\n}\n'),
    };
    const text = toYaml(value, 'header line\n\nafter blank');
    const back = parse(text, { version: '1.1' });
    const expected = { ...value, block: '{\n  "a": 1\n}\n' };
    expect(back).toEqual(expected);
    expect(parse(text, { version: '1.2' })).toEqual(expected);
    expect(text.startsWith('# header line\n\n# after blank\n\n')).toBe(true);
  });

  it('writes the same text as the yaml library for the shapes we use', () => {
    const value = { a: { 'x.y/z': 'v', list: [{ name: 'n', k: 'w' }] }, b: false };
    const lib = stringify(value, {
      version: '1.1',
      lineWidth: 0,
      defaultStringType: 'QUOTE_DOUBLE',
      defaultKeyType: 'PLAIN',
    });
    expect(toYaml(value, '')).toBe(lib);
  });

  it('knows which names YAML 1.1 would coerce', () => {
    for (const s of [
      'yes',
      'No',
      'on',
      'off',
      'y',
      'n',
      'null',
      '~',
      '123',
      '0x1f',
      '1e3',
      '1_000',
      '12:30',
      '.5',
    ])
      expect(yamlCoerces(s), s).toBe(true);
    for (const s of ['spoke-1', 'prod', 'in-cluster', 'yes-please', '1st-cluster'])
      expect(yamlCoerces(s), s).toBe(false);
  });
});
