/**
 * Issue 12: the reports show each claim's power next to its verdict, and a weak or vacuous check is marked
 * differently from a plain pass (Markdown: 🟡/⚪ and "PASS (weak power)"; HTML: a power badge and data-power).
 */
import { describe, expect, it } from 'vitest';
import { renderMarkdownReport } from '../../reports/markdown-report.js';
import { renderHtmlReport } from '../../reports/html-report.js';
import { validateResults } from '../../reports/validate-results.js';
import { ReportError } from '../../reports/report-error.js';
import type { ClaimResult, RunResults } from '../../reports/results-schema.js';
import { fakeResults } from './fake-results.js';

function withPower(): RunResults {
  const r = structuredClone(fakeResults());
  const passing = r.claims.filter((c) => c.status === 'pass');
  expect(passing.length).toBeGreaterThanOrEqual(2);
  Object.assign(passing[0], {
    powerStatus: 'weak',
    powerNote: 'weak: bound far from binding',
    binding: 0.05,
    contentFraction: 1,
    resolution: null,
    powerChecks: [{ label: 'gap ≤ bound', kind: 'bound', cases: 6, binding: 0.05, contentFraction: 1 }],
  } satisfies Partial<ClaimResult>);
  Object.assign(passing[1], {
    powerStatus: 'ok',
    powerNote: 'ok: resolves 0.1 with 80 % power (target 0.2)',
    binding: null,
    contentFraction: null,
    resolution: 0.1,
    powerChecks: [{ label: 'mean', kind: 'statistical', cases: 1, resolution: 0.1, powerLevel: 0.8, target: 0.2 }],
  } satisfies Partial<ClaimResult>);
  return r;
}

describe('power next to the verdict', () => {
  const r = withPower();
  const [weak, ok] = r.claims.filter((c) => c.status === 'pass');

  it('validates the power fields and rejects malformed ones', () => {
    expect(() => validateResults(r)).not.toThrow();
    const bad = structuredClone(r);
    (bad.claims[0] as unknown as Record<string, unknown>).powerStatus = 'strong';
    expect(() => validateResults(bad)).toThrow(ReportError);
    const bad2 = structuredClone(r);
    bad2.claims.find((c) => c.id === weak.id)!.contentFraction = 1.5;
    expect(() => validateResults(bad2)).toThrow(/contentFraction/);
  });

  it('Markdown: a weak pass reads "PASS (weak power)" with its note and fields; an ok pass reads plain PASS', () => {
    const md = renderMarkdownReport(r);
    const row = (id: string) => md.split('\n').find((l) => l.startsWith(`| [${id.replace(/-/g, '\\-')}]`) || l.startsWith(`| [${id}]`)) ?? '';
    expect(row(weak.id)).toContain('✅ 🟡 PASS (weak power)');
    expect(row(weak.id)).toContain('weak: binding 0.05');
    expect(row(ok.id)).toContain('✅ PASS |');
    expect(row(ok.id)).toContain('ok: resolution 0.1');
    expect(md).toContain('**PASS (weak power)**');
    expect(md).toMatch(/Power: \*\*weak\*\* — bound far from binding/);
    expect(md).toMatch(/power: 1 ok, 1 weak, 0 vacuous/);
  });

  it('HTML: a weak pass has a power badge and data-power; an ok pass has neither badge nor qualifier', async () => {
    const html = await renderHtmlReport(r);
    const section = (id: string) => html.slice(html.indexOf(`id="claim-${id}"`), html.indexOf('</section>', html.indexOf(`id="claim-${id}"`)));
    expect(html).toContain(`id="claim-${weak.id}" data-status="pass" data-power="weak"`);
    expect(section(weak.id)).toContain('<span class="badge power-weak" title="weak: bound far from binding">weak power</span>');
    expect(section(weak.id)).toContain('<p class="power" data-power="weak">');
    expect(section(ok.id)).not.toContain('badge power-');
    expect(section(ok.id)).toContain('<p class="power" data-power="ok">');
    expect(html).toContain('power: 1 ok, 1 weak, 0 vacuous');
  });

  it('results without power fields (older runs) render as before', async () => {
    const plain = fakeResults();
    expect(renderMarkdownReport(plain)).not.toMatch(/weak power|Power:/);
    expect(await renderHtmlReport(plain)).not.toContain('data-power="');
  });
});
