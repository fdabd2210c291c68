/**
 * Student's t distribution with ν > 0 degrees of freedom: CDF, survival and upper quantile. Used by the
 * 'student-t' mean method (critical value t_{n−1} instead of z: exact coverage when the data are normal, and
 * slightly wider than the CLT interval at small n). P(T > t) = ½·I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0.
 */
import { regularizedBeta, regularizedBetaComplement } from './beta-functions.js';
import { normalQuantileUpper } from './normal.js';
import { checkPositive } from './validate.js';

function checkT(t: number, where: string): void {
  if (typeof t !== 'number' || Number.isNaN(t)) throw new RangeError(`${where}: t must be a number, got ${String(t)}`);
}

/** P(T > |t|), the smaller tail, without cancellation. */
function smallerTail(t: number, nu: number): number {
  const a = Math.abs(t);
  if (a === Infinity) return 0;
  const t2 = a * a;
  // x = ν/(ν + t²), 1 − x = t²/(ν + t²)
  const x = nu / (nu + t2);
  const y = t2 / (nu + t2);
  if (x < 0.5) return 0.5 * regularizedBeta(x, nu / 2, 0.5);
  return 0.5 * (1 - regularizedBetaComplement(x, y, nu / 2, 0.5));
}

/** P(T ≤ t) for T ~ Student t with `degreesOfFreedom` > 0. */
export function studentTCdf(t: number, degreesOfFreedom: number): number {
  checkT(t, 'studentTCdf');
  checkPositive(degreesOfFreedom, 'degreesOfFreedom', 'studentTCdf');
  const s = smallerTail(t, degreesOfFreedom);
  return t <= 0 ? s : 1 - s;
}

/** P(T > t) for T ~ Student t with `degreesOfFreedom` > 0, accurate in the upper tail. */
export function studentTSurvival(t: number, degreesOfFreedom: number): number {
  checkT(t, 'studentTSurvival');
  checkPositive(degreesOfFreedom, 'degreesOfFreedom', 'studentTSurvival');
  const s = smallerTail(t, degreesOfFreedom);
  return t >= 0 ? s : 1 - s;
}

/**
 * Upper quantile: the t with P(T > t) = q (the one-sided critical value t_{ν, 1−q}), for q ∈ (0, 1).
 * Bisection on the survival function in a bracket grown from the normal quantile (≈ 1e-14 relative; slow but
 * used only a few times per assertion).
 */
export function studentTQuantileUpper(q: number, degreesOfFreedom: number): number {
  const where = 'studentTQuantileUpper';
  checkPositive(degreesOfFreedom, 'degreesOfFreedom', where);
  if (typeof q !== 'number' || !(q > 0 && q < 1)) throw new RangeError(`${where}: q must be in (0, 1), got ${String(q)}`);
  if (q === 0.5) return 0;
  if (q > 0.5) return -studentTQuantileUpper(1 - q, degreesOfFreedom);
  const nu = degreesOfFreedom;
  let lo = 0;
  let hi = Math.max(1, normalQuantileUpper(q));
  while (smallerTail(hi, nu) > q) {
    lo = hi;
    hi *= 2;
    if (hi > 1e300) return Infinity;
  }
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (smallerTail(mid, nu) > q) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
