/**
 * The regularised incomplete beta function I_x(a, b) = B(x; a, b)/B(a, b) in Float64, for the Student t
 * distribution. Method (Numerical Recipes §6.4): the Lentz continued fraction, applied to I_x(a, b) when
 * x < (a + 1)/(a + b + 2) and to 1 − I_{1−x}(b, a) otherwise, where it converges fast. Relative accuracy ≈ 1e-14
 * for moderate a, b.
 */
import { logGamma } from './gamma-functions.js';
import { checkPositive } from './validate.js';

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITERATIONS = 100_000;

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), for a, b > 0. */
export function logBeta(a: number, b: number): number {
  checkPositive(a, 'a', 'logBeta');
  checkPositive(b, 'b', 'logBeta');
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** Continued fraction for I_x(a, b) (modified Lentz), without the prefactor x^a (1−x)^b / (a B(a, b)). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) return h;
  }
  throw new RangeError(`regularizedBeta: no convergence for x=${x}, a=${a}, b=${b}`);
}

/** Regularised incomplete beta I_x(a, b) for x ∈ [0, 1] and a, b > 0. */
export function regularizedBeta(x: number, a: number, b: number): number {
  const where = 'regularizedBeta';
  checkPositive(a, 'a', where);
  checkPositive(b, 'b', where);
  if (typeof x !== 'number' || !(x >= 0 && x <= 1)) throw new RangeError(`${where}: x must be in [0, 1], got ${String(x)}`);
  if (x === 0) return 0;
  if (x === 1) return 1;
  const logFront = a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(logFront) * betaContinuedFraction(1 - x, b, a)) / b;
}

/**
 * The upper part 1 − I_x(a, b) = I_{1−x}(b, a), computed directly when it is the small one (no cancellation).
 * Needs 1 − x exactly: pass `oneMinusX` (e.g. t²/(ν + t²) for the t tail) to avoid forming it by subtraction.
 */
export function regularizedBetaComplement(x: number, oneMinusX: number, a: number, b: number): number {
  const where = 'regularizedBetaComplement';
  checkPositive(a, 'a', where);
  checkPositive(b, 'b', where);
  if (!(x >= 0 && x <= 1) || !(oneMinusX >= 0 && oneMinusX <= 1)) {
    throw new RangeError(`${where}: x and oneMinusX must be in [0, 1], got ${x} and ${oneMinusX}`);
  }
  if (oneMinusX === 0) return 0;
  if (x === 0) return 1;
  const logFront = a * Math.log(x) + b * Math.log(oneMinusX) - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) return 1 - (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  return (Math.exp(logFront) * betaContinuedFraction(oneMinusX, b, a)) / b;
}
