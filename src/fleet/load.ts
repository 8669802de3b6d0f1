/**
 * parseFleet: fleet file text → normalized Fleet, or a UserError listing every problem with
 * `file:line:column`, the JSON path, what is wrong and what was expected. Pure: no filesystem.
 *
 * Passes: (1) YAML syntax, with the yaml library's own error positions; (2) shape and field
 * formats (zod, strict objects), all issues at once; (3) cross-field rules (validate.ts), run
 * when the shape is right. Then defaults (defaults.ts) and warnings (lint.ts).
 */
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  visit,
  type YAMLError,
} from 'yaml';
import type { z } from 'zod';
import { type Problem, UserError } from '../errors.js';
import { normalizeFleet } from './defaults.js';
import { dropExtensions, fastFleet, hasWarnings, type LoadedFleet } from './fast-parse.js';
import { keySuggestion, valueSuggestion } from './hints.js';
import { lintFleet, type Where } from './lint.js';
import { formatPath, type JsonPath, locate, positionOf, sourceText } from './positions.js';
import { show } from './rules.js';
import { expectedOf, type FleetFile, fleetFileSchema } from './schema.js';
import { validateFleet } from './validate.js';

export type { LoadedFleet } from './fast-parse.js';

interface Source {
  readonly file: string;
  readonly text: string;
  readonly doc: Document;
  readonly lines: LineCounter;
}

export function parseFleet(text: string, file: string): LoadedFleet {
  return parseFleetFast(text, file) ?? parseFleetCarefully(text, file);
}

/** The fast path (see fast-parse.ts): a result only when the file is valid. */
export function parseFleetFast(text: string, file: string): LoadedFleet | undefined {
  const fleet = fastFleet(text);
  if (fleet === undefined) return undefined;
  // Warnings need positions: read the file carefully only if there are any.
  return { fleet, warnings: hasWarnings(fleet) ? lintFleet(fleet, positionsIn(text, file)) : [] };
}

/** `file:line:column` of a JSON path in the file, read with the `yaml` library. */
export function positionsIn(text: string, file: string): Where {
  const src = readSource(text, file);
  return (path: JsonPath) => {
    const { location } = at(src, path);
    return `${location.file}:${location.line}:${location.column}`;
  };
}

function readSource(text: string, file: string): Source {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, merge: true, uniqueKeys: true });
  return { file, text, doc, lines };
}

/** The careful path: the `yaml` library with positions; reports every problem. */
export function parseFleetCarefully(text: string, file: string): LoadedFleet {
  const src = readSource(text, file);
  const { doc } = src;
  // One syntax mistake often trips several errors on the same line; the first says it best.
  const syntax = syntaxProblems(src);
  if (syntax.length > 0) fail(file, syntax);
  if (doc.contents === null) {
    fail(file, [
      {
        location: { file, line: 1, column: 1 },
        message:
          'the fleet file is empty: expected a mapping with apiVersion: fleetlink.dev/v1alpha1, kind: Fleet, hub and spokes',
      },
    ]);
  }

  const dangling = text.includes('*') ? danglingAliases(src) : [];
  if (dangling.length > 0) fail(file, dangling);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    fail(file, [unreadable(src, error as Error)]);
  }

  dropExtensions(data);
  const problems: Problem[] = [...accountNumbers(src, data)];
  const parsed = fleetFileSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(...issueProblems(src, issue, []));
    fail(file, problems);
  }

  const fileData: FleetFile = parsed.data;
  const spokeLines = fileData.spokes.map((_, i) => at(src, ['spokes', i]).location.line);
  const fleet = normalizeFleet(fileData, spokeLines);
  for (const p of validateFleet(fileData, fleet)) problems.push({ ...at(src, p.path), message: p.message });
  if (problems.length > 0) fail(file, problems);

  const where = (path: JsonPath) => {
    const { location } = at(src, path);
    return `${location.file}:${location.line}:${location.column}`;
  };
  return { fleet, warnings: lintFleet(fleet, where) };
}

/** Aliases to anchors that do not exist (`*name` with no `&name` before it): toJS would throw. */
function danglingAliases(src: Source): Problem[] {
  const problems: Problem[] = [];
  visit(src.doc, {
    Alias(_, alias) {
      if (alias.resolve(src.doc) !== undefined) return;
      const { line, column } = positionOf(alias, src.lines);
      problems.push({
        location: { file: src.file, line, column },
        message: `invalid YAML: alias *${alias.source} refers to no anchor: expected an anchor &${alias.source} defined before it`,
      });
    },
  });
  return problems;
}

/** Anything else toJS rejects (e.g. a merge key whose source is not a mapping, an alias bomb). */
function unreadable(src: Source, error: Error): Problem {
  let where: Node | undefined;
  if (error.message.includes('Merge sources')) {
    visit(src.doc, {
      Pair(_, pair) {
        if (where !== undefined || !isScalar(pair.key) || pair.key.source !== '<<') return;
        const value = isAlias(pair.value) ? pair.value.resolve(src.doc) : pair.value;
        const maps = isSeq(value) ? value.items.map((v) => (isAlias(v) ? v.resolve(src.doc) : v)) : [value];
        if (!maps.every((m) => isMap(m))) where = pair.key;
      },
    });
  }
  const { line, column } = positionOf(where, src.lines);
  const message = where
    ? 'invalid YAML: a merge key (<<) must name a mapping or a list of mappings, e.g. <<: *defaults'
    : `invalid YAML: ${error.message}`;
  return { location: { file: src.file, line, column }, message };
}

function fail(file: string, problems: readonly Problem[]): never {
  const sorted = [...problems].sort(
    (a, b) =>
      (a.location.line ?? 0) - (b.location.line ?? 0) || (a.location.column ?? 0) - (b.location.column ?? 0),
  );
  const n = sorted.length;
  throw new UserError(`${file}: ${n} problem${n === 1 ? '' : 's'}; the fleet file is not valid`, {
    exitCode: 1,
    problems: sorted,
  });
}

/** Location of a JSON path; `key` points at the mapping key instead of its value. */
function at(src: Source, path: JsonPath, key = false): Pick<Problem, 'location' | 'path'> {
  const found = locate(src.doc, path);
  const node = key && found.exact && found.keyNode ? found.keyNode : (found.site ?? found.node);
  const { line, column } = positionOf(node, src.lines);
  return { location: { file: src.file, line, column }, path: formatPath(path) };
}

const YAML_MESSAGES: Record<string, string> = {
  DUPLICATE_KEY: 'duplicate key: expected each key once in a mapping',
  MULTIPLE_DOCS:
    'the file holds more than one YAML document: expected a single fleet document (remove the second "---")',
  TAB_AS_INDENT: 'tab used for indentation: YAML indents with spaces',
};

/**
 * One problem per cause: one syntax mistake often trips several errors on the same line (the
 * first says it best), and tab indentation trips one on every indented line, so those become one
 * problem that lists the lines; other errors on those lines follow from the tabs and are dropped.
 */
function syntaxProblems(src: Source): Problem[] {
  const tabs = src.doc.errors.filter((e) => e.code === 'TAB_AS_INDENT');
  const tabLines = [...new Set(tabs.map((e) => src.lines.linePos(e.pos[0]).line))].sort((a, b) => a - b);
  const others = src.doc.errors
    .filter((e) => e.code !== 'TAB_AS_INDENT')
    .map((e) => yamlProblem(src, e))
    .filter((p) => !tabLines.includes(p.location.line ?? 0));
  const first = tabs[0];
  const tab: Problem[] =
    first === undefined
      ? []
      : [
          {
            location: { file: src.file, line: tabLines[0] ?? 1, column: src.lines.linePos(first.pos[0]).col },
            message: `invalid YAML: tab used for indentation on ${tabLines.length === 1 ? 'line' : 'lines'} ${listLines(tabLines)}: YAML indents with spaces; replace each tab with spaces (two per level)`,
          },
        ];
  return [...tab, ...others].filter(
    (p, i, all) => all.findIndex((q) => q.location.line === p.location.line) === i,
  );
}

function listLines(lines: readonly number[]): string {
  return lines.length <= 8
    ? lines.join(', ')
    : `${lines.slice(0, 8).join(', ')} and ${lines.length - 8} more`;
}

function yamlProblem(src: Source, e: YAMLError): Problem {
  const { line, col } = src.lines.linePos(e.pos[0]);
  const first = e.message.split('\n')[0] ?? e.message;
  const known = YAML_MESSAGES[e.code];
  const key = e.code === 'DUPLICATE_KEY' ? duplicateKeyName(src.text, e.pos[0]) : undefined;
  const message =
    key !== undefined ? `duplicate key "${key}": expected each key once in a mapping` : (known ?? first);
  return { location: { file: src.file, line, column: col }, message: `invalid YAML: ${message}` };
}

function duplicateKeyName(text: string, offset: number): string | undefined {
  const m = /^["']?([^"':\n]+)["']?\s*:/.exec(text.slice(offset));
  return m?.[1]?.trim();
}

/**
 * Unquoted account ids: YAML reads `111111111111` as a number. Twelve digits survive intact, so
 * they are accepted (as the string); a leading zero does not (`012345678901` → 12345678901), so
 * that is an error with a "quote it" hint. Other numbers become their source text and fail the
 * account-id rule with the usual message.
 */
function accountNumbers(src: Source, data: unknown): Problem[] {
  const problems: Problem[] = [];
  const root = data as { hub?: { account?: unknown }; spokes?: { account?: unknown }[] } | null;
  const fix = (holder: { account?: unknown } | undefined, path: JsonPath) => {
    if (typeof holder !== 'object' || holder === null || typeof holder.account !== 'number') return;
    const node = locate(src.doc, path).node;
    const raw = sourceText(node, src.text) ?? String(holder.account);
    holder.account = raw;
    if (/^0\d{11}$/.test(raw)) {
      problems.push({
        ...at(src, path),
        message: `${formatPath(path)}: account id ${raw} is not quoted, so YAML reads it as the number ${Number(raw)} and drops the leading zero; quote it: "${raw}"`,
      });
    }
  };
  if (typeof root === 'object' && root !== null) {
    fix(root.hub, ['hub', 'account']);
    if (Array.isArray(root.spokes)) {
      for (const [i, s] of root.spokes.entries()) fix(s, ['spokes', i, 'account']);
    }
  }
  return problems;
}

function describeValue(input: unknown, raw: string | undefined): string {
  if (input === null || input === undefined) return 'an empty value';
  if (Array.isArray(input)) return 'a list';
  switch (typeof input) {
    case 'number':
      return `the number ${raw ?? input}`;
    case 'boolean':
      return `the boolean ${raw ?? input}`;
    case 'string':
      return `the text ${show(input)}`;
    case 'object':
      return 'a mapping';
    default:
      return String(input);
  }
}

type Issue = z.core.$ZodIssue;

function issueProblems(src: Source, issue: Issue, base: JsonPath): Problem[] {
  const path: JsonPath = [...base, ...(issue.path as (string | number)[])];
  const name = formatPath(path);
  const prefix = name === '' ? '' : `${name}: `;
  const fieldSchema = schemaAt(fleetFileSchema, path);
  const expected = expectedOf(fieldSchema);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = objectKeys(fieldSchema);
      return issue.keys.map((key) => {
        const keyPath = [...path, key];
        const value = (issue.input as Record<string, unknown> | undefined)?.[key];
        return {
          ...at(src, keyPath, true),
          message: `${formatPath(keyPath)}: unknown key${keySuggestion(path, key, value, allowed)}; expected one of: ${allowed.join(', ')}`,
        };
      });
    }
    case 'invalid_type': {
      const located = locate(src.doc, path);
      const present = located.exact && issue.input !== undefined;
      if (!present) {
        const parent = formatPath(path.slice(0, -1));
        const field = String(path[path.length - 1]);
        return [
          {
            ...at(src, path),
            message: `${parent === '' ? '' : `${parent}: `}missing required key "${field}": expected ${expected ?? issue.expected}`,
          },
        ];
      }
      const raw = sourceText(located.node, src.text);
      const scalarNonString =
        issue.expected === 'string' &&
        isScalar(located.node) &&
        issue.input !== null &&
        typeof issue.input !== 'object';
      if (scalarNonString && raw !== undefined && fieldSchema !== undefined) {
        // Would quoting help? Only say so if the quoted text is valid; else report why it is not.
        const quoted = fieldSchema.safeParse(raw);
        const why = quoted.success ? undefined : quoted.error.issues.find((i) => i.code === 'custom');
        if (why !== undefined)
          return [
            {
              ...at(src, path),
              message: `${prefix}${why.message}${why.message.includes('YAML') ? '' : unquotedNote(issue.input, raw)}`,
            },
          ];
      }
      const hint = scalarNonString && raw !== undefined ? `; quote it to keep it text: "${raw}"` : '';
      return [
        {
          ...at(src, path),
          message: `${prefix}expected ${expected ?? typeWord(issue.expected)}, got ${describeValue(issue.input, raw)}${hint}`,
        },
      ];
    }
    case 'invalid_value': {
      const values = issue.values.map(String);
      const input = issue.input;
      const got =
        typeof input === 'string'
          ? show(input)
          : describeValue(input, sourceText(locate(src.doc, path).node, src.text));
      const mean = typeof input === 'string' ? valueSuggestion(input, values) : '';
      if (input === undefined && !locate(src.doc, path).exact) {
        const parent = formatPath(path.slice(0, -1));
        return [
          {
            ...at(src, path),
            message: `${parent === '' ? '' : `${parent}: `}missing required key "${String(path[path.length - 1])}": expected ${values.map((v) => JSON.stringify(v)).join(' or ')}`,
          },
        ];
      }
      const choices =
        values.length === 1
          ? `expected ${JSON.stringify(values[0])}`
          : values.length <= 8
            ? `expected one of: ${values.join(', ')}`
            : `expected ${expected ?? 'a known value'}`;
      return [{ ...at(src, path), message: `${prefix}${got} is not allowed${mean}; ${choices}` }];
    }
    case 'invalid_union': {
      // Report the branch that got furthest: the one whose problems lie deepest in the value.
      const branches = issue.errors.filter((b) => b.length > 0);
      const deep = branches.find((b) =>
        b.some((i) => i.path.length > 0 || i.code === 'unrecognized_keys' || i.code === 'custom'),
      );
      if (deep) return deep.flatMap((i) => issueProblems(src, i, path));
      const raw = sourceText(locate(src.doc, path).node, src.text);
      return [
        {
          ...at(src, path),
          message: `${prefix}expected ${expected ?? 'another form'}, got ${describeValue(issue.input, raw)}`,
        },
      ];
    }
    case 'custom': {
      const onKey = (issue.params as { at?: string } | undefined)?.at === 'key';
      const parent = onKey ? formatPath(path.slice(0, -1)) : name;
      return [{ ...at(src, path, onKey), message: `${parent === '' ? '' : `${parent}: `}${issue.message}` }];
    }
    default:
      return [{ ...at(src, path), message: `${prefix}${issue.message}` }];
  }
}

/**
 * Quoting alone does not fix the value, but the reader should still learn why YAML changed it:
 * `chartVersion: 7.8` is the number 7.8 (and `7.10` would be 7.1).
 */
function unquotedNote(input: unknown, raw: string): string {
  if (typeof input !== 'number') return '';
  const version = /^\d+\.\d+$/.test(raw) ? `, e.g. "${raw}.0"` : '';
  return ` (unquoted, YAML reads ${raw} as the number ${String(input)}: write the value in quotes${version})`;
}

function typeWord(t: string): string {
  return t === 'object'
    ? 'a mapping'
    : t === 'array'
      ? 'a list'
      : t === 'boolean'
        ? 'true or false'
        : `a ${t}`;
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let s = schema;
  for (let i = 0; s !== undefined && i < 8; i++) {
    const def = s._zod.def as unknown as Def;
    const next = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (next === undefined) return s;
    s = next;
  }
  return s;
}

/** The schema that describes the value at `path` (used for expectations and allowed keys). */
function schemaAt(root: z.ZodType, path: JsonPath): z.ZodType | undefined {
  let s: z.ZodType | undefined = root;
  for (const seg of path) {
    const def = unwrap(s)?._zod.def as unknown as Def | undefined;
    if (def === undefined) return undefined;
    if (def.type === 'object') s = def.shape?.[String(seg)];
    else if (def.type === 'array') s = def.element;
    else if (def.type === 'record') s = def.valueType;
    else if (def.type === 'union')
      s = def.options
        ?.map((o) => unwrap(o)?._zod.def as unknown as Def)
        .find((d) => d.type === 'object' && d.shape?.[String(seg)])?.shape?.[String(seg)];
    else return undefined;
  }
  return s;
}

function objectKeys(schema: z.ZodType | undefined): string[] {
  const def = unwrap(schema)?._zod.def as unknown as Def | undefined;
  if (def?.type === 'object') return Object.keys(def.shape ?? {});
  if (def?.type === 'union')
    return (def.options ?? []).flatMap((o) =>
      Object.keys((unwrap(o)?._zod.def as unknown as Def | undefined)?.shape ?? {}),
    );
  return [];
}
