import { describe, expect, it } from 'vitest';
import { exactTables } from '../../../theory/exact-tables.js';
import { exactClipLoss } from '../../../theory/clip-loss-exact.js';
import { generatePreset } from '../../../theory/generators.js';
import { Rng } from '../../../theory/random.js';
import { assertMeanClose } from '../../../properties/statistics/index.js';
import { clipLossSamples, pmiOfPosteriors, sampleClipPosteriorTuples } from '../../../properties/computations/clip-loss-samples.js';
import { TEST_SEED } from '../../setup.js';

const model = generatePreset('small', { p: 0.3, seed: 11 });

describe('clipLossSamples', () => {
  it('PMI losses at K = 2 agree with the exact loss (CLT, false-failure rate 1e-6 per direction, fixed seed)', () => {
    const t = exactTables(model);
    const exact = exactClipLoss(t, 2);
    const s = clipLossSamples(sampleClipPosteriorTuples(model, 4096, 2, Rng.fromSeed(TEST_SEED).split('clip-loss-samples')), pmiOfPosteriors(model));
    const a = assertMeanClose(s.imageAnchor, exact.imageAnchor, { falseFailureRate: 1e-6 });
    const b = assertMeanClose(s.textAnchor, exact.textAnchor, { falseFailureRate: 1e-6 });
    expect(a.passed, a.detail).toBe(true);
    expect(b.passed, b.detail).toBe(true);
  });
  it('a constant shift of the similarity leaves every per-sample loss unchanged', () => {
    const tuples = sampleClipPosteriorTuples(model, 64, 4, Rng.fromSeed(3));
    const pmi = pmiOfPosteriors(model);
    const a = clipLossSamples(tuples, pmi).symmetric;
    const b = clipLossSamples(tuples, (pi, io, pt, to) => pmi(pi, io, pt, to) - 2.5).symmetric;
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-13);
  });
  it('rejects bad n and K naming the function', () => {
    expect(() => sampleClipPosteriorTuples(model, 1, 2, Rng.fromSeed(1))).toThrow(/sampleClipPosteriorTuples: n/);
    expect(() => sampleClipPosteriorTuples(model, 8, 1, Rng.fromSeed(1))).toThrow(/sampleClipPosteriorTuples: K/);
  });
});
