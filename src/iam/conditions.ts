/**
 * Condition operators as a table of declared flags, and the evaluation of one condition.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_operators.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 *
 * Semantics (each with its doc):
 * - Operators are matched case-insensitively; condition KEY names are case-insensitive; values are
 *   case-sensitive except for the `…IgnoreCase` operators and `Bool`.
 * - Several values for one key are ORed; for negated operators ("Not…") the request value must
 *   differ from every value (a NOR).
 * - Key absent: `Null` tests presence; `…IfExists` and negated operators are true; everything else false
 *   ("If the key that you specify in a policy condition is not present in the request context, the values
 *   do not match" / "…IfExists: if the key is not present, evaluate the condition element as true").
 * - A single-valued operator on a multi-valued key (an array) is false; use `ForAnyValue:` / `ForAllValues:`.
 * - `ForAnyValue:` on an absent key is false; `ForAllValues:` on an absent key (or an empty set) is true.
 * - A value that cannot be evaluated (unresolvable variable, malformed number/date/IP/ARN) matches
 *   nothing, for negated operators too.
 */
import { blockContains, type IpBlock, parseIpAddress, parseIpBlock } from './ip.js';
import {
  compileTemplate,
  globMatches,
  isUnresolved,
  resolveTemplate,
  resolveText,
  splitPolicyArn,
  type Template,
  type VariableLookup,
} from './pattern.js';

export type OperatorFamily = 'string' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn' | 'null';

export interface OperatorDef {
  readonly name: string;
  readonly family: OperatorFamily;
  readonly negative: boolean;
  readonly wildcards: boolean;
  readonly ignoreCase: boolean;
  /** For the Numeric and Date operators: does (request, policy) satisfy the operator? */
  readonly compare?: (request: number, policy: number) => boolean;
}

function op(
  name: string,
  family: OperatorFamily,
  flags: Partial<Omit<OperatorDef, 'name' | 'family'>> = {},
): OperatorDef {
  return { name, family, negative: false, wildcards: false, ignoreCase: false, ...flags };
}

const eq = (a: number, b: number) => a === b;
const ordering = (family: 'numeric' | 'date', prefix: string): OperatorDef[] => [
  op(`${prefix}Equals`, family, { compare: eq }),
  op(`${prefix}NotEquals`, family, { compare: eq, negative: true }),
  op(`${prefix}LessThan`, family, { compare: (r, p) => r < p }),
  op(`${prefix}LessThanEquals`, family, { compare: (r, p) => r <= p }),
  op(`${prefix}GreaterThan`, family, { compare: (r, p) => r > p }),
  op(`${prefix}GreaterThanEquals`, family, { compare: (r, p) => r >= p }),
];

export const OPERATORS: readonly OperatorDef[] = [
  op('StringEquals', 'string'),
  op('StringNotEquals', 'string', { negative: true }),
  op('StringEqualsIgnoreCase', 'string', { ignoreCase: true }),
  op('StringNotEqualsIgnoreCase', 'string', { ignoreCase: true, negative: true }),
  op('StringLike', 'string', { wildcards: true }),
  op('StringNotLike', 'string', { wildcards: true, negative: true }),
  ...ordering('numeric', 'Numeric'),
  ...ordering('date', 'Date'),
  op('Bool', 'bool', { ignoreCase: true }),
  op('BinaryEquals', 'binary'),
  op('IpAddress', 'ip'),
  op('NotIpAddress', 'ip', { negative: true }),
  // ArnEquals and ArnLike behave the same: each of the six ARN parts may use * and ?.
  op('ArnEquals', 'arn', { wildcards: true }),
  op('ArnLike', 'arn', { wildcards: true }),
  op('ArnNotEquals', 'arn', { wildcards: true, negative: true }),
  op('ArnNotLike', 'arn', { wildcards: true, negative: true }),
  op('Null', 'null'),
];

const BY_NAME = new Map(OPERATORS.map((o) => [o.name.toLowerCase(), o]));

export type SetOperator = 'ForAnyValue' | 'ForAllValues';

export interface ParsedOperator {
  readonly def: OperatorDef;
  readonly set: SetOperator | undefined;
  readonly ifExists: boolean;
}

/** Parses `ForAllValues:StringLikeIfExists` and friends; `undefined` for unknown operators. */
export function parseOperator(text: string): ParsedOperator | undefined {
  let rest = text;
  let set: SetOperator | undefined;
  const colon = rest.indexOf(':');
  if (colon !== -1) {
    const prefix = rest.slice(0, colon).toLowerCase();
    if (prefix === 'foranyvalue') set = 'ForAnyValue';
    else if (prefix === 'forallvalues') set = 'ForAllValues';
    else return undefined;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.toLowerCase().endsWith('ifexists')) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  const def = BY_NAME.get(rest.toLowerCase());
  if (!def || (def.family === 'null' && ifExists)) return undefined;
  return { def, set, ifExists };
}

type ArnParts = readonly [Template, Template, Template, Template, Template];

/** A policy value compiled for its operator family. */
type CompiledValue =
  | { readonly k: 'template'; readonly raw: string; readonly t: Template }
  | { readonly k: 'number'; readonly raw: string; readonly n: number | undefined }
  | { readonly k: 'raw'; readonly raw: string }
  | { readonly k: 'ip'; readonly raw: string; readonly ip: IpBlock | undefined }
  | { readonly k: 'arn'; readonly raw: string; readonly parts: ArnParts | undefined };

export interface CompiledCondition {
  /** Operator and key as written in the policy (for explanations). */
  readonly operator: string;
  readonly key: string;
  /** Lower-cased key for context lookup. */
  readonly lookupKey: string;
  readonly op: ParsedOperator;
  readonly values: readonly CompiledValue[];
}

/** Mirrors the reference simulator's lenient number parsing (integer unless the text has a `.`). */
export function parseNumber(value: string): number | undefined {
  const n = value.includes('.') ? Number.parseFloat(value) : Number.parseInt(value, 10);
  return Number.isNaN(n) ? undefined : n;
}

/**
 * Dates are ISO 8601 (W3C profile) or epoch time. AWS epoch time (`aws:EpochTime`) is in SECONDS
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-epochtime),
 * so an all-digits value is seconds since 1970. Returns milliseconds.
 */
export function parseDate(value: string): number | undefined {
  if (/^-?\d+$/.test(value)) {
    const n = Number.parseInt(value, 10);
    return n.toString() === value ? n * 1000 : undefined;
  }
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

function splitArn(value: string, policy = false): string[] | undefined {
  const parts = policy ? splitPolicyArn(value) : value.split(':');
  if (parts.length < 5 || parts[0] !== 'arn') return undefined;
  return [
    parts[1] as string,
    parts[2] as string,
    parts[3] as string,
    parts[4] as string,
    parts.slice(5).join(':'),
  ];
}

function compileValue(def: OperatorDef, raw: string, variables: boolean): CompiledValue {
  switch (def.family) {
    case 'string':
      return {
        k: 'template',
        raw,
        t: compileTemplate(raw, { wildcards: def.wildcards, ignoreCase: def.ignoreCase, variables }),
      };
    case 'bool':
      return {
        k: 'template',
        raw,
        t: compileTemplate(raw, { wildcards: false, ignoreCase: true, variables }),
      };
    case 'numeric':
      return { k: 'number', raw, n: parseNumber(raw) };
    case 'date':
      return { k: 'number', raw, n: parseDate(raw) };
    case 'ip':
      return { k: 'ip', raw, ip: parseIpBlock(raw) };
    case 'arn': {
      const split = splitArn(raw, true);
      const parts = split?.map((p) => compileTemplate(p, { wildcards: true, ignoreCase: false, variables }));
      return { k: 'arn', raw, parts: parts as ArnParts | undefined };
    }
    default:
      return { k: 'raw', raw };
  }
}

export function compileCondition(
  operator: string,
  parsed: ParsedOperator,
  key: string,
  values: readonly string[],
  variables: boolean,
): CompiledCondition {
  return {
    operator,
    key,
    lookupKey: key.toLowerCase(),
    op: parsed,
    values: values.map((v) => compileValue(parsed.def, v, variables)),
  };
}

/** Outcome of testing one request value against one policy value, before negation. */
const MATCH = 1;
const NO_MATCH = 0;
const ERROR = -1;
type Test = typeof MATCH | typeof NO_MATCH | typeof ERROR;

function testValue(def: OperatorDef, v: CompiledValue, request: string, lookup: VariableLookup): Test {
  switch (v.k) {
    case 'template': {
      if (def.family === 'bool') {
        const policy = resolveText(v.t, lookup)?.toLowerCase();
        const req = request.toLowerCase();
        if ((policy !== 'true' && policy !== 'false') || (req !== 'true' && req !== 'false')) return ERROR;
        return policy === req ? MATCH : NO_MATCH;
      }
      const glob = resolveTemplate(v.t, lookup, def.ignoreCase);
      if (isUnresolved(glob)) return ERROR;
      return globMatches(glob, request) ? MATCH : NO_MATCH;
    }
    case 'number': {
      const req = def.family === 'date' ? parseDate(request) : parseNumber(request);
      if (v.n === undefined || req === undefined) return ERROR;
      return def.compare?.(req, v.n) ? MATCH : NO_MATCH;
    }
    case 'ip':
      return testIp(v.ip, request);
    case 'arn':
      return testArn(v.parts, request, lookup);
    default:
      return v.raw === request ? MATCH : NO_MATCH;
  }
}

/**
 * A CIDR of the other address family simply does not contain the address; a single address written
 * without a prefix only compares with an address of its own family (as the reference simulator does).
 */
function testIp(block: IpBlock | undefined, request: string): Test {
  const addr = parseIpAddress(request);
  if (!block || !addr) return ERROR;
  if (addr.family !== block.family) return block.bare ? ERROR : NO_MATCH;
  return blockContains(block, addr.value) ? MATCH : NO_MATCH;
}

function testArn(parts: ArnParts | undefined, request: string, lookup: VariableLookup): Test {
  const req = splitArn(request);
  if (!parts || !req) return ERROR;
  for (let i = 0; i < 5; i++) {
    const glob = resolveTemplate(parts[i] as Template, lookup, false);
    if (isUnresolved(glob)) return ERROR;
    if (!globMatches(glob, req[i] as string)) return NO_MATCH;
  }
  return MATCH;
}

/** Does one request value satisfy the operator over all policy values? */
function valueSatisfies(c: CompiledCondition, request: string, lookup: VariableLookup): boolean {
  const def = c.op.def;
  if (def.negative) {
    for (const v of c.values) if (testValue(def, v, request, lookup) !== NO_MATCH) return false;
    return true;
  }
  for (const v of c.values) if (testValue(def, v, request, lookup) === MATCH) return true;
  return false;
}

export type ContextLookup = (lowerKey: string) => string | readonly string[] | undefined;

export interface ConditionOutcome {
  readonly matches: boolean;
  /** Why it failed (only when `matches` is false); a function so that hot paths never build it. */
  readonly why?: () => string;
}

const OK: ConditionOutcome = { matches: true };

function show(values: readonly CompiledValue[]): string {
  return JSON.stringify(values.length === 1 ? values[0]?.raw : values.map((v) => v.raw));
}

function fail(why: () => string): ConditionOutcome {
  return { matches: false, why };
}

const labelOf = (c: CompiledCondition): string => `${c.operator} ${c.key}`;

/** Evaluates one condition (one operator, one key, its values) against the request context. */
export function evaluateCondition(c: CompiledCondition, lookup: ContextLookup): ConditionOutcome {
  const value = lookup(c.lookupKey);
  const { def, set, ifExists } = c.op;
  if (def.family === 'null') {
    const want = value === undefined ? 'true' : 'false';
    if (c.values.some((v) => v.raw.toLowerCase() === want)) return OK;
    return fail(() => `${labelOf(c)}: key is ${value === undefined ? 'absent' : 'present'}`);
  }
  if (set !== undefined) {
    if (value === undefined) {
      return set === 'ForAllValues' ? OK : fail(() => `${labelOf(c)}: key is absent`);
    }
    const items = typeof value === 'string' ? [value] : value;
    if (set === 'ForAnyValue') {
      for (const item of items) if (valueSatisfies(c, item, lookup)) return OK;
      return fail(
        () => `${labelOf(c)}: no request value of ${JSON.stringify(items)} matches ${show(c.values)}`,
      );
    }
    for (const item of items) {
      if (!valueSatisfies(c, item, lookup)) {
        return fail(() => `${labelOf(c)}: request value ${JSON.stringify(item)} fails ${show(c.values)}`);
      }
    }
    return OK;
  }
  if (value === undefined) {
    if (ifExists || def.negative) return OK;
    return fail(() => `${labelOf(c)}: key is absent`);
  }
  if (typeof value !== 'string') {
    return fail(() => `${labelOf(c)}: key is multi-valued; use ForAnyValue:/ForAllValues:`);
  }
  if (valueSatisfies(c, value, lookup)) return OK;
  return fail(() => `${labelOf(c)}: ${JSON.stringify(value)} fails ${show(c.values)}`);
}
