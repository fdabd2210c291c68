/**
 * chunkedClipGrads equals direct tf.variableGrads of the same loss (paper loss; in-batch loss with a learnable
 * logit scale), for chunk sizes that divide the batch and ones that do not. Deterministic: no false-failure rate.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { TEST_SEED } from '../../setup.js';
import { Rng } from '../../../theory/random.js';
import { initBackend } from '../../../models/backends/backend.js';
import { TransformerEncoder, type EncoderConfig } from '../../../models/encoders/transformer.js';
import { inBatchClipLoss, paperClipLoss } from '../../../models/training/clip-losses.js';
import { chunkedClipGrads } from '../../../models/training/chunked-grads.js';

const cfg: EncoderConfig = { vocab: 4, length: 5, width: 8, layers: 1, heads: 2, mlp: 8, outDim: 3, attention: 'softmax', readout: 'paper' };

describe('chunkedClipGrads', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it.each([
    ['paper', 4],
    ['paper', 7],
    ['in-batch', 5],
    ['in-batch', 100],
  ] as const)('%s loss, chunk %i rows: equals direct gradients; no leaked tensors', (kind, chunk) => {
    const rng = Rng.fromSeed(TEST_SEED).split(`chunk-${kind}-${chunk}`);
    const im = new TransformerEncoder(cfg, rng.split('im'), `chunk-${kind}-${chunk}-im`);
    const tx = new TransformerEncoder(cfg, rng.split('tx'), `chunk-${kind}-${chunk}-tx`);
    const scale = tf.variable(tf.scalar(0.5), true, `chunk-${kind}-${chunk}-scale`);
    const rows = 20; // 4 pairs × (K+1) with K = 4
    const data = rng.split('data');
    const ids = () => tf.tensor2d(Int32Array.from({ length: rows * cfg.length }, () => data.int(cfg.vocab)), [rows, cfg.length], 'int32');
    const ti = ids();
    const tt = ids();
    const loss = (a: tf.Tensor2D, b: tf.Tensor2D) => (kind === 'paper' ? paperClipLoss(a, b, 4) : inBatchClipLoss(a, b, scale as unknown as tf.Scalar));
    const extra = kind === 'in-batch' ? [scale] : [];
    const vars = [...im.variables, ...tx.variables, ...extra];
    const direct = tf.variableGrads(() => loss(im.apply(ti), tx.apply(tt)), vars);
    const before = tf.memory().numTensors;
    const chunked = chunkedClipGrads(im, tx, ti, tt, loss, chunk, extra);
    expect(tf.memory().numTensors).toBe(before + Object.keys(chunked.grads).length);
    expect(Math.abs(chunked.loss - direct.value.dataSync()[0])).toBeLessThan(1e-5);
    expect(Object.keys(chunked.grads).sort()).toEqual(Object.keys(direct.grads).sort());
    for (const [name, g] of Object.entries(direct.grads)) {
      const a = g.dataSync();
      const b = chunked.grads[name].dataSync();
      const scaleG = Math.max(1e-6, ...Array.from(a, Math.abs));
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i]) / scaleG, name).toBeLessThan(1e-4);
    }
    tf.dispose([ti, tt, scale, direct.value, ...Object.values(direct.grads), ...Object.values(chunked.grads)]);
    im.dispose();
    tx.dispose();
  });
});
