/**
 * The table of an experiment, from its results: one row per (model, encoder, sample size, steps), the test gap to
 * the Bayes loss at each `table.evalSteps` step as median [min–max] over the finished seeds, the largest paired SE, and
 * how many seeds meet each target. It says which cells are missing, and how many finished cells are not used because
 * another code version computed them. `replaceReadmeBlock` puts it between the experiment's marker pair in a README.
 */
import type { Cell } from './cells.js';
import { ExperimentError } from './errors.js';
import type { ExperimentSpec } from './spec.js';
import type { CellResult } from './store.js';

/** Format a number with 3 decimals. */
function f3(x: number): string {
  return Number.isFinite(x) ? x.toFixed(3) : String(x);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Seeds as a short list: "224–227, 230". */
export function seedList(seeds: readonly number[]): string {
  const s = [...seeds].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j] + 1) j++;
    parts.push(j - i >= 2 ? `${s[i]}–${s[j]}` : j === i ? `${s[i]}` : `${s[i]}, ${s[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/** Inputs of `renderTable`. */
export interface TableInput {
  spec: ExperimentSpec;
  /** The spec's cells at the current code version. */
  cells: readonly Cell[];
  /** Finished results by key (only those of `cells` are used). */
  results: ReadonlyMap<string, CellResult>;
  /** Finished cells of this experiment in the results folder computed by other code versions. */
  otherVersions: number;
  /** Shown in the footnote. */
  resultsDir: string;
  codeVersion: string;
}

/** The markdown table and its footnotes. */
export function renderTable(t: TableInput): string {
  const { spec } = t;
  const rows = new Map<string, Cell[]>();
  for (const c of t.cells) rows.set(c.row, [...(rows.get(c.row) ?? []), c]);
  const title = (c: Cell): string => {
    const parts: string[] = [];
    if (spec.models.length > 1) parts.push(spec.models.find((m) => m.label === c.labels.model)!.title);
    parts.push(spec.encoders.find((e) => e.label === c.labels.encoder)!.title);
    if (spec.sampleSizes.length > 1) parts.push(c.labels.sampleSize === 'online' ? 'fresh pairs every step' : `${c.labels.sampleSize} training pairs`);
    if (spec.steps.length > 1) parts.push(`${c.labels.steps} steps`);
    return parts.join(', ');
  };
  const targets = spec.table.targets ?? [];
  const head = ['row', 'seeds finished', ...spec.table.evalSteps.map((s) => `step ${s}`), 'max paired SE'];
  if (targets.length) head.push(`≤ target (${targets.map((x) => `${x.maxGap} @ ${x.step}`).join(' / ')})`);
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  const missing: string[] = [];
  const backends = new Set<string>();
  let done = 0;
  for (const [, cells] of rows) {
    const finished = cells.flatMap((c) => {
      const r = t.results.get(c.key);
      return r ? [{ c, r }] : [];
    });
    done += finished.length;
    const absent = cells.filter((c) => !t.results.has(c.key)).map((c) => c.labels.seed);
    if (absent.length) missing.push(`${cells[0].labels.encoder}${spec.models.length > 1 ? ` on ${cells[0].labels.model}` : ''}: seeds ${seedList(absent)}`);
    for (const { r } of finished) for (const b of r.provenance.backends) backends.add(`${b.name} (${b.version})`);
    const at = (step: number) => finished.flatMap(({ r }) => r.evals.filter((e) => e.step === step).map((e) => e.gap));
    const cols = spec.table.evalSteps.map((step) => {
      const g = at(step);
      if (g.length === 0) return '—';
      return g.length === 1 ? f3(g[0]) : `${f3(median(g))} [${f3(Math.min(...g))}–${f3(Math.max(...g))}]`;
    });
    const ses = finished.flatMap(({ r }) => r.evals.filter((e) => spec.table.evalSteps.includes(e.step)).map((e) => e.gapSe));
    const row = [`${title(cells[0])} (\`${cells[0].labels.encoder}\`)`, finished.length ? `${finished.length} of ${cells.length} (${seedList(finished.map(({ c }) => c.labels.seed))})` : `0 of ${cells.length}`, ...cols, ses.length ? f3(Math.max(...ses)) : '—'];
    if (targets.length) {
      row.push(
        finished.length
          ? targets.map((x) => String(finished.filter(({ r }) => r.evals.some((e) => e.step === x.step && e.gap <= x.maxGap)).length)).join(' / ')
          : '—',
      );
    }
    lines.push(`| ${row.join(' | ')} |`);
  }
  lines.push('');
  lines.push(
    `Gap to the Bayes loss on the test pairs, median over the finished seeds [min–max]. ${done} of ${t.cells.length} cells finished ` +
      `(results \`${t.resultsDir}\`, code version \`${t.codeVersion}\`${backends.size ? `, backend ${[...backends].sort().join(', ')}` : ''}).`,
  );
  if (missing.length) lines.push(`Missing cells: ${missing.join('; ')}. Compute them with \`npm run experiment -- run ${spec.name}\`.`);
  if (t.otherVersions > 0) lines.push(`${t.otherVersions} finished cell(s) of this experiment were computed by another code version and are not used.`);
  return lines.join('\n');
}

/** The marker pair of an experiment's block in a README. */
export function readmeMarkers(name: string): { start: string; end: string } {
  return { start: `<!-- experiment:${name}:start (generated by \`npm run -s experiment -- table ${name} --update-readme\`) -->`, end: `<!-- experiment:${name}:end -->` };
}

/** `text` with the block of experiment `name` replaced by `table`; throws an ExperimentError when the markers are not there exactly once. */
export function replaceReadmeBlock(text: string, name: string, table: string): string {
  const startRe = new RegExp(`<!-- experiment:${name}:start[^>]*-->`, 'g');
  const starts = [...text.matchAll(startRe)];
  const { start, end } = readmeMarkers(name);
  const ends = text.split(end).length - 1;
  if (starts.length !== 1 || ends !== 1) throw new ExperimentError(`--readme: needs exactly one marker pair '<!-- experiment:${name}:start … -->' … '${end}' (found ${starts.length} start, ${ends} end)`);
  const s = starts[0].index!;
  const e = text.indexOf(end);
  if (e < s) throw new ExperimentError(`--readme: the end marker of experiment ${name} comes before its start marker`);
  return `${text.slice(0, s)}${start}\n${table}\n${text.slice(e)}`;
}
