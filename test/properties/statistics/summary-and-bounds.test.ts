/**
 * Summary statistics, mean confidence radii (formulas checked against hand-computed values), and input validation
 * (RangeErrors that name the function and the argument). Deterministic except the fast-check properties, which use
 * the global seed from test/setup.ts.
 */
import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  CLT_MIN_SAMPLES,
  assertMeanAtLeast,
  assertMeanAtMost,
  assertMeanClose,
  assertPairedDifference,
  cltRadius,
  empiricalBernsteinRadius,
  hoeffdingRadius,
  mean,
  meanConfidenceInterval,
  meanLowerBound,
  meanUpperBound,
  normalQuantileUpper,
  pairedDifferences,
  standardError,
  summarize,
  variance,
} from '../../../properties/statistics/index.js';

describe('summary statistics', () => {
  it('mean, unbiased variance and standard error of a small exact sample', () => {
    const x = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(mean(x)).toBe(5);
    expect(variance(x)).toBeCloseTo(32 / 7, 14);
    expect(standardError(x)).toBeCloseTo(Math.sqrt(32 / 7 / 8), 14);
    const s = summarize(Float64Array.from(x));
    expect(s).toEqual({ n: 8, mean: 5, variance: variance(x), se: standardError(x) });
    expect(Number.isNaN(summarize([3]).variance)).toBe(true);
  });
  it('is not fooled by a large offset (two-pass): variance of 1e9 + {0,1,2} is 1', () => {
    expect(variance([1e9, 1e9 + 1, 1e9 + 2])).toBe(1);
    expect(mean([1e9, 1e9 + 1, 1e9 + 2])).toBe(1e9 + 1);
  });
  fcTest.prop([fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 50 })])(
    'agrees with the definition Σ(x−m)²/(n−1) computed naively',
    (xs) => {
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      const v = xs.reduce((a, b) => a + (b - m) * (b - m), 0) / (xs.length - 1);
      expect(Math.abs(mean(xs) - m)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(m)));
      expect(Math.abs(variance(xs) - v)).toBeLessThanOrEqual(1e-9 * (1 + v));
    },
  );
  it('paired differences', () => {
    expect(Array.from(pairedDifferences([3, 5, 7], [1, 1, 10]))).toEqual([2, 4, -3]);
    expect(() => pairedDifferences([1, 2], [1])).toThrow(/pairedDifferences: x and y must have the same length/);
  });
  it('rejects empty samples and NaN naming the function and argument', () => {
    expect(() => mean([])).toThrow(/mean: samples must be non-empty/);
    expect(() => mean([1, NaN])).toThrow(/mean: samples\[1\] must be a finite number/);
    expect(() => variance([1])).toThrow(/variance: samples needs at least 2/);
    expect(() => summarize([Infinity])).toThrow(RangeError);
  });
});

describe('mean confidence radii', () => {
  it('CLT: z_{1−δ}·se, and refuses n below the floor', () => {
    expect(cltRadius(0.1, 100, 0.025)).toBeCloseTo(0.1959963984540054, 14);
    expect(CLT_MIN_SAMPLES).toBe(30);
    expect(() => cltRadius(0.1, 29, 0.05)).toThrow(/cltRadius: n = 29 is below the CLT floor minSamples = 30/);
    expect(cltRadius(0.1, 10, 0.05, 10)).toBeCloseTo(0.1 * normalQuantileUpper(0.05), 14);
  });
  it('Hoeffding: (b−a)√(ln(1/δ)/(2n))', () => {
    expect(hoeffdingRadius(50, [0, 2], 0.01)).toBeCloseTo(2 * Math.sqrt(Math.log(100) / 100), 14);
    expect(() => hoeffdingRadius(50, [1, 1], 0.01)).toThrow(/hoeffdingRadius: range must satisfy a < b/);
  });
  it('empirical Bernstein: √(2V ln(2/δ)/n) + 7(b−a) ln(2/δ)/(3(n−1))', () => {
    const l = Math.log(2 / 0.05);
    expect(empiricalBernsteinRadius(101, 0.04, [0, 1], 0.05)).toBeCloseTo(Math.sqrt((2 * 0.04 * l) / 101) + (7 * l) / 300, 14);
    expect(() => empiricalBernsteinRadius(1, 0.04, [0, 1], 0.05)).toThrow(/empiricalBernsteinRadius: n/);
  });
  it('bounds: upper = mean + r, lower = mean − r, interval uses δ/2 per side; clipped to the range', () => {
    const x = Array.from({ length: 40 }, (_, i) => (i % 4) / 4); // values 0, .25, .5, .75
    const s = summarize(x);
    const z = normalQuantileUpper(0.01);
    expect(meanUpperBound(x, 0.01)).toBeCloseTo(s.mean + z * s.se, 14);
    expect(meanLowerBound(x, 0.01)).toBeCloseTo(s.mean - z * s.se, 14);
    const [lo, hi] = meanConfidenceInterval(x, 0.02);
    expect(lo).toBeCloseTo(s.mean - z * s.se, 14);
    expect(hi).toBeCloseTo(s.mean + z * s.se, 14);
    expect(meanUpperBound([0.7, 0.75, 0.75], 1e-6, { method: 'hoeffding', range: [0, 0.75] })).toBe(0.75);
    expect(meanUpperBound(x, 1e-6, { method: 'hoeffding', range: [0, 0.75] })).toBeCloseTo(0.375 + 0.75 * Math.sqrt(Math.log(1e6) / 80), 14);
    expect(meanLowerBound({ mean: 0.4, se: 0.01, n: 100 }, 0.05)).toBeCloseTo(0.4 - 0.01 * normalQuantileUpper(0.05), 14);
  });
});

describe('mean assertions: semantics and invalid input', () => {
  const data = { mean: 1, se: 0.1, n: 100 };
  const z = normalQuantileUpper(0.05);
  it('at-least fails only when the upper bound is below the claimed bound', () => {
    const justHolds = assertMeanAtLeast(data, 1 + z * 0.1 - 1e-9, { falseFailureRate: 0.05 });
    expect(justHolds.passed).toBe(true);
    const justFails = assertMeanAtLeast(data, 1 + z * 0.1 + 1e-9, { falseFailureRate: 0.05 });
    expect(justFails.passed).toBe(false);
    expect(justFails.interval[1]).toBeCloseTo(1 + z * 0.1, 14);
    expect(justFails).toMatchObject({ estimate: 1, falseFailureRate: 0.05, method: 'clt', n: 100, standardError: 0.1 });
    expect(justFails.detail).toMatch(/FAILS/);
    expect(justFails.claim).toBe('E[X] >= 1.16449');
  });
  it('at-most fails only when the lower bound is above the claimed bound', () => {
    expect(assertMeanAtMost(data, 1 - z * 0.1 + 1e-9, { falseFailureRate: 0.05 }).passed).toBe(true);
    expect(assertMeanAtMost(data, 1 - z * 0.1 - 1e-9, { falseFailureRate: 0.05 }).passed).toBe(false);
  });
  it('close fails only when the two-sided interval misses the tolerance band', () => {
    const z2 = normalQuantileUpper(0.025);
    expect(assertMeanClose(data, 1 + z2 * 0.1 - 1e-9, { falseFailureRate: 0.05 }).passed).toBe(true);
    expect(assertMeanClose(data, 1 + z2 * 0.1 + 1e-9, { falseFailureRate: 0.05 }).passed).toBe(false);
    expect(assertMeanClose(data, 1.5, { falseFailureRate: 0.05, tolerance: 0.5 - z2 * 0.1 + 1e-9 }).passed).toBe(true);
    const v = assertMeanClose(data, 0.2, { falseFailureRate: 0.05, tolerance: 0.1 });
    expect(v.passed).toBe(false);
    expect(v.bound).toEqual([0.1, 0.30000000000000004]);
  });
  it('paired difference uses x − y', () => {
    const x = Array.from({ length: 50 }, (_, i) => i + 0.5 + 0.01 * (i % 3));
    const y = Array.from({ length: 50 }, (_, i) => i);
    const v = assertPairedDifference(x, y, 'atLeast', 0.49, { falseFailureRate: 0.01 });
    expect(v.passed).toBe(true);
    expect(v.claim).toBe('E[X - Y] >= 0.49');
    expect(assertPairedDifference(x, y, 'atMost', 0.49, { falseFailureRate: 0.01 }).passed).toBe(false);
    expect(assertPairedDifference(x, y, 'close', 0.51, { falseFailureRate: 0.01 }).passed).toBe(true);
  });
  it('Hoeffding refuses samples outside the stated range and a missing range', () => {
    expect(() => assertMeanAtLeast([0.5, 1.5], 0, { falseFailureRate: 0.05, method: 'hoeffding', range: [0, 1] })).toThrow(
      /assertMeanAtLeast: samples\[1\] = 1.5 lies outside range \[0, 1\]/,
    );
    expect(() => assertMeanAtLeast([0.5], 0, { falseFailureRate: 0.05, method: 'hoeffding' })).toThrow(
      /assertMeanAtLeast: range is required/,
    );
    expect(() => assertMeanAtLeast([0.5], 0, { falseFailureRate: 0.05, method: 'bernstein', range: [0, 1] })).toThrow(
      /assertMeanAtLeast: method 'bernstein' needs n >= 2/,
    );
  });
  it('refuses n below the CLT floor, rates outside (0, 1), empty samples, NaN, unknown methods', () => {
    const small = Array.from({ length: 29 }, (_, i) => i);
    expect(() => assertMeanAtLeast(small, 0, { falseFailureRate: 0.05 })).toThrow(/assertMeanAtLeast: n = 29 is below the CLT floor/);
    expect(() => assertMeanAtMost({ mean: 0, se: 1, n: 10 }, 0, { falseFailureRate: 0.05 })).toThrow(
      /assertMeanAtMost: n = 10 is below the CLT floor/,
    );
    for (const bad of [0, 1, -0.1, 1.5, NaN]) {
      expect(() => assertMeanAtLeast(data, 0, { falseFailureRate: bad })).toThrow(/assertMeanAtLeast: falseFailureRate must be in \(0, 1\)/);
      expect(() => assertMeanClose(data, 0, { falseFailureRate: bad })).toThrow(/assertMeanClose: falseFailureRate/);
      expect(() => meanUpperBound(data, bad)).toThrow(/meanUpperBound: rate/);
    }
    expect(() => assertMeanAtLeast([], 0, { falseFailureRate: 0.05 })).toThrow(/assertMeanAtLeast: samples must be non-empty/);
    const withNaN = Array.from({ length: 40 }, (_, i) => (i === 7 ? NaN : i));
    expect(() => assertMeanAtLeast(withNaN, 0, { falseFailureRate: 0.05 })).toThrow(/assertMeanAtLeast: samples\[7\] must be a finite number/);
    expect(() => assertMeanAtLeast(data, NaN, { falseFailureRate: 0.05 })).toThrow(/assertMeanAtLeast: bound/);
    expect(() => assertMeanClose(data, 0, { falseFailureRate: 0.05, tolerance: -1 })).toThrow(/assertMeanClose: tolerance/);
    expect(() => assertMeanAtLeast({ mean: 0, se: -1, n: 100 }, 0, { falseFailureRate: 0.05 })).toThrow(/assertMeanAtLeast: samples.se/);
    expect(() => assertMeanAtLeast(data, 0, { falseFailureRate: 0.05, method: 'bogus' as never })).toThrow(/assertMeanAtLeast: method/);
    expect(() => assertMeanAtLeast(data, 0, { falseFailureRate: 0.05, minSamples: 1 })).toThrow(/assertMeanAtLeast: minSamples/);
    expect(() => assertMeanAtLeast(small, 0, { falseFailureRate: 0.05, method: 'student-t' })).toThrow(/n = 29 is below the CLT floor/);
  });
  it('student-t uses t_{n−1} critical values; Hoeffding and Bernstein accept a precomputed {mean, se, n} with a range', () => {
    const t = assertMeanAtLeast({ mean: 1, se: 0.1, n: 30 }, 0, { falseFailureRate: 0.025, method: 'student-t' });
    expect(t.interval[1]).toBeCloseTo(1 + 0.1 * 2.0452296421327043, 12);
    const h = assertMeanAtMost({ mean: 0.2, se: 0.01, n: 100 }, 0.5, { falseFailureRate: 0.01, method: 'hoeffding', range: [0, 1] });
    expect(h.interval[0]).toBeCloseTo(0.2 - Math.sqrt(Math.log(100) / 200), 14);
    const b = assertMeanAtMost({ mean: 0.2, se: 0.01, n: 100 }, 0.5, { falseFailureRate: 0.01, method: 'bernstein', range: [0, 1] });
    const l = Math.log(200);
    expect(b.interval[0]).toBeCloseTo(0.2 - Math.sqrt((2 * 0.01 * l) / 100) - (7 * l) / 297, 14); // V = se²·n = 0.01
    expect(() => assertMeanAtMost({ mean: 2, se: 0.01, n: 100 }, 0.5, { falseFailureRate: 0.01, method: 'hoeffding', range: [0, 1] })).toThrow(
      /assertMeanAtMost: samples.mean = 2 lies outside range/,
    );
  });
});
