/**
 * Ordinary least squares for a straight line y = a + b·g(x), with g the identity by default (pass g = m ⇒ 1/m for
 * the prompt-count fit risk ≈ a + b/M). Centred sums (two-pass) keep it accurate when g(x) has a large offset.
 */
import { checkSamples, type Samples } from './validate.js';

/** Result of a least-squares line fit. */
export interface LinearFit {
  /** a in y = a + b·g(x). */
  readonly intercept: number;
  /** b in y = a + b·g(x). */
  readonly slope: number;
  /** Coefficient of determination 1 − SS_res/SS_tot (1 when y is constant and fitted exactly). */
  readonly r2: number;
  /** Number of points. */
  readonly n: number;
  /** √(SS_res/(n − 2)); NaN when n = 2. */
  readonly residualStandardError: number;
  /** Classical OLS standard error of the intercept (homoscedastic errors); NaN when n = 2. */
  readonly interceptStandardError: number;
  /** Classical OLS standard error of the slope (homoscedastic errors); NaN when n = 2. */
  readonly slopeStandardError: number;
}

/** Intercept and slope only; `null` when the design values are all equal (slope undefined). */
export interface LineCoefficients {
  /** Intercept a. */
  readonly intercept: number;
  /** Slope b. */
  readonly slope: number;
}

/**
 * Least-squares line through the points (g[k], y[k]) for k in `index` (or all points), no validation — the inner
 * loop of the bootstrap. Returns null when the selected g values are all equal.
 */
export function leastSquaresLine(g: Float64Array, y: Float64Array, index?: Int32Array): LineCoefficients | null {
  const n = index ? index.length : g.length;
  let sg = 0;
  let sy = 0;
  for (let k = 0; k < n; k++) {
    const i = index ? index[k] : k;
    sg += g[i];
    sy += y[i];
  }
  const mg = sg / n;
  const my = sy / n;
  let sgg = 0;
  let sgy = 0;
  for (let k = 0; k < n; k++) {
    const i = index ? index[k] : k;
    const dg = g[i] - mg;
    sgg += dg * dg;
    sgy += dg * (y[i] - my);
  }
  if (!(sgg > 0) || sgg <= 1e-24 * n * mg * mg) return null; // all g equal (up to rounding of the mean)
  const slope = sgy / sgg;
  return { slope, intercept: my - slope * mg };
}

/** Validates x, y (and g(x)) for a fit and returns the design values as Float64Arrays. */
export function designOf(x: Samples, y: Samples, g: ((x: number) => number) | undefined, where: string): [Float64Array, Float64Array] {
  checkSamples(x, 'x', where, 2);
  checkSamples(y, 'y', where, 2);
  if (x.length !== y.length) throw new RangeError(`${where}: x and y must have the same length, got ${x.length} and ${y.length}`);
  const gx = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    gx[i] = g ? g(x[i]) : x[i];
    if (!Number.isFinite(gx[i])) throw new RangeError(`${where}: g(x[${i}]) = g(${x[i]}) is not finite`);
  }
  return [gx, Float64Array.from(y)];
}

/** Fit statistics of a line on given design values (shared by the linear and log-log fits). */
export function lineFitStatistics(g: Float64Array, y: Float64Array, line: LineCoefficients): LinearFit {
  const n = g.length;
  let my = 0;
  let mg = 0;
  for (let i = 0; i < n; i++) {
    my += y[i];
    mg += g[i];
  }
  my /= n;
  mg /= n;
  let ssRes = 0;
  let ssTot = 0;
  let sgg = 0;
  for (let i = 0; i < n; i++) {
    const r = y[i] - line.intercept - line.slope * g[i];
    ssRes += r * r;
    ssTot += (y[i] - my) * (y[i] - my);
    sgg += (g[i] - mg) * (g[i] - mg);
  }
  const r2 = ssTot > 0 ? 1 - ssRes / ssTot : ssRes <= 1e-30 ? 1 : 0;
  const s = n > 2 ? Math.sqrt(ssRes / (n - 2)) : NaN;
  return {
    intercept: line.intercept,
    slope: line.slope,
    r2,
    n,
    residualStandardError: s,
    slopeStandardError: s / Math.sqrt(sgg),
    interceptStandardError: s * Math.sqrt(1 / n + (mg * mg) / sgg),
  };
}

/**
 * Least-squares fit of y = a + b·g(x) (g defaults to the identity) with R² and classical standard errors. Needs
 * n ≥ 2 points with at least two distinct g(x) values; throws a RangeError otherwise.
 */
export function fitLinear(x: Samples, y: Samples, g?: (x: number) => number): LinearFit {
  const where = 'fitLinear';
  const [gx, yy] = designOf(x, y, g, where);
  const line = leastSquaresLine(gx, yy);
  if (!line) throw new RangeError(`${where}: g(x) must take at least two distinct values`);
  return lineFitStatistics(gx, yy, line);
}
