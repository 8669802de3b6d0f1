/**
 * A small YAML emitter for the shapes we write (maps, lists, strings, booleans, numbers), made for
 * readers that parse YAML 1.1 (go-yaml in kubectl and Helm), where `yes`, `on`, `n`, `0x1f`, `1e3`
 * are not strings. Every string value is double-quoted (JSON string syntax is valid YAML
 * double-quoted syntax), keys are quoted unless plainly safe, long lines are never folded, and a
 * `literal` string is written as a `|` block. Hand-written because the general-purpose `yaml`
 * Document API costs ~0.3 ms per Secret, which dominated `plan --out` for large fleets; the
 * golden tests parse every output back with the `yaml` library.
 */
import { parse } from 'yaml';
import { helmYamlType } from '../../fleet/helm-yaml.js';

/** A string written as a `|` literal block (it must end with a newline and hold printable text). */
export class Literal {
  constructor(readonly text: string) {}
}

export type YamlValue =
  | string
  | number
  | boolean
  | Literal
  | readonly YamlValue[]
  | { readonly [key: string]: YamlValue | undefined };

// YAML 1.1 words that are not strings (bool, null), case variants included.
const WORDS = new Set(
  'y Y yes Yes YES n N no No NO true True TRUE false False FALSE on On ON off Off OFF null Null NULL ~'.split(
    ' ',
  ),
);
const SAFE_KEY = /^[A-Za-z_][A-Za-z0-9._/-]*$/;
const UNPRINTABLE = /[\u007f-\u009f\u2028\u2029\ufeff]/g;

function quote(s: string): string {
  return JSON.stringify(s).replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function key(k: string): string {
  return SAFE_KEY.test(k) && !WORDS.has(k) ? k : quote(k);
}

function scalar(v: string | number | boolean): string {
  return typeof v === 'string' ? quote(v) : String(v);
}

function isMap(v: YamlValue): v is { readonly [key: string]: YamlValue | undefined } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Literal);
}

function emit(value: YamlValue, indent: string, out: string[], prefix: string): void {
  // `prefix` is what precedes the value on its first line ("key:" or "- ").
  if (value instanceof Literal) {
    out.push(`${prefix} |`);
    for (const line of value.text.replace(/\n$/, '').split('\n'))
      out.push(line === '' ? '' : `${indent}${line}`);
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return void out.push(`${prefix} []`);
    out.push(prefix);
    for (const item of value) emitItem(item, indent, out);
    return;
  }
  if (isMap(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined) as [string, YamlValue][];
    if (entries.length === 0) return void out.push(`${prefix} {}`);
    out.push(prefix);
    for (const [k, v] of entries) emit(v, `${indent}  `, out, `${indent}${key(k)}:`);
    return;
  }
  out.push(`${prefix} ${scalar(value as string | number | boolean)}`);
}

/** A list item at `indent`: maps start on the dash line (`- name: …`), as YAML writers do. */
function emitItem(item: YamlValue, indent: string, out: string[]): void {
  if (isMap(item)) {
    const entries = Object.entries(item).filter(([, v]) => v !== undefined) as [string, YamlValue][];
    if (entries.length > 0) {
      entries.forEach(([k, v], i) => {
        emit(v, `${indent}    `, out, `${indent}${i === 0 ? '- ' : '  '}${key(k)}:`);
      });
      return;
    }
  }
  emit(item, `${indent}    `, out, `${indent}-`);
}

/** A YAML document (top-level map) with a leading `#` comment block; empty comment lines stay blank. */
export function toYaml(value: { readonly [key: string]: YamlValue | undefined }, comment: string): string {
  const out: string[] = [];
  if (comment) {
    for (const line of comment.replace(/\n$/, '').split('\n')) out.push(line ? `# ${line}` : '');
    out.push('');
  }
  for (const [k, v] of Object.entries(value)) if (v !== undefined) emit(v, '  ', out, `${key(k)}:`);
  return `${out.join('\n')}\n`;
}

/** True when YAML 1.1 would not read `s` back as the same string if written unquoted. */
export function yamlCoerces(s: string): boolean {
  // Fast path: a DNS-style name that is not a YAML 1.1 word and does not start like a number.
  if (/^[a-z][a-z0-9-]*$/.test(s) && !WORDS.has(s)) return false;
  // Helm reads the chart's output with go-yaml v2, whose rules differ from the yaml library's 1.1 mode.
  if (helmYamlType(s) !== 'string') return true;
  try {
    return parse(`k: ${s}`, { version: '1.1' })?.k !== s;
  } catch {
    return true;
  }
}
