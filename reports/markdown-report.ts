/**
 * report.md: GitHub-flavoured Markdown for a CI job summary — run header, claims table, then one section per claim
 * (statement as $$…$$ TeX, quantities with intervals, checks, table, failure details with replay commands).
 * Deterministic apart from the run's timing fields.
 */
import { escapeMarkdown as md, markdownCode } from './escape.js';
import { formatDuration, formatInterval, formatNumber, formatRate } from './format-number.js';
import type { ClaimResult, RunResults } from './results-schema.js';
import { countsLine, reportTitle, runStatus, statusCounts, verdictMark, verdictWord } from './verdict.js';
import { isQualified, powerCell, powerCountsLine, powerFieldsLine, powerNoteText, qualifiedVerdict } from './power-display.js';

/** Marker of a weak / vacuous check next to the verdict mark. */
const POWER_MARK = { weak: '🟡', vacuous: '⚪' } as const;

function verdictCell(c: ClaimResult): string {
  const mark = isQualified(c) ? ` ${POWER_MARK[c.powerStatus as 'weak' | 'vacuous']}` : '';
  return `${verdictMark(c.status)}${mark} ${qualifiedVerdict(verdictWord(c.status), c)}`;
}

function powerLines(c: ClaimResult): string[] {
  if (!c.powerStatus) return [];
  const fields = powerFieldsLine(c);
  return ['', `Power: **${c.powerStatus}** — ${md(powerNoteText(c))}${fields ? ` (${md(fields)})` : ''}`];
}

/** Anchor GitHub generates for a heading `Claim <id>` is unreliable; we emit explicit `<a id>` anchors instead. */
function anchor(id: string): string {
  return `claim-${id}`;
}

function cell(s: string): string {
  return md(s);
}

/** TeX as a display-math block; blank lines (which would end the block) are removed. */
function mathBlock(tex: string): string[] {
  const body = tex
    .split(/\r\n?|\n/)
    .filter((l) => l.trim() !== '')
    .join('\n');
  return ['$$', body, '$$'];
}

/** TeX as GitHub inline math inside a table cell: one line, trimmed, no `$` or `|` (which end the math or cell). */
function inlineMath(tex: string): string {
  const body = tex
    .replace(/\\\|/g, '\\Vert ')
    .replace(/\|/g, '\\vert ')
    .replace(/\$/g, '\\$')
    .replace(/\r\n?|\n/g, ' ')
    .trim();
  return `$${body}$`;
}

function quantityLines(c: ClaimResult): string[] {
  if (c.quantities.length === 0) return [];
  const lines = ['', '**Quantities**', '', '| quantity | estimate | interval | s.e. | kind | note |', '|---|---:|---|---:|---|---|'];
  for (const q of c.quantities) {
    const name = q.tex ? `${cell(q.name)} (${inlineMath(q.tex)})` : cell(q.name);
    lines.push(
      `| ${name} | ${formatNumber(q.estimate, 6)} | ${q.ci ? formatInterval(q.ci, 6) : '—'} | ${q.se !== undefined ? formatNumber(q.se, 3) : '—'} | ${q.exact ? 'exact' : 'estimate'} | ${q.note ? cell(q.note) : ''} |`,
    );
  }
  return lines;
}

function checkLines(c: ClaimResult): string[] {
  if (c.checks.length === 0) return [];
  const lines = ['', '**Checks**', ''];
  for (const k of c.checks) lines.push(`- ${k.passed ? '✅' : '❌'} ${md(k.description)}${k.detail ? ` — ${md(k.detail)}` : ''}`);
  return lines;
}

function tableLines(c: ClaimResult): string[] {
  if (!c.table) return [];
  const t = c.table;
  const fmt = (v: string | number) => (typeof v === 'number' ? formatNumber(v, 6) : cell(v));
  return [
    '',
    `| ${t.columns.map(cell).join(' | ')} |`,
    `|${t.columns.map(() => '---').join('|')}|`,
    ...t.rows.map((r) => `| ${r.map(fmt).join(' | ')} |`),
  ];
}

function plotLines(c: ClaimResult): string[] {
  if (!c.plots?.length) return [];
  return ['', `Plots (see index.html): ${c.plots.map((p) => md(p.title)).join('; ')}`];
}

function failureLines(c: ClaimResult): string[] {
  if (c.status === 'pass') return [];
  const lines = ['', `**${c.status === 'fail' ? 'Failure' : 'Error'} details**`, ''];
  if (c.message) lines.push(`- message: ${md(c.message)}`);
  lines.push(`- replay: ${markdownCode(c.replay)}`);
  const ce = c.counterexample;
  if (ce) {
    lines.push(`- counterexample: ${md(ce.description)}`);
    lines.push(`  - model file: ${markdownCode(ce.modelFile)} (in this report's directory)`);
    lines.push(`  - fast-check seed ${markdownCode(String(ce.fastCheckSeed))}, path ${markdownCode(ce.path)}`);
    lines.push(`  - replay: ${markdownCode(ce.replay)}`);
  }
  return lines;
}

function claimSection(c: ClaimResult): string[] {
  const lines = [
    '',
    `<a id="${anchor(c.id)}"></a>`,
    '',
    `### ${verdictMark(c.status)}${isQualified(c) ? ` ${POWER_MARK[c.powerStatus as 'weak' | 'vacuous']}` : ''} ${md(c.id)}: ${md(c.title)}`,
    '',
    `**${qualifiedVerdict(verdictWord(c.status), c)}** — ${md(c.summary)}`,
    ...powerLines(c),
    '',
    `Source: ${md(c.source.kind)}, ${md(c.source.tag)} — ${md(c.source.reference)} · tier ${c.tier} · seed ${c.seed} · false-failure rate ${formatRate(c.falseFailureRate)}${c.power ? ` · power: ${md(c.power)}` : ''} · ${formatDuration(c.timing.durationMs)}`,
    '',
    ...mathBlock(c.statement.tex),
    '',
    `mathjs: ${markdownCode(c.statement.expression)}`,
    ...quantityLines(c),
    ...checkLines(c),
    ...tableLines(c),
    ...plotLines(c),
    ...failureLines(c),
  ];
  if (c.status === 'pass' && c.message) lines.push('', `Note: ${md(c.message)}`);
  if (c.status === 'pass') lines.push('', `Replay: ${markdownCode(c.replay)}`);
  return lines;
}

/** Renders report.md for a run. */
export function renderMarkdownReport(results: RunResults): string {
  const n = statusCounts(results);
  const overall = runStatus(results);
  const lines = [
    `# ${md(reportTitle(results))}`,
    '',
    `**${verdictMark(overall)} ${verdictWord(overall)}** — ${countsLine(n)}${powerCountsLine(results) ? `; ${powerCountsLine(results)} (🟡 weak: the check can fail only on a large violation or in few cases; ⚪ vacuous: it could not fail)` : ''}`,
    '',
    '| | |',
    '|---|---|',
    `| seed | ${results.seed} |`,
    `| tier | ${results.tier} |`,
    `| false-failure budget (union bound) | ${formatRate(results.falseFailureBudget)} |`,
    `| replay | ${markdownCode(results.replay, true)} |`,
    `| environment | ${cell(`node ${results.environment.node}, ${results.environment.platform}, ${results.environment.cpus} CPUs${results.environment.backend ? `, backend ${results.environment.backend}` : ''}`)} |`,
    `| started | ${cell(results.timing.startedAt)} (${formatDuration(results.timing.durationMs)}) |`,
  ];
  if (results.shard) lines.push(`| shard | ${results.shard.index}/${results.shard.count} |`);
  lines.push('', '## Claims', '', '| id | title | source | verdict | power |', '|---|---|---|---|---|');
  for (const c of results.claims) {
    const power = cell(powerCell(c));
    lines.push(`| [${md(c.id)}](#${anchor(c.id)}) | ${cell(c.title)} | ${cell(`${c.source.kind} ${c.source.tag}: ${c.source.reference}`)} | ${verdictCell(c)} | ${power} |`);
  }
  if (results.claims.length === 0) lines.push('| — | no claims in this run | | | |');
  lines.push('', '## Details');
  for (const c of results.claims) lines.push(...claimSection(c));
  return `${lines.join('\n')}\n`;
}
