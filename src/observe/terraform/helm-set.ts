/**
 * `helm_release` `set` / `set_sensitive` entries applied to the merged values, as the Helm provider
 * does: after every `values` document, `set` first and `set_sensitive` last, each entry parsed by
 * Helm's `strvals` (`name=value` as `helm install --set` takes it). The provider hands each entry
 * to `strvals.ParseInto` (type `auto`, the default), `ParseIntoString` (`string`) or
 * `ParseLiteralInto` (`literal`).
 *
 * What strvals does, and this module with it (helm.sh/helm/v3/pkg/strvals, parser.go):
 * - the name is a path: `.` separates keys, `\.` is a dot inside a key
 *   (`controller.serviceAccount.annotations.eks\.amazonaws\.com/role-arn`), `key[n]` indexes a list;
 * - `auto`: `,` separates further `name=value` pairs (`\,` is a comma), `{a,b}` is a list, and a
 *   value is typed — `true` / `false` booleans, `null` removes the key, a decimal integer without
 *   leading zero a number, anything else a string;
 * - `string`: the same, but every value stays a string; `literal`: the value exactly as written.
 */

export type HelmValues = Record<string, unknown>;

export interface HelmSet {
  readonly name: string;
  readonly value: string;
  readonly type?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Apply one entry to `values` (mutated). Throws on a name strvals rejects. */
export function applySet(values: HelmValues, entry: HelmSet): void {
  const type = entry.type ?? 'auto';
  if (type === 'literal') {
    assign(values, keyPath(entry.name), entry.value);
    return;
  }
  const typed = type !== 'string';
  // Further pairs after an unescaped comma (outside `{…}`) belong to the same --set argument.
  const pairs = splitUnescaped(`${entry.name}=${entry.value}`, ',', true);
  for (const pair of pairs) {
    const eq = indexUnescaped(pair, '=');
    if (eq < 0) throw new Error(`key "${pair}" has no value`);
    const path = keyPath(pair.slice(0, eq));
    const raw = pair.slice(eq + 1);
    if (raw.startsWith('{') && raw.endsWith('}')) {
      const items = splitUnescaped(raw.slice(1, -1), ',', false).map((s) => unescapeHelm(s));
      assign(values, path, typed ? items.map(typedValue) : items);
      continue;
    }
    const text = unescapeHelm(raw);
    const value = typed ? typedValue(text) : text;
    if (value === null) remove(values, path);
    else assign(values, path, value);
  }
}

function typedValue(s: string): unknown {
  if (s.toLowerCase() === 'true') return true;
  if (s.toLowerCase() === 'false') return false;
  if (s === 'null') return null;
  if (/^-?(0|[1-9]\d*)$/.test(s) && Number.isSafeInteger(Number(s))) return Number(s);
  return s;
}

type Step = string | number;

/** `a.b\.c[2].d` → ['a', 'b.c', 2, 'd']. */
function keyPath(name: string): Step[] {
  const out: Step[] = [];
  let cur = '';
  for (let i = 0; i < name.length; i++) {
    const ch = name[i] as string;
    if (ch === '\\' && i + 1 < name.length) {
      cur += name[++i];
    } else if (ch === '.') {
      if (cur !== '') out.push(cur);
      cur = '';
    } else if (ch === '[') {
      const close = name.indexOf(']', i);
      const n = Number(name.slice(i + 1, close));
      if (close < 0 || !Number.isInteger(n) || n < 0) throw new Error(`bad list index in "${name}"`);
      if (cur !== '') out.push(cur);
      cur = '';
      out.push(n);
      i = close;
    } else cur += ch;
  }
  if (cur !== '') out.push(cur);
  if (out.length === 0 || typeof out[0] === 'number') throw new Error(`bad key "${name}"`);
  return out;
}

function assign(values: HelmValues, path: readonly Step[], value: unknown): void {
  let node: Record<string, unknown> | unknown[] = values;
  for (let i = 0; i < path.length; i++) {
    const step = path[i] as Step;
    const last = i === path.length - 1;
    const nextIsIndex = typeof path[i + 1] === 'number';
    const container = node as Record<string | number, unknown>;
    if (last) {
      container[step] = value;
      return;
    }
    let child = container[step];
    if (nextIsIndex ? !Array.isArray(child) : !isObject(child)) {
      child = nextIsIndex ? [] : {};
      container[step] = child;
    }
    node = child as Record<string, unknown> | unknown[];
  }
}

function remove(values: HelmValues, path: readonly Step[]): void {
  let node: unknown = values;
  for (let i = 0; i < path.length - 1; i++) {
    node = (node as Record<string | number, unknown> | undefined)?.[path[i] as Step];
    if (node === null || typeof node !== 'object') return;
  }
  delete (node as Record<string | number, unknown>)[path[path.length - 1] as Step];
}

function indexUnescaped(s: string, ch: string): number {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === ch) return i;
  }
  return -1;
}

/** Split on unescaped `sep`, keeping escapes; with `braces`, not inside `{…}`. */
function splitUnescaped(s: string, sep: string, braces: boolean): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (ch === '\\' && i + 1 < s.length) {
      cur += ch + s[++i];
      continue;
    }
    if (braces && ch === '{') depth++;
    if (braces && ch === '}') depth--;
    if (ch === sep && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function unescapeHelm(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}
