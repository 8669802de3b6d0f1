/**
 * The HCL writer against HashiCorp's HCL parser (@cdktf/hcl2json, hashicorp/hcl v2 in WASM):
 * any string and any JSON document survive writing and parsing unchanged — quotes, backslashes,
 * control characters, non-ASCII, and the template introducers `${` and `%{` that HCL would
 * otherwise interpolate.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import {
  attrs,
  block,
  call,
  escapeString,
  expr,
  renderFile,
  renderValue,
  template,
} from '../../../src/render/terraform/hcl.js';
import { toHcl } from '../../../src/render/terraform/iam.js';
import { evaluate, evaluateExpression, type Json, parseHcl } from './helpers/hcl-read.js';

const noScope = (path: readonly (string | number)[]): Json => {
  throw new Error(`unexpected reference ${path.join('.')}`);
};

// HCL normalizes strings to NFC, so only NFC strings can round-trip (others are refused, below).
const tricky = fc
  .oneof(
    fc.string({
      unit: fc.constantFrom(
        '$',
        '%',
        '{',
        '}',
        '"',
        '\\',
        '\n',
        '\r',
        '\t',
        '\u0001',
        '\u007f',
        'é',
        '😀',
        'a',
        ' ',
      ),
    }),
    fc.string({ unit: 'binary' }),
  )
  .filter((s) => s.normalize('NFC') === s);

const jsonValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    tricky,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(tricky, tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('HCL writer', () => {
  it('escapes every string so that HashiCorp HCL reads back exactly that string', async () => {
    await fc.assert(
      fc.asyncProperty(tricky, async (s) => {
        const text = renderFile(attrs({ a: s }));
        const parsed = await parseHcl('t.tf', text);
        expect(await evaluate(parsed.a, noScope)).toBe(s);
      }),
      { numRuns: 200 },
    );
  });

  it('writes any JSON document as an HCL value that evaluates to the same data (the jsonencode argument)', async () => {
    await fc.assert(
      fc.asyncProperty(jsonValue, async (v) => {
        const source = renderValue(toHcl(v));
        expect(await evaluateExpression(source, noScope)).toEqual(v);
      }),
      { numRuns: 150 },
    );
  });

  it('doubles template introducers and escapes quotes', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a JS template
    expect(escapeString('${aws:username} %{if} "x" \\ \n')).toBe('$${aws:username} %%{if} \\"x\\" \\\\ \\n');
    expect(escapeString('$ { % {')).toBe('$ { % {');
  });

  it('quotes object keys that are not plain names (and the keywords true, false, null)', () => {
    expect(renderValue({ a: 1, 'managed-by': 'x', true: 2, 'k:sub': 3 })).toBe(
      '{\n  a            = 1\n  "managed-by" = "x"\n  "true"       = 2\n  "k:sub"      = 3\n}',
    );
  });

  it('formats like terraform fmt: aligned one-line attributes, multi-line values unaligned', () => {
    const text = renderFile([
      block(
        'resource',
        ['t', 'n'],
        [
          ...attrs({
            provider: expr('aws.x'),
            name: 'n',
            policy: call('jsonencode', { Version: '2012-10-17' }),
            tags: {},
          }),
          block('nested', [], attrs({ a: 1, bb: template('x-', expr('var.y')) })),
        ],
      ),
    ]);
    expect(text).toBe(
      [
        'resource "t" "n" {',
        '  provider = aws.x',
        '  name     = "n"',
        '  policy = jsonencode({',
        '    Version = "2012-10-17"',
        '  })',
        '  tags = {}',
        '  nested {',
        '    a  = 1',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: expected HCL text with an interpolation
        '    bb = "x-${var.y}"',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('rejects what HCL cannot hold instead of writing it', () => {
    expect(() => renderValue(Number.NaN)).toThrow(/no literal/);
    expect(() => renderFile(attrs({ 'bad name': 1 }))).toThrow(/attribute name/);
    // U+2329 is not NFC (it normalizes to U+3008): HCL would change it, so it is refused.
    expect(() => renderValue('\u2329')).toThrow(/not in Unicode normal form C/);
    expect(() => renderValue('e\u0301')).toThrow(UserError);
  });
});
