/**
 * Encoder and training settings shared by the learned-model claims, per tier, and the shared model draw. Claims that
 * use the same preset, seeds and shared draw train the same encoders, once per run (the cache in trained-clip.ts).
 *
 * Quick tier (CPU, inside `npm test`): 2 random paper-construction models (S = 3, L = 2, 4 leaves) × 2 training seeds;
 * deep encoders have L + 1 = 3 layers, shallow ones 1; width 16, 1 head, output dimension 8 (> S: theory.md §4.5, an
 * inner product of S-dimensional embeddings can only approximate the Bayes similarity), 600 AdamW steps of 64 pairs
 * with K = 4, lr 3e-3 (cosine schedule); snapshots at steps 0, 150, 300 and 600. At 300 steps deep and one-layer
 * excesses still overlapped on the draws of root seeds 1–3; at 600 they separate (depth claim). Guided encoders
 * (theory.md §5.1) are the deep ones with guided weight 0.1 (0.01, nearer the official 1e-3, was indistinguishable
 * from standard training at this budget on the one draw measured).
 */
import type { LearnedConfig } from './trained-clip.js';
import { QUICK_FAMILY, type LearnedFamily, familyDepth } from './learned-jghm.js';

/** What a learned claim needs to know about its tier. */
export interface LearnedTier {
  readonly family: LearnedFamily;
  /** Random models per run (fast-check runs of the shared draw). */
  readonly models: number;
  /** Training seeds per model and configuration (the statistical unit). */
  readonly seeds: readonly number[];
  /** Snapshot steps (ascending; the last is the step budget). */
  readonly snapshots: readonly number[];
  /** Encoders with depth L + 1. */
  readonly deep: LearnedConfig;
  /** One-layer encoders. */
  readonly shallow: LearnedConfig;
  /** Deep encoders with guided training (the ordering claim). */
  readonly guided: LearnedConfig;
  /**
   * Deep encoders trained on the same kernels at other flip probabilities (`flip-runs.ts`): the p-trend claim trains
   * at pLo and pHi, the probe claim reads the pHi runs (the same trainings, cached). Step budget `steps`.
   */
  readonly flip: { readonly pLo: number; readonly pHi: number; readonly steps: number };
}

/** Guided training weight of the guided encoders. */
export const GUIDED_WEIGHT = 0.1;

function configs(family: LearnedFamily, steps: number, width: number, outDim: number): { deep: LearnedConfig; shallow: LearnedConfig; guided: LearnedConfig } {
  const base = { width, outDim, steps, batch: 64, k: 4, lr: 3e-3 };
  const deep = { ...base, layers: familyDepth(family) + 1 };
  return { deep, shallow: { ...base, layers: 1 }, guided: { ...deep, guidedWeight: GUIDED_WEIGHT } };
}

/** Quick tier (CPU). */
export const QUICK_LEARNED: LearnedTier = {
  family: QUICK_FAMILY,
  models: 2,
  seeds: [1, 2],
  snapshots: [0, 150, 300, 600],
  ...configs(QUICK_FAMILY, 600, 16, 8),
  flip: { pLo: 0.02, pHi: 0.3, steps: 300 },
};

/** Full tier: more models, seeds and steps on the same family (a few minutes per model on a CPU). */
export const FULL_LEARNED: LearnedTier = {
  family: QUICK_FAMILY,
  models: 6,
  seeds: [1, 2, 3, 4],
  snapshots: [0, 250, 500, 1000],
  ...configs(QUICK_FAMILY, 1000, 32, 16),
  flip: { pLo: 0.02, pHi: 0.3, steps: 1000 },
};

/** Name of the shared model draw of the learned claims (see `PropertyOptions.shared`). */
export const LEARNED_DRAW = 'learned-models';
