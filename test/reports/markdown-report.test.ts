/** report.md: header, claims table, per-claim sections, failure details, escaping, determinism. */
import { describe, expect, it } from 'vitest';
import { renderMarkdownReport } from '../../reports/markdown-report.js';
import { COUNTEREXAMPLE_FILE, fakeResults } from './fake-results.js';

describe('renderMarkdownReport', () => {
  const r = fakeResults(123);
  const md = renderMarkdownReport(r);
  const lines = md.split('\n');

  it('has a header with seed, tier, budget, counts and the replay command', () => {
    expect(lines[0]).toBe('# clip-theory 0.1.0 — claims verification (quick tier, seed 123)');
    expect(md).toContain('2 passed, 1 failed, 1 error (4 claims)');
    expect(md).toContain('| seed | 123 |');
    expect(md).toContain('| tier | quick |');
    expect(md).toContain('| false-failure budget (union bound) | 2.5e-4 |');
    expect(md).toContain('| replay | `npm run verify -- --seed 123 --tier quick` |');
  });

  it('lists every claim in the claims table with its verdict, linking to its section', () => {
    for (const c of r.claims) {
      const row = lines.find((l) => l.startsWith(`| [${c.id}](#claim-${c.id})`));
      expect(row, c.id).toBeDefined();
      expect(row).toContain({ pass: 'PASS', fail: 'FAIL', error: 'ERROR' }[c.status]);
      expect(md).toContain(`<a id="claim-${c.id}"></a>`);
    }
  });

  it('keeps every table row at the column count of its header (escaped pipes do not split cells)', () => {
    let cols = 0;
    for (const l of lines) {
      if (!l.startsWith('|')) {
        cols = 0;
        continue;
      }
      const n = l.replace(/\\\|/g, '').split('|').length - 2;
      if (cols === 0) cols = n;
      else expect(n, l).toBe(cols);
    }
  });

  it('puts statements in $$ blocks and quantities with intervals', () => {
    expect(md).toContain('$$\n\\left|\\mathcal{R}_{\\mathrm{CLIP}} - \\mathcal{R}^\\star\\right| \\le \\frac{C}{\\sqrt{n}}\n$$');
    expect(md).toContain('| risk gap ($\\Delta_n$) | 0.0123 | [0.0101, 0.0145] | 0.0011 | estimate | 99.99% CI |');
  });

  it('keeps quantity TeX inside its table cell (pipes and norms become \\vert / \\Vert)', () => {
    const t = fakeResults(123);
    t.claims[0].quantities[0].tex = ' \\|x\\| + |y| ';
    const row = renderMarkdownReport(t).split('\n').find((l) => l.startsWith('| risk gap'));
    expect(row).toBe('| risk gap ($\\Vert x\\Vert  + \\vert y\\vert$) | 0.0123 | [0.0101, 0.0145] | 0.0011 | estimate | 99.99% CI |');
  });

  it('shows failure details with replay command and counterexample file', () => {
    const section = md.slice(md.indexOf('<a id="claim-lemma-bp-exact">'), md.indexOf('<a id="claim-cdm-rate">'));
    expect(section).toContain('**Failure details**');
    expect(section).toContain('- replay: `npm run verify -- --seed 123 --tier quick --claim lemma-bp-exact`');
    expect(section).toContain(`model file: \`${COUNTEREXAMPLE_FILE.name}\``);
    expect(section).toContain('❌ posteriors agree to 1e-12');
    const err = md.slice(md.indexOf('<a id="claim-cdm-rate">'));
    expect(err).toContain('**Error details**');
    expect(err).toContain('message: RangeError: step size underflow at iteration 12');
  });

  it('escapes hostile text: no raw HTML, no unescaped emphasis, links or math', () => {
    expect(md).not.toContain('<script>');
    expect(md).toContain('\\<script\\>alert("x")\\</script\\> &amp; \'q\' \\| \\*b\\* \\_i\\_ \\`c\\` \\$m\\$ \\[l\\](u)');
    expect(md).not.toContain('\u0001');
  });

  it('renders an empty shard as such', () => {
    const out = renderMarkdownReport({ ...fakeResults(123), shard: { index: 2, count: 3 }, claims: [] });
    expect(out).toContain('**∅ NO CLAIMS** — 0 passed, 0 failed, 0 errors (0 claims)');
    expect(out).toContain('| shard | 2/3 |');
    expect(out).toContain('| — | no claims in this run | | |');
  });

  it('is deterministic and depends on timing only through the timing line', () => {
    expect(renderMarkdownReport(fakeResults(123))).toBe(md);
    const t = fakeResults(123);
    t.timing = { startedAt: '2030-05-06T07:08:09.000Z', durationMs: 1 };
    const diff = renderMarkdownReport(t).split('\n').filter((l, i) => l !== lines[i]);
    expect(diff).toEqual(['| started | 2030-05-06T07:08:09.000Z (1 ms) |']);
  });
});
