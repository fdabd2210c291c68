/**
 * Power of the mean assertions (TFP's `min_discrepancy_*` / `min_num_samples_*`): the smallest violation a test with
 * n samples detects with probability ≥ 1 − falsePassRate, and the n needed to detect a given violation.
 *
 * For a one-sided assertion at false-failure rate α with one-sided radius r_α: if the truth violates the claim by Δ
 * (e.g. E[X] = b − Δ for the claim E[X] ≥ b), the test passes only when the estimate overshoots E[X] by ≥ Δ − r_α.
 * So it fails with probability ≥ 1 − β whenever Δ ≥ r_α + r_β.
 * - CLT: Δ = (z_{1−α} + z_{1−β})·σ/√n — approximate (normal approximation, σ known or an upper bound on it).
 * - Hoeffding: Δ = (b − a)(√ln(1/α) + √ln(1/β))/√(2n) — a theorem, for any distribution on [a, b].
 * Two-sided (assertMeanClose): α is replaced by α/2 and Δ is the distance beyond the tolerance band.
 */
import { CLT_MIN_SAMPLES, checkCltFloor } from './clt.js';
import { normalQuantileUpper } from './normal.js';
import { checkInteger, checkPositive, checkRange, checkRate } from './validate.js';

/** Error rates of a test design, and which kind of assertion it is. */
export interface PowerOptions {
  /** Probability that a true claim fails; in (0, 1). */
  readonly falseFailureRate: number;
  /** Probability that a claim violated by at least the discrepancy still passes; in (0, 1). */
  readonly falsePassRate: number;
  /** `'one'` for assertMeanAtLeast / AtMost (default), `'two'` for assertMeanClose. */
  readonly sided?: 'one' | 'two';
}

/** CLT power options: adds the CLT floor on n. */
export interface CltPowerOptions extends PowerOptions {
  /** CLT floor on n (default 30); min-num-samples never returns less. */
  readonly minSamples?: number;
}

function rates(options: PowerOptions, where: string): [number, number] {
  if (options === undefined || options === null) throw new RangeError(`${where}: options with falseFailureRate and falsePassRate are required`);
  const alpha = checkRate(options.falseFailureRate, 'falseFailureRate', where);
  const beta = checkRate(options.falsePassRate, 'falsePassRate', where);
  const sided = options.sided ?? 'one';
  if (sided !== 'one' && sided !== 'two') throw new RangeError(`${where}: sided must be 'one' or 'two', got ${String(sided)}`);
  return [sided === 'two' ? alpha / 2 : alpha, beta];
}

/**
 * Smallest violation Δ that a CLT mean assertion on n samples of standard deviation `sd` detects with probability
 * ≥ 1 − falsePassRate: (z_{1−α} + z_{1−β})·sd/√n (α → α/2 when two-sided). Throws when n is below the CLT floor.
 */
export function cltMinDetectableDiscrepancy(n: number, sd: number, options: CltPowerOptions): number {
  const where = 'cltMinDetectableDiscrepancy';
  const [a, b] = rates(options, where);
  checkInteger(n, 'n', where, 1);
  checkPositive(sd, 'sd', where);
  const floor = checkCltFloor(options.minSamples ?? CLT_MIN_SAMPLES, where);
  if (n < floor) throw new RangeError(`${where}: n = ${n} is below the CLT floor minSamples = ${floor}`);
  return ((normalQuantileUpper(a) + normalQuantileUpper(b)) * sd) / Math.sqrt(n);
}

/**
 * Smallest n for which a CLT mean assertion detects a violation of size `discrepancy` with probability
 * ≥ 1 − falsePassRate: ⌈((z_{1−α} + z_{1−β})·sd/Δ)²⌉, and at least the CLT floor.
 */
export function cltMinNumSamples(discrepancy: number, sd: number, options: CltPowerOptions): number {
  const where = 'cltMinNumSamples';
  const [a, b] = rates(options, where);
  checkPositive(discrepancy, 'discrepancy', where);
  checkPositive(sd, 'sd', where);
  const floor = checkCltFloor(options.minSamples ?? CLT_MIN_SAMPLES, where);
  const k = ((normalQuantileUpper(a) + normalQuantileUpper(b)) * sd) / discrepancy;
  return Math.max(floor, Math.ceil(k * k * (1 - 1e-15)));
}

/**
 * Smallest violation Δ that a Hoeffding mean assertion on n samples in `range` = [a, b] detects with probability
 * ≥ 1 − falsePassRate, for every distribution on [a, b]: (b − a)(√ln(1/α) + √ln(1/β))/√(2n) (α → α/2 two-sided).
 */
export function hoeffdingMinDetectableDiscrepancy(n: number, range: readonly [number, number], options: PowerOptions): number {
  const where = 'hoeffdingMinDetectableDiscrepancy';
  const [a, b] = rates(options, where);
  checkInteger(n, 'n', where, 1);
  const [lo, hi] = checkRange(range, 'range', where);
  return ((hi - lo) * (Math.sqrt(Math.log(1 / a)) + Math.sqrt(Math.log(1 / b)))) / Math.sqrt(2 * n);
}

/**
 * Smallest n for which a Hoeffding mean assertion detects a violation of size `discrepancy` with probability
 * ≥ 1 − falsePassRate: ⌈(b − a)²(√ln(1/α) + √ln(1/β))²/(2Δ²)⌉.
 */
export function hoeffdingMinNumSamples(discrepancy: number, range: readonly [number, number], options: PowerOptions): number {
  const where = 'hoeffdingMinNumSamples';
  const [a, b] = rates(options, where);
  checkPositive(discrepancy, 'discrepancy', where);
  const [lo, hi] = checkRange(range, 'range', where);
  const k = ((hi - lo) * (Math.sqrt(Math.log(1 / a)) + Math.sqrt(Math.log(1 / b)))) / discrepancy;
  return Math.max(1, Math.ceil(((k * k) / 2) * (1 - 1e-15)));
}
