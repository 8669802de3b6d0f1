/**
 * docs/fleet-reference.md, generated from the fleet file's JSON Schema (itself generated from the
 * zod schema in schema.ts): every field with its type, default and the `.describe()` text, so the
 * reference, the editor hover text and the validator cannot drift apart. `npm run docs` writes it;
 * test/docs/generated.test.ts fails when the committed page is stale.
 */
import { fleetJsonSchema } from './json-schema.js';

/** The parts of a JSON Schema node this page reads. */
interface Node {
  readonly type?: string;
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly default?: unknown;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, Node>>;
  readonly required?: readonly string[];
  readonly items?: Node;
  readonly anyOf?: readonly Node[];
  readonly propertyNames?: Node;
  readonly additionalProperties?: Node | boolean;
  readonly patternProperties?: Readonly<Record<string, Node>>;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly minItems?: number;
}

interface Row {
  readonly field: string;
  readonly type: string;
  readonly default: string;
  readonly description: string;
}

const code = (s: string): string => `\`${s}\``;
/** Table-cell text: pipes, HTML-looking `<words>` and emphasis stars would change the table. */
const cell = (s: string): string =>
  s
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\*/g, '\\*')
    .replace(/\n/g, ' ');

/** A readable type: literals, short enums spelled out, regions named, bounds on numbers. */
export function typeOf(node: Node): string {
  if (node.const !== undefined) return code(JSON.stringify(node.const));
  if (node.enum !== undefined) {
    if (node.enum.includes('us-east-1')) return `AWS region (${node.enum.length} known)`;
    return node.enum.map((v) => code(String(v))).join(' | ');
  }
  if (node.anyOf !== undefined) return node.anyOf.map(typeOf).join(' | ');
  switch (node.type) {
    case 'object':
      return node.properties !== undefined ? 'mapping' : 'map of string → string';
    case 'array': {
      const min = node.minItems !== undefined && node.minItems > 0 ? `, at least ${node.minItems}` : '';
      return `list of ${node.items ? typeOf(node.items) : 'anything'}${min}`;
    }
    case 'integer':
    case 'number': {
      const bounds = [
        node.minimum !== undefined ? `≥ ${node.minimum}` : undefined,
        node.exclusiveMinimum !== undefined ? `> ${node.exclusiveMinimum}` : undefined,
        node.maximum !== undefined ? `≤ ${node.maximum}` : undefined,
      ].filter((b) => b !== undefined);
      const name = node.type === 'integer' ? 'whole number' : 'number';
      return bounds.length > 0 ? `${name} ${bounds.join(', ')}` : name;
    }
    default:
      return node.type ?? 'anything';
  }
}

function defaultOf(node: Node, required: boolean): string {
  if (required) return 'required';
  if (node.default === undefined) return '—';
  if (node.type === 'object' && node.properties !== undefined && JSON.stringify(node.default) === '{}')
    return 'all defaults';
  return code(JSON.stringify(node.default));
}

/** The field's row, then one row per field below it (objects, and the object form of a union). */
function rows(name: string, node: Node, required: boolean): Row[] {
  const own: Row = {
    field: code(name),
    type: typeOf(node),
    default: defaultOf(node, required),
    description: node.description ?? '',
  };
  const object = node.properties !== undefined ? node : node.anyOf?.find((n) => n.properties !== undefined);
  const children = Object.entries(object?.properties ?? {}).flatMap(([key, child]) =>
    rows(`${name}.${key}`, child, object?.required?.includes(key) ?? false),
  );
  const items = node.items?.properties !== undefined ? node.items : undefined;
  const itemRows = Object.entries(items?.properties ?? {}).flatMap(([key, child]) =>
    rows(`${name}[].${key}`, child, items?.required?.includes(key) ?? false),
  );
  return [own, ...children, ...itemRows];
}

function table(title: string, intro: string | undefined, body: readonly Row[]): string[] {
  return [
    `## ${title}`,
    '',
    ...(intro ? [intro, ''] : []),
    '| field | type | default | meaning |',
    '| --- | --- | --- | --- |',
    ...body.map((r) => `| ${r.field} | ${cell(r.type)} | ${cell(r.default)} | ${cell(r.description)} |`),
    '',
  ];
}

/** The whole page. Top-level scalars form the first table; each top-level mapping or list its own. */
export function fleetReference(): string {
  const schema = fleetJsonSchema() as Node;
  const props = Object.entries(schema.properties ?? {});
  const isSection = (n: Node): boolean => n.type === 'object' || n.type === 'array';
  const top: Row[] = props.map(([key, n]) => ({
    field: code(key),
    type: typeOf(n),
    default: defaultOf(n, schema.required?.includes(key) ?? false),
    description: n.description ?? '',
  }));
  for (const [pattern, n] of Object.entries(schema.patternProperties ?? {})) {
    top.push({
      field: code(`${pattern.replace(/^\^/, '')}…`),
      type: 'anything',
      default: '—',
      description: n.description ?? '',
    });
  }
  const out = [
    '# Fleet file reference',
    '',
    '<!-- Generated from src/fleet/schema.ts (npm run docs); do not edit. -->',
    '',
    `${schema.description ?? ''} Every field of \`fleet.yaml\`, from the schema that validates it`,
    '(the same descriptions editors show from [`schema/fleet.schema.json`](../schema/fleet.schema.json)).',
    'How the file is read and checked, with examples: [The fleet file](fleet-file.md).',
    '',
    ...table('Top level', undefined, top),
  ];
  for (const [key, n] of props) {
    if (!isSection(n)) continue;
    const body = rows(key, n, schema.required?.includes(key) ?? false).slice(1);
    if (body.length === 0) continue;
    out.push(...table(code(key), n.description, body));
  }
  return `${out.join('\n').trimEnd()}\n`;
}
