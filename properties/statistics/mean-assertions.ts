/**
 * Mean assertions "beyond noise", in the style of TensorFlow Probability's statistical_testing: every assertion takes
 * an explicit false-failure rate and returns a structured {@link MeanVerdict} (it never throws on a failed claim;
 * it throws a RangeError only on invalid input).
 *
 * Semantics — a claim holds unless the data contradict it beyond noise:
 * - `assertMeanAtLeast(x, b)`: claim E[X] ≥ b. FAILS only when the upper confidence bound U of E[X] at level
 *   falseFailureRate is < b. If the claim is true, E[X] ≥ b > U requires E[X] > U, which has probability ≤ rate; so a
 *   true claim fails with probability ≤ falseFailureRate.
 * - `assertMeanAtMost(x, b)`: claim E[X] ≤ b. FAILS only when the lower confidence bound L is > b.
 * - `assertMeanClose(x, t, {tolerance})`: claim |E[X] − t| ≤ tolerance (default 0). FAILS only when the two-sided
 *   interval at level falseFailureRate (rate/2 per side) lies entirely outside [t − tolerance, t + tolerance].
 * A pass is therefore weak evidence on its own: how large a violation the test would catch is stated by the power
 * helpers (`cltMinDetectableDiscrepancy`, `hoeffdingMinDetectableDiscrepancy`, ...), which a claim should quote.
 *
 * Error rates are exact for 'hoeffding' and 'bernstein' (theorems for variables in `range`), asymptotic for 'clt'
 * and 'student-t' (the latter exact when the data are normal).
 */
import { meanEvidence, meanRadius, resolveMethod, type MeanBoundOptions, type MeanData, type MeanMethod } from './mean-bounds.js';
import { pairedDifferences } from './summary.js';
import { checkFinite, checkNonNegative, checkRate, type Samples } from './validate.js';

/** Options of a mean assertion: the false-failure rate (required) plus the bound method and its parameters. */
export interface MeanAssertionOptions extends MeanBoundOptions {
  /** Probability that the assertion fails when the claim is true; in (0, 1). */
  readonly falseFailureRate: number;
  /** Name of the quantity in messages; default `'E[X]'`. */
  readonly label?: string;
}

/** Options of {@link assertMeanClose}: adds the tolerance around the target (default 0). */
export interface MeanCloseOptions extends MeanAssertionOptions {
  /** Half-width of the accepted band [target − tolerance, target + tolerance]; ≥ 0, default 0. */
  readonly tolerance?: number;
}

/** The evidence behind a mean assertion. */
export interface MeanVerdict {
  /** The claim in words, e.g. `E[X] >= 0.5`. */
  readonly claim: string;
  /** False only when the data contradict the claim beyond noise at the stated rate. */
  readonly passed: boolean;
  /** The sample mean. */
  readonly estimate: number;
  /**
   * Confidence interval for E[X]. For at-least / at-most claims it is [mean − r, mean + r] with r the one-sided
   * radius at falseFailureRate, so each end alone is a 1 − rate confidence bound (the decisive end is the upper one
   * for at-least, the lower one for at-most). For close claims it is the two-sided interval at level 1 − rate.
   * Clipped to `range` when one is given.
   */
  readonly interval: [number, number];
  /** The claim's threshold: b for at-least / at-most, [t − tol, t + tol] for close. */
  readonly bound: number | [number, number];
  /** The stated false-failure rate. */
  readonly falseFailureRate: number;
  /** The bound method used. */
  readonly method: MeanMethod;
  /** Sample size. */
  readonly n: number;
  /** Standard error of the mean (NaN when n = 1). */
  readonly standardError: number;
  /** One line explaining the decision with the numbers. */
  readonly detail: string;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? Number(x.toPrecision(6)).toString() : String(x);
}

function interval(mean: number, r: number, options: MeanBoundOptions): [number, number] {
  let lo = mean - r;
  let hi = mean + r;
  if (options.range) {
    lo = Math.min(options.range[1], Math.max(options.range[0], lo));
    hi = Math.min(options.range[1], Math.max(options.range[0], hi));
  }
  return [lo, hi];
}

function oneSided(kind: 'atLeast' | 'atMost', data: MeanData, bound: number, options: MeanAssertionOptions, where: string): MeanVerdict {
  if (options === undefined || options === null) throw new RangeError(`${where}: options with falseFailureRate are required`);
  const rate = checkRate(options.falseFailureRate, 'falseFailureRate', where);
  checkFinite(bound, 'bound', where);
  const method = resolveMethod(options, where);
  const ev = meanEvidence(data, options, where);
  const r = meanRadius(ev, rate, options, where);
  const iv = interval(ev.mean, r, options);
  const label = options.label ?? 'E[X]';
  const stats = `estimate ${fmt(ev.mean)} (n=${ev.n}, se ${fmt(ev.se)})`;
  if (kind === 'atLeast') {
    const passed = !(iv[1] < bound);
    const detail =
      `claim ${label} >= ${fmt(bound)}: ${stats}; ${method} upper confidence bound ${fmt(iv[1])} at false-failure rate ` +
      `${rate} is ${passed ? '>=' : '<'} ${fmt(bound)} -> ${passed ? 'holds (not contradicted beyond noise)' : 'FAILS (below the bound beyond noise)'}`;
    return { claim: `${label} >= ${fmt(bound)}`, passed, estimate: ev.mean, interval: iv, bound, falseFailureRate: rate, method, n: ev.n, standardError: ev.se, detail };
  }
  const passed = !(iv[0] > bound);
  const detail =
    `claim ${label} <= ${fmt(bound)}: ${stats}; ${method} lower confidence bound ${fmt(iv[0])} at false-failure rate ` +
    `${rate} is ${passed ? '<=' : '>'} ${fmt(bound)} -> ${passed ? 'holds (not contradicted beyond noise)' : 'FAILS (above the bound beyond noise)'}`;
  return { claim: `${label} <= ${fmt(bound)}`, passed, estimate: ev.mean, interval: iv, bound, falseFailureRate: rate, method, n: ev.n, standardError: ev.se, detail };
}

/**
 * Claim E[X] ≥ bound. Fails only when the upper confidence bound of E[X] at level `falseFailureRate` is below
 * `bound`, so a true claim fails with probability ≤ falseFailureRate (asymptotically for 'clt' and 'student-t').
 */
export function assertMeanAtLeast(samples: MeanData, bound: number, options: MeanAssertionOptions): MeanVerdict {
  return oneSided('atLeast', samples, bound, options, 'assertMeanAtLeast');
}

/**
 * Claim E[X] ≤ bound. Fails only when the lower confidence bound of E[X] at level `falseFailureRate` is above
 * `bound`, so a true claim fails with probability ≤ falseFailureRate (asymptotically for 'clt' and 'student-t').
 */
export function assertMeanAtMost(samples: MeanData, bound: number, options: MeanAssertionOptions): MeanVerdict {
  return oneSided('atMost', samples, bound, options, 'assertMeanAtMost');
}

/**
 * Claim |E[X] − target| ≤ tolerance (tolerance defaults to 0, i.e. E[X] = target). Fails only when the two-sided
 * confidence interval at level 1 − falseFailureRate is disjoint from [target − tolerance, target + tolerance].
 */
export function assertMeanClose(samples: MeanData, target: number, options: MeanCloseOptions): MeanVerdict {
  const where = 'assertMeanClose';
  if (options === undefined || options === null) throw new RangeError(`${where}: options with falseFailureRate are required`);
  const rate = checkRate(options.falseFailureRate, 'falseFailureRate', where);
  checkFinite(target, 'target', where);
  const tol = checkNonNegative(options.tolerance ?? 0, 'tolerance', where);
  const method = resolveMethod(options, where);
  const ev = meanEvidence(samples, options, where);
  const r = meanRadius(ev, rate / 2, options, where);
  const iv = interval(ev.mean, r, options);
  const band: [number, number] = [target - tol, target + tol];
  const passed = !(iv[1] < band[0] || iv[0] > band[1]);
  const label = options.label ?? 'E[X]';
  const claim = tol > 0 ? `|${label} - ${fmt(target)}| <= ${fmt(tol)}` : `${label} = ${fmt(target)}`;
  const detail =
    `claim ${claim}: estimate ${fmt(ev.mean)} (n=${ev.n}, se ${fmt(ev.se)}); ${method} two-sided interval ` +
    `[${fmt(iv[0])}, ${fmt(iv[1])}] at false-failure rate ${rate} ${passed ? 'meets' : 'misses'} [${fmt(band[0])}, ${fmt(band[1])}] -> ` +
    `${passed ? 'holds (not contradicted beyond noise)' : 'FAILS (away from the target beyond noise)'}`;
  return { claim, passed, estimate: ev.mean, interval: iv, bound: band, falseFailureRate: rate, method, n: ev.n, standardError: ev.se, detail };
}

/** Relation tested by {@link assertPairedDifference}. */
export type PairedRelation = 'atLeast' | 'atMost' | 'close';

/**
 * Paired comparison of two Monte Carlo estimates computed on the same draws: applies the mean assertion named by
 * `relation` to d_i = x_i − y_i (claim E[X − Y] ≥ bound, ≤ bound, or |E[X − Y] − bound| ≤ tolerance). Using the
 * paired differences makes the noise that x and y share cancel. With 'hoeffding'/'bernstein', `range` must bound the
 * differences (e.g. [a − b, b − a] when x and y lie in [a, b]).
 */
export function assertPairedDifference(
  x: Samples,
  y: Samples,
  relation: PairedRelation,
  bound: number,
  options: MeanCloseOptions,
): MeanVerdict {
  const d = pairedDifferences(x, y);
  const opts = { ...options, label: options?.label ?? 'E[X - Y]' };
  switch (relation) {
    case 'atLeast':
      return oneSided('atLeast', d, bound, opts, 'assertPairedDifference');
    case 'atMost':
      return oneSided('atMost', d, bound, opts, 'assertPairedDifference');
    case 'close':
      return assertMeanClose(d, bound, opts);
    default:
      throw new RangeError(`assertPairedDifference: relation must be atLeast, atMost or close, got ${String(relation)}`);
  }
}
