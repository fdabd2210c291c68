/**
 * Many models in one program: M = 3 independent models (different parameters, logit scales and batches) trained
 * together on the model axis give the same losses, gradient norms, parameters and logit scales after 2 AdamW steps
 * as 3 engines with M = 1. Tolerance: exact (bit-identical float32). Every model's arithmetic is the same sequence of
 * float32 operations in both programs: each workgroup covers one model (matMul batch index, attention group, loss
 * and norm workgroups, AdamW rows), and no reduction mixes models. The planted twin changes one model's batch and
 * shows that the comparison then fails. Deterministic (seed printed).
 */
import { describe, expect, it } from 'vitest';
import type { EncoderConfig } from '../../../models/encoders/index.js';
import { WgslClipEngine, encoderLayout } from '../../../models/webgpu-engine/index.js';
import { Rng } from '../../../theory/random.js';
import { TEST_SEED } from '../../setup.js';
import { gpu } from './gpu.js';

const ENC: EncoderConfig = { vocab: 4, length: 5, width: 8, layers: 1, heads: 2, mlp: 8, outDim: 3, attention: 'softmax', readout: 'paper' };
const OPTS = { encoder: ENC, rows: 6, loss: 'paper' as const, k: 2, similarity: 'cosine' as const, weightDecay: 1e-2, gradClip: 0.5 };
const M = 3;
const T = ENC.length;

function problem(seed: number) {
  const rng = Rng.fromSeed(seed);
  const P = encoderLayout(ENC).size;
  const params = Array.from({ length: M }, (_, m) => ({ image: new Float32Array(P), text: new Float32Array(P), logit: 1 + m * 0.5 }));
  for (const [m, p] of params.entries()) {
    for (const [w, a] of [['i', p.image], ['t', p.text]] as const) {
      const r = rng.split(`params-${m}-${w}`);
      for (let i = 0; i < a.length; i++) a[i] = 0.5 * r.normal();
    }
  }
  const tokens = (step: number, m: number, w: string) => {
    const r = rng.split(`tokens-${step}-${m}-${w}`);
    return Uint32Array.from({ length: OPTS.rows * T }, () => r.int(ENC.vocab));
  };
  return { params, tokens };
}

async function runBoth(seed: number, plant: boolean) {
  const { params, tokens } = problem(seed);
  const many = WgslClipEngine.create(gpu!, { ...OPTS, models: M });
  const ones = params.map(() => WgslClipEngine.create(gpu!, { ...OPTS, models: 1 }));
  try {
    await many.validate();
    for (const e of ones) await e.validate();
    params.forEach((p, m) => {
      many.setParameters(m, 'image', p.image);
      many.setParameters(m, 'text', p.text);
      many.setLogitScale(m, p.logit);
      ones[m].setParameters(0, 'image', p.image);
      ones[m].setParameters(0, 'text', p.text);
      ones[m].setLogitScale(0, p.logit);
    });
    const mismatches: string[] = [];
    for (let step = 1; step <= 2; step++) {
      const lr = 1e-2 / step;
      const cat = (w: string) => {
        const out = new Uint32Array(M * OPTS.rows * T);
        for (let m = 0; m < M; m++) out.set(tokens(step, m, w), m * OPTS.rows * T);
        return out;
      };
      many.step({ image: cat('i'), text: cat('t') }, lr);
      ones.forEach((e, m) => {
        const im = tokens(step, m, 'i');
        if (plant && m === 1) im[0] = (im[0] + 1) % ENC.vocab;
        e.step({ image: im, text: tokens(step, m, 't') }, lr);
      });
      const s = await many.stats();
      for (let m = 0; m < M; m++) {
        const o = await ones[m].stats();
        if (s.loss[m] !== o.loss[0]) mismatches.push(`step ${step} model ${m} loss ${s.loss[m]} vs ${o.loss[0]}`);
        if (s.gradNorm[m] !== o.gradNorm[0]) mismatches.push(`step ${step} model ${m} gradNorm`);
        for (const w of ['image', 'text'] as const) {
          const a = await many.parameters(m, w);
          const b = await ones[m].parameters(0, w);
          const bad = a.findIndex((v, i) => v !== b[i]);
          if (bad >= 0) mismatches.push(`step ${step} model ${m} ${w} parameter ${bad}: ${a[bad]} vs ${b[bad]}`);
        }
        const la = await many.logitScale(m);
        const lb = await ones[m].logitScale(0);
        if (la.value !== lb.value) mismatches.push(`step ${step} model ${m} logit scale`);
      }
      // the models really differ (so equality is not vacuous)
      expect(new Set(Array.from(s.loss)).size).toBe(M);
    }
    return mismatches;
  } finally {
    many.dispose();
    for (const e of ones) e.dispose();
  }
}

describe.skipIf(!gpu)('WgslClipEngine model axis', () => {
  it(`M = ${M} models in one program = ${M} one-model programs (bit-identical)`, async () => {
    console.log(`[model-axis] seed ${TEST_SEED}`);
    expect(await runBoth(TEST_SEED, false)).toEqual([]);
  });

  it('planted failure: one model given a different token is detected', async () => {
    expect((await runBoth(TEST_SEED, true)).length).toBeGreaterThan(0);
  });
});
