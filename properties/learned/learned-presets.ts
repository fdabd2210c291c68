/**
 * Encoder and training settings shared by the learned-model claims, per tier, and the shared model draw. Claims that
 * use the same preset, seeds and shared draw train the same encoders, once per run (the cache in trained-clip.ts).
 *
 * Quick tier (CPU, inside `npm test`): 2 random paper-construction models (S = 3, L = 2, 4 leaves) × 2 training seeds;
 * deep encoders have L + 1 = 3 layers, shallow ones 1; width 16, 1 head, output dimension 8 (> S: theory.md §4.5, an
 * inner product of S-dimensional embeddings can only approximate the Bayes similarity), 300 AdamW steps of 64 pairs
 * with K = 4, lr 3e-3; snapshots at steps 0, 100 and 300.
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
}

function configs(family: LearnedFamily, steps: number, width: number, outDim: number): { deep: LearnedConfig; shallow: LearnedConfig } {
  const base = { width, outDim, steps, batch: 64, k: 4, lr: 3e-3 };
  return { deep: { ...base, layers: familyDepth(family) + 1 }, shallow: { ...base, layers: 1 } };
}

/** Quick tier (CPU). */
export const QUICK_LEARNED: LearnedTier = {
  family: QUICK_FAMILY,
  models: 2,
  seeds: [1, 2],
  snapshots: [0, 100, 300],
  ...configs(QUICK_FAMILY, 300, 16, 8),
};

/** Full tier: more models, seeds and steps on the same family (a few minutes per model on a CPU). */
export const FULL_LEARNED: LearnedTier = {
  family: QUICK_FAMILY,
  models: 6,
  seeds: [1, 2, 3, 4],
  snapshots: [0, 250, 500, 1000],
  ...configs(QUICK_FAMILY, 1000, 32, 16),
};

/** Name of the shared model draw of the learned claims (see `PropertyOptions.shared`). */
export const LEARNED_DRAW = 'learned-models';
