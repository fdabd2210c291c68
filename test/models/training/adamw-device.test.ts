/**
 * DeviceAdamW (the webgpu optimizer: moments, clipping and update as tfjs ops) against its twins, on the cpu backend:
 * the per-variable implementation (bit-identical to the fused one without clipping, same float32 ops per element),
 * and the host AdamW + clipByGlobalNorm (float64 loops; agreement to float32 rounding). Also: state round trip
 * between host and device optimizers, no tensor leaks, and a trainer with the device optimizer on cpu against the
 * host one. Deterministic: no statistical false-failure rate.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../models/backends/backend.js';
import { AdamW, clipByGlobalNorm } from '../../../models/training/optimizer.js';
import { DeviceAdamW } from '../../../models/training/adamw-device.js';
import { ClipTrainer } from '../../../models/training/trainer.js';
import { generatePaperJghm } from '../../../theory/generators.js';

beforeAll(async () => {
  await initBackend('cpu');
});

let uid = 0;
function makeVars(shapes: number[][], values: number[][]): tf.Variable[] {
  uid += 1;
  return shapes.map((s, i) => tf.variable(tf.tensor(values[i], s), true, `v${uid}-${i}`));
}

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

/** Random variable shapes with values and 3 steps of gradients. */
const problem = fc
  .array(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 })
  .chain((shapes) => {
    const sizes = shapes.map((s) => s.reduce((a, b) => a * b, 1));
    const vals = (n: number) => fc.array(fc.float({ min: -3, max: 3, noNaN: true, noDefaultInfinity: true }), { minLength: n, maxLength: n });
    return fc.record({
      shapes: fc.constant(shapes),
      values: fc.tuple(...sizes.map(vals)),
      grads: fc.array(fc.tuple(...sizes.map(vals)), { minLength: 3, maxLength: 3 }),
      maxNorm: fc.double({ min: 0.1, max: 20, noNaN: true }),
      decayFirst: fc.boolean(),
    });
  });

describe('DeviceAdamW twins (cpu backend)', () => {
  it('fused = per-variable bit for bit without clipping; both = host AdamW to float32 rounding, with clipping', () => {
    fc.assert(
      fc.property(problem, ({ shapes, values, grads, maxNorm, decayFirst }) => {
        const opts = { lr: 0.01, weightDecay: 0.1, decay: (n: string) => decayFirst || !n.endsWith('-0') };
        const [vf, vp, vh, vfc] = [0, 1, 2, 3].map(() => makeVars(shapes, values));
        const fused = new DeviceAdamW(vf, opts);
        const per = new DeviceAdamW(vp, { ...opts, fused: false });
        const host = new AdamW(vh, opts);
        const fusedClip = new DeviceAdamW(vfc, opts);
        const before = tf.memory().numTensors;
        const lrs = [0.01, 0.007, 0.003];
        grads.forEach((g, step) => {
          const map = (vs: tf.Variable[]) => Object.fromEntries(vs.map((v, i) => [v.name, tf.tensor(g[i], shapes[i])]));
          const gf = map(vf);
          const gp = map(vp);
          const gh = map(vh);
          const gc = map(vfc);
          tf.dispose([fused.step(gf, lrs[step]).norm, per.step(gp, lrs[step]).norm]);
          const clipped = clipByGlobalNorm(gh, maxNorm);
          host.step(clipped.grads, lrs[step]);
          const { norm } = fusedClip.step(gc, lrs[step], maxNorm);
          expect(Math.abs(norm.dataSync()[0] - clipped.norm)).toBeLessThanOrEqual(1e-5 * (1 + clipped.norm));
          tf.dispose([norm, ...Object.values(gf), ...Object.values(gp), ...Object.values(gh), ...Object.values(gc), ...Object.values(clipped.grads)]);
        });
        expect(tf.memory().numTensors).toBe(before);
        vf.forEach((v, i) => {
          expect(bits(v.dataSync() as Float32Array)).toEqual(bits(vp[i].dataSync() as Float32Array));
          const h = vh[i].dataSync();
          const c = vfc[i].dataSync();
          // float32 tolerance: parameters are O(3); each step moves them by ≤ lr; rounding differences ≈ 1e-7 relative,
          // except where clipping rescales a gradient whose entries are ≈ 0 (Adam's m/√v then amplifies noise) —
          // the generated gradients have no such entries except exact zeros, which both treat alike.
          for (let k = 0; k < h.length; k++) expect(Math.abs(c[k] - h[k])).toBeLessThanOrEqual(2e-5 * (1 + Math.abs(h[k])));
        });
        tf.dispose([...vf, ...vp, ...vh, ...vfc]);
        fused.dispose();
        per.dispose();
        fusedClip.dispose();
      }),
      { numRuns: 25 },
    );
  });

  it('state round trip: host → device and device → host continue like the host optimizer', async () => {
    const [a, b] = [0, 1].map(() => makeVars([[3]], [[0.5, -1, 2]]));
    const host = new AdamW(a, { lr: 0.1 });
    const dev = new DeviceAdamW(b, { lr: 0.1 });
    const g = tf.tensor1d([0.3, -0.2, 0.1]);
    host.step({ [a[0].name]: g });
    const st = host.getState();
    dev.setState({ ...st, names: [b[0].name] });
    b[0].assign(a[0]);
    host.step({ [a[0].name]: g });
    tf.dispose(dev.step({ [b[0].name]: g }).norm);
    const back = await dev.getState();
    expect(back.step).toBe(2);
    const hs = host.getState();
    for (let k = 0; k < 3; k++) {
      expect(back.m[0][k]).toBeCloseTo(hs.m[0][k], 6);
      expect(back.v[0][k]).toBeCloseTo(hs.v[0][k], 6);
      expect(b[0].dataSync()[k]).toBeCloseTo(a[0].dataSync()[k], 6);
    }
    expect(() => dev.setState({ ...back, names: ['nope'] })).toThrow(/DeviceAdamW.setState: state.names has unknown variable 'nope'/);
    expect(() => dev.step({})).toThrow(/needs a gradient for every variable/);
    tf.dispose([g, ...a, ...b]);
    dev.dispose();
  });

  it('a trainer with the device optimizer on cpu follows the host one (3 steps, float32 tolerance)', async () => {
    const model = generatePaperJghm({ states: 3, imageBranching: [2, 2], p: 0.2, seed: 7 });
    const cfg = { seed: 4, steps: 3, batch: 6, k: 3, layers: 2, width: 8, heads: 2, testPairs: 20, gradClip: 0.5, similarity: 'cosine' as const };
    const run = async (placement: 'host' | 'device') => {
      const t = new ClipTrainer(model, cfg, { placement });
      const m = [];
      for (let i = 0; i < 3; i++) m.push(await t.trainStep());
      const s = await t.state();
      t.dispose();
      return { m, s };
    };
    const h = await run('host');
    const d = await run('device');
    h.m.forEach((x, i) => {
      expect(Math.abs(d.m[i].loss - x.loss)).toBeLessThanOrEqual(1e-5 * Math.abs(x.loss));
      expect(Math.abs(d.m[i].gradNorm - x.gradNorm)).toBeLessThanOrEqual(1e-5 * x.gradNorm);
      expect(Math.abs(d.m[i].logitScale! - x.logitScale!)).toBeLessThanOrEqual(1e-6);
    });
    h.s.variables.forEach((v, i) => {
      for (let k = 0; k < v.data.length; k++) expect(Math.abs(d.s.variables[i].data[k] - v.data[k])).toBeLessThanOrEqual(1e-4);
    });
    expect(d.s.optimizer.names).toEqual(h.s.optimizer.names);
  });
});
