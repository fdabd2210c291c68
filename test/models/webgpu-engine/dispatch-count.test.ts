/**
 * Dispatches per training step: 9 + 22·layers with the attention output projection (9 + 19·layers without), the
 * same for any batch and any number of models, plus one split-K reduction per weight gradient at N·T ≥ 2 048 rows, and within issue 9's targets for the W1 (≤ 150) and W2 (≤ 300)
 * architectures (tfjs-webgpu: 1 974 and 4 423). The count is taken from the encoder while a step is encoded (W1
 * shape at 1 pair; W2 recorded only: its step is slow on software Vulkan). Planted twin: a 6-layer W2 exceeds the
 * 119 of W2 (the count really depends on the architecture). Deterministic.
 */
import { describe, expect, it } from 'vitest';
import type { EncoderConfig } from '../../../models/encoders/index.js';
import { WgslClipEngine, initialParameters } from '../../../models/webgpu-engine/index.js';
import { Rng } from '../../../theory/random.js';
import { gpu } from './gpu.js';

const W1: EncoderConfig = { vocab: 16, length: 16, width: 64, layers: 2, heads: 4, mlp: 128, outDim: 64, attention: 'softmax', readout: 'mean' };
const W2: EncoderConfig = { vocab: 10, length: 81, width: 128, layers: 5, heads: 4, mlp: 512, outDim: 10, attention: 'softmax', readout: 'paper' };

describe.skipIf(!gpu)('dispatches per step', () => {
  it('W1 architecture: 53 (≤ 150), counted while encoding a step, for 1 and 3 models and 1 or 2 pairs', async () => {
    for (const [models, pairs] of [[1, 1], [3, 2]]) {
      const e = WgslClipEngine.create(gpu!, { encoder: W1, rows: pairs, loss: 'in-batch', similarity: 'cosine', models, weightDecay: 0, gradClip: 1 });
      try {
        for (let m = 0; m < models; m++) {
          e.setParameters(m, 'image', initialParameters(W1, Rng.fromSeed(m).split('i')));
          e.setParameters(m, 'text', initialParameters(W1, Rng.fromSeed(m).split('t')));
        }
        const n = models * pairs * W1.length;
        e.step({ image: new Uint32Array(n), text: new Uint32Array(n).fill(1) }, 1e-3);
        await e.finish();
        expect(e.lastDispatches).toBe(9 + 22 * W1.layers);
        expect(e.dispatchesPerStep).toBe(e.lastDispatches);
        expect(e.lastDispatches).toBeLessThanOrEqual(150);
      } finally {
        e.dispose();
      }
    }
  });

  it('W2 architecture: 119 (≤ 300) recorded, for 1 and 4 models; 9 + 19·layers without Wo', () => {
    for (const models of [1, 4]) {
      const e = WgslClipEngine.create(gpu!, { encoder: W2, rows: 5, loss: 'paper', k: 4, similarity: 'dot', models, weightDecay: 0, gradClip: 1 });
      expect(e.dispatchesPerStep).toBe(119);
      expect(e.dispatchesPerStep).toBeLessThanOrEqual(300);
      e.dispose();
    }
    const noWo = WgslClipEngine.create(gpu!, { encoder: { ...W2, outputProjection: false }, rows: 5, loss: 'paper', k: 4, similarity: 'dot', weightDecay: 0, gradClip: 1 });
    expect(noWo.dispatchesPerStep).toBe(9 + 19 * W2.layers);
    noWo.dispose();
  });

  it('full-size rows (N·T ≥ 2 048) add one split-K reduction per weight gradient: W1 61, W2 139 (≤ 150, ≤ 300)', () => {
    // splitK forced to the slices the full batch gets (W1: 4 096 rows → 4; W2: 51 840 rows → 32) at a small batch
    const w1 = WgslClipEngine.create(gpu!, { encoder: W1, rows: 2, loss: 'in-batch', similarity: 'cosine', splitK: 4, weightDecay: 0, gradClip: 1 });
    expect(w1.dispatchesPerStep).toBe(9 + 22 * 2 + 4 * 2);
    expect(w1.dispatchesPerStep).toBeLessThanOrEqual(150);
    w1.dispose();
    const w2 = WgslClipEngine.create(gpu!, { encoder: W2, rows: 5, loss: 'paper', k: 4, similarity: 'dot', splitK: 32, weightDecay: 0, gradClip: 1 });
    expect(w2.dispatchesPerStep).toBe(139);
    expect(w2.dispatchesPerStep).toBeLessThanOrEqual(300);
    w2.dispose();
  });

  it('planted failure: a deeper encoder needs more dispatches than W2', () => {
    const e = WgslClipEngine.create(gpu!, { encoder: { ...W2, layers: 6 }, rows: 5, loss: 'paper', k: 4, similarity: 'dot', weightDecay: 0, gradClip: 1 });
    expect(e.dispatchesPerStep).not.toBe(119);
    e.dispose();
  });

  it('refuses unsupported shapes from the options, naming the field, before allocating', () => {
    const base = { encoder: W2, rows: 5, loss: 'paper' as const, k: 4, similarity: 'dot' as const, weightDecay: 0, gradClip: 1 };
    expect(() => WgslClipEngine.create(gpu!, { ...base, rows: 6 })).toThrow(/rows \(6\) must be a multiple of k\+1/);
    expect(() => WgslClipEngine.create(gpu!, { ...base, encoder: { ...W2, length: 200 } })).toThrow(/encoder\.length must be <= 128/);
    expect(() => WgslClipEngine.create(gpu!, { ...base, models: 0 })).toThrow(/models must be an integer >= 1/);
    expect(() => WgslClipEngine.create(gpu!, { ...base, rows: 5 * 100000 })).toThrow(/storage-binding limit/);
  });
});
