/**
 * Calibration of the mean assertions: measured false-failure frequencies against their stated rates, two-sided
 * coverage, and power at the min-detectable discrepancy. Each check counts events over R independent replicates
 * (fixed seed: Rng.fromSeed(TEST_SEED).split(...)) and compares the count with an exact binomial critical value:
 *   failures < binomialUpperCriticalCount(R, rate, 1e-6)
 * so, if the assertion really fails with probability ≤ rate, the check itself fails with probability ≤ 1e-6
 * (the binomial tail is increasing in p). Where the CLT's true rate is slightly above nominal (Student t vs normal
 * at finite n), the check's own false-failure probability is stated from that true rate instead.
 * Total false-failure probability of this file (union bound): ≤ 3e-5.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../theory/random.js';
import {
  assertMeanAtLeast,
  assertMeanAtMost,
  assertMeanClose,
  assertPairedDifference,
  binomialLowerCriticalCount,
  binomialUpperCriticalCount,
  cltMinDetectableDiscrepancy,
  cltMinNumSamples,
  hoeffdingMinDetectableDiscrepancy,
  hoeffdingMinNumSamples,
  meanConfidenceInterval,
  summarize,
} from '../../../properties/statistics/index.js';
import { TEST_SEED } from '../../setup.js';

const R = 2000; // replicates per calibration check
const CHECK_RATE = 1e-6; // false-failure probability of each binomial check (per side)
const root = Rng.fromSeed(TEST_SEED).split('statistics-calibration');

function normals(rng: Rng, n: number, mu: number, sigma: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = mu + sigma * rng.normal();
  return x;
}
function bernoullis(rng: Rng, n: number, p: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = rng.uniform() < p ? 1 : 0;
  return x;
}
function countFailures(label: string, run: (rng: Rng) => boolean): number {
  const rng = root.split(label);
  let failures = 0;
  for (let r = 0; r < R; r++) if (!run(rng)) failures++;
  return failures;
}
function report(label: string, failures: number, limit: number): void {
  console.log(`[statistics calibration] ${label}: ${failures}/${R} = ${(failures / R).toFixed(4)} (limit < ${limit}, seed ${TEST_SEED})`);
}

describe('false-failure frequencies of true claims (claim on the boundary: the worst case)', () => {
  it('CLT assertMeanAtLeast, N(0,1) data, n = 400, rate 0.05', () => {
    // True rate P(T_399 < −z_0.95) = 0.0504; check false-failure P(Bin(2000, 0.0504) ≥ 150) = 1.5e-6.
    const limit = binomialUpperCriticalCount(R, 0.05, CHECK_RATE); // 150
    const lower = binomialLowerCriticalCount(R, 0.05, CHECK_RATE); // 56: not vacuous either (≤ 7e-7)
    const f = countFailures('clt-at-least', (rng) => assertMeanAtLeast(normals(rng, 400, 0, 1), 0, { falseFailureRate: 0.05 }).passed);
    report('CLT at-least, rate 0.05', f, limit);
    expect(f).toBeLessThan(limit);
    expect(f).toBeGreaterThan(lower);
  });
  it('student-t assertMeanAtLeast at the CLT floor, N(0,1) data, n = 30, rate 0.05 (exact for normal data)', () => {
    // The t-statistic of normal data is exactly t_29, so the true rate is 0.05 and the band checks cost ≤ 1.4e-6.
    // For contrast the 'clt' method's true rate here is 0.0554 (printed, not asserted).
    const limit = binomialUpperCriticalCount(R, 0.05, CHECK_RATE);
    const lower = binomialLowerCriticalCount(R, 0.05, CHECK_RATE);
    let zFailures = 0;
    const f = countFailures('student-t-at-least', (rng) => {
      const x = normals(rng, 30, 0, 1);
      if (!assertMeanAtLeast(x, 0, { falseFailureRate: 0.05 }).passed) zFailures++;
      return assertMeanAtLeast(x, 0, { falseFailureRate: 0.05, method: 'student-t' }).passed;
    });
    report('student-t at-least n=30, rate 0.05', f, limit);
    report('(clt at-least n=30, rate 0.05, not asserted)', zFailures, limit);
    expect(f).toBeLessThan(limit);
    expect(f).toBeGreaterThan(lower);
    expect(zFailures).toBeGreaterThanOrEqual(f); // z < t: the CLT interval is nested inside the t interval
  });
  it('CLT assertMeanAtMost, Uniform(0,1) data, n = 200, rate 0.05', () => {
    // Symmetric, light-tailed data: true rate ≈ 0.0508 (t_199); check false-failure ≈ 2e-6.
    const limit = binomialUpperCriticalCount(R, 0.05, CHECK_RATE);
    const f = countFailures('clt-at-most', (rng) => {
      const x = new Float64Array(200);
      for (let i = 0; i < 200; i++) x[i] = rng.uniform();
      return assertMeanAtMost(x, 0.5, { falseFailureRate: 0.05 }).passed;
    });
    report('CLT at-most, rate 0.05', f, limit);
    expect(f).toBeLessThan(limit);
  });
  it('CLT two-sided: assertMeanClose and meanConfidenceInterval coverage, N(3, 4) data, n = 400, rate 0.05', () => {
    // True miss rate P(|T_399| > z_0.975) = 0.0507; upper check false-failure 2.0e-6, lower check ≤ 7e-7.
    const limit = binomialUpperCriticalCount(R, 0.05, CHECK_RATE);
    const lower = binomialLowerCriticalCount(R, 0.05, CHECK_RATE);
    let misses = 0;
    const f = countFailures('clt-close', (rng) => {
      const x = normals(rng, 400, 3, 2);
      const [lo, hi] = meanConfidenceInterval(x, 0.05);
      if (!(lo <= 3 && 3 <= hi)) misses++;
      return assertMeanClose(x, 3, { falseFailureRate: 0.05 }).passed;
    });
    report('CLT two-sided miss, rate 0.05', f, limit);
    expect(misses).toBe(f); // the two are the same event
    expect(f).toBeLessThan(limit);
    expect(f).toBeGreaterThan(lower);
  });
  it('Hoeffding assertMeanAtLeast, Bernoulli(0.3), n = 50, rate 0.05 (a theorem: rate ≤ 0.05, usually far less)', () => {
    const limit = binomialUpperCriticalCount(R, 0.05, CHECK_RATE);
    const f = countFailures('hoeffding-at-least', (rng) =>
      assertMeanAtLeast(bernoullis(rng, 50, 0.3), 0.3, { falseFailureRate: 0.05, method: 'hoeffding', range: [0, 1] }).passed,
    );
    report('Hoeffding at-least, rate 0.05', f, limit);
    expect(f).toBeLessThan(limit);
  });
  it('empirical Bernstein assertMeanAtMost, Bernoulli(0.1), n = 100, rate 0.05 (a theorem)', () => {
    const limit = binomialUpperCriticalCount(R, 0.05, CHECK_RATE);
    const f = countFailures('bernstein-at-most', (rng) =>
      assertMeanAtMost(bernoullis(rng, 100, 0.1), 0.1, { falseFailureRate: 0.05, method: 'bernstein', range: [0, 1] }).passed,
    );
    report('Bernstein at-most, rate 0.05', f, limit);
    expect(f).toBeLessThan(limit);
  });
  it('paired difference on common random numbers: claim E[X − Y] ≥ 0.1 (true value), n = 100, rate 0.05', () => {
    // X = U + 0.1 + 0.05·N, Y = U with U ~ N(0, 100) shared: the paired se ≈ 0.005 vs unpaired ≈ 1.4.
    const limit = binomialUpperCriticalCount(R, 0.05, CHECK_RATE);
    let pairedSe = 0;
    let unpairedSe = 0;
    const f = countFailures('paired', (rng) => {
      const u = normals(rng, 100, 0, 10);
      const x = new Float64Array(100);
      for (let i = 0; i < 100; i++) x[i] = u[i] + 0.1 + 0.05 * rng.normal();
      const v = assertPairedDifference(x, u, 'atLeast', 0.1, { falseFailureRate: 0.05 });
      pairedSe += v.standardError / R;
      unpairedSe += Math.hypot(summarize(x).se, summarize(u).se) / R;
      return v.passed;
    });
    report('paired at-least, rate 0.05', f, limit);
    expect(f).toBeLessThan(limit);
    expect(pairedSe).toBeLessThan(unpairedSe / 100);
  });
});

describe('power: violations larger than the min-detectable discrepancy fail with probability ≥ 1 − falsePassRate', () => {
  it('CLT at n = 400, σ = 1: truth below the bound by Δ_min(α = 0.05, β = 0.01) passes with frequency ≤ 0.01', () => {
    const delta = cltMinDetectableDiscrepancy(400, 1, { falseFailureRate: 0.05, falsePassRate: 0.01 });
    expect(delta).toBeCloseTo((1.6448536269514722 + 2.3263478740408408) / 20, 12);
    // True false-pass rate with the estimated se ≈ 0.0101 (t_399); check false-failure ≈ 1e-6.
    const limit = binomialUpperCriticalCount(R, 0.01, CHECK_RATE);
    const passes = countFailures('clt-power', (rng) => !assertMeanAtLeast(normals(rng, 400, -delta, 1), 0, { falseFailureRate: 0.05 }).passed);
    report('CLT false passes at Δ_min, β = 0.01', passes, limit);
    expect(passes).toBeLessThan(limit);
  });
  it('two-sided CLT: truth outside the tolerance band by Δ_min(sided two) is caught', () => {
    const delta = cltMinDetectableDiscrepancy(400, 1, { falseFailureRate: 0.05, falsePassRate: 0.01, sided: 'two' });
    const limit = binomialUpperCriticalCount(R, 0.01, CHECK_RATE);
    const passes = countFailures('clt-power-two', (rng) =>
      !assertMeanClose(normals(rng, 400, 0.2 + delta, 1), 0, { falseFailureRate: 0.05, tolerance: 0.2 }).passed,
    );
    report('CLT two-sided false passes at Δ_min, β = 0.01', passes, limit);
    expect(passes).toBeLessThan(limit);
  });
  it('Hoeffding at n = 200 on [0, 1]: Bernoulli truth below the bound by Δ_min passes with frequency ≤ 0.01 (a theorem)', () => {
    const delta = hoeffdingMinDetectableDiscrepancy(200, [0, 1], { falseFailureRate: 0.05, falsePassRate: 0.01 });
    const bound = 0.5 + delta; // truth p = 0.5 violates E[X] ≥ bound by Δ_min
    const limit = binomialUpperCriticalCount(R, 0.01, CHECK_RATE);
    const passes = countFailures('hoeffding-power', (rng) =>
      !assertMeanAtLeast(bernoullis(rng, 200, 0.5), bound, { falseFailureRate: 0.05, method: 'hoeffding', range: [0, 1] }).passed,
    );
    report('Hoeffding false passes at Δ_min, β = 0.01', passes, limit);
    expect(passes).toBeLessThan(limit);
  });
  it('min-num-samples inverts min-detectable-discrepancy (smallest n that reaches Δ)', () => {
    for (const delta of [0.3, 0.05, 0.011]) {
      const o = { falseFailureRate: 1e-4, falsePassRate: 1e-3 };
      const n = cltMinNumSamples(delta, 2, o);
      expect(cltMinDetectableDiscrepancy(n, 2, o)).toBeLessThanOrEqual(delta * (1 + 1e-12));
      if (n > 30) expect(cltMinDetectableDiscrepancy(n - 1, 2, o)).toBeGreaterThan(delta);
      const h = hoeffdingMinNumSamples(delta, [-1, 1], o);
      expect(hoeffdingMinDetectableDiscrepancy(h, [-1, 1], o)).toBeLessThanOrEqual(delta * (1 + 1e-12));
      expect(hoeffdingMinDetectableDiscrepancy(h - 1, [-1, 1], o)).toBeGreaterThan(delta);
    }
    expect(cltMinNumSamples(100, 1, { falseFailureRate: 0.05, falsePassRate: 0.05 })).toBe(30); // the CLT floor
  });
  it('power helpers validate their arguments', () => {
    expect(() => cltMinDetectableDiscrepancy(10, 1, { falseFailureRate: 0.05, falsePassRate: 0.01 })).toThrow(/cltMinDetectableDiscrepancy: n = 10 is below the CLT floor/);
    expect(() => cltMinNumSamples(0.1, 1, { falseFailureRate: 0.05, falsePassRate: 1 })).toThrow(/cltMinNumSamples: falsePassRate/);
    expect(() => hoeffdingMinNumSamples(0, [0, 1], { falseFailureRate: 0.05, falsePassRate: 0.1 })).toThrow(/hoeffdingMinNumSamples: discrepancy/);
    expect(() => hoeffdingMinDetectableDiscrepancy(10, [0, 1], { falseFailureRate: 0.05, falsePassRate: 0.1, sided: 'three' as never })).toThrow(/sided/);
  });
});
