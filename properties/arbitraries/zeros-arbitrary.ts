/**
 * The adversarial regime of the sufficiency claims: random small JGHMs with exact zeros in kernels whose other
 * entries are ≥ 1e-12 (see `kernelsZeroOrAtLeast` for why subnormal entries are excluded).
 */
import type fc from 'fast-check';
import { jghmArbitrary, type JghmArbitraryOptions } from './jghm-arbitrary.js';
import type { Jghm } from '../../theory/model.js';
import { kernelsZeroOrAtLeast } from '../encoders/random-encoders.js';

/** jghmArbitrary with `zeros: true`, keeping models whose non-zero kernel entries are ≥ 1e-12. */
export function zerosArbitrary(options: JghmArbitraryOptions = {}): fc.Arbitrary<Jghm> {
  return jghmArbitrary({ ...options, zeros: true }).filter((m) => kernelsZeroOrAtLeast(m));
}
