/**
 * The JSON `terraform show -json` would print for a plan of a root module, built without
 * Terraform: the module is parsed with HashiCorp's HCL parser (`@cdktf/hcl2json`, the WASM build
 * of hashicorp/hcl), its expressions evaluated (hcl-expr.ts), and the result written in the
 * documented JSON output format (developer.hashicorp.com/terraform/internals/json-format):
 * `resource_changes[].change.after` / `after_unknown`, `planned_values`, `prior_state` (the data
 * sources read while planning), `configuration` (provider blocks with their expressions, resources
 * with `provider_config_key` and expressions as `constant_value` / `references`), `variables`.
 *
 * What a plan resolves is resolved: literals, variables' defaults, locals, `for_each` and `count`,
 * functions, other resources' arguments set in the configuration, and data sources — read from
 * `facts`, which stands in for the AWS API. What only apply knows is unknown: attributes the
 * provider computes on create (an IAM role's `arn`, an access entry's `id`), Optional+Computed
 * arguments left null, anything computed from those, and data sources `facts` cannot answer
 * (deferred to apply, action `read`). Every resource is created (an empty prior state).
 */
import { parse } from '@cdktf/hcl2json';
import {
  evaluate,
  type Node,
  parseTemplate,
  references,
  type Scope,
  UNKNOWN,
  type Value,
} from './hcl-expr.js';

export type Facts = (
  type: string,
  args: Readonly<Record<string, unknown>>,
  provider: { readonly account?: string; readonly region?: string },
) => Record<string, unknown> | undefined;

/** Attributes the provider computes on create (hashicorp/aws 6.x, hashicorp/kubernetes 2.x schemas). */
const COMPUTED: Readonly<Record<string, readonly string[]>> = {
  aws_iam_role: ['arn', 'create_date', 'id', 'name_prefix', 'tags_all', 'unique_id'],
  aws_iam_role_policy: ['id'],
  aws_iam_policy: ['arn', 'attachment_count', 'id', 'policy_id', 'tags_all'],
  aws_iam_role_policy_attachment: ['id'],
  aws_iam_openid_connect_provider: ['arn', 'id', 'tags_all'],
  aws_eks_access_entry: ['access_entry_arn', 'created_at', 'id', 'modified_at', 'tags_all'],
  aws_eks_access_policy_association: ['associated_at', 'id', 'modified_at'],
  aws_eks_pod_identity_association: ['association_arn', 'association_id', 'external_id', 'id', 'tags_all'],
  aws_cloudformation_stack_set: ['arn', 'id', 'stack_set_id', 'tags_all'],
  aws_cloudformation_stack_set_instance: [
    'id',
    'organizational_unit_id',
    'stack_id',
    'stack_instance_summaries',
  ],
  kubernetes_secret_v1: ['id'],
};
/** Optional+Computed arguments: unknown on create when the configuration leaves them null. */
const OPTIONAL_COMPUTED: Readonly<Record<string, readonly string[]>> = {
  aws_iam_role: ['inline_policy', 'managed_policy_arns', 'description', 'path'],
  aws_iam_openid_connect_provider: ['thumbprint_list'],
  aws_eks_access_entry: ['kubernetes_groups', 'user_name', 'type'],
  aws_eks_pod_identity_association: ['disable_session_tags'],
};
const META = new Set(['provider', 'for_each', 'count', 'depends_on', 'lifecycle']);

type Body = Record<string, unknown>;
type Blocks = Record<string, Record<string, Body[]>>;

interface Instance {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly mode: 'managed' | 'data';
  readonly index?: string | number;
  readonly providerKey: string;
  /** Values with UNKNOWN where only apply knows. */
  readonly values: Record<string, Value>;
  readonly deferred?: boolean;
  readonly body: Body;
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

export async function planJsonFromTerraform(
  files: ReadonlyMap<string, string>,
  facts: Facts,
): Promise<Record<string, unknown>> {
  const merged: Record<string, unknown> = {};
  for (const [name, text] of files) {
    if (!name.endsWith('.tf')) continue;
    const doc = (await parse(name, text)) as Record<string, unknown>;
    for (const [k, v] of Object.entries(doc)) {
      if (Array.isArray(v)) merged[k] = [...((merged[k] as unknown[]) ?? []), ...v];
      else if (isObj(v)) {
        const cur = (merged[k] as Record<string, unknown>) ?? {};
        for (const [t, byName] of Object.entries(v))
          cur[t] = isObj(byName) && isObj(cur[t]) ? { ...(cur[t] as object), ...byName } : byName;
        merged[k] = cur;
      }
    }
  }
  const resources = (merged.resource ?? {}) as Blocks;
  const dataBlocks = (merged.data ?? {}) as Blocks;
  const variables: Record<string, Value> = {};
  for (const [name, bodies] of Object.entries((merged.variable ?? {}) as Record<string, Body[]>))
    variables[name] = bodies[0]?.default ?? null;
  const localsRaw: Record<string, unknown> = Object.assign({}, ...((merged.locals ?? []) as object[]));
  const providers = readProviders((merged.provider ?? {}) as Record<string, Body[]>);

  const localMemo = new Map<string, Value>();
  const instances = new Map<string, Instance[]>(); // `type.name` or `data.type.name`
  const inProgress = new Set<string>();

  const rootScope = (each?: { key: string; value: Value }, count?: number): Scope => ({
    root: (name) => {
      if (name === 'var') return variables;
      if (name === 'each') {
        if (!each) throw new Error('each outside for_each');
        return each;
      }
      if (name === 'count') return { index: count };
      if (name === 'path') return { module: '.', root: '.' };
      if (name === 'local')
        return new Proxy(
          {},
          {
            get: (_t, key: string) => {
              if (!localMemo.has(key)) localMemo.set(key, evalJson(localsRaw[key], rootScope()));
              return localMemo.get(key);
            },
          },
        );
      if (name === 'data')
        return new Proxy(
          {},
          { get: (_t, type: string) => typeProxy(`data.${type}`, dataBlocks[type] ?? {}) },
        );
      if (resources[name]) return typeProxy(name, resources[name] ?? {});
      throw new Error(`unknown reference root ${name}`);
    },
  });

  const fileFn = (path: string): string => {
    const clean = path.replace(/^\.\//, '');
    const text = files.get(clean);
    if (text === undefined) throw new Error(`file(${path}): not in the module`);
    return text;
  };

  /** An hcl2json value: strings are templates; objects and arrays hold more. */
  const evalJson = (v: unknown, scope: Scope): Value => {
    if (typeof v === 'string') {
      const node = parseTemplate(v);
      return evaluateWithFile(node, scope);
    }
    if (Array.isArray(v)) return v.map((x) => evalJson(x, scope));
    if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, evalJson(x, scope)]));
    return v;
  };
  const evaluateWithFile = (node: Node, scope: Scope): Value => {
    if (node.t === 'call' && node.fn === 'file') {
      const arg = evaluateWithFile(node.args[0]!, scope);
      return arg === UNKNOWN ? UNKNOWN : fileFn(String(arg));
    }
    if (node.t === 'tup') return node.items.map((n) => evaluateWithFile(n, scope));
    return evaluate(node, scope);
  };

  function typeProxy(key: string, byName: Record<string, Body[]>): object {
    return new Proxy(
      {},
      {
        get: (_t, name: string) => {
          const list = expand(key, name, byName[name]?.[0]);
          const body = byName[name]?.[0];
          if (!body) throw new Error(`no ${key}.${name}`);
          if (body.for_each !== undefined)
            return Object.fromEntries(list.map((i) => [String(i.index), i.values]));
          if (body.count !== undefined) return list.map((i) => i.values);
          return list[0]?.values;
        },
      },
    );
  }

  function expand(typeKey: string, name: string, body: Body | undefined): Instance[] {
    const key = `${typeKey}.${name}`;
    const done = instances.get(key);
    if (done) return done;
    if (!body) return [];
    if (inProgress.has(key)) throw new Error(`cycle at ${key}`);
    inProgress.add(key);
    const mode = typeKey.startsWith('data.') ? 'data' : 'managed';
    const type = mode === 'data' ? typeKey.slice(5) : typeKey;
    const providerKey = providerOf(body, type);
    const out: Instance[] = [];
    const one = (index: string | number | undefined, scope: Scope) => {
      const values: Record<string, Value> = {};
      for (const [attr, raw] of Object.entries(body))
        if (!META.has(attr)) values[attr] = evalJson(raw, scope);
      const address = `${mode === 'data' ? 'data.' : ''}${type}.${name}${index === undefined ? '' : `[${JSON.stringify(index)}]`}`;
      if (mode === 'managed') {
        for (const c of COMPUTED[type] ?? []) if (values[c] === undefined) values[c] = UNKNOWN;
        for (const c of OPTIONAL_COMPUTED[type] ?? [])
          if (values[c] === undefined || values[c] === null) values[c] = UNKNOWN;
        out.push({
          address,
          type,
          name,
          mode,
          ...(index !== undefined ? { index } : {}),
          providerKey,
          values,
          body,
        });
      } else {
        const provider = providers.get(providerKey);
        const read = hasUnknown(values) ? undefined : facts(type, values, provider?.placement ?? {});
        out.push({
          address,
          type,
          name,
          mode,
          ...(index !== undefined ? { index } : {}),
          providerKey,
          values: read ? { ...values, ...read } : markAll(values),
          ...(read ? {} : { deferred: true }),
          body,
        });
      }
    };
    if (body.for_each !== undefined) {
      const fe = evalJson(body.for_each, rootScope());
      if (!isObj(fe)) throw new Error(`${key}: for_each is not a map`);
      for (const [k, v] of Object.entries(fe)) one(k, rootScope({ key: k, value: v }));
    } else if (body.count !== undefined) {
      const n = Number(evalJson(body.count, rootScope()));
      for (let i = 0; i < n; i++) one(i, rootScope(undefined, i));
    } else one(undefined, rootScope());
    inProgress.delete(key);
    instances.set(key, out);
    return out;
  }

  const all: Instance[] = [];
  for (const [type, byName] of Object.entries(resources))
    for (const [name, bodies] of Object.entries(byName)) all.push(...expand(type, name, bodies[0]));
  for (const [type, byName] of Object.entries(dataBlocks))
    for (const [name, bodies] of Object.entries(byName)) all.push(...expand(`data.${type}`, name, bodies[0]));

  const change = (i: Instance) => ({
    address: i.address,
    mode: i.mode,
    type: i.type,
    name: i.name,
    ...(i.index !== undefined ? { index: i.index } : {}),
    provider_name: `registry.terraform.io/hashicorp/${i.type.split('_')[0]}`,
    change: {
      actions: [i.mode === 'data' ? 'read' : 'create'],
      before: null,
      after: known(i.values),
      after_unknown: unknownMask(i.values),
      before_sensitive: false,
      after_sensitive: {},
    },
    ...(i.mode === 'data' ? { action_reason: 'read_because_config_unknown' } : {}),
  });
  const stateResource = (i: Instance) => ({
    address: i.address,
    mode: i.mode,
    type: i.type,
    name: i.name,
    ...(i.index !== undefined ? { index: i.index } : {}),
    provider_name: `registry.terraform.io/hashicorp/${i.type.split('_')[0]}`,
    schema_version: 0,
    values: known(i.values),
    sensitive_values: {},
  });
  const planned = all.filter((i) => i.mode === 'managed' || !i.deferred);
  const configResources = new Map<string, Record<string, unknown>>();
  for (const i of all) {
    const address = `${i.mode === 'data' ? 'data.' : ''}${i.type}.${i.name}`;
    if (configResources.has(address)) continue;
    const expressions: Record<string, unknown> = {};
    for (const [attr, raw] of Object.entries(i.body))
      if (!META.has(attr)) expressions[attr] = expressionOf(raw);
    configResources.set(address, {
      address,
      mode: i.mode,
      type: i.type,
      name: i.name,
      provider_config_key: i.providerKey,
      expressions,
      schema_version: 0,
      ...(i.body.for_each !== undefined ? { for_each_expression: expressionOf(i.body.for_each) } : {}),
      ...(i.body.count !== undefined ? { count_expression: expressionOf(i.body.count) } : {}),
    });
  }
  return {
    format_version: '1.2',
    terraform_version: '1.9.8',
    variables: Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, { value: v }])),
    planned_values: { root_module: { resources: planned.map(stateResource) } },
    resource_changes: all.filter((i) => i.mode === 'managed' || i.deferred).map(change),
    prior_state: {
      format_version: '1.0',
      terraform_version: '1.9.8',
      values: {
        root_module: { resources: all.filter((i) => i.mode === 'data' && !i.deferred).map(stateResource) },
      },
    },
    configuration: {
      provider_config: Object.fromEntries(
        [...providers].map(([key, p]) => [
          key,
          {
            name: p.name,
            full_name: `registry.terraform.io/hashicorp/${p.name}`,
            ...(p.alias ? { alias: p.alias } : {}),
            expressions: Object.fromEntries(
              Object.entries(p.body)
                .filter(([k]) => k !== 'alias')
                .map(([k, v]) => [k, expressionOf(v)]),
            ),
          },
        ]),
      ),
      root_module: { resources: [...configResources.values()] },
    },
    applyable: true,
    complete: true,
    errored: false,
  };

  function readProviders(raw: Record<string, Body[]>) {
    const map = new Map<
      string,
      { name: string; alias?: string; body: Body; placement: { account?: string; region?: string } }
    >();
    for (const [name, bodies] of Object.entries(raw))
      for (const body of bodies) {
        const alias = typeof body.alias === 'string' ? body.alias : undefined;
        const allowed = Array.isArray(body.allowed_account_ids) ? body.allowed_account_ids : [];
        const region =
          typeof body.region === 'string' && !body.region.includes('${') ? body.region : undefined;
        map.set(alias ? `${name}.${alias}` : name, {
          name,
          ...(alias ? { alias } : {}),
          body,
          placement: {
            ...(typeof allowed[0] === 'string' ? { account: allowed[0] } : {}),
            ...(region ? { region } : {}),
          },
        });
      }
    return map;
  }
}

function providerOf(body: Body, type: string): string {
  const p = body.provider;
  if (typeof p === 'string') return p.replace(/^\$\{/, '').replace(/\}$/, '');
  return type.split('_')[0] ?? 'aws';
}

function hasUnknown(v: unknown): boolean {
  return (
    v === UNKNOWN ||
    (Array.isArray(v) ? v.some(hasUnknown) : isObj(v) ? Object.values(v).some(hasUnknown) : false)
  );
}

function markAll(values: Record<string, Value>): Record<string, Value> {
  return Object.fromEntries(Object.keys(values).map((k) => [k, UNKNOWN]));
}

/** `after`: unknown leaves omitted. */
function known(v: Value): Value {
  if (Array.isArray(v)) return v.map((x) => (x === UNKNOWN ? null : known(x)));
  if (isObj(v))
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== UNKNOWN)
        .map(([k, x]) => [k, known(x)]),
    );
  return v;
}

/** `after_unknown`: unknown leaves `true`, known leaves omitted. */
function unknownMask(v: Value): Value {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v))
    return v.map((x) => (x === UNKNOWN ? true : isObj(x) || Array.isArray(x) ? unknownMask(x) : false));
  if (isObj(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === UNKNOWN) out[k] = true;
      else if (isObj(x) || Array.isArray(x)) out[k] = unknownMask(x);
    }
    return out;
  }
  return {};
}

/** Configuration expression representation: `constant_value` without references, else `references`. */
function expressionOf(raw: unknown): unknown {
  if (Array.isArray(raw) && raw.every(isObj))
    return raw.map((b) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, expressionOf(v)])));
  const refs: string[] = [];
  const collect = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const r of references(parseTemplate(v))) if (!refs.includes(r)) refs.push(r);
    } else if (Array.isArray(v)) v.forEach(collect);
    else if (isObj(v)) Object.values(v).forEach(collect);
  };
  collect(raw);
  if (refs.length > 0) return { references: refs };
  const constant = (v: unknown): unknown =>
    typeof v === 'string'
      ? evaluate(parseTemplate(v), { root: () => undefined })
      : Array.isArray(v)
        ? v.map(constant)
        : isObj(v)
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, constant(x)]))
          : v;
  return { constant_value: constant(raw) };
}
