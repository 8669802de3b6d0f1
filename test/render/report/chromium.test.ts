/**
 * The browser the tests use is found without any set-up step: the Chromium that the devDependency
 * @sparticuz/chromium ships is launched here every run (whether or not Debian's package is also
 * installed), renders a page with text, and the choice between the sources follows the rules.
 */
import { existsSync, statSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, findChromium, launchChromium, npmChromium } from './chromium.js';

const linuxX64 = platform() === 'linux' && arch() === 'x64';

describe('the npm-shipped Chromium', () => {
  it(linuxX64
    ? 'extracts, launches and renders a page with text'
    : 'names what to set on this platform', async () => {
    if (!linuxX64) {
      await expect(npmChromium()).rejects.toThrow(/Linux x64 only.*FLEETLINK_CHROMIUM/);
      return;
    }
    const found = await npmChromium();
    expect(found.source).toBe('npm');
    expect(found.executablePath).toMatch(/node_modules\/\.cache\/fleetlink-chromium-[\d.]+\/chromium$/);
    expect(statSync(found.executablePath).mode & 0o100).toBe(0o100);
    const browser = await launchChromium(found);
    try {
      expect(browser.version()).toMatch(/^\d+\./);
      const page = await browser.newPage();
      await page.setContent('<span id="t" style="font: 20px sans-serif">fleetlink</span>');
      expect(await page.textContent('#t')).toBe('fleetlink');
      // Without a font (fontconfig finding none) the text is laid out 0 px wide.
      const width = await page.evaluate(
        () =>
          (
            globalThis as unknown as {
              document: { getElementById(id: string): { getBoundingClientRect(): { width: number } } | null };
            }
          ).document
            .getElementById('t')
            ?.getBoundingClientRect().width ?? 0,
      );
      expect(width).toBeGreaterThan(40);
      const png = await page.screenshot();
      expect(png.subarray(1, 4).toString()).toBe('PNG');
    } finally {
      await browser.close();
    }
  }, 120_000);
});

describe('findChromium', () => {
  it('takes FLEETLINK_CHROMIUM when it names a binary, and says when it does not', async () => {
    expect(await findChromium(process.execPath)).toEqual({
      executablePath: process.execPath,
      source: 'FLEETLINK_CHROMIUM',
    });
    await expect(findChromium('/nonexistent/chrome')).rejects.toThrow(
      'FLEETLINK_CHROMIUM=/nonexistent/chrome: no such file',
    );
  });

  it("prefers Debian's chromium when installed, else the npm one; FLEETLINK_CHROMIUM=npm forces npm", async () => {
    if (!linuxX64) return;
    const found = await findChromium(undefined);
    expect(found.source).toBe(existsSync(CHROMIUM) ? 'debian' : 'npm');
    expect((await findChromium('npm')).source).toBe('npm');
  });
});
