/**
 * The adversarial regime of the sufficiency claims: random small JGHMs with exact zeros in kernels whose other
 * entries are ≥ 1e-12 (see `MIN_POSITIVE_KERNEL_ENTRY` in model-filters.ts for why tiny and subnormal entries are excluded).
 */
import type fc from 'fast-check';
import { jghmArbitrary, type JghmArbitraryOptions } from './jghm-arbitrary.js';
import type { Jghm } from '../../theory/model.js';
import { hasNoTinyKernelEntries } from './model-filters.js';

/** jghmArbitrary with `zeros: true`, keeping models whose non-zero kernel entries are ≥ 1e-12. */
export function zerosArbitrary(options: JghmArbitraryOptions = {}): fc.Arbitrary<Jghm> {
  return jghmArbitrary({ ...options, zeros: true }).filter(hasNoTinyKernelEntries);
}
