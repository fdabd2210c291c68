/**
 * AdamW against hand-computed steps, state round trip, cosine schedule endpoints, global-norm clipping.
 * Deterministic: no statistical false-failure rate.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../models/backends/backend.js';
import { AdamW, clipByGlobalNorm, clipByGlobalNormAsync, cosineLr } from '../../../models/training/optimizer.js';

/** Hand-computed AdamW (PyTorch torch.optim.AdamW algorithm) in float64 for one scalar parameter. */
function adamwScalar(p0: number, grads: number[], lrs: number[], o: { b1: number; b2: number; eps: number; wd: number }): number {
  let p = p0;
  let m = 0;
  let v = 0;
  grads.forEach((g, i) => {
    const t = i + 1;
    p *= 1 - lrs[i] * o.wd;
    m = o.b1 * m + (1 - o.b1) * g;
    v = o.b2 * v + (1 - o.b2) * g * g;
    const mhat = m / (1 - o.b1 ** t);
    const vhat = v / (1 - o.b2 ** t);
    p -= (lrs[i] * mhat) / (Math.sqrt(vhat) + o.eps);
  });
  return p;
}

describe.each(['wasm', 'cpu'] as const)('AdamW on %s', (backend) => {
  beforeAll(async () => {
    await initBackend(backend);
  });

  it('first step moves each coordinate by lr·sign(g) (plus decoupled decay), as computed by hand', () => {
    const w = tf.variable(tf.tensor1d([1, -2, 0.5]), true, `${backend}-adam-w1`);
    const opt = new AdamW([w], { lr: 0.1, weightDecay: 0.01 });
    const g = tf.tensor1d([0.3, -4, 0]);
    opt.step({ [w.name]: g }, 0.1);
    // p·(1 − 0.1·0.01) − 0.1·g/(|g| + 1e-8): +0.1 for g>0, −0.1 for g<0, 0 for g=0
    const got = Array.from(w.dataSync());
    const want = [1 * 0.999 - 0.1, -2 * 0.999 + 0.1, 0.5 * 0.999];
    got.forEach((x, i) => expect(x).toBeCloseTo(want[i], 6));
    expect(opt.stepCount).toBe(1);
    tf.dispose([w, g]);
    opt.dispose();
  });

  it('several steps with changing lr match the float64 hand computation', () => {
    const o = { b1: 0.8, b2: 0.95, eps: 1e-6, wd: 0.1 };
    const gs = [[0.5, -1], [0.2, 3], [-0.7, 0.1], [1.5, -0.2]];
    const lrs = [0.05, 0.04, 0.02, 0.01];
    const w = tf.variable(tf.tensor1d([0.3, -0.6]), true, `${backend}-adam-w2`);
    const opt = new AdamW([w], { lr: 1, beta1: o.b1, beta2: o.b2, eps: o.eps, weightDecay: o.wd });
    gs.forEach((g, i) => {
      const gt = tf.tensor1d(g);
      opt.step(new Map([[w.name, gt]]), lrs[i]);
      gt.dispose();
    });
    const got = Array.from(w.dataSync());
    expect(got[0]).toBeCloseTo(adamwScalar(0.3, gs.map((g) => g[0]), lrs, o), 5);
    expect(got[1]).toBeCloseTo(adamwScalar(-0.6, gs.map((g) => g[1]), lrs, o), 5);
    w.dispose();
    opt.dispose();
  });

  it('getState/setState round trip continues identically; no tensors leak per step', () => {
    const mk = (tag: string) => tf.variable(tf.tensor2d([[1, 2], [3, 4]]), true, `${backend}-adam-${tag}`);
    const a = mk('a');
    const b = mk('b');
    const optA = new AdamW([a], { lr: 0.01, weightDecay: 0.1 });
    const optB = new AdamW([b], { lr: 0.01, weightDecay: 0.1 });
    const g1 = tf.tensor2d([[0.1, -0.2], [0.3, 0.4]]);
    const g2 = tf.tensor2d([[-0.5, 0.2], [0.1, 0.0]]);
    optA.step({ [a.name]: g1 });
    const st = optA.getState();
    expect(st.step).toBe(1);
    // B gets A's state under B's variable name and A's parameter values
    b.assign(a);
    optB.setState({ ...st, names: [b.name] });
    const before = tf.memory().numTensors;
    optA.step({ [a.name]: g2 }, 0.005);
    optB.step({ [b.name]: g2 }, 0.005);
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(() => optB.setState({ ...st, names: ['nope'] })).toThrow(/AdamW.setState: state.names has unknown variable 'nope'/);
    expect(() => optB.step({ nope: g1 })).toThrow(/AdamW.step: gradient for unknown variable 'nope'/);
    tf.dispose([a, b, g1, g2]);
    optA.dispose();
    optB.dispose();
  });

  it('stepAsync and clipByGlobalNormAsync give the same results as the synchronous versions', async () => {
    const a = tf.variable(tf.tensor1d([0.5, -1, 2]), true, `${backend}-async-a`);
    const b = tf.variable(tf.tensor1d([0.5, -1, 2]), true, `${backend}-async-b`);
    const oa = new AdamW([a], { lr: 0.1, weightDecay: 0.01 });
    const ob = new AdamW([b], { lr: 0.1, weightDecay: 0.01 });
    const g = tf.tensor1d([3, -4, 12]); // norm 13
    const ca = clipByGlobalNorm({ [a.name]: g }, 1);
    const cb = await clipByGlobalNormAsync({ [b.name]: g }, 1);
    expect(cb.norm).toBe(ca.norm);
    oa.step(ca.grads);
    await ob.stepAsync(cb.grads);
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([a, b, g, ...Object.values(ca.grads), ...Object.values(cb.grads)]);
  });

  it('rejects bad options naming the field', () => {
    const w = tf.variable(tf.scalar(1), true, `${backend}-adam-bad`);
    expect(() => new AdamW([w], { lr: -1 })).toThrow(/AdamW: opts.lr/);
    expect(() => new AdamW([w], { lr: 1, beta1: 1 })).toThrow(/AdamW: opts.beta1/);
    w.dispose();
  });

  it('clipByGlobalNorm scales by maxNorm/norm only when the norm exceeds it', () => {
    const g = { a: tf.tensor1d([3, 0]), b: tf.tensor1d([0, 4]) }; // global norm 5
    const big = clipByGlobalNorm(g, 10);
    expect(big.norm).toBeCloseTo(5, 5);
    expect(Array.from(big.grads.a.dataSync())).toEqual([3, 0]);
    const small = clipByGlobalNorm(g, 1);
    expect(small.norm).toBeCloseTo(5, 5);
    expect(Array.from(small.grads.a.dataSync())[0]).toBeCloseTo(3 / (5 + 1e-6), 6);
    expect(Array.from(small.grads.b.dataSync())[1]).toBeCloseTo(4 / (5 + 1e-6), 6);
    expect(() => clipByGlobalNorm(g, 0)).toThrow(/clipByGlobalNorm: maxNorm/);
    tf.dispose([g.a, g.b, ...Object.values(big.grads), ...Object.values(small.grads)]);
  });
});

describe.each(['wasm', 'cpu'] as const)('a full training step on %s', (backend) => {
  it('forward, gradients, clipping and AdamW leak no tensors and change every parameter', async () => {
    await initBackend(backend);
    const { TransformerEncoder } = await import('../../../models/encoders/transformer.js');
    const { inBatchClipLoss } = await import('../../../models/training/clip-losses.js');
    const { Rng } = await import('../../../theory/random.js');
    const cfg = { vocab: 5, length: 4, width: 8, layers: 1, heads: 2, mlp: 8, outDim: 4, attention: 'softmax', readout: 'mean' } as const;
    const rng = Rng.fromSeed(11);
    const im = new TransformerEncoder(cfg, rng.split('im'), `${backend}-step-im`);
    const tx = new TransformerEncoder(cfg, rng.split('tx'), `${backend}-step-tx`);
    const vars = [...im.variables, ...tx.variables];
    const opt = new AdamW(vars, { lr: 1e-2, weightDecay: 1e-3 });
    const before0 = vars.map((v) => Array.from(v.dataSync()));
    const ids = () => tf.tensor2d(Int32Array.from({ length: 24 }, () => rng.int(5)), [6, 4], 'int32');
    const step = () => {
      const a = ids();
      const b = ids();
      const { value, grads } = tf.variableGrads(() => inBatchClipLoss(im.apply(a), tx.apply(b)), vars);
      const clipped = clipByGlobalNorm(grads, 1);
      opt.step(clipped.grads, 1e-2);
      tf.dispose([a, b, value, ...Object.values(grads), ...Object.values(clipped.grads)]);
    };
    step();
    const before = tf.memory().numTensors;
    step();
    step();
    expect(tf.memory().numTensors).toBe(before);
    vars.forEach((v, i) => expect(Array.from(v.dataSync()), v.name).not.toEqual(before0[i]));
    im.dispose();
    tx.dispose();
    opt.dispose();
  });
});

describe('cosineLr', () => {
  it('starts at lrMax, ends at lrMin, passes the midpoint, and stays at lrMin afterwards', () => {
    expect(cosineLr(0, 100, 1e-3, 1e-5)).toBe(1e-3);
    expect(cosineLr(100, 100, 1e-3, 1e-5)).toBe(1e-5);
    expect(cosineLr(250, 100, 1e-3, 1e-5)).toBe(1e-5);
    expect(cosineLr(50, 100, 1e-3, 1e-5)).toBeCloseTo((1e-3 + 1e-5) / 2, 15);
    expect(cosineLr(25, 100, 1, 0)).toBeCloseTo((1 + Math.SQRT1_2) / 2, 12);
    for (let s = 1; s <= 100; s++) expect(cosineLr(s, 100, 1, 0)).toBeLessThanOrEqual(cosineLr(s - 1, 100, 1, 0));
  });

  it('rejects bad arguments naming them', () => {
    expect(() => cosineLr(-1, 10, 1, 0)).toThrow(/cosineLr: step/);
    expect(() => cosineLr(0, 0, 1, 0)).toThrow(/cosineLr: total/);
    expect(() => cosineLr(0, 10, 0.1, 1)).toThrow(/cosineLr: need 0 <= lrMin <= lrMax/);
  });
});
