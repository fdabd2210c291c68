/**
 * Chi-square goodness of fit: exact statistics on hand-computed cases, pooling of small cells, input validation, and
 * the rejection frequency of true claims (≈ α) over R = 2000 seeded multinomial replicates. Each frequency check
 * compares counts with exact binomial critical values at 1e-6 per side (see calibration.test.ts); the chi-square
 * law of the statistic is itself asymptotic, so these probabilities are approximate (expected counts ≥ 20 here).
 * Total false-failure probability of this file ≈ 3e-6.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../theory/random.js';
import {
  binomialLowerCriticalCount,
  binomialUpperCriticalCount,
  chiSquareGoodnessOfFit,
  chiSquareSurvival,
} from '../../../properties/statistics/index.js';
import { TEST_SEED } from '../../setup.js';

const R = 2000;
const root = Rng.fromSeed(TEST_SEED).split('statistics-chi-square-gof');

function multinomial(rng: Rng, n: number, p: readonly number[]): number[] {
  const counts = new Array<number>(p.length).fill(0);
  for (let t = 0; t < n; t++) {
    let u = rng.uniform();
    let k = 0;
    while (k < p.length - 1 && u >= p[k]) u -= p[k++];
    counts[k]++;
  }
  return counts;
}

describe('chiSquareGoodnessOfFit: exact cases', () => {
  it('counts [10, 20, 30, 40] against uniform: statistic 20 on 3 df, rejected at 0.05', () => {
    const v = chiSquareGoodnessOfFit([10, 20, 30, 40], [0.25, 0.25, 0.25, 0.25], { falseFailureRate: 0.05 });
    expect(v.statistic).toBeCloseTo(20, 12);
    expect(v.degreesOfFreedom).toBe(3);
    expect(v.pValue).toBe(chiSquareSurvival(v.statistic, 3));
    expect(v.pValue).toBeLessThan(2e-4);
    expect(v.passed).toBe(false);
    expect(v.detail).toMatch(/FAILS/);
    const ok = chiSquareGoodnessOfFit([24, 26, 25, 25], [0.25, 0.25, 0.25, 0.25], { falseFailureRate: 0.05 });
    expect(ok.passed).toBe(true);
    expect(ok.statistic).toBeCloseTo(0.08, 12);
  });
  it('pools cells with expected < 5, smallest first', () => {
    const p = [0.5, 0.3, 0.1, 0.05, 0.03, 0.01, 0.01]; // expected 50, 30, 10, 5, 3, 1, 1 at N = 100
    const counts = [48, 33, 9, 4, 3, 2, 1];
    const v = chiSquareGoodnessOfFit(counts, p, { falseFailureRate: 0.01 });
    expect(v.pooledCells).toBe(5); // {1, 1, 3} → 5, then 5, 10, 30, 50
    expect(v.degreesOfFreedom).toBe(4);
    const want = (6 - 5) ** 2 / 5 + (4 - 5) ** 2 / 5 + (9 - 10) ** 2 / 10 + (33 - 30) ** 2 / 30 + (48 - 50) ** 2 / 50;
    expect(v.statistic).toBeCloseTo(want, 12);
    expect(v.cells).toBe(7);
    expect(v.total).toBe(100);
  });
  it('a count in a probability-0 cell refutes the claim; empty probability-0 cells are ignored', () => {
    expect(chiSquareGoodnessOfFit([5, 5, 1], [0.5, 0.5, 0], { falseFailureRate: 0.01 })).toMatchObject({ passed: false, pValue: 0 });
    const v = chiSquareGoodnessOfFit([50, 50, 0], [0.5, 0.5, 0], { falseFailureRate: 0.01 });
    expect(v).toMatchObject({ passed: true, degreesOfFreedom: 1, statistic: 0 });
  });
  it('rejects invalid input with RangeErrors naming the argument', () => {
    const o = { falseFailureRate: 0.05 };
    expect(() => chiSquareGoodnessOfFit([1, 2], [0.5, 0.6], o)).toThrow(/chiSquareGoodnessOfFit: probabilities must sum to 1/);
    expect(() => chiSquareGoodnessOfFit([1, -2], [0.5, 0.5], o)).toThrow(/chiSquareGoodnessOfFit: counts\[1\]/);
    expect(() => chiSquareGoodnessOfFit([1.5, 2], [0.5, 0.5], o)).toThrow(/counts\[0\] must be a non-negative integer/);
    expect(() => chiSquareGoodnessOfFit([1, 2, 3], [0.5, 0.5], o)).toThrow(/same length/);
    expect(() => chiSquareGoodnessOfFit([1, NaN], [0.5, 0.5], o)).toThrow(/counts\[1\] must be a finite number/);
    expect(() => chiSquareGoodnessOfFit([], [], o)).toThrow(/counts must be non-empty/);
    expect(() => chiSquareGoodnessOfFit([1, 2], [0.5, 0.5], { falseFailureRate: 0 })).toThrow(/chiSquareGoodnessOfFit: falseFailureRate/);
    expect(() => chiSquareGoodnessOfFit([2, 2], [0.5, 0.5], o)).toThrow(/only 1 cell\(s\) remain after pooling/);
  });
});

describe('chiSquareGoodnessOfFit: calibration', () => {
  it('true uniform claim (10 cells, N = 200) is rejected with frequency ≈ 0.05 at rate 0.05', () => {
    const rng = root.split('uniform');
    const p = new Array<number>(10).fill(0.1);
    let rejections = 0;
    for (let r = 0; r < R; r++) if (!chiSquareGoodnessOfFit(multinomial(rng, 200, p), p, { falseFailureRate: 0.05 }).passed) rejections++;
    const upper = binomialUpperCriticalCount(R, 0.05, 1e-6);
    const lower = binomialLowerCriticalCount(R, 0.05, 1e-6);
    console.log(`[statistics calibration] GOF uniform rejections ${rejections}/${R} (band (${lower}, ${upper}), seed ${TEST_SEED})`);
    expect(rejections).toBeLessThan(upper);
    expect(rejections).toBeGreaterThan(lower);
  });
  it('true non-uniform claim with pooled small cells (N = 400) is rejected with frequency ≤ 0.05 + slack', () => {
    const rng = root.split('pooled');
    const p = [0.5, 0.3, 0.1, 0.05, 0.03, 0.01, 0.01];
    let rejections = 0;
    for (let r = 0; r < R; r++) if (!chiSquareGoodnessOfFit(multinomial(rng, 400, p), p, { falseFailureRate: 0.05 }).passed) rejections++;
    const upper = binomialUpperCriticalCount(R, 0.05, 1e-6);
    console.log(`[statistics calibration] GOF pooled rejections ${rejections}/${R} (limit < ${upper}, seed ${TEST_SEED})`);
    expect(rejections).toBeLessThan(upper);
  });
  it('a false claim (truth tilted by ±0.03 on 10 cells, N = 2000) is rejected with frequency ≥ 0.99', () => {
    // Noncentral χ²_9 with λ = N·Σ(p−q)²/q = 2000·10·0.03²/0.1 = 180 ⇒ power ≈ 1; counted passes checked at 1e-6
    // against a false-pass rate of 0.01.
    const rng = root.split('power');
    const q = new Array<number>(10).fill(0.1);
    const truth = q.map((v, i) => v + (i % 2 ? 0.03 : -0.03));
    let passes = 0;
    for (let r = 0; r < 200; r++) if (chiSquareGoodnessOfFit(multinomial(rng, 2000, truth), q, { falseFailureRate: 0.05 }).passed) passes++;
    expect(passes).toBeLessThan(binomialUpperCriticalCount(200, 0.01, 1e-6));
  });
});
