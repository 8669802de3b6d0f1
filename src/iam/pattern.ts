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

export interface Glob {
  /** Pattern characters (wildcard positions hold a placeholder). */
  readonly chars: string;
  readonly kinds: Uint8Array | undefined;
  readonly ignoreCase: boolean;
  /** Fast paths. */
  readonly all: boolean;
}

export function literalGlob(text: string, ignoreCase: boolean): Glob {
  return { chars: ignoreCase ? text.toLowerCase() : text, kinds: undefined, ignoreCase, all: false };
}

function buildGlob(chars: string[], kinds: number[], ignoreCase: boolean): Glob {
  let wild = false;
  let allStars = kinds.length > 0;
  for (const k of kinds) {
    if (k !== LIT) wild = true;
    if (k !== STAR) allStars = false;
  }
  const text = chars.join('');
  return {
    chars: ignoreCase ? text.toLowerCase() : text,
    kinds: wild ? Uint8Array.from(kinds) : undefined,
    ignoreCase,
    all: allStars,
  };
}

export function globMatches(glob: Glob, input: string): boolean {
  if (glob.all) return true;
  const s = glob.ignoreCase ? input.toLowerCase() : input;
  const p = glob.chars;
  const kinds = glob.kinds;
  if (kinds === undefined) return s === p;
  const n = s.length;
  const m = p.length;
  let pi = 0;
  let si = 0;
  let star = -1;
  let mark = 0;
  while (si < n) {
    const k = pi < m ? kinds[pi] : -1;
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
  while (pi < m && kinds[pi] === STAR) pi++;
  return pi === m;
}

/** Compiles a pattern with wildcards and no variables. */
export function compileGlob(pattern: string, ignoreCase: boolean, wildcards = true): Glob {
  if (!wildcards || (!pattern.includes('*') && !pattern.includes('?')))
    return literalGlob(pattern, ignoreCase);
  // One pass over UTF-16 code units, as globMatches reads them (charCodeAt).
  const n = pattern.length;
  const kinds = new Uint8Array(n);
  let allStars = n > 0;
  for (let i = 0; i < n; i++) {
    const c = pattern.charCodeAt(i);
    const k = c === 42 ? STAR : c === 63 ? ONE : LIT;
    kinds[i] = k;
    if (k !== STAR) allStars = false;
  }
  const text = pattern.replace(/[*?]/g, '\0');
  return { chars: ignoreCase ? text.toLowerCase() : text, kinds, ignoreCase, all: allStars };
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
    const chars: string[] = [];
    const kinds: number[] = [];
    for (const p of parts) pushPart(chars, kinds, p);
    return { source, parts: undefined, glob: buildGlob(chars, kinds, opts.ignoreCase), variables };
  }
  return { source, parts, glob: undefined, variables };
}

function pushPart(chars: string[], kinds: number[], p: Part, resolved?: string): void {
  if (p.t === 'wild') {
    chars.push('\0');
    kinds.push(p.v === '*' ? STAR : ONE);
    return;
  }
  const text = p.t === 'lit' ? p.v : (resolved ?? '');
  for (const c of text) {
    chars.push(c);
    kinds.push(LIT);
  }
}

/** Why a template could not be resolved, e.g. `${aws:username} is not in the request context`. */
export interface Unresolved {
  readonly error: string;
}

/** Resolves a template's variables against the request; returns a glob or why it cannot match. */
export function resolveTemplate(t: Template, lookup: VariableLookup, ignoreCase: boolean): Glob | Unresolved {
  if (t.glob) return t.glob;
  const chars: string[] = [];
  const kinds: number[] = [];
  for (const p of t.parts ?? []) {
    if (p.t !== 'var') {
      pushPart(chars, kinds, p);
      continue;
    }
    const value = lookup(p.key);
    // An empty value counts as absent, like the reference simulator; a default applies then.
    if (typeof value === 'string' && value !== '') {
      pushPart(chars, kinds, p, value);
    } else if (p.def) {
      pushPart(chars, kinds, p, p.def);
    } else {
      return {
        error:
          value === undefined || value === ''
            ? `\${${p.key}} is not in the request context and has no default`
            : `\${${p.key}} is multi-valued and cannot be substituted`,
      };
    }
  }
  return buildGlob(chars, kinds, ignoreCase);
}

/** Resolves a template to plain text (wildcards kept as characters); `undefined` if unresolvable. */
export function resolveText(t: Template, lookup: VariableLookup): string | undefined {
  // Without variables the compiled glob already holds the text (escapes resolved; lower-cased when
  // compiled case-insensitively).
  if (!t.parts) return t.glob && !t.glob.kinds ? t.glob.chars : t.source;
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
