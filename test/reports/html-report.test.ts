/** index.html: structure, escaping, MathML, inline plots, self-containment, determinism (structure only). */
import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../reports/html-report.js';
import { fakeResults } from './fake-results.js';

describe('renderHtmlReport', async () => {
  const r = fakeResults(123);
  const html = await renderHtmlReport(r);

  it('has one section per claim with a stable id and data-status', () => {
    const sections = [...html.matchAll(/<section class="claim" id="([^"]+)" data-status="([^"]+)">/g)];
    expect(sections.map((m) => m[1])).toEqual(r.claims.map((c) => `claim-${c.id}`));
    expect(sections.map((m) => m[2])).toEqual(r.claims.map((c) => c.status));
  });

  it('renders each statement to MathML with the TeX as annotation', () => {
    const statements = [...html.matchAll(/<div class="statement">(.*?)<\/div>/gs)].map((m) => m[1]);
    expect(statements).toHaveLength(r.claims.length);
    for (const s of statements) {
      expect(s).toContain('<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">');
      expect(s).not.toContain('katex-error');
    }
    expect(html).toContain('<annotation encoding="application/x-tex">R_{\\mathrm{ZSC}} \\le R_{\\mathrm{CLIP}} + \\varepsilon</annotation>');
  });

  it('shows a conjunction one condition per line, and a statement with a top-level \\vee whole', async () => {
    const r2 = fakeResults(123);
    r2.claims[0].statement.tex = 'a\\leq b\\wedge\\left|c\\right|\\leq d\\wedge e>0';
    r2.claims[1].statement.tex = 'a\\vee b\\wedge c';
    const out = await renderHtmlReport(r2);
    const [first, second] = [...out.matchAll(/<div class="statement">(.*?)<\/div>/gs)].map((m) => m[1]);
    expect(first.match(/<span class="conjunct">/g)).toHaveLength(3);
    expect(first.match(/<math /g)).toHaveLength(3);
    expect(first).toContain('<annotation encoding="application/x-tex">\\wedge\\; \\left|c\\right|\\leq d</annotation>');
    expect(second).not.toContain('conjunct');
    expect(second.match(/<math /g)).toHaveLength(1);
  });

  it('marks invalid TeX visibly instead of failing', async () => {
    const bad = fakeResults(123);
    bad.claims[0].statement.tex = '\\frac{a';
    const out = await renderHtmlReport(bad);
    expect(out).toContain('class="katex-error"');
    expect(out).toContain('(invalid TeX)');
  });

  it('inlines one SVG per plot with ids unique across the page', () => {
    expect(html.match(/<svg /g)).toHaveLength(2);
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('escapes hostile text everywhere and contains no scripts or external resources', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;');
    expect(html).not.toContain('\u0001');
    const stripped = html.replace(/\sxmlns(:\w+)?="[^"]*"/g, '');
    expect(stripped.match(/https?:\/\/|\ssrc=|<link|@import|@font-face|href="(?!#)/)?.[0]).toBeUndefined();
    for (const ref of html.matchAll(/href="#([^"]+)"/g)) expect(html).toContain(`id="${ref[1]}"`);
  });

  it('shows the failing claim\'s counterexample and replay, and the error message', () => {
    const fail = html.slice(html.indexOf('id="claim-lemma-bp-exact"'), html.indexOf('id="claim-cdm-rate"'));
    expect(fail).toContain('<code class="counterexample-file">counterexamples/lemma-bp-exact.jghm.json</code>');
    expect(fail).toContain('Replay: <code>npm run verify -- --seed 123 --tier quick --claim lemma-bp-exact</code>');
    expect(html.slice(html.indexOf('id="claim-cdm-rate"'))).toContain('RangeError: step size underflow at iteration 12');
  });

  it('renders an empty run (e.g. an empty shard) as such', async () => {
    const empty = { ...fakeResults(123), shard: { index: 2, count: 3 }, claims: [] };
    const out = await renderHtmlReport(empty);
    expect(out).toContain('<header class="run" data-status="empty">');
    expect(out).toContain('no claims in this run');
    expect(out).toContain('<tr><th>shard</th><td>2/3</td></tr>');
    expect(out).not.toContain('<section');
  });

  it('is byte-identical for the same results', async () => {
    expect(await renderHtmlReport(fakeResults(123))).toBe(html);
  });
});
