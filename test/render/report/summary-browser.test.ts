/**
 * The summary page of a large fleet in headless Chromium (found by ./chromium.ts): a generated
 * 5,000-spoke fleet, planned and proved for real, with one seeded leak. The page says it
 * summarises, puts the account with the problem first, builds cluster rows from its data island
 * on demand, and its filter answers within a generous budget measured in the page itself (the
 * only timed assertion of the suite, as issue 14 asks). Leaves test-artifacts/report-5000.png.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFleet } from '../../../src/plan/plan.js';
import type { AccessPlan, PolicyStatement } from '../../../src/plan/types.js';
import { prove } from '../../../src/prove/prove.js';
import type { ProveResult } from '../../../src/prove/types.js';
import { renderReport } from '../../../src/render/report/report.js';
import { generateFleet } from '../../../src/testing/generate-fleet.js';
import { launchChromium } from './chromium.js';

const ARTIFACTS = resolve('test-artifacts');
const SPOKES = 5000;
const LEAKY = 'spoke-3210';
/** Generous: the filter answers in tens of milliseconds; this only catches a page that stalls. */
const FILTER_BUDGET_MS = 3000;

/** The deployer role of LEAKY also trusts the whole hub account: hub principals reach LEAKY. */
function seeded(): AccessPlan {
  const plan = planFleet(generateFleet(SPOKES, { organization: true, accounts: SPOKES / 20 }));
  const rootTrust: PolicyStatement = {
    Sid: 'WholeHubAccount',
    Effect: 'Allow',
    Principal: { AWS: `arn:${plan.hub.partition}:iam::${plan.hub.account}:root` },
    Action: 'sts:AssumeRole',
  };
  const deployer = plan.roles.find((r) => r.kind === 'deployer' && r.serves?.includes(LEAKY));
  expect(deployer?.serves).toEqual([LEAKY]);
  return {
    ...plan,
    roles: plan.roles.map((r) =>
      r === deployer
        ? {
            ...r,
            trustPolicy: { ...r.trustPolicy, Statement: [...[r.trustPolicy.Statement].flat(), rootTrust] },
          }
        : r,
    ),
  };
}

/** Problem and warning clusters computed here from the proof, independently of the page. */
function levels(proof: ProveResult): { problems: Set<string>; warnings: Set<string> } {
  const problems = new Set<string>();
  for (const c of proof.matrix.cells) if (c.reachable !== c.intended) problems.add(c.cluster);
  const clusters = new Set(proof.matrix.clusters);
  for (const f of proof.findings)
    if (f.severity === 'error' && clusters.has(f.subject)) problems.add(f.subject);
  const warnings = new Set<string>();
  for (const f of proof.findings)
    if (f.severity === 'warning' && clusters.has(f.subject) && !problems.has(f.subject))
      warnings.add(f.subject);
  return { problems, warnings };
}

let browser: Browser;
let page: Page;
let proof: ProveResult;
let plan: AccessPlan;
const requests: string[] = [];
const problems: string[] = [];
let url = '';

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  plan = seeded();
  proof = prove(plan);
  const html = renderReport({ plan, prove: proof, generatedAt: '2026-12-07T12:00:00Z' });
  const path = resolve(ARTIFACTS, 'report-5000.html');
  writeFileSync(path, html);
  url = pathToFileURL(path).href;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(url, { waitUntil: 'load' });
}, 300_000);

afterAll(async () => {
  await browser?.close();
});

const clusterRows = () => page.locator('#accounts tr.detail tr.row').count();

/** Types into the filter and waits, in the page, until the count says `expected`; returns the ms. */
async function timedFilter(text: string, expected: string): Promise<number> {
  return page.evaluate(
    ([t, want]) =>
      new Promise<number>((done) => {
        const q = document.getElementById('q') as HTMLInputElement;
        const count = document.getElementById('match-count')!;
        const t0 = performance.now();
        q.value = t!;
        q.dispatchEvent(new Event('input', { bubbles: true }));
        const poll = () =>
          count.textContent === want ? done(performance.now() - t0) : requestAnimationFrame(poll);
        poll();
      }),
    [text, expected],
  );
}

describe(`summary report of ${SPOKES} spokes in headless Chromium`, () => {
  it('says that it summarises, with one row per account and no cluster rows yet', async () => {
    const note = await page.locator('#summary-note').textContent();
    expect(note).toContain('This page summarises.');
    expect(note).toContain(`${SPOKES.toLocaleString('en-US')} clusters in 250 accounts`);
    expect(await page.locator('#accounts tr.acct').count()).toBe(250);
    expect(await clusterRows()).toBe(0);
    expect(await page.locator('#match-count').textContent()).toBe(`${SPOKES} of ${SPOKES} clusters`);
    expect(await page.locator('svg').count()).toBe(0);
  });

  it('puts the account with the problem first, with counts from the same proof', async () => {
    const { problems: bad, warnings } = levels(proof);
    expect([...bad]).toEqual([LEAKY]);
    const account = plan.clusters.find((c) => c.name === LEAKY)!.account;
    const first = page.locator('#accounts tr.acct').first();
    expect(await first.locator('button.acct-open').textContent()).toBe(`account ${account}`);
    expect(await first.locator('td').nth(2).textContent()).toBe('1');
    const column = async (n: number) =>
      (await page.locator(`#accounts tr.acct td:nth-child(${n})`).allTextContents()).reduce(
        (sum, t) => sum + Number(t),
        0,
      );
    expect(await column(2)).toBe(SPOKES);
    expect(await column(3)).toBe(bad.size);
    expect(await column(4)).toBe(warnings.size);
    const leaks = proof.matrix.cells.filter((c) => c.reachable && !c.intended).length;
    expect(leaks).toBeGreaterThan(0);
    expect(await column(5)).toBe(leaks);
  });

  it('opens an account into its cluster rows, the problem first', async () => {
    const first = page.locator('#accounts tr.acct').first();
    await first.locator('button.acct-open').click();
    await expect.poll(clusterRows).toBe(20);
    const names = await page.locator('#accounts tr.detail tr.row td.rowh b').allTextContents();
    expect(names[0]).toBe(LEAKY);
    expect(await page.locator('#accounts tr.detail tr.row.problem').count()).toBe(1);
    expect(await page.locator('#accounts tr.detail tr.problem td.bad').count()).toBeGreaterThan(0);
    await first.locator('button.acct-open').click();
    await expect.poll(clusterRows).toBe(0);
  });

  it(`filters ${SPOKES} clusters within ${FILTER_BUDGET_MS} ms, measured in the page`, async () => {
    const ms = await timedFilter(LEAKY, `1 of ${SPOKES} clusters`);
    expect(ms).toBeLessThan(FILTER_BUDGET_MS);
    // Few matches: the account opens by itself to the one row.
    await expect.poll(clusterRows).toBe(1);
    expect(await page.locator('#accounts tr.acct:visible').count()).toBe(1);
    // The findings narrow to the cluster's too.
    expect(await page.locator('#sec-findings .finding:visible').count()).toBeGreaterThan(0);
    const subjects = await page.locator('#sec-findings .finding:visible .subject').allTextContents();
    expect(subjects.every((s) => s.includes(LEAKY) || s.includes('argocd-deployer-spoke-3210'))).toBe(true);
    const back = await timedFilter('', `${SPOKES} of ${SPOKES} clusters`);
    expect(back).toBeLessThan(FILTER_BUDGET_MS);
    await expect.poll(clusterRows).toBe(0);
    await timedFilter('no-such-cluster', `0 of ${SPOKES} clusters`);
    expect(await page.locator('#sec-matrix .nomatch').isVisible()).toBe(true);
    await timedFilter('', `${SPOKES} of ${SPOKES} clusters`);
  });

  it('"only clusters with problems" keeps the problem and warning clusters', async () => {
    const { problems: bad, warnings } = levels(proof);
    await page.check('#only-problems');
    await expect
      .poll(() => page.locator('#match-count').textContent())
      .toBe(`${bad.size + warnings.size} of ${SPOKES} clusters`);
    await page.uncheck('#only-problems');
    await expect
      .poll(() => page.locator('#match-count').textContent())
      .toBe(`${SPOKES} of ${SPOKES} clusters`);
  });

  it('lists the findings of a kind when it is opened', async () => {
    const group = page.locator('details.fgroup').first();
    await group.locator('summary').click();
    await expect.poll(() => group.locator('.finding').count()).toBeGreaterThan(0);
    expect(await group.locator('.finding').count()).toBeLessThanOrEqual(200);
    await group.locator('summary').click();
  });

  it('makes no network request and raises no CSP or script error', () => {
    expect(requests).toEqual([url]);
    expect(problems).toEqual([]);
  });

  it('takes the 1280×800 screenshot (test-artifacts/report-5000.png)', async () => {
    await page.locator('#accounts tr.acct').first().locator('button.acct-open').click();
    await page.evaluate('window.scrollTo(0, 0)');
    const png = await page.screenshot({ path: resolve(ARTIFACTS, 'report-5000.png') });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });
});
