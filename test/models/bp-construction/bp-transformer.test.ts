/**
 * The BP-constructed transformer (theory.md §10.1 item 18): its float32 forward pass reproduces the exact BP root
 * log-posterior within the stated bound (`planBpTransformer`) plus the stated float32 rounding allowance; the error
 * grows when the MLP grid is made coarser; and with the Bayes link it attains the Bayes CLIP loss.
 * Backend: wasm (the project default). Fixed seeds throughout; the only statistical check states its rate below.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { TEST_SEED } from '../../setup.js';
import { initBackend } from '../../../models/backends/backend.js';
import { BpTransformer } from '../../../models/bp-construction/bp-transformer.js';
import { gridStepForError, interpolationLogError, planBpTransformer, type BpTransformerOptions } from '../../../models/bp-construction/bp-transformer-bound.js';
import { jghmArbitrary } from '../../../properties/arbitraries/jghm-arbitrary.js';
import { generatePaperJghm } from '../../../theory/generators.js';
import type { Jghm, Modality } from '../../../theory/model.js';
import { Rng } from '../../../theory/random.js';
import { samplePairs } from '../../../theory/sampling.js';
import { observedEvidence, rootPosteriorsFromEvidence } from '../../../theory/belief-propagation.js';
import { makeClipTestSet } from '../../../models/training/clip-batches.js';
import { embeddingSimilarity, encodeAll, evaluateClip, perSampleClipLoss } from '../../../models/training/evaluation.js';

beforeAll(async () => {
  await initBackend('wasm');
});

/** Max over samples and states of |log π̂ − log π| for n sampled leaf vectors. */
function maxLogPosteriorError(model: Jghm, modality: Modality, options: BpTransformerOptions, n: number, seed: number): { err: number; bound: number; allowance: number } {
  const pairs = samplePairs(model, n, Rng.fromSeed(seed).split('bp-transformer-test'));
  const leaves = modality === 'image' ? pairs.image : pairs.text;
  const exact = rootPosteriorsFromEvidence(model, modality, observedEvidence(model.states, leaves));
  const bp = new BpTransformer(model, modality, options);
  const tok = tf.tensor2d(Int32Array.from(leaves.data), [n, leaves.leaves], 'int32');
  const lp = bp.logPosterior(tok);
  const v = lp.dataSync();
  let err = 0;
  for (let i = 0; i < v.length; i++) err = Math.max(err, Math.abs(v[i] - Math.log(exact[i])));
  const out = { err, bound: bp.plan.logPosteriorBound, allowance: bp.plan.roundingAllowance };
  tok.dispose();
  lp.dispose();
  bp.dispose();
  return out;
}

// Kernels bounded away from 0 (entries ≥ 0.05 before normalisation): the construction needs log K finite.
const models = jghmArbitrary({ maxStates: 4, maxDepth: 3, maxBranching: 3, maxLeaves: 12, maxNodes: 20, maxConfigurations: Number.MAX_SAFE_INTEGER, minEntry: 0.05 });
const modality = fc.constantFrom<Modality>('image', 'text');

describe('interpolation error E(h)', () => {
  it('matches a brute-force maximisation over t and inverts', () => {
    for (const h of [1e-3, 0.05, 0.3, 1, 2.5]) {
      let brute = 0;
      for (let i = 0; i <= 20000; i++) {
        const t = i / 20000;
        brute = Math.max(brute, Math.log(1 - t + t * Math.exp(h)) - t * h);
      }
      expect(interpolationLogError(h)).toBeGreaterThanOrEqual(brute - 1e-12);
      // the grid maximum under-estimates the true one by ≤ max|f''|·(Δt/2)²/2 ≤ h²·(2.5e-5)²/2 < 1e-8 for h ≤ 2.5
      expect(interpolationLogError(h)).toBeLessThan(brute + 1e-8);
      expect(interpolationLogError(gridStepForError(interpolationLogError(h)))).toBeCloseTo(interpolationLogError(h), 9);
    }
  });
});

describe('BpTransformer vs exact BP (property over random JGHMs)', () => {
  fcTest.prop([models, modality], { numRuns: 12 })('exact MLP + hard attention: error ≤ float32 allowance (bound is 0)', (model, m) => {
    const r = maxLogPosteriorError(model, m, { mlp: { kind: 'exact' }, attention: { kind: 'hard' } }, 48, TEST_SEED);
    expect(r.bound).toBe(0);
    expect(r.err).toBeLessThanOrEqual(r.allowance);
  });

  fcTest.prop([models, modality, fc.constantFrom(1e-3, 4e-3, 2e-2)], { numRuns: 12 })('pwl MLP (sup-error δ) + hard attention: error ≤ 2δ(n_1+…+n_{L−1}) + δ + allowance', (model, m, delta) => {
    const r = maxLogPosteriorError(model, m, { mlp: { kind: 'pwl', delta }, attention: { kind: 'hard' } }, 48, TEST_SEED);
    const plan = planBpTransformer(model, m, { mlp: { kind: 'pwl', delta }, attention: { kind: 'hard' } });
    expect(plan.logPosteriorBound).toBeCloseTo(plan.mlpBound, 12);
    expect(plan.mlpBound).toBeLessThanOrEqual(plan.theoryBound + 1e-15);
    expect(r.err).toBeLessThanOrEqual(r.bound + r.allowance);
  });

  fcTest.prop([models, modality, fc.constantFrom(3, 8, 16)], { numRuns: 10 })('exact MLP + softmax attention (gap β): error ≤ attention bound + allowance', (model, m, beta) => {
    const r = maxLogPosteriorError(model, m, { mlp: { kind: 'exact' }, attention: { kind: 'softmax', beta } }, 48, TEST_SEED);
    expect(r.err).toBeLessThanOrEqual(r.bound + r.allowance);
  });
});

describe('error grows as the approximation is made coarser (fixed model: S=4, depth 3, 2 children, p=0.3)', () => {
  const model = generatePaperJghm({ states: 4, imageBranching: [2, 2, 2], p: 0.3, seed: 5 });
  it('pwl grid: δ doubled → error about doubles, stays under the bound; a 32× coarser grid is clearly worse', () => {
    const deltas = [1e-3, 2e-3, 4e-3, 3.2e-2];
    const runs = deltas.map((delta) => maxLogPosteriorError(model, 'image', { mlp: { kind: 'pwl', delta }, attention: { kind: 'hard' } }, 100, 1));
    for (const r of runs) expect(r.err).toBeLessThanOrEqual(r.bound + r.allowance);
    // The bound is linear in δ; the measured error follows it (deterministic: fixed model and samples).
    expect(runs[1].err / runs[0].err).toBeGreaterThan(1.2);
    expect(runs[1].err / runs[0].err).toBeLessThan(4);
    expect(runs[2].err).toBeGreaterThan(runs[1].err);
    expect(runs[3].err).toBeGreaterThan(4 * runs[0].err);
  });
  it('softmax attention: a smaller logit gap β gives a larger error, each under its bound', () => {
    const weak = maxLogPosteriorError(model, 'image', { mlp: { kind: 'exact' }, attention: { kind: 'softmax', beta: 3 } }, 200, 1);
    const strong = maxLogPosteriorError(model, 'image', { mlp: { kind: 'exact' }, attention: { kind: 'softmax', beta: 16 } }, 200, 1);
    expect(weak.err).toBeLessThanOrEqual(weak.bound + weak.allowance);
    expect(strong.err).toBeLessThanOrEqual(strong.bound + strong.allowance);
    expect(weak.err).toBeGreaterThan(100 * strong.err);
  });
  it('rejects kernels with zero entries, naming the entry', () => {
    const det = generatePaperJghm({ states: 3, imageBranching: [2], p: 0, seed: 1 });
    expect(() => new BpTransformer(det, 'image', { mlp: { kind: 'exact' }, attention: { kind: 'hard' } })).toThrow(/kernel 0 of layer 1 has entry/);
    expect(() => planBpTransformer(model, 'image', { mlp: { kind: 'pwl', delta: 2 }, attention: { kind: 'hard' } })).toThrow(/options\.mlp\.delta/);
  });
});

describe('BP transformer in the CLIP pipeline (Bayes link)', () => {
  it('attains the Bayes CLIP loss: |per-sample Δ| ≤ 4(ε_im+ε_tx), and the gap CI is consistent with 0', () => {
    const model = generatePaperJghm({ states: 4, imageBranching: [2, 2, 2], textBranching: [3, 2], p: 0.3, seed: 11 });
    const opts: BpTransformerOptions = { mlp: { kind: 'pwl', delta: 4e-3 }, attention: { kind: 'hard' } };
    const im = new BpTransformer(model, 'image', opts);
    const tx = new BpTransformer(model, 'text', opts);
    const test = makeClipTestSet(model, 2000, 4, Rng.fromSeed(TEST_SEED).split('bp-clip'));
    const enc = (bp: BpTransformer) => ({ apply: (t: tf.Tensor2D) => bp.logPosterior(t) });
    const link = { kind: 'bayes-link', rootPrior: model.rootPrior } as const;
    const r = evaluateClip(enc(im), enc(tx), test, link);
    const eps = im.plan.logPosteriorBound + im.plan.roundingAllowance + tx.plan.logPosteriorBound + tx.plan.roundingAllowance;
    // Deterministic: each similarity moves by ≤ ε_im+ε_tx, each direction's loss by ≤ 2×, two directions.
    const ei = encodeAll(enc(im), test.pairs.image);
    const et = encodeAll(enc(tx), test.pairs.text);
    const perSample = perSampleClipLoss(test.n, test.k, embeddingSimilarity(ei.data, et.data, ei.dim, link));
    let worst = 0;
    perSample.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - test.bayesPerSample[i]))));
    expect(worst).toBeLessThanOrEqual(4 * eps);
    expect(Math.abs(r.gap)).toBeLessThanOrEqual(4 * eps);
    // Statistical: the population gap is ≥ 0 (PMI is optimal), so the one-sided 99.95% bound gap + 3.29·SE ≥ 0
    // fails with probability ≤ 5e-4 (normal approximation, seed TEST_SEED). Also within 4 SE of Bayes.
    expect(r.gap + 3.29 * r.gapSe).toBeGreaterThanOrEqual(0);
    expect(Math.abs(r.loss - r.bayes)).toBeLessThan(4 * eps + 1e-12);
    im.dispose();
    tx.dispose();
  });
});
