/**
 * IAM string patterns: `*` / `?` wildcards and policy variables, compiled once per policy value.
 *
 * - Wildcards: `*` matches any run of characters (also empty), `?` exactly one
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_operators.html#Conditions_String).
 * - Variables `${key}` resolve from the request context; `${key, 'default'}` falls back to the default;
 *   `${*}`, `${?}`, `${$}` are the literal characters
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).
 *   A resolved value is literal text (its `*` is not a wildcard). A variable that cannot be resolved
 *   (key absent or multi-valued, no default) makes the value match nothing.
 *
 * Matching is a linear two-pointer glob, not a RegExp, so nothing is rebuilt per request.
 */

/** Character classes of a compiled glob: 0 literal, 1 `*`, 2 `?`. */
const LIT = 0;
const STAR = 1;
const ONE = 2;

/**
 * A compiled glob. Most policy patterns are written text whose `*` and `?` are all wildcards: those
 * keep the text itself (`kinds` unset) and compiling them allocates nothing but this object. Only a
 * glob built from parts whose literal text holds `*` or `?` (`${*}`, a resolved variable) carries
 * `kinds`, one character class per position (LIT / STAR / ONE as char codes).
 */
export interface Glob {
  /** Pattern characters (lower-cased when `ignoreCase`). */
  readonly chars: string;
  /** Has a wildcard: compare with the two-pointer matcher, not by equality. */
  readonly wild: boolean;
  /** Per-position classes when the text alone cannot tell a wildcard from a literal `*` / `?`. */
  readonly kinds: string | undefined;
  readonly ignoreCase: boolean;
  /** Fast path: only stars. */
  readonly all: boolean;
}

export function literalGlob(text: string, ignoreCase: boolean): Glob {
  return {
    chars: ignoreCase ? text.toLowerCase() : text,
    wild: false,
    kinds: undefined,
    ignoreCase,
    all: false,
  };
}

function onlyStars(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) !== 42) return false;
  return true;
}

/** Class of pattern position `i`: from `kinds` when set, else from the character itself. */
function kindAt(p: string, kinds: string | undefined, i: number): number {
  if (kinds !== undefined) return kinds.charCodeAt(i);
  const c = p.charCodeAt(i);
  return c === 42 ? STAR : c === 63 ? ONE : LIT;
}

export function globMatches(glob: Glob, input: string): boolean {
  if (glob.all) return true;
  const s = glob.ignoreCase ? input.toLowerCase() : input;
  const p = glob.chars;
  if (!glob.wild) return s === p;
  const kinds = glob.kinds;
  const n = s.length;
  const m = p.length;
  let pi = 0;
  let si = 0;
  let star = -1;
  let mark = 0;
  while (si < n) {
    const k = pi < m ? kindAt(p, kinds, pi) : -1;
    if (k === ONE || (k === LIT && p.charCodeAt(pi) === s.charCodeAt(si))) {
      pi++;
      si++;
    } else if (k === STAR) {
      star = pi++;
      mark = si;
    } else if (star !== -1) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pi < m && kindAt(p, kinds, pi) === STAR) pi++;
  return pi === m;
}

/** Compiles a pattern with wildcards and no variables. */
export function compileGlob(pattern: string, ignoreCase: boolean, wildcards = true): Glob {
  if (!wildcards || (!pattern.includes('*') && !pattern.includes('?')))
    return literalGlob(pattern, ignoreCase);
  // Lower-casing leaves `*` and `?` alone, so the text still tells wildcards apart.
  return {
    chars: ignoreCase ? pattern.toLowerCase() : pattern,
    wild: true,
    kinds: undefined,
    ignoreCase,
    all: onlyStars(pattern),
  };
}

/** Resolves a context key to its single string value. */
export type VariableLookup = (key: string) => string | readonly string[] | undefined;

type Part =
  | { readonly t: 'lit'; readonly v: string }
  | { readonly t: 'wild'; readonly v: '*' | '?' }
  | { readonly t: 'var'; readonly key: string; readonly def: string | undefined };

/** A policy value with variables, compiled to parts; `glob` is set when it has no variables. */
export interface Template {
  readonly source: string;
  readonly parts: readonly Part[] | undefined;
  readonly glob: Glob | undefined;
  readonly variables: readonly string[];
}

const NONE: readonly string[] = Object.freeze([]);

const VARIABLE = /^\s*([^,]*?)\s*(?:,\s*'(.*)'\s*)?$/s;

function splitTemplate(source: string, wildcards: boolean): Part[] {
  const parts: Part[] = [];
  let lit = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (wildcards && (c === '*' || c === '?')) {
      if (lit) parts.push({ t: 'lit', v: lit });
      lit = '';
      parts.push({ t: 'wild', v: c });
      i++;
      continue;
    }
    if (c === '$' && source[i + 1] === '{') {
      const end = source.indexOf('}', i + 2);
      if (end !== -1) {
        const inner = source.slice(i + 2, end);
        i = end + 1;
        if (inner === '*' || inner === '?' || inner === '$') {
          lit += inner;
          continue;
        }
        const m = VARIABLE.exec(inner);
        if (lit) parts.push({ t: 'lit', v: lit });
        lit = '';
        parts.push({ t: 'var', key: (m?.[1] ?? inner).toLowerCase(), def: m?.[2] });
        continue;
      }
    }
    lit += c;
    i++;
  }
  if (lit) parts.push({ t: 'lit', v: lit });
  return parts;
}

/**
 * Compiles a policy value. `variables` is false for policies whose Version is not `2012-10-17`
 * (IAM treats `${...}` literally there) and for operators that take no variables.
 */
export function compileTemplate(
  source: string,
  opts: { wildcards: boolean; ignoreCase: boolean; variables: boolean },
): Template {
  if (!opts.variables || !source.includes('${')) {
    return {
      source,
      parts: undefined,
      glob: compileGlob(source, opts.ignoreCase, opts.wildcards),
      variables: NONE,
    };
  }
  const parts = splitTemplate(source, opts.wildcards);
  const variables = parts.flatMap((p) => (p.t === 'var' ? [p.key] : []));
  if (variables.length === 0) {
    const b = builder(opts.ignoreCase);
    for (const p of parts) pushPart(b, p);
    return { source, parts: undefined, glob: buildGlob(b), variables };
  }
  return { source, parts, glob: undefined, variables };
}

/** Glob text and classes being built from template parts (text lower-cased as it is added). */
interface GlobBuilder {
  readonly ignoreCase: boolean;
  chars: string;
  kinds: string;
  wild: boolean;
  /** A literal `*` or `?` was added: the text alone no longer tells wildcards apart. */
  literalWild: boolean;
}

const builder = (ignoreCase: boolean): GlobBuilder => ({
  ignoreCase,
  chars: '',
  kinds: '',
  wild: false,
  literalWild: false,
});

const LIT_CHAR = String.fromCharCode(LIT);

function pushPart(b: GlobBuilder, p: Part, resolved?: string): void {
  if (p.t === 'wild') {
    b.chars += p.v;
    b.kinds += String.fromCharCode(p.v === '*' ? STAR : ONE);
    b.wild = true;
    return;
  }
  const raw = p.t === 'lit' ? p.v : (resolved ?? '');
  // Lower-cased per part, so that classes stay aligned even where lower-casing changes a length.
  const text = b.ignoreCase ? raw.toLowerCase() : raw;
  b.chars += text;
  b.kinds += LIT_CHAR.repeat(text.length);
  if (text.includes('*') || text.includes('?')) b.literalWild = true;
}

function buildGlob(b: GlobBuilder): Glob {
  // Without a wildcard, a literal `*` is plain text: compared by equality.
  if (!b.wild) return { chars: b.chars, wild: false, kinds: undefined, ignoreCase: b.ignoreCase, all: false };
  let all = b.kinds.length > 0;
  for (let i = 0; all && i < b.kinds.length; i++) if (b.kinds.charCodeAt(i) !== STAR) all = false;
  return {
    chars: b.chars,
    wild: true,
    kinds: b.literalWild ? b.kinds : undefined,
    ignoreCase: b.ignoreCase,
    all,
  };
}

/** Why a template could not be resolved, e.g. `${aws:username} is not in the request context`. */
export interface Unresolved {
  readonly error: string;
}

/** Resolves a template's variables against the request; returns a glob or why it cannot match. */
export function resolveTemplate(t: Template, lookup: VariableLookup, ignoreCase: boolean): Glob | Unresolved {
  if (t.glob) return t.glob;
  const b = builder(ignoreCase);
  for (const p of t.parts ?? []) {
    if (p.t !== 'var') {
      pushPart(b, p);
      continue;
    }
    const value = lookup(p.key);
    // An empty value counts as absent, like the reference simulator; a default applies then.
    if (typeof value === 'string' && value !== '') {
      pushPart(b, p, value);
    } else if (p.def) {
      pushPart(b, p, p.def);
    } else {
      return {
        error:
          value === undefined || value === ''
            ? `\${${p.key}} is not in the request context and has no default`
            : `\${${p.key}} is multi-valued and cannot be substituted`,
      };
    }
  }
  return buildGlob(b);
}

/** Resolves a template to plain text (wildcards kept as characters); `undefined` if unresolvable. */
export function resolveText(t: Template, lookup: VariableLookup): string | undefined {
  // Without variables the compiled glob already holds the text (escapes resolved; lower-cased when
  // compiled case-insensitively).
  if (!t.parts) return t.glob && !t.glob.wild ? t.glob.chars : t.source;
  let out = '';
  for (const p of t.parts) {
    if (p.t === 'lit' || p.t === 'wild') out += p.v;
    else {
      const value = lookup(p.key);
      if (typeof value === 'string' && value !== '') out += value;
      else if (p.def) out += p.def;
      else return undefined;
    }
  }
  return out;
}

export function isUnresolved(g: Glob | Unresolved): g is Unresolved {
  return (g as Unresolved).error !== undefined;
}

/**
 * Splits a policy ARN pattern on `:` outside `${...}`, so `arn:aws:iam::${aws:PrincipalAccount}:role/*`
 * keeps its variable in the account part.
 */
export function splitPolicyArn(value: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let i = 0;
  while (i < value.length) {
    if (value[i] === '$' && value[i + 1] === '{') {
      const end = value.indexOf('}', i + 2);
      if (end !== -1) {
        i = end + 1;
        continue;
      }
    }
    if (value[i] === ':') {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
    i++;
  }
  parts.push(value.slice(start));
  return parts;
}
