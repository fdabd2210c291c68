/**
 * The scope functions of the learned claims on hand-made similarity tables (no training): the PMI table of the model
 * (excess 0), scaled PMI tables and the zero table (the constant similarity, excess 2·I(x; y) at K = ∞), so every
 * count and distance is known in advance.
 */
import { describe, expect, it } from 'vitest';
import { exactTables, pmiTable } from '../../../theory/exact-tables.js';
import { mutualInformation } from '../../../theory/information.js';
import { atFlipProbability, learnedModel, QUICK_FAMILY } from '../../../properties/learned/learned-jghm.js';
import { clipExcess } from '../../../properties/learned/learned-quantities.js';
import type { LearnedRun } from '../../../properties/learned/trained-clip.js';
import { depthScope } from '../../../properties/learned/depth-scope.js';
import { oodScope } from '../../../properties/learned/ood-scope.js';
import { orderingScope } from '../../../properties/learned/ordering-scope.js';

const model = learnedModel(QUICK_FAMILY, 11, 0.15);
const t = exactTables(model);
const pmi = pmiTable(t);

function fakeRun(seed: number, ...tables: Float64Array[]): LearnedRun {
  const snapshots = tables.map((similarity, i) => ({ step: i, similarity, imageEmbeddings: new Float64Array(0), textEmbeddings: new Float64Array(0), dim: 0 }));
  return { seed, config: { layers: 1, width: 1, outDim: 1, steps: tables.length - 1, batch: 1, k: 2, lr: 0 }, snapshots, wallMs: 0 };
}
const scaled = (c: number) => pmi.map((v) => c * v);
const zero = new Float64Array(pmi.length);

describe('learned claim scopes on known tables', () => {
  it('clipExcess: 0 at the PMI (and PMI + constant), 2·I(x; y) at a constant similarity', () => {
    expect(Math.abs(clipExcess(t, pmi).total)).toBeLessThan(1e-12);
    expect(Math.abs(clipExcess(t, pmi.map((v) => v + 3)).total)).toBeLessThan(1e-12);
    expect(clipExcess(t, zero).total).toBeCloseTo(2 * mutualInformation(t), 10);
  });

  it('oodScope: the p₀ PMI as the "trained" table is mis-specified BP itself (distance 0); every excess ≥ 0', () => {
    const grid = [0.05, 0.1, 0.2, 0.3];
    const { scope, record } = oodScope(model, 0.15, [fakeRun(1, zero, pmi)], { grid, fraction: 1e-9, q: 0.002, allowed: 0 });
    expect(record.grid).toEqual([0.05, 0.1, 0.15, 0.2, 0.3]);
    expect(record.runs[0].distance).toBeLessThan(1e-12);
    expect(scope.farSeeds).toBe(0);
    expect(scope.minExcess).toBeGreaterThanOrEqual(-1e-12);
    // mis-specified BP is exactly Bayes at p₀ and strictly worse away from it
    expect(Math.abs(record.misspecified[2])).toBeLessThan(1e-12);
    expect(record.misspecified[0]).toBeGreaterThan(1e-4);
    expect(record.misspecified[4]).toBeGreaterThan(1e-4);
    // the PMI of the p = 0.3 law, evaluated under it, has excess 0 there
    const t3 = exactTables(atFlipProbability(model, 0.3));
    expect(Math.abs(clipExcess(t3, pmiTable(t3)).total)).toBeLessThan(1e-12);
  });

  it('oodScope: the constant table has excess 2·I(x; y) under every law; snapshot 0 is selectable', () => {
    const p = { grid: [0.05, 0.3], fraction: 0.05, q: 0.002, allowed: 0 };
    const r = oodScope(model, 0.15, [fakeRun(1, zero, pmi)], p, () => 0);
    const twoI = r.record.grid.map((q) => 2 * mutualInformation(exactTables(atFlipProbability(model, q))));
    r.record.runs[0].learned.forEach((v, i) => expect(v).toBeCloseTo(twoI[i], 10));
    expect(r.record.runs[0].atP0).toBeCloseTo(2 * mutualInformation(t), 10);
    // at p = 0.05 the law is far more informative: the constant table strays by 2I(0.05) − ΔL_0.05(PMI_p₀) ≫ its 2I(0.15) + c·M
    expect(r.record.misspecifiedMax).toBe(Math.max(...r.record.misspecified));
    expect(twoI[0] - r.record.misspecified[0]).toBeGreaterThan(r.record.runs[0].atP0 + 0.05 * r.record.misspecifiedMax);
    expect(r.scope.farSeeds).toBe(1);
    expect(oodScope(model, 0.15, [fakeRun(1, zero, pmi)], p).scope.farSeeds).toBe(0);
  });

  it('orderingScope counts the seeds out of order', () => {
    const g = [fakeRun(1, pmi), fakeRun(2, scaled(0.9))];
    const s = [fakeRun(1, scaled(0.5)), fakeRun(2, scaled(0.5))];
    const sh = [fakeRun(1, zero), fakeRun(2, zero)];
    expect(orderingScope(t, { guided: g, standard: s, shallow: sh }, 1).scope).toEqual({ guidedAbove: 0, standardAbove: 0, allowed: 1 });
    expect(orderingScope(t, { guided: sh, standard: s, shallow: g }, 1).scope).toEqual({ guidedAbove: 2, standardAbove: 2, allowed: 1 });
    expect(() => orderingScope(t, { guided: g.slice(1), standard: s, shallow: sh }, 1)).toThrow(RangeError);
  });

  it('depthScope: δ on the deep side, the factor ρ on the paired one-layer side', () => {
    const deep = [fakeRun(1, zero, scaled(0.9)), fakeRun(2, zero, scaled(0.5))];
    const shallow = [fakeRun(1, zero, scaled(0.5)), fakeRun(2, zero, zero)];
    const e = (c: number) => clipExcess(t, scaled(c)).total;
    const delta = (e(0.9) + e(0.5)) / 2; // seed 1's deep excess e(0.9) is below δ, seed 2's e(0.5) above
    const { scope } = depthScope(t, { deep, shallow }, { delta, ratio: 1.2, q: 0.002, allowed: 0 });
    expect(e(0.9)).toBeLessThan(e(0.5));
    expect(scope.deepMiss).toBe(1);
    // seed 1: shallow e(0.5) vs 1.2·e(0.9); seed 2: shallow 2I ≥ 1.2·e(0.5)
    expect(scope.shallowClose).toBe((e(0.5) < 1.2 * e(0.9) ? 1 : 0) + (clipExcess(t, zero).total < 1.2 * e(0.5) ? 1 : 0));
  });
});
