/**
 * A small HCL (HashiCorp Configuration Language, native syntax) writer: values and blocks in,
 * text out, formatted the way `terraform fmt` leaves it (two-space indent, `=` aligned across
 * consecutive one-line attributes), so a re-run of an unchanged plan is byte-identical and a
 * generated file reads like one a person wrote.
 *
 * Escaping follows the HCL native syntax spec (hashicorp/hcl hclsyntax/spec.md, "Template
 * Literals" and "Quoted Template Expressions"): in a quoted string `\`, `"` and control characters
 * are backslash-escaped, and the template introducers `${` and `%{` are doubled to `$${` / `%%{`,
 * so an IAM policy variable such as `${aws:username}` reaches AWS as written instead of being
 * read as a Terraform interpolation.
 */

/** A raw HCL expression, written as is: a reference (`aws_iam_role.management.arn`), `each.value.name`, … */
export class Expr {
  constructor(readonly text: string) {}
}

/** A function call: `jsonencode({...})`, `lookup(var.x, "k", "d")`. */
export class Call {
  constructor(
    readonly name: string,
    readonly args: readonly HclValue[],
  ) {}
}

/** A quoted template with interpolations: literal parts are escaped, `Expr` parts become `${…}`. */
export class Template {
  constructor(readonly parts: readonly (string | Expr)[]) {}
}

export type HclValue =
  | string
  | number
  | boolean
  | null
  | Expr
  | Call
  | Template
  | readonly HclValue[]
  | { readonly [key: string]: HclValue | undefined };

/** One item of a block body. `undefined` attribute values are left out. */
export type BodyItem = Attribute | Block | Comment | Blank;

export interface Attribute {
  readonly kind: 'attribute';
  readonly name: string;
  readonly value: HclValue;
}

export interface Block {
  readonly kind: 'block';
  readonly type: string;
  readonly labels: readonly string[];
  readonly body: readonly BodyItem[];
}

export interface Comment {
  readonly kind: 'comment';
  readonly text: string;
}

export interface Blank {
  readonly kind: 'blank';
}

export const expr = (text: string): Expr => new Expr(text);
export const call = (name: string, ...args: HclValue[]): Call => new Call(name, args);
export const template = (...parts: (string | Expr)[]): Template => new Template(parts);
export const blank: Blank = { kind: 'blank' };
export const comment = (text: string): Comment => ({ kind: 'comment', text });

/** Attributes from a record, in its key order; `undefined` values are skipped. */
export function attrs(record: { readonly [name: string]: HclValue | undefined }): Attribute[] {
  const out: Attribute[] = [];
  for (const [name, value] of Object.entries(record))
    if (value !== undefined) out.push({ kind: 'attribute', name, value });
  return out;
}

export function block(type: string, labels: readonly string[], body: readonly BodyItem[]): Block {
  return { kind: 'block', type, labels, body };
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Bare words an object key may not be: they are read as values, not names. */
const KEYWORDS = new Set(['true', 'false', 'null', 'for', 'in', 'if', 'endif', 'else', 'endfor']);

/** HCL identifiers (attribute and block names, labels used in references). */
export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

/** The body of a quoted string: escapes and doubled template introducers, no quotes. */
export function escapeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    const code = ch.charCodeAt(0);
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if ((ch === '$' || ch === '%') && s[i + 1] === '{') out += ch + ch;
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}

export function quote(s: string): string {
  return `"${escapeString(s)}"`;
}

/** An object key: a bare name when HCL reads it as that literal name, a quoted string otherwise. */
function objectKey(key: string): string {
  return IDENTIFIER.test(key) && !KEYWORDS.has(key) ? key : quote(key);
}

const INDENT = '  ';
/** Lists of scalars are written on one line when they fit in this many characters. */
const INLINE_LIST_WIDTH = 100;

function isScalar(v: HclValue): boolean {
  return v === null || typeof v !== 'object' || v instanceof Expr || v instanceof Template;
}

function isObject(v: HclValue): v is { readonly [key: string]: HclValue | undefined } {
  return (
    v !== null &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    !(v instanceof Expr) &&
    !(v instanceof Call) &&
    !(v instanceof Template)
  );
}

/** A value as HCL text; nested lines are indented for a value that starts at `depth`. */
export function renderValue(v: HclValue, depth = 0): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`HCL has no literal for ${v}`);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Expr) return v.text;
  if (v instanceof Template)
    return `"${v.parts.map((p) => (p instanceof Expr ? `\${${p.text}}` : escapeString(p))).join('')}"`;
  if (v instanceof Call) return `${v.name}(${v.args.map((a) => renderValue(a, depth)).join(', ')})`;
  if (Array.isArray(v)) return renderList(v as readonly HclValue[], depth);
  if (isObject(v)) return renderObject(v, depth);
  throw new Error(`not an HCL value: ${String(v)}`);
}

function renderList(items: readonly HclValue[], depth: number): string {
  if (items.length === 0) return '[]';
  if (items.every(isScalar)) {
    const inline = `[${items.map((i) => renderValue(i, depth)).join(', ')}]`;
    if (inline.length <= INLINE_LIST_WIDTH && !inline.includes('\n')) return inline;
  }
  const pad = INDENT.repeat(depth + 1);
  return `[\n${items.map((i) => `${pad}${renderValue(i, depth + 1)},`).join('\n')}\n${INDENT.repeat(depth)}]`;
}

function renderObject(obj: { readonly [key: string]: HclValue | undefined }, depth: number): string {
  const entries = Object.entries(obj).filter((e): e is [string, HclValue] => e[1] !== undefined);
  if (entries.length === 0) return '{}';
  const lines = alignedLines(
    entries.map(([k, val]) => ({ name: objectKey(k), value: renderValue(val, depth + 1) })),
    INDENT.repeat(depth + 1),
  );
  return `{\n${lines.join('\n')}\n${INDENT.repeat(depth)}}`;
}

/**
 * `name = value` lines with the `=` of consecutive one-line values aligned, as `terraform fmt`
 * does; a multi-line value is not aligned and ends the run of lines aligned together.
 */
function alignedLines(items: readonly { name: string; value: string }[], pad: string): string[] {
  const out: string[] = [];
  let run: { name: string; value: string }[] = [];
  const flush = (): void => {
    const width = Math.max(0, ...run.map((r) => r.name.length));
    for (const r of run) out.push(`${pad}${r.name.padEnd(width)} = ${r.value}`);
    run = [];
  };
  for (const item of items) {
    // A multi-line value stands alone (`name = {` with one space) and ends the run before it.
    if (item.value.includes('\n')) {
      flush();
      out.push(`${pad}${item.name} = ${item.value}`);
    } else run.push(item);
  }
  flush();
  return out;
}

/** A block body's lines at `depth`. */
function renderBody(items: readonly BodyItem[], depth: number): string[] {
  const pad = INDENT.repeat(depth);
  const out: string[] = [];
  let run: { name: string; value: string }[] = [];
  const flush = (): void => {
    if (run.length > 0) out.push(...alignedLines(run, pad));
    run = [];
  };
  for (const item of items) {
    if (item.kind === 'attribute') {
      if (!isIdentifier(item.name)) throw new Error(`not an HCL attribute name: ${item.name}`);
      run.push({ name: item.name, value: renderValue(item.value, depth) });
      continue;
    }
    flush();
    if (item.kind === 'blank') out.push('');
    else if (item.kind === 'comment')
      for (const line of item.text.split('\n')) out.push(line === '' ? `${pad}#` : `${pad}# ${line}`);
    else out.push(...renderBlock(item, depth));
  }
  flush();
  return out;
}

function renderBlock(b: Block, depth: number): string[] {
  if (!isIdentifier(b.type)) throw new Error(`not an HCL block type: ${b.type}`);
  const pad = INDENT.repeat(depth);
  const head = [b.type, ...b.labels.map(quote)].join(' ');
  if (b.body.length === 0) return [`${pad}${head} {}`];
  return [`${pad}${head} {`, ...renderBody(b.body, depth + 1), `${pad}}`];
}

/**
 * A whole `.tf` file: an optional header comment, then the items with one blank line between
 * top-level blocks. Ends with exactly one newline.
 */
export function renderFile(items: readonly BodyItem[], header?: string): string {
  const parts: string[] = [];
  if (header !== undefined) parts.push(renderBody([comment(header)], 0).join('\n'));
  let pendingAttrs: BodyItem[] = [];
  const flushAttrs = (): void => {
    if (pendingAttrs.length > 0) parts.push(renderBody(pendingAttrs, 0).join('\n'));
    pendingAttrs = [];
  };
  for (const item of items) {
    if (item.kind === 'block') {
      flushAttrs();
      parts.push(renderBlock(item, 0).join('\n'));
    } else if (item.kind !== 'blank') pendingAttrs.push(item);
  }
  flushAttrs();
  return `${parts.join('\n\n')}\n`;
}
