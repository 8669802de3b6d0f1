/**
 * A small evaluator for the HCL expressions inside the `${…}` strings `@cdktf/hcl2json` leaves in
 * its output (HashiCorp's parser turns blocks and literals into JSON; expressions stay source
 * text). Enough of the HCL native syntax spec (hashicorp/hcl hclsyntax/spec.md) for what a
 * generated root module uses: literals, templates, object and tuple constructors, traversals
 * (`a.b["k"][0]`), function calls, `!`, `==`, `!=`, `&&`, `||` and `? :`. Values known only after
 * apply are the UNKNOWN marker; anything that touches one is unknown, as in Terraform.
 */

export const UNKNOWN: unique symbol = Symbol('unknown');
export type Value = unknown;

export type Node =
  | { readonly t: 'lit'; readonly v: Value }
  | { readonly t: 'tpl'; readonly parts: readonly (string | Node)[] }
  | { readonly t: 'obj'; readonly items: readonly { readonly k: Node; readonly v: Node }[] }
  | { readonly t: 'tup'; readonly items: readonly Node[] }
  | { readonly t: 'var'; readonly name: string }
  | { readonly t: 'get'; readonly of: Node; readonly key: Node | string }
  | { readonly t: 'call'; readonly fn: string; readonly args: readonly Node[] }
  | { readonly t: 'not'; readonly of: Node }
  | { readonly t: 'bin'; readonly op: string; readonly a: Node; readonly b: Node }
  | { readonly t: 'cond'; readonly c: Node; readonly a: Node; readonly b: Node };

class Parser {
  i = 0;
  constructor(readonly s: string) {}

  fail(msg: string): never {
    throw new Error(`HCL expression: ${msg} at ${this.i} in ${JSON.stringify(this.s.slice(0, 120))}`);
  }
  /** Skip spaces; newlines too unless `keepNewlines` (object items end at a newline). */
  ws(keepNewlines = false): void {
    for (;;) {
      const ch = this.s[this.i];
      if (ch === ' ' || ch === '\t' || ch === '\r' || (!keepNewlines && ch === '\n')) this.i++;
      else if (this.s.startsWith('#', this.i) || this.s.startsWith('//', this.i)) {
        while (this.i < this.s.length && this.s[this.i] !== '\n') this.i++;
      } else return;
    }
  }
  eat(tok: string): boolean {
    this.ws();
    if (this.s.startsWith(tok, this.i)) {
      this.i += tok.length;
      return true;
    }
    return false;
  }
  expect(tok: string): void {
    if (!this.eat(tok)) this.fail(`expected ${tok}`);
  }

  expr(): Node {
    const c = this.or();
    this.ws();
    if (this.s[this.i] === '?') {
      this.i++;
      const a = this.expr();
      this.expect(':');
      const b = this.expr();
      return { t: 'cond', c, a, b };
    }
    return c;
  }
  or(): Node {
    let a = this.and();
    while (this.eat('||')) a = { t: 'bin', op: '||', a, b: this.and() };
    return a;
  }
  and(): Node {
    let a = this.eq();
    while (this.eat('&&')) a = { t: 'bin', op: '&&', a, b: this.eq() };
    return a;
  }
  eq(): Node {
    let a = this.unary();
    for (;;) {
      if (this.eat('==')) a = { t: 'bin', op: '==', a, b: this.unary() };
      else if (this.eat('!=')) a = { t: 'bin', op: '!=', a, b: this.unary() };
      else return a;
    }
  }
  unary(): Node {
    this.ws();
    if (this.s[this.i] === '!' && this.s[this.i + 1] !== '=') {
      this.i++;
      return { t: 'not', of: this.unary() };
    }
    return this.postfix(this.primary());
  }
  postfix(node: Node): Node {
    let n = node;
    for (;;) {
      const save = this.i;
      this.ws(true);
      if (this.s[this.i] === '.' && /[A-Za-z_0-9*]/.test(this.s[this.i + 1] ?? '')) {
        this.i++;
        const m = /^[A-Za-z_][\w-]*|^\d+/.exec(this.s.slice(this.i));
        if (!m) this.fail('bad attribute');
        this.i += m[0].length;
        n = { t: 'get', of: n, key: m[0] };
      } else if (this.s[this.i] === '[') {
        this.i++;
        const key = this.expr();
        this.expect(']');
        n = { t: 'get', of: n, key };
      } else {
        this.i = save;
        return n;
      }
    }
  }
  primary(): Node {
    this.ws();
    const ch = this.s[this.i];
    if (ch === '"') return this.string();
    if (ch === '{') return this.object();
    if (ch === '[') return this.tuple();
    if (ch === '(') {
      this.i++;
      const e = this.expr();
      this.expect(')');
      return e;
    }
    const num = /^-?\d+(\.\d+)?/.exec(this.s.slice(this.i));
    if (num) {
      this.i += num[0].length;
      return { t: 'lit', v: Number(num[0]) };
    }
    const id = /^[A-Za-z_][\w-]*/.exec(this.s.slice(this.i));
    if (!id) this.fail('unexpected character');
    this.i += id[0].length;
    const name = id[0];
    if (name === 'true' || name === 'false') return { t: 'lit', v: name === 'true' };
    if (name === 'null') return { t: 'lit', v: null };
    this.ws();
    if (this.s[this.i] === '(') {
      this.i++;
      const args: Node[] = [];
      while (!this.eat(')')) {
        args.push(this.expr());
        this.eat(',');
      }
      return { t: 'call', fn: name, args };
    }
    return { t: 'var', name };
  }
  string(): Node {
    this.i++; // opening quote
    const parts: (string | Node)[] = [];
    let cur = '';
    for (;;) {
      const ch = this.s[this.i];
      if (ch === undefined) this.fail('unterminated string');
      if (ch === '"') {
        this.i++;
        break;
      }
      if (ch === '\\') {
        const n = this.s[this.i + 1];
        const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
        if (n === 'u') {
          cur += String.fromCharCode(Number.parseInt(this.s.slice(this.i + 2, this.i + 6), 16));
          this.i += 6;
        } else {
          cur += map[n ?? ''] ?? n;
          this.i += 2;
        }
        continue;
      }
      if (this.s.startsWith('$${', this.i)) {
        cur += '${';
        this.i += 3;
        continue;
      }
      if (this.s.startsWith('${', this.i)) {
        if (cur) parts.push(cur);
        cur = '';
        this.i += 2;
        parts.push(this.expr());
        this.expect('}');
        continue;
      }
      cur += ch;
      this.i++;
    }
    if (cur || parts.length === 0) parts.push(cur);
    return parts.length === 1 && typeof parts[0] === 'string'
      ? { t: 'lit', v: parts[0] }
      : { t: 'tpl', parts };
  }
  object(): Node {
    this.i++;
    const items: { k: Node; v: Node }[] = [];
    for (;;) {
      if (this.eat('}')) break;
      this.ws();
      let k: Node;
      const id = /^[A-Za-z_][\w-]*/.exec(this.s.slice(this.i));
      if (this.s[this.i] === '"') k = this.string();
      else if (this.s[this.i] === '(') k = this.primary();
      else if (id) {
        this.i += id[0].length;
        k = { t: 'lit', v: id[0] };
      } else this.fail('bad object key');
      this.ws();
      if (!this.eat('=') && !this.eat(':')) this.fail('expected = in object');
      items.push({ k, v: this.expr() });
      this.ws(true);
      if (this.s[this.i] === ',' || this.s[this.i] === '\n') this.i++;
    }
    return { t: 'obj', items };
  }
  tuple(): Node {
    this.i++;
    const items: Node[] = [];
    while (!this.eat(']')) {
      items.push(this.expr());
      this.eat(',');
    }
    return { t: 'tup', items };
  }
}

/** Parse an hcl2json string: a template whose `${…}` parts are expressions. */
export function parseTemplate(s: string): Node {
  const parts: (string | Node)[] = [];
  let cur = '';
  let i = 0;
  while (i < s.length) {
    if (s.startsWith('$${', i)) {
      cur += '${';
      i += 3;
    } else if (s.startsWith('${', i)) {
      if (cur) parts.push(cur);
      cur = '';
      const q = new Parser(s);
      q.i = i + 2;
      parts.push(q.expr());
      q.expect('}');
      i = q.i;
    } else cur += s[i++];
  }
  if (cur || parts.length === 0) parts.push(cur);
  if (parts.length === 1)
    return typeof parts[0] === 'string' ? { t: 'lit', v: parts[0] } : (parts[0] as Node);
  return { t: 'tpl', parts };
}

export interface Scope {
  /** Root names: `var`, `local`, `each`, `data`, resource types, `count`. */
  readonly root: (name: string) => Value;
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
const hasUnknown = (v: unknown): boolean =>
  v === UNKNOWN ||
  (Array.isArray(v) ? v.some(hasUnknown) : isObj(v) ? Object.values(v).some(hasUnknown) : false);

export function evaluate(node: Node, scope: Scope): Value {
  switch (node.t) {
    case 'lit':
      return node.v;
    case 'tpl': {
      let out = '';
      for (const p of node.parts) {
        if (typeof p === 'string') out += p;
        else {
          const v = evaluate(p, scope);
          if (v === UNKNOWN) return UNKNOWN;
          out += String(v);
        }
      }
      return out;
    }
    case 'obj': {
      const o: Record<string, unknown> = {};
      for (const { k, v } of node.items) {
        const key = evaluate(k, scope);
        if (key === UNKNOWN) return UNKNOWN;
        o[String(key)] = evaluate(v, scope);
      }
      return o;
    }
    case 'tup':
      return node.items.map((n) => evaluate(n, scope));
    case 'var':
      return scope.root(node.name);
    case 'get': {
      const of = evaluate(node.of, scope);
      if (of === UNKNOWN) return UNKNOWN;
      const key = typeof node.key === 'string' ? node.key : evaluate(node.key, scope);
      if (key === UNKNOWN) return UNKNOWN;
      if (Array.isArray(of)) return of[Number(key)];
      if (isObj(of)) return of[String(key)];
      throw new Error(`cannot index ${JSON.stringify(of)} with ${String(key)}`);
    }
    case 'not': {
      const v = evaluate(node.of, scope);
      return v === UNKNOWN ? UNKNOWN : !v;
    }
    case 'bin': {
      const a = evaluate(node.a, scope);
      const b = evaluate(node.b, scope);
      if (hasUnknown(a) || hasUnknown(b)) return UNKNOWN;
      if (node.op === '==') return JSON.stringify(a) === JSON.stringify(b);
      if (node.op === '!=') return JSON.stringify(a) !== JSON.stringify(b);
      if (node.op === '&&') return Boolean(a) && Boolean(b);
      return Boolean(a) || Boolean(b);
    }
    case 'cond': {
      const c = evaluate(node.c, scope);
      if (c === UNKNOWN) return UNKNOWN;
      return c ? evaluate(node.a, scope) : evaluate(node.b, scope);
    }
    case 'call':
      return call(
        node.fn,
        node.args.map((a) => evaluate(a, scope)),
      );
  }
}

/** The functions a generated module uses (Terraform "Built-in Functions" reference). */
function call(fn: string, args: readonly Value[]): Value {
  if (fn !== 'lookup' && args.some(hasUnknown)) return UNKNOWN;
  const s = (v: Value) => String(v);
  switch (fn) {
    case 'jsonencode':
      return JSON.stringify(args[0]);
    case 'jsondecode':
      return JSON.parse(s(args[0]));
    case 'base64encode':
      return Buffer.from(s(args[0]), 'utf8').toString('base64');
    case 'base64decode':
      return Buffer.from(s(args[0]), 'base64').toString('utf8');
    case 'trimspace':
      return s(args[0]).trim();
    case 'startswith':
      return s(args[0]).startsWith(s(args[1]));
    case 'join':
      return (args[1] as string[]).join(s(args[0]));
    case 'sort':
      return [...(args[0] as string[])].sort();
    case 'merge':
      return Object.assign({}, ...(args as object[]));
    case 'tomap':
    case 'tolist':
    case 'toset':
      return args[0];
    case 'lookup': {
      const m = args[0];
      if (m === UNKNOWN) return UNKNOWN;
      const v = isObj(m) ? m[s(args[1])] : undefined;
      return v !== undefined ? v : args[2];
    }
    case 'format': {
      let i = 1;
      return s(args[0]).replace(/%[sd]/g, () => s(args[i++]));
    }
    default:
      throw new Error(`HCL function ${fn}() is not supported by the test evaluator`);
  }
}

/** Root-to-attribute traversals an expression refers to, as Terraform's configuration JSON lists them. */
export function references(node: Node): string[] {
  const out: string[] = [];
  const add = (r: string) => {
    if (!out.includes(r)) out.push(r);
  };
  const path = (n: Node): string | undefined => {
    if (n.t === 'var') return n.name;
    if (n.t !== 'get') return undefined;
    const base = path(n.of);
    if (base === undefined) return undefined;
    if (typeof n.key === 'string') return `${base}.${n.key}`;
    if (n.key.t === 'lit') return `${base}[${JSON.stringify(n.key.v)}]`;
    walk(n.key);
    return undefined;
  };
  const walk = (n: Node): void => {
    if (n.t === 'var' || n.t === 'get') {
      const p = path(n);
      if (p !== undefined) {
        // "Multi-step references will be unwrapped and duplicated for each significant step".
        const steps: string[] = [];
        let rest = p;
        for (;;) {
          steps.push(rest);
          const cut = Math.max(rest.lastIndexOf('.'), rest.lastIndexOf('['));
          if (cut <= 0) break;
          rest = rest.slice(0, cut);
        }
        const min = p.startsWith('data.') ? 3 : 2;
        for (const st of steps) if (st.split(/[.[]/).length >= min) add(st);
        return;
      }
      if (n.t === 'get') walk(n.of);
      return;
    }
    if (n.t === 'tpl') for (const x of n.parts) if (typeof x !== 'string') walk(x);
    if (n.t === 'obj')
      for (const { k, v } of n.items) {
        walk(k);
        walk(v);
      }
    if (n.t === 'tup' || n.t === 'call') for (const x of n.t === 'tup' ? n.items : n.args) walk(x);
    if (n.t === 'not') walk(n.of);
    if (n.t === 'bin') {
      walk(n.a);
      walk(n.b);
    }
    if (n.t === 'cond') {
      walk(n.c);
      walk(n.a);
      walk(n.b);
    }
  };
  walk(node);
  return out;
}
