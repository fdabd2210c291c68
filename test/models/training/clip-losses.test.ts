/**
 * CLIP losses: parity with the loop-based float64 references (both similarity conventions), finite-difference
 * gradients (float64 FD on the reference vs the tfjs gradient), closed-form values, and argument errors.
 * Deterministic (fixed seeds): no statistical false-failure rate.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { TEST_SEED } from '../../setup.js';
import { Rng } from '../../../theory/random.js';
import { initBackend } from '../../../models/backends/backend.js';
import { inBatchClipLoss, inBatchClipLossReference, paperClipLoss, paperClipLossReference } from '../../../models/training/clip-losses.js';

function randomRows(rng: Rng, n: number, d: number, scale = 1): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: d }, () => scale * rng.normal()));
}

/** Rounds to float32 so that tfjs and the float64 reference see the same inputs. */
function f32(rows: number[][]): number[][] {
  return rows.map((r) => Array.from(Float32Array.from(r)));
}

describe.each(['wasm', 'cpu'] as const)('CLIP losses on %s', (backend) => {
  beforeAll(async () => {
    await initBackend(backend);
  });

  it.each([2, 3, 5])('paperClipLoss matches the reference (K = %i, raw and normalised similarity)', (k) => {
    const rng = Rng.fromSeed(TEST_SEED).split(`paper${k}`);
    const b = 7;
    const im = f32(randomRows(rng, b * (k + 1), 4));
    const tx = f32(randomRows(rng, b * (k + 1), 4));
    for (const scale of [undefined, 1.3]) {
      const got = tf.tidy(() => paperClipLoss(tf.tensor2d(im), tf.tensor2d(tx), k, scale === undefined ? undefined : tf.scalar(scale)).dataSync()[0]);
      const want = paperClipLossReference(im, tx, k, scale);
      expect(Math.abs(got - want) / Math.abs(want)).toBeLessThan(1e-5);
    }
  });

  it('inBatchClipLoss matches the reference (raw and normalised similarity)', () => {
    const rng = Rng.fromSeed(TEST_SEED).split('inbatch');
    const im = f32(randomRows(rng, 9, 5));
    const tx = f32(randomRows(rng, 9, 5));
    for (const scale of [undefined, Math.log(1 / 0.07)]) {
      const got = tf.tidy(() => inBatchClipLoss(tf.tensor2d(im), tf.tensor2d(tx), scale === undefined ? undefined : tf.scalar(scale)).dataSync()[0]);
      const want = inBatchClipLossReference(im, tx, scale);
      expect(Math.abs(got - want) / Math.abs(want)).toBeLessThan(1e-5);
    }
  });

  it('closed forms: equal similarities give 2·log K (paper) and log B (in-batch)', () => {
    const k = 4;
    const b = 3;
    const zeros = tf.zeros([b * (k + 1), 2]) as tf.Tensor2D;
    expect(paperClipLoss(zeros, zeros, k).dataSync()[0]).toBeCloseTo(2 * Math.log(k), 6);
    const z2 = tf.zeros([b, 2]) as tf.Tensor2D;
    expect(inBatchClipLoss(z2, z2).dataSync()[0]).toBeCloseTo(Math.log(b), 6);
    tf.dispose([zeros, z2]);
  });

  it('paper layout: relabelling pair i <-> i\' (rows i and 2B+jB+i on both sides) leaves the loss unchanged', () => {
    // Anchor i of direction 1 is scored against tx rows i and 2B+jB+i; anchor B+i of direction 2 against im rows B+i
    // and 2B+jB+i. Swapping pair 0 and 1 consistently is a relabelling; swapping only the anchors is not.
    const k = 3;
    const b = 4;
    const rng = Rng.fromSeed(TEST_SEED).split('layout');
    const im = f32(randomRows(rng, b * (k + 1), 3));
    const tx = f32(randomRows(rng, b * (k + 1), 3));
    const loss = (a: number[][], c: number[][]) => tf.tidy(() => paperClipLoss(tf.tensor2d(a), tf.tensor2d(c), k).dataSync()[0]);
    const base = loss(im, tx);
    const swapRows = (rows: number[][], pairs: [number, number][]) => {
      const out = rows.map((r) => r);
      for (const [x, y] of pairs) [out[x], out[y]] = [out[y], out[x]];
      return out;
    };
    const relabel: [number, number][] = [[0, 1], [b, b + 1]]; // pair 0<->1 in both directions
    for (let j = 0; j < k - 1; j++) relabel.push([2 * b + j * b, 2 * b + j * b + 1]);
    expect(loss(swapRows(im, relabel), swapRows(tx, relabel))).toBeCloseTo(base, 5);
    const anchorsOnly = swapRows(im, [[0, 1]]);
    expect(Math.abs(loss(anchorsOnly, tx) - base)).toBeGreaterThan(1e-3);
    expect(loss(anchorsOnly, tx)).toBeCloseTo(paperClipLossReference(anchorsOnly, tx, k), 5);
  });

  it('rejects bad shapes and K with one-line errors naming the argument', () => {
    const a = tf.zeros([10, 3]) as tf.Tensor2D;
    const c = tf.zeros([9, 3]) as tf.Tensor2D;
    expect(() => paperClipLoss(a, a, 3)).toThrow(/paperClipLoss: rows \(10\) must be a positive multiple of k\+1/);
    expect(() => paperClipLoss(a, a, 1)).toThrow(/paperClipLoss: k must be/);
    expect(() => inBatchClipLoss(a, c)).toThrow(/inBatchClipLoss: imEmb .* must have the same shape/);
    tf.dispose([a, c]);
  });
});

describe('CLIP loss gradients (cpu, float64 central differences on the references)', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  // FD in float64 on the reference with h = 1e-6: truncation O(h²) and rounding O(1e-16/h) are both < 1e-9, so the
  // 1e-4 tolerance (relative to the largest gradient entry) only absorbs float32 rounding of the tfjs gradient.
  const fdCheck = (f64: (im: number[][], tx: number[][]) => number, tfLoss: (im: tf.Tensor2D, tx: tf.Tensor2D) => tf.Scalar, im: number[][], tx: number[][]) => {
    const imT = tf.tensor2d(im);
    const txT = tf.tensor2d(tx);
    const [gIm, gTx] = tf.grads((a: tf.Tensor, c: tf.Tensor) => tfLoss(a as tf.Tensor2D, c as tf.Tensor2D))([imT, txT]);
    for (const [which, rows, g] of [['im', im, gIm.arraySync() as number[][]], ['tx', tx, gTx.arraySync() as number[][]]] as const) {
      const scale = Math.max(...g.flat().map(Math.abs));
      for (let i = 0; i < rows.length; i++) {
        for (let j = 0; j < rows[i].length; j++) {
          const h = 1e-6;
          const orig = rows[i][j];
          rows[i][j] = orig + h;
          const up = f64(im, tx);
          rows[i][j] = orig - h;
          const down = f64(im, tx);
          rows[i][j] = orig;
          const fd = (up - down) / (2 * h);
          expect(Math.abs(g[i][j] - fd) / scale, `${which}[${i}][${j}]`).toBeLessThan(1e-4);
        }
      }
    }
    tf.dispose([imT, txT, gIm, gTx]);
  };

  it('paperClipLoss gradient (raw similarity, K = 3)', () => {
    const rng = Rng.fromSeed(TEST_SEED).split('fd-paper');
    const k = 3;
    fdCheck((a, c) => paperClipLossReference(a, c, k), (a, c) => paperClipLoss(a, c, k), f32(randomRows(rng, 8, 3)), f32(randomRows(rng, 8, 3)));
  });

  it('paperClipLoss gradient (normalised similarity with logit scale 0.7, K = 2)', () => {
    const rng = Rng.fromSeed(TEST_SEED).split('fd-paper-norm');
    const k = 2;
    fdCheck((a, c) => paperClipLossReference(a, c, k, 0.7), (a, c) => paperClipLoss(a, c, k, tf.scalar(0.7)), f32(randomRows(rng, 6, 3)), f32(randomRows(rng, 6, 3)));
  });

  it('inBatchClipLoss gradient (raw and normalised)', () => {
    const rng = Rng.fromSeed(TEST_SEED).split('fd-inbatch');
    const im = f32(randomRows(rng, 5, 3));
    const tx = f32(randomRows(rng, 5, 3));
    fdCheck((a, c) => inBatchClipLossReference(a, c), (a, c) => inBatchClipLoss(a, c), im, tx);
    fdCheck((a, c) => inBatchClipLossReference(a, c, 1.1), (a, c) => inBatchClipLoss(a, c, tf.scalar(1.1)), im, tx);
  });

  it('logit-scale gradient matches central differences', () => {
    const rng = Rng.fromSeed(TEST_SEED).split('fd-scale');
    const im = f32(randomRows(rng, 5, 3));
    const tx = f32(randomRows(rng, 5, 3));
    const s0 = 0.9;
    const g = tf.tidy(() => tf.grad((s: tf.Tensor) => inBatchClipLoss(tf.tensor2d(im), tf.tensor2d(tx), s as tf.Scalar))(tf.scalar(s0)).dataSync()[0]);
    const h = 1e-6;
    const fd = (inBatchClipLossReference(im, tx, s0 + h) - inBatchClipLossReference(im, tx, s0 - h)) / (2 * h);
    expect(Math.abs(g - fd) / Math.abs(fd)).toBeLessThan(1e-4);
  });
});
