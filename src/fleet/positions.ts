/**
 * Source positions: from a JSON path (`['spokes', 1, 'account']`) to the line and column of the
 * YAML node it came from, so every problem reads `file:line:column`. Follows aliases and `<<`
 * merge keys. When the path ends at a key that is missing, the nearest existing ancestor is used.
 */
import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter, type Node, type Pair } from 'yaml';

export type JsonPath = readonly (string | number)[];

export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface Located {
  /** The node the path names, or the nearest ancestor when the rest of the path does not exist. */
  readonly node: Node | null;
  /** The key node of the last pair on the path, when the path ends in a mapping key. */
  readonly keyNode?: Node;
  /** True when the whole path was found. */
  readonly exact: boolean;
  /** Where to point: the alias (`*name`) when the path ends at one, else `node`. */
  readonly site?: Node | null;
}

function keyText(pair: Pair): string | undefined {
  const k = pair.key;
  // The yaml library gives the merge key `<<` a Symbol value; its source text is `<<`.
  if (isScalar(k)) return typeof k.value === 'symbol' ? k.source : String(k.value);
  return k === null || k === undefined ? undefined : String(k);
}

function resolve(doc: Document, node: unknown): Node | null {
  let n = node;
  for (let i = 0; i < 16 && isAlias(n); i++) n = n.resolve(doc);
  return (n as Node | null | undefined) ?? null;
}

function findPair(doc: Document, map: Node, key: string, depth = 0): Pair | undefined {
  if (!isMap(map) || depth > 8) return undefined;
  const direct = map.items.find((p) => keyText(p) === key);
  if (direct) return direct;
  // `<<: *anchor` merge keys (YAML 1.1 merge, enabled in load.ts).
  for (const p of map.items) {
    if (keyText(p) !== '<<') continue;
    const sources = resolve(doc, p.value);
    const list = isSeq(sources) ? sources.items.map((s) => resolve(doc, s)) : [sources];
    for (const src of list) {
      const found = src ? findPair(doc, src, key, depth + 1) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

export function locate(doc: Document, path: JsonPath): Located {
  let node = resolve(doc, doc.contents);
  let keyNode: Node | undefined;
  let site: Node | null = node;
  for (const segment of path) {
    if (node === null) return { node, exact: false };
    if (isSeq(node) && typeof segment === 'number') {
      const raw = node.items[segment] as Node | undefined;
      const next = resolve(doc, raw);
      if (next === null) return { node, exact: false };
      node = next;
      site = isAlias(raw) ? raw : next;
      keyNode = undefined;
    } else if (isMap(node)) {
      const pair = findPair(doc, node, String(segment));
      if (!pair) return { node, exact: false };
      keyNode = (pair.key as Node | null) ?? undefined;
      const value = resolve(doc, pair.value);
      // `key:` with no value: point at the key.
      if (value === null) return { node: keyNode ?? node, keyNode, exact: true };
      site = isAlias(pair.value) ? (pair.value as Node) : value;
      node = value;
    } else {
      return { node, exact: false };
    }
  }
  return keyNode === undefined ? { node, exact: true, site } : { node, keyNode, exact: true, site };
}

export function positionOf(node: Node | null | undefined, lines: LineCounter): Position {
  const offset = node?.range?.[0] ?? 0;
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

/** The source text of a scalar node (to show what the user wrote, e.g. before YAML made it a number). */
export function sourceText(node: Node | null | undefined, text: string): string | undefined {
  if (!node?.range || !isScalar(node)) return undefined;
  return text.slice(node.range[0], node.range[1]).trim();
}

/** `spokes[1].labels["app.kubernetes.io/name"]` */
export function formatPath(path: JsonPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}
