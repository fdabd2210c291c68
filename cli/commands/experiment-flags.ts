/**
 * The flags of `clip-theory experiment` and their conversion to typed options: the only place that reads the
 * parser's output, so switching to another argument parser touches this file alone.
 */
import { type ArgsOf, bool, choice, defineSpec, int, string } from '../args.js';
import { UsageError } from '../errors.js';

/** Actions of `experiment`. */
export const EXPERIMENT_ACTIONS = ['run', 'table', 'list', 'merge'] as const;

/** The command's interface. */
export const spec = defineSpec({
  name: 'experiment',
  summary: 'run trained-model experiments (resumable, shardable sweeps) and print their tables',
  positionals: [
    { name: 'action', help: 'run | table | list | merge', required: true },
    { name: 'experiment', help: 'experiment name (experiments/specs/<name>.ts) or a spec file path; merge: then the source results folders', variadic: true },
  ],
  flags: {
    results: string({ placeholder: 'DIR', help: 'results folder (default runs/experiments/<name>)' }),
    shard: string({ placeholder: 'i/n', help: 'run: compute only shard i of n (cells dealt by content hash)' }),
    dryRun: bool({ help: 'run: print the plan (state of every cell) and compute nothing' }),
    backend: choice(['auto', 'wasm', 'cpu', 'tensorflow', 'webgpu'] as const, { help: 'run: tfjs backend', default: 'auto' }),
    staleAfter: int({ placeholder: 'S', min: 1, max: 7 * 24 * 3600, default: 600, help: 'run: seconds without heartbeat after which a cell lock is stale' }),
    updateReadme: bool({ help: "table: rewrite the experiment's block in the README" }),
    readme: string({ placeholder: 'FILE', default: 'README.md', help: 'table: README to update' }),
  },
  details: [
    'Examples:',
    '  npm run experiment -- list',
    '  npm run experiment -- run learning-curve-smoke',
    '  npm run experiment -- run learning-curve --shard 2/8 --results /shared/lc',
    '  npm run experiment -- merge learning-curve machine-a/lc machine-b/lc',
    '  npm run experiment -- table learning-curve-smoke --update-readme',
    'Exit code: 0 done, 2 bad input, 130 / 143 interrupted by SIGINT (Ctrl-C) / SIGTERM (the running cell is checkpointed; rerun to continue).',
  ].join('\n'),
});

/** Parsed flags of `experiment`. */
export type ExperimentArgs = ArgsOf<typeof spec>;

/** Typed options of one invocation. */
export type ExperimentOptions =
  | { action: 'list' }
  | { action: 'run'; experiment: string; results?: string; shard?: string; dryRun: boolean; backend: 'auto' | 'wasm' | 'cpu' | 'tensorflow' | 'webgpu'; staleAfterS: number }
  | { action: 'table'; experiment: string; results?: string; updateReadme: boolean; readme: string }
  | { action: 'merge'; experiment: string; results?: string; sources: string[] };

/** Converts parsed arguments to typed options; a flag given to an action that ignores it is a usage error. */
export function experimentOptions(args: ExperimentArgs): ExperimentOptions {
  const [action, ...rest] = args._;
  if (!(EXPERIMENT_ACTIONS as readonly string[]).includes(action)) throw new UsageError(`unknown action ${JSON.stringify(action)} (actions: ${EXPERIMENT_ACTIONS.join(', ')})`);
  const values = args as unknown as Record<string, unknown>;
  const given = (key: string) => values[key] !== undefined && values[key] !== false && values[key] !== spec.flags[key as keyof typeof spec.flags].defaultValue;
  const only = (allowed: string[]) => {
    for (const key of Object.keys(spec.flags)) {
      const flag = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      if (!allowed.includes(flag) && given(key)) throw new UsageError(`--${flag}: not an option of '${action}'`);
    }
  };
  const results = args.results;
  if (action === 'list') {
    only([]);
    if (rest.length) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])} for 'experiment list'`);
    return { action };
  }
  const experiment = rest[0];
  if (experiment === undefined) throw new UsageError(`missing argument EXPERIMENT for 'experiment ${action}' (see: clip-theory experiment list)`);
  if (action === 'merge') {
    only(['results']);
    if (rest.length < 2) throw new UsageError("merge: missing argument SOURCES (at least one results folder to merge)");
    return { action, experiment, sources: rest.slice(1), ...(results === undefined ? {} : { results }) };
  }
  if (rest.length > 1) throw new UsageError(`unexpected argument ${JSON.stringify(rest[1])} for 'experiment ${action}'`);
  if (action === 'table') {
    only(['results', 'update-readme', 'readme']);
    return { action, experiment, updateReadme: args.updateReadme === true, readme: args.readme, ...(results === undefined ? {} : { results }) };
  }
  only(['results', 'shard', 'dry-run', 'backend', 'stale-after']);
  return {
    action: 'run',
    experiment,
    dryRun: args.dryRun === true,
    backend: args.backend,
    staleAfterS: args.staleAfter,
    ...(results === undefined ? {} : { results }),
    ...(args.shard === undefined ? {} : { shard: args.shard }),
  };
}
