/**
 * `clip-theory bayes`: Monte Carlo estimates of the Bayes risks of CLIP (K-sample), zero-shot classification,
 * conditional denoising and the vision-language model, each with its standard error (theory/monte-carlo.ts), as JSON.
 * Works on models of any size (belief propagation, no enumeration); the seed replays the estimate exactly.
 */
import type { CommandSpec, ParsedArgs } from '../args.js';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../../io/index.js';
import { loadModel } from '../model-input.js';
import { bayesRisks } from '../../theory/monte-carlo.js';

/** Most Monte Carlo samples accepted (a guard against typos; 10⁷ BP evaluations already take minutes). */
export const MAX_BAYES_SAMPLES = 10_000_000;

/** Flags of `bayes`. */
export const spec: CommandSpec = {
  name: 'bayes',
  summary: 'Monte Carlo Bayes risks (CLIP, ZSC, CDM, VLM) with standard errors',
  flags: [
    { name: 'model', type: 'string', required: true, placeholder: 'FILE', help: 'jghm/v1 model file (- for stdin)' },
    { name: 'n', type: 'int', min: 2, max: MAX_BAYES_SAMPLES, required: true, placeholder: 'N', help: 'Monte Carlo samples' },
    { name: 'seed', type: 'int', min: 0, required: true, placeholder: 'N', help: 'root seed of the Monte Carlo draws' },
    { name: 'k', type: 'int', min: 2, default: 4, placeholder: 'K', help: 'batch size K of the CLIP risk' },
    { name: 'task', type: 'string', repeat: true, choices: ['clip', 'zsc', 'cdm', 'vlm'], help: 'estimate only these tasks (default all four)' },
    { name: 'sigma', type: 'number', placeholder: 'X', help: 'noise level σ > 0 of the conditional denoising risk (default 1, the paper\'s)' },
    { name: 'out', type: 'string', placeholder: 'FILE', help: 'write the JSON to FILE atomically instead of stdout' },
  ],
  details: [
    'Output keys: format, seed, clip, zsc, cdm, vlm, each {mean, se, n, ...}; se = sample sd/√n (nats; CDM in squared leaf units).',
    'Example: clip-theory bayes --model paper.json --n 10000 --seed 1 --k 4',
  ].join('\n'),
};

/** Runs `bayes`. */
export async function run(args: ParsedArgs): Promise<number> {
  const model = loadModel(args.model as string);
  const n = args.n as number;
  const seed = args.seed as number;
  const k = args.k as number;
  const sigma = args.sigma as number | undefined;
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed: must be a safe integer (≤ ${Number.MAX_SAFE_INTEGER}), got ${seed}`);
  const tasks = args.task as ('clip' | 'zsc' | 'cdm' | 'vlm')[] | undefined;
  if (tasks !== undefined && new Set(tasks).size !== tasks.length) throw new UsageError('--task: a task is given more than once');
  if (sigma !== undefined && !(sigma > 0)) throw new UsageError(`--sigma: must be > 0 (got ${sigma})`);
  let risks: unknown;
  try {
    risks = bayesRisks(model, { n, seed, k, ...(sigma === undefined ? {} : { sigma }), ...(tasks === undefined ? {} : { tasks }) });
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(`bayes: invalid input (--n/--seed/--k/--sigma): ${e.message}`);
    throw e;
  }
  const text = `${JSON.stringify(risks, null, 2)}\n`;
  const out = args.out as string | undefined;
  if (out !== undefined) writeFileAtomic(out, text);
  else process.stdout.write(text);
  return 0;
}
