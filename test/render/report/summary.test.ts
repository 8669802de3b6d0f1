/**
 * The summary page of large fleets (src/render/report/summary.ts): where it starts, that it says
 * it summarises, that its data island is safe inside <script> and holds the same counts and order
 * as the rows, and that small fleets keep the full page.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderReport, SUMMARY_CSP } from '../../../src/render/report/report.js';
import { SUMMARY_ABOVE, scriptSafeJson } from '../../../src/render/report/summary.js';
import { buildPlan, buildProve, finding, type SpokeSpec } from '../diagram/fixture-plan.js';

const EVIL = '</script><script>alert(1)</script>\u2028\u2029<!--';

function spokes(n: number): SpokeSpec[] {
  return Array.from({ length: n }, (_, i) => ({
    name: i === 7 ? EVIL : `c-${String(i).padStart(4, '0')}`,
    account: String(200000000000 + Math.floor(i / 50)),
  }));
}

function page(n: number) {
  const plan = buildPlan(spokes(n));
  const name = (i: number) => plan.clusters[i]!.name;
  const prove = buildProve(plan, {
    // A leak on c-0120 (account 2), a blocked intended path on c-0130 (account 2), a warning on c-0055 (account 1).
    unintended: [['hub-root', name(120)]],
    blocked: [[`sa:${plan.serviceAccounts[0]!.namespace}/${plan.serviceAccounts[0]!.name}`, name(130)]],
    findings: [
      finding({ id: 'FM-5.6', severity: 'warning', subject: name(55), message: `about ${name(55)}` }),
    ],
  });
  return { plan, prove, html: renderReport({ plan, prove, generatedAt: '2026-12-07T12:00:00Z' }) };
}

type IslandCluster = [string, string, string, number, string, number, number, string, number[]];
interface Island {
  s: string[];
  a: [string, number, number][];
  c: IslandCluster[];
  g: [string, string, string, number][];
  f: [number, string, string, number, number[]][];
}

function island(html: string): { raw: string; data: Island } {
  const raw = /<script type="application\/json" id="fleet-data">([\s\S]*?)<\/script>/.exec(html)?.[1];
  expect(raw).toBeDefined();
  return { raw: raw!, data: JSON.parse(raw!) as Island };
}

describe('report summary page', () => {
  it(`keeps the full page up to ${SUMMARY_ABOVE} clusters and summarises above`, () => {
    const full = page(SUMMARY_ABOVE).html;
    expect(full).toContain('id="matrix"');
    expect(full).toContain('<svg');
    expect(full).not.toContain('fleet-data');
    const summary = page(SUMMARY_ABOVE + 1).html;
    expect(summary).not.toContain('id="matrix"');
    expect(summary).not.toContain('<svg');
    expect(summary).toContain('<b>This page summarises.</b>');
    expect(summary).toContain('1,001 clusters in 21 accounts');
    expect(summary).toContain('The access-chain diagram is left out at this size');
  });

  it('allows only its own script, by hash', () => {
    const { html } = page(SUMMARY_ABOVE + 1);
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    const hash = createHash('sha256').update(scripts[0]!, 'utf8').digest('base64');
    expect(SUMMARY_CSP).toBe(
      `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'; img-src data:`,
    );
    expect(html).toContain(`content="${SUMMARY_CSP.replaceAll("'", '&#39;')}"`);
    expect(html).not.toMatch(/\ssrc=/i);
  });

  it('embeds plan text so that it cannot end the data island or break JavaScript', () => {
    const { html } = page(SUMMARY_ABOVE + 1);
    const { raw, data } = island(html);
    expect(raw).not.toMatch(/[<>&\u2028\u2029]/);
    expect(data.c.map((c) => c[0])).toContain(EVIL);
    // Nothing else of the hostile name reaches the markup unescaped.
    expect(html.split('</script>')).toHaveLength(3);
    expect(scriptSafeJson({ t: '</script>\u2028&' })).toBe('{"t":"\\u003c/script\\u003e\\u2028\\u0026"}');
    expect(JSON.parse(scriptSafeJson({ t: EVIL }))).toEqual({ t: EVIL });
  });

  it('orders accounts and clusters problems first, counting from the same flags', () => {
    const { html, prove } = page(SUMMARY_ABOVE + 1);
    const { data } = island(html);
    // Account 2 holds the leak and the blocked path, account 1 the warning; then the rest by id.
    expect(data.a.slice(0, 3).map((a) => a[0])).toEqual(['200000000002', '200000000001', '200000000000']);
    const first = data.c.slice(data.a[0]![1], data.a[0]![1] + data.a[0]![2]);
    expect(first.slice(0, 2).map((c) => [c[0], c[3]])).toEqual([
      ['c-0120', 2],
      ['c-0130', 2],
    ]);
    expect(first[0]![7]).toContain('x');
    expect(first[1]![7]).toContain('b');
    expect(data.c[data.a[1]![1]]!.slice(0, 5)).toEqual([
      'c-0055',
      expect.any(String),
      expect.any(String),
      1,
      '1 warning',
    ]);
    // The account rows show the same numbers as the data: clusters, problems, warnings.
    const rows = [...html.matchAll(/<tr class="acct[^"]*" data-a="(\d+)">(.*?)<\/tr>/g)];
    expect(rows).toHaveLength(data.a.length);
    const nums = (row: string) => [...row.matchAll(/<td class="num[^"]*">(\d*)<\/td>/g)].map((m) => m[1]);
    for (const [, k, row] of rows) {
      const a = data.a[Number(k)]!;
      const list = data.c.slice(a[1], a[1] + a[2]);
      expect(nums(row!).slice(0, 3)).toEqual([
        String(a[2]),
        String(list.filter((c) => c[3] === 2).length),
        String(list.filter((c) => c[3] === 1).length),
      ]);
    }
    expect(data.c).toHaveLength(prove.matrix.clusters.length);
    expect(data.f).toHaveLength(1);
    expect(data.g).toEqual([['access', 'FM-5.6', 'warning', 1]]);
  });
});
