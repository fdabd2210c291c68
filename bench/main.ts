/**
 * `npm run bench -- <suite> [flags]`: benchmark suites. `bp` (exact core: root posteriors and sampling throughput)
 * and `train` (training step time per backend). Flags are parsed by the CLI's typed parser (bench/specs.ts), so
 * `--help` works for every suite and bad flags get one line naming the flag and exit code 2, before anything loads.
 */
import { type Command, defineCommand } from '../cli/args.js';
import { isInputError, oneLine } from '../cli/errors.js';
import { BENCH_PROGRAM, bpSpec, trainSpec } from './specs.js';

/** The suites: each parses its flags, then loads its (heavy) module. */
export const SUITES: Record<string, Command> = {
  bp: defineCommand(bpSpec, async (args) => (await import('./bp.js')).run(args)),
  train: defineCommand(trainSpec, async (args) => (await import('./train.js')).run(args)),
};

function mainHelp(): string {
  const lines = [`Usage: ${BENCH_PROGRAM} <suite> [flags]`, '', 'Suites:'];
  for (const [name, c] of Object.entries(SUITES)) lines.push(`  ${name.padEnd(8)} ${c.spec.summary}`);
  lines.push('', `Run \`${BENCH_PROGRAM} <suite> --help\` for the flags of a suite.`);
  return lines.join('\n');
}

/** Runs the benchmarks on argv (without node and script); resolves to the exit code. */
export async function benchMain(argv: readonly string[]): Promise<number> {
  const [suite, ...rest] = argv;
  if (suite === '--help' || suite === '-h' || suite === 'help') {
    console.log(mainHelp());
    return 0;
  }
  const command = suite === undefined ? undefined : SUITES[suite];
  if (command === undefined) {
    process.stderr.write(`bench: ${suite === undefined ? 'missing suite' : `unknown suite '${suite}'`} (suites: ${Object.keys(SUITES).join(', ')}; see: ${BENCH_PROGRAM} --help)\n`);
    return 2;
  }
  try {
    return await command.invoke(rest);
  } catch (e) {
    if (isInputError(e)) {
      process.stderr.write(`bench ${suite}: ${oneLine(e)}\n`);
      return 2;
    }
    throw e;
  }
}

const isEntry = process.argv[1] && /bench[\\/]main\.(ts|js)$/.test(process.argv[1]);
if (isEntry) {
  benchMain(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
