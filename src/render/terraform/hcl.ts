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

import { UserError } from '../../errors.js';

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
/** Printable ASCII without `\`, `"`, `$` and `%`: written as is. */
const PLAIN = /^[\x20-\x21\x23\x26-\x5b\x5d-\x7e]*$/;
const NON_ASCII = /[\u0080-\uffff]/;
/** Bare words an object key may not be: they are read as values, not names. */
const KEYWORDS = new Set(['true', 'false', 'null', 'for', 'in', 'if', 'endif', 'else', 'endfor']);

/** HCL identifiers (attribute and block names, labels used in references). */
export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

/**
 * The body of a quoted string: escapes and doubled template introducers, no quotes.
 * HCL normalizes every string literal to Unicode NFC, escapes included (hclsyntax spec, "Template
 * Literals"), so a string that is not in NFC cannot be written: Terraform would apply another
 * string than the plan holds. It is refused rather than changed.
 */
export function escapeString(s: string): string {
  // Fast path: most strings (ARNs, names) need no escape at all.
  if (PLAIN.test(s)) return s;
  if (NON_ASCII.test(s) && s.normalize('NFC') !== s)
    throw new UserError(
      `${JSON.stringify(s)} is not in Unicode normal form C; HCL normalizes every string to NFC, so Terraform would apply a different string than the plan has. Write it in NFC.`,
    );
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
const PADS: string[] = [];
const pad = (depth: number): string => (PADS[depth] ??= INDENT.repeat(depth));
/** Lists of scalars are written on one line when they fit in this many characters. */
const INLINE_LIST_WIDTH = 100;

function isScalar(v: HclValue): boolean {
  return v === null || typeof v !== 'object' || v instanceof Expr || v instanceof Template;
}

/** A scalar on one line. */
function scalar(v: HclValue): string {
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
  throw new Error(`not an HCL value: ${String(v)}`);
}

/** A list of scalars that fits on one line, or undefined. */
function inlineList(items: readonly HclValue[]): string | undefined {
  if (items.length === 0) return '[]';
  if (!items.every(isScalar)) return undefined;
  const inline = `[${items.map(scalar).join(', ')}]`;
  return inline.length <= INLINE_LIST_WIDTH && !inline.includes('\n') ? inline : undefined;
}

/** Whether a value takes more than one line (decided from its shape, before it is written). */
function multiline(v: HclValue): boolean {
  if (v instanceof Expr) return v.text.includes('\n');
  if (isScalar(v)) return false;
  if (v instanceof Call) return v.args.some(multiline);
  if (Array.isArray(v)) return inlineList(v as readonly HclValue[]) === undefined;
  return Object.values(v as object).some((x) => x !== undefined);
}

/**
 * Append a value's text to `out`. Everything is written into one array of pieces, joined once per
 * file: nested values are never rendered to strings and copied again by their parents, which
 * keeps a 5,000-spoke configuration linear in its size.
 */
function emitValue(v: HclValue, depth: number, out: string[]): void {
  if (isScalar(v)) {
    out.push(scalar(v));
    return;
  }
  if (v instanceof Call) {
    out.push(v.name, '(');
    v.args.forEach((a, i) => {
      if (i > 0) out.push(', ');
      emitValue(a, depth, out);
    });
    out.push(')');
    return;
  }
  if (Array.isArray(v)) {
    const items = v as readonly HclValue[];
    const inline = inlineList(items);
    if (inline !== undefined) {
      out.push(inline);
      return;
    }
    out.push('[\n');
    const inner = pad(depth + 1);
    for (const item of items) {
      if (isScalar(item)) out.push(`${inner}${scalar(item)},\n`);
      else {
        out.push(inner);
        emitValue(item, depth + 1, out);
        out.push(',\n');
      }
    }
    out.push(`${pad(depth)}]`);
    return;
  }
  const entries = Object.entries(v as object).filter((e): e is [string, HclValue] => e[1] !== undefined);
  if (entries.length === 0) {
    out.push('{}');
    return;
  }
  out.push('{\n');
  emitAligned(
    entries.map(([k, val]) => [objectKey(k), val]),
    depth + 1,
    out,
  );
  out.push(`${pad(depth)}}`);
}

/** A value as HCL text; nested lines are indented for a value that starts at `depth`. */
export function renderValue(v: HclValue, depth = 0): string {
  const out: string[] = [];
  emitValue(v, depth, out);
  return out.join('');
}

/**
 * `name = value` lines at `depth`, each ending in a newline, with the `=` of consecutive
 * one-line values aligned as `terraform fmt` does; a multi-line value is not aligned and ends the
 * run of lines aligned together.
 */
function emitAligned(items: readonly (readonly [string, HclValue])[], depth: number, out: string[]): void {
  const p = pad(depth);
  let run: [string, string][] = [];
  const flush = (): void => {
    let width = 0;
    for (const [name] of run) if (name.length > width) width = name.length;
    for (const [name, value] of run) out.push(`${p}${name.padEnd(width)} = ${value}\n`);
    run = [];
  };
  for (const [name, value] of items) {
    if (multiline(value)) {
      flush();
      out.push(`${p}${name} = `);
      emitValue(value, depth, out);
      out.push('\n');
    } else run.push([name, renderValue(value, depth)]);
  }
  flush();
}

/** A block body at `depth`, each line ending in a newline. */
function emitBody(items: readonly BodyItem[], depth: number, out: string[]): void {
  const p = pad(depth);
  let run: [string, HclValue][] = [];
  const flush = (): void => {
    if (run.length > 0) emitAligned(run, depth, out);
    run = [];
  };
  for (const item of items) {
    if (item.kind === 'attribute') {
      if (!isIdentifier(item.name)) throw new Error(`not an HCL attribute name: ${item.name}`);
      run.push([item.name, item.value]);
      continue;
    }
    flush();
    if (item.kind === 'blank') out.push('\n');
    else if (item.kind === 'comment')
      for (const line of item.text.split('\n')) out.push(line === '' ? `${p}#\n` : `${p}# ${line}\n`);
    else emitBlock(item, depth, out);
  }
  flush();
}

function emitBlock(b: Block, depth: number, out: string[]): void {
  if (!isIdentifier(b.type)) throw new Error(`not an HCL block type: ${b.type}`);
  const p = pad(depth);
  const head = [b.type, ...b.labels.map(quote)].join(' ');
  if (b.body.length === 0) {
    out.push(p, head, ' {}\n');
    return;
  }
  out.push(p, head, ' {\n');
  emitBody(b.body, depth + 1, out);
  out.push(p, '}\n');
}

/**
 * A whole `.tf` file: an optional header comment, then the items with one blank line between
 * top-level blocks; comments sit directly on the block they precede. Ends with exactly one newline.
 */
export function renderFile(items: readonly BodyItem[], header?: string): string {
  const out: string[] = [];
  let first = true;
  const separate = (): void => {
    if (!first) out.push('\n');
    first = false;
  };
  if (header !== undefined) {
    separate();
    emitBody([comment(header)], 0, out);
  }
  let pending: BodyItem[] = [];
  for (const item of items) {
    if (item.kind === 'block') {
      const leadIsComments = pending.every((p) => p.kind === 'comment');
      if (!leadIsComments) {
        separate();
        emitBody(pending, 0, out);
        pending = [];
      }
      separate();
      emitBody([...pending, item], 0, out);
      pending = [];
    } else if (item.kind !== 'blank') pending.push(item);
  }
  if (pending.length > 0) {
    separate();
    emitBody(pending, 0, out);
  }
  return out.join('');
}
