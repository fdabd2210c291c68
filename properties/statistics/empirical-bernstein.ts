/**
 * The empirical Bernstein bound of Maurer & Pontil (2009, "Empirical Bernstein bounds and sample variance
 * penalization", Theorem 4): for n ≥ 2 independent variables in [a, b] with unbiased sample variance V,
 * P(true mean > sample mean + √(2 V ln(2/δ) / n) + 7 (b − a) ln(2/δ) / (3 (n − 1))) ≤ δ.
 * Distribution-free like Hoeffding, but much tighter when the variance is small compared with (b − a)²/4.
 */
import { checkInteger, checkNonNegative, checkRange, checkRate } from './validate.js';

/**
 * One-sided empirical-Bernstein radius √(2 V ln(2/rate)/n) + 7 (b − a) ln(2/rate)/(3(n − 1)), with V the unbiased
 * sample variance (the theorem's ln(2/δ) already pays for estimating V). Two-sided at total rate δ: use δ/2 per side.
 */
export function empiricalBernsteinRadius(n: number, variance: number, range: readonly [number, number], rate: number): number {
  const where = 'empiricalBernsteinRadius';
  checkInteger(n, 'n', where, 2);
  checkNonNegative(variance, 'variance', where);
  const [a, b] = checkRange(range, 'range', where);
  checkRate(rate, 'rate', where);
  const l = Math.log(2 / rate);
  return Math.sqrt((2 * variance * l) / n) + (7 * (b - a) * l) / (3 * (n - 1));
}
