/**
 * Central-limit-theorem confidence radius for a mean: mean ± z·se. Valid only asymptotically, so it refuses to run
 * below a floor on the sample size ({@link CLT_MIN_SAMPLES} = 30 unless the caller states another floor); below it use
 * the distribution-free Hoeffding or empirical-Bernstein bounds for bounded variables.
 */
import { normalQuantileUpper } from './normal.js';
import { checkInteger, checkNonNegative, checkRate } from './validate.js';

/** Default smallest sample size at which the CLT normal approximation of a mean is trusted. */
export const CLT_MIN_SAMPLES = 30;

/** Validates a CLT floor: an integer ≥ 2. */
export function checkCltFloor(minSamples: number, where: string): number {
  return checkInteger(minSamples, 'minSamples', where, 2);
}

/** Throws a RangeError when n is below the CLT floor, naming the function and the alternatives. */
export function checkCltSampleSize(n: number, minSamples: number, where: string): void {
  if (n < minSamples) {
    throw new RangeError(
      `${where}: n = ${n} is below the CLT floor minSamples = ${minSamples}; the normal approximation is not trusted ` +
        `there (use method 'hoeffding' or 'bernstein' with a range, or collect more samples)`,
    );
  }
}

/**
 * One-sided CLT radius z_{1−rate}·se: P(true mean > estimate + radius) ≈ rate, and likewise for the lower side.
 * A two-sided interval at total rate δ uses `cltRadius(se, n, δ/2)` on each side. Throws when n < minSamples.
 */
export function cltRadius(se: number, n: number, rate: number, minSamples = CLT_MIN_SAMPLES): number {
  const where = 'cltRadius';
  checkNonNegative(se, 'se', where);
  checkInteger(n, 'n', where, 1);
  checkRate(rate, 'rate', where);
  checkCltSampleSize(n, checkCltFloor(minSamples, where), where);
  return normalQuantileUpper(rate) * se;
}
