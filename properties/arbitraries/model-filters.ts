/**
 * Regime filters for fast-check models. `hasNoTinyKernelEntries`: every kernel entry is exactly 0 or ≥ 1e-30.
 * fast-check's doubles shrink toward extreme values such as 5.6e-309 (subnormal); a product of a handful of entries
 * that small underflows double precision in every method, which is a floating-point limit rather than a failure of
 * the mathematics, and a subnormal entry also makes BP's rescaling (theory/belief-propagation.ts `rescale`, which
 * multiplies by 1/max) overflow to ∞ and return NaN likelihoods — a defect reported to the lead. Exact zeros (the
 * adversarial regime) are kept.
 */
import type { Jghm } from '../../theory/model.js';

/** Smallest positive kernel entry allowed by `hasNoTinyKernelEntries`. */
export const MIN_POSITIVE_KERNEL_ENTRY = 1e-30;

/** True when every kernel entry of both trees is 0 or ≥ 1e-30. */
export function hasNoTinyKernelEntries(model: Jghm): boolean {
  return [model.image, model.text].every((tree) => tree.kernels.every((k) => k.every((v) => v === 0 || v >= MIN_POSITIVE_KERNEL_ENTRY)));
}
