/**
 * The generic half of reading `terraform show -json PLANFILE`: check that the document is a plan
 * in Terraform's documented JSON output format, and flatten it into resource instances with their
 * planned values, the mask of values unknown until apply, and the provider configuration each
 * instance uses. Nothing here knows about IAM or Argo CD (observe.ts does).
 *
 * Format: Terraform "JSON Output Format" (developer.hashicorp.com/terraform/internals/json-format),
 * also what OpenTofu writes. The facts this module relies on:
 * - `format_version` is "1.x"; a consumer must reject any other major version.
 * - `resource_changes[]` has `address`, `module_address`, `mode` (`managed` | `data`), `type`,
 *   `name`, `index` (count / for_each key), and `change` with `actions`, `after` and
 *   `after_unknown` ("all unknown leaf values replaced with true, and all known leaf values
 *   omitted"). `after` is null for a delete.
 * - `prior_state.values` holds, among others, the data sources read while planning; a data
 *   source that has to wait for apply is a `resource_changes` entry with action `read` instead.
 * - `configuration.provider_config` maps opaque keys to provider blocks (`name`, `alias`,
 *   `module_address`, `expressions`); every configuration resource names its block with
 *   `provider_config_key`. Expressions carry `constant_value`, or `references` when they refer to
 *   other objects.
 * - `variables` holds the values of the root module's input variables.
 */

/** A problem with the plan document, with the JSON path it was found at. */
export class TerraformPlanError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'TerraformPlanError';
  }
}

export type JsonObject = { readonly [key: string]: unknown };

export interface Expression {
  readonly constant_value?: unknown;
  readonly references?: readonly string[];
}

export interface ProviderConfig {
  readonly key: string;
  readonly name: string;
  readonly alias?: string;
  readonly moduleAddress?: string;
  readonly expressions: JsonObject;
}

/** One resource instance as the plan will leave it. */
export interface Instance {
  /** Absolute address, e.g. `module.eks.aws_eks_access_entry.this["argocd"]`. */
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
  readonly moduleAddress?: string;
  /** `create`, `update`, `no-op`, `replace`, `read` (deferred data source) or `state` (data source read at plan). */
  readonly action: 'create' | 'update' | 'no-op' | 'replace' | 'read' | 'state';
  /** Planned values (`change.after`, or the data source's values in `prior_state`). */
  readonly values: JsonObject;
  /** `change.after_unknown` (empty for values read at plan time). */
  readonly unknown: unknown;
  /** Where the instance is in the document, for messages. */
  readonly jsonPath: string;
  /** `provider_config_key` of the resource's configuration block, when the configuration names it. */
  readonly providerKey?: string;
  /** Configuration expressions of the resource block (references explain unknown values). */
  readonly expressions: JsonObject;
}

export interface PlanDocument {
  readonly formatVersion: string;
  readonly terraformVersion?: string;
  readonly instances: readonly Instance[];
  readonly providers: ReadonlyMap<string, ProviderConfig>;
  readonly variables: Readonly<Record<string, unknown>>;
}

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

function objectAt(value: unknown, path: string, what: string, suffix = ''): JsonObject {
  if (!isObject(value)) throw new TerraformPlanError(path + suffix, `${what} must be an object`);
  return value;
}

function arrayAt(value: unknown, path: string, what: string): readonly unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new TerraformPlanError(path, `${what} must be an array`);
  return value;
}

/**
 * The plan's structure checked and flattened. Input that is not a Terraform plan at all (a state
 * file, an AccessPlan, a CloudFormation template) is told apart from a damaged plan.
 */
export function readPlanDocument(doc: unknown): PlanDocument {
  if (!isObject(doc)) throw new TerraformPlanError('$', notAPlan('the document is not a JSON object'));
  const version = doc.format_version;
  if (typeof version !== 'string') {
    const hint =
      doc.kind === 'AccessPlan'
        ? 'it is a Fleetlink AccessPlan; use `npx fleetlink prove --plan` for it'
        : isObject(doc.Resources)
          ? 'it looks like a CloudFormation template'
          : 'there is no "format_version"';
    throw new TerraformPlanError('$', notAPlan(hint));
  }
  if (!/^1\.\d+$/.test(version))
    throw new TerraformPlanError(
      '$.format_version',
      `format version "${version}" is not supported (this reader knows major version 1, as Terraform ≥ 1.1 and OpenTofu write)`,
    );
  if (!('resource_changes' in doc) && !('planned_values' in doc)) {
    const hint = isObject(doc.values)
      ? 'it is a state (`terraform show -json` of a state file), not a plan; run `terraform plan -out tfplan` and `terraform show -json tfplan`'
      : 'it has neither "resource_changes" nor "planned_values"';
    throw new TerraformPlanError('$', notAPlan(hint));
  }
  const providers = readProviders(doc.configuration);
  const configs = new Map<string, { providerKey?: string; expressions: JsonObject }>();
  if (isObject(doc.configuration) && doc.configuration.root_module !== undefined)
    collectConfigResources(
      objectAt(doc.configuration.root_module, '$.configuration.root_module', 'root_module'),
      '',
      '$.configuration.root_module',
      configs,
    );

  const instances: Instance[] = [];
  const seen = new Set<string>();
  // Paths for messages are built only when something is wrong: this loop runs per instance.
  arrayAt(doc.resource_changes, '$.resource_changes', 'resource_changes').forEach((raw, i) => {
    const path = `$.resource_changes[${i}]`;
    const rc = objectAt(raw, path, 'a resource change');
    const address = stringAt(rc.address, path, '.address');
    if (rc.deposed !== undefined) return; // a deposed object is on its way out
    const change = objectAt(rc.change, path, 'change', '.change');
    const actions = arrayAt(change.actions, `${path}.change.actions`, 'actions');
    for (let j = 0; j < actions.length; j++)
      if (typeof actions[j] !== 'string') stringAt(actions[j], path, `.change.actions[${j}]`);
    const action = actionOf(actions as readonly string[], path);
    seen.add(address);
    if (action === 'delete') return;
    const mode = modeAt(rc.mode, path, '.mode');
    const after = change.after;
    if (!isObject(after) && !(action === 'read' && (after === null || after === undefined)))
      throw new TerraformPlanError(`${path}.change.after`, 'must be an object for a resource that stays');
    seen.add(address);
    instances.push(
      instance(rc, path, address, mode, action, isObject(after) ? after : {}, change.after_unknown, configs),
    );
  });
  // Data sources read while planning are in prior_state only.
  if (isObject(doc.prior_state) && isObject(doc.prior_state.values)) {
    const root = doc.prior_state.values.root_module;
    if (root !== undefined)
      walkValues(
        objectAt(root, '$.prior_state.values.root_module', 'root_module'),
        '$.prior_state.values.root_module',
        (r, path) => {
          if (r.mode !== 'data') return;
          const address = stringAt(r.address, path, '.address');
          if (seen.has(address)) return;
          seen.add(address);
          const values = isObject(r.values) ? r.values : {};
          instances.push(instance(r, path, address, 'data', 'state', values, {}, configs));
        },
      );
  }
  // "All resources in the configuration are included" in resource_changes; a document trimmed to
  // planned_values (no resource_changes) is read from there, without unknown marks.
  if (
    !('resource_changes' in doc) &&
    isObject(doc.planned_values) &&
    doc.planned_values.root_module !== undefined
  )
    walkValues(
      objectAt(doc.planned_values.root_module, '$.planned_values.root_module', 'root_module'),
      '$.planned_values.root_module',
      (r, path) => {
        const address = stringAt(r.address, path, '.address');
        if (seen.has(address)) return;
        seen.add(address);
        const mode = modeAt(r.mode, path, '.mode');
        instances.push(
          instance(r, path, address, mode, 'create', isObject(r.values) ? r.values : {}, {}, configs),
        );
      },
    );

  const variables: Record<string, unknown> = {};
  if (isObject(doc.variables))
    for (const [k, v] of Object.entries(doc.variables)) if (isObject(v)) variables[k] = v.value;
  return {
    formatVersion: version,
    ...(typeof doc.terraform_version === 'string' ? { terraformVersion: doc.terraform_version } : {}),
    instances,
    providers,
    variables,
  };
}

function notAPlan(why: string): string {
  return `not a Terraform plan in JSON (${why}); write one with \`terraform show -json tfplan > plan.json\``;
}

function stringAt(value: unknown, path: string, suffix = ''): string {
  if (typeof value !== 'string') throw new TerraformPlanError(path + suffix, 'must be a string');
  return value;
}

function modeAt(value: unknown, path: string, suffix = ''): 'managed' | 'data' {
  if (value !== 'managed' && value !== 'data')
    throw new TerraformPlanError(path + suffix, `must be "managed" or "data" (got ${JSON.stringify(value)})`);
  return value;
}

/** The change's kind; `path` is the resource change's (messages point at its `.change.actions`). */
function actionOf(actions: readonly string[], path: string): Instance['action'] | 'delete' {
  const key = actions.length === 1 ? (actions[0] as string) : actions.join(',');
  switch (key) {
    case 'create':
    case 'update':
    case 'no-op':
    case 'read':
      return key;
    case 'delete':
      return 'delete';
    case 'delete,create':
    case 'create,delete':
      return 'replace';
    default:
      throw new TerraformPlanError(`${path}.change.actions`, `unknown actions ${JSON.stringify(actions)}`);
  }
}

function instance(
  raw: JsonObject,
  path: string,
  address: string,
  mode: 'managed' | 'data',
  action: Instance['action'],
  values: JsonObject,
  unknown: unknown,
  configs: ReadonlyMap<string, { providerKey?: string; expressions: JsonObject }>,
): Instance {
  const type = stringAt(raw.type, path, '.type');
  const name = stringAt(raw.name, path, '.name');
  const moduleAddress =
    typeof raw.module_address === 'string' ? raw.module_address : moduleOfAddress(address);
  const config = configs.get(configAddress(address));
  // Built by assignment rather than spreads: this runs once per instance of a large plan.
  const out: { -readonly [K in keyof Instance]: Instance[K] } = {
    address,
    mode,
    type,
    name,
    action,
    values,
    unknown: unknown ?? {},
    jsonPath: path,
    expressions: config?.expressions ?? {},
  };
  if (typeof raw.index === 'string' || typeof raw.index === 'number') out.index = raw.index;
  if (moduleAddress) out.moduleAddress = moduleAddress;
  if (config?.providerKey) out.providerKey = config.providerKey;
  return out;
}

/** `module.a["x"].module.b.aws_iam_role.r[0]` → `module.a["x"].module.b`. */
function moduleOfAddress(address: string): string | undefined {
  if (!address.startsWith('module.')) return undefined;
  const parts = splitAddress(address);
  const modules: string[] = [];
  for (let i = 0; i + 1 < parts.length && parts[i]!.startsWith('module'); i += 2)
    modules.push(parts[i]!, parts[i + 1]!);
  return modules.length > 0 ? modules.join('.').replace(/\.\[/g, '[') : undefined;
}

/** Split on dots outside `["…"]` index brackets. */
function splitAddress(address: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inBracket = false;
  let inString = false;
  for (let i = 0; i < address.length; i++) {
    const ch = address[i]!;
    if (inString) {
      cur += ch;
      if (ch === '\\') {
        cur += address[++i] ?? '';
      } else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '[') inBracket = true;
    else if (ch === ']') inBracket = false;
    if (ch === '.' && !inBracket) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** The configuration address of an instance: instance keys dropped (`module.eks.aws_x.this`). */
export function configAddress(address: string): string {
  // Most addresses have no key, or one key at the end whose brackets hold no dot.
  const open = address.indexOf('[');
  if (open < 0) return address;
  if (address.endsWith(']') && open === address.lastIndexOf('[') && !address.includes('.', open))
    return address.slice(0, open);
  return splitAddress(address)
    .map((p) => p.replace(/\[.*\]$/, ''))
    .join('.');
}

function readProviders(configuration: unknown): Map<string, ProviderConfig> {
  const map = new Map<string, ProviderConfig>();
  if (!isObject(configuration) || !isObject(configuration.provider_config)) return map;
  for (const [key, raw] of Object.entries(configuration.provider_config)) {
    if (!isObject(raw)) continue;
    map.set(key, {
      key,
      name: typeof raw.name === 'string' ? raw.name : key,
      ...(typeof raw.alias === 'string' ? { alias: raw.alias } : {}),
      ...(typeof raw.module_address === 'string' ? { moduleAddress: raw.module_address } : {}),
      expressions: isObject(raw.expressions) ? raw.expressions : {},
    });
  }
  return map;
}

function collectConfigResources(
  module: JsonObject,
  prefix: string,
  path: string,
  out: Map<string, { providerKey?: string; expressions: JsonObject }>,
): void {
  arrayAt(module.resources, `${path}.resources`, 'resources').forEach((raw) => {
    if (!isObject(raw) || typeof raw.address !== 'string') return;
    // Addresses inside modules may be written module-relative or absolute.
    const address = raw.address.startsWith('module.') || !prefix ? raw.address : `${prefix}.${raw.address}`;
    out.set(address, {
      ...(typeof raw.provider_config_key === 'string' ? { providerKey: raw.provider_config_key } : {}),
      expressions: isObject(raw.expressions) ? raw.expressions : {},
    });
  });
  if (!isObject(module.module_calls)) return;
  for (const [name, call] of Object.entries(module.module_calls)) {
    if (!isObject(call) || !isObject(call.module)) continue;
    const child = prefix ? `${prefix}.module.${name}` : `module.${name}`;
    collectConfigResources(call.module, child, `${path}.module_calls.${name}.module`, out);
  }
}

function walkValues(module: JsonObject, path: string, visit: (r: JsonObject, path: string) => void): void {
  arrayAt(module.resources, `${path}.resources`, 'resources').forEach((r, i) => {
    visit(objectAt(r, `${path}.resources[${i}]`, 'a resource'), `${path}.resources[${i}]`);
  });
  arrayAt(module.child_modules, `${path}.child_modules`, 'child_modules').forEach((m, i) => {
    walkValues(objectAt(m, `${path}.child_modules[${i}]`, 'a module'), `${path}.child_modules[${i}]`, visit);
  });
}

/**
 * Is the value at `path` (attribute names and list indexes) unknown until apply? An unknown
 * parent makes everything under it unknown (after_unknown marks the highest unknown node).
 */
export function isUnknownAt(mask: unknown, path: readonly (string | number)[]): boolean {
  let node: unknown = mask;
  for (const step of path) {
    if (node === true) return true;
    if (node === null || typeof node !== 'object') return false;
    node = (node as Record<string | number, unknown>)[step];
  }
  return node === true;
}

/** Does anything at or under `path` hold an unknown value? */
export function containsUnknown(mask: unknown, path: readonly (string | number)[] = []): boolean {
  let node: unknown = mask;
  for (const step of path) {
    if (node === true) return true;
    if (node === null || typeof node !== 'object') return false;
    node = (node as Record<string | number, unknown>)[step];
  }
  return anyTrue(node);
}

function anyTrue(node: unknown): boolean {
  if (node === true) return true;
  if (node === null || typeof node !== 'object') return false;
  return Object.values(node as object).some(anyTrue);
}

/** The references of an attribute's configuration expression (for explaining an unknown value). */
export function referencesOf(expressions: JsonObject, attribute: string): string[] {
  const e = expressions[attribute];
  const refs = isObject(e) && Array.isArray(e.references) ? e.references : [];
  // "Multi-step references are unwrapped and duplicated": keep the most specific ones.
  const all = refs.filter((r): r is string => typeof r === 'string');
  return all.filter(
    (r) =>
      !all.some((o) => o !== r && (o.startsWith(`${r}.`) || o.startsWith(`${r}[`))) && !r.startsWith('each.'),
  );
}
