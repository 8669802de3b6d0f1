/**
 * The real Mermaid parser and renderer (the mermaid package's browser bundle, in headless
 * Chromium) must accept every diagram we emit — the examples, hostile labels, folded fleets.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFleet } from '../../../src/plan/plan.js';
import { renderMermaid } from '../../../src/render/diagram/mermaid.js';
import { generateFleet } from '../../../src/testing/generate-fleet.js';
import { launchChromium } from '../report/chromium.js';
import { examplePlans } from './example-plans.js';
import { buildPlan, manySpokes, samplePlan } from './fixture-plan.js';

const require = createRequire(import.meta.url);
const MERMAID_JS = readFileSync(require.resolve('mermaid/dist/mermaid.min.js'), 'utf8');

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage();
  await page.setContent('<!DOCTYPE html><html><body></body></html>');
  await page.addScriptTag({ content: MERMAID_JS });
  await page.evaluate(() => {
    (globalThis as unknown as { mermaid: { initialize(o: object): void } }).mermaid.initialize({
      startOnLoad: false,
      securityLevel: 'strict',
    });
  });
});

afterAll(async () => {
  await browser?.close();
});

/** Parse and render in the page; returns the SVG text or throws Mermaid's error. */
async function render(text: string, id: string): Promise<string> {
  return page.evaluate(
    async ([src, domId]) => {
      const m = (
        globalThis as unknown as {
          mermaid: {
            parse(t: string): Promise<unknown>;
            render(id: string, t: string): Promise<{ svg: string }>;
          };
        }
      ).mermaid;
      await m.parse(src);
      return (await m.render(domId, src)).svg;
    },
    [text, id] as const,
  );
}

const cases: [string, string][] = [
  ...examplePlans().map(([file, plan]): [string, string] => [file, renderMermaid(plan)]),
  ['pod-identity fixture', renderMermaid(samplePlan('pod-identity'))],
  ['folded 120 spokes', renderMermaid(buildPlan(manySpokes(120)))],
  [
    'folded eks-capability, 60 spokes',
    renderMermaid(planFleet(generateFleet(60, { identity: 'eks-capability', accounts: 4 }))),
  ],
  [
    'hostile labels',
    renderMermaid(
      buildPlan([
        {
          name: 'a"]-->b[x] %% end',
          account: '222222222222',
          groups: ['<img src=x onerror=alert(1)>', 'g;h|i`j`'],
        },
        { name: 'end', account: '333333333333' },
      ]),
    ),
  ],
];

describe('Mermaid output in the real Mermaid renderer', () => {
  it.each(cases)('%s parses and renders', async (_name, text) => {
    const svg = await render(text, `m${Math.abs(hash(text))}`);
    expect(svg).toContain('<svg');
    expect(svg).not.toMatch(/<img|<script|<iframe/i);
  });

  it('shows the hostile label as text', async () => {
    const svg = await render(cases.at(-1)![1], 'hostile');
    expect(svg).toContain('a"]--&gt;b[x] %% end');
    expect(svg).toContain('groups: &lt;img src=x onerror=alert(1)&gt;, g;h|i`j`');
  });
});

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return h;
}
