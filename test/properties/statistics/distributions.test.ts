/**
 * Special functions and distributions against known values. Reference values were computed with mpmath at 50
 * significant digits (mp.ncdf, mp.loggamma, mp.gammainc(k/2, x/2, inf, regularized=True), findroot on log Φ) and
 * are quoted to 17–20 digits. Deterministic: no randomness.
 */
import { describe, expect, it } from 'vitest';
import {
  binomialLowerCriticalCount,
  binomialPmf,
  binomialTailAtLeast,
  binomialTailAtMost,
  binomialUpperCriticalCount,
  chiSquareCdf,
  chiSquareSurvival,
  logBeta,
  logGamma,
  normalCdf,
  normalPdf,
  normalQuantile,
  normalQuantileUpper,
  normalSurvival,
  regularizedBeta,
  regularizedGammaP,
  regularizedGammaQ,
  studentTCdf,
  studentTQuantileUpper,
  studentTSurvival,
} from '../../../properties/statistics/index.js';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('logGamma', () => {
  it.each([
    [0.5, 0.57236494292470008707],
    [10, 12.801827480081469611],
    [100, 359.13420536957539878],
    [1e-5, 11.512919692895825707],
    [3.5, 1.2009736023470742248],
    [171.5, 709.14316303092824227],
  ])('ln Γ(%d) matches mpmath to 1e-14 relative', (x, want) => {
    expect(rel(logGamma(x), want)).toBeLessThan(1e-14);
  });
  it('ln Γ(1) = ln Γ(2) = 0 to 1e-15 absolute and ln Γ(n) = ln (n−1)! for small n', () => {
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-15);
    expect(Math.abs(logGamma(2))).toBeLessThan(1e-15);
    let f = 1;
    for (let n = 3; n <= 20; n++) {
      f *= n - 1;
      expect(rel(logGamma(n), Math.log(f))).toBeLessThan(1e-14);
    }
  });
  it('rejects x <= 0 and NaN with a RangeError naming logGamma and x', () => {
    expect(() => logGamma(0)).toThrow(RangeError);
    expect(() => logGamma(-1)).toThrow(/logGamma: x/);
    expect(() => logGamma(NaN)).toThrow(/logGamma: x/);
  });
});

describe('regularised incomplete gamma', () => {
  it('P + Q = 1 on both sides of the series / continued-fraction switch, and P(1, x) = 1 − e^{−x}', () => {
    for (const a of [0.5, 1, 2.5, 10, 60]) {
      for (const x of [0.01, 0.5, a, a + 0.99, a + 1.01, 3 * a + 2]) {
        expect(Math.abs(regularizedGammaP(a, x) + regularizedGammaQ(a, x) - 1)).toBeLessThan(1e-14);
      }
    }
    for (const x of [1e-3, 0.3, 1, 2, 5, 20]) {
      expect(rel(regularizedGammaP(1, x), -Math.expm1(-x))).toBeLessThan(1e-14);
      expect(rel(regularizedGammaQ(1, x), Math.exp(-x))).toBeLessThan(1e-14);
    }
  });
  it('edges: x = 0 and x = ∞', () => {
    expect(regularizedGammaP(2, 0)).toBe(0);
    expect(regularizedGammaQ(2, 0)).toBe(1);
    expect(regularizedGammaP(2, Infinity)).toBe(1);
    expect(regularizedGammaQ(2, Infinity)).toBe(0);
  });
  it('rejects a <= 0 and x < 0 naming the function and argument', () => {
    expect(() => regularizedGammaP(0, 1)).toThrow(/regularizedGammaP: a/);
    expect(() => regularizedGammaQ(1, -1)).toThrow(/regularizedGammaQ: x/);
  });
});

describe('normal distribution', () => {
  it.each([
    [0.975, 1.9599639845400542355],
    [0.9, 1.281551565544600467],
    [0.025, -1.9599639845400542355],
    [1e-5, -4.2648907939228246285],
    [1e-10, -6.3613409024040562047],
    [1e-300, -37.047096299361199237],
  ])('Φ⁻¹(%d) matches mpmath to 1e-14 relative', (p, want) => {
    expect(rel(normalQuantile(p), want)).toBeLessThan(1e-14);
  });
  it('Φ⁻¹(0.975) = 1.959963984540054 and the upper quantile needs no 1 − q', () => {
    expect(Math.abs(normalQuantile(0.975) - 1.959963984540054)).toBeLessThan(1e-15);
    expect(rel(normalQuantileUpper(1e-6), 4.7534243088228989482)).toBeLessThan(1e-14);
    expect(rel(normalQuantileUpper(0.025), 1.9599639845400542355)).toBeLessThan(1e-14);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
  });
  it.each([
    [-1, 0.15865525393145705141],
    [-1.959963984540054, 0.025000000000000013765],
    [-5, 2.8665157187919391167e-7],
    [-10, 7.619853024160526066e-24],
    [-20, 2.7536241186062336951e-89],
    [-37, 5.7255712225245768227e-300],
    [1, 0.84134474606854294859],
    [3, 0.99865010196836990547],
  ])('Φ(%d) matches mpmath to 1e-14 relative (tails included)', (z, want) => {
    expect(rel(normalCdf(z), want)).toBeLessThan(1e-14);
    expect(rel(normalSurvival(-z), want)).toBeLessThan(1e-14);
  });
  it('round trip Φ(Φ⁻¹(p)) = p to 8ε(1 + x²) relative on a grid from 1e-300 to 1 − 1/200', () => {
    // Conditioning: a relative error ε in x = Φ⁻¹(p) moves Φ(x) by ≈ x²·ε relatively in the tail (x φ(x)/Φ(x) ≈ x²),
    // so a round trip exact up to a few ulps of x has relative error ≲ c·ε·(1 + x²); c = 8 leaves 2× headroom over
    // the worst ratio measured on this grid (≈ 4, at p = 0.075).
    const ps: number[] = [];
    for (let e = -300; e <= -1; e += 7) ps.push(10 ** e);
    for (let i = 1; i < 200; i++) ps.push(i / 200);
    for (const p of ps) {
      const x = normalQuantile(p);
      expect(rel(normalCdf(x), p)).toBeLessThan(8 * Number.EPSILON * (1 + x * x));
    }
    for (const q of [1e-12, 1e-8, 1e-3]) expect(rel(normalSurvival(normalQuantileUpper(q)), q)).toBeLessThan(1e-13);
  });
  it('Φ is the integral of φ (slow twin: composite Simpson on [−8, z])', () => {
    for (const z of [-2.5, -0.3, 0.7, 1.9]) {
      const m = 20000;
      const a = -8;
      const h = (z - a) / m;
      let s = normalPdf(a) + normalPdf(z);
      for (let i = 1; i < m; i++) s += (i % 2 ? 4 : 2) * normalPdf(a + i * h);
      const integral = (s * h) / 3 + normalCdf(-8);
      expect(Math.abs(integral - normalCdf(z))).toBeLessThan(1e-13);
    }
  });
  it('rejects p outside [0, 1] and NaN naming normalQuantile and p', () => {
    expect(() => normalQuantile(1.5)).toThrow(/normalQuantile: p/);
    expect(() => normalQuantile(NaN)).toThrow(RangeError);
    expect(() => normalCdf(NaN)).toThrow(/normalCdf: z/);
  });
});

describe('chi-square distribution', () => {
  it.each([
    [3.841458820694124, 1, 0.05],
    [18.307038053275146, 10, 0.05],
    [0.5, 3, 0.91889141165467585936],
    [100, 50, 0.000034549313829848639421],
    [1e-3, 2, 0.99950012497916927057],
    [200, 5, 2.8406228986415316834e-41],
    [10, 0.5, 0.00049202512444634008294],
  ])('P(χ²_k > %d) with k = %d matches %d to 1e-13 relative', (x, k, want) => {
    expect(rel(chiSquareSurvival(x, k), want)).toBeLessThan(1e-13);
  });
  it('large df (k = 1000) still accurate to 1e-11 relative in the tail', () => {
    expect(rel(chiSquareSurvival(1500, 1000), 1.0454640385979657294e-22)).toBeLessThan(1e-11);
  });
  it('CDF + survival = 1, and χ²_2 has the closed form e^{−x/2}', () => {
    for (const x of [0.1, 1, 4, 9, 30]) {
      expect(Math.abs(chiSquareCdf(x, 7) + chiSquareSurvival(x, 7) - 1)).toBeLessThan(1e-14);
      expect(rel(chiSquareSurvival(x, 2), Math.exp(-x / 2))).toBeLessThan(1e-14);
    }
  });
  it('χ²_1 survival equals 2·(1 − Φ(√x)) (two independent code paths)', () => {
    for (const x of [0.01, 0.5, 3, 12, 50]) expect(rel(chiSquareSurvival(x, 1), 2 * normalSurvival(Math.sqrt(x)))).toBeLessThan(1e-13);
  });
  it('rejects bad degrees of freedom and x', () => {
    expect(() => chiSquareSurvival(1, 0)).toThrow(/chiSquareSurvival: degreesOfFreedom/);
    expect(() => chiSquareCdf(-1, 3)).toThrow(/chiSquareCdf: x/);
    expect(() => chiSquareCdf(NaN, 3)).toThrow(/chiSquareCdf: x/);
  });
});

describe('binomial tails', () => {
  /** Slow twin: pmf by the multiplicative recurrence from (1−p)^n, summed directly (small n only). */
  function bruteTail(k: number, n: number, p: number): number {
    let pmf = (1 - p) ** n;
    let s = 0;
    for (let j = 0; j <= n; j++) {
      if (j >= k) s += pmf;
      pmf *= ((n - j) / (j + 1)) * (p / (1 - p));
    }
    return s;
  }
  it('matches the brute-force sum for n ≤ 40', () => {
    for (const n of [1, 5, 17, 40]) {
      for (const p of [0.01, 0.3, 0.5, 0.9]) {
        for (let k = 0; k <= n + 1; k++) {
          expect(Math.abs(binomialTailAtLeast(k, n, p) - bruteTail(k, n, p))).toBeLessThan(1e-12);
          expect(Math.abs(binomialTailAtMost(k - 1, n, p) - (1 - bruteTail(k, n, p)))).toBeLessThan(1e-12);
        }
        let total = 0;
        for (let k = 0; k <= n; k++) total += binomialPmf(k, n, p);
        expect(Math.abs(total - 1)).toBeLessThan(1e-12);
      }
    }
  });
  it('matches mpmath on n = 2000 and 10', () => {
    expect(rel(binomialTailAtLeast(130, 2000, 0.05), 0.0017758262490794819)).toBeLessThan(1e-9);
    expect(rel(binomialTailAtLeast(600, 2000, 0.3), 0.50843472035148514)).toBeLessThan(1e-9);
    expect(rel(binomialTailAtLeast(1, 10, 0.3), 0.9717524751)).toBeLessThan(1e-12);
  });
  it('critical counts agree with scipy (n = 2000, p = 0.05, rate 1e-6: upper 150, lower 56) and with the tails', () => {
    expect(binomialUpperCriticalCount(2000, 0.05, 1e-6)).toBe(150);
    expect(binomialLowerCriticalCount(2000, 0.05, 1e-6)).toBe(56);
    const k = binomialUpperCriticalCount(500, 0.2, 1e-4);
    expect(binomialTailAtLeast(k, 500, 0.2)).toBeLessThanOrEqual(1e-4);
    expect(binomialTailAtLeast(k - 1, 500, 0.2)).toBeGreaterThan(1e-4);
    const l = binomialLowerCriticalCount(500, 0.2, 1e-4);
    expect(binomialTailAtMost(l, 500, 0.2)).toBeLessThanOrEqual(1e-4);
    expect(binomialTailAtMost(l + 1, 500, 0.2)).toBeGreaterThan(1e-4);
  });
  it('rejects invalid arguments naming them', () => {
    expect(() => binomialTailAtLeast(1, -1, 0.5)).toThrow(/binomialTailAtLeast: n/);
    expect(() => binomialTailAtLeast(1, 10, 1.5)).toThrow(/binomialTailAtLeast: p/);
    expect(() => binomialUpperCriticalCount(10, 0.5, 0)).toThrow(/binomialUpperCriticalCount: rate/);
  });
});

describe('regularised incomplete beta', () => {
  it('closed forms: I_x(1,1) = x, I_x(a,1) = x^a, I_x(1,b) = 1 − (1−x)^b, and the symmetry I_x(a,b) = 1 − I_{1−x}(b,a)', () => {
    for (const x of [0.01, 0.2, 0.5, 0.77, 0.99]) {
      expect(Math.abs(regularizedBeta(x, 1, 1) - x)).toBeLessThan(1e-15);
      expect(rel(regularizedBeta(x, 3.5, 1), x ** 3.5)).toBeLessThan(1e-13);
      expect(Math.abs(regularizedBeta(x, 1, 4.2) - (1 - (1 - x) ** 4.2))).toBeLessThan(1e-14);
      expect(Math.abs(regularizedBeta(x, 2.5, 7) + regularizedBeta(1 - x, 7, 2.5) - 1)).toBeLessThan(1e-14);
    }
    expect(Math.abs(logBeta(2, 3) - Math.log(1 / 12))).toBeLessThan(1e-14);
  });
  it('binomial identity P(Bin(n, p) ≥ k) = I_p(k, n − k + 1) (independent of the binomial summation code)', () => {
    for (const [n, p] of [[30, 0.2], [200, 0.05], [1000, 0.5]] as const) {
      for (const k of [1, Math.round(n * p), Math.round(n * p * 1.5) + 1]) {
        expect(rel(regularizedBeta(p, k, n - k + 1), binomialTailAtLeast(k, n, p))).toBeLessThan(1e-9);
      }
    }
  });
  it('rejects x outside [0, 1] naming regularizedBeta and x', () => {
    expect(() => regularizedBeta(1.2, 1, 1)).toThrow(/regularizedBeta: x/);
    expect(() => regularizedBeta(0.5, 0, 1)).toThrow(/regularizedBeta: a/);
  });
});

describe('Student t distribution', () => {
  it.each([
    [2, 5, 0.050969739414929178123],
    [2.045229642132703, 29, 0.025000000000000068038],
    [0.1, 3, 0.46332617440040291445],
    [10, 1, 0.031725517430553569515],
    [40, 30, 6.8630225972032013936e-28],
    [1.5, 0.5, 0.25395089532405422373],
  ])('P(T > %d) with ν = %d matches mpmath to 1e-12 relative', (t, nu, want) => {
    expect(rel(studentTSurvival(t, nu), want)).toBeLessThan(1e-12);
    expect(rel(studentTCdf(-t, nu), want)).toBeLessThan(1e-12);
  });
  it.each([
    [0.025, 29, 2.0452296421327042982],
    [0.05, 10, 1.8124611228116764136],
    [1e-10, 30, 9.3774897804071431961],
    [0.3, 4, 0.56864906304970544415],
    [0.05, 1, 6.313751514675043099],
    [1e-6, 2, 707.10572052593380253],
  ])('upper quantile t(q = %d, ν = %d) matches mpmath to 1e-12 relative', (q, nu, want) => {
    expect(rel(studentTQuantileUpper(q, nu), want)).toBeLessThan(1e-12);
  });
  it('Cauchy (ν = 1) closed form and the normal limit (ν = 1e7)', () => {
    for (const t of [-3, -0.5, 0.2, 4]) expect(Math.abs(studentTCdf(t, 1) - (0.5 + Math.atan(t) / Math.PI))).toBeLessThan(1e-14);
    for (const t of [-2, 0.5, 1.7]) expect(Math.abs(studentTCdf(t, 1e7) - normalCdf(t))).toBeLessThan(1e-7);
    expect(studentTQuantileUpper(0.5, 7)).toBe(0);
    expect(rel(studentTQuantileUpper(0.975, 7), -studentTQuantileUpper(0.025, 7))).toBeLessThan(1e-13); // 1 − 0.975 ≠ 0.025 exactly
  });
  it('rejects invalid arguments naming them', () => {
    expect(() => studentTCdf(NaN, 3)).toThrow(/studentTCdf: t/);
    expect(() => studentTSurvival(1, 0)).toThrow(/studentTSurvival: degreesOfFreedom/);
    expect(() => studentTQuantileUpper(0, 3)).toThrow(/studentTQuantileUpper: q/);
  });
});
