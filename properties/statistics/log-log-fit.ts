/**
 * Power-law fits: least squares of log y on log x (y ≈ C·x^slope), with R² in log space and a percentile-bootstrap
 * confidence interval for the slope and intercept. The bootstrap resamples the points (pairs bootstrap) or, when
 * each x has replicate measurements, the replicates within each x (x fixed); it is driven by an explicit `Rng`
 * so the interval is deterministic given the seed.
 *
 * The percentile bootstrap's coverage is approximate (it is exact only asymptotically in the number of points or
 * replicates): treat its `falseFailureRate` as nominal, and prove a fitter on planted data before trusting it.
 * Measured: on y = 3·x^−0.5·e^{0.1 N} at 40 log-spaced points, nominal 90% slope intervals missed the true slope
 * in 11.35% of 2000 datasets (500 resamples each), against 9.1% for the classical t-interval.
 */
import { Rng } from '../../theory/random.js';
import { leastSquaresLine, lineFitStatistics, type LinearFit } from './linear-fit.js';
import { checkInteger, checkRate, checkSamples, type Samples } from './validate.js';

/** A log-log least-squares fit: log y = intercept + slope·log x (natural logarithms). */
export type LogLogFit = LinearFit;

/** Options of {@link fitLogLogBootstrap}. */
export interface LogLogBootstrapOptions {
  /** The random stream (e.g. `Rng.fromSeed(seed).split('slope-bootstrap')`); it is advanced. */
  readonly rng: Rng;
  /** Number of bootstrap resamples (default 2000, at least 100). */
  readonly replicates?: number;
  /** Nominal miss probability of the two-sided percentile intervals (default 0.05 → 95% intervals). */
  readonly falseFailureRate?: number;
}

/** A log-log fit with percentile-bootstrap intervals. */
export interface LogLogBootstrapFit extends LogLogFit {
  /** Percentile-bootstrap interval for the slope at nominal level 1 − falseFailureRate. */
  readonly slopeInterval: [number, number];
  /** Percentile-bootstrap interval for the intercept (log C) at nominal level 1 − falseFailureRate. */
  readonly interceptInterval: [number, number];
  /** The nominal two-sided miss probability of the intervals. */
  readonly falseFailureRate: number;
  /** Number of bootstrap resamples used. */
  readonly replicates: number;
  /** What was resampled: the points, or the replicate measurements within each x. */
  readonly resampling: 'points' | 'replicates';
  /** Resamples redrawn because all their x were equal (pairs bootstrap only). */
  readonly degenerateResamples: number;
}

function logsOf(values: Samples, name: string, where: string): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    if (!(values[i] > 0)) throw new RangeError(`${where}: ${name}[${i}] must be > 0 for a log-log fit, got ${values[i]}`);
    out[i] = Math.log(values[i]);
  }
  return out;
}

function isReplicated(y: Samples | readonly Samples[]): y is readonly Samples[] {
  return Array.isArray(y) && y.length > 0 && (Array.isArray(y[0]) || y[0] instanceof Float64Array);
}

/**
 * Least-squares fit of log y = intercept + slope·log x for positive x, y (n ≥ 2, at least two distinct x).
 * Noise-free power laws y = C·x^s are recovered to rounding error.
 */
export function fitLogLog(x: Samples, y: Samples): LogLogFit {
  const where = 'fitLogLog';
  checkSamples(x, 'x', where, 2);
  checkSamples(y, 'y', where, 2);
  if (x.length !== y.length) throw new RangeError(`${where}: x and y must have the same length, got ${x.length} and ${y.length}`);
  const lx = logsOf(x, 'x', where);
  const ly = logsOf(y, 'y', where);
  const line = leastSquaresLine(lx, ly);
  if (!line) throw new RangeError(`${where}: x must take at least two distinct values`);
  return lineFitStatistics(lx, ly, line);
}

/** Type-7 (linear interpolation) quantile of sorted values. */
function quantileSorted(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Log-log fit with percentile-bootstrap intervals. `y` is either one positive value per x (the points are
 * resampled with replacement; needs n ≥ 3 points) or an array of replicate measurements per x (each x keeps its
 * place, its replicates are resampled, and the point value is log(mean of replicates)).
 */
export function fitLogLogBootstrap(x: Samples, y: Samples | readonly Samples[], options: LogLogBootstrapOptions): LogLogBootstrapFit {
  const where = 'fitLogLogBootstrap';
  if (options === undefined || options === null || !(options.rng instanceof Rng)) {
    throw new RangeError(`${where}: options.rng must be an Rng (e.g. Rng.fromSeed(seed).split('bootstrap'))`);
  }
  const rng = options.rng;
  const B = checkInteger(options.replicates ?? 2000, 'replicates', where, 100);
  const rate = checkRate(options.falseFailureRate ?? 0.05, 'falseFailureRate', where);
  checkSamples(x, 'x', where, 2);
  if (x.length !== y.length) throw new RangeError(`${where}: x and y must have the same length, got ${x.length} and ${y.length}`);
  const lx = logsOf(x, 'x', where);
  const slopes = new Float64Array(B);
  const intercepts = new Float64Array(B);
  let point: LogLogFit;
  let resampling: 'points' | 'replicates';
  let degenerate = 0;
  if (isReplicated(y)) {
    resampling = 'replicates';
    const reps = y.map((r, i) => {
      checkSamples(r, `y[${i}]`, where);
      logsOf(r, `y[${i}]`, where); // positivity
      return Float64Array.from(r);
    });
    const meanLog = (r: Float64Array) => {
      let s = 0;
      for (let k = 0; k < r.length; k++) s += r[k];
      return Math.log(s / r.length);
    };
    const ly = Float64Array.from(reps, meanLog);
    const line = leastSquaresLine(lx, ly);
    if (!line) throw new RangeError(`${where}: x must take at least two distinct values`);
    point = lineFitStatistics(lx, ly, line);
    const lyb = new Float64Array(reps.length);
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < reps.length; i++) {
        const r = reps[i];
        let s = 0;
        for (let k = 0; k < r.length; k++) s += r[rng.int(r.length)];
        lyb[i] = Math.log(s / r.length);
      }
      const l = leastSquaresLine(lx, lyb) as { slope: number; intercept: number };
      slopes[b] = l.slope;
      intercepts[b] = l.intercept;
    }
  } else {
    resampling = 'points';
    checkSamples(y, 'y', where, 3);
    const ly = logsOf(y, 'y', where);
    const line = leastSquaresLine(lx, ly);
    if (!line) throw new RangeError(`${where}: x must take at least two distinct values`);
    point = lineFitStatistics(lx, ly, line);
    const n = lx.length;
    const idx = new Int32Array(n);
    for (let b = 0; b < B; b++) {
      let l = null;
      for (;;) {
        for (let k = 0; k < n; k++) idx[k] = rng.int(n);
        l = leastSquaresLine(lx, ly, idx);
        if (l) break;
        degenerate++;
        if (degenerate > 100 * B) throw new RangeError(`${where}: too many degenerate resamples (are nearly all x equal?)`);
      }
      slopes[b] = l.slope;
      intercepts[b] = l.intercept;
    }
  }
  slopes.sort();
  intercepts.sort();
  return {
    ...point,
    slopeInterval: [quantileSorted(slopes, rate / 2), quantileSorted(slopes, 1 - rate / 2)],
    interceptInterval: [quantileSorted(intercepts, rate / 2), quantileSorted(intercepts, 1 - rate / 2)],
    falseFailureRate: rate,
    replicates: B,
    resampling,
    degenerateResamples: degenerate,
  };
}
