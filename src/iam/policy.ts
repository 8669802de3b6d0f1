/**
 * Policy grammar: validation with JSON-path messages, and compilation to a form the evaluator
 * matches quickly. Compiled policies are cached per document object (a WeakMap), so evaluating the
 * same plan policies many times parses each once.
 * Grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 * Elements: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
 */
import {
  type CompiledCondition,
  compileCondition,
  type ParsedOperator,
  parseOperator,
} from './conditions.js';
import { compileGlob, compileTemplate, type Glob, splitPolicyArn, type Template } from './pattern.js';

export interface PolicyProblem {
  /** JSON path, e.g. `$.Statement[1].Effect`. */
  readonly path: string;
  readonly message: string;
}

export type PrincipalType = 'AWS' | 'Federated' | 'Service' | 'CanonicalUser';

export interface PrincipalEntry {
  readonly type: PrincipalType;
  readonly value: string;
  /** `AWS: "*"`. */
  readonly star: boolean;
  /** The account of an account principal (`123456789012` or `arn:…:iam::123456789012:root`). */
  readonly account?: string;
  /** An IAM unique id (`AROA…`): never matches an ARN caller. */
  readonly uniqueId: boolean;
  /** A role ARN, for matching role sessions: partition, account, lower-cased role name (path dropped). */
  readonly role?: { readonly partition: string; readonly account: string; readonly name: string };
}

const ROOT_ARN = /^arn:[^:]*:iam::(\d{12}):root$/;
const ROLE_ARN = /^arn:([a-zA-Z-]+):iam::(\d{12}):role\/(.*)$/;

export function compilePrincipalEntry(type: PrincipalType, value: string): PrincipalEntry {
  if (type !== 'AWS') return { type, value, star: false, uniqueId: false };
  const star = ALL_STARS.test(value);
  const account = /^[0-9]{12}$/.test(value) ? value : ROOT_ARN.exec(value)?.[1];
  const role = ROLE_ARN.exec(value);
  return {
    type,
    value,
    star,
    ...(account !== undefined ? { account } : {}),
    uniqueId: /^A[0-9A-Z]+$/.test(value),
    ...(role
      ? {
          role: {
            partition: role[1] as string,
            account: role[2] as string,
            name: (role[3] as string).slice((role[3] as string).lastIndexOf('/') + 1).toLowerCase(),
          },
        }
      : {}),
  };
}

export interface PrincipalSpec {
  readonly raw: unknown;
  readonly entries: readonly PrincipalEntry[];
}

export interface ActionPattern {
  readonly raw: string;
  readonly all: boolean;
  /** Lower-cased service prefix. */
  readonly service: string;
  /** Case-insensitive glob over the action name. */
  readonly name: Glob;
}

export interface ResourcePattern {
  readonly raw: string;
  readonly all: boolean;
  /** Set when the pattern has no wildcard and no variable: its `arnKey`, compared by equality. */
  readonly literalKey?: string;
  /** The compiled segments of a pattern with wildcards or variables (unset for literal patterns). */
  readonly arn?: {
    /** Partition, service, region and account: case-insensitive, with wildcards and variables. */
    readonly partition: Template;
    readonly service: Template;
    readonly region: Template;
    readonly account: Template;
    /** Resource type prefix (`role/`, `cluster/`, …): matched literally; wildcards cannot span it. */
    readonly product: string;
    /** The rest of the resource part: wildcards and policy variables, case-sensitive. */
    readonly id: Template;
  };
}

export interface ParsedStatement {
  readonly index: number;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly principal?: PrincipalSpec;
  readonly notPrincipal?: PrincipalSpec;
  readonly actions?: readonly ActionPattern[];
  readonly notActions?: readonly ActionPattern[];
  readonly resources?: readonly ResourcePattern[];
  readonly notResources?: readonly ResourcePattern[];
  readonly conditions: readonly CompiledCondition[];
}

export interface ParsedPolicy {
  readonly version: string | undefined;
  /** Policy variables are substituted only in Version 2012-10-17 policies. */
  readonly variables: boolean;
  readonly statements: readonly ParsedStatement[];
}

export interface ParseResult {
  readonly policy?: ParsedPolicy;
  readonly problems: PolicyProblem[];
}

/** Thrown by the evaluator when a policy it was handed is invalid. */
export class PolicyError extends Error {
  readonly problems: readonly PolicyProblem[];
  constructor(problems: readonly PolicyProblem[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
    this.name = 'PolicyError';
    this.problems = problems;
  }
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NO_CONDITIONS: readonly CompiledCondition[] = Object.freeze([]);

/** Appends a key to a JSON path: `.Effect` or `["oidc…:sub"]`. */
export function pathKey(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return IDENT.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);
const PRINCIPAL_TYPES = new Set<string>(['AWS', 'Federated', 'Service', 'CanonicalUser']);
const ACTION = /^[A-Za-z0-9-]+:[^\s:]+$/;
const ALL_STARS = /^\*+$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Operators recur across every policy: parse each spelling once (bounded: spellings are few). */
const operators = new Map<string, ParsedOperator | null>();
function operatorOf(text: string): ParsedOperator | undefined {
  let parsed = operators.get(text);
  if (parsed === undefined) {
    if (operators.size >= 1024) operators.clear();
    parsed = parseOperator(text) ?? null;
    operators.set(text, parsed);
  }
  return parsed ?? undefined;
}

/** `value` as a list of strings (validated: a string or a non-empty array of strings). */
function asStrings(value: unknown): readonly string[] {
  return typeof value === 'string' ? [value] : (value as readonly string[]);
}

function compileActions(value: unknown): ActionPattern[] {
  const out: ActionPattern[] = [];
  for (const raw of asStrings(value)) {
    if (ALL_STARS.test(raw)) {
      out.push({ raw, all: true, service: '', name: ALL_GLOB });
      continue;
    }
    const colon = raw.indexOf(':');
    out.push({
      raw,
      all: false,
      service: raw.slice(0, colon).toLowerCase(),
      name: compileGlob(raw.slice(colon + 1), true),
    });
  }
  return out;
}

const ALL_GLOB = compileGlob('*', true);

function compileResources(value: unknown, variables: boolean): ResourcePattern[] {
  return asStrings(value).map((raw) => compileResource(raw, variables) as ResourcePattern);
}

function compilePrincipal(value: unknown): PrincipalSpec {
  if (value === '*') return { raw: value, entries: [compilePrincipalEntry('AWS', '*')] };
  const entries: PrincipalEntry[] = [];
  for (const type of Object.keys(value as object)) {
    const v = (value as Record<string, unknown>)[type];
    for (const item of asStrings(v)) entries.push(compilePrincipalEntry(type as PrincipalType, item));
  }
  return { raw: value, entries };
}

function compileConditions(value: unknown, variables: boolean): CompiledCondition[] {
  const out: CompiledCondition[] = [];
  const byOperator = value as Record<string, Record<string, unknown>>;
  for (const operator of Object.keys(byOperator)) {
    const parsed = operatorOf(operator) as ParsedOperator;
    const block = byOperator[operator] as Record<string, unknown>;
    for (const key of Object.keys(block)) {
      const raw = block[key];
      const values = Array.isArray(raw) ? raw.map((v) => String(v)) : [String(raw)];
      out.push(compileCondition(operator, parsed, key, values, variables));
    }
  }
  return out;
}

/**
 * A validated statement whose elements compile when the evaluator first reads them: Resource only
 * once an action matched, Principal and Condition only once those matched too. Evaluating a policy
 * once (nothing cached) thus compiles only what that request reaches.
 */
class Statement implements ParsedStatement {
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: 'Allow' | 'Deny';
  private readonly raw: Record<string, unknown>;
  /** Which element of each pair the statement uses: 1 the first (Action), 2 the second (NotAction). */
  private readonly which: number;
  private readonly variables: boolean;
  private compiledActions: readonly ActionPattern[] | undefined = undefined;
  private compiledResources: readonly ResourcePattern[] | undefined = undefined;
  private compiledPrincipal: PrincipalSpec | undefined = undefined;
  private compiledConditions: readonly CompiledCondition[] | undefined = undefined;

  constructor(raw: Record<string, unknown>, index: number, which: number, variables: boolean) {
    this.index = index;
    const sid = raw.Sid;
    this.sid = typeof sid === 'string' && sid !== '' ? sid : undefined;
    this.effect = raw.Effect as 'Allow' | 'Deny';
    this.raw = raw;
    this.which = which;
    this.variables = variables;
  }

  private actionList(): readonly ActionPattern[] {
    this.compiledActions ??= compileActions(this.which & ACTION_A ? this.raw.Action : this.raw.NotAction);
    return this.compiledActions;
  }
  get actions(): readonly ActionPattern[] | undefined {
    return this.which & ACTION_A ? this.actionList() : undefined;
  }
  get notActions(): readonly ActionPattern[] | undefined {
    return this.which & ACTION_B ? this.actionList() : undefined;
  }

  private resourceList(): readonly ResourcePattern[] {
    this.compiledResources ??= compileResources(
      this.which & RESOURCE_A ? this.raw.Resource : this.raw.NotResource,
      this.variables,
    );
    return this.compiledResources;
  }
  get resources(): readonly ResourcePattern[] | undefined {
    return this.which & RESOURCE_A ? this.resourceList() : undefined;
  }
  get notResources(): readonly ResourcePattern[] | undefined {
    return this.which & RESOURCE_B ? this.resourceList() : undefined;
  }

  private principalSpec(): PrincipalSpec {
    this.compiledPrincipal ??= compilePrincipal(
      this.which & PRINCIPAL_A ? this.raw.Principal : this.raw.NotPrincipal,
    );
    return this.compiledPrincipal;
  }
  get principal(): PrincipalSpec | undefined {
    return this.which & PRINCIPAL_A ? this.principalSpec() : undefined;
  }
  get notPrincipal(): PrincipalSpec | undefined {
    return this.which & PRINCIPAL_B ? this.principalSpec() : undefined;
  }

  get conditions(): readonly CompiledCondition[] {
    if (this.compiledConditions === undefined) {
      const c = this.raw.Condition;
      this.compiledConditions = c === undefined ? NO_CONDITIONS : compileConditions(c, this.variables);
    }
    return this.compiledConditions;
  }

  /** Plain data for inspection (console.log, test snapshots), as the compiled form reads. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { index: this.index, effect: this.effect };
    if (this.sid !== undefined) out.sid = this.sid;
    for (const k of [
      'principal',
      'notPrincipal',
      'actions',
      'notActions',
      'resources',
      'notResources',
    ] as const)
      if (this[k] !== undefined) out[k] = this[k];
    out.conditions = this.conditions;
    return out;
  }
}

const ACTION_A = 1;
const ACTION_B = 2;
const RESOURCE_A = 4;
const RESOURCE_B = 8;
const PRINCIPAL_A = 16;
const PRINCIPAL_B = 32;

/**
 * Validates a document. A first pass runs with `paths` off: it builds no JSON path and stops
 * caring about messages, so checking a valid policy allocates (almost) nothing; only when that
 * pass finds a problem does a second one (`paths` on) collect every problem with its path.
 */
class Parser {
  readonly problems: PolicyProblem[] = [];
  variables = true;
  readonly paths: boolean;

  constructor(paths: boolean) {
    this.paths = paths;
  }

  problem(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  /** `path` + key, when paths are on. */
  at(path: string, key: string | number): string {
    return this.paths ? pathKey(path, key) : '';
  }

  /** `path` + `.name`, when paths are on. */
  dot(path: string, name: string): string {
    return this.paths ? `${path}.${name}` : '';
  }

  /** Checks a string or a non-empty array of strings; `each` sees the items once all are strings. */
  strings(value: unknown, path: string, what: string, each?: (v: string, at: string) => void): boolean {
    if (typeof value === 'string') {
      each?.(value, path);
      return true;
    }
    if (!Array.isArray(value) || value.length === 0) {
      this.problem(path, `expected ${what} or a non-empty array of them`);
      return false;
    }
    let ok = true;
    for (let i = 0; i < value.length; i++) {
      if (typeof value[i] !== 'string') {
        this.problem(this.at(path, i), `expected ${what} (a string)`);
        ok = false;
      }
    }
    if (ok && each) for (let i = 0; i < value.length; i++) each(value[i] as string, this.at(path, i));
    return ok;
  }

  policy(doc: unknown): ParsedPolicy | undefined {
    if (!isObject(doc)) {
      this.problem('', 'expected a policy document (a JSON object)');
      return undefined;
    }
    for (const key in doc) {
      if (key !== 'Version' && key !== 'Id' && key !== 'Statement') {
        this.problem(this.at('', key), `unknown element "${key}" (expected Version, Id, Statement)`);
      }
    }
    const version = doc.Version;
    if (version !== undefined && version !== '2012-10-17' && version !== '2008-10-17') {
      this.problem('.Version', 'expected "2012-10-17" or "2008-10-17"');
    }
    // Without Version 2012-10-17, IAM does not substitute ${...} (reference_policies_variables.html).
    this.variables = version === '2012-10-17';
    if (doc.Id !== undefined && typeof doc.Id !== 'string') this.problem('.Id', 'expected a string');
    const raw = doc.Statement;
    const statements: ParsedStatement[] = [];
    if (raw === undefined) this.problem('.Statement', 'required');
    else if (Array.isArray(raw)) {
      for (let i = 0; i < raw.length; i++) {
        const parsed = this.statement(raw[i], this.paths ? `.Statement[${i}]` : '', i);
        if (parsed) statements.push(parsed);
      }
    } else if (isObject(raw)) {
      const parsed = this.statement(raw, '.Statement', 0);
      if (parsed) statements.push(parsed);
    } else this.problem('.Statement', 'expected a statement object or an array of statements');
    return {
      version: typeof version === 'string' ? version : undefined,
      variables: this.variables,
      statements,
    };
  }

  statement(s: unknown, path: string, index: number): ParsedStatement | undefined {
    if (!isObject(s)) {
      this.problem(path, 'expected a statement object');
      return undefined;
    }
    const before = this.problems.length;
    for (const key in s) {
      if (!STATEMENT_KEYS.has(key)) this.problem(this.at(path, key), `unknown element "${key}"`);
    }
    if (s.Sid !== undefined && typeof s.Sid !== 'string')
      this.problem(this.dot(path, 'Sid'), 'expected a string');
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') {
      this.problem(
        this.dot(path, 'Effect'),
        s.Effect === undefined ? 'required: "Allow" or "Deny"' : 'expected "Allow" or "Deny"',
      );
    }
    const actionKey = this.pair(s, path, 'Action', 'NotAction', true);
    const resourceKey = this.pair(s, path, 'Resource', 'NotResource', false);
    const principalKey = this.pair(s, path, 'Principal', 'NotPrincipal', false);
    if (actionKey) {
      const name = actionKey === 'b' ? 'NotAction' : 'Action';
      this.actions(s[name], this.dot(path, name));
    }
    if (resourceKey) {
      const name = resourceKey === 'b' ? 'NotResource' : 'Resource';
      this.resources(s[name], this.dot(path, name));
    }
    if (principalKey) {
      const name = principalKey === 'b' ? 'NotPrincipal' : 'Principal';
      this.principal(s[name], this.dot(path, name));
    }
    if (s.Condition !== undefined) this.conditions(s.Condition, this.dot(path, 'Condition'));
    if (this.problems.length > before) return undefined;
    const which =
      (actionKey === 'a' ? ACTION_A : ACTION_B) |
      (resourceKey === 'a' ? RESOURCE_A : resourceKey === 'b' ? RESOURCE_B : 0) |
      (principalKey === 'a' ? PRINCIPAL_A : principalKey === 'b' ? PRINCIPAL_B : 0);
    return new Statement(s, index, which, this.variables);
  }

  pair(
    s: Record<string, unknown>,
    path: string,
    a: string,
    b: string,
    required: boolean,
  ): 'a' | 'b' | undefined {
    if (s[a] !== undefined && s[b] !== undefined) {
      this.problem(path, `use either ${a} or ${b}, not both`);
      return undefined;
    }
    if (s[a] !== undefined) return 'a';
    if (s[b] !== undefined) return 'b';
    if (required) this.problem(path, `one of ${a} or ${b} is required`);
    return undefined;
  }

  actions(value: unknown, path: string): void {
    this.strings(value, path, '"*" or "service:action"', (raw, at) => {
      if (!ALL_STARS.test(raw) && !ACTION.test(raw))
        this.problem(at, `expected "*" or "service:action", got ${JSON.stringify(raw)}`);
    });
  }

  resources(value: unknown, path: string): void {
    this.strings(value, path, '"*" or an ARN', (raw, at) => {
      if (!validResource(raw))
        this.problem(
          at,
          `expected "*" or an ARN (arn:partition:service:region:account:resource), got ${JSON.stringify(raw)}`,
        );
    });
  }

  principal(value: unknown, path: string): void {
    if (value === '*') return;
    if (!isObject(value)) {
      this.problem(path, 'expected "*" or an object with AWS, Federated, Service or CanonicalUser');
      return;
    }
    for (const type in value) {
      if (!PRINCIPAL_TYPES.has(type)) {
        this.problem(
          this.at(path, type),
          `unknown principal type "${type}" (expected AWS, Federated, Service or CanonicalUser)`,
        );
        continue;
      }
      const aws = type === 'AWS';
      this.strings(value[type], this.at(path, type), 'a principal', (item, at) => {
        if (aws && !validAwsPrincipal(item))
          this.problem(at, `expected an account id, an IAM ARN or "*", got ${JSON.stringify(item)}`);
      });
    }
  }

  conditions(value: unknown, path: string): void {
    if (!isObject(value)) {
      this.problem(path, 'expected an object of {operator: {key: value(s)}}');
      return;
    }
    for (const operator in value) {
      const opPath = this.at(path, operator);
      const parsed = operatorOf(operator);
      if (!parsed) {
        this.problem(opPath, `unknown condition operator "${operator}"`);
        continue;
      }
      const block = value[operator];
      if (!isObject(block)) {
        this.problem(opPath, 'expected an object of {key: value(s)}');
        continue;
      }
      for (const key in block) {
        const raw = block[key];
        const keyPath = this.at(opPath, key);
        if (!this.conditionValues(raw, keyPath)) continue;
        if (parsed.def.family !== 'null') continue;
        const list = Array.isArray(raw) ? raw : [raw];
        for (let i = 0; i < list.length; i++) {
          const lv = String(list[i]).toLowerCase();
          if (lv !== 'true' && lv !== 'false')
            this.problem(Array.isArray(raw) ? this.at(keyPath, i) : keyPath, 'expected true or false');
        }
      }
    }
  }

  /** A string, number, boolean or a non-empty array of them. */
  conditionValues(raw: unknown, path: string): boolean {
    if (scalar(raw)) return true;
    if (Array.isArray(raw) && raw.length > 0 && raw.every(scalar)) return true;
    this.problem(path, 'expected a string, number, boolean or a non-empty array of them');
    return false;
  }
}

function scalar(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function validAwsPrincipal(value: string): boolean {
  return (
    ALL_STARS.test(value) ||
    /^[0-9]{12}$/.test(value) ||
    value.startsWith('arn:') ||
    /^A[0-9A-Z]+$/.test(value)
  );
}

/**
 * Splits the resource part of an ARN into the resource type prefix and the rest, the way IAM
 * does: wildcards cannot stand for the resource type ("Incorrect wildcard usage" in
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html). S3 bucket/object ARNs
 * (no region, no account) have no type prefix.
 */
function splitProduct(service: string, region: string, account: string, resource: string): [string, string] {
  if (service === 's3' && region === '' && account === '') return ['', resource];
  const slash = resource.indexOf('/');
  const colon = resource.indexOf(':');
  let split: number;
  if (slash !== -1 && colon !== -1) split = Math.min(slash, colon) + 1;
  else if (colon === -1) split = slash + 1;
  else split = colon + 1;
  return [resource.slice(0, split), resource.slice(split)];
}

/** `*`, or an ARN pattern with at least six `:`-separated parts (outside `${...}`), as compileResource takes. */
function validResource(raw: string): boolean {
  if (ALL_STARS.test(raw)) return true;
  if (!raw.startsWith('arn:')) return false;
  let colons = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 36 && raw.charCodeAt(i + 1) === 123) {
      const end = raw.indexOf('}', i + 2);
      if (end !== -1) {
        i = end;
        continue;
      }
    }
    if (c === 58 && ++colons === 5) return true;
  }
  return false;
}

export function compileResource(raw: string, variables: boolean): ResourcePattern | undefined {
  if (ALL_STARS.test(raw)) return { raw, all: true };
  if (!validResource(raw)) return undefined;
  // A literal pattern is matched by its key alone; its segments are never needed.
  const literal = !raw.includes('*') && !raw.includes('?') && (!variables || !raw.includes('${'));
  if (literal) return { raw, all: false, literalKey: arnKey(raw) };
  const parts = splitPolicyArn(raw);
  const compileArn = (): NonNullable<ResourcePattern['arn']> => {
    const [, partition, service, region, account] = parts as [string, string, string, string, string];
    const resource = parts.slice(5).join(':');
    const [product, id] = splitProduct(service, region, account, resource);
    const segment = (text: string) => compileTemplate(text, { wildcards: true, ignoreCase: true, variables });
    return {
      partition: segment(partition),
      service: segment(service),
      region: segment(region),
      account: segment(account),
      product,
      id: compileTemplate(id, { wildcards: true, ignoreCase: false, variables }),
    };
  };
  return { raw, all: false, arn: compileArn() };
}

/**
 * An ARN with partition, service, region and account lower-cased (IAM compares those parts
 * case-insensitively, the resource part case-sensitively): equal keys ⇔ a literal pattern matches.
 */
export function arnKey(arn: string): string {
  let colons = 0;
  let upper = false;
  for (let i = 0; i < arn.length; i++) {
    const c = arn.charCodeAt(i);
    if (c === 58 && ++colons === 5) {
      // Most ARNs are written in lower case already: no new string then.
      return upper ? arn.slice(0, i).toLowerCase() + arn.slice(i) : arn;
    }
    if ((c >= 65 && c <= 90) || c > 127) upper = true;
  }
  return arn;
}

interface CacheEntry {
  readonly policy?: ParsedPolicy;
  /** Problems with paths relative to the document root (`.Statement[0]…`). */
  readonly problems: readonly PolicyProblem[];
}

const cache = new WeakMap<object, CacheEntry>();

function parseCached(doc: unknown): CacheEntry {
  const key = typeof doc === 'object' && doc !== null ? doc : undefined;
  const hit = key ? cache.get(key) : undefined;
  if (hit) return hit;
  const fast = new Parser(false);
  const policy = fast.policy(doc);
  let entry: CacheEntry;
  if (fast.problems.length === 0 && policy) entry = { policy, problems: [] };
  else {
    // A problem found: parse again, this time building the JSON path of every problem.
    const full = new Parser(true);
    full.policy(doc);
    entry = { problems: full.problems };
  }

  if (key) cache.set(key, entry);
  return entry;
}

/**
 * Where a policy is attached decides which elements it must and must not have. Without a kind,
 * parsePolicy checks only the grammar every policy type shares.
 */
export type PolicyKind = 'identity' | 'resource' | 'trust' | 'boundary' | 'scp' | 'rcp' | 'session';

export interface ParseOptions {
  readonly kind?: PolicyKind;
}

const KIND_NAMES: Record<PolicyKind, string> = {
  identity: 'an identity-based policy',
  resource: 'a resource-based policy',
  trust: 'a role trust policy',
  boundary: 'a permissions boundary',
  scp: 'a service control policy',
  rcp: 'a resource control policy',
  session: 'a session policy',
};

/** Policies attached to a principal: they name resources and never a principal. */
const PRINCIPAL_SIDE = new Set<PolicyKind>(['identity', 'boundary', 'session', 'scp']);

/**
 * Element rules that depend on the policy type:
 * - identity, boundary and session policies: "You cannot use the Principal element in an IAM
 *   identity-based policy" and "Statements must include either a Resource or a NotResource element"
 *   (reference_policies_elements_principal.html, reference_policies_elements_resource.html);
 *   NotPrincipal likewise (reference_policies_elements_notprincipal.html).
 * - SCPs: no Principal/NotPrincipal (orgs_manage_policies_scps_syntax.html); Resource may be omitted.
 * - resource-based policies: a Principal or NotPrincipal is required (reference_policies_elements_principal.html).
 * - role trust policies: a Principal is required; NotPrincipal cannot be used "in an IAM role trust
 *   policy" (reference_policies_elements_notprincipal.html); Resource/NotResource are rejected
 *   ("MalformedPolicyDocument: Has prohibited field Resource").
 * - RCPs: Principal is required and may only be "*" (conditions narrow it); no NotPrincipal
 *   (orgs_manage_policies_rcps_syntax.html).
 * Elements: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
 * Grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
export function kindProblems(doc: unknown, kind: PolicyKind): PolicyProblem[] {
  if (!isObject(doc)) return [];
  const raw = doc.Statement;
  const list: [unknown, string][] = Array.isArray(raw)
    ? raw.map((st, i): [unknown, string] => [st, `.Statement[${i}]`])
    : [[raw, '.Statement']];
  const problems: PolicyProblem[] = [];
  const name = KIND_NAMES[kind];
  const prohibit = (st: Record<string, unknown>, path: string, key: string, extra = '') => {
    if (st[key] !== undefined)
      problems.push({ path: `${path}.${key}`, message: `${name} cannot contain ${key}${extra}` });
  };
  for (const [st, path] of list) {
    if (!isObject(st)) continue;
    const hasPrincipal = st.Principal !== undefined || st.NotPrincipal !== undefined;
    const hasResource = st.Resource !== undefined || st.NotResource !== undefined;
    if (PRINCIPAL_SIDE.has(kind)) {
      prohibit(st, path, 'Principal');
      prohibit(st, path, 'NotPrincipal');
      if (kind !== 'scp' && !hasResource)
        problems.push({ path, message: `${name} statement needs Resource or NotResource` });
    } else if (kind === 'trust') {
      prohibit(st, path, 'Resource', ' (IAM: "MalformedPolicyDocument: Has prohibited field Resource")');
      prohibit(
        st,
        path,
        'NotResource',
        ' (IAM: "MalformedPolicyDocument: Has prohibited field NotResource")',
      );
      prohibit(st, path, 'NotPrincipal');
      if (st.Principal === undefined && st.NotPrincipal === undefined)
        problems.push({ path, message: `${name} statement needs a Principal` });
    } else if (kind === 'rcp') {
      prohibit(st, path, 'NotPrincipal');
      if (st.Principal === undefined)
        problems.push({ path, message: `${name} statement needs "Principal": "*"` });
      else if (st.Principal !== '*')
        problems.push({
          path: `${path}.Principal`,
          message: `${name} only supports "Principal": "*" (narrow principals with a Condition)`,
        });
    } else if (!hasPrincipal) {
      problems.push({ path, message: `${name} statement needs Principal or NotPrincipal` });
    }
  }
  return problems;
}

/**
 * Validates and compiles a policy document. `path` prefixes the JSON paths in problems
 * (default `$`): `$.Statement[1].Effect: expected "Allow" or "Deny"`. With `options.kind`, the
 * element rules of that policy type apply too (see kindProblems); without it, only the shared
 * grammar. Documents are treated as immutable: the result is cached per document object.
 */
export function parsePolicy(doc: unknown, path = '$', options: ParseOptions = {}): ParseResult {
  const entry = parseCached(doc);
  const extra = options.kind ? kindProblems(doc, options.kind) : [];
  if (entry.policy && extra.length === 0) return { policy: entry.policy, problems: [] };
  return {
    problems: [...entry.problems, ...extra].map((p) => ({ path: `${path}${p.path}`, message: p.message })),
  };
}

/** The compiled policy, or a PolicyError naming every problem. */
export function compiledPolicy(doc: unknown, path: string | (() => string) = '$'): ParsedPolicy {
  const entry = parseCached(doc);
  if (entry.policy) return entry.policy;
  const prefix = typeof path === 'string' ? path : path();
  throw new PolicyError(entry.problems.map((p) => ({ path: `${prefix}${p.path}`, message: p.message })));
}
