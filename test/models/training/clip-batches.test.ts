/**
 * CLIP batches and the test set: the paper's row layout (matched rows share their root, negative rows are
 * independent), fixed-dataset draws, sampler state round trip, and the exact Bayes loss of the test set.
 * Roots are read off the leaves with a deterministic JGHM (p = 0: every leaf is an invertible function of the root).
 */
import { describe, expect, it } from 'vitest';
import { TEST_SEED } from '../../setup.js';
import { FixedDatasetSampler, OnlineClipSampler, makeClipTestSet } from '../../../models/training/clip-batches.js';
import { embeddingSimilarity, pairedGap, perSampleClipLoss, pmiSimilarity } from '../../../models/training/evaluation.js';
import { generatePaperJghm } from '../../../theory/generators.js';
import { pathKernel } from '../../../theory/model.js';
import type { Jghm, Modality } from '../../../theory/model.js';
import type { LeafBatch } from '../../../theory/sampling.js';
import { Rng } from '../../../theory/random.js';

const det = generatePaperJghm({ states: 10, imageBranching: [2, 2], textBranching: [3], p: 0, seed: 4 });

/** Root of each row, inverted from leaf 0 (p = 0: the path kernel is a permutation). */
function roots(model: Jghm, modality: Modality, batch: LeafBatch): number[] {
  const S = model.states;
  const T = pathKernel(model, modality, 0);
  const inv = new Map<number, number>();
  for (let s = 0; s < S; s++) for (let v = 0; v < S; v++) if (T[s * S + v] === 1) inv.set(v, s);
  return Array.from({ length: batch.n }, (_, i) => inv.get(batch.data[i * batch.leaves])!);
}

describe('OnlineClipSampler', () => {
  it('lays out B(K+1) rows: rows 0..2B−1 matched, the rest independent negatives', () => {
    const s = new OnlineClipSampler(det, Rng.fromSeed(TEST_SEED).split('layout'));
    const b = 100;
    const k = 4;
    const batch = s.next(b, k);
    expect(batch.image.n).toBe(b * (k + 1));
    expect(batch.text.n).toBe(b * (k + 1));
    const ri = roots(det, 'image', batch.image);
    const rt = roots(det, 'text', batch.text);
    for (let i = 0; i < 2 * b; i++) expect(ri[i]).toBe(rt[i]);
    // Negative rows: image and text roots independent, agreement probability 1/S = 0.1 on 300 rows. P(≥ 90 agreements)
    // under Binomial(300, 0.1) is < 1e-15, so this fails only if the rows are (nearly) matched.
    let agree = 0;
    for (let i = 2 * b; i < b * (k + 1); i++) agree += ri[i] === rt[i] ? 1 : 0;
    expect(agree).toBeLessThan(90);
  });
  it('is a pure function of its stream state (checkpointable)', () => {
    const s = new OnlineClipSampler(det, Rng.fromSeed(1).split('x'));
    s.next(5, 3);
    const state = s.getState();
    const a = s.next(5, 3);
    s.setState(state);
    const b = s.next(5, 3);
    expect(Array.from(b.image.data)).toEqual(Array.from(a.image.data));
    expect(Array.from(b.text.data)).toEqual(Array.from(a.text.data));
    const c = s.next(5, 3);
    expect(Array.from(c.image.data)).not.toEqual(Array.from(a.image.data));
  });
  it('rejects bad sizes, naming the argument', () => {
    const s = new OnlineClipSampler(det, Rng.fromSeed(1));
    expect(() => s.next(0, 4)).toThrow(/b must be a positive integer/);
    expect(() => s.next(4, 1)).toThrow(/k must be an integer ≥ 2/);
  });
});

describe('FixedDatasetSampler', () => {
  it('draws every row from the fixed dataset; positives distinct; a negative never comes from its anchor pair', () => {
    const n = 30;
    const s = new FixedDatasetSampler(det, n, Rng.fromSeed(TEST_SEED).split('fixed'));
    const L = { image: det.image.leaves, text: det.text.leaves };
    const key = (b: LeafBatch, i: number) => Array.from(b.data.subarray(i * b.leaves, (i + 1) * b.leaves)).join(',');
    const dsIm = Array.from({ length: n }, (_, i) => key(s.dataset.image, i));
    const dsTx = Array.from({ length: n }, (_, i) => key(s.dataset.text, i));
    for (let rep = 0; rep < 5; rep++) {
      const b = 6;
      const k = 4;
      const batch = s.next(b, k);
      expect(batch.image.leaves).toBe(L.image);
      for (let i = 0; i < b * (k + 1); i++) {
        expect(dsIm).toContain(key(batch.image, i));
        expect(dsTx).toContain(key(batch.text, i));
      }
      // positives: matched rows are the same dataset pair (same root)
      const ri = roots(det, 'image', batch.image);
      const rt = roots(det, 'text', batch.text);
      for (let i = 0; i < 2 * b; i++) expect(ri[i]).toBe(rt[i]);
    }
  });
});

describe('test set and exact Bayes loss', () => {
  const model = generatePaperJghm({ states: 3, imageBranching: [2, 2], p: 0.3, seed: 2 });
  const test = makeClipTestSet(model, 400, 4, Rng.fromSeed(TEST_SEED).split('test'));
  it('Bayes per-sample losses follow the i+1..i+K−1 negative convention (loop twin)', () => {
    const S = model.states;
    const pmi = (i: number, j: number) => {
      let a = 0;
      for (let s = 0; s < S; s++) a += (test.posteriorImage[i * S + s] * test.posteriorText[j * S + s]) / model.rootPrior[s];
      return Math.log(a);
    };
    for (const i of [0, 7, 398, 399]) {
      const d1 = [0, 1, 2, 3].map((j) => pmi(i, (i + j) % 400));
      const d2 = [0, 1, 2, 3].map((j) => pmi((i + j) % 400, i));
      const nll = (v: number[]) => Math.log(v.reduce((a, x) => a + Math.exp(x), 0)) - v[0];
      expect(test.bayesPerSample[i]).toBeCloseTo(nll(d1) + nll(d2), 12);
    }
    expect(test.bayesLoss).toBeLessThan(2 * Math.log(4));
  });
  it('PMI + constant (the Bayes link on posteriors) has gap exactly 0; a constant similarity sits at chance', () => {
    const shifted = perSampleClipLoss(test.n, test.k, (i, j) => pmiSimilarity(3, model.rootPrior, test.posteriorImage, test.posteriorText)(i, j) + 5);
    expect(Math.abs(pairedGap(shifted, test.bayesPerSample).gap)).toBeLessThan(1e-12);
    const logPi = test.posteriorImage.map(Math.log);
    const logPt = test.posteriorText.map(Math.log);
    const link = perSampleClipLoss(test.n, test.k, embeddingSimilarity(logPi, logPt, 3, { kind: 'bayes-link', rootPrior: model.rootPrior }));
    expect(Math.abs(pairedGap(link, test.bayesPerSample).gap)).toBeLessThan(1e-12);
    const flat = pairedGap(perSampleClipLoss(test.n, test.k, () => 0), test.bayesPerSample);
    expect(flat.loss).toBeCloseTo(2 * Math.log(4), 12);
    expect(flat.gap).toBeGreaterThan(0);
    expect(flat.gapSe).toBeLessThan(flat.lossSe + flat.bayesSe);
  });
});
