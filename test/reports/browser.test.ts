/**
 * Opens a rendered index.html in headless Chromium (playwright-core, system /usr/bin/chromium or $CHROMIUM_PATH)
 * and checks that it renders offline: every claim section and plot SVG is visible, each statement has MathML, no
 * console errors, no network requests other than the file itself; junit.xml parses as XML. Then, at 420, 768 and 1400 px,
 * the layout checks of ./layout-checks.ts (no sideways scrolling, nothing sticking out, every plotted mark inside its
 * plot area, complete legends, no empty band, capped error bars), with a planted-fault twin showing each check fails.
 * Saves screenshot-420.png, screenshot-768.png and screenshot-1400.png next to the report (default
 * <tmpdir>/clip-theory-browser-test-report, printed; REPORT_TEST_OUT overrides). Deterministic: no randomness involved.
 */
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { writeReport } from '../../reports/write-report.js';
import { COUNTEREXAMPLE_FILE, fakeResults, LONG_PATH } from './fake-results.js';
import { checkLayout, plantFaults } from './layout-checks.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('index.html in headless Chromium', () => {
  it('renders every claim, plot and statement without errors or requests', async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium not found at ${CHROMIUM}: install it (Debian/Ubuntu: apt-get install -y chromium) or set CHROMIUM_PATH; this test is not skipped on purpose`,
      );
    }
    // A fixed place (replaced atomically on every run), kept after the test so the screenshot can be looked at.
    const outDir = resolve(process.env.REPORT_TEST_OUT ?? join(tmpdir(), 'clip-theory-browser-test-report'));
    const results = fakeResults(777);
    await writeReport(results, outDir, [COUNTEREXAMPLE_FILE]);
    const url = pathToFileURL(join(outDir, 'index.html')).href;

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const consoleErrors: string[] = [];
      const pageErrors: string[] = [];
      const failed: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') consoleErrors.push(m.text());
      });
      page.on('pageerror', (e) => pageErrors.push(e.message));
      page.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
      page.on('request', (r) => requests.push(r.url()));
      const response = await page.goto(url, { waitUntil: 'load' });
      expect(response?.ok() ?? true).toBe(true);

      // One section per claim, with the right id and status, visible and non-empty.
      const sections = await page.$$eval('section.claim', (els) =>
        els.map((e) => ({ id: e.id, status: e.getAttribute('data-status'), h: (e as HTMLElement).offsetHeight, math: e.querySelectorAll('.statement math').length })),
      );
      expect(sections.map((s) => s.id)).toEqual(results.claims.map((c) => `claim-${c.id}`));
      expect(sections.map((s) => s.status)).toEqual(results.claims.map((c) => c.status));
      for (const s of sections) {
        expect(s.h, s.id).toBeGreaterThan(50);
        expect(s.math, `MathML statement in ${s.id}`).toBe(1);
      }
      // MathML is laid out as math (Chromium's MathML Core): the <math> box has a real size.
      const mathBoxes = await page.$$eval('.statement math', (els) => els.map((e) => e.getBoundingClientRect().width));
      for (const w of mathBoxes) expect(w).toBeGreaterThan(10);

      // Every plot renders as a sized SVG with drawn lines (paths) and axis text.
      const expectedPlots = results.claims.reduce((n, c) => n + (c.plots?.length ?? 0), 0);
      const plots = await page.$$eval('figure.plot svg', (els) =>
        els.map((e) => ({ w: e.getBoundingClientRect().width, h: e.getBoundingClientRect().height, paths: e.querySelectorAll('path').length, texts: e.querySelectorAll('text').length })),
      );
      expect(plots.length).toBe(expectedPlots);
      for (const p of plots) {
        expect(p.w).toBeGreaterThan(200);
        expect(p.h).toBeGreaterThan(150);
        expect(p.paths).toBeGreaterThan(5);
        expect(p.texts).toBeGreaterThan(5);
      }
      // Escaped text stays text: no script element was injected, and the nasty title is shown literally.
      expect(await page.$$eval('script', (els) => els.length)).toBe(0);
      expect(await page.textContent('#claim-prop-zsc-risk h2')).toContain('<script>alert("x")</script>');
      // The failing claim shows its counterexample file and replay command.
      expect(await page.textContent('#claim-lemma-bp-exact .failure')).toContain(COUNTEREXAMPLE_FILE.name);

      // junit.xml is well-formed XML (Chromium's XML parser) with one testcase per claim.
      const junit = readFileSync(join(outDir, 'junit.xml'), 'utf8');
      const parsed = await page.evaluate((xml) => {
        const doc = new DOMParser().parseFromString(xml, 'application/xml');
        return { errors: doc.getElementsByTagName('parsererror').length, cases: [...doc.getElementsByTagName('testcase')].map((t) => t.getAttribute('name')) };
      }, junit);
      expect(parsed).toEqual({ errors: 0, cases: results.claims.map((c) => c.id) });

      // The long fast-check path is shown in full (it wraps rather than being cut).
      expect(await page.textContent('#claim-lemma-bp-exact .failure')).toContain(LONG_PATH);

      // Layout at a phone, a tablet and a wide desktop width; screenshots for people to look at.
      for (const width of [420, 768, 1400]) {
        await page.setViewportSize({ width, height: 900 });
        const layout = await checkLayout(page);
        expect(layout.viewportWidth).toBe(width);
        expect(layout.scrollWidth, `page width at ${width} px`).toBeLessThanOrEqual(width);
        expect(layout.overflowing, `${width} px`).toEqual([]);
        expect(layout.statementScrollbars, `${width} px`).toEqual([]);
        expect(layout.plots).toBe(expectedPlots);
        expect(layout.marks, `${width} px`).toBeGreaterThan(20);
        expect(layout.marksOutside, `${width} px`).toEqual([]);
        expect(layout.badLegendLabels, `${width} px`).toEqual([]);
        expect(layout.emptyBands, `${width} px`).toEqual([]);
        expect(layout.badErrorBars, `${width} px`).toEqual([]);
        await page.screenshot({ path: join(outDir, `screenshot-${width}.png`), fullPage: true });
      }
      console.log(`[browser test] report and screenshots (screenshot-420.png, screenshot-768.png, screenshot-1400.png) in ${outDir}`);

      // The failing twin: the same checks on a page broken on purpose find every fault.
      await plantFaults(page);
      const broken = await checkLayout(page);
      expect(broken.scrollWidth).toBeGreaterThan(broken.viewportWidth);
      expect(broken.overflowing.some((o) => o.startsWith('p#planted-wide'))).toBe(true);
      expect(broken.statementScrollbars).toHaveLength(1);
      expect(broken.marksOutside).toHaveLength(1);
      expect(broken.badLegendLabels).toHaveLength(1);
      expect(broken.emptyBands).toHaveLength(1);
      expect(broken.badErrorBars).toHaveLength(1);

      expect(consoleErrors).toEqual([]);
      expect(pageErrors).toEqual([]);
      expect(failed).toEqual([]);
      expect(requests).toEqual([url]);
    } finally {
      await browser.close();
    }
  }, 30_000);
});
