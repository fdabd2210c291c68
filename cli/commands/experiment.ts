/**
 * `clip-theory experiment run|table|list|merge`: trained-model experiments (experiments/). `run` computes the cells
 * of a spec into a results folder (finished cells are never recomputed, an interrupted cell resumes from its
 * checkpoint, `--shard i/n` splits the cells across processes); `table` prints the experiment's table from its results
 * (and `--update-readme` puts it in the README between the experiment's markers); `merge` copies the finished cells of
 * other machines' results folders into one; `list` shows the registered experiments.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { defineCommand } from '../args.js';
import { UsageError } from '../errors.js';
import { type ExperimentArgs, experimentOptions, spec } from './experiment-flags.js';
import { progressReporter } from './experiment-progress.js';
import {
  ExperimentError,
  cellCount,
  defaultResultsDir,
  experimentNames,
  loadSpec,
  loadSpecs,
  loadTableInput,
  mergeResults,
  parseShard,
  renderTable,
  replaceReadmeBlock,
  runSweep,
  storedCellKeys,
  readResult,
  writeAtomic,
} from '../../experiments/index.js';

/** The command's flags. */
export { spec };

async function act(args: ExperimentArgs): Promise<number> {
  const o = experimentOptions(args);
  if (o.action === 'list') {
    const specs = await loadSpecs();
    for (const s of specs) {
      const dir = defaultResultsDir(s.name);
      const finished = storedCellKeys(dir).filter((k) => readResult(dir, k)?.experiment === s.name).length;
      console.log(`${s.name.padEnd(24)} ${String(cellCount(s)).padStart(5)} cells  ${String(finished).padStart(5)} finished in ${dir}  ${s.title}`);
    }
    if (specs.length === 0) console.log(`no experiments (add experiments/specs/<name>.ts; known: ${experimentNames().join(', ')})`);
    return 0;
  }
  const shard = o.action === 'run' && o.shard !== undefined ? parseShard(o.shard) : undefined;
  const s = await loadSpec(o.experiment);
  const results = o.results ?? defaultResultsDir(s.name);
  if (existsSync(results) && !statSync(results).isDirectory()) throw new UsageError(`--results: ${results} is a file, not a results folder`);
  if (o.action === 'merge') {
    const m = mergeResults(results, o.sources);
    for (const c of m.conflicts) process.stderr.write(`conflict: cell ${c.key.slice(0, 12)} in ${c.source} differs from the finished copy in ${results} (kept ${results}'s)\n`);
    console.log(`merged ${o.sources.length} folder(s) into ${results}: ${m.copied} cells copied, ${m.identical} identical, ${m.conflicts.length} conflicts, ${m.unfinished} unfinished left out`);
    return 0;
  }
  if (o.action === 'table') {
    const table = renderTable(await loadTableInput(s, results));
    if (o.updateReadme) {
      if (!existsSync(o.readme)) throw new UsageError(`--readme: cannot read ${o.readme}`);
      const text = readFileSync(o.readme, 'utf8');
      const next = replaceReadmeBlock(text, s.name, table);
      writeAtomic(o.readme, next);
      console.log(`updated the ${s.name} table in ${o.readme}`);
      return 0;
    }
    console.log(table);
    return 0;
  }
  // run: Ctrl-C (SIGINT) or SIGTERM (Kubernetes, SLURM at the time limit) checkpoints the running cell and exits
  let stop: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stop) process.exit(signal === 'SIGTERM' ? 143 : 130); // a second signal: leave now (the last checkpoint stays)
    stop = signal;
    process.stderr.write(`\n${signal}: stopping after this step (again to quit at once)…\n`);
  };
  const tty = Boolean(process.stderr.isTTY);
  const report = progressReporter((t) => process.stderr.write(t), tty);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let summary;
  try {
    summary = await runSweep(s, {
      results,
      ...(shard ? { shard } : {}),
      backend: o.backend,
      staleAfterMs: o.staleAfterS * 1000,
      dryRun: o.dryRun,
      shouldStop: () => stop !== undefined,
      onEvent: o.dryRun ? undefined : report,
    });
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
  if (o.dryRun) {
    const shardText = shard ? ` shard ${shard.index}/${shard.count}` : '';
    console.log(`${s.name}${shardText}: ${summary.mine} of ${summary.total} cells, code version ${summary.codeVersion}, results ${results}`);
    for (const { cell, state } of summary.states) {
      const st = state.kind === 'partial' ? `partial (checkpoint at step ${state.step})` : state.kind === 'locked' ? 'running elsewhere (live lock)' : state.kind;
      console.log(`  ${cell.key.slice(0, 12)}  ${cell.row.padEnd(36)} seed ${String(cell.labels.seed).padEnd(6)} ${st}`);
    }
    return 0;
  }
  if (summary.stopped) {
    process.stderr.write(`interrupted: ${summary.alreadyDone + summary.computed} of ${summary.mine} cells finished; rerun the same command to continue\n`);
    return stop === 'SIGTERM' ? 143 : 130;
  }
  const elsewhere = summary.elsewhere ? `, ${summary.elsewhere} left to other processes` : '';
  console.log(`${s.name}: ${summary.computed} computed, ${summary.alreadyDone} already finished${elsewhere} (${summary.mine} of ${summary.total} cells here) → ${results}`);
  return 0;
}

/** Runs the command. */
export async function run(args: ExperimentArgs): Promise<number> {
  try {
    return await act(args);
  } catch (e) {
    if (e instanceof ExperimentError) throw new UsageError(e.message);
    throw e;
  }
}

/** The `experiment` command. */
export const command = defineCommand(spec, run);
