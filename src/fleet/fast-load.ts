/**
 * The fast path of parseFleet, for files that are valid. The `yaml` library keeps every node's
 * position (needed for `file:line:column` messages) and parses about 2 MB/s; js-yaml builds
 * plain data an order of magnitude faster. So a file is first read with js-yaml and checked; only
 * when something is wrong (or a YAML feature needs the careful reader) does parseFleet read it
 * again with `yaml` and report positions. Both paths run the same schema, defaults, rules and
 * lints, and a test checks they agree.
 */
import jsyaml from 'js-yaml';

// YAML 1.2 core schema plus `<<` merge keys: the same reading as `yaml`'s parseDocument with merge.
const SCHEMA = jsyaml.CORE_SCHEMA.extend([jsyaml.types.merge]);

// An alias (`*name`) outside quotes. js-yaml shares aliased objects instead of copying them, so a
// nested alias "bomb" would make validation walk an exponential tree; such files take the slow
// path, whose reader limits alias expansion.
const ALIAS = /(^|[\s[{,])\*[\w-]/m;

export interface FastLoad {
  readonly data: Record<string, unknown>;
  /** 1-based line where each mapping starts (to give spokes their sourceLine). */
  readonly lines: WeakMap<object, number>;
}

/**
 * Whether a flow collection (`[…]`, `{…}`) spans lines. js-yaml accepts a closing bracket that is
 * less indented than its block (`namespaces: [te` then `]` at column 1) where the `yaml` library,
 * following YAML 1.2's indentation rule for flow content, rejects it; such files take the careful
 * path so both readers give one verdict. Quoted text and comments are skipped roughly: a false
 * "spans" only costs the slow path.
 */
function hasMultilineFlow(text: string): boolean {
  for (const raw of text.split('\n')) {
    const line = raw.replace(/"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'/g, '').replace(/(^|\s)#.*$/, '');
    let depth = 0;
    for (const ch of line) {
      if (ch === '[' || ch === '{') depth++;
      else if (ch === ']' || ch === '}') depth--;
    }
    if (depth !== 0) return true;
  }
  return false;
}

/** Plain data of a fleet file, or `undefined` when the careful reader must decide. */
export function fastLoad(text: string): FastLoad | undefined {
  if (ALIAS.test(text) || hasMultilineFlow(text)) return undefined;
  const open: number[] = [];
  const lines = new WeakMap<object, number>();
  let data: unknown;
  try {
    data = jsyaml.load(text, {
      schema: SCHEMA,
      listener(event, state) {
        if (event === 'open') {
          open.push(state.line + 1);
          return;
        }
        const line = open.pop();
        const result = state.result;
        if (line !== undefined && typeof result === 'object' && result !== null && !lines.has(result))
          lines.set(result, line);
      },
    });
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  return { data: data as Record<string, unknown>, lines };
}
