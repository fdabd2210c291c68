/**
 * The chi-square distribution with k > 0 degrees of freedom (k need not be an integer):
 * CDF P(χ²_k ≤ x) = P(k/2, x/2) and survival P(χ²_k > x) = Q(k/2, x/2), regularised incomplete gamma functions.
 */
import { regularizedGammaP, regularizedGammaQ } from './gamma-functions.js';
import { checkPositive } from './validate.js';

function checkX(x: number, where: string): void {
  if (typeof x !== 'number' || Number.isNaN(x) || x < 0) {
    throw new RangeError(`${where}: x must be a number >= 0, got ${String(x)}`);
  }
}

/** P(χ²_k ≤ x) for x ≥ 0 (x = +∞ allowed) and k > 0 degrees of freedom. */
export function chiSquareCdf(x: number, degreesOfFreedom: number): number {
  checkPositive(degreesOfFreedom, 'degreesOfFreedom', 'chiSquareCdf');
  checkX(x, 'chiSquareCdf');
  return regularizedGammaP(degreesOfFreedom / 2, x / 2);
}

/** P(χ²_k > x), the p-value of an observed chi-square statistic x; accurate in the upper tail (no 1 − CDF). */
export function chiSquareSurvival(x: number, degreesOfFreedom: number): number {
  checkPositive(degreesOfFreedom, 'degreesOfFreedom', 'chiSquareSurvival');
  checkX(x, 'chiSquareSurvival');
  return regularizedGammaQ(degreesOfFreedom / 2, x / 2);
}
