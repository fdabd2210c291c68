/**
 * `clip-theory report merge DIR... --out DIR`: merges the report directories written by the shards of one run
 * (same seed and tier) into one report (results.json, report.md, index.html, junit.xml, counterexample files).
 */
import { type ArgsOf, bool, defineCommand, defineSpec, path } from '../args.js';
import { UsageError } from '../errors.js';
import { mergeReportDirs } from '../../reports/merge-report-dirs.js';
import { ReportError } from '../../reports/report-error.js';
import { countsLine, runStatus, statusCounts } from '../../reports/verdict.js';

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
  try {
    const merged = await mergeReportDirs(dirs, out, { allowPartial: args.allowPartial });
    const n = statusCounts(merged);
    console.log(`merged ${dirs.length} report(s): ${countsLine(n)}, verdict ${runStatus(merged)} → ${out}`);
    return 0;
  } catch (e) {
    if (e instanceof ReportError) throw new UsageError(e.message);
    throw e;
  }
}

/** The `report` command. */
export const command = defineCommand(spec, run);
