/**
 * Hand-written-gradient building blocks (layerNorm, gelu, logSumExpRows) against their stock-op twins with tfjs
 * autodiff, on wasm and cpu: values and gradients. Deterministic: no statistical false-failure rate.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { TEST_SEED } from '../../setup.js';
import { Rng } from '../../../theory/random.js';
import { initBackend } from '../../../models/backends/backend.js';
import { gelu, geluReference, layerNorm, layerNormReference } from '../../../models/encoders/layers.js';
import { logSumExpRows } from '../../../models/training/clip-losses.js';

function rand(rng: Rng, shape: number[], scale = 1): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => scale * rng.normal()), shape);
}

function relErr(a: tf.Tensor, b: tf.Tensor): number {
  const x = a.dataSync();
  const y = b.dataSync();
  let err = 0;
  let scale = 0;
  for (let i = 0; i < x.length; i++) {
    err = Math.max(err, Math.abs(x[i] - y[i]));
    scale = Math.max(scale, Math.abs(y[i]));
  }
  return err / Math.max(scale, 1e-12);
}

describe.each(['wasm', 'cpu'] as const)('layers on %s', (backend) => {
  beforeAll(async () => {
    await initBackend(backend);
  });

  it.each([24, 13])('layerNorm equals the stock-op LayerNorm in value and in all three gradients (width %i)', (width) => {
    // on wasm, width 24 takes the fused SIMD kernels and width 13 (not a multiple of 4) the composite path
    if (backend === 'wasm') expect(tf.getKernel('ClipLayerNorm', 'wasm')).toBeDefined();
    const rng = Rng.fromSeed(TEST_SEED).split(`ln${width}`);
    const x = rand(rng, [13, width], 3) as tf.Tensor2D;
    const g = rand(rng, [width]) as tf.Tensor1D;
    const b = rand(rng, [width]) as tf.Tensor1D;
    const w = rand(rng, [13, width]);
    const obj = (f: typeof layerNorm) => (xi: tf.Tensor, gi: tf.Tensor, bi: tf.Tensor) => tf.sum(tf.mul(f(xi as tf.Tensor2D, gi as tf.Tensor1D, bi as tf.Tensor1D), w));
    expect(relErr(layerNorm(x, g, b), layerNormReference(x, g, b))).toBeLessThan(1e-5);
    const fast = tf.grads(obj(layerNorm))([x, g, b]);
    const slow = tf.grads(obj(layerNormReference))([x, g, b]);
    for (let i = 0; i < 3; i++) expect(relErr(fast[i], slow[i])).toBeLessThan(1e-4);
    tf.dispose([x, g, b, w, ...fast, ...slow]);
  });

  it('gelu (sigmoid form) equals the tanh-form GELU in value and gradient', () => {
    const rng = Rng.fromSeed(TEST_SEED).split('gelu');
    const x = rand(rng, [7, 33], 3);
    expect(relErr(gelu(x), geluReference(x))).toBeLessThan(1e-5);
    const w = rand(rng, [7, 33]);
    const fast = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(gelu(xi), w)))(x);
    const slow = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(geluReference(xi), w)))(x);
    expect(relErr(fast, slow)).toBeLessThan(1e-5);
    tf.dispose([x, w, fast, slow]);
  });

  it('logSumExpRows equals tf.logSumExp in value and gradient', () => {
    const rng = Rng.fromSeed(TEST_SEED).split('lse');
    const x = rand(rng, [9, 17], 5);
    const w = rand(rng, [9]);
    expect(relErr(logSumExpRows(x), tf.logSumExp(x, 1))).toBeLessThan(1e-6);
    const fast = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(logSumExpRows(xi), w)))(x);
    const slow = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(tf.logSumExp(xi, 1), w)))(x);
    expect(relErr(fast, slow)).toBeLessThan(1e-5);
    tf.dispose([x, w, fast, slow]);
  });
});
