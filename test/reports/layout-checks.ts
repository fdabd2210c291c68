/**
 * Layout checks of index.html in a real browser, shared by the browser tests: the page never scrolls sideways, no
 * element sticks out of its container (except inside the sideways-scrolling table and statement containers, which
 * are there for that), display math shows no vertical scrollbar, and in every plot each data mark lies inside the
 * plot area, the legend labels are complete, no empty band sits above the plot area, and error bars have caps.
 *
 * The checker runs inside the page as plain JavaScript (a string, so that no transpiler helper leaks into it).
 * `plantFaults` breaks a rendered page in each of those ways, for the failing twins of the checks.
 */
import type { Page } from 'playwright-core';

/** What the checker found (every list empty on a good page). */
export interface LayoutReport {
  viewportWidth: number;
  scrollWidth: number;
  /** Elements wider than, or outside, their parent: `tag.class#id (left..right ⊄ parent left..right)`. */
  overflowing: string[];
  /** Statement containers whose content is taller than the box (a vertical scrollbar would show). */
  statementScrollbars: string[];
  /** Plot marks whose box is not inside the plot area: `plot-id: aria-label`. */
  marksOutside: string[];
  /** Legend labels that are truncated or not a series name of the plot. */
  badLegendLabels: string[];
  /** Plots with an empty band (> 24 SVG px) between the SVG's top and the plot area. */
  emptyBands: string[];
  /** Plots whose error bars (rules) lack a cap at each end, or are thinner than 2 px. */
  badErrorBars: string[];
  /** Number of plots and of data marks checked (so that an empty page cannot pass silently). */
  plots: number;
  marks: number;
}

const CHECKER = String.raw`(() => {
  const describe = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\s+/).join('.') : '');
  const inside = (r, box, tol) => r.left >= box.left - tol && r.right <= box.right + tol && r.top >= box.top - tol && r.bottom <= box.bottom + tol;
  const report = { viewportWidth: window.innerWidth, scrollWidth: document.documentElement.scrollWidth, overflowing: [], statementScrollbars: [], marksOutside: [], badLegendLabels: [], emptyBands: [], badErrorBars: [], plots: 0, marks: 0 };
  for (const e of document.body.querySelectorAll('*')) {
    if (e.parentElement.closest('svg, math, .scroll-x, .statement')) continue;
    const r = e.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const p = e.parentElement.getBoundingClientRect();
    if (r.left < p.left - 1 || r.right > p.right + 1) report.overflowing.push(describe(e) + ' (' + Math.round(r.left) + '..' + Math.round(r.right) + ' not in ' + Math.round(p.left) + '..' + Math.round(p.right) + ')');
  }
  for (const s of document.querySelectorAll('.statement')) {
    if (s.scrollHeight > s.clientHeight + 1) report.statementScrollbars.push((s.closest('section') || s).id + ': content ' + s.scrollHeight + ' px in a ' + s.clientHeight + ' px box');
  }
  for (const fig of document.querySelectorAll('figure.plot')) {
    const svg = fig.querySelector('svg');
    const id = fig.getAttribute('data-plot-id');
    report.plots++;
    const frame = svg.querySelector('g.role-frame.root > g > path.background');
    if (!frame) { report.marksOutside.push(id + ': no plot area found'); continue; }
    const area = frame.getBoundingClientRect();
    for (const m of svg.querySelectorAll('g.role-mark > *')) {
      const r = m.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      report.marks++;
      if (!inside(r, area, 0.5)) report.marksOutside.push(id + ': ' + (m.getAttribute('aria-label') || describe(m)));
    }
    const names = new Set([...fig.querySelectorAll('details table tbody tr')].map((tr) => tr.cells[0].textContent));
    const labels = [...svg.querySelectorAll('g.role-legend-label text')];
    if (labels.length !== names.size) report.badLegendLabels.push(id + ': ' + labels.length + ' legend labels for ' + names.size + ' series');
    const svgBox = svg.getBoundingClientRect();
    for (const t of labels) {
      if (t.textContent.includes('…') || !names.has(t.textContent) || !inside(t.getBoundingClientRect(), svgBox, 0.5)) report.badLegendLabels.push(id + ': ' + JSON.stringify(t.textContent));
    }
    const scale = svgBox.width / svg.viewBox.baseVal.width;
    const band = (area.top - svgBox.top) / scale;
    if (band > 24) report.emptyBands.push(id + ': ' + Math.round(band) + ' px above the plot area');
    const rules = svg.querySelectorAll('g.mark-rule.role-mark line');
    const caps = svg.querySelectorAll('g.role-mark [aria-roledescription="tick"]');
    if (caps.length !== 2 * rules.length) report.badErrorBars.push(id + ': ' + rules.length + ' error bars, ' + caps.length + ' caps');
    for (const l of rules) if (Number(l.getAttribute('stroke-width')) < 2) report.badErrorBars.push(id + ': error bar of width ' + l.getAttribute('stroke-width'));
  }
  return report;
})()`;

/** Runs the layout checks on the page as it is laid out now. */
export async function checkLayout(page: Page): Promise<LayoutReport> {
  return (await page.evaluate(CHECKER)) as LayoutReport;
}

const PLANT = String.raw`(() => {
  const wide = document.createElement('p');
  wide.id = 'planted-wide';
  wide.style.width = (window.innerWidth + 300) + 'px';
  wide.textContent = 'planted';
  document.querySelector('section.claim').appendChild(wide);
  const st = document.querySelector('.statement');
  st.style.height = '4px';
  const svg = document.querySelector('figure.plot svg');
  const mark = svg.querySelector('g.mark-symbol.role-mark path');
  mark.setAttribute('transform', 'translate(-40,-40)');
  const label = svg.querySelector('g.role-legend-label text');
  label.textContent = label.textContent.slice(0, 3) + '…';
  const cap = svg.querySelector('g.role-mark [aria-roledescription="tick"]');
  if (cap) cap.remove();
  const root = svg.querySelector('g[transform]');
  root.setAttribute('transform', root.getAttribute('transform').replace(/,(\d+)\)/, (m, y) => ',' + (Number(y) + 80) + ')'));
  svg.setAttribute('viewBox', '0 0 ' + svg.viewBox.baseVal.width + ' ' + (svg.viewBox.baseVal.height + 80));
})()`;

/**
 * Breaks the page in every way the checker looks for (a too-wide paragraph, a squeezed statement, a point moved out
 * of the plot area, a truncated legend label, a missing error-bar cap, an empty band above the first plot).
 */
export async function plantFaults(page: Page): Promise<void> {
  await page.evaluate(PLANT);
}
