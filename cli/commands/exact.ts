/**
 * `clip-theory exact`: exact information quantities of an enumerable model (theory/exact-summary.ts) as JSON —
 * mutual information, Bayes CLIP losses for each K (both anchors), root posteriors and PMI of given leaves,
 * sufficiency of named encoders, the zero-shot Bayes cross-entropy, and diagnostics. Every input is validated here
 * first so that errors name the flag.
 */
import type { CommandSpec, ParsedArgs } from '../args.js';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../../io/index.js';
import { checkBatchSizes, checkLeaves, ENCODER_GRAMMAR, parseEncoderNames } from '../leaf-input.js';
import { loadModel } from '../model-input.js';
import { MODALITIES } from '../../theory/model.js';
import { DEFAULT_MAX_CONFIGURATIONS, EnumerationTooLargeError, checkedConfigurationCount } from '../../theory/enumeration.js';
import { exactSummary } from '../../theory/exact-summary.js';

/** Flags of `exact`. */
export const spec: CommandSpec = {
  name: 'exact',
  summary: 'exact information quantities of an enumerable model',
  flags: [
    { name: 'model', type: 'string', required: true, placeholder: 'FILE', help: 'jghm/v1 model file (- for stdin)' },
    { name: 'image-leaves', type: 'int-list', placeholder: 'V1,..', help: 'image leaf values (one per image leaf) for rootPosterior.image and pmi' },
    { name: 'text-leaves', type: 'int-list', placeholder: 'V1,..', help: 'text leaf values (one per text leaf) for rootPosterior.text and pmi' },
    { name: 'encoder', type: 'string', repeat: true, placeholder: 'NAME', help: `encoder whose sufficiency to report: ${ENCODER_GRAMMAR}` },
    { name: 'k', type: 'int-list', min: 2, default: [2, 3], placeholder: 'K1,..', help: 'batch sizes K of the exact Bayes CLIP loss (cost grows as configurations^(K+1))' },
    { name: 'max-configurations', type: 'int', min: 1, default: DEFAULT_MAX_CONFIGURATIONS, placeholder: 'N', help: 'refuse trees with more leaf configurations than N' },
    { name: 'out', type: 'string', placeholder: 'FILE', help: 'write the JSON to FILE atomically instead of stdout' },
  ],
  details: [
    'Output keys: mutualInformation, bayesClipLoss {K: value}, bayesClipLossByDirection, rootPosterior {image, text}',
    '(a side only when its leaves are given), pmi (null unless both leaves are given), sufficiency {encoder: value},',
    'zeroShotBayesCrossEntropy, leafConfigurations, diagnostics. Values are in nats.',
    'Example: clip-theory exact --model toy.json --image-leaves 0,1,2,0 --text-leaves 1,1,0,2 --encoder image:leaf:0 --k 2,3',
  ].join('\n'),
};

/** Names the flag behind a refused enumeration: the configuration cap, K (tuple count), or the model itself. */
function tooLarge(e: EnumerationTooLargeError): UsageError {
  if (e.field === 'maxConfigurations') return new UsageError(`--max-configurations: ${e.message}`);
  if (e.field === 'maxTuples') return new UsageError(`--k: ${e.message}`);
  return new UsageError(`--model: too large for exact computation (${e.field}): ${e.message}`);
}

/** Runs `exact`. */
export async function run(args: ParsedArgs): Promise<number> {
  const model = loadModel(args.model as string);
  const maxConfigurations = args.maxConfigurations as number;
  for (const m of MODALITIES) {
    try {
      checkedConfigurationCount(model, m, maxConfigurations);
    } catch (e) {
      if (e instanceof EnumerationTooLargeError) throw tooLarge(e);
      throw e;
    }
  }
  const imageLeaves = checkLeaves(model, 'image', args.imageLeaves as number[] | undefined);
  const textLeaves = checkLeaves(model, 'text', args.textLeaves as number[] | undefined);
  const encoders = parseEncoderNames(model, args.encoder as string[] | undefined).map((e) => e.name);
  const k = checkBatchSizes(args.k as number[]);
  let summary: unknown;
  try {
    summary = exactSummary(model, {
      ...(imageLeaves === undefined ? {} : { imageLeaves }),
      ...(textLeaves === undefined ? {} : { textLeaves }),
      encoders,
      k,
      maxConfigurations,
    });
  } catch (e) {
    if (e instanceof EnumerationTooLargeError) throw tooLarge(e);
    if (e instanceof RangeError) throw new UsageError(`exact: invalid input (--image-leaves/--text-leaves/--encoder/--k): ${e.message}`);
    throw e;
  }
  const text = `${JSON.stringify(summary, null, 2)}\n`;
  const out = args.out as string | undefined;
  if (out !== undefined) writeFileAtomic(out, text);
  else process.stdout.write(text);
  return 0;
}
