/**
 * A rough cost estimate of a learned tier, printed before the full tier starts (and used to refuse it on a CPU
 * backend without `--force`). Training cost is modelled as steps × batch × (K + 1) × layers × width² work units (the
 * attention and MLP of each block scale with width²); the CPU rate is calibrated on the quick tier's 3-layer, width 16,
 * batch 64, K = 4 encoders: about 0.03 s per step with the wasm backend on one idle core (0.06–0.2 s measured on the
 * shared, loaded 2-core machine). GPU figures are not estimated.
 */
import type { LearnedConfig } from './trained-clip.js';
import type { LearnedTier } from './learned-presets.js';

/** Seconds per work unit on one CPU core (wasm), from the calibration above. */
const CPU_SECONDS_PER_UNIT = 0.03 / (64 * 5 * 3 * 16 * 16);

/** Estimated CPU seconds of one training run. */
export function trainingCpuSeconds(c: LearnedConfig): number {
  return c.steps * c.batch * (c.k + 1) * c.layers * c.width * c.width * CPU_SECONDS_PER_UNIT;
}

/** Training runs and estimated CPU seconds of a tier's pool (deep and shallow encoders, every model and seed). */
export function learnedTierCost(tier: LearnedTier, extra: readonly LearnedConfig[] = []): { runs: number; cpuSeconds: number } {
  const configs = [tier.deep, tier.shallow, ...extra];
  const perModel = tier.seeds.length * configs.length;
  const seconds = tier.seeds.length * configs.reduce((a, c) => a + trainingCpuSeconds(c), 0);
  return { runs: tier.models * perModel, cpuSeconds: tier.models * seconds };
}
