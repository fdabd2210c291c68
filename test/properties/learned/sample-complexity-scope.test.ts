/**
 * The sample-complexity claim's scope on planted curves (no training): a power law above the floor passes with its
 * slope recovered, a curve flatter than n^(−aMin) fails, points near the floor leave the fit, and a seed without two
 * gated points counts as a miss.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../theory/random.js';
import { compileStatement } from '../../../properties/engine/statement.js';
import type { ClaimDefinition } from '../../../properties/engine/claim.js';
import { sampleComplexityScope } from '../../../properties/learned/sample-complexity-scope.js';
import claim, { sampleComplexityCost } from '../../../properties/claims/learned-sample-complexity.claim.js';

const P = claim.parameters.quick!.decay;
const grid = [64, 256, 1024, 4096];
const holds = (scope: Record<string, number>) => compileStatement(claim.statement, (claim as ClaimDefinition<never>).symbols).evaluate(scope);

/** excess[i][s] = floor + C n^slope × factor[s] */
const planted = (slope: number, floor: number, factors: number[], C = 4) => grid.map((n) => factors.map((f) => floor + C * n ** slope * f));

describe('sample-complexity scope on planted curves', () => {
  it('recovers a planted slope of excess − floor per seed and pooled; passes', () => {
    const { scope, record } = sampleComplexityScope(grid, planted(-0.6, 0.03, [1, 1.2]), 0.03, P, Rng.fromSeed(1));
    expect(record.used).toEqual([0, 1, 2]); // 4 · 4096^−0.6 ≈ 0.027: 0.057 < 2 × floor, so n = 4096 is near the floor and left out
    for (const s of record.seedSlopes) expect(s).toBeCloseTo(-0.6, 10);
    expect(record.fit!.slope).toBeCloseTo(-0.6, 10);
    expect(scope).toEqual({ misses: 0, allowed: P.allowed, points: 3 });
    expect(holds(scope)).toBe(true);
  });

  it('fails on curves flatter than n^(−aMin) (e.g. decaying toward a constant above the floor)', () => {
    const flat = grid.map((n) => [1.4 + 10 / n, 1.5 + 12 / n]);
    const { scope, record } = sampleComplexityScope(grid, flat, 0.03, P, Rng.fromSeed(1));
    expect(record.fit!.slopeInterval[1]).toBeLessThan(0); // "the slope interval lies below 0" would pass it
    expect(scope.misses).toBe(2);
    expect(holds(scope)).toBe(false);
  });

  it('one seed missing is allowed at the quick tier; both are not', () => {
    const mixed = grid.map((n) => [8 * n ** -0.6, 1 + n ** -0.1]);
    const r = sampleComplexityScope(grid, mixed, 0.01, P, Rng.fromSeed(1));
    expect(r.scope.misses).toBe(1);
    expect(holds(r.scope)).toBe(true);
  });

  it('counts seeds as misses when fewer than two grid points are clearly above the floor', () => {
    const near = grid.map(() => [0.05, 0.055]);
    const { scope, record } = sampleComplexityScope(grid, near, 0.03, P, Rng.fromSeed(1));
    expect(record.used).toEqual([]);
    expect(record.fit).toBeUndefined();
    expect(scope).toEqual({ misses: 2, allowed: P.allowed, points: 0 });
    expect(holds(scope)).toBe(false);
  });

  it('refuses ragged inputs and a bad floor', () => {
    expect(() => sampleComplexityScope([1, 2], [[1, 2], [1]], 0, P, Rng.fromSeed(1))).toThrow(/one excess per seed/);
    expect(() => sampleComplexityScope([1, 2], [[1], [1]], NaN, P, Rng.fromSeed(1))).toThrow(/floor/);
  });

  it('bounds the extra training cost of each tier (runs at the step cap)', () => {
    const q = sampleComplexityCost(claim.parameters.quick!);
    const f = sampleComplexityCost(claim.parameters.full!);
    console.log('sample-complexity runs and CPU-second upper bounds: quick', q, 'full', f);
    expect(q.runs).toBe(1 * 2 * 3);
    expect(f.runs).toBeGreaterThan(q.runs);
    expect(f.cpuSecondsAtMost).toBeGreaterThan(q.cpuSecondsAtMost);
  });
});
