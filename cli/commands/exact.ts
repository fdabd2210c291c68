/**
 * `clip-theory exact`: exact information quantities of an enumerable model (theory/exact-summary.ts) as JSON —
 * mutual information, Bayes CLIP losses for each K (both anchors), root posteriors and PMI of given leaves,
 * sufficiency of named encoders, the zero-shot Bayes cross-entropy, and diagnostics. Every input is validated here
 * first so that errors name the flag.
 */
import { type ArgsOf, defineCommand, defineSpec, int, intList, path, repeated, string } from '../args.js';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../../io/index.js';
import { checkBatchSizes, checkLeaves, ENCODER_GRAMMAR, parseEncoderNames } from '../leaf-input.js';
import { loadModel, maxCellsFlag } from '../model-input.js';
import { formatLeafConfigurations, leafConfigurationsExceed } from '../../theory/model-size.js';
import { MODALITIES } from '../../theory/model.js';
import { DEFAULT_MAX_CONFIGURATIONS, EnumerationTooLargeError, checkedConfigurationCount } from '../../theory/enumeration.js';
import { exactSummary } from '../../theory/exact-summary.js';
import { DEFAULT_MAX_TUPLES } from '../../theory/clip-loss-exact.js';

/** Flags of `exact`. */
export const spec = defineSpec({
  name: 'exact',
  summary: 'exact information quantities of an enumerable model',
  flags: {
    model: path({ role: 'input-file', stdin: true, required: true, help: 'jghm/v1 model file (- for stdin)' }),
    imageLeaves: intList({ placeholder: 'V1,..', help: 'image leaf values (one per image leaf) for rootPosterior.image and pmi' }),
    textLeaves: intList({ placeholder: 'V1,..', help: 'text leaf values (one per text leaf) for rootPosterior.text and pmi' }),
    encoder: repeated(string({ placeholder: 'NAME', help: `encoder whose sufficiency to report: ${ENCODER_GRAMMAR}` })),
    k: intList({ min: 2, max: 64, maxItems: 16, default: [2, 3], placeholder: 'K1,..', help: 'batch sizes K of the exact Bayes CLIP loss (cost grows as configurations^(K+1))' }),
    maxConfigurations: int({ min: 1, default: DEFAULT_MAX_CONFIGURATIONS, placeholder: 'N', help: 'refuse trees with more leaf configurations than N' }),
    maxTuples: int({ min: 1, default: DEFAULT_MAX_TUPLES, placeholder: 'N', help: 'refuse an exact K-sample loss above N anchor × candidate-tuple evaluations (configurations^(K+1))' }),
    out: path({ role: 'output-file', help: 'write the JSON to FILE atomically instead of stdout' }),
    maxCells: maxCellsFlag,
  },
  details: [
    'Output keys: mutualInformation, bayesClipLoss {K: value}, bayesClipLossByDirection, rootPosterior {image, text}',
    '(a side only when its leaves are given), pmi (null unless both leaves are given; "-Infinity" for a pair of probability 0), sufficiency {encoder: value},',
    'zeroShotBayesCrossEntropy, leafConfigurations, diagnostics. Values are in nats.',
    'Example: clip-theory exact --model toy.json --image-leaves 0,1,2,0 --text-leaves 1,1,0,2 --encoder image:leaf:0 --k 2,3',
  ].join('\n'),
});

/** Parsed flags of `exact`. */
export type ExactArgs = ArgsOf<typeof spec>;

/** Names the flag behind a refused enumeration: the configuration cap, K (tuple count), or the model itself. */
function tooLarge(e: EnumerationTooLargeError): UsageError {
  if (e.field === 'maxConfigurations') return new UsageError(`--max-configurations: ${e.message}`);
  if (e.field === 'maxTuples') return new UsageError(`--k: ${e.message}`);
  return new UsageError(`--model: too large for exact computation: ${e.message}`);
}

/** Runs `exact`. */
export async function run(args: ExactArgs): Promise<number> {
  const k = checkBatchSizes(args.k);
  const model = loadModel(args.model, 'model', args.maxCells);
  const maxConfigurations = args.maxConfigurations;
  for (const m of MODALITIES) {
    // In BigInt/logs first, so the message never says Infinity.
    const leaves = BigInt(model[m].leaves);
    if (leafConfigurationsExceed(model.states, leaves, maxConfigurations)) {
      throw new UsageError(
        `--max-configurations: the ${m} tree has ${model[m].leaves} leaves → ${formatLeafConfigurations(model.states, leaves)} leaf configurations, above the limit of ${maxConfigurations} (raise --max-configurations, or use \`bayes\` for Monte Carlo estimates)`,
      );
    }
    try {
      checkedConfigurationCount(model, m, maxConfigurations);
    } catch (e) {
      if (e instanceof EnumerationTooLargeError) throw tooLarge(e);
      throw e;
    }
  }
  const nx = Math.pow(model.states, model.image.leaves);
  const ny = Math.pow(model.states, model.text.leaves);
  for (const K of k) {
    // anchor × tuple evaluations of both directions, in logs so that the message never says Infinity
    const log10Cost = Math.max(Math.log10(nx) + K * Math.log10(ny), Math.log10(ny) + K * Math.log10(nx));
    if (log10Cost > Math.log10(args.maxTuples)) {
      throw new UsageError(`--k: the exact K=${K} loss needs ≈10^${log10Cost.toFixed(1)} anchor × tuple evaluations, above the limit of ${args.maxTuples} (use smaller K, raise --max-tuples, or \`bayes\` for Monte Carlo estimates)`);
    }
  }
  const imageLeaves = checkLeaves(model, 'image', args.imageLeaves);
  const textLeaves = checkLeaves(model, 'text', args.textLeaves);
  const encoders = parseEncoderNames(model, args.encoder).map((e) => e.name);
  let summary: unknown;
  try {
    summary = exactSummary(model, {
      ...(imageLeaves === undefined ? {} : { imageLeaves }),
      ...(textLeaves === undefined ? {} : { textLeaves }),
      encoders,
      k,
      maxConfigurations,
      maxTuples: args.maxTuples,
    });
  } catch (e) {
    if (e instanceof EnumerationTooLargeError) throw tooLarge(e);
    if (e instanceof RangeError) throw new UsageError(`exact: invalid input (--image-leaves/--text-leaves/--encoder/--k): ${e.message}`);
    throw e;
  }
  const text = `${JSON.stringify(summary, null, 2)}\n`;
  const out = args.out;
  if (out !== undefined) writeFileAtomic(out, text);
  else process.stdout.write(text);
  return 0;
}

/** The `exact` command. */
export const command = defineCommand(spec, run);
