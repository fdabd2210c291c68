/**
 * CLIP training of two `TransformerEncoder`s (image and text) on a JGHM.
 *
 * - Loss: the paper's K-sample loss (`paperClipLoss`: fresh independent negatives, sum of both directions) or
 *   open_clip's in-batch loss on 2B matched pairs (`inBatchClipLoss`).
 * - Similarity: raw inner product (the paper) or L2-normalised embeddings with a learnable logit scale (open_clip:
 *   initialised at log(1/0.07), clamped to [0, ln 100] after every step, excluded from weight decay).
 * - AdamW (decoupled weight decay), cosine schedule from lr to lrMin over `steps`, gradient clipping by global norm.
 * - Data: online (fresh batches) or a fixed dataset of n pairs (`clip-batches.ts`).
 * - Evaluation: test CLIP loss on a fixed test set next to the exact Bayes loss, paired-gap SE (`evaluation.ts`).
 * - Guided training (theory.md §5.1): penalty weight × (1/rows) Σ_rows Σ_tokens Σ_levels Σ_s (slice − target)², where
 *   for tree level ℓ = L−1−r (r = 0..L−1) the residual stream after block li(r) = round((r+1)·layers/(L+1)) − 1
 *   (clamped to 0..layers−1; = r when layers = L+1, one block per tree level), dims [r·S, (r+1)·S) (or [0, S) when
 *   width < L·S), is pulled toward the exact BP message h of the token's level-ℓ ancestor in the max-shifted log domain
 *   (`training-guided-targets.ts`), for every row of both modalities. The official code uses weight 1e-3.
 * - Determinism: one seed; streams `init` (encoders), `data` (sampler), `test` (test set). Everything the next step
 *   depends on is in `state()` (weights, optimiser, step, sampler RNG state), so restore + continue is bit-identical on
 *   the same backend.
 */
import * as tf from '@tensorflow/tfjs';
import type { Jghm, Modality } from '../../theory/model.js';
import { treeOf } from '../../theory/model.js';
import { Rng } from '../../theory/random.js';
import { TransformerEncoder, type EncoderConfig } from '../encoders/index.js';
import { inBatchClipLoss, paperClipLoss } from './clip-losses.js';
import { AdamW, clipByGlobalNorm, cosineLr } from './optimizer.js';
import { type ClipBatchSampler, type ClipTestSet, FixedDatasetSampler, OnlineClipSampler, leafTokens, makeClipTestSet } from './clip-batches.js';
import { type GapReport, evaluateClip } from './evaluation.js';
import { GuidedTargets } from './guided-targets.js';
import type { TrainerState } from './checkpoint.js';
import { assertOneHotFloat32 } from '../backends/index.js';

/** Full training configuration. */
export interface TrainConfig {
  /** Root seed. */
  seed: number;
  /** Planned number of steps (the cosine horizon). */
  steps: number;
  /** Matched pairs per direction B (the batch encodes B(K+1) sequences per modality). */
  batch: number;
  /** Candidates per anchor K (1 positive, K−1 negatives). */
  k: number;
  /** Encoder depth, width, heads, MLP hidden size, output dimension. */
  layers: number;
  width: number;
  heads: number;
  mlp: number;
  outDim: number;
  attention: 'softmax' | 'relu';
  readout: 'paper' | 'mean';
  /**
   * Attention output projection Wo in every block. false (the default): none, as in the paper's `EncoderTransformer`
   * and the PyTorch baseline (pytorch-baseline.md "Encoders"); true: the usual transformer block.
   */
  outputProjection: boolean;
  /** Std of the token/positional embedding initialisation (1: PyTorch's `nn.Embedding` default, the paper's). */
  embeddingStd: number;
  /** Peak and final learning rates of the cosine schedule. */
  lr: number;
  lrMin: number;
  weightDecay: number;
  /** Max global gradient norm. */
  gradClip: number;
  loss: 'paper' | 'in-batch';
  similarity: 'dot' | 'cosine';
  /** Online data, or a fixed dataset of n pairs. */
  data: { kind: 'online' } | { kind: 'fixed'; n: number };
  /** Evaluate every this many steps (0: only at the end). */
  evalEvery: number;
  /** Test pairs. */
  testPairs: number;
  /** Guided training weight (0: off). */
  guidedWeight: number;
}

/** Defaults: the paper's optimiser settings (pytorch-baseline.md) on a small encoder. */
export const DEFAULT_TRAIN_CONFIG: Omit<TrainConfig, 'mlp' | 'outDim'> & { mlp?: number; outDim?: number } = {
  seed: 224,
  steps: 1000,
  batch: 128,
  k: 4,
  layers: 4,
  width: 32,
  heads: 1,
  attention: 'softmax',
  readout: 'paper',
  outputProjection: false,
  embeddingStd: 1,
  lr: 1e-3,
  lrMin: 1e-5,
  weightDecay: 1e-3,
  gradClip: 1,
  loss: 'paper',
  similarity: 'dot',
  data: { kind: 'online' },
  evalEvery: 0,
  testPairs: 2000,
  guidedWeight: 0,
};

/** Fills defaults (mlp = 4·width, outDim = S) and validates; throws a RangeError naming the field. */
export function resolveTrainConfig(model: Jghm, partial: Partial<TrainConfig>): TrainConfig {
  const c = { ...DEFAULT_TRAIN_CONFIG, ...partial } as TrainConfig;
  c.mlp = partial.mlp ?? 4 * c.width;
  c.outDim = partial.outDim ?? model.states;
  const int = (f: keyof TrainConfig, min: number) => {
    const v = c[f] as unknown;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw new RangeError(`TrainConfig.${f} must be an integer ≥ ${min}, got ${String(v)}`);
  };
  const num = (f: keyof TrainConfig, min: number) => {
    const v = c[f] as unknown;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) throw new RangeError(`TrainConfig.${f} must be a finite number ≥ ${min}, got ${String(v)}`);
  };
  int('seed', 0);
  int('steps', 1);
  int('batch', 1);
  int('k', 2);
  int('layers', 1);
  int('width', 1);
  int('heads', 1);
  int('mlp', 1);
  int('outDim', 1);
  int('evalEvery', 0);
  int('testPairs', 2);
  num('lr', 0);
  num('lrMin', 0);
  num('weightDecay', 0);
  num('gradClip', 0);
  num('guidedWeight', 0);
  num('embeddingStd', 0);
  if (!(c.embeddingStd > 0)) throw new RangeError(`TrainConfig.embeddingStd must be > 0, got ${c.embeddingStd}`);
  if (!(c.gradClip > 0)) throw new RangeError(`TrainConfig.gradClip must be > 0, got ${c.gradClip}`);
  if (c.lrMin > c.lr) throw new RangeError(`TrainConfig.lrMin (${c.lrMin}) must be ≤ lr (${c.lr})`);
  if (c.width % c.heads !== 0) throw new RangeError(`TrainConfig.heads (${c.heads}) must divide width (${c.width})`);
  if (c.testPairs < c.k) throw new RangeError(`TrainConfig.testPairs (${c.testPairs}) must be ≥ k (${c.k})`);
  if (c.loss !== 'paper' && c.loss !== 'in-batch') throw new RangeError(`TrainConfig.loss must be 'paper' or 'in-batch', got ${String(c.loss)}`);
  if (c.similarity !== 'dot' && c.similarity !== 'cosine') throw new RangeError(`TrainConfig.similarity must be 'dot' or 'cosine', got ${String(c.similarity)}`);
  if (c.attention !== 'softmax' && c.attention !== 'relu') throw new RangeError(`TrainConfig.attention must be 'softmax' or 'relu', got ${String(c.attention)}`);
  if (c.readout !== 'paper' && c.readout !== 'mean') throw new RangeError(`TrainConfig.readout must be 'paper' or 'mean', got ${String(c.readout)}`);
  if (typeof c.outputProjection !== 'boolean') throw new RangeError(`TrainConfig.outputProjection must be a boolean, got ${String(c.outputProjection)}`);
  if (!c.data || (c.data.kind !== 'online' && !(c.data.kind === 'fixed' && Number.isSafeInteger(c.data.n) && c.data.n >= 2))) {
    throw new RangeError(`TrainConfig.data must be {kind:'online'} or {kind:'fixed', n ≥ 2}, got ${JSON.stringify(c.data)}`);
  }
  return c;
}

/** Metrics of one training step. */
export interface StepMetrics {
  step: number;
  /** Total objective (CLIP loss + guided penalty). */
  loss: number;
  clipLoss: number;
  guidedPenalty?: number;
  /** Pre-clipping global gradient norm. */
  gradNorm: number;
  lr: number;
  logitScale?: number;
  /** Wall time of the step in ms. */
  ms: number;
}

/** Metrics of one evaluation. */
export interface EvalMetrics extends GapReport {
  step: number;
  /** Wall time of the evaluation in ms. */
  ms: number;
}

/** open_clip's initial logit scale log(1/0.07) and its clamp ln 100. */
export const LOGIT_SCALE_INIT = Math.log(1 / 0.07);
export const LOGIT_SCALE_MAX = Math.log(100);

interface GuidedPlan {
  targets: GuidedTargets;
  /** (layer index, slice offset) for r = 0..L−1. */
  slots: { layer: number; offset: number }[];
}

/** The trainer: two encoders, optimiser, sampler and test set; one `trainStep()` per step. */
export class ClipTrainer {
  readonly config: TrainConfig;
  readonly model: Jghm;
  readonly image: TransformerEncoder;
  readonly text: TransformerEncoder;
  readonly logitScale?: tf.Variable;
  readonly optimizer: AdamW;
  readonly sampler: ClipBatchSampler;
  private readonly variables: tf.Variable[];
  private readonly guided?: Record<Modality, GuidedPlan>;
  private testSet?: ClipTestSet;
  private steps = 0;

  constructor(model: Jghm, config: Partial<TrainConfig>) {
    this.model = model;
    this.config = resolveTrainConfig(model, config);
    assertOneHotFloat32('ClipTrainer');
    const c = this.config;
    const root = Rng.fromSeed(c.seed);
    const init = root.split('init');
    const enc = (modality: Modality): EncoderConfig => ({
      vocab: model.states,
      length: treeOf(model, modality).leaves,
      width: c.width,
      layers: c.layers,
      heads: c.heads,
      mlp: c.mlp,
      outDim: c.outDim,
      attention: c.attention,
      readout: c.readout,
      outputProjection: c.outputProjection,
      embeddingStd: c.embeddingStd,
    });
    this.image = new TransformerEncoder(enc('image'), init.split('image'), 'img');
    this.text = new TransformerEncoder(enc('text'), init.split('text'), 'txt');
    this.variables = [...this.image.variables, ...this.text.variables];
    if (c.similarity === 'cosine') {
      this.logitScale = tf.tidy(() => tf.variable(tf.scalar(LOGIT_SCALE_INIT), true, 'logit_scale'));
      this.variables.push(this.logitScale);
    }
    this.optimizer = new AdamW(this.variables, { lr: c.lr, weightDecay: c.weightDecay, decay: (name) => name !== 'logit_scale' });
    const data = root.split('data');
    this.sampler = c.data.kind === 'online' ? new OnlineClipSampler(model, data) : new FixedDatasetSampler(model, c.data.n, data);
    if (c.guidedWeight > 0) {
      const plan = (modality: Modality): GuidedPlan => {
        const targets = new GuidedTargets(model, modality);
        const L = targets.depth;
        const slots = [];
        for (let r = 0; r < L; r++) {
          const layer = Math.min(c.layers - 1, Math.max(0, Math.round(((r + 1) * c.layers) / (L + 1)) - 1));
          slots.push({ layer, offset: c.width >= L * model.states ? r * model.states : 0 });
        }
        if (c.width < model.states) throw new RangeError(`TrainConfig.width (${c.width}) must be ≥ states (${model.states}) for guided training`);
        return { targets, slots };
      };
      this.guided = { image: plan('image'), text: plan('text') };
    }
  }

  /** Steps completed. */
  get step(): number {
    return this.steps;
  }

  /** The fixed test set (built on first use from the `test` stream). */
  get test(): ClipTestSet {
    this.testSet ??= makeClipTestSet(this.model, this.config.testPairs, this.config.k, Rng.fromSeed(this.config.seed).split('test'));
    return this.testSet;
  }

  /** Learning rate of the next step. */
  get currentLr(): number {
    return cosineLr(this.steps, this.config.steps, this.config.lr, this.config.lrMin);
  }

  /** One optimisation step. */
  trainStep(): StepMetrics {
    const t0 = performance.now();
    const c = this.config;
    const batch = this.sampler.next(c.batch, c.loss === 'paper' ? c.k : 2);
    let tok = { image: leafTokens(batch.image), text: leafTokens(batch.text) };
    if (c.loss === 'in-batch') {
      const rows = 2 * c.batch;
      const sliced = { image: tf.slice(tok.image, [0, 0], [rows, -1]) as tf.Tensor2D, text: tf.slice(tok.text, [0, 0], [rows, -1]) as tf.Tensor2D };
      tok.image.dispose();
      tok.text.dispose();
      tok = sliced;
    }
    const targets: Partial<Record<Modality, tf.Tensor>> = {};
    if (this.guided) {
      for (const modality of ['image', 'text'] as const) {
        const g = this.guided[modality];
        const leaves = modality === 'image' ? batch.image : batch.text;
        const rows = tok[modality].shape[0];
        const used = { n: rows, leaves: leaves.leaves, data: leaves.data.subarray(0, rows * leaves.leaves) };
        targets[modality] = tf.tensor4d(g.targets.compute(used), [rows, leaves.leaves, g.targets.depth, this.model.states]);
      }
    }
    const kept: tf.Tensor[] = [];
    let clipT: tf.Tensor | undefined;
    let penT: tf.Tensor | undefined;
    const lossFn = (): tf.Scalar => {
      const penalties: tf.Scalar[] = [];
      const embed = (modality: Modality) => {
        const encoder = modality === 'image' ? this.image : this.text;
        if (!this.guided) return encoder.apply(tok[modality]);
        const { out, hidden } = encoder.applyWithHidden(tok[modality]);
        const g = this.guided[modality];
        const S = this.model.states;
        const target = targets[modality]!;
        const [rows, T] = tok[modality].shape;
        const terms = g.slots.map(({ layer, offset }, r) => {
          const slice = tf.slice(hidden[layer], [0, 0, offset], [rows, T, S]);
          const tr = tf.reshape(tf.slice(target, [0, 0, r, 0], [rows, T, 1, S]), [rows, T, S]);
          return tf.sum(tf.square(tf.sub(slice, tr)));
        });
        penalties.push(tf.div(tf.addN(terms), rows) as tf.Scalar);
        kept.push(...hidden);
        return out;
      };
      const im = embed('image');
      const tx = embed('text');
      const scale = this.logitScale as tf.Scalar | undefined;
      const clip = c.loss === 'paper' ? paperClipLoss(im, tx, c.k, scale) : inBatchClipLoss(im, tx, scale);
      clipT = tf.keep(clip);
      kept.push(clipT);
      if (penalties.length === 0) return clip;
      const pen = tf.addN(penalties) as tf.Scalar;
      penT = tf.keep(pen);
      kept.push(penT);
      return tf.add(clip, tf.mul(pen, c.guidedWeight)) as tf.Scalar;
    };
    const { value, grads } = tf.variableGrads(lossFn, this.variables);
    const { grads: clipped, norm } = clipByGlobalNorm(grads, c.gradClip);
    const lr = this.currentLr;
    this.optimizer.step(clipped, lr);
    if (this.logitScale) {
      const ls = this.logitScale;
      tf.tidy(() => ls.assign(tf.clipByValue(ls, 0, LOGIT_SCALE_MAX)));
    }
    const loss = (value.dataSync() as Float32Array)[0];
    const clipLoss = (clipT!.dataSync() as Float32Array)[0];
    const guidedPenalty = penT ? (penT.dataSync() as Float32Array)[0] : undefined;
    value.dispose();
    for (const g of Object.values(grads)) g.dispose();
    for (const g of Object.values(clipped)) g.dispose();
    for (const t of kept) t.dispose();
    for (const t of Object.values(targets)) t?.dispose();
    tok.image.dispose();
    tok.text.dispose();
    this.steps += 1;
    const m: StepMetrics = { step: this.steps, loss, clipLoss, gradNorm: norm, lr, ms: performance.now() - t0 };
    if (guidedPenalty !== undefined) m.guidedPenalty = guidedPenalty;
    if (this.logitScale) m.logitScale = (this.logitScale.dataSync() as Float32Array)[0];
    return m;
  }

  /** Test CLIP loss next to the Bayes loss on the fixed test set (paired gap). */
  evaluate(): EvalMetrics {
    const t0 = performance.now();
    const test = this.test;
    const similarity =
      this.config.similarity === 'dot' ? ({ kind: 'dot' } as const) : ({ kind: 'cosine', logitScale: (this.logitScale!.dataSync() as Float32Array)[0] } as const);
    const report = evaluateClip(this.image, this.text, test, similarity);
    return { step: this.steps, ...report, ms: performance.now() - t0 };
  }

  /** Everything needed to continue exactly (copies). */
  state(meta?: Record<string, unknown>): TrainerState {
    return {
      step: this.steps,
      variables: this.variables.map((v) => ({ name: v.name, shape: [...v.shape], data: Float32Array.from(v.dataSync() as Float32Array) })),
      optimizer: this.optimizer.getState(),
      samplerState: this.sampler.getState(),
      ...(meta ? { meta } : {}),
    };
  }

  /** Restores a `state()` (same configuration). */
  restore(state: TrainerState): void {
    const byName = new Map(state.variables.map((v) => [v.name, v]));
    for (const v of this.variables) {
      const s = byName.get(v.name);
      if (!s) throw new RangeError(`ClipTrainer.restore: the saved state has no variable '${v.name}' (different configuration?)`);
      if (s.data.length !== v.size) throw new RangeError(`ClipTrainer.restore: variable '${v.name}' has ${s.data.length} values, expected ${v.size}`);
      tf.tidy(() => v.assign(tf.tensor(s.data, v.shape, 'float32')));
    }
    if (byName.size !== this.variables.length) throw new RangeError(`ClipTrainer.restore: the saved state has ${byName.size} variables, expected ${this.variables.length}`);
    this.optimizer.setState(state.optimizer);
    this.sampler.setState(state.samplerState);
    this.steps = state.step;
  }

  /** Frees all tensors. */
  dispose(): void {
    this.optimizer.dispose();
    this.image.dispose();
    this.text.dispose();
    this.logitScale?.dispose();
  }
}

/** Callbacks and limits of `runTraining`. */
export interface RunOptions {
  /** Called after every step. */
  onStep?: (m: StepMetrics) => void;
  /** Called after every evaluation. */
  onEval?: (m: EvalMetrics) => void;
  /** Checked before every step; return true to stop early (e.g. after SIGINT). */
  shouldStop?: () => boolean;
  /** Stop after this step (default config.steps). */
  untilStep?: number;
  /** Yield to the event loop every step (lets signal handlers run); default true. */
  yieldEveryStep?: boolean;
}

/**
 * Runs steps until `untilStep` (default `config.steps`) or `shouldStop()`, evaluating every `evalEvery` steps and at
 * the last planned step. Resolves to 'done' or 'stopped'.
 */
export async function runTraining(trainer: ClipTrainer, opts: RunOptions = {}): Promise<'done' | 'stopped'> {
  const until = opts.untilStep ?? trainer.config.steps;
  const every = trainer.config.evalEvery;
  while (trainer.step < until) {
    if (opts.shouldStop?.()) return 'stopped';
    const m = trainer.trainStep();
    opts.onStep?.(m);
    if ((every > 0 && trainer.step % every === 0) || trainer.step === trainer.config.steps) opts.onEval?.(trainer.evaluate());
    if (opts.yieldEveryStep ?? true) await new Promise((r) => setImmediate(r));
  }
  return 'done';
}
