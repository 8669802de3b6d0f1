/**
 * The argument schema of Terraform resources, data sources and provider blocks, derived from the
 * provider bindings that CDK for Terraform generated from the providers' own schemas
 * (`terraform providers schema -json`) and published on npm:
 *   @cdktf/provider-aws 21.22.1        → hashicorp/aws 6.25.0
 *   @cdktf/provider-kubernetes 12.1.1  → hashicorp/kubernetes 2.38.0
 * Neither package ships the schema JSON itself, so this reads each type's generated
 * `lib/<type>/index.d.ts`: the `<Type>Config` interface has one property per argument the user may
 * set (computed-only attributes are absent), optional when the schema says optional, each with a
 * doc link ending in `#<argument_name>` (the real snake_case name); nested blocks are typed as
 * their own interfaces, documented as "<name> block". The type each directory binds is confirmed
 * by its `tfResourceType` in `index.js`, so a wrong mapping fails instead of checking nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface ArgumentSchema {
  readonly name: string;
  readonly required: boolean;
  /** Nested block (written `name { … }`), with its own arguments; attributes have none. */
  readonly block?: BlockSchema;
}

export interface BlockSchema {
  readonly arguments: ReadonlyMap<string, ArgumentSchema>;
}

export interface ProviderPackage {
  readonly package: string;
  /** Terraform provider version the bindings were generated from. */
  readonly providerVersion: string;
  readonly lib: string;
}

const require = createRequire(import.meta.url);

export function providerPackage(name: '@cdktf/provider-aws' | '@cdktf/provider-kubernetes'): ProviderPackage {
  const lib = join(dirname(require.resolve(`${name}/package.json`)), 'lib');
  const js = readFileSync(join(lib, 'provider', 'index.js'), 'utf8');
  const version = /providerVersion: '([^']+)'/.exec(js)?.[1];
  if (!version) throw new Error(`${name}: no providerVersion in lib/provider/index.js`);
  return { package: name, providerVersion: version, lib };
}

const cache = new Map<string, BlockSchema>();

/** Schema of a resource (`mode: resource`), data source (`data`) or the provider block (`provider`). */
export function typeSchema(
  pkg: ProviderPackage,
  mode: 'resource' | 'data' | 'provider',
  type: string,
): BlockSchema {
  const key = `${pkg.package} ${mode} ${type}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const prefix = pkg.package === '@cdktf/provider-aws' ? 'aws_' : 'kubernetes_';
  if (mode !== 'provider' && !type.startsWith(prefix))
    throw new Error(`${type} is not a ${pkg.package} type`);
  const bare = type.slice(prefix.length).replace(/_/g, '-');
  const dir = join(
    pkg.lib,
    mode === 'provider' ? 'provider' : mode === 'data' ? `data-${prefix.replace(/_$/, '')}-${bare}` : bare,
  );
  if (!existsSync(join(dir, 'index.d.ts')))
    throw new Error(`${pkg.package} has no binding for ${mode} ${type} (${dir})`);
  const js = readFileSync(join(dir, 'index.js'), 'utf8');
  const bound = /\.tfResourceType = "([^"]+)"/.exec(js)?.[1];
  const expected = mode === 'provider' ? type : type;
  if (bound !== expected) throw new Error(`${dir} binds ${bound}, not ${expected}`);
  const dts = readFileSync(join(dir, 'index.d.ts'), 'utf8');
  const configName =
    /export interface (\w+Config) extends cdktf\.TerraformMetaArguments/.exec(dts)?.[1] ??
    /export interface (\w+ProviderConfig) \{/.exec(dts)?.[1];
  if (!configName) throw new Error(`${dir}: no Config interface`);
  const schema = interfaceSchema(dts, configName, new Set());
  cache.set(key, schema);
  return schema;
}

function interfaceBody(dts: string, name: string): string {
  const start = new RegExp(`export interface ${name}(?: extends [\\w.]+)? \\{`).exec(dts);
  if (!start) throw new Error(`no interface ${name}`);
  let depth = 0;
  for (let i = start.index + start[0].length - 1; i < dts.length; i++) {
    if (dts[i] === '{') depth++;
    else if (dts[i] === '}' && --depth === 0) return dts.slice(start.index + start[0].length, i);
  }
  throw new Error(`unterminated interface ${name}`);
}

const PROPERTY = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*readonly (\w+)(\?)?: ([^;]+);/g;

function interfaceSchema(dts: string, name: string, seen: Set<string>): BlockSchema {
  if (seen.has(name)) throw new Error(`recursive block type ${name}`);
  const body = interfaceBody(dts, name);
  const args = new Map<string, ArgumentSchema>();
  for (const m of body.matchAll(PROPERTY)) {
    const [, doc = '', , optional, tsType = ''] = m;
    const argName = /#(\w+) \w+#\w+\}/.exec(doc)?.[1];
    if (!argName) throw new Error(`${name}.${m[2]}: no argument name in its doc link`);
    const isBlock = new RegExp(`\\* ${argName} block`).test(doc);
    const structName = /^(\w+?)(?:\[\])?(?: \| cdktf\.IResolvable)?$/.exec(tsType.trim())?.[1];
    args.set(argName, {
      name: argName,
      required: optional === undefined,
      ...(isBlock && structName ? { block: interfaceSchema(dts, structName, new Set([...seen, name])) } : {}),
    });
  }
  return { arguments: args };
}
