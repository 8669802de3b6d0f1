/**
 * `resource` and `data` blocks, alone or with `for_each`.
 *
 * A `for_each` block carries its instances as a literal map (key → object of argument values)
 * and reads each argument as `each.value.<argument>`: the map is the whole truth of what is
 * created, visible in the pull request, and every value is known at plan time, so the JSON of
 * `terraform show -json` carries it and `fleetlink prove --terraform-plan` can prove it before
 * apply. For the same reason resources name each other by literal ARN or name, with the order
 * Terraform must create them in made explicit by `depends_on`, rather than by referencing computed
 * attributes (`aws_iam_role.x.arn` is unknown until the role exists).
 */
import { UserError } from '../../errors.js';
import { attrs, type Block, type BodyItem, block, expr, type HclValue } from './hcl.js';

export type Args = { readonly [argument: string]: HclValue | undefined };

export interface ResourceSpec {
  /** `resource` (default) or `data`. */
  readonly mode?: 'resource' | 'data';
  readonly type: string;
  readonly name: string;
  /** Provider reference, e.g. `aws.account_111111111111`; omitted for the default provider. */
  readonly provider?: string;
  /** One instance (no `for_each`), or `for_each` instances by key (sorted on output). */
  readonly args: Args | ReadonlyMap<string, Args>;
  /**
   * Nested blocks, by block type: each block's arguments are read from `each.value.<block type>`
   * for `for_each` resources, and written literally otherwise.
   */
  readonly nested?: readonly string[];
  /** Arguments with the same value for every instance, written literally after `for_each`. */
  readonly common?: Args;
  readonly dependsOn?: readonly string[];
  /** Extra body items written after the arguments (e.g. a `lifecycle` block). */
  readonly extra?: readonly BodyItem[];
}

const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function resource(spec: ResourceSpec): Block {
  const head: BodyItem[] = [];
  if (spec.provider !== undefined) head.push(...attrs({ provider: expr(spec.provider) }));
  const nested = new Set(spec.nested ?? []);
  const body: BodyItem[] = [];
  if (spec.args instanceof Map) {
    const instances = [...(spec.args as ReadonlyMap<string, Args>)].sort(([a], [b]) => byKey(a, b));
    const names = argumentNames(instances.map(([, a]) => a));
    const forEach: Record<string, HclValue> = {};
    for (const [key, a] of instances) {
      const value: Record<string, HclValue> = {};
      for (const n of names) value[n] = a[n] ?? null;
      forEach[key] = value;
    }
    head.push(...attrs({ for_each: forEach }));
    for (const n of names) {
      if (nested.has(n)) {
        const first = instances.map(([, a]) => a[n]).find((v) => v !== undefined && v !== null);
        const inner = Object.keys((first ?? {}) as Record<string, unknown>);
        body.push(
          block(n, [], attrs(Object.fromEntries(inner.map((k) => [k, expr(`each.value.${n}.${k}`)])))),
        );
      } else body.push(...attrs({ [n]: expr(`each.value.${n}`) }));
    }
  } else {
    const a = spec.args as Args;
    for (const [n, v] of Object.entries(a)) {
      // Unset (null) arguments of a single resource are left out rather than written as `null`.
      if (v === undefined || v === null) continue;
      if (nested.has(n)) body.push(block(n, [], attrs(v as Args)));
      else body.push(...attrs({ [n]: v }));
    }
  }
  if (spec.common) body.push(...attrs(spec.common));
  const tail: BodyItem[] = [];
  if (spec.dependsOn && spec.dependsOn.length > 0)
    tail.push(...attrs({ depends_on: [...new Set(spec.dependsOn)].sort(byKey).map((d) => expr(d)) }));
  return block(
    spec.mode ?? 'resource',
    [spec.type, spec.name],
    [...head, ...body, ...(spec.extra ?? []), ...tail],
  );
}

/** Argument names used by any instance, in first-seen order; an argument no instance sets is left out. */
function argumentNames(instances: readonly Args[]): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const a of instances)
    for (const [n, v] of Object.entries(a))
      if (v !== undefined && !seen.has(n)) {
        seen.add(n);
        names.push(n);
      }
  return names;
}

/**
 * `for_each` instances by key; a key given twice is a plan Terraform cannot express (one address,
 * two resources), so it fails with what collided instead of silently keeping the last.
 */
export function instances(entries: readonly (readonly [string, Args])[], what: string): Map<string, Args> {
  const out = new Map<string, Args>();
  for (const [key, args] of entries) {
    if (out.has(key))
      throw new UserError(`The plan has two ${what} with the key "${key}"; Terraform needs one per key.`);
    out.set(key, args);
  }
  return out;
}
