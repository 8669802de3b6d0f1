/**
 * IPv4/IPv6 addresses and CIDR blocks for the IpAddress / NotIpAddress condition operators
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_operators.html#Conditions_IPAddress).
 */

const V4 = /^(25[0-5]|2[0-4]\d|1\d{2}|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d{2}|[1-9]?\d)){3}$/;
const PREFIX = /^\d{1,3}$/;

export interface IpBlock {
  readonly family: 4 | 6;
  readonly value: bigint;
  readonly prefix: number;
  /** Written without `/prefix` (a single address). */
  readonly bare: boolean;
}

export function parseIpv4(s: string): bigint | undefined {
  if (!V4.test(s)) return undefined;
  let v = 0n;
  for (const octet of s.split('.')) v = (v << 8n) | BigInt(Number(octet));
  return v;
}

const HEX = /^[0-9A-Fa-f]{1,4}$/;

function groups(s: string): number[] | undefined {
  if (s === '') return [];
  const out: number[] = [];
  const items = s.split(':');
  for (let i = 0; i < items.length; i++) {
    const g = items[i] as string;
    if (i === items.length - 1 && g.includes('.')) {
      const v4 = parseIpv4(g);
      if (v4 === undefined) return undefined;
      out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
    } else if (HEX.test(g)) out.push(Number.parseInt(g, 16));
    else return undefined;
  }
  return out;
}

export function parseIpv6(s: string): bigint | undefined {
  if (!s.includes(':')) return undefined;
  const dbl = s.indexOf('::');
  let all: number[];
  if (dbl === -1) {
    const g = groups(s);
    if (g?.length !== 8) return undefined;
    all = g;
  } else {
    if (s.indexOf('::', dbl + 1) !== -1) return undefined;
    const head = groups(s.slice(0, dbl));
    const tail = groups(s.slice(dbl + 2));
    if (!head || !tail || head.length + tail.length > 7) return undefined;
    all = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  }
  let v = 0n;
  for (const g of all) v = (v << 16n) | BigInt(g);
  return v;
}

/** Parses `a.b.c.d[/n]` or an IPv6 address `[/n]`; `undefined` when invalid. */
export function parseIpBlock(s: string): IpBlock | undefined {
  const slash = s.indexOf('/');
  const addr = slash === -1 ? s : s.slice(0, slash);
  const prefixText = slash === -1 ? undefined : s.slice(slash + 1);
  if (prefixText !== undefined && !PREFIX.test(prefixText)) return undefined;
  const v4 = parseIpv4(addr);
  if (v4 !== undefined) {
    const prefix = prefixText === undefined ? 32 : Number(prefixText);
    if (prefix > 32) return undefined;
    return { family: 4, value: v4, prefix, bare: prefixText === undefined };
  }
  const v6 = parseIpv6(addr);
  if (v6 !== undefined) {
    const prefix = prefixText === undefined ? 128 : Number(prefixText);
    if (prefix > 128) return undefined;
    return { family: 6, value: v6, prefix, bare: prefixText === undefined };
  }
  return undefined;
}

/** Parses a request address (no prefix). */
export function parseIpAddress(s: string): { family: 4 | 6; value: bigint } | undefined {
  const v4 = parseIpv4(s);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = parseIpv6(s);
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

export function blockContains(block: IpBlock, address: bigint): boolean {
  const width = block.family === 4 ? 32n : 128n;
  const shift = width - BigInt(block.prefix);
  return address >> shift === block.value >> shift;
}
