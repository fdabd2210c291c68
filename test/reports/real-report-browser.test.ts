/**
 * The real report, read the way people read it: runs the Fig. 2a–d, Fig. 5 and Fig. 8a claims (quick tier, fixed
 * seed), writes the report, opens index.html in headless Chromium and checks that each claim shows its TeX statement
 * (MathML), its verdict, its numbers, and its plot with our values next to the published curve. At 420 and 1400 px it
 * runs the layout checks of ./layout-checks.ts (no sideways page scrolling, nothing sticking out, every plotted mark
 * inside its plot area, complete legends, no empty band, capped error bars) and saves screenshot-420.png and
 * screenshot-1400.png (folder printed). Fig. 8a at the quick tier has 2 points of ours: they must be drawn as points.
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loadClaims } from '../../properties/engine/registry.js';
import { runClaims } from '../../properties/engine/run-claims.js';
import { writeReport } from '../../reports/write-report.js';
import { splitConjuncts } from '../../reports/split-conjuncts.js';
import { checkLayout } from './layout-checks.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const IDS = ['fig2a-bayes-clip-curve', 'fig2b-bayes-zsc-curve', 'fig2c-bayes-cdm-curve', 'fig2d-bayes-vlm-curve', 'fig5-bayes-zsc-prompt-count', 'fig8a-misspecified-bp-clip'];

describe('the real report in headless Chromium', () => {
  it('shows the Fig. 2, 5 and 8a values next to the published curves, laid out to fit at 420 and 1400 px', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH); not skipped on purpose`);
    const claims = (await loadClaims()).filter((c) => IDS.includes(c.id));
    expect(claims.map((c) => c.id).sort()).toEqual([...IDS].sort());
    const { results, files } = await runClaims(claims, { seed: 3, tier: 'quick' });
    const outDir = resolve(join(tmpdir(), 'clip-theory-real-report'));
    await writeReport(results, outDir, files);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(pathToFileURL(join(outDir, 'index.html')).href, { waitUntil: 'load' });
      for (const id of IDS) {
        const section = await page.$(`#claim-${id}`);
        expect(section, id).not.toBeNull();
        const info = await section!.evaluate((e) => ({
          status: e.getAttribute('data-status'),
          math: e.querySelectorAll('.statement math').length,
          mathWidth: e.querySelector('.statement math')?.getBoundingClientRect().width ?? 0,
          svgs: Array.from(e.querySelectorAll('figure.plot svg')).map((s) => ({ w: s.getBoundingClientRect().width, text: s.textContent ?? '' })),
          text: e.textContent ?? '',
        }));
        expect(info.status, id).toBe('pass');
        // One display formula per top-level condition of the statement.
        expect(info.math, id).toBe(splitConjuncts(results.claims.find((c) => c.id === id)!.statement.tex).length);
        expect(info.mathWidth, id).toBeGreaterThan(10);
        expect(info.svgs.length, id).toBeGreaterThanOrEqual(1);
        expect(info.svgs[0].w, id).toBeGreaterThan(200);
        expect(info.svgs[0].text, id).toMatch(/published/);
        expect(info.svgs[0].text, id).toMatch(/ours/);
        expect(info.text, id).toMatch(/maxZ|gapAtMax/);
      }
      expect(errors).toEqual([]);
      // Fig. 8a: our 2 points are points (the line layer holds only the published series), each with a capped error bar.
      const fig8 = await page.$eval('#claim-fig8a-misspecified-bp-clip figure.plot svg', (svg) => ({
        lines: Array.from(svg.querySelectorAll('g.mark-line.role-mark path')).map((p) => p.getAttribute('aria-label') ?? ''),
        ours: Array.from(svg.querySelectorAll('g.mark-symbol.role-mark path')).filter((p) => (p.getAttribute('aria-label') ?? '').includes('(ours')).length,
        bars: svg.querySelectorAll('g.mark-rule.role-mark line').length,
      }));
      expect(fig8.lines.length).toBeGreaterThan(0);
      expect(fig8.lines.filter((l) => l.includes('(ours'))).toEqual([]);
      expect(fig8.ours).toBe(2);
      expect(fig8.bars).toBe(2);
      for (const width of [420, 1400]) {
        await page.setViewportSize({ width, height: 1000 });
        const layout = await checkLayout(page);
        expect(layout.scrollWidth, `page width at ${width} px`).toBeLessThanOrEqual(width);
        expect(layout.overflowing, `${width} px`).toEqual([]);
        expect(layout.statementScrollbars, `${width} px`).toEqual([]);
        expect(layout.plots).toBe(IDS.length);
        expect(layout.marks).toBeGreaterThan(100);
        expect(layout.marksOutside, `${width} px`).toEqual([]);
        expect(layout.badLegendLabels, `${width} px`).toEqual([]);
        expect(layout.emptyBands, `${width} px`).toEqual([]);
        expect(layout.badErrorBars, `${width} px`).toEqual([]);
        await page.screenshot({ path: join(outDir, `screenshot-${width}.png`), fullPage: true });
      }
      console.log(`[real report] ${outDir}/index.html, screenshot-420.png, screenshot-1400.png`);
    } finally {
      await browser.close();
    }
  });
});
