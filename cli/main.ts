/**
 * The `clip-theory` command line. Each command lives in `cli/commands/<name>.ts` and exports `spec` (its flags) and
 * `run(args)` (returns the exit code). Bad input → one line on stderr, exit code 2, no stack trace.
 */
import type { Command } from './args.js';
import { UsageError, isInputError, oneLine } from './errors.js';

/** A command module: exports its typed `command` (cli/args.ts `defineCommand`). */
export interface CommandModule {
  /** The command: spec and entry point. */
  readonly command: Command;
}

/** Known commands, loaded lazily (so `generate` never loads tfjs). */
export const COMMANDS: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  generate: { summary: 'generate a random JGHM (jghm/v1 JSON)', load: () => import('./commands/generate.js') },
  sample: { summary: 'sample paired leaves from a model (json or npy)', load: () => import('./commands/sample.js') },
  exact: { summary: 'exact information quantities of an enumerable model', load: () => import('./commands/exact.js') },
  bayes: { summary: 'Monte Carlo Bayes risks (CLIP, ZSC, CDM, VLM) with standard errors', load: () => import('./commands/bayes.js') },
  verify: { summary: 'verify the claims and write reports', load: () => import('./commands/verify.js') },
  report: { summary: 'report utilities (merge shard outputs)', load: () => import('./commands/report.js') },
  claims: { summary: 'list the claims; print or update the README claims table', load: () => import('./commands/claims.js') },
  'new-claim': { summary: 'scaffold a new claim file and its failing test', load: () => import('./commands/new-claim.js') },
  train: { summary: 'train CLIP encoders on a JGHM', load: () => import('./commands/train.js') },
  experiment: { summary: 'run trained-model experiments (resumable, shardable) and print their tables', load: () => import('./commands/experiment.js') },
};

function mainHelp(): string {
  const lines = ['clip-theory — verify the statistical theory of contrastive pre-training on JGHMs', '', 'Usage: clip-theory <command> [flags]', '', 'Commands:'];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(12)} ${c.summary}`);
  lines.push('', 'Run `clip-theory <command> --help` for the flags of a command.');
  return lines.join('\n');
}

/** Runs the CLI on argv (without node and script); resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(mainHelp());
    return name ? 0 : 2;
  }
  const entry = COMMANDS[name];
  try {
    if (!entry) throw new UsageError(`unknown command '${name}' (commands: ${Object.keys(COMMANDS).join(', ')})`);
    let mod: CommandModule;
    try {
      mod = await entry.load();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String((e as Error).message).includes(`commands/${name}`)) {
        throw new UsageError(`command '${name}' is not available in this build`);
      }
      throw e;
    }
    return await mod.command.invoke(rest);
  } catch (e) {
    if (isInputError(e)) {
      process.stderr.write(`clip-theory ${name}: ${oneLine(e)}\n`);
      return 2;
    }
    process.stderr.write(`clip-theory ${name}: internal error: ${oneLine(e)}\n`);
    if (process.env.CLIP_THEORY_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    return 1;
  }
}

const isEntry = process.argv[1] && /cli[\\/](main|bin)\.(ts|js)$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`clip-theory: internal error: ${oneLine(e)}\n`);
      process.exitCode = 1;
    },
  );
}
