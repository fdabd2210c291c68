/**
 * `clip-theory report merge DIR... --out DIR`: merges the report directories written by the shards of one run
 * (same seed and tier) into one report (results.json, report.md, index.html, junit.xml, counterexample files).
 */
import { type ArgsOf, bool, defineCommand, defineSpec, path } from '../args.js';
import { UsageError, oneLine } from '../errors.js';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ReportError } from '../../reports/report-error.js';
import { validateResults } from '../../reports/validate-results.js';

/**
 * A report error in the user's words: the library's function names (`mergeReportDirs:`, `validateResults:`) are
 * dropped, and `list[i]` (the i-th results object) becomes the results.json of the i-th DIR given.
 */
export function userMessage(message: string, dirs: readonly string[]): string {
  return message
    .replace(/\b(mergeReportDirs|mergeResults|validateResults|readResultsDir|writeReport|writeDirAtomic): /g, '')
    .replace(/\blist\[(\d+)\]\.?/g, (_, i: string) => `${dirs[Number(i)] === undefined ? `DIRS[${i}]` : join(dirs[Number(i)], 'results.json')}${_.endsWith('.') ? ': ' : ''}`)
    .replace(/^dirs(\[\d+\])?: /, 'DIRS: ');
}

/** Flags of `clip-theory report`. */
export const spec = defineSpec({
  name: 'report',
  summary: 'report utilities: merge the report directories of the shards of one run',
  positionals: [
    { name: 'action', help: 'merge', required: true },
    { name: 'dirs', help: 'shard report directories (each with results.json)', variadic: true },
  ],
  flags: {
    out: path({ role: 'output-dir', required: true, help: 'output report directory (replaced atomically)' }),
    allowPartial: bool({ help: 'accept an incomplete set of shards' }),
  },
  details: 'Example: clip-theory report merge reports/shard-* --out reports/latest\nExit code: 0 when the merged report was written (whatever the verdicts), 2 on bad input.',
});

/** Parsed flags of `report`. */
export type ReportArgs = ArgsOf<typeof spec>;

/** Runs `clip-theory report`. */
export async function run(args: ReportArgs): Promise<number> {
  const [action, ...dirs] = args._;
  if (action !== 'merge') throw new UsageError(`unknown action ${JSON.stringify(action)} (actions: merge)`);
  if (dirs.length === 0) throw new UsageError('merge: missing argument DIRS (at least one shard report directory)');
  const out = args.out;
  for (const d of dirs) {
    if (!existsSync(d)) throw new UsageError(`DIRS: ${d} does not exist`);
    if (!statSync(d).isDirectory()) throw new UsageError(`DIRS: ${d} is not a directory`);
    if (!existsSync(join(d, 'results.json'))) throw new UsageError(`DIRS: ${d} has no results.json (not a report directory?)`);
    if (resolve(d) === resolve(out)) throw new UsageError(`--out: ${out} is also one of the shard directories`);
    const file = join(d, 'results.json');
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new UsageError(`${file}: not valid JSON (${oneLine(e)})`);
    }
    try {
      validateResults(parsed);
    } catch (e) {
      if (e instanceof ReportError) throw new UsageError(`${file}: ${userMessage(e.message, dirs)}`);
      throw e;
    }
  }
  const { mergeReportDirs } = await import('../../reports/merge-report-dirs.js');
  const { countsLine, runStatus, statusCounts } = await import('../../reports/verdict.js');
  try {
    const merged = await mergeReportDirs(dirs, out, { allowPartial: args.allowPartial });
    const n = statusCounts(merged);
    console.log(`merged ${dirs.length} report(s): ${countsLine(n)}, verdict ${runStatus(merged)} → ${out}`);
    return 0;
  } catch (e) {
    if (e instanceof ReportError) throw new UsageError(userMessage(e.message, dirs));
    throw e;
  }
}

/** The `report` command. */
export const command = defineCommand(spec, run);
