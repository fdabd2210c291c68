/**
 * Computations of the sufficiency claims (properties/computations/): the categorical sampler draws the right law
 * (chi-square, false-failure rate 1e-6, fixed seed) and never a zero-weight index; exact G_1 = Suff (excess_1 = 0) and G_K by enumeration against its Monte Carlo
 * twin; the CDM enumeration's σ = ∞ Pythagoras identity; the prompt classifier's exact M = ∞ risk with the p(c)
 * factor equals H(c | x).
 */
import { describe, expect, it } from 'vitest';
import { TEST_SEED } from '../../setup.js';
import { Rng } from '../../../theory/random.js';
import { exactTables } from '../../../theory/exact-tables.js';
import { leafEncoder } from '../../../theory/encoders.js';
import { sufficiency, zeroShotBayesCrossEntropy } from '../../../theory/information.js';
import { chiSquareGoodnessOfFit, normalQuantileUpper, summarize } from '../../../properties/statistics/index.js';
import { loadReferenceToy } from '../../../properties/data/reference-toys.js';
import { CategoricalSampler } from '../../../properties/computations/categorical-sampler.js';
import { exactGK, mcGKSamples } from '../../../properties/computations/finite-k.js';
import { cdmInfiniteNoise } from '../../../properties/computations/cdm.js';
import { exactInfinitePromptRisk } from '../../../properties/computations/zsc-prompts.js';

describe('CategoricalSampler', () => {
  it('draws the given law (chi-square GOF at false-failure rate 1e-6) and never a zero-weight index', () => {
    const w = [0, 0.1, 0.3, 0, 0.6, 0];
    const s = new CategoricalSampler(w);
    const rng = Rng.fromSeed(TEST_SEED).split('sampler');
    const counts = new Array(w.length).fill(0);
    for (let i = 0; i < 20000; i++) counts[s.sample(rng)]++;
    expect(counts[0] + counts[3] + counts[5]).toBe(0);
    expect(chiSquareGoodnessOfFit([counts[1], counts[2], counts[4]], [0.1, 0.3, 0.6], { falseFailureRate: 1e-6 }).passed).toBe(true);
  });
  it('rejects negative weights and an all-zero vector with a message naming weights', () => {
    expect(() => new CategoricalSampler([0.5, -1])).toThrow(/weights\[1\]/);
    expect(() => new CategoricalSampler([0, 0])).toThrow(/weights/);
  });
});

describe('finite-k', () => {
  const t = exactTables(loadReferenceToy('toy-jghm'));
  const enc = leafEncoder(t, 'image', 0);
  it('G_1 = Suff(E) exactly (excess_1 = 0)', () => {
    expect(Math.abs(exactGK(t, enc, 1) - sufficiency(t, enc))).toBeLessThan(1e-12);
  });
  it('exact G_2 agrees with its Monte Carlo twin (CLT, false-failure rate 1e-6)', () => {
    const s = summarize(mcGKSamples(t, enc, 2, 20000, Rng.fromSeed(TEST_SEED).split('g2')));
    expect(Math.abs(s.mean - exactGK(t, enc, 2))).toBeLessThanOrEqual(normalQuantileUpper(5e-7) * s.se);
  });
});

describe('cdm and zsc-prompts', () => {
  const t = exactTables(loadReferenceToy('toy-jghm'));
  it('σ = ∞: MSE_E − MSE_full = E‖E[x|y] − E[x|E(y)]‖² (Pythagoras, exact)', () => {
    const r = cdmInfiniteNoise(t, leafEncoder(t, 'text', 1));
    expect(Math.abs(r.mseEnc - r.mseFull - r.gap)).toBeLessThan(1e-12);
    expect(r.gap).toBeGreaterThan(0);
  });
  it('the M = ∞ prompt classifier with the p(c) factor has risk H(c | x)', () => {
    expect(Math.abs(exactInfinitePromptRisk(t, 0, true) - zeroShotBayesCrossEntropy(t, 0))).toBeLessThan(1e-12);
  });
});
