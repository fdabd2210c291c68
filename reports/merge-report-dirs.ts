/**
 * Merging report directories written by shards (each holding results.json and its counterexample files) into one
 * report directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mergeResults, type MergeOptions } from './merge-results.js';
import { ReportError } from './report-error.js';
import type { RunResults } from './results-schema.js';
import { validateResults } from './validate-results.js';
import { REPORT_FILES, writeReport, type ExtraFile } from './write-report.js';

const FN = 'mergeReportDirs';

/** Reads and validates `<dir>/results.json`; errors name the file. */
export function readResultsDir(dir: string): RunResults {
  const path = join(dir, REPORT_FILES.results);
  if (!existsSync(path)) throw new ReportError(FN, 'dirs', `${path} does not exist (not a report directory?)`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ReportError(FN, path, `not valid JSON (${(e as Error).message.replace(/\s*\n\s*/g, ' ')})`);
  }
  try {
    return validateResults(parsed);
  } catch (e) {
    throw new ReportError(FN, path, (e as Error).message);
  }
}

/**
 * Reads results.json from every directory, merges them with mergeResults, copies each claim's counterexample
 * model file from its source directory, and writes the merged report to `outDir` with writeReport (atomically).
 * Returns the merged results. `outDir` must not be one of the input directories.
 */
export async function mergeReportDirs(dirs: readonly string[], outDir: string, options: MergeOptions = {}): Promise<RunResults> {
  if (dirs.length === 0) throw new ReportError(FN, 'dirs', 'expected at least one report directory');
  const out = resolve(outDir);
  dirs.forEach((d, i) => {
    if (resolve(d) === out) throw new ReportError(FN, `dirs[${i}]`, `${d} is also the output directory`);
  });
  const list = dirs.map(readResultsDir);
  const merged = mergeResults(list, options);
  const extra = new Map<string, ExtraFile & { from: string }>();
  list.forEach((r, i) => {
    for (const c of r.claims) {
      if (!c.counterexample) continue;
      const rel = c.counterexample.modelFile;
      const src = join(dirs[i], rel);
      if (!existsSync(src)) throw new ReportError(FN, `${dirs[i]}: claim ${c.id}: counterexample.modelFile`, `${src} does not exist`);
      const content = readFileSync(src);
      const prev = extra.get(rel);
      if (prev && !Buffer.from(prev.content).equals(content)) {
        throw new ReportError(FN, `${dirs[i]}: claim ${c.id}: counterexample.modelFile`, `${rel} differs from the file of the same name in ${prev.from}`);
      }
      extra.set(rel, { name: rel, content, from: dirs[i] });
    }
  });
  await writeReport(
    merged,
    outDir,
    [...extra.values()].map(({ name, content }) => ({ name, content })),
  );
  return merged;
}
