/**
 * Which AWS account and region each resource instance lands in. A plan does not state it per
 * resource (an IAM role's `arn` is unknown until it is created), so it is read from what the plan
 * does know, in this order:
 * 1. the instance's own values: a known `arn` (existing resources), and the `region` argument that
 *    regional resources have since hashicorp/aws 6.0;
 * 2. `data "aws_caller_identity"` / `data "aws_region"` read with the same provider configuration
 *    (Terraform reads them while planning, so their values are facts of this plan);
 * 3. the provider block: `assume_role { role_arn }` (the account of the role assumed),
 *    `allowed_account_ids` with one id, `region` — as constants, or as a root variable whose
 *    value the plan lists under `variables`.
 * What none of these settles stays undefined; the caller reports it as unknown.
 */
import type { Expression, Instance, JsonObject, PlanDocument, ProviderConfig } from './plan-json.js';

export interface Placement {
  readonly account?: string;
  readonly region?: string;
}

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Account id of an ARN (`arn:aws:iam::111111111111:role/x` → `111111111111`). */
export function accountOfArn(arn: unknown): string | undefined {
  if (typeof arn !== 'string' || !arn.startsWith('arn:')) return undefined;
  // The fifth field, found without splitting the whole ARN (this runs for every instance).
  let at = 3;
  for (let field = 1; field < 4; field++) {
    at = arn.indexOf(':', at + 1);
    if (at < 0) return undefined;
  }
  const account = arn.slice(at + 1, at + 13);
  return arn.charCodeAt(at + 13) === 58 && ACCOUNT.test(account) ? account : undefined;
}

function regionOfArn(arn: unknown): string | undefined {
  if (typeof arn !== 'string') return undefined;
  const region = arn.split(':')[3];
  return region && REGION.test(region) ? region : undefined;
}

export class Placements {
  private readonly byProvider = new Map<string, Placement>();

  constructor(private readonly doc: PlanDocument) {
    const fromData = new Map<string, { account?: string; region?: string }>();
    for (const i of doc.instances) {
      if (i.mode !== 'data') continue;
      const key = providerKeyOf(i);
      const entry = fromData.get(key) ?? {};
      if (i.type === 'aws_caller_identity' && typeof i.values.account_id === 'string')
        entry.account = i.values.account_id;
      if (i.type === 'aws_region') {
        const r = i.values.region ?? i.values.name;
        if (typeof r === 'string' && REGION.test(r)) entry.region = r;
      }
      fromData.set(key, entry);
    }
    const keys = new Set([...doc.providers.keys(), ...fromData.keys()]);
    for (const key of keys) {
      const config = doc.providers.get(key);
      const data = fromData.get(key) ?? {};
      const fromBlock = config ? this.fromProviderBlock(config) : {};
      const account = data.account ?? fromBlock.account;
      const region = data.region ?? fromBlock.region;
      this.byProvider.set(key, {
        ...(account ? { account } : {}),
        ...(region ? { region } : {}),
      });
    }
  }

  private readonly memo = new WeakMap<Instance, Placement>();

  /** Account and region of one instance. */
  of(instance: Instance): Placement {
    const hit = this.memo.get(instance);
    if (hit) return hit;
    const placement = this.place(instance);
    this.memo.set(instance, placement);
    return placement;
  }

  private place(instance: Instance): Placement {
    const own = instance.values;
    const provider = this.byProvider.get(providerKeyOf(instance)) ?? {};
    const account = accountOfArn(own.arn) ?? provider.account;
    const ownRegion = typeof own.region === 'string' && REGION.test(own.region) ? own.region : undefined;
    const region = ownRegion ?? regionOfArn(own.arn) ?? provider.region;
    return { ...(account ? { account } : {}), ...(region ? { region } : {}) };
  }

  private fromProviderBlock(config: ProviderConfig): Placement {
    const e = config.expressions;
    let account: string | undefined;
    const assume = Array.isArray(e.assume_role) ? e.assume_role[0] : e.assume_role;
    if (isObject(assume)) account = accountOfArn(this.value(assume.role_arn));
    if (!account) {
      const allowed = this.value(e.allowed_account_ids);
      if (Array.isArray(allowed) && allowed.length === 1 && typeof allowed[0] === 'string')
        account = ACCOUNT.test(allowed[0]) ? allowed[0] : undefined;
    }
    const region = this.value(e.region);
    return {
      ...(account ? { account } : {}),
      ...(typeof region === 'string' && REGION.test(region) ? { region } : {}),
    };
  }

  /** A provider argument's value: its constant, or the value of the one root variable it is. */
  private value(raw: unknown): unknown {
    if (!isObject(raw)) return undefined;
    const expr = raw as Expression;
    if (expr.constant_value !== undefined) return expr.constant_value;
    const refs = expr.references ?? [];
    // `var.x` alone; anything more (an interpolation, a function) is not evaluated here.
    if (refs.length === 1 && /^var\.[A-Za-z_][\w-]*$/.test(refs[0]!))
      return this.doc.variables[refs[0]!.slice(4)];
    return undefined;
  }
}

/** The provider configuration key of an instance; resources without configuration use the default `aws`. */
export function providerKeyOf(instance: Instance): string {
  return instance.providerKey ?? instance.type.split('_')[0] ?? 'aws';
}
