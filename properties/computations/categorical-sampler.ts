/** An inverse-CDF sampler of a finite distribution, for the Monte Carlo twins of the sufficiency computations. */
import type { Rng } from '../../theory/random.js';

/** Inverse-CDF sampler of a finite distribution (weights ≥ 0, not all 0). */
export class CategoricalSampler {
  private readonly cdf: Float64Array;
  private readonly last: number;

  /** Builds the sampler; throws a RangeError naming `weights` when they are negative or sum to 0. */
  constructor(weights: ArrayLike<number>) {
    this.cdf = new Float64Array(weights.length);
    let acc = 0;
    let last = -1;
    for (let i = 0; i < weights.length; i++) {
      if (!(weights[i] >= 0)) throw new RangeError(`CategoricalSampler: weights[${i}] must be ≥ 0 (got ${weights[i]})`);
      acc += weights[i];
      this.cdf[i] = acc;
      if (weights[i] > 0) last = i;
    }
    if (!(acc > 0)) throw new RangeError('CategoricalSampler: weights must have a positive sum');
    for (let i = 0; i < this.cdf.length; i++) this.cdf[i] /= acc;
    this.last = last;
  }

  /** One draw (an index with positive weight). */
  sample(rng: Rng): number {
    const u = rng.uniform();
    let lo = 0;
    let hi = this.last;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cdf[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
