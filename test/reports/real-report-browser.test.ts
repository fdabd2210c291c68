/**
 * The real report, read the way people read it: runs the Fig. 2a–d and Fig. 5 claims (quick tier, fixed seed),
 * writes the report, opens index.html in headless Chromium and checks that each claim shows its TeX statement
 * (MathML), its verdict, its numbers, and its plot with our curve next to the published one. Saves screenshot.png.
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

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const IDS = ['fig2a-bayes-clip-curve', 'fig2b-bayes-zsc-curve', 'fig2c-bayes-cdm-curve', 'fig2d-bayes-vlm-curve', 'fig5-bayes-zsc-prompt-count'];

describe('the real report in headless Chromium', () => {
  it('shows the Fig. 2 Bayes curves and the Fig. 5 curve next to the published values', async () => {
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
        expect(info.math, id).toBe(1);
        expect(info.mathWidth, id).toBeGreaterThan(10);
        expect(info.svgs.length, id).toBeGreaterThanOrEqual(1);
        expect(info.svgs[0].w, id).toBeGreaterThan(200);
        expect(info.svgs[0].text, id).toMatch(/published/);
        expect(info.svgs[0].text, id).toMatch(/ours/);
        expect(info.text, id).toMatch(/maxZ|gapAtMax/);
      }
      expect(errors).toEqual([]);
      await page.screenshot({ path: join(outDir, 'screenshot.png'), fullPage: true });
      console.log(`[real report] ${outDir}/index.html, screenshot.png`);
    } finally {
      await browser.close();
    }
  });
});
