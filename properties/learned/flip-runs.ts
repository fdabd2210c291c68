/**
 * Deep encoders trained on a model's kernels regenerated at another flip probability p (the paper construction shares
 * its permutations and noise matrices across p: `atFlipProbability`): one run per training seed of the tier, depth
 * L + 1, the tier's `flip.steps` budget, snapshots at steps 0, steps/2 and steps. The p-trend claim trains them at
 * p_lo and p_hi; the probe claim reads the p_hi runs — the same (model, config, seed, snapshots), so one training.
 */
import type { Jghm } from '../../theory/model.js';
import { atFlipProbability } from './learned-jghm.js';
import { trainSeeds } from './learned-pool.js';
import type { LearnedTier } from './learned-presets.js';
import type { LearnedConfig, LearnedRun } from './trained-clip.js';
import { trainingCpuSeconds } from './learned-cost.js';

/** The deep configuration of the tier at its flip-run step budget. */
export function flipConfig(tier: LearnedTier): LearnedConfig {
  return { ...tier.deep, steps: tier.flip.steps };
}

/** Snapshot steps of the flip runs. */
export function flipSnapshots(tier: LearnedTier): number[] {
  return [0, Math.round(tier.flip.steps / 2), tier.flip.steps];
}

/** The model at flip probability p and its deep runs (trained, or fetched from the process cache). */
export async function flipRuns(model: Jghm, tier: LearnedTier, p: number): Promise<{ model: Jghm; runs: LearnedRun[] }> {
  const atP = atFlipProbability(model, p);
  return { model: atP, runs: await trainSeeds(atP, flipConfig(tier), tier.seeds, flipSnapshots(tier)) };
}

/** The flip runs at p of the first `models` models, as training entries for the cost estimate (`extraTraining`). */
export function flipTrainings(tier: LearnedTier, p: number, models: number): { key: string; cpuSeconds: number }[] {
  const cpuSeconds = trainingCpuSeconds(flipConfig(tier));
  return Array.from({ length: models }, (_, m) => tier.seeds.map((s) => ({ key: `flip p = ${p} model ${m} seed ${s}`, cpuSeconds }))).flat();
}
