/**
 * `clip-theory bayes`: Monte Carlo estimates of the Bayes risks of CLIP (K-sample), zero-shot classification,
 * conditional denoising and the vision-language model, each with its standard error (theory/monte-carlo.ts), as JSON.
 * Works on models of any size (belief propagation, no enumeration); the seed replays the estimate exactly.
 */
import { type ArgsOf, choice, defineCommand, defineSpec, float, int, path, repeated } from '../args.js';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../../io/index.js';
import { loadModel, maxCellsFlag } from '../model-input.js';
import { CHUNK, bayesRisks } from '../../theory/monte-carlo.js';

/** Most Monte Carlo samples accepted (a guard against typos; 10⁷ BP evaluations already take minutes). */
export const MAX_BAYES_SAMPLES = 10_000_000;

/** Flags of `bayes`. */
export const spec = defineSpec({
  name: 'bayes',
  summary: 'Monte Carlo Bayes risks (CLIP, ZSC, CDM, VLM) with standard errors',
  flags: {
    model: path({ role: 'input-file', stdin: true, required: true, help: 'jghm/v1 model file (- for stdin)' }),
    n: int({ min: 2, max: MAX_BAYES_SAMPLES, required: true, placeholder: 'N', help: 'Monte Carlo samples' }),
    seed: int({ min: 0, required: true, placeholder: 'N', help: 'root seed of the Monte Carlo draws' }),
    k: int({ min: 2, max: 1_000_000, default: 4, placeholder: 'K', help: 'batch size K of the CLIP risk' }),
    task: repeated(choice(['clip', 'zsc', 'cdm', 'vlm'] as const, { help: 'estimate only these tasks (default all four)' })),
    sigma: float({ placeholder: 'X', help: 'noise level σ > 0 of the conditional denoising risk (default 1, the paper\'s)' }),
    out: path({ role: 'output-file', help: 'write the JSON to FILE atomically instead of stdout' }),
    maxCells: maxCellsFlag,
  },
  details: [
    'Output keys: format, seed, clip, zsc, cdm, vlm, each {mean, se, n, ...}; se = sample sd/√n (nats; CDM in squared leaf units).',
    'Example: clip-theory bayes --model paper.json --n 10000 --seed 1 --k 4',
  ].join('\n'),
});

/** Parsed flags of `bayes`. */
export type BayesArgs = ArgsOf<typeof spec>;

/** Runs `bayes`. */
export async function run(args: BayesArgs): Promise<number> {
  const { n, seed, k, sigma, task: tasks } = args;
  if (tasks !== undefined && new Set(tasks).size !== tasks.length) throw new UsageError('--task: a task is given more than once');
  if (sigma !== undefined && !(sigma > 0)) throw new UsageError(`--sigma: must be > 0 (got ${sigma})`);
  const model = loadModel(args.model, 'model', args.maxCells);
  // One chunk of the CLIP risk holds (K + 1) pairs' leaves and root posteriors per sample: refuse before sampling.
  const chunkCells = Math.min(n, CHUNK) * (k + 1) * (model.image.leaves + model.text.leaves + 2 * model.states);
  if (chunkCells > args.maxCells && (tasks === undefined || tasks.includes('clip'))) {
    throw new UsageError(`--k: K = ${k} needs ${chunkCells.toExponential(2)} cells per chunk of ${Math.min(n, CHUNK)} samples, above the limit of ${args.maxCells} cells (lower --k, or raise --max-cells)`);
  }
  let risks: unknown;
  try {
    risks = bayesRisks(model, { n, seed, k, ...(sigma === undefined ? {} : { sigma }), ...(tasks === undefined ? {} : { tasks }) });
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(`bayes: invalid input (--n/--seed/--k/--sigma): ${e.message}`);
    throw e;
  }
  const text = `${JSON.stringify(risks, null, 2)}\n`;
  const out = args.out;
  if (out !== undefined) writeFileAtomic(out, text);
  else process.stdout.write(text);
  return 0;
}

/** The `bayes` command. */
export const command = defineCommand(spec, run);
