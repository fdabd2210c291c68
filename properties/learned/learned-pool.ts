/**
 * The trained encoders every learned claim looks at: for one model of the shared draw, deep (L + 1 layers) and
 * shallow (1 layer) CLIP encoders for each training seed of the tier, snapshotted at the tier's steps. Cached per
 * process (trained-clip.ts), so the claims of one run train each of them once.
 */
import type { Jghm } from '../../theory/model.js';
import { type LearnedConfig, type LearnedRun, trainClip } from './trained-clip.js';
import type { LearnedTier } from './learned-presets.js';

/** Deep and shallow runs of one model, one per training seed. */
export interface LearnedPool {
  readonly deep: readonly LearnedRun[];
  readonly shallow: readonly LearnedRun[];
}

/** Trains (or fetches) runs of `config` for every seed, one after another (live trainers' variable names must not clash). */
export async function trainSeeds(model: Jghm, config: LearnedConfig, seeds: readonly number[], at: readonly number[]): Promise<LearnedRun[]> {
  const runs: LearnedRun[] = [];
  for (const s of seeds) runs.push(await trainClip(model, config, s, at));
  return runs;
}

/** Trains (or fetches) the deep and shallow encoders of `model` for every seed of the tier. */
export async function learnedPool(model: Jghm, tier: LearnedTier): Promise<LearnedPool> {
  const deep = await trainSeeds(model, tier.deep, tier.seeds, tier.snapshots);
  const shallow = await trainSeeds(model, tier.shallow, tier.seeds, tier.snapshots);
  return { deep, shallow };
}
