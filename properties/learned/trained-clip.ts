/**
 * Trains a pair of CLIP encoders (models/ `ClipTrainer`) on a JGHM for one training seed and snapshots, at chosen
 * steps, the LEARNED similarity S(x, y) = ⟨f(x), g(y)⟩ over every image × text leaf configuration, with the embeddings.
 * The learned claims compute exact quantities of these tables (theory/).
 *
 * Training steps run one after another (each awaited), so a snapshot sequence is deterministic in (model, config, seed) on a
 * given backend. Results are cached for the process, keyed by the model's kernels, the config and the seed, so claims
 * that look at the same trained encoders (ZSC, probe, depth, out-of-distribution) train them once per run.
 */
import { ClipTrainer, type TrainConfig, encodeAllAsync } from '../../models/index.js';
import { allConfigurations } from '../../theory/enumeration.js';
import type { Jghm } from '../../theory/model.js';
import { jghmToJson } from '../../theory/model-format.js';

/** The encoder and optimiser settings of a learned-claim run (everything else is `ClipTrainer`'s default). */
export interface LearnedConfig {
  readonly layers: number;
  readonly width: number;
  readonly outDim: number;
  readonly steps: number;
  readonly batch: number;
  readonly k: number;
  readonly lr: number;
  /** Guided training weight (theory.md §5.1; 0 = standard CLIP). */
  readonly guidedWeight?: number;
  /** Fixed training set of n pairs (default: fresh samples every step). */
  readonly datasetSize?: number;
}

/** One snapshot of a trained pair of encoders. */
export interface LearnedSnapshot {
  /** Training steps taken. */
  readonly step: number;
  /** S(x, y) = ⟨f(x), g(y)⟩, [nx × ny] in enumeration order, float64. */
  readonly similarity: Float64Array;
  /** Image embeddings f(x), [nx × dim] (float32 values). */
  readonly imageEmbeddings: Float64Array;
  /** Text embeddings g(y), [ny × dim]. */
  readonly textEmbeddings: Float64Array;
  /** Embedding dimension. */
  readonly dim: number;
}

/** A trained run: snapshots at the requested steps (ascending; step 0 = the initialisation) and wall time. */
export interface LearnedRun {
  readonly seed: number;
  readonly config: LearnedConfig;
  readonly snapshots: readonly LearnedSnapshot[];
  readonly wallMs: number;
}

const cache = new Map<string, LearnedRun>();

/** Number of `trainClip` calls that trained (not served from the cache) in this process. */
export let trainedRunCount = 0;

function toFloat64(a: Float32Array): Float64Array {
  return Float64Array.from(a);
}

/** Snapshot of a live trainer: the learned similarity over every image × text configuration, with the embeddings. */
export async function snapshotTrainer(trainer: ClipTrainer, model: Jghm): Promise<LearnedSnapshot> {
  const im = await encodeAllAsync(trainer.image, allConfigurations(model, 'image'));
  const tx = await encodeAllAsync(trainer.text, allConfigurations(model, 'text'));
  const dim = im.dim;
  const nx = im.data.length / dim;
  const ny = tx.data.length / dim;
  const f = toFloat64(im.data);
  const g = toFloat64(tx.data);
  const similarity = new Float64Array(nx * ny);
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < ny; j++) {
      let acc = 0;
      for (let d = 0; d < dim; d++) acc += f[i * dim + d] * g[j * dim + d];
      similarity[i * ny + j] = acc;
    }
  }
  return { step: trainer.step, similarity, imageEmbeddings: f, textEmbeddings: g, dim };
}

/** The `ClipTrainer` configuration of a learned-claim run (everything not in `LearnedConfig` is the trainer's default). */
export function trainConfigOf(config: LearnedConfig, seed: number): Partial<TrainConfig> {
  return {
    seed,
    layers: config.layers,
    width: config.width,
    heads: 1,
    outDim: config.outDim,
    steps: config.steps,
    batch: config.batch,
    k: config.k,
    lr: config.lr,
    testPairs: config.k,
    evalEvery: 0,
    guidedWeight: config.guidedWeight ?? 0,
    data: config.datasetSize ? { kind: 'fixed', n: config.datasetSize } : { kind: 'online' },
  };
}

/**
 * Trains (or returns the cached run of) CLIP encoders on `model` with `config` and training `seed`, snapshotting the
 * learned similarity after each step count in `at` (sorted, each in 0..config.steps; the last must be config.steps).
 */
export async function trainClip(model: Jghm, config: LearnedConfig, seed: number, at: readonly number[]): Promise<LearnedRun> {
  const key = JSON.stringify([jghmToJson(model), config, seed, at]);
  const hit = cache.get(key);
  if (hit) return hit;
  const sorted = [...at].sort((a, b) => a - b);
  if (sorted.length === 0 || sorted[sorted.length - 1] !== config.steps || sorted[0] < 0) {
    throw new RangeError(`trainClip: snapshot steps must lie in 0..${config.steps} and end at ${config.steps}`);
  }
  const t0 = performance.now();
  const trainer = new ClipTrainer(model, trainConfigOf(config, seed));
  const snapshots: LearnedSnapshot[] = [];
  try {
    for (const target of sorted) {
      while (trainer.step < target) await trainer.trainStep();
      snapshots.push(await snapshotTrainer(trainer, model));
    }
  } finally {
    trainer.dispose();
  }
  const run: LearnedRun = { seed, config, snapshots, wallMs: performance.now() - t0 };
  cache.set(key, run);
  trainedRunCount++;
  return run;
}

/** Empties the process cache (tests). */
export function clearTrainedClipCache(): void {
  cache.clear();
}
