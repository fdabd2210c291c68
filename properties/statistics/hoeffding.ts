/**
 * Hoeffding's inequality for the mean of n independent variables known to lie in [a, b]:
 * P(true mean − sample mean ≥ t) ≤ exp(−2 n t² / (b − a)²), and the same for the other side. Distribution-free and
 * valid for every n ≥ 1, hence conservative (its real error rate is usually far below the stated one).
 */
import { checkInteger, checkRange, checkRate } from './validate.js';

/**
 * One-sided Hoeffding radius (b − a)·√(ln(1/rate) / (2n)): P(true mean > estimate + radius) ≤ rate, exactly as a
 * theorem (no approximation). Two-sided at total rate δ: use rate δ/2 on each side.
 */
export function hoeffdingRadius(n: number, range: readonly [number, number], rate: number): number {
  const where = 'hoeffdingRadius';
  checkInteger(n, 'n', where, 1);
  const [a, b] = checkRange(range, 'range', where);
  checkRate(rate, 'rate', where);
  return (b - a) * Math.sqrt(Math.log(1 / rate) / (2 * n));
}
