/**
 * Regime filter for fast-check models: `hasNoTinyKernelEntries` keeps a model when every kernel entry is exactly 0 or
 * ≥ `MIN_POSITIVE_KERNEL_ENTRY` (1e-12). fast-check's doubles shrink toward extreme values such as 5.6e-309
 * (subnormal); a product of a handful of entries that small underflows double precision in every method, which is a
 * floating-point limit rather than a failure of the mathematics, and a subnormal entry also makes BP's rescaling
 * (theory/belief-propagation.ts `rescale`, which multiplies by 1/max) overflow to ∞ and return NaN likelihoods — a
 * defect reported to the lead. Exact zeros (the adversarial regime) are kept.
 */
import type { Jghm } from '../../theory/model.js';

/**
 * Smallest positive kernel entry a filtered model may have: 1e-12. Why this value (and not the 1e-30 one claim family
 * used before the two thresholds were merged): the probability of one joint configuration (root path, image leaves,
 * text leaves) is the prior times one kernel entry per edge. `jghmArbitrary` allows at most 8 non-root nodes per tree
 * (`maxNodes`), so 16 edges in all, and its root prior entries are ≥ 0.05/(0.05 + S − 1) (≈ 0.024 at S = 3); with
 * entries ≥ 1e-12 the smallest positive product is ≥ 1e-194 or so, far inside the normal double range (≥ 2.2e-308),
 * so no exact quantity silently underflows to 0 and no BP message nears a subnormal. With 1e-30 the same product can reach 1e-482 and
 * underflow. 1e-12 still lies far below every "generic" kernel entry (≥ 0.02 before normalisation), so the
 * adversarial regime still probes near-zero kernels, fourteen orders of magnitude below the regular one.
 */
export const MIN_POSITIVE_KERNEL_ENTRY = 1e-12;

/** True when every kernel entry of both trees is 0 or ≥ `MIN_POSITIVE_KERNEL_ENTRY` (1e-12). */
export function hasNoTinyKernelEntries(model: Jghm): boolean {
  return [model.image, model.text].every((tree) => tree.kernels.every((k) => k.every((v) => v === 0 || v >= MIN_POSITIVE_KERNEL_ENTRY)));
}
