/**
 * WebGPU against the cpu backend on tiny random shapes (fast-check; on software Vulkan in CI): the encoders' forward
 * pass (embeddings), the CLIP loss and its gradients, and three optimizer steps (DeviceAdamW with clipping on webgpu,
 * the host AdamW + clipByGlobalNorm on cpu, from the same initial weights and batches).
 *
 * Tolerances (float32; both backends compute in float32 with different summation orders): embeddings within 1e-4
 * of their largest magnitude; the loss within 1e-5 relative; every gradient entry within 1e-4 of the largest
 * gradient entry of the model (backprop errors scale with the largest quantities: a gradient that is structurally
 * ≈ 0 is rounding noise on both backends, e.g. 1e-10 vs −3e-10, and is compared at that global scale). After 3 AdamW
 * steps (lr 1e-3): parameters whose gradient was ≥ 1e-4 of the largest at every step within 5e-5 absolute (rounding
 * perturbs their update by ≈ 1e-6·lr; measured differences ~1e-7); on the other coordinates Adam's m/√v normalises
 * rounding noise to ±lr, so they are only held to Adam's own bound, 3 steps × 2·lr (+ 5e-5).
 * Deterministic for a given seed (printed): no statistical false-failure rate. Shapes are few (each new shape
 * compiles new shaders, slow on lavapipe).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../models/backends/backend.js';
import { TransformerEncoder, type EncoderConfig } from '../../../models/encoders/transformer.js';
import { inBatchClipLoss, paperClipLoss } from '../../../models/training/clip-losses.js';
import { AdamW, clipByGlobalNorm } from '../../../models/training/optimizer.js';
import { DeviceAdamW } from '../../../models/training/adamw-device.js';
import { Rng } from '../../../theory/random.js';
import { TEST_SEED } from '../../setup.js';
import { webgpuUnavailableReason } from './webgpu-available.js';
import { wouldUseSplitK } from '../../../models/backends/webgpu-deterministic-matmul.js';
import { countGpuWork } from '../../../bench/gpu-dispatch-counter.js';

const skip = await webgpuUnavailableReason('parity.test.ts');

interface Case {
  cfg: EncoderConfig;
  loss: 'paper' | 'in-batch';
  pairs: number;
  seed: number;
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    vocab: fc.integer({ min: 2, max: 4 }),
    length: fc.integer({ min: 2, max: 4 }),
    heads: fc.constantFrom(1, 2),
    headDim: fc.constantFrom(2, 4),
    layers: fc.integer({ min: 1, max: 2 }),
    mlp: fc.constantFrom(4, 8),
    outDim: fc.integer({ min: 2, max: 4 }),
    readout: fc.constantFrom('paper' as const, 'mean' as const),
    outputProjection: fc.boolean(),
    loss: fc.constantFrom('paper' as const, 'in-batch' as const),
    pairs: fc.integer({ min: 2, max: 4 }),
    seed: fc.nat(1_000_000),
  })
  .map((r) => ({
    cfg: { vocab: r.vocab, length: r.length, width: r.heads * r.headDim, layers: r.layers, heads: r.heads, mlp: r.mlp, outDim: r.outDim, attention: 'softmax', readout: r.readout, outputProjection: r.outputProjection },
    loss: r.loss,
    pairs: r.pairs,
    seed: r.seed,
  }));

const K = 3;

interface Run {
  emb: Float32Array[];
  losses: number[];
  /** grads[step][variable] */
  grads: Float32Array[][];
  params: Float32Array[];
}

/** Forward, gradients and 3 optimizer steps of one case on `backend`. */
async function runCase(backend: 'cpu' | 'webgpu', c: Case): Promise<Run> {
  await initBackend(backend);
  const rng = Rng.fromSeed(c.seed);
  const im = new TransformerEncoder(c.cfg, rng.split('im'), `p-${backend}-im`);
  const tx = new TransformerEncoder(c.cfg, rng.split('tx'), `p-${backend}-tx`);
  const vars = [...im.variables, ...tx.variables];
  const rows = c.loss === 'paper' ? c.pairs * (K + 1) : c.pairs;
  const data = rng.split('data');
  const batch = () => {
    const a = new Int32Array(rows * c.cfg.length);
    for (let i = 0; i < a.length; i++) a[i] = data.int(c.cfg.vocab);
    return [tf.tensor2d(a, [rows, c.cfg.length], 'int32'), tf.tensor2d(a.map((x) => (x + 1) % c.cfg.vocab), [rows, c.cfg.length], 'int32')];
  };
  const scale = tf.scalar(1.5);
  const lossFn = (ti: tf.Tensor2D, tt: tf.Tensor2D) => (c.loss === 'paper' ? paperClipLoss(im.apply(ti), tx.apply(tt), K) : inBatchClipLoss(im.apply(ti), tx.apply(tt), scale));
  const opts = { lr: 1e-3, weightDecay: 1e-2 };
  const opt = backend === 'cpu' ? new AdamW(vars, opts) : new DeviceAdamW(vars, opts);
  const out: Run = { emb: [], losses: [], grads: [], params: [] };
  for (let step = 0; step < 3; step++) {
    const [ti, tt] = batch() as tf.Tensor2D[];
    if (step === 0) {
      const e = [im.apply(ti), tx.apply(tt)];
      for (const t of e) out.emb.push((await t.data()) as Float32Array);
      tf.dispose(e);
    }
    const { value, grads } = tf.variableGrads(() => lossFn(ti, tt), vars);
    out.losses.push(((await value.data()) as Float32Array)[0]);
    const gs: Float32Array[] = [];
    for (const v of vars) gs.push((await grads[v.name].data()) as Float32Array);
    out.grads.push(gs);
    if (opt instanceof AdamW) {
      const clipped = clipByGlobalNorm(grads, 0.5);
      opt.step(clipped.grads, 1e-3);
      tf.dispose(Object.values(clipped.grads));
    } else {
      tf.dispose(opt.step(grads, 1e-3, 0.5).norm);
    }
    tf.dispose([ti, tt, value, ...Object.values(grads)]);
  }
  for (const v of vars) out.params.push((await v.data()) as Float32Array);
  opt.dispose();
  im.dispose();
  tx.dispose();
  scale.dispose();
  return out;
}

const maxAbs = (a: Float32Array) => a.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
function closeTo(got: Float32Array, want: Float32Array, tol: number): boolean {
  if (got.length !== want.length) return false;
  for (let i = 0; i < want.length; i++) if (!(Math.abs(got[i] - want[i]) <= tol)) return false;
  return true;
}

describe.skipIf(skip !== undefined)('webgpu vs cpu parity on random tiny shapes', () => {
  beforeAll(() => console.log(`[webgpu parity] fast-check seed ${TEST_SEED}`));
  it('forward, gradients and 3 AdamW steps (with clipping) agree within float32 tolerance', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const w = await runCase('webgpu', c);
        const r = await runCase('cpu', c);
        r.emb.forEach((e, i) => expect(closeTo(w.emb[i], e, 1e-4 * (1 + maxAbs(e))), `embedding ${i}`).toBe(true));
        r.losses.forEach((l, i) => expect(Math.abs(w.losses[i] - l), `loss at step ${i + 1}`).toBeLessThanOrEqual(1e-5 * Math.abs(l)));
        const scale = Math.max(...r.grads[0].map(maxAbs));
        r.grads[0].forEach((g, i) => expect(closeTo(w.grads[0][i], g, 1e-4 * scale), `gradient ${i}`).toBe(true));
        r.params.forEach((p, i) => {
          for (let k = 0; k < p.length; k++) {
            const wellConditioned = r.grads.every((gs) => Math.abs(gs[i][k]) >= 1e-4 * Math.max(...gs.map(maxAbs)));
            const tol = wellConditioned ? 5e-5 : 3 * 2 * 1e-3 + 5e-5;
            expect(Math.abs(w.params[i][k] - p[k]), `parameter ${i}[${k}] after 3 steps`).toBeLessThanOrEqual(tol);
          }
        });
      }),
      { numRuns: 4, seed: TEST_SEED, endOnFailure: true },
    );
  }, 300_000);

  it('planted failure: a different learning rate on webgpu is caught by the parameter tolerance', async () => {
    // the same comparison must fail when the optimizer differs: DeviceAdamW with lr 1.2e-3 instead of 1e-3
    const c: Case = { cfg: { vocab: 3, length: 2, width: 4, layers: 1, heads: 1, mlp: 4, outDim: 2, attention: 'softmax', readout: 'paper' }, loss: 'paper', pairs: 2, seed: 5 };
    const r = await runCase('cpu', c);
    const orig = DeviceAdamW.prototype.step;
    DeviceAdamW.prototype.step = function (g, lr, maxNorm) {
      return orig.call(this, g, (lr ?? 1e-3) * 1.2, maxNorm);
    };
    try {
      const w = await runCase('webgpu', c);
      expect(r.params.some((p, i) => !closeTo(w.params[i], p, 5e-5))).toBe(true);
      // and by the loss at step 3 (computed after two updates)
      expect(Math.abs(w.losses[2] - r.losses[2])).toBeGreaterThan(1e-5 * Math.abs(r.losses[2]));
    } finally {
      DeviceAdamW.prototype.step = orig;
    }
  }, 120_000);

  it('DeviceAdamW on webgpu, fused and per-variable, with clipping, over 12 variables: norms and updates match cpu', async () => {
    // 12 variables: more than the 8 storage buffers one shader may bind by default (tfjs's addN binds them all)
    const shapes = Array.from({ length: 12 }, (_, i) => [1 + (i % 3), 2]);
    const rng = Rng.fromSeed(TEST_SEED).split('many-vars');
    const values = shapes.map((s) => Array.from({ length: s[0] * s[1] }, () => rng.nextUint32() / 2 ** 31 - 1));
    const grads = [0, 1].map(() => shapes.map((s) => Array.from({ length: s[0] * s[1] }, () => 3 * (rng.nextUint32() / 2 ** 31 - 1))));
    const run = async (backend: 'cpu' | 'webgpu', fused: boolean) => {
      await initBackend(backend);
      const vars = shapes.map((s, i) => tf.variable(tf.tensor(values[i], s), true, `many-${backend}-${fused}-${i}`));
      const opt = new DeviceAdamW(vars, { lr: 0.01, weightDecay: 0.1, fused });
      const norms: number[] = [];
      for (const g of grads) {
        const map = Object.fromEntries(vars.map((v, i) => [v.name, tf.tensor(g[i], shapes[i])]));
        const { norm } = opt.step(map, 0.01, 1.0);
        norms.push(((await norm.data()) as Float32Array)[0]);
        tf.dispose([norm, ...Object.values(map)]);
      }
      const params: Float32Array[] = [];
      for (const v of vars) params.push((await v.data()) as Float32Array);
      opt.dispose();
      tf.dispose(vars);
      return { norms, params };
    };
    const ref = await run('cpu', true);
    for (const fused of [true, false]) {
      const w = await run('webgpu', fused);
      w.norms.forEach((n, i) => expect(Math.abs(n - ref.norms[i]), `norm ${i} (fused ${fused})`).toBeLessThanOrEqual(1e-5 * ref.norms[i]));
      ref.params.forEach((p, i) => expect(closeTo(w.params[i], p, 1e-5), `parameter ${i} (fused ${fused})`).toBe(true));
    }
  }, 120_000);

  it('matMuls that tfjs would run with split-K (float atomics) run without it: one dispatch, bit-identical reruns, = cpu', async () => {
    // Aᵀ·B with A [4096, 8], B [4096, 32]: one 32×32 output tile and a 4096-long reduction, tfjs's split-K case
    expect(wouldUseSplitK([4096, 8], [4096, 32], true, false, 8)).toBe(true);
    expect(wouldUseSplitK([1999, 8], [1999, 32], true, false, 8)).toBe(false);
    const rng = Rng.fromSeed(TEST_SEED).split('splitk');
    const av = Float32Array.from({ length: 4096 * 8 }, () => rng.nextUint32() / 2 ** 32 - 0.5);
    const bv = Float32Array.from({ length: 4096 * 32 }, () => rng.nextUint32() / 2 ** 32 - 0.5);
    const product = async (backend: 'cpu' | 'webgpu', forceSplitK = false) => {
      await initBackend(backend);
      if (forceSplitK) tf.env().set('WEBGPU_MATMUL_PROGRAM_TYPE', 1);
      const a = tf.tensor2d(av, [4096, 8]);
      const b = tf.tensor2d(bv, [4096, 32]);
      const counter = backend === 'webgpu' ? countGpuWork() : undefined;
      const c = tf.matMul(a, b, true, false);
      const out = (await c.data()) as Float32Array;
      const dispatches = counter?.dispatches;
      counter?.stop();
      if (forceSplitK) tf.env().set('WEBGPU_MATMUL_PROGRAM_TYPE', -1);
      tf.dispose([a, b, c]);
      return { out, dispatches };
    };
    const ref = await product('cpu');
    const w1 = await product('webgpu');
    const w2 = await product('webgpu');
    expect(w1.dispatches).toBe(1);
    expect(Array.from(w2.out)).toEqual(Array.from(w1.out));
    expect(closeTo(w1.out, ref.out, 1e-4 * (1 + maxAbs(ref.out)))).toBe(true);
    // twin: forcing tfjs's split-K program shows what is avoided (a zero fill, then the atomic accumulation)
    const forced = await product('webgpu', true);
    expect(forced.dispatches).toBe(2);
    expect(closeTo(forced.out, ref.out, 1e-4 * (1 + maxAbs(ref.out)))).toBe(true);
  }, 120_000);
});
