/**
 * Pearson's chi-square goodness-of-fit test of observed category counts against claimed probabilities, with an
 * explicit false-failure rate: the claim "the counts are multinomial(N, p)" FAILS when the p-value
 * P(χ²_df ≥ statistic) is below falseFailureRate, so a true claim fails with probability ≈ falseFailureRate (the
 * chi-square approximation of the statistic's law is asymptotic; it is reasonable when every expected count is ≥ 5,
 * which the pooling below enforces).
 *
 * Pooling: cells with expected count N·p_i < minExpected are merged, smallest expected first, until each pooled
 * cell reaches minExpected (a leftover small group joins the last pooled cell). Cells with p_i = 0 are dropped if
 * empty; a count in a p_i = 0 cell contradicts the claim outright (p-value 0).
 */
import { chiSquareSurvival } from './chi-square.js';
import { checkInteger, checkRate, checkSamples, type Samples } from './validate.js';

/** Options of {@link chiSquareGoodnessOfFit}. */
export interface GoodnessOfFitOptions {
  /** Probability that a true claim fails (reject when p-value < rate); in (0, 1). */
  readonly falseFailureRate: number;
  /** Pool cells until every expected count is at least this (default 5). */
  readonly minExpected?: number;
  /** Number of parameters of `probabilities` that were fitted to these counts (subtracted from df; default 0). */
  readonly estimatedParameters?: number;
}

/** The evidence behind a goodness-of-fit verdict. */
export interface GoodnessOfFitVerdict {
  /** False when the p-value is below the false-failure rate. */
  readonly passed: boolean;
  /** Pearson statistic Σ (O − E)²/E over the pooled cells. */
  readonly statistic: number;
  /** Degrees of freedom: pooled cells − 1 − estimatedParameters. */
  readonly degreesOfFreedom: number;
  /** P(χ²_df ≥ statistic). */
  readonly pValue: number;
  /** The stated false-failure rate. */
  readonly falseFailureRate: number;
  /** Total count N. */
  readonly total: number;
  /** Number of cells given. */
  readonly cells: number;
  /** Number of cells after pooling. */
  readonly pooledCells: number;
  /** One line explaining the decision with the numbers. */
  readonly detail: string;
}

/**
 * Chi-square goodness of fit of `counts` (non-negative integers) against `probabilities` (non-negative, summing to
 * 1 within 1e-9). Throws a RangeError on invalid input or when fewer than 2 pooled cells (df < 1) remain.
 */
export function chiSquareGoodnessOfFit(counts: Samples, probabilities: Samples, options: GoodnessOfFitOptions): GoodnessOfFitVerdict {
  const where = 'chiSquareGoodnessOfFit';
  if (options === undefined || options === null) throw new RangeError(`${where}: options with falseFailureRate are required`);
  const rate = checkRate(options.falseFailureRate, 'falseFailureRate', where);
  const minExpected = options.minExpected ?? 5;
  if (typeof minExpected !== 'number' || !(minExpected >= 0) || !Number.isFinite(minExpected)) {
    throw new RangeError(`${where}: minExpected must be a finite number >= 0, got ${String(minExpected)}`);
  }
  const fitted = checkInteger(options.estimatedParameters ?? 0, 'estimatedParameters', where, 0);
  checkSamples(counts, 'counts', where);
  checkSamples(probabilities, 'probabilities', where);
  if (counts.length !== probabilities.length) {
    throw new RangeError(`${where}: counts and probabilities must have the same length, got ${counts.length} and ${probabilities.length}`);
  }
  let total = 0;
  let psum = 0;
  for (let i = 0; i < counts.length; i++) {
    if (!Number.isInteger(counts[i]) || counts[i] < 0) throw new RangeError(`${where}: counts[${i}] must be a non-negative integer, got ${counts[i]}`);
    if (probabilities[i] < 0) throw new RangeError(`${where}: probabilities[${i}] must be >= 0, got ${probabilities[i]}`);
    total += counts[i];
    psum += probabilities[i];
  }
  if (Math.abs(psum - 1) > 1e-9) throw new RangeError(`${where}: probabilities must sum to 1, got ${psum}`);
  if (total === 0) throw new RangeError(`${where}: counts must not all be 0`);

  const base = { falseFailureRate: rate, total, cells: counts.length };
  // a count in an impossible cell refutes the claim outright
  for (let i = 0; i < counts.length; i++) {
    if (probabilities[i] === 0 && counts[i] > 0) {
      return {
        ...base, passed: false, statistic: Infinity, degreesOfFreedom: NaN, pValue: 0, pooledCells: NaN,
        detail: `claim counts ~ multinomial(p): counts[${i}] = ${counts[i]} in a cell with probability 0 -> FAILS (p-value 0)`,
      };
    }
  }
  const order: number[] = [];
  for (let i = 0; i < counts.length; i++) if (probabilities[i] > 0) order.push(i);
  order.sort((i, j) => probabilities[i] - probabilities[j] || i - j);
  const groups: { observed: number; expected: number }[] = [];
  let open = { observed: 0, expected: 0 };
  for (const i of order) {
    open.observed += counts[i];
    open.expected += total * probabilities[i];
    if (open.expected >= minExpected) {
      groups.push(open);
      open = { observed: 0, expected: 0 };
    }
  }
  if (open.expected > 0) {
    if (groups.length === 0) groups.push(open);
    else {
      const last = groups[groups.length - 1];
      last.observed += open.observed;
      last.expected += open.expected;
    }
  }
  const df = groups.length - 1 - fitted;
  if (df < 1) {
    throw new RangeError(
      `${where}: only ${groups.length} cell(s) remain after pooling to expected >= ${minExpected} (df = ${df}); collect more counts`,
    );
  }
  let stat = 0;
  for (const g of groups) stat += ((g.observed - g.expected) * (g.observed - g.expected)) / g.expected;
  const pValue = chiSquareSurvival(stat, df);
  const passed = !(pValue < rate);
  return {
    ...base, passed, statistic: stat, degreesOfFreedom: df, pValue, pooledCells: groups.length,
    detail:
      `claim counts ~ multinomial(N=${total}, p): chi-square ${Number(stat.toPrecision(6))} on ${df} df ` +
      `(${groups.length} of ${counts.length} cells after pooling to expected >= ${minExpected}), p-value ${pValue.toPrecision(4)} ` +
      `${passed ? '>=' : '<'} false-failure rate ${rate} -> ${passed ? 'holds' : 'FAILS'}`,
  };
}
