/**
 * The CLIP encoder: a small pre-LayerNorm transformer over integer token sequences (the leaves of a JGHM tree).
 *
 * Architecture (after the official `EncoderTransformer` of the paper's code, references.md A1, with real heads):
 * - token embedding `oneHot(ids) · tok_emb` (tf.gather's gradient is missing on wasm; and wasm's oneHot with a
 *   float32 dtype returns zeros in tfjs 4.22, so the int32 one-hot is cast) + learned positional embedding;
 * - `layers` pre-LN blocks: H += Wo·MHA(LN1(H)); H += W2·GELU(W1·LN2(H) + b1) + b2. Attention has `heads` real
 *   heads of size width/heads; Q/K/V/O projections have no bias (as in the paper's code); with `outputProjection`
 *   false there is no Wo (H += MHA(LN1(H)), the paper's code and the PyTorch baseline); logits are scaled by
 *   1/sqrt(head size); activation `softmax` or `relu` (ReLU attention: relu(logits), no normalisation, as in the
 *   paper's code); `causal` masks future positions;
 * - readout `paper`: per-token linear map to outDim, then a learned linear pooling over the `length` positions
 *   (Linear(T→1) with bias); computed as pool-then-project, which is the same affine map;
 *   readout `mean`: mean over positions, then a linear map to outDim.
 * No final LayerNorm (as in the paper's code). GELU is the tanh approximation (`layers.ts`).
 *
 * Initialisation (PyTorch defaults, drawn from the given `Rng`, one `split(variableName)` stream per variable):
 * embeddings N(0, 1); linear weights and biases U(−1/√fan_in, 1/√fan_in); LayerNorm gamma 1, beta 0.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../theory/random.js';
import { gelu, layerNorm, linear } from './layers.js';

/** Shape and options of one encoder. */
export interface EncoderConfig {
  /** Number of token values (ids are 0..vocab−1). */
  vocab: number;
  /** Sequence length T (number of leaves). */
  length: number;
  /** Residual stream width D. */
  width: number;
  /** Number of transformer blocks. */
  layers: number;
  /** Attention heads; must divide width. */
  heads: number;
  /** MLP hidden size. */
  mlp: number;
  /** Embedding dimension of the output. */
  outDim: number;
  /** Attention activation. */
  attention: 'softmax' | 'relu';
  /** Output readout: the paper's learned pooling over positions, or mean pooling. */
  readout: 'paper' | 'mean';
  /** Mask attention to future positions (default false). */
  causal?: boolean;
  /**
   * Attention output projection Wo (default true, the usual transformer). false: the heads' merged output is added
   * to the residual stream directly, as in the paper's `EncoderTransformer` (pytorch-baseline.md "Encoders").
   */
  outputProjection?: boolean;
  /**
   * Standard deviation of the token and positional embedding initialisation, N(0, embeddingStd²) (default 1: PyTorch's
   * `nn.Embedding` default, as in the paper's `EncoderTransformer`).
   */
  embeddingStd?: number;
}

/** Validates an EncoderConfig; throws a one-line RangeError naming the field. */
export function checkEncoderConfig(config: EncoderConfig, where = 'TransformerEncoder'): void {
  const pos = (field: keyof EncoderConfig) => {
    const v = config[field] as unknown;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) {
      throw new RangeError(`${where}: config.${field} must be a positive integer, got ${String(v)}`);
    }
  };
  for (const f of ['vocab', 'length', 'width', 'layers', 'heads', 'mlp', 'outDim'] as const) pos(f);
  if (config.width % config.heads !== 0) {
    throw new RangeError(`${where}: config.heads (${config.heads}) must divide config.width (${config.width})`);
  }
  if (config.attention !== 'softmax' && config.attention !== 'relu') {
    throw new RangeError(`${where}: config.attention must be 'softmax' or 'relu', got ${String(config.attention)}`);
  }
  if (config.readout !== 'paper' && config.readout !== 'mean') {
    throw new RangeError(`${where}: config.readout must be 'paper' or 'mean', got ${String(config.readout)}`);
  }
  if (config.causal !== undefined && typeof config.causal !== 'boolean') {
    throw new RangeError(`${where}: config.causal must be a boolean, got ${String(config.causal)}`);
  }
  if (config.embeddingStd !== undefined && !(typeof config.embeddingStd === 'number' && Number.isFinite(config.embeddingStd) && config.embeddingStd > 0)) {
    throw new RangeError(`${where}: config.embeddingStd must be a finite number > 0, got ${String(config.embeddingStd)}`);
  }
  if (config.outputProjection !== undefined && typeof config.outputProjection !== 'boolean') {
    throw new RangeError(`${where}: config.outputProjection must be a boolean, got ${String(config.outputProjection)}`);
  }
}

/** Variables of one block, in their stable order. */
interface Block {
  ln1Gamma: tf.Variable;
  ln1Beta: tf.Variable;
  wq: tf.Variable;
  wk: tf.Variable;
  wv: tf.Variable;
  /** Absent when `outputProjection` is false. */
  wo?: tf.Variable;
  ln2Gamma: tf.Variable;
  ln2Beta: tf.Variable;
  w1: tf.Variable;
  b1: tf.Variable;
  w2: tf.Variable;
  b2: tf.Variable;
}

/**
 * A transformer encoder mapping int32 tokens [B, T] to embeddings [B, outDim]. Variables are named
 * `${name}/<part>` (e.g. `img/block0/attn/wq`), unique among live encoders (tfjs requires it), listed in a stable
 * order in `variables`. Call `dispose()` to free them.
 */
export class TransformerEncoder {
  readonly config: EncoderConfig;
  readonly name: string;
  /** All trainable variables, stable order: tok_emb, pos_emb, blocks (ln1, wq, wk, wv, [wo,] ln2, mlp), readout. */
  readonly variables: tf.Variable[] = [];
  private readonly tokEmb: tf.Variable;
  private readonly posEmb: tf.Variable;
  private readonly blocks: Block[] = [];
  private readonly readoutW: tf.Variable;
  private readonly readoutB: tf.Variable;
  private readonly poolW?: tf.Variable;
  private readonly poolB?: tf.Variable;
  /** Constant [T, 1] mean-pooling vector (readout 'mean'). */
  private readonly meanPool?: tf.Tensor2D;
  /** Constant [T, T] causal mask: additive (−1e9 above the diagonal) for softmax, multiplicative (0/1) for relu. */
  private readonly mask?: tf.Tensor2D;
  private disposed = false;

  constructor(config: EncoderConfig, rng: Rng, name: string) {
    checkEncoderConfig(config);
    if (typeof name !== 'string' || name === '') throw new RangeError('TransformerEncoder: name must be a non-empty string');
    this.config = { ...config, causal: config.causal ?? false, outputProjection: config.outputProjection ?? true, embeddingStd: config.embeddingStd ?? 1 };
    this.name = name;
    const { vocab, length: T, width: D, layers, mlp: F, outDim } = this.config;
    const make = (part: string, shape: number[], init: { normal: number } | { uniform: number } | { constant: number }) => {
      const full = `${name}/${part}`;
      const n = shape.reduce((a, b) => a * b, 1);
      const values = new Float32Array(n);
      if ('normal' in init) {
        const r = rng.split(part);
        const sd = init.normal;
        for (let i = 0; i < n; i++) values[i] = sd * r.normal();
      } else if ('uniform' in init) {
        const r = rng.split(part);
        const a = init.uniform;
        for (let i = 0; i < n; i++) values[i] = (2 * r.uniform() - 1) * a;
      } else {
        values.fill(init.constant);
      }
      const v = tf.tidy(() => tf.variable(tf.tensor(values, shape, 'float32'), true, full));
      this.variables.push(v);
      return v;
    };
    const fan = (n: number) => ({ uniform: 1 / Math.sqrt(n) });
    const emb = { normal: this.config.embeddingStd! };
    this.tokEmb = make('tok_emb', [vocab, D], emb);
    this.posEmb = make('pos_emb', [T, D], emb);
    for (let l = 0; l < layers; l++) {
      const p = `block${l}`;
      this.blocks.push({
        ln1Gamma: make(`${p}/ln1/gamma`, [D], { constant: 1 }),
        ln1Beta: make(`${p}/ln1/beta`, [D], { constant: 0 }),
        wq: make(`${p}/attn/wq`, [D, D], fan(D)),
        wk: make(`${p}/attn/wk`, [D, D], fan(D)),
        wv: make(`${p}/attn/wv`, [D, D], fan(D)),
        ...(this.config.outputProjection ? { wo: make(`${p}/attn/wo`, [D, D], fan(D)) } : {}),
        ln2Gamma: make(`${p}/ln2/gamma`, [D], { constant: 1 }),
        ln2Beta: make(`${p}/ln2/beta`, [D], { constant: 0 }),
        w1: make(`${p}/mlp/w1`, [D, F], fan(D)),
        b1: make(`${p}/mlp/b1`, [F], fan(D)),
        w2: make(`${p}/mlp/w2`, [F, D], fan(F)),
        b2: make(`${p}/mlp/b2`, [D], fan(F)),
      });
    }
    this.readoutW = make('readout/w', [D, outDim], fan(D));
    this.readoutB = make('readout/b', [outDim], fan(D));
    if (this.config.readout === 'paper') {
      this.poolW = make('pool/w', [T], fan(T));
      this.poolB = make('pool/b', [1], fan(T));
    } else {
      this.meanPool = tf.fill([T, 1], 1 / T) as tf.Tensor2D;
    }
    if (this.config.causal) {
      const m = new Float32Array(T * T);
      for (let i = 0; i < T; i++) {
        for (let j = 0; j < T; j++) {
          if (this.config.attention === 'softmax') m[i * T + j] = j > i ? -1e9 : 0;
          else m[i * T + j] = j > i ? 0 : 1;
        }
      }
      this.mask = tf.tensor2d(m, [T, T]);
    }
  }

  /** Number of scalar parameters. */
  get parameterCount(): number {
    return this.variables.reduce((s, v) => s + v.size, 0);
  }

  /** Float64 copies of all parameters keyed by part name (variable name without the `${name}/` prefix). */
  parameterMap(): Map<string, Float64Array> {
    const m = new Map<string, Float64Array>();
    for (const v of this.variables) m.set(v.name.slice(this.name.length + 1), Float64Array.from(v.dataSync() as Float32Array));
    return m;
  }

  /** Embeddings [B, outDim] of int32 tokens [B, T]. */
  apply(tokens: tf.Tensor2D): tf.Tensor2D {
    return this.forward(tokens, false).out;
  }

  /** Embeddings plus the residual stream after each block ([B, T, width] each, `layers` of them). */
  applyWithHidden(tokens: tf.Tensor2D): { out: tf.Tensor2D; hidden: tf.Tensor3D[] } {
    return this.forward(tokens, true);
  }

  /** Frees the variables (and constants). The encoder cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const v of this.variables) v.dispose();
    this.meanPool?.dispose();
    this.mask?.dispose();
  }

  private forward(tokens: tf.Tensor2D, keepHidden: boolean): { out: tf.Tensor2D; hidden: tf.Tensor3D[] } {
    if (this.disposed) throw new Error(`TransformerEncoder.apply: encoder '${this.name}' was disposed`);
    const { vocab, length: T, width: D, heads: H, attention } = this.config;
    if (tokens.rank !== 2 || tokens.shape[1] !== T) {
      throw new RangeError(`TransformerEncoder.apply: tokens must have shape [B, ${T}], got [${tokens.shape.join(', ')}]`);
    }
    if (tokens.dtype !== 'int32') throw new RangeError(`TransformerEncoder.apply: tokens must be int32, got ${tokens.dtype}`);
    const B = tokens.shape[0];
    const dh = D / H;
    const hidden: tf.Tensor3D[] = [];
    const out = tf.tidy(() => {
      const ids = tf.reshape(tokens, [B * T]) as tf.Tensor1D;
      // int32 one-hot then cast: the stock wasm OneHot mishandles dtype 'float32' (fixed in models/backends/kernels/, but the
      // cast keeps the encoder correct even where the fix is not installed).
      const x = tf.matMul(tf.cast(tf.oneHot(ids, vocab), 'float32'), this.tokEmb);
      let h = tf.reshape(tf.add(tf.reshape(x, [B, T, D]), this.posEmb), [B * T, D]) as tf.Tensor2D;
      const toHeads = (y: tf.Tensor2D) => tf.reshape(tf.transpose(tf.reshape(y, [B, T, H, dh]), [0, 2, 1, 3]), [B * H, T, dh]) as tf.Tensor3D;
      for (const blk of this.blocks) {
        const a = layerNorm(h, blk.ln1Gamma as tf.Tensor1D, blk.ln1Beta as tf.Tensor1D);
        // Separate projections: a fused a·[Wq|Wk|Wv] was not faster on wasm (the split and concat copies cost
        // what the larger matMul saves; a 5-D head transpose is very slow there).
        const q = toHeads(tf.matMul(a, tf.mul(blk.wq, 1 / Math.sqrt(dh))));
        const k = toHeads(tf.matMul(a, blk.wk));
        const v = toHeads(tf.matMul(a, blk.wv));
        let s: tf.Tensor3D = tf.matMul(q, k, false, true);
        if (attention === 'softmax') {
          if (this.mask) s = tf.add(s, this.mask);
          s = tf.softmax(s);
        } else {
          s = tf.relu(s);
          if (this.mask) s = tf.mul(s, this.mask);
        }
        const o = tf.matMul(s, v);
        const merged = tf.reshape(tf.transpose(tf.reshape(o, [B, H, T, dh]), [0, 2, 1, 3]), [B * T, D]) as tf.Tensor2D;
        h = tf.add(h, blk.wo ? tf.matMul(merged, blk.wo) : merged);
        const c = layerNorm(h, blk.ln2Gamma as tf.Tensor1D, blk.ln2Beta as tf.Tensor1D);
        const m = linear(gelu(linear(c, blk.w1 as tf.Tensor2D, blk.b1 as tf.Tensor1D)), blk.w2 as tf.Tensor2D, blk.b2 as tf.Tensor1D);
        h = tf.add(h, m);
        if (keepHidden) hidden.push(tf.keep(tf.reshape(h, [B, T, D]) as tf.Tensor3D));
      }
      // Pool over positions as a 2-D matMul: [B, T, D] → [B, D, T] → [B·D, T] · [T, 1].
      const poolVec = this.config.readout === 'paper' ? tf.reshape(this.poolW!, [T, 1]) : this.meanPool!;
      const hT = tf.reshape(tf.transpose(tf.reshape(h, [B, T, D]), [0, 2, 1]), [B * D, T]);
      const pooled = tf.reshape(tf.matMul(hT, poolVec), [B, D]) as tf.Tensor2D;
      let y = tf.matMul(pooled, this.readoutW);
      if (this.config.readout === 'paper') {
        // Σ_t w_t (H_t·W + b) + c = (Σ_t w_t H_t)·W + b·Σ_t w_t + c
        y = tf.add(y, tf.add(tf.mul(this.readoutB, tf.sum(this.poolW!)), this.poolB!));
      } else {
        y = tf.add(y, this.readoutB);
      }
      return y as tf.Tensor2D;
    });
    return { out, hidden };
  }
}
