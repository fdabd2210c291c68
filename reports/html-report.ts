/**
 * index.html: one self-contained page readable offline — summary header, claims table, one `<section
 * id="claim-<id>" data-status="…">` per claim with the statement as MathML (KaTeX in Node), quantities, checks,
 * table, inline SVG plots (with their data in a collapsible table), failure details. Inline CSS only; no scripts,
 * no external fonts, images or links other than in-page anchors.
 */
import { escapeHtml as h } from './escape.js';
import { formatDuration, formatInterval, formatNumber, formatRate } from './format-number.js';
import { styleWords } from './plot-style.js';
import { splitConjuncts } from './split-conjuncts.js';
import { renderPlotSvg } from './render-plot-svg.js';
import type { ClaimResult, PlotSpec, RunResults } from './results-schema.js';
import { texToMathml } from './tex-to-mathml.js';
import { countsLine, reportTitle, runStatus, statusCounts, verdictWord, type RunStatus } from './verdict.js';

const CSS = `
:root{color-scheme:light;--pass:#1a7f37;--fail:#cf222e;--error:#9a6700;--line:#d0d7de;--muted:#57606a}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1100px;padding:1rem 1.5rem;color:#1f2328;background:#fff}
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.25rem;margin:0 0 .25rem}h3{font-size:1rem;margin:1rem 0 .25rem}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums}
code,pre{font:.85rem ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f6f8fa;border-radius:4px;padding:.1rem .3rem;overflow-wrap:anywhere}
.badge{display:inline-block;padding:.05rem .5rem;border-radius:1rem;color:#fff;font-weight:600;font-size:.8rem}
.badge.pass{background:var(--pass)}.badge.fail{background:var(--fail)}.badge.error{background:var(--error)}.badge.empty{background:var(--muted)}
header.run{border-bottom:2px solid var(--line);padding-bottom:.5rem;margin-bottom:1rem}
section.claim{border:1px solid var(--line);border-left:6px solid var(--line);border-radius:6px;padding:.75rem 1rem;margin:1rem 0}
section.claim[data-status=pass]{border-left-color:var(--pass)}section.claim[data-status=fail]{border-left-color:var(--fail)}section.claim[data-status=error]{border-left-color:var(--error)}
.meta{color:var(--muted);font-size:.85rem}
.statement{overflow-x:auto;overflow-y:hidden;margin:.25rem 0;padding:.4rem 0}.statement .conjunct{display:block;margin:.15rem 0}
.tex-error{color:var(--fail);font-size:.85rem}
ul.checks{list-style:none;padding-left:0}ul.checks li::before{content:attr(data-mark);margin-right:.4rem;font-weight:700}
ul.checks li.ok::before{color:var(--pass)}ul.checks li.bad::before{color:var(--fail)}
.failure{background:#fff5f5;border:1px solid #ffcecb;border-radius:6px;padding:.5rem .75rem;margin:.5rem 0}
figure.plot{margin:.75rem 0}figure.plot svg{display:block;max-width:100%;height:auto}figcaption{font-size:.85rem;color:var(--muted);margin-bottom:.25rem}
figcaption .plot-title{display:block;color:#1f2328;font-weight:600;font-size:.95rem}
details{margin:.25rem 0}
table.claims td:first-child code{white-space:nowrap;overflow-wrap:normal}
main,header,section.claim,.failure,li,p{min-width:0;overflow-wrap:anywhere}
.scroll-x{overflow-x:auto;max-width:100%}.scroll-x>table{margin:0;width:max-content}.scroll-x td,.scroll-x th{overflow-wrap:normal;max-width:24rem}.scroll-x td code{overflow-wrap:anywhere}
div.scroll-x{margin:.5rem 0}.scroll-x>table.run-info{width:auto}
@media (max-width:600px){body{padding:.5rem .6rem}section.claim{padding:.5rem .6rem;border-left-width:4px}}
`;

/** Wraps a table in a container that scrolls sideways when the table is wider than the page (the page never does). */
function scrollX(table: string): string {
  return `<div class="scroll-x">${table}</div>`;
}

function badge(status: RunStatus): string {
  return `<span class="badge ${status}">${verdictWord(status)}</span>`;
}

function math(tex: string, display: boolean): string {
  const r = texToMathml(tex, display);
  return r.ok ? r.html : `${r.html} <span class="tex-error">(invalid TeX)</span>`;
}

/**
 * The statement as display math, one top-level condition per line (`A`, `∧ B`, …) when it is a conjunction, so that
 * long statements stay readable on narrow screens; whole when it is not, or when a part does not render on its own.
 */
function statementHtml(tex: string): string {
  const parts = splitConjuncts(tex);
  if (parts.length > 1) {
    const rendered = parts.map((p, i) => texToMathml(i === 0 ? p : `\\wedge\\; ${p}`, true));
    if (rendered.every((r) => r.ok)) return rendered.map((r) => `<span class="conjunct">${r.html}</span>`).join('');
  }
  return math(tex, true);
}

function num(x: number, digits = 6): string {
  return `<td class="num">${h(formatNumber(x, digits))}</td>`;
}

function quantitiesHtml(c: ClaimResult): string {
  if (c.quantities.length === 0) return '';
  const rows = c.quantities.map((q) => {
    const name = q.tex ? `${h(q.name)} ${math(q.tex, false)}` : h(q.name);
    return `<tr><td>${name}</td>${num(q.estimate)}<td>${q.ci ? h(formatInterval(q.ci, 6)) : '—'}</td><td class="num">${q.se !== undefined ? h(formatNumber(q.se, 3)) : '—'}</td><td>${q.exact ? 'exact' : 'estimate'}</td><td>${q.note ? h(q.note) : ''}</td></tr>`;
  });
  return `<h3>Quantities</h3>${scrollX(`<table class="quantities"><thead><tr><th>quantity</th><th>estimate</th><th>interval</th><th>s.e.</th><th>kind</th><th>note</th></tr></thead><tbody>${rows.join('')}</tbody></table>`)}`;
}

function checksHtml(c: ClaimResult): string {
  if (c.checks.length === 0) return '';
  const items = c.checks.map(
    (k) => `<li class="${k.passed ? 'ok' : 'bad'}" data-mark="${k.passed ? '✓' : '✗'}">${h(k.description)}${k.detail ? ` <span class="meta">— ${h(k.detail)}</span>` : ''}</li>`,
  );
  return `<h3>Checks</h3><ul class="checks">${items.join('')}</ul>`;
}

function tableHtml(c: ClaimResult): string {
  if (!c.table) return '';
  const head = c.table.columns.map((col) => `<th>${h(col)}</th>`).join('');
  const body = c.table.rows.map((r) => `<tr>${r.map((v) => (typeof v === 'number' ? num(v) : `<td>${h(v)}</td>`)).join('')}</tr>`).join('');
  return `<h3>Table</h3>${scrollX(`<table class="data"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`)}`;
}

function plotDataHtml(p: PlotSpec): string {
  const rows = p.series.flatMap((s) =>
    s.points.map(
      (pt) => `<tr><td>${h(s.name)}</td><td>${s.kind}</td>${num(pt.x)}${num(pt.y)}<td>${pt.lo !== undefined && pt.hi !== undefined ? h(formatInterval([pt.lo, pt.hi], 6)) : ''}</td></tr>`,
    ),
  );
  return `<details><summary>data</summary>${scrollX(`<table><thead><tr><th>series</th><th>kind</th><th>${h(p.xLabel)}</th><th>${h(p.yLabel)}</th><th>interval</th></tr></thead><tbody>${rows.join('')}</tbody></table>`)}</details>`;
}

/** A string usable inside an HTML/SVG id prefix, derived injectively enough from claim and plot ids. */
function idPart(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]/g, (ch) => `_${ch.charCodeAt(0).toString(16)}_`);
}

/** How the series kinds are drawn, for the caption (e.g. `ours: points with error bars; published: dashed lines`). */
function styleKey(p: PlotSpec): string {
  const kinds = [...new Set(p.series.map((s) => s.kind))];
  const parts = kinds.map((k) => {
    const of = p.series.filter((s) => s.kind === k);
    const styles = [...new Set(of.map((s) => styleWords(s, p)))];
    const bars = of.some((s) => s.points.some((pt) => pt.lo !== undefined && pt.hi !== undefined));
    const extra = bars ? (k === 'ours' || k === 'published' ? ' with error bars' : ' with a shaded band') : '';
    return `${k}: ${styles.map((w) => (w === 'points' ? 'points' : `${w}s`)).join(' or ')}${extra}`;
  });
  return parts.join('; ');
}

async function plotsHtml(c: ClaimResult): Promise<string> {
  if (!c.plots?.length) return '';
  const figs: string[] = [];
  for (const p of c.plots) {
    const svg = await renderPlotSvg(p, `svg-${idPart(c.id)}--${idPart(p.id)}`);
    figs.push(
      `<figure class="plot" id="plot-${h(idPart(c.id))}--${h(idPart(p.id))}" data-plot-id="${h(p.id)}"><figcaption><span class="plot-title">${h(p.title)}</span>${h(styleKey(p))}</figcaption>${svg}${plotDataHtml(p)}</figure>`,
    );
  }
  return `<h3>Plots</h3>${figs.join('')}`;
}

function failureHtml(c: ClaimResult): string {
  if (c.status === 'pass') return '';
  const parts = [`<h3>${c.status === 'fail' ? 'Failure' : 'Error'} details</h3><div class="failure">`];
  if (c.message) parts.push(`<p>${h(c.message)}</p>`);
  parts.push(`<p>Replay: <code>${h(c.replay)}</code></p>`);
  const ce = c.counterexample;
  if (ce) {
    parts.push(
      `<p><strong>Counterexample:</strong> ${h(ce.description)}</p><ul><li>model file: <code class="counterexample-file">${h(ce.modelFile)}</code> (in this report's directory)</li><li>fast-check seed <code>${h(String(ce.fastCheckSeed))}</code>, path <code>${h(ce.path)}</code></li><li>replay: <code>${h(ce.replay)}</code></li></ul>`,
    );
  }
  parts.push('</div>');
  return parts.join('');
}

async function claimHtml(c: ClaimResult): Promise<string> {
  const power = c.power ? ` · power: ${h(c.power)}` : '';
  return [
    `<section class="claim" id="claim-${h(c.id)}" data-status="${c.status}">`,
    `<h2>${badge(c.status)} <code>${h(c.id)}</code> ${h(c.title)}</h2>`,
    `<p class="summary">${h(c.summary)}</p>`,
    `<p class="meta">Source: ${h(c.source.kind)}, ${h(c.source.tag)} — ${h(c.source.reference)} · tier ${c.tier} · seed ${c.seed} · false-failure rate ${h(formatRate(c.falseFailureRate))}${power} · ${h(formatDuration(c.timing.durationMs))}</p>`,
    `<div class="statement">${statementHtml(c.statement.tex)}</div>`,
    `<p class="meta">mathjs: <code>${h(c.statement.expression)}</code></p>`,
    quantitiesHtml(c),
    checksHtml(c),
    tableHtml(c),
    await plotsHtml(c),
    failureHtml(c),
    c.status === 'pass' ? `${c.message ? `<p class="meta">Note: ${h(c.message)}</p>` : ''}<p class="meta">Replay: <code>${h(c.replay)}</code></p>` : '',
    '</section>',
  ]
    .filter((s) => s !== '')
    .join('\n');
}

/** Renders index.html for a run (async: plots are rendered by Vega). */
export async function renderHtmlReport(results: RunResults): Promise<string> {
  const n = statusCounts(results);
  const overall = runStatus(results);
  const title = reportTitle(results);
  const env = results.environment;
  const summaryRows = results.claims
    .map(
      (c) =>
        `<tr data-status="${c.status}"><td><a href="#claim-${h(c.id)}"><code>${h(c.id)}</code></a></td><td>${h(c.title)}</td><td>${h(`${c.source.kind} ${c.source.tag}: ${c.source.reference}`)}</td><td>${badge(c.status)}</td></tr>`,
    )
    .join('\n');
  const sections: string[] = [];
  for (const c of results.claims) sections.push(await claimHtml(c));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="run" data-status="${overall}">
<h1>${h(title)}</h1>
<p>${badge(overall)} <strong>${h(countsLine(n))}</strong></p>
<div class="scroll-x"><table class="run-info"><tbody>
<tr><th>seed</th><td>${results.seed}</td></tr>
<tr><th>tier</th><td>${results.tier}</td></tr>
${results.shard ? `<tr><th>shard</th><td>${results.shard.index}/${results.shard.count}</td></tr>\n` : ''}<tr><th>false-failure budget (union bound)</th><td>${h(formatRate(results.falseFailureBudget))}</td></tr>
<tr><th>replay</th><td><code>${h(results.replay)}</code></td></tr>
<tr><th>environment</th><td>${h(`node ${env.node}, ${env.platform}, ${env.cpus} CPUs${env.backend ? `, backend ${env.backend}` : ''}`)}</td></tr>
<tr><th>started</th><td>${h(results.timing.startedAt)} (${h(formatDuration(results.timing.durationMs))})</td></tr>
</tbody></table></div>
</header>
<main>
<h2>Claims</h2>
<div class="scroll-x"><table class="claims"><thead><tr><th>id</th><th>title</th><th>source</th><th>verdict</th></tr></thead><tbody>
${summaryRows || '<tr><td colspan="4">no claims in this run</td></tr>'}
</tbody></table></div>
${sections.join('\n')}
</main>
</body>
</html>
`;
}
