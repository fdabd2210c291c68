/**
 * CLIP training on a FIXED dataset of n pairs with early stopping on a held-out validation split: the protocol of the
 * sample-complexity claim (issue 10, claim 5: a fixed step budget on a small fixed set measures overfitting, not the
 * empirical-risk minimiser's rate).
 *
 * The trainer (`ClipTrainer`, `data: { kind: 'fixed', n }`) takes `config.steps` as its step cap and cosine horizon.
 * Every `evalEvery` steps (and at step 0) the learned similarity over all configurations is snapshotted and the
 * validation set's in-set CLIP loss (`validation-clip-loss.ts`) read off it; the snapshot with the lowest validation
 * loss is kept, and training stops after `patience` evaluations without a new best, or at the cap. The validation
 * pairs are drawn separately from the training set (stream `validation` of the training seed, independent of the
 * trainer's `data` stream), m of them. The exact K = ∞ CLIP excess of every evaluated snapshot is recorded too (for
 * the report's curves only: selection uses the validation loss alone).
 *
 * `pairing: 'shuffled'` permutes the texts of the training set across pairs (and forms the validation pairs the same
 * way): image and text of a pair are then independent, the planted failing twin's data.
 *
 * Runs are cached per process like `trainClip` (key: model, config, seed, options).
 */
import { ClipTrainer, FixedDatasetSampler } from '../../models/index.js';
import { exactTables } from '../../theory/exact-tables.js';
import type { Jghm } from '../../theory/model.js';
import { jghmToJson } from '../../theory/model-format.js';
import { Rng } from '../../theory/random.js';
import { clipExcess } from './learned-quantities.js';
import { type LearnedConfig, type LearnedSnapshot, snapshotTrainer, trainConfigOf } from './trained-clip.js';
import { type Pairing, drawValidationPairs, validationClipLoss } from './validation-clip-loss.js';

/** Early-stopping settings. */
export interface EarlyStopOptions {
  /** Evaluate the validation loss every this many steps. */
  readonly evalEvery: number;
  /** Stop after this many evaluations without a new best. */
  readonly patience: number;
  /** Validation pairs m. */
  readonly validationPairs: number;
  /** How training and validation pairs are formed (default `joint`). */
  readonly pairing?: Pairing;
}

/** One evaluation point of an early-stopped run. */
export interface EarlyStopPoint {
  readonly step: number;
  /** In-set validation CLIP loss (both directions). */
  readonly validation: number;
  /** Exact K = ∞ CLIP excess (both directions) of the snapshot — recorded, not used for selection. */
  readonly excess: number;
}

/** An early-stopped run on a fixed dataset. */
export interface EarlyStoppedRun {
  readonly seed: number;
  readonly config: LearnedConfig;
  readonly options: EarlyStopOptions;
  /** The chosen (lowest-validation-loss) snapshot. */
  readonly best: LearnedSnapshot;
  /** Its exact K = ∞ CLIP excess (both directions). */
  readonly bestExcess: number;
  /** Steps taken when training stopped (≤ config.steps). */
  readonly stoppedAt: number;
  /** Every evaluation, in step order. */
  readonly curve: readonly EarlyStopPoint[];
  readonly wallMs: number;
}

const cache = new Map<string, EarlyStoppedRun>();

/** Number of `trainEarlyStopped` calls that trained (not served from the cache) in this process. */
export let earlyStoppedRunCount = 0;

function permuteRows(data: Uint8Array | Uint16Array, leaves: number, order: Int32Array): void {
  const copy = data.slice();
  for (let i = 0; i < order.length; i++) data.set(copy.subarray(order[i] * leaves, order[i] * leaves + leaves), i * leaves);
}

/**
 * Trains CLIP encoders on a fixed dataset of `config.datasetSize` pairs with training `seed`, early-stopped on a
 * validation split (see the file comment); returns the chosen snapshot and the evaluation curve.
 */
export async function trainEarlyStopped(model: Jghm, config: LearnedConfig, seed: number, options: EarlyStopOptions): Promise<EarlyStoppedRun> {
  const n = config.datasetSize;
  if (n === undefined || !Number.isSafeInteger(n) || n < 2) throw new RangeError(`trainEarlyStopped: config.datasetSize must be an integer ≥ 2, got ${String(n)}`);
  const { evalEvery, patience, validationPairs } = options;
  if (!Number.isSafeInteger(evalEvery) || evalEvery < 1) throw new RangeError(`trainEarlyStopped: options.evalEvery must be a positive integer, got ${String(evalEvery)}`);
  if (!Number.isSafeInteger(patience) || patience < 1) throw new RangeError(`trainEarlyStopped: options.patience must be a positive integer, got ${String(patience)}`);
  const pairing = options.pairing ?? 'joint';
  const key = JSON.stringify([jghmToJson(model), config, seed, { evalEvery, patience, validationPairs, pairing }]);
  const hit = cache.get(key);
  if (hit) return hit;
  const t0 = performance.now();
  const tables = exactTables(model);
  const root = Rng.fromSeed(seed);
  const validation = drawValidationPairs(model, validationPairs, root.split('validation'), pairing);
  const trainer = new ClipTrainer(model, trainConfigOf(config, seed));
  if (pairing === 'shuffled') {
    if (!(trainer.sampler instanceof FixedDatasetSampler)) throw new Error('trainEarlyStopped: expected a fixed-dataset sampler');
    const ds = trainer.sampler.dataset;
    permuteRows(ds.text.data, ds.text.leaves, root.split('shuffle-training-texts').permutation(ds.n));
  }
  const curve: EarlyStopPoint[] = [];
  let best: LearnedSnapshot | undefined;
  let bestLoss = Infinity;
  let bestExcess = NaN;
  let sinceBest = 0;
  try {
    for (;;) {
      const snap = await snapshotTrainer(trainer, model);
      const ny = snap.similarity.length / (snap.imageEmbeddings.length / snap.dim);
      const loss = validationClipLoss(snap.similarity, ny, validation);
      const excess = clipExcess(tables, snap.similarity).total;
      curve.push({ step: snap.step, validation: loss, excess });
      if (loss < bestLoss) {
        best = snap;
        bestLoss = loss;
        bestExcess = excess;
        sinceBest = 0;
      } else sinceBest++;
      if (sinceBest >= patience || trainer.step >= config.steps) break;
      const next = Math.min(config.steps, trainer.step + evalEvery);
      while (trainer.step < next) await trainer.trainStep();
    }
  } finally {
    trainer.dispose();
  }
  const run: EarlyStoppedRun = { seed, config, options, best: best!, bestExcess, stoppedAt: curve[curve.length - 1].step, curve, wallMs: performance.now() - t0 };
  cache.set(key, run);
  earlyStoppedRunCount++;
  return run;
}

/** Empties the process cache (tests). */
export function clearEarlyStoppedCache(): void {
  cache.clear();
}
