/**
 * The trained encoders every learned claim looks at: for one model of the shared draw, deep (L + 1 layers) and
 * shallow (1 layer) CLIP encoders for each training seed of the tier, snapshotted at the tier's steps. Cached per
 * process (trained-clip.ts), so the claims of one run train each of them once.
 */
import type { Jghm } from '../../theory/model.js';
import { type LearnedRun, trainClip } from './trained-clip.js';
import type { LearnedTier } from './learned-presets.js';

/** Deep and shallow runs of one model, one per training seed. */
export interface LearnedPool {
  readonly deep: readonly LearnedRun[];
  readonly shallow: readonly LearnedRun[];
}

/** Trains (or fetches) the deep and shallow encoders of `model` for every seed of the tier. */
export function learnedPool(model: Jghm, tier: LearnedTier): LearnedPool {
  return {
    deep: tier.seeds.map((s) => trainClip(model, tier.deep, s, tier.snapshots)),
    shallow: tier.seeds.map((s) => trainClip(model, tier.shallow, s, tier.snapshots)),
  };
}
