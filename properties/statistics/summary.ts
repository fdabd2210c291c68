/**
 * Summary statistics of a Float64 sample: mean, unbiased variance, standard error of the mean, and the paired
 * differences of two samples measured on the same draws. Two-pass algorithms (mean, then centred sums with the
 * compensation term Σ(x−m)) so that large offsets do not cancel catastrophically.
 */
import { checkSamples, type Samples } from './validate.js';

/** Mean, unbiased variance and standard error of a sample (the evidence a mean assertion needs). */
export interface SampleSummary {
  /** Number of values. */
  readonly n: number;
  /** Sample mean. */
  readonly mean: number;
  /** Unbiased sample variance Σ(x−m)²/(n−1); NaN when n = 1. */
  readonly variance: number;
  /** Standard error of the mean √(variance/n); NaN when n = 1. */
  readonly se: number;
}

function meanUnchecked(x: Samples): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  let m = s / x.length;
  // one refinement pass: m += mean(x − m), removes most rounding error of the first sum
  let r = 0;
  for (let i = 0; i < x.length; i++) r += x[i] - m;
  m += r / x.length;
  return m;
}

function varianceUnchecked(x: Samples, m: number): number {
  const n = x.length;
  if (n < 2) return NaN;
  let ss = 0;
  let comp = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - m;
    ss += d * d;
    comp += d;
  }
  return Math.max(0, (ss - (comp * comp) / n) / (n - 1));
}

/** Arithmetic mean. Throws a RangeError for an empty sample or a non-finite value. */
export function mean(samples: Samples): number {
  checkSamples(samples, 'samples', 'mean');
  return meanUnchecked(samples);
}

/** Unbiased sample variance Σ(x−m)²/(n−1). Needs n ≥ 2 (RangeError otherwise). */
export function variance(samples: Samples): number {
  checkSamples(samples, 'samples', 'variance', 2);
  return varianceUnchecked(samples, meanUnchecked(samples));
}

/** Standard error of the mean, √(variance/n). Needs n ≥ 2. */
export function standardError(samples: Samples): number {
  checkSamples(samples, 'samples', 'standardError', 2);
  return Math.sqrt(varianceUnchecked(samples, meanUnchecked(samples)) / samples.length);
}

/** n, mean, unbiased variance and standard error in one pass over validated input (n ≥ 1; variance NaN at n = 1). */
export function summarize(samples: Samples): SampleSummary {
  checkSamples(samples, 'samples', 'summarize');
  const m = meanUnchecked(samples);
  const v = varianceUnchecked(samples, m);
  return { n: samples.length, mean: m, variance: v, se: Math.sqrt(v / samples.length) };
}

/**
 * Paired differences d_i = x_i − y_i of two estimates computed on the same draws (common random numbers). The
 * variance of mean(d) is what a paired comparison must use; it is usually far smaller than var(x)/n + var(y)/n.
 */
export function pairedDifferences(x: Samples, y: Samples): Float64Array {
  checkSamples(x, 'x', 'pairedDifferences');
  checkSamples(y, 'y', 'pairedDifferences');
  if (x.length !== y.length) {
    throw new RangeError(`pairedDifferences: x and y must have the same length, got ${x.length} and ${y.length}`);
  }
  const d = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) d[i] = x[i] - y[i];
  return d;
}
