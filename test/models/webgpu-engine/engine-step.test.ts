/**
 * The whole engine step against the tfjs cpu `ClipTrainer` (same initialisation, same batches from the same sampler
 * stream): CLIP loss, pre-clipping gradient norm and every gradient tensor of step 1, and all parameters after 3
 * AdamW steps with clipping and weight decay active.
 *
 * Tolerances (derived, not tuned): both sides compute in float32. A gradient entry is a chain of ≤ 2·layers·10
 * operations, each an f32 sum of ≤ n = 64 products whose relative rounding error is ≤ γ_n ≈ n·2⁻²⁴ ≈ 3.8e−6, so
 * ≤ 20·3.8e−6 ≈ 7.7e−5 relative to the tensor's scale: tolerance 1e−4 of each tensor's max |entry|. Loss and norm:
 * the same 1e−4 relative. Parameters after s steps: AdamW moves each entry by ≤ lr per step along m̂/√v̂, whose
 * relative error is that of the entry's gradient: ≤ 1e−4·max|g|/|g| ≤ 1e−3 for entries with |g| ≥ 0.1·max|g|;
 * tolerance s·lr·1e−3 + 1e−6·|p| (float32 rounding of p). Smaller-gradient entries are held to the same bound at
 * the fixed test seed; the measured worst case is printed (≈ 2 % of the tolerance). The planted twin shows that a
 * one-step (lr) error in a single entry is caught. Deterministic (fixed seed, printed): no false-failure rate.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../models/backends/index.js';
import { ClipTrainer, LOGIT_SCALE_INIT, OnlineClipSampler, type TrainConfig, paperClipLoss, inBatchClipLoss } from '../../../models/training/index.js';
import { WgslClipEngine, packParameters } from '../../../models/webgpu-engine/index.js';
import { generatePaperJghm } from '../../../theory/generators.js';
import { treeOf } from '../../../theory/model.js';
import { Rng } from '../../../theory/random.js';
import { TEST_SEED } from '../../setup.js';
import { gpu, relDiff } from './gpu.js';

const GRAD_TOL = 1e-4;

const model = generatePaperJghm({ states: 3, imageBranching: [2, 2], p: 0.2, seed: 7 });

const CASES: { name: string; config: Partial<TrainConfig> }[] = [
  {
    name: 'paper loss, dot similarity, paper readout, output projection, softmax, split-K weight gradients',
    config: { batch: 2, k: 3, layers: 2, width: 8, heads: 2, mlp: 12, outputProjection: true, readout: 'paper', loss: 'paper', similarity: 'dot', lr: 1e-2, lrMin: 1e-3, weightDecay: 1e-2, gradClip: 0.5, steps: 3 },
  },
  {
    name: 'in-batch loss, cosine similarity with logit scale, mean readout, no output projection, ReLU attention',
    config: { batch: 3, k: 2, layers: 1, width: 8, heads: 2, mlp: 8, outputProjection: false, readout: 'mean', attention: 'relu', loss: 'in-batch', similarity: 'cosine', lr: 1e-2, lrMin: 1e-3, weightDecay: 1e-2, gradClip: 0.5, steps: 3 },
  },
];

describe.skipIf(!gpu)('WgslClipEngine step = ClipTrainer step (tfjs cpu)', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  for (const { name, config } of CASES) {
    it(name, async () => {
      const seed = TEST_SEED % 1000;
      console.log(`[engine-step] seed ${seed}`);
      const trainer = new ClipTrainer(model, { ...config, seed, testPairs: 10 });
      const c = trainer.config;
      const T = treeOf(model, 'image').leaves;
      const enc = trainer.image.config;
      const rows = c.loss === 'paper' ? c.batch * (c.k + 1) : 2 * c.batch;
      // the first case splits the weight-gradient reductions (as full-size batches do), the second does not
      const splitK = config.loss === 'paper' ? 3 : 1;
      const engine = WgslClipEngine.create(gpu!, { encoder: enc, rows, loss: c.loss, k: c.k, similarity: c.similarity, weightDecay: c.weightDecay, gradClip: c.gradClip, splitK });
      try {
        await engine.validate();
        engine.setParameters(0, 'image', packParameters(engine.layout, trainer.image.parameterMap()));
        engine.setParameters(0, 'text', packParameters(engine.layout, trainer.text.parameterMap()));
        if (c.similarity === 'cosine') engine.setLogitScale(0, LOGIT_SCALE_INIT);
        const sampler = new OnlineClipSampler(model, Rng.fromSeed(seed).split('data'));
        let worstGrad = 0;
        let worstParam = 0;
        for (let step = 1; step <= 3; step++) {
          const batch = sampler.next(c.batch, c.loss === 'paper' ? c.k : 2);
          const tokens = { image: batch.image.data.subarray(0, rows * T), text: batch.text.data.subarray(0, rows * T) };
          const lr = trainer.currentLr;
          let refGrads: Map<string, Float32Array> | undefined;
          if (step === 1) {
            // the reference gradients of this step, with the trainer's own encoders and loss
            const ti = tf.tensor2d(Int32Array.from(tokens.image), [rows, T], 'int32');
            const tt = tf.tensor2d(Int32Array.from(tokens.text), [rows, T], 'int32');
            const ls = c.similarity === 'cosine' ? tf.scalar(LOGIT_SCALE_INIT) : undefined;
            const r = tf.variableGrads(() => {
              const a = trainer.image.apply(ti);
              const b = trainer.text.apply(tt);
              return c.loss === 'paper' ? paperClipLoss(a, b, c.k) : inBatchClipLoss(a, b, ls);
            }, [...trainer.image.variables, ...trainer.text.variables]);
            refGrads = new Map(Object.entries(r.grads).map(([k, v]) => [k, v.dataSync() as Float32Array]));
            tf.dispose([ti, tt, r.value, ...Object.values(r.grads), ...(ls ? [ls] : [])]);
          }
          const m = await trainer.trainStep();
          engine.step(tokens, lr);
          const s = await engine.stats();
          expect(Math.abs(s.loss[0] - m.clipLoss) / Math.abs(m.clipLoss)).toBeLessThan(GRAD_TOL);
          expect(Math.abs(s.gradNorm[0] - m.gradNorm) / m.gradNorm).toBeLessThan(GRAD_TOL);
          expect(m.gradNorm).toBeGreaterThan(c.gradClip); // clipping is active
          if (refGrads) {
            for (const [which, prefix] of [['image', 'img'], ['text', 'txt']] as const) {
              const g = await engine.gradients(0, which);
              for (const e of engine.layout.entries) {
                const ref = refGrads.get(`${prefix}/${e.name}`)!;
                const d = relDiff(g.subarray(e.offset, e.offset + e.size), ref);
                worstGrad = Math.max(worstGrad, d);
                expect(d, `${which} ${e.name}`).toBeLessThan(GRAD_TOL);
              }
            }
          }
          for (const [which, encoder] of [['image', trainer.image], ['text', trainer.text]] as const) {
            const p = await engine.parameters(0, which);
            const ref = encoder.parameterMap();
            for (const e of engine.layout.entries) {
              const r = ref.get(e.name)!;
              for (let i = 0; i < e.size; i++) {
                const tol = step * c.lr * 1e-3 + 1e-6 * Math.abs(r[i]);
                worstParam = Math.max(worstParam, Math.abs(p[e.offset + i] - r[i]) / tol);
                if (Math.abs(p[e.offset + i] - r[i]) > tol) expect.fail(`step ${step} ${which} ${e.name}[${i}]: engine ${p[e.offset + i]} vs trainer ${r[i]} (tol ${tol})`);
              }
            }
          }
          if (c.similarity === 'cosine') {
            const ls = await engine.logitScale(0);
            expect(Math.abs(ls.value - m.logitScale!)).toBeLessThan(step * c.lr * 1e-3 + 1e-6);
          }
        }
        console.log(`[engine-step] measured: worst gradient difference ${worstGrad.toExponential(2)} of the tensor's max (tolerance ${GRAD_TOL}); worst parameter difference ${(worstParam * 100).toFixed(2)} % of its tolerance`);
      } finally {
        engine.dispose();
        trainer.dispose();
      }
    });
  }

  it('planted failure: one parameter moved by lr is caught by the parameter comparison', async () => {
    const trainer = new ClipTrainer(model, { ...CASES[0].config, seed: 1, testPairs: 10 });
    const engine = WgslClipEngine.create(gpu!, { encoder: trainer.image.config, rows: 8, loss: 'paper', k: 3, similarity: 'dot', weightDecay: 0, gradClip: 1 });
    try {
      const flat = packParameters(engine.layout, trainer.image.parameterMap());
      const off = engine.layout.entries.find((e) => e.name === 'block0/attn/wq')!.offset;
      flat[off] += CASES[0].config.lr!; // one AdamW step's worth
      engine.setParameters(0, 'image', flat);
      const p = await engine.parameters(0, 'image');
      const ref = trainer.image.parameterMap().get('block0/attn/wq')!;
      const tol = CASES[0].config.lr! * 1e-3 + 1e-6 * Math.abs(ref[0]);
      expect(Math.abs(p[off] - ref[0])).toBeGreaterThan(tol);
    } finally {
      engine.dispose();
      trainer.dispose();
    }
  });
});
