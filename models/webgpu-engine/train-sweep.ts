/// <reference types="@webgpu/types" />
/**
 * `trainSweep`: trains many independent CLIP models (one per configuration, e.g. one per seed or per JGHM flip
 * probability) together on the engine's model axis. Model i is what `new ClipTrainer(models[i], configs[i])`
 * followed by `steps` calls of `trainStep()` computes — same initialisation (the `init` stream), same batches
 * (the `data` stream, online or fixed dataset), the same cosine schedule, clipping and AdamW — up to float32
 * summation order (tested against ClipTrainer).
 *
 * All configurations must share the shape and the optimiser schedule (every field except `seed` and `data`'s
 * contents), and the JGHMs their states and leaf counts; guided training is not supported (refused, naming the
 * field). Evaluation is left to the caller: `parameters` load into a `TransformerEncoder` by part name.
 */
import type { Jghm } from '../../theory/model.js';
import { treeOf } from '../../theory/model.js';
import { Rng } from '../../theory/random.js';
import type { EncoderConfig } from '../encoders/index.js';
import { type ClipBatchSampler, FixedDatasetSampler, LOGIT_SCALE_INIT, OnlineClipSampler, type TrainConfig, cosineLr, resolveTrainConfig } from '../training/index.js';
import type { GpuContext } from './gpu-context.js';
import { initialParameters } from './init.js';
import { unpackParameters } from './layout.js';
import { WgslClipSweep } from './sweep.js';

/** Per-step losses and the final parameters of every model of a sweep. */
export interface SweepResult {
  /** The resolved configurations. */
  configs: TrainConfig[];
  /** CLIP loss per step per model: loss[step][model]. */
  loss: number[][];
  /** Pre-clipping gradient norm per step per model. */
  gradNorm: number[][];
  /** Final parameters per model, by part name (float64 copies of the float32 values). */
  parameters: { image: Map<string, Float64Array>; text: Map<string, Float64Array>; logitScale?: number }[];
  /** Dispatches per step (all programs) and the number of programs. */
  dispatchesPerStep: number;
  programs: number;
}

const SHARED: (keyof TrainConfig)[] = [
  'steps', 'batch', 'k', 'layers', 'width', 'heads', 'mlp', 'outDim', 'attention', 'readout', 'outputProjection', 'embeddingStd',
  'lr', 'lrMin', 'weightDecay', 'gradClip', 'loss', 'similarity',
];

/**
 * Trains `configs.length` models (JGHM `models[i]`, or one JGHM for all) for `configs[0].steps` steps. `onStep`
 * is called after each step with the losses (reading them back costs one wait per step; omit it for speed).
 */
export async function trainSweep(
  ctx: GpuContext,
  models: Jghm | Jghm[],
  configs: Partial<TrainConfig>[],
  onStep?: (step: number, loss: Float32Array) => void,
): Promise<SweepResult> {
  const where = 'trainSweep';
  if (!Array.isArray(configs) || configs.length === 0) throw new RangeError(`${where}: configs must be a non-empty array`);
  const jghms = Array.isArray(models) ? models : configs.map(() => models);
  if (jghms.length !== configs.length) throw new RangeError(`${where}: models has ${jghms.length} entries, configs ${configs.length}`);
  const resolved = configs.map((c, i) => {
    try {
      return resolveTrainConfig(jghms[i], c);
    } catch (e) {
      throw new RangeError(`${where}: configs[${i}]: ${(e as Error).message}`);
    }
  });
  const c0 = resolved[0];
  resolved.forEach((c, i) => {
    for (const f of SHARED) if (c[f] !== c0[f]) throw new RangeError(`${where}: configs[${i}].${f} (${String(c[f])}) differs from configs[0].${f} (${String(c0[f])}); a sweep shares it`);
    if (c.guidedWeight > 0) throw new RangeError(`${where}: configs[${i}].guidedWeight: guided training is not supported by the engine`);
    if (c.data.kind !== c0.data.kind) throw new RangeError(`${where}: configs[${i}].data.kind differs from configs[0]`);
  });
  const T = treeOf(jghms[0], 'image').leaves;
  jghms.forEach((m, i) => {
    if (m.states !== jghms[0].states) throw new RangeError(`${where}: models[${i}].states differs from models[0]`);
    for (const w of ['image', 'text'] as const) {
      if (treeOf(m, w).leaves !== T) throw new RangeError(`${where}: models[${i}]: the engine needs ${T} leaves in both trees of every model, got ${treeOf(m, w).leaves} (${w})`);
    }
  });
  const encoder: EncoderConfig = {
    vocab: jghms[0].states, length: T, width: c0.width, layers: c0.layers, heads: c0.heads, mlp: c0.mlp, outDim: c0.outDim,
    attention: c0.attention, readout: c0.readout, outputProjection: c0.outputProjection, embeddingStd: c0.embeddingStd,
  };
  const M = resolved.length;
  const rows = c0.loss === 'paper' ? c0.batch * (c0.k + 1) : 2 * c0.batch;
  const sweep = new WgslClipSweep(ctx, { encoder, rows, loss: c0.loss, k: c0.k, similarity: c0.similarity, models: M, weightDecay: c0.weightDecay, gradClip: c0.gradClip });
  try {
    await sweep.validate();
    const samplers: ClipBatchSampler[] = resolved.map((c, i) => {
      const root = Rng.fromSeed(c.seed);
      const init = root.split('init');
      sweep.setParameters(i, 'image', initialParameters(encoder, init.split('image')));
      sweep.setParameters(i, 'text', initialParameters(encoder, init.split('text')));
      if (c.similarity === 'cosine') sweep.setLogitScale(i, LOGIT_SCALE_INIT);
      const data = root.split('data');
      return c.data.kind === 'online' ? new OnlineClipSampler(jghms[i], data) : new FixedDatasetSampler(jghms[i], c.data.n, data);
    });
    const loss: number[][] = [];
    const gradNorm: number[][] = [];
    const per = rows * T;
    for (let step = 0; step < c0.steps; step++) {
      const image = new Uint32Array(M * per);
      const text = new Uint32Array(M * per);
      samplers.forEach((s, i) => {
        const b = s.next(c0.batch, c0.loss === 'paper' ? c0.k : 2);
        image.set(b.image.data.subarray(0, per), i * per);
        text.set(b.text.data.subarray(0, per), i * per);
      });
      sweep.step({ image, text }, cosineLr(step, c0.steps, c0.lr, c0.lrMin));
      if (onStep) {
        const s = await sweep.stats();
        loss.push(Array.from(s.loss));
        gradNorm.push(Array.from(s.gradNorm));
        onStep(step + 1, s.loss);
      }
    }
    await sweep.finish();
    const parameters = [];
    for (let i = 0; i < M; i++) {
      const image = unpackParameters(sweep.layout, await sweep.parameters(i, 'image'));
      const text = unpackParameters(sweep.layout, await sweep.parameters(i, 'text'));
      parameters.push({ image, text, ...(c0.similarity === 'cosine' ? { logitScale: (await sweep.logitScale(i)).value } : {}) });
    }
    return { configs: resolved, loss, gradNorm, parameters, dispatchesPerStep: sweep.dispatchesPerStep, programs: sweep.engines.length };
  } finally {
    sweep.dispose();
  }
}
