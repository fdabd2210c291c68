/**
 * The standard normal distribution in Float64: density, CDF Φ, survival 1 − Φ, and quantile Φ⁻¹.
 *
 * Φ(z) = ½·erfc(−z/√2) and erfc(u) = Q(½, u²), computed by the incomplete-gamma series (|z| < √3) or continued
 * fraction (|z| ≥ √3), with e^{−z²/2} evaluated by splitting z = z_h + (z − z_h) so the large exponent is exact.
 * The tail that is returned is never formed as 1 − (something close to 1), so Φ(−37) ≈ 5.7e-300 keeps ~13
 * significant digits. Φ⁻¹ starts from Acklam's rational approximation (relative error 1.15e-9) and refines it
 * with Halley steps on Φ, giving ~1e-15 relative accuracy for p ∈ [1e-300, 1 − 1e-16].
 */
import { lowerGammaSeries, upperGammaContinuedFraction } from './gamma-functions.js';

const SQRT_TWO_PI = Math.sqrt(2 * Math.PI);

function checkZ(z: number, where: string): void {
  if (typeof z !== 'number' || Number.isNaN(z)) throw new RangeError(`${where}: z must be a number, got ${String(z)}`);
}

/** e^{−z²/2} with the exponent split so that z_h² is exact (z_h = round(16z)/16). */
function expMinusHalfSquare(z: number): number {
  const zh = Math.round(z * 16) / 16;
  const del = (z - zh) * (z + zh);
  return Math.exp(-0.5 * zh * zh) * Math.exp(-0.5 * del);
}

/** Standard normal density φ(z) = e^{−z²/2}/√(2π). */
export function normalPdf(z: number): number {
  checkZ(z, 'normalPdf');
  if (!Number.isFinite(z)) return 0;
  return expMinusHalfSquare(z) / SQRT_TWO_PI;
}

/**
 * The smaller of the two tails, P(Z ≤ −|z|) = ½·erfc(|z|/√2), with full relative accuracy (never 1 − x).
 */
function lowerTailOfAbs(z: number): number {
  const a = Math.abs(z);
  if (a === Infinity) return 0;
  const t = 0.5 * a * a;
  // e^{−t} t^{1/2} / Γ(1/2) = e^{−z²/2} |z| / √(2π)
  const prefactor = (expMinusHalfSquare(a) * a) / SQRT_TWO_PI;
  if (t < 1.5) {
    const erf = prefactor * lowerGammaSeries(0.5, t); // P(1/2, t) = erf(|z|/√2)
    return 0.5 * (1 - erf);
  }
  return 0.5 * prefactor * upperGammaContinuedFraction(0.5, t); // ½ Q(1/2, t)
}

/** Standard normal CDF Φ(z) = P(Z ≤ z). Accurate to ~1e-14 relative in the lower tail (down to ~1e-300). */
export function normalCdf(z: number): number {
  checkZ(z, 'normalCdf');
  const tail = lowerTailOfAbs(z);
  return z <= 0 ? tail : 1 - tail;
}

/** Standard normal survival function 1 − Φ(z) = P(Z > z), accurate in the upper tail (e.g. z = 37). */
export function normalSurvival(z: number): number {
  checkZ(z, 'normalSurvival');
  const tail = lowerTailOfAbs(z);
  return z >= 0 ? tail : 1 - tail;
}

// Acklam's coefficients (P. J. Acklam, "An algorithm for computing the inverse normal cumulative distribution
// function", 2003); relative error of the raw approximation ≤ 1.15e-9.
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/** Acklam's approximation for p ∈ (0, ½]. */
function acklamLower(p: number): number {
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
}

/** Φ⁻¹(p) for p ∈ (0, ½], refined by Halley's method on f(x) = Φ(x) − p. */
function quantileLower(p: number): number {
  if (p === 0.5) return 0;
  let x = acklamLower(p);
  for (let i = 0; i < 4; i++) {
    const e = lowerTailOfAbs(x) - p; // x < 0 here, so Φ(x) = lowerTailOfAbs(x)
    const u = e / (expMinusHalfSquare(x) / SQRT_TWO_PI);
    const next = x - u / (1 + 0.5 * x * u);
    const done = Math.abs(next - x) <= 1e-16 * Math.max(1, Math.abs(x));
    x = next;
    if (done) break;
  }
  return x;
}

/**
 * Standard normal quantile Φ⁻¹(p): the z with Φ(z) = p. p = 0 → −∞, p = 1 → +∞; p outside [0, 1] or NaN throws
 * a RangeError. Relative accuracy ~1e-15 (Acklam start + Halley refinement); for p > ½ it uses Φ⁻¹(p) = −Φ⁻¹(1 − p),
 * so upper-tail quantiles are limited by the resolution of p itself near 1 — pass small tail probabilities through
 * {@link normalQuantileUpper} instead of forming 1 − δ.
 */
export function normalQuantile(p: number): number {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new RangeError(`normalQuantile: p must be in [0, 1], got ${String(p)}`);
  }
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  return p <= 0.5 ? quantileLower(p) : -quantileLower(1 - p);
}

/**
 * Upper-tail quantile: the z with P(Z > z) = q, i.e. Φ⁻¹(1 − q), computed without forming 1 − q (so q = 1e-12 is
 * exact to ~1e-15). This is the critical value z_{1−q} of a one-sided test at level q.
 */
export function normalQuantileUpper(q: number): number {
  if (typeof q !== 'number' || !(q >= 0 && q <= 1)) {
    throw new RangeError(`normalQuantileUpper: q must be in [0, 1], got ${String(q)}`);
  }
  if (q === 0) return Infinity;
  if (q === 1) return -Infinity;
  return q <= 0.5 ? -quantileLower(q) : quantileLower(1 - q);
}
