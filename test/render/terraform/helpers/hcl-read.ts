/**
 * Generated Terraform read back with HashiCorp's own HCL parser: `@cdktf/hcl2json` is the Go
 * `hashicorp/hcl/v2` library compiled to WASM (it runs on Node 20). `parse` gives a file's
 * blocks and attributes as JSON (expressions as `"${…}"` strings); `getExpressionAst` gives an
 * expression's syntax tree, which `evaluate` folds into a value for the literal subset the
 * renderer writes (strings, numbers, bools, null, tuples, objects, `jsonencode`, and references to
 * `each`, `local`, `var`), so tests can compare what Terraform would see with the plan.
 */
import { getExpressionAst, parse } from '@cdktf/hcl2json';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Ast {
  readonly type: string;
  readonly children: readonly Ast[];
  readonly meta?: {
    readonly value?: string;
    readonly type?: string;
    readonly name?: string;
    readonly traversal?: readonly { type: string; segment: string }[];
  };
  readonly range: { readonly start: { readonly byte: number }; readonly end: { readonly byte: number } };
}

/** One file, as hcl2json's JSON (blocks are arrays of bodies). Throws on a syntax error. */
export async function parseHcl(name: string, text: string): Promise<Record<string, unknown>> {
  return (await parse(name, text)) as Record<string, unknown>;
}

/** Resolves a reference's traversal (`each.value.name` → `['each', 'value', 'name']`). */
export type Scope = (path: readonly (string | number)[]) => Json;

const WRAPPED = /^\$\{([\s\S]*)\}$/;

/** The value of an attribute as hcl2json gives it: plain JSON, or a `"${expression}"` string. */
export async function evaluate(value: unknown, scope: Scope): Promise<Json> {
  if (typeof value === 'string') {
    const m = WRAPPED.exec(value);
    if (m && !value.startsWith('$${')) return evaluateExpression(m[1] as string, scope);
    // A literal: hcl2json keeps template introducers doubled, as HCL's JSON syntax would read them.
    return value.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
  }
  if (Array.isArray(value)) return Promise.all(value.map((v) => evaluate(v, scope)));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await evaluate(v, scope);
    return out;
  }
  return value as Json;
}

export async function evaluateExpression(source: string, scope: Scope): Promise<Json> {
  const ast = (await getExpressionAst('expr.tf', source)) as unknown as Ast | null;
  if (!ast) throw new Error(`no expression: ${source}`);
  return fold(ast, Buffer.from(source, 'utf8'), scope);
}

/** HCL quoted-template escapes (hclsyntax spec, "Template Literals"). */
export function unescapeHcl(raw: string): string {
  return raw
    .replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, e: string) => {
      if (e === 'n') return '\n';
      if (e === 'r') return '\r';
      if (e === 't') return '\t';
      if (e === '"' || e === '\\') return e;
      if (e[0] === 'u' || e[0] === 'U') return String.fromCodePoint(Number.parseInt(e.slice(1), 16));
      throw new Error(`unknown escape \\${e}`);
    })
    .replace(/\$\$\{/g, '${')
    .replace(/%%\{/g, '%{');
}

function slice(src: Buffer, node: Ast): string {
  return src.subarray(node.range.start.byte, node.range.end.byte).toString('utf8');
}

async function fold(node: Ast, src: Buffer, scope: Scope): Promise<Json> {
  switch (node.type) {
    case 'literalValue': {
      const v = node.meta?.value ?? '';
      if (node.meta?.type === 'string') return unescapeHcl(v);
      if (node.meta?.type === 'number') return Number(v);
      if (node.meta?.type === 'bool') return v === 'true';
      if (v === 'null') return null;
      throw new Error(`literal ${JSON.stringify(node.meta)}`);
    }
    case 'template':
    case 'templateWrap': {
      const parts = await Promise.all(node.children.map((c) => fold(c, src, scope)));
      if (node.type === 'templateWrap' || (parts.length === 1 && node.children[0]?.type !== 'literalValue'))
        return parts[0] as Json;
      return parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join('');
    }
    case 'unaryOp': {
      const v = await fold(node.children[0] as Ast, src, scope);
      if ((node.meta as { operator?: string }).operator === 'negate' && typeof v === 'number') return -v;
      return { $expr: slice(src, node) };
    }
    case 'tuple':
      return Promise.all(node.children.map((c) => fold(c, src, scope)));
    case 'object': {
      const out: Record<string, Json> = {};
      for (let i = 0; i + 1 < node.children.length; i += 2) {
        const keyNode = node.children[i] as Ast;
        const key =
          keyNode.children.length > 0
            ? await fold(keyNode.children[0] as Ast, src, scope)
            : slice(src, keyNode);
        out[String(key)] = await fold(node.children[i + 1] as Ast, src, scope);
      }
      return out;
    }
    case 'function': {
      const args = await Promise.all(node.children.map((c) => fold(c, src, scope)));
      if (node.meta?.name === 'jsonencode') return jsonencode(args[0] as Json);
      return { $expr: slice(src, node) };
    }
    case 'scopeTraversal': {
      const path = (node.meta?.traversal ?? []).map((t) =>
        t.type === 'indexTraversal'
          ? /^\d+$/.test(t.segment)
            ? Number(t.segment)
            : (JSON.parse(t.segment) as string)
          : t.segment,
      );
      return scope(path);
    }
    default:
      // Conditionals and other expressions this helper does not fold: kept as their source text.
      return { $expr: slice(src, node) };
  }
}

/** Terraform's jsonencode: object keys in lexical order, no whitespace. */
export function jsonencode(v: Json): string {
  const sort = (x: Json): Json =>
    Array.isArray(x)
      ? x.map(sort)
      : x !== null && typeof x === 'object'
        ? Object.fromEntries(
            Object.keys(x)
              .sort()
              .map((k) => [k, sort((x as Record<string, Json>)[k] as Json)]),
          )
        : x;
  return JSON.stringify(sort(v));
}

/** A parsed root module: every file's JSON, and the resource and data instances with their arguments evaluated. */
export interface Module {
  readonly files: ReadonlyMap<string, Record<string, unknown>>;
  /** `aws_iam_role.deployer_1["x"]`, `data.aws_eks_cluster.ca_1["c"]`, `aws_iam_role.management`. */
  readonly instances: ReadonlyMap<string, Instance>;
  readonly blocks: (kind: string) => unknown[];
}

export interface Instance {
  readonly address: string;
  readonly mode: 'resource' | 'data';
  readonly type: string;
  readonly name: string;
  readonly key?: string;
  readonly file: string;
  /** `aws.account_…` */
  readonly provider?: string;
  /** Arguments with `each`, `local` and `var` resolved; nested blocks as arrays of bodies. */
  readonly args: Record<string, Json>;
  /** `depends_on` addresses. */
  readonly dependsOn: readonly string[];
}

const META = new Set(['provider', 'for_each', 'count', 'depends_on', 'lifecycle']);

const unwrap = (s: unknown): string => String(s).replace(WRAPPED, '$1');

export async function readModule(files: ReadonlyMap<string, string>): Promise<Module> {
  const parsed = new Map<string, Record<string, unknown>>();
  for (const [name, text] of files) if (name.endsWith('.tf')) parsed.set(name, await parseHcl(name, text));
  const all = (kind: string): unknown[] =>
    [...parsed.values()].flatMap((f) => (f[kind] === undefined ? [] : [f[kind]]));
  const localsRaw: Record<string, unknown> = Object.assign({}, ...(all('locals') as unknown[][]).flat());
  const variables: Record<string, unknown> = {};
  for (const v of all('variable') as Record<string, { default?: unknown }[]>[])
    for (const [name, [body]] of Object.entries(v)) variables[name] = body?.default;
  const base = (each?: { key: string; value: Json }): Scope => {
    const scope: Scope = (path) => {
      const [head, name, ...rest] = path;
      let root: Json;
      if (head === 'each' && each) root = name === 'key' ? each.key : name === 'value' ? each.value : null;
      else if (head === 'local') return { $local: path.slice(1).map(String) };
      else if (head === 'var') root = variables[String(name)] as Json;
      else return { $ref: path.join('.') };
      let v: Json = root;
      for (const p of rest) {
        if (v === null || typeof v !== 'object')
          throw new Error(`cannot index ${JSON.stringify(v)} by ${String(p)} in ${path.join('.')}`);
        v = (v as Record<string, Json>)[p as string] as Json;
      }
      return v;
    };
    return scope;
  };
  // Locals are folded on use, with the same scope (they only refer to data sources and each other).
  const locals: Record<string, Json> = {};
  for (const [k, v] of Object.entries(localsRaw)) locals[k] = await evaluate(v, base());
  const resolveLocals = (v: Json): Json => {
    if (Array.isArray(v)) return v.map(resolveLocals);
    if (v !== null && typeof v === 'object') {
      const path = (v as { $local?: string[] }).$local;
      if (path) {
        let x: Json = locals[path[0] as string] as Json;
        for (const p of path.slice(1)) x = (x as Record<string, Json>)[p] as Json;
        return x;
      }
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveLocals(x)]));
    }
    return v;
  };

  const instances = new Map<string, Instance>();
  for (const [file, f] of parsed)
    for (const mode of ['resource', 'data'] as const) {
      const byType = (f[mode] ?? {}) as Record<string, Record<string, Record<string, unknown>[]>>;
      for (const [type, byName] of Object.entries(byType))
        for (const [name, bodies] of Object.entries(byName))
          for (const body of bodies) {
            const prefix = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
            const forEach =
              body.for_each === undefined ? undefined : resolveLocals(await evaluate(body.for_each, base()));
            const keys: (string | undefined)[] = forEach ? Object.keys(forEach as object) : [undefined];
            for (const key of keys) {
              const scope = base(
                key === undefined
                  ? undefined
                  : { key, value: (forEach as Record<string, Json>)[key] as Json },
              );
              const args: Record<string, Json> = {};
              for (const [k, v] of Object.entries(body))
                if (!META.has(k)) args[k] = resolveLocals(await evaluate(v, scope));
              const address = key === undefined ? prefix : `${prefix}[${JSON.stringify(key)}]`;
              if (instances.has(address)) throw new Error(`${address} declared twice`);
              instances.set(address, {
                address,
                mode,
                type,
                name,
                ...(key === undefined ? {} : { key }),
                file,
                ...(body.provider === undefined ? {} : { provider: unwrap(body.provider) }),
                args,
                dependsOn: ((body.depends_on ?? []) as string[]).map(unwrap),
              });
            }
          }
    }
  return { files: parsed, instances, blocks: all };
}
