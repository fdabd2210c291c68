/**
 * Writes a complete report directory atomically: results.json (canonical JSON), report.md, index.html, junit.xml
 * and extra files such as counterexample models. An interrupted or failing run leaves the previous report intact.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeDirAtomic } from '../io/index.js';
import { renderHtmlReport } from './html-report.js';
import { renderJunitReport } from './junit-report.js';
import { renderMarkdownReport } from './markdown-report.js';
import { ReportError } from './report-error.js';
import type { RunResults } from './results-schema.js';
import { stableJson } from './stable-json.js';
import { isSafeRelativePath, validateResults } from './validate-results.js';

/** File names of a report directory. */
export const REPORT_FILES = {
  results: 'results.json',
  markdown: 'report.md',
  html: 'index.html',
  junit: 'junit.xml',
} as const;

/** An extra file written into the report directory (relative path, `/`-separated). */
export interface ExtraFile {
  name: string;
  content: string | Uint8Array;
}

/**
 * Validates `results`, renders every report format and swaps the finished directory into `outDir`. Extra file
 * names must be safe relative paths and must not clash with the report files or each other; every claim's
 * `counterexample.modelFile` must be among them.
 */
export async function writeReport(results: RunResults, outDir: string, extraFiles: readonly ExtraFile[] = []): Promise<void> {
  if (typeof outDir !== 'string' || outDir.trim() === '') throw new ReportError('writeReport', 'outDir', 'expected a non-empty path');
  validateResults(results);
  const reserved = new Set<string>(Object.values(REPORT_FILES));
  const seen = new Set<string>();
  extraFiles.forEach((f, i) => {
    if (typeof f.name !== 'string' || !isSafeRelativePath(f.name)) throw new ReportError('writeReport', `extraFiles[${i}].name`, `must be a relative path inside the report directory, got ${JSON.stringify(f.name)}`);
    if (reserved.has(f.name)) throw new ReportError('writeReport', `extraFiles[${i}].name`, `${f.name} is written by the report itself`);
    if (seen.has(f.name)) throw new ReportError('writeReport', `extraFiles[${i}].name`, `duplicate file ${f.name}`);
    seen.add(f.name);
  });
  results.claims.forEach((c, i) => {
    if (c.counterexample && !seen.has(c.counterexample.modelFile)) {
      throw new ReportError('writeReport', `claims[${i}].counterexample.modelFile`, `${c.counterexample.modelFile} is not among extraFiles (the report would point at a missing file)`);
    }
  });
  // Render everything before touching the disk: a rendering failure then cannot even create a staging directory.
  const files: ExtraFile[] = [
    { name: REPORT_FILES.results, content: stableJson(results) },
    { name: REPORT_FILES.markdown, content: renderMarkdownReport(results) },
    { name: REPORT_FILES.html, content: await renderHtmlReport(results) },
    { name: REPORT_FILES.junit, content: renderJunitReport(results) },
    ...extraFiles,
  ];
  await writeDirAtomic(outDir, (staging) => {
    for (const f of files) {
      const path = join(staging, f.name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, f.content);
    }
  });
}
