/**
 * The report in a real browser (headless Chromium, found by ./chromium.ts): the diagram, matrix and findings
 * are visible, the filter narrows them, nothing is fetched from the network, hostile plan text
 * stays text, and it prints with everything expanded. Leaves test-artifacts/report.png.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFleet } from '../../../src/fleet/load.js';
import { planFleet } from '../../../src/plan/plan.js';
import type { AccessPlan, PolicyStatement } from '../../../src/plan/types.js';
import { prove } from '../../../src/prove/prove.js';
import { renderReport } from '../../../src/render/report/report.js';
import { buildPlan, buildProve, finding } from '../diagram/fixture-plan.js';
import { launchChromium } from './chromium.js';

const ARTIFACTS = resolve('test-artifacts');
const EXAMPLE = 'examples/organization/fleet.yaml';

let browser: Browser;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/**
 * The organization example as planned, with two deliberate defects seeded into the plan so the
 * page has findings, a red cell and finding badges however the example itself evolves (the
 * example proves clean):
 * - FM-5.6: shop-prod keeps its namespace-scoped AmazonEKSEditPolicy (namespace shop) but its
 *   Argo CD registration loses `namespaces`, so Argo CD would watch the whole cluster → an
 *   error finding whose subject is shop-prod (a badge on its row).
 * - PROVE-LEAK: the deployer role serving data-prod also trusts the hub account root, the
 *   classic over-broad cross-account trust → hub principals other than the management role
 *   reach data-prod (a red cell on that row only, so "only problems" really narrows).
 */
function seededPlan(): AccessPlan {
  const plan = planFleet(parseFleet(readFileSync(EXAMPLE, 'utf8'), EXAMPLE).fleet);
  const shopProd = plan.clusters.find((c) => c.name === 'shop-prod');
  const deployer = plan.roles.find((r) => r.kind === 'deployer' && r.serves?.includes('data-prod'));
  // The defects only mean something if their targets are as described.
  expect(shopProd?.namespaces).toEqual(['shop']);
  expect(deployer?.serves).toEqual(['data-prod']);
  const rootTrust: PolicyStatement = {
    Sid: 'WholeHubAccount',
    Effect: 'Allow',
    Principal: { AWS: `arn:${plan.hub.partition}:iam::${plan.hub.account}:root` },
    Action: 'sts:AssumeRole',
  };
  return {
    ...plan,
    clusters: plan.clusters.map((c) => (c === shopProd ? { ...c, namespaces: [] } : c)),
    roles: plan.roles.map((r) =>
      r === deployer
        ? {
            ...r,
            trustPolicy: {
              ...r.trustPolicy,
              Statement: [...[r.trustPolicy.Statement].flat(), rootTrust],
            },
          }
        : r,
    ),
  };
}

function exampleReport(): string {
  const plan = seededPlan();
  const proof = prove(plan);
  // prove reports the seeded defects (a failure here means the seeding, not the page, broke).
  expect(proof.findings.map((f) => `${f.id} ${f.severity} ${f.subject}`)).toEqual(
    expect.arrayContaining([
      'FM-5.6 error shop-prod',
      `PROVE-LEAK error ${plan.roles.find((r) => r.serves?.includes('data-prod'))!.arn}`,
    ]),
  );
  expect(proof.matrix.cells.filter((c) => c.reachable && !c.intended).map((c) => c.cluster)).toContain(
    'data-prod',
  );
  const names = plan.clusters.map((c) => c.name);
  return renderReport({
    plan,
    prove: proof,
    generatedAt: '2026-11-29T12:00:00Z',
    doctor: {
      clusters: names.map((name, i) => ({
        name,
        links: [
          { link: 'identity', ok: true },
          { link: 'manager', ok: true },
          { link: 'deployer', ok: true },
          { link: 'token', ok: true },
          i === 1
            ? { link: 'access', ok: false, reason: 'no access entry for the deployer role' }
            : { link: 'access', ok: true },
          i === 2
            ? { link: 'network', ok: null, reason: 'private endpoint, not reachable from here' }
            : { link: 'network', ok: true },
        ],
      })),
      findings: [
        finding({
          id: 'FM-5.1',
          severity: 'error',
          link: 'access',
          subject: names[1]!,
          message: `The deployer role has no access entry on ${names[1]}; Argo CD gets "the server has asked for the client to provide credentials".`,
          evidence: [{ source: 'eks:ListAccessEntries', value: [] }],
          fix: `aws eks create-access-entry --cluster-name ${names[1]} --principal-arn <deployer role ARN> --type STANDARD`,
        }),
      ],
    },
  });
}

interface Loaded {
  readonly page: Page;
  readonly requests: string[];
  readonly problems: string[];
  readonly url: string;
}

async function load(html: string, file: string): Promise<Loaded> {
  const path = resolve(ARTIFACTS, file);
  writeFileSync(path, html);
  const url = pathToFileURL(path).href;
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, requests, problems, url };
}

const visibleRows = (page: Page) => page.locator('#matrix tbody tr.row:visible').count();

describe('report in headless Chromium', () => {
  let loaded: Loaded;

  beforeAll(async () => {
    loaded = await load(exampleReport(), 'report.html');
  });

  afterAll(async () => {
    await loaded?.page.close();
  });

  it('shows the diagram, the matrix and the findings', async () => {
    const { page } = loaded;
    await expect.poll(() => page.locator('#sec-diagram svg').isVisible()).toBe(true);
    expect(await page.locator('#sec-diagram svg .fl-node[data-kind="cluster"]').count()).toBe(4);
    expect(await page.locator('#matrix').isVisible()).toBe(true);
    expect(await visibleRows(page)).toBe(4);
    expect(await page.locator('.finding').first().isVisible()).toBe(true);
    expect(await page.locator('#doctor td.bad').count()).toBe(1);
    // The seeded leak is a visible red cell on its row; the seeded FM-5.6 is a badge on its row.
    const dataProd = page.locator('#matrix tr.row', {
      has: page.locator('td.rowh b', { hasText: /^data-prod$/ }),
    });
    expect(await dataProd.locator('td.bad:visible').count()).toBeGreaterThan(0);
    expect(await page.locator('#matrix button.fbadge.error[data-filter="shop-prod"]').isVisible()).toBe(true);
    const box = await page.locator('#sec-diagram svg').boundingBox();
    expect(box!.width).toBeGreaterThan(900);
  });

  it('narrows the matrix, findings and doctor rows as the filter is typed', async () => {
    const { page } = loaded;
    const findingsBefore = await page.locator('.finding:visible').count();
    await page.fill('#q', 'shop');
    await expect.poll(() => visibleRows(page)).toBe(3);
    expect(await page.locator('#match-count').textContent()).toBe('3 of 4 clusters');
    await page.fill('#q', 'data-prod');
    await expect.poll(() => visibleRows(page)).toBe(1);
    expect(await page.locator('#doctor tbody tr.row:visible').count()).toBe(1);
    // An account number narrows to that account's clusters, and its group header stays.
    await page.fill('#q', '333333333333');
    await expect.poll(() => visibleRows(page)).toBe(1);
    expect(await page.locator('#matrix tr.grp:visible').count()).toBe(1);
    // Argo CD cluster labels are searchable.
    await page.fill('#q', 'env=prod');
    await expect.poll(() => visibleRows(page)).toBe(2);
    // Nothing matches: say so instead of showing an empty table.
    await page.fill('#q', 'no-such-cluster');
    await expect.poll(() => visibleRows(page)).toBe(0);
    expect(await page.locator('#sec-matrix .nomatch').isVisible()).toBe(true);
    expect(await page.locator('#sec-findings .nomatch').isVisible()).toBe(true);
    // Witness text matches no cluster: the rows stay, the witness columns narrow.
    await page.fill('#q', 'anonymous');
    await expect.poll(() => page.locator('#matrix thead th[data-q]:visible').count()).toBe(1);
    expect(await visibleRows(page)).toBe(4);
    // A finding's subject narrows the findings.
    await page.fill('#q', 'shop-dev');
    await expect.poll(() => page.locator('.finding:visible').count()).toBeLessThan(findingsBefore);
    await page.fill('#q', '');
    await expect.poll(() => visibleRows(page)).toBe(4);
    expect(await page.locator('.finding:visible').count()).toBe(findingsBefore);
    expect(await page.locator('.nomatch:visible').count()).toBe(0);
  });

  it('"only clusters with problems" keeps the rows with a red cell or a finding', async () => {
    const { page } = loaded;
    const problems = await page.locator('#matrix tr.row.problem, #matrix tr.row.warn').count();
    expect(problems).toBeGreaterThan(0);
    expect(problems).toBeLessThan(4); // the filter must really narrow
    await page.check('#only-problems');
    await expect.poll(() => visibleRows(page)).toBe(problems);
    expect(await page.locator('#doctor tbody tr.row:visible').count()).toBe(1);
    await page.uncheck('#only-problems');
    await expect.poll(() => visibleRows(page)).toBe(4);
  });

  it('a finding badge on a cluster row filters the page to that cluster', async () => {
    const { page } = loaded;
    const badge = page.locator('#matrix button.fbadge').first();
    const cluster = await badge.getAttribute('data-filter');
    await badge.click();
    expect(await page.inputValue('#q')).toBe(cluster);
    await expect.poll(() => visibleRows(page)).toBe(1);
    expect(await page.locator('#sec-findings .finding:visible').count()).toBeGreaterThan(0);
    await page.fill('#q', '');
    await expect.poll(() => visibleRows(page)).toBe(4);
  });

  it('unfolds the other principals into their own columns on request', async () => {
    const { page } = loaded;
    const folded = await page.locator('#matrix thead th[data-q]:visible').count();
    await page.check('#show-all-witnesses');
    await expect.poll(() => page.locator('#matrix thead th[data-q]:visible').count()).toBeGreaterThan(folded);
    await page.uncheck('#show-all-witnesses');
  });

  it('makes no network request and raises no CSP or script error', () => {
    expect(loaded.requests).toEqual([loaded.url]);
    expect(loaded.problems).toEqual([]);
  });

  it('prints with the toolbar hidden and collapsed sections expanded', async () => {
    const { page } = loaded;
    await page.evaluate("document.getElementById('sec-findings').open = false");
    expect(await page.locator('#sec-findings .finding').first().isVisible()).toBe(false);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.toolbar').isVisible()).toBe(false);
    expect(await page.locator('#sec-findings .finding').first().isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    await page.evaluate("document.getElementById('sec-findings').open = true");
  });

  it('takes the 1280×800 screenshot (test-artifacts/report.png)', async () => {
    const { page } = loaded;
    await page.evaluate('window.scrollTo(0, 0)');
    const png = await page.screenshot({ path: resolve(ARTIFACTS, 'report.png') });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });
});

describe('hostile plan text in the browser', () => {
  it('stays text: no script runs, no element is injected', async () => {
    const evil = `<img src=x onerror=alert(1)><script>alert(2)</script>"'><svg onload=alert(3)>`;
    const plan = buildPlan([{ name: evil, account: '222222222222', groups: [evil] }]);
    const html = renderReport({
      plan,
      prove: buildProve(plan, { findings: [finding({ id: evil, subject: evil, message: evil, fix: evil })] }),
      title: evil,
    });
    const { page, requests, problems, url } = await load(html, 'report-xss.html');
    try {
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.locator('script').count()).toBe(1);
      expect(await page.locator('svg[onload]').count()).toBe(0);
      expect(await page.locator('h1').textContent()).toBe(evil);
      expect(await page.locator('#matrix td.rowh b').first().textContent()).toBe(evil);
      expect(problems).toEqual([]);
      expect(requests).toEqual([url]);
    } finally {
      await page.close();
    }
  });
});
