/**
 * The BP-constructed transformer (theory.md §5.2, §10.1 item 18): a transformer whose weights are set ANALYTICALLY
 * from one tree of a JGHM so that its forward pass (tfjs, float32) outputs the root log-posterior log p(x_r | leaves).
 * The error analysis and the explicit bound are in `bp-transformer-bound.ts` (`planBpTransformer`).
 *
 * Building blocks (those of a transformer; no LayerNorm — the construction does not need it):
 * - token embedding: one-hot of the leaf value into the `tok` slot (S dims);
 * - positional embedding: for every level ℓ = 0..L−1 the one-hot of the token's level-ℓ ancestor (`anc_ℓ`, n_ℓ dims,
 *   drives attention), and for ℓ = 1..L the one-hot of the kernel id of the level-ℓ ancestor (`kid_ℓ`, selects the
 *   kernel in the MLP; m_ℓ ids for a translation-invariant tree, n_ℓ for a per-edge one);
 * - L + 1 blocks, residual writes into disjoint message slots (`q_ℓ`, `h_ℓ`, `out`, S dims each):
 *   block 0: attention = 0; MLP (exact ReLU layer: hidden (k, v) = ReLU(kid_L[k] + tok[v] − 1) is the indicator
 *     "kernel k and value v") writes the centred leaf message q_L(s) = log K(s, v) − mean_s;
 *   block b = 1..L, level ℓ = L − b: one-head attention with Q = K = anc_ℓ (position-driven; score 1 inside the
 *     token's level-ℓ block, 0 outside), V = m_{ℓ+1}·q_{ℓ+1}, writes h_ℓ = Σ_children q_{ℓ+1} (block average × m);
 *     then for ℓ ≥ 1 the MLP maps (h_ℓ, kid_ℓ) to the centred q_ℓ(s) = log Σ_s' K_ℓ(s,s') e^{h_ℓ(s')}, and at the root
 *     (ℓ = 0) it maps h_0 to out(s) = log ψ_r(s) + h_0(s) − log Σ_s' ψ_r(s') e^{h_0(s')} = log π(s);
 * - readout: mean over tokens of the `out` slot (all tokens hold the same value).
 * The MLPs: `exact` = explicit log-sum-exp "MLP" (linear x[s,s'] = h(s') + log K(s,s'), exp, linear sum, log —
 * evaluated with tfjs logSumExp for stability); `pwl` = ReLU MLP with two hidden layers: piecewise-linear e^x
 * (units clamp((x − x_i)/h, 0, 1) = ReLU(z) − ReLU(z − 1) on a uniform grid, evaluated as the clamp — a ReLU6-type
 * activation — because the ReLU difference cancels in float32 for large z), a linear sum over s', and a
 * piecewise-linear log on a geometric grid; each hidden layer acts entrywise, i.e. it is a dense layer whose weight
 * matrix is block-diagonal (implemented by broadcasting). The root's identity pass-through of h uses the exact ReLU
 * pair ReLU(h) − ReLU(−h). Attention `hard` = ReLU attention with Q scaled by 1/B_ℓ (exact block average), `softmax`
 * = logit gap β.
 */
import * as tf from '@tensorflow/tfjs';
import { type Jghm, type Modality, type TreeModel, treeOf } from '../../theory/model.js';
import { type BpPlan, type BpTransformerOptions, type PwlGrid, layerKernels, planBpTransformer } from './bp-transformer-bound.js';

/** Offsets of the residual-stream slots. */
export interface BpLayout {
  /** Residual width. */
  readonly width: number;
  /** Token one-hot slot offset (S dims). */
  readonly tok: number;
  /** anc[ℓ]: offset of the level-ℓ ancestor one-hot (ℓ = 0..L−1). */
  readonly anc: readonly number[];
  /** kid[ℓ]: offset of the level-ℓ kernel-id one-hot (ℓ = 1..L; index 0 unused). */
  readonly kid: readonly number[];
  /** Number of kernel ids per level (index 0 unused). */
  readonly kidCount: readonly number[];
  /** q[ℓ]: offset of the message from the level-ℓ ancestor to its parent (ℓ = 1..L; index 0 unused). */
  readonly q: readonly number[];
  /** h[ℓ]: offset of the aggregated message of the level-ℓ ancestor (ℓ = 0..L−1). */
  readonly h: readonly number[];
  /** Offset of the output (root log-posterior) slot. */
  readonly out: number;
}

function layoutOf(tree: TreeModel, S: number): BpLayout {
  const L = tree.depth;
  let off = 0;
  const tok = off;
  off += S;
  const anc: number[] = [];
  for (let l = 0; l < L; l++) {
    anc.push(off);
    off += tree.layerSizes[l];
  }
  const kid: number[] = [-1];
  const kidCount: number[] = [0];
  for (let l = 1; l <= L; l++) {
    kid.push(off);
    const count = tree.kernels[l - 1].length / (S * S);
    kidCount.push(count);
    off += count;
  }
  const q: number[] = [-1];
  for (let l = 1; l <= L; l++) {
    q.push(off);
    off += S;
  }
  const h: number[] = [];
  for (let l = 0; l < L; l++) {
    h.push(off);
    off += S;
  }
  const out = off;
  off += S;
  return { width: off, tok, anc, kid, kidCount, q, h, out };
}

/** Piecewise-linear unit weights of a grid: z_i = x·a_i + b_i, output v_0 + Σ_i Δv_i (ReLU(z_i) − ReLU(z_i − 1)). */
interface PwlWeights {
  scale: tf.Tensor1D;
  bias: tf.Tensor1D;
  dv: tf.Tensor2D;
  v0: number;
}

function pwlWeights(g: PwlGrid): PwlWeights {
  const n = g.knots.length - 1;
  const a = new Float32Array(n);
  const b = new Float32Array(n);
  const dv = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const w = g.knots[i + 1] - g.knots[i];
    a[i] = 1 / w;
    b[i] = -g.knots[i] / w;
    dv[i] = g.values[i + 1] - g.values[i];
  }
  return { scale: tf.tensor1d(a), bias: tf.tensor1d(b), dv: tf.tensor2d(dv, [n, 1]), v0: g.values[0] };
}

/** Applies a pwl function entrywise to x [N, P] → [N, P]. */
function applyPwl(x: tf.Tensor2D, w: PwlWeights): tf.Tensor2D {
  const [N, P] = x.shape;
  const z = tf.add(tf.mul(tf.reshape(x, [N * P, 1]), w.scale), w.bias) as tf.Tensor2D;
  // clamp(z, 0, 1) = ReLU(z) − ReLU(z − 1) = ReLU6(6z)/6; evaluated as a clamp because z − 1 rounds to z in float32
  // once |z| > 2^24 (far-away knots of the geometric grid), which would cancel the unit
  const a = tf.clipByValue(z, 0, 1) as tf.Tensor2D;
  return tf.reshape(tf.add(tf.matMul(a, w.dv), w.v0), [N, P]) as tf.Tensor2D;
}

/** Weights of one level's message MLP. */
interface LevelMlp {
  /** [width, S²]: x[s·S + s'] = h(s') + Σ_k kid_k log K_k(s, s'). */
  wx: tf.Tensor2D;
  /** [S²] bias of x (root: log ψ_r(s')). */
  bx: tf.Tensor1D;
  exp?: PwlWeights;
  log?: PwlWeights;
}

/** Weights of one attention layer. */
interface Attention {
  wq: tf.Tensor2D;
  wk: tf.Tensor2D;
  wv: tf.Tensor2D;
  wo: tf.Tensor2D;
}

function selector(width: number, from: number, count: number, scale = 1): tf.Tensor2D {
  const w = new Float32Array(width * count);
  for (let i = 0; i < count; i++) w[(from + i) * count + i] = scale;
  return tf.tensor2d(w, [width, count]);
}

function writer(width: number, to: number, count: number): tf.Tensor2D {
  const w = new Float32Array(count * width);
  for (let i = 0; i < count; i++) w[i * width + to + i] = 1;
  return tf.tensor2d(w, [count, width]);
}

/**
 * The BP-constructed transformer for one tree of a JGHM. `logPosterior(tokens)` maps int32 leaves [B, T] to the
 * root log-posterior [B, S]; `plan` holds the explicit error bound (`plan.logPosteriorBound`, plus the float32
 * `plan.roundingAllowance`). Call `dispose()` to free the weights.
 */
export class BpTransformer {
  readonly model: Jghm;
  readonly modality: Modality;
  readonly plan: BpPlan;
  readonly layout: BpLayout;
  private readonly tree: TreeModel;
  private readonly tokEmb: tf.Tensor2D;
  private readonly posEmb: tf.Tensor2D;
  private readonly leafW1: tf.Tensor2D;
  private readonly leafB1: tf.Tensor1D;
  private readonly leafW2: tf.Tensor2D;
  /** attention[ℓ] for ℓ = 0..L−1 (block L − ℓ). */
  private readonly attention: Attention[] = [];
  /** mlp[ℓ] for ℓ = 0..L−1 (ℓ = 0 is the root normalisation). */
  private readonly mlp: LevelMlp[] = [];
  /** Centring + write of q_ℓ: [S, width] (ℓ ≥ 1). */
  private readonly qWriter: tf.Tensor2D[] = [];
  private readonly rootHSel: tf.Tensor2D;
  private readonly rootOutWriter: tf.Tensor2D;
  private readonly logPrior: tf.Tensor1D;
  private readonly disposables: tf.Tensor[] = [];
  private disposed = false;

  constructor(model: Jghm, modality: Modality, options: BpTransformerOptions) {
    this.plan = planBpTransformer(model, modality, options);
    this.model = model;
    this.modality = modality;
    const tree = treeOf(model, modality);
    this.tree = tree;
    const S = model.states;
    const L = tree.depth;
    const T = tree.leaves;
    const lay = layoutOf(tree, S);
    this.layout = lay;
    const d = lay.width;
    const keep = <X extends tf.Tensor>(t: X): X => {
      this.disposables.push(t);
      return t;
    };
    // embeddings
    const tokE = new Float32Array(S * d);
    for (let v = 0; v < S; v++) tokE[v * d + lay.tok + v] = 1;
    this.tokEmb = keep(tf.tensor2d(tokE, [S, d]));
    const posE = new Float32Array(T * d);
    for (let t = 0; t < T; t++) {
      for (let l = 0; l < L; l++) posE[t * d + lay.anc[l] + Math.floor(t / (T / tree.layerSizes[l]))] = 1;
      for (let l = 1; l <= L; l++) {
        const node = Math.floor(t / (T / tree.layerSizes[l]));
        posE[t * d + lay.kid[l] + tree.kernelIndex[l - 1][node]] = 1;
      }
    }
    this.posEmb = keep(tf.tensor2d(posE, [T, d]));
    // block 0: the exact leaf MLP
    const kL = lay.kidCount[L];
    const w1 = new Float32Array(d * kL * S);
    const w2 = new Float32Array(kL * S * d);
    const kernelsL = layerKernels(tree, S, L);
    for (let k = 0; k < kL; k++) {
      for (let v = 0; v < S; v++) {
        const unit = k * S + v;
        w1[(lay.kid[L] + k) * kL * S + unit] = 1;
        w1[(lay.tok + v) * kL * S + unit] = 1;
        let mean = 0;
        for (let s = 0; s < S; s++) mean += Math.log(kernelsL[k][s * S + v]) / S;
        for (let s = 0; s < S; s++) w2[unit * d + lay.q[L] + s] = Math.log(kernelsL[k][s * S + v]) - mean;
      }
    }
    this.leafW1 = keep(tf.tensor2d(w1, [d, kL * S]));
    this.leafB1 = keep(tf.fill([kL * S], -1) as tf.Tensor1D);
    this.leafW2 = keep(tf.tensor2d(w2, [kL * S, d]));
    // blocks 1..L
    const att = options.attention;
    for (let l = 0; l < L; l++) {
      const m = tree.branching[l];
      const blockSize = T / tree.layerSizes[l];
      const qScale = att.kind === 'hard' ? 1 / blockSize : att.beta;
      this.attention[l] = {
        wq: keep(selector(d, lay.anc[l], tree.layerSizes[l], qScale)),
        wk: keep(selector(d, lay.anc[l], tree.layerSizes[l])),
        wv: keep(selector(d, lay.q[l + 1], S, m)),
        wo: keep(writer(d, lay.h[l], S)),
      };
      const wx = new Float32Array(d * S * S);
      const bx = new Float32Array(S * S);
      for (let s = 0; s < S; s++) for (let s2 = 0; s2 < S; s2++) wx[(lay.h[l] + s2) * S * S + s * S + s2] = 1;
      if (l >= 1) {
        layerKernels(tree, S, l).forEach((K, k) => {
          for (let s = 0; s < S; s++) for (let s2 = 0; s2 < S; s2++) wx[(lay.kid[l] + k) * S * S + s * S + s2] = Math.log(K[s * S + s2]);
        });
      } else {
        for (let s = 0; s < S; s++) for (let s2 = 0; s2 < S; s2++) bx[s * S + s2] = Math.log(model.rootPrior[s2]);
      }
      const lp = this.plan.levels[l];
      const level: LevelMlp = { wx: keep(tf.tensor2d(wx, [d, S * S])), bx: keep(tf.tensor1d(bx)) };
      if (lp.expGrid && lp.logGrid) {
        level.exp = pwlWeights(lp.expGrid);
        level.log = pwlWeights(lp.logGrid);
        for (const p of [level.exp, level.log]) keep(p.scale), keep(p.bias), keep(p.dv);
      }
      this.mlp[l] = level;
      if (l >= 1) {
        const c = new Float32Array(S * d);
        for (let s = 0; s < S; s++) for (let s2 = 0; s2 < S; s2++) c[s2 * d + lay.q[l] + s] = (s === s2 ? 1 : 0) - 1 / S;
        this.qWriter[l] = keep(tf.tensor2d(c, [S, d]));
      }
    }
    this.rootHSel = keep(selector(d, lay.h[0], S));
    this.rootOutWriter = keep(writer(d, lay.out, S));
    this.logPrior = keep(tf.tensor1d(Float32Array.from(model.rootPrior, (p) => Math.log(p))));
  }

  /** Residual width of the construction. */
  get width(): number {
    return this.layout.width;
  }

  /** Root log-posteriors [B, S] of int32 leaves [B, T]; evaluated in chunks of `chunk` sequences. */
  logPosterior(tokens: tf.Tensor2D, chunk = 128): tf.Tensor2D {
    if (this.disposed) throw new Error('BpTransformer.logPosterior: disposed');
    const T = this.tree.leaves;
    if (tokens.rank !== 2 || tokens.shape[1] !== T) throw new RangeError(`BpTransformer.logPosterior: tokens must have shape [B, ${T}], got [${tokens.shape.join(', ')}]`);
    if (tokens.dtype !== 'int32') throw new RangeError(`BpTransformer.logPosterior: tokens must be int32, got ${tokens.dtype}`);
    const B = tokens.shape[0];
    if (B <= chunk) return this.forward(tokens) as tf.Tensor2D;
    const parts: tf.Tensor2D[] = [];
    for (let start = 0; start < B; start += chunk) {
      const size = Math.min(chunk, B - start);
      const slice = tf.slice(tokens, [start, 0], [size, T]);
      parts.push(this.forward(slice) as tf.Tensor2D);
      slice.dispose();
    }
    const out = tf.concat(parts, 0);
    parts.forEach((p) => p.dispose());
    return out;
  }

  /** Root posteriors [B, S] (exp of `logPosterior`). */
  posterior(tokens: tf.Tensor2D): tf.Tensor2D {
    const lp = this.logPosterior(tokens);
    const p = tf.exp(lp);
    lp.dispose();
    return p as tf.Tensor2D;
  }

  /** Frees the weights. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const t of this.disposables) t.dispose();
  }

  /** The final residual stream [B, T, width] (all message slots filled; for inspection and tests). */
  residual(tokens: tf.Tensor2D): tf.Tensor3D {
    return this.forward(tokens, true) as tf.Tensor3D;
  }

  private forward(tokens: tf.Tensor2D, wantResidual = false): tf.Tensor {
    const S = this.model.states;
    const tree = this.tree;
    const L = tree.depth;
    const T = tree.leaves;
    const B = tokens.shape[0];
    const d = this.layout.width;
    const N = B * T;
    return tf.tidy(() => {
      const ids = tf.reshape(tokens, [N]) as tf.Tensor1D;
      // int32 one-hot then cast: tfjs-backend-wasm 4.22's OneHot ignores dtype 'float32' (writes int32 bit patterns)
      let x = tf.matMul(tf.cast(tf.oneHot(ids, S), 'float32') as tf.Tensor2D, this.tokEmb);
      x = tf.reshape(tf.add(tf.reshape(x, [B, T, d]), this.posEmb), [N, d]) as tf.Tensor2D;
      // block 0: leaf MLP
      x = tf.add(x, tf.matMul(tf.relu(tf.add(tf.matMul(x, this.leafW1), this.leafB1)), this.leafW2));
      for (let l = L - 1; l >= 0; l--) {
        // attention aggregating the children of each level-ℓ node
        const a = this.attention[l];
        const q = tf.reshape(tf.matMul(x, a.wq), [B, T, -1]) as tf.Tensor3D;
        const k = tf.reshape(tf.matMul(x, a.wk), [B, T, -1]) as tf.Tensor3D;
        const v = tf.reshape(tf.matMul(x, a.wv), [B, T, S]) as tf.Tensor3D;
        const scores = tf.matMul(q, k, false, true);
        const weights = this.plan.options.attention.kind === 'hard' ? tf.relu(scores) : tf.softmax(scores);
        const o = tf.reshape(tf.matMul(weights, v), [N, S]) as tf.Tensor2D;
        x = tf.add(x, tf.matMul(o, a.wo));
        // message MLP
        const mlp = this.mlp[l];
        const xs = tf.add(tf.matMul(x, mlp.wx), mlp.bx) as tf.Tensor2D; // [N, S²]
        let lse: tf.Tensor2D;
        if (mlp.exp && mlp.log) {
          const e = tf.reshape(applyPwl(xs, mlp.exp), [N, S, S]);
          lse = applyPwl(tf.sum(e, 2) as tf.Tensor2D, mlp.log);
        } else {
          lse = tf.logSumExp(tf.reshape(xs, [N, S, S]), 2) as tf.Tensor2D;
        }
        if (l >= 1) {
          x = tf.add(x, tf.matMul(lse, this.qWriter[l]));
        } else {
          const h0 = tf.matMul(x, this.rootHSel);
          const pass = tf.sub(tf.relu(h0), tf.relu(tf.neg(h0))); // exact identity as a ReLU pair
          const out = tf.sub(tf.add(pass, this.logPrior), lse);
          x = tf.add(x, tf.matMul(out, this.rootOutWriter));
        }
      }
      if (wantResidual) return tf.reshape(x, [B, T, d]);
      // readout: mean over tokens of the out slot
      const outSlot = tf.slice(tf.reshape(x, [B, T, d]), [0, 0, this.layout.out], [B, T, S]);
      return tf.mean(outSlot, 1) as tf.Tensor2D;
    });
  }
}

/**
 * The Bayes link on log-posteriors (theory.md §4.5): S(x_im, x_tx) = log Σ_s π_im(s) π_tx(s)/ψ_r(s), row-wise for
 * [B, S] inputs → [B]. With exact posteriors this is PMI(x_im, x_tx).
 */
export function bayesLinkSimilarity(logPostIm: tf.Tensor2D, logPostTx: tf.Tensor2D, rootPrior: ArrayLike<number>): tf.Tensor1D {
  return tf.tidy(() => {
    const lp = tf.tensor1d(Float32Array.from(rootPrior as ArrayLike<number>, (p) => Math.log(p)));
    return tf.logSumExp(tf.sub(tf.add(logPostIm, logPostTx), lp), 1) as tf.Tensor1D;
  });
}
