/**
 * Resolve the CloudFormation intrinsic functions a synthesized Fleetlink template can contain,
 * to the literal values CloudFormation will compute at deploy time. Pure.
 *
 * Supported (CloudFormation User Guide, "Intrinsic function reference" and "Pseudo parameters"):
 * `Ref` (pseudo parameters, parameters with a `Default`, and resources whose physical id the
 * caller supplies), `Fn::GetAtt`, `Fn::Join`, `Fn::Sub` (both forms) and `Fn::Select`.
 * `AWS::NoValue` removes the property or list item. Anything else is refused with its JSON path
 * rather than guessed: a value we cannot resolve is a value we cannot prove anything about.
 */
import type { Partition } from '../../fleet/types.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface ResolveContext {
  readonly account: string;
  readonly region: string;
  readonly partition: Partition;
  readonly stackName: string;
  /** Template parameters by name: their `Default` is used for `Ref`. */
  readonly parameters: Readonly<Record<string, Json>>;
  /** `Ref` values of resources by logical id (role name, policy ARN …). */
  readonly refs: ReadonlyMap<string, string>;
  /** `Fn::GetAtt` values by `<logicalId>.<attribute>`. */
  readonly attributes: ReadonlyMap<string, string>;
}

export class UnresolvableError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'UnresolvableError';
  }
}

const NO_VALUE = Symbol('AWS::NoValue');
type Resolved = Json | typeof NO_VALUE;

/** `AWS::URLSuffix` of a partition. */
export function urlSuffix(partition: Partition): string {
  return partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
}

/** Resolve every intrinsic inside `value`; `path` names the value in error messages. */
export function resolveIntrinsics(value: Json, ctx: ResolveContext, path = '$'): Json {
  const out = resolve(value, ctx, path);
  if (out === NO_VALUE) throw new UnresolvableError(path, 'AWS::NoValue where a value is required');
  return out;
}

function resolve(value: Json, ctx: ResolveContext, path: string): Resolved {
  if (Array.isArray(value)) {
    const items: Json[] = [];
    value.forEach((item, i) => {
      const r = resolve(item, ctx, `${path}[${i}]`);
      if (r !== NO_VALUE) items.push(r);
    });
    return items;
  }
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const fn = keys[0] as string;
    const arg = value[fn] as Json;
    if (fn === 'Ref') return ref(arg, ctx, path);
    if (fn.startsWith('Fn::')) return intrinsic(fn, arg, ctx, `${path}.${fn}`);
  }
  const obj: { [key: string]: Json } = {};
  for (const key of keys) {
    const r = resolve(value[key] as Json, ctx, `${path}.${key}`);
    if (r !== NO_VALUE) obj[key] = r;
  }
  return obj;
}

function pseudo(name: string, ctx: ResolveContext): string | typeof NO_VALUE | undefined {
  switch (name) {
    case 'AWS::Partition':
      return ctx.partition;
    case 'AWS::AccountId':
      return ctx.account;
    case 'AWS::Region':
      return ctx.region;
    case 'AWS::URLSuffix':
      return urlSuffix(ctx.partition);
    case 'AWS::StackName':
      return ctx.stackName;
    case 'AWS::NoValue':
      return NO_VALUE;
    default:
      return undefined;
  }
}

function ref(arg: Json, ctx: ResolveContext, path: string): Resolved {
  if (typeof arg !== 'string') throw new UnresolvableError(path, 'Ref takes a name');
  const p = pseudo(arg, ctx);
  if (p !== undefined) return p;
  const resource = ctx.refs.get(arg);
  if (resource !== undefined) return resource;
  const param = ctx.parameters[arg];
  if (param !== undefined) {
    const dflt =
      typeof param === 'object' && param !== null && !Array.isArray(param) ? param.Default : undefined;
    if (dflt !== undefined) return dflt;
    throw new UnresolvableError(
      path,
      `parameter ${arg} has no Default; its value is only known at deploy time`,
    );
  }
  throw new UnresolvableError(
    path,
    `Ref to ${arg}, which is neither a pseudo parameter, a parameter nor a known resource`,
  );
}

function str(value: Resolved, path: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new UnresolvableError(path, 'expected a string');
}

function intrinsic(fn: string, arg: Json, ctx: ResolveContext, path: string): Resolved {
  switch (fn) {
    case 'Fn::GetAtt': {
      const [id, attr] = Array.isArray(arg)
        ? [str(resolve(arg[0] as Json, ctx, path), path), str(resolve(arg[1] as Json, ctx, path), path)]
        : str(arg, path).split(/\.(.*)/s);
      const v = ctx.attributes.get(`${id}.${attr}`);
      if (v === undefined) throw new UnresolvableError(path, `unknown attribute ${id}.${attr}`);
      return v;
    }
    case 'Fn::Join': {
      if (!Array.isArray(arg) || arg.length !== 2 || !Array.isArray(arg[1]))
        throw new UnresolvableError(path, 'Fn::Join takes [delimiter, [values]]');
      const delimiter = str(arg[0] as Json, path);
      const list = resolve(arg[1] as Json, ctx, `${path}[1]`) as Json[];
      return list.map((v, i) => str(v, `${path}[1][${i}]`)).join(delimiter);
    }
    case 'Fn::Select': {
      if (!Array.isArray(arg) || arg.length !== 2)
        throw new UnresolvableError(path, 'Fn::Select takes [index, list]');
      const index = Number(str(resolve(arg[0] as Json, ctx, path), path));
      const list = resolve(arg[1] as Json, ctx, `${path}[1]`);
      if (!Array.isArray(list) || list[index] === undefined)
        throw new UnresolvableError(path, `index ${index} is outside the list`);
      return list[index] as Json;
    }
    case 'Fn::Sub': {
      const [template, vars] = Array.isArray(arg)
        ? [str(arg[0] as Json, path), (arg[1] ?? {}) as { [key: string]: Json }]
        : [str(arg, path), {} as { [key: string]: Json }];
      return template.replace(/\$\{(!?)([^}]*)\}/g, (whole, bang: string, name: string) => {
        if (bang === '!') return `\${${name}}`; // `${!Literal}` writes `${Literal}`
        if (name in vars) return str(resolve(vars[name] as Json, ctx, `${path}.${name}`), path);
        const dot = name.indexOf('.');
        if (dot > 0 && !name.startsWith('AWS::')) {
          const v = ctx.attributes.get(name);
          if (v === undefined) throw new UnresolvableError(path, `unknown attribute ${name} in ${whole}`);
          return v;
        }
        return str(ref(name, ctx, path), path);
      });
    }
    default:
      throw new UnresolvableError(path, `${fn} is not supported here`);
  }
}
