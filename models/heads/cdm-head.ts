/**
 * CDM head (theory.md §3.2): a mixture denoiser over the image configurations x conditioned on a frozen text feature e,
 *   m(z, e) = Σ_x v_x · softmax_x(a_x · [e; 1] − ‖z − v_x‖² / (2σ²)),
 * with v_x the leaf values of x (z = v_x + σ·g). The Bayes denoiser E[x | z, y] has exactly this form with
 * a_x · [e; 1] = log p(x | y); with e = g(y) and a_x = [f(x); log p(x)] it is the denoiser of the CLIP text-anchor law
 * q_S(x | y) ∝ p(x) e^{⟨f(x), g(y)⟩}. Trained on the empirical denoising MSE of n sampled (x, y, z) triples plus a ridge
 * λ‖a‖² on the non-bias weights, by full-batch Adam; evaluated on the population by exact enumeration over (x, y) and
 * Monte Carlo over z (r draws per pair, common to all heads of one model: `cdmEvalSet`).
 */
import { type ExactTables, jointTable } from '../../theory/exact-tables.js';
import type { Rng } from '../../theory/random.js';
import { adamMinimise } from './adam.js';
import type { HeadFeatures } from './features.js';
import type { CdmTriples } from './joint-sample.js';

/** Fitted CDM head: weights a [nx × cols]. */
export interface CdmHead {
  readonly nx: number;
  readonly cols: number;
  readonly weights: Float64Array;
}

/** Optimiser settings of the CDM head. */
export interface CdmHeadSettings {
  readonly steps: number;
  readonly lr: number;
  readonly ridge: number;
  readonly sigma: number;
}

/** Logit table L[y, x] = a_x · [e_y; 1], [rows × nx]. */
function logitTable(w: Float64Array, nx: number, f: HeadFeatures): Float64Array {
  const cols = f.cols;
  const L = new Float64Array(f.rows * nx);
  for (let y = 0; y < f.rows; y++) {
    for (let x = 0; x < nx; x++) {
      let a = 0;
      for (let j = 0; j < cols; j++) a += w[x * cols + j] * f.data[y * cols + j];
      L[y * nx + x] = a;
    }
  }
  return L;
}

/** Softmax-weighted mean of the leaf values for logits ℓ_x = base[x] + dist[x]; weights written into `w`, mean into `m`. */
function mixtureMean(base: Float64Array, bOff: number, dist: Float64Array, dOff: number, vals: ArrayLike<number>, T: number, w: Float64Array, m: Float64Array): void {
  const nx = w.length;
  let mx = -Infinity;
  for (let x = 0; x < nx; x++) {
    const l = base[bOff + x] + dist[dOff + x];
    w[x] = l;
    if (l > mx) mx = l;
  }
  let z = 0;
  for (let x = 0; x < nx; x++) z += w[x] = Math.exp(w[x] - mx);
  m.fill(0);
  for (let x = 0; x < nx; x++) {
    const p = (w[x] /= z);
    for (let l = 0; l < T; l++) m[l] += p * vals[x * T + l];
  }
}

/** −‖z_i − v_x‖²/(2σ²) for every sample and configuration, [count × nx]. */
function distanceTerms(z: Float64Array, count: number, vals: ArrayLike<number>, nx: number, T: number, sigma: number): Float64Array {
  const D = new Float64Array(count * nx);
  const c = 1 / (2 * sigma * sigma);
  for (let i = 0; i < count; i++) {
    for (let x = 0; x < nx; x++) {
      let s = 0;
      for (let l = 0; l < T; l++) s += (z[i * T + l] - vals[x * T + l]) ** 2;
      D[i * nx + x] = -c * s;
    }
  }
  return D;
}

/** Row-wise exp(a[r, x] − max_x a[r, x]), [rows × nx]. */
function expRows(a: Float64Array, nx: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let o = 0; o < a.length; o += nx) {
    let m = -Infinity;
    for (let x = 0; x < nx; x++) if (a[o + x] > m) m = a[o + x];
    for (let x = 0; x < nx; x++) out[o + x] = Math.exp(a[o + x] - m);
  }
  return out;
}

/**
 * Fast mixture mean: the softmax of base + dist as the normalised product of the row-wise exponentials `eb`, `ed`
 * (no exp per sample). Falls back to the log-sum-exp path (`mixtureMean`) when the product underflows.
 */
function mixtureMeanFast(eb: Float64Array, base: Float64Array, bOff: number, ed: Float64Array, dist: Float64Array, dOff: number, vals: ArrayLike<number>, T: number, w: Float64Array, m: Float64Array): void {
  const nx = w.length;
  let z = 0;
  for (let x = 0; x < nx; x++) z += w[x] = eb[bOff + x] * ed[dOff + x];
  if (!(z > 1e-250)) {
    mixtureMean(base, bOff, dist, dOff, vals, T, w, m);
    return;
  }
  m.fill(0);
  for (let x = 0; x < nx; x++) {
    const p = (w[x] /= z);
    for (let l = 0; l < T; l++) m[l] += p * vals[x * T + l];
  }
}

/** Shared data of one fit: leaf values, text features, triples, their distance terms and row-wise exponentials. */
export interface CdmFitData {
  readonly vals: ArrayLike<number>;
  readonly nx: number;
  readonly T: number;
  readonly f: HeadFeatures;
  readonly triples: CdmTriples;
  readonly dist: Float64Array;
  readonly expDist: Float64Array;
}

/** Precomputes the distance terms of the triples (reusable across heads fitted on the same sample). */
export function cdmFitData(vals: ArrayLike<number>, nx: number, f: HeadFeatures, triples: CdmTriples, sigma: number): CdmFitData {
  const T = vals.length / nx;
  const dist = distanceTerms(triples.z, triples.n, vals, nx, T, sigma);
  return { vals, nx, T, f, triples, dist, expDist: expRows(dist, nx) };
}

/**
 * Empirical objective (1/n) Σ_i ‖v_{x_i} − m(z_i, e_{y_i})‖² + λ Σ_{x, j < d} a_{x j}², gradient into `grad` (the fast
 * path; its slow twin is the finite-difference test).
 */
export function cdmObjective(weights: Float64Array, grad: Float64Array, d: CdmFitData, ridge: number): number {
  const { vals, nx, T, f, triples, dist, expDist } = d;
  const cols = f.cols;
  const L = logitTable(weights, nx, f);
  const eL = expRows(L, nx);
  const G = new Float64Array(f.rows * nx);
  const w = new Float64Array(nx);
  const m = new Float64Array(T);
  const r = new Float64Array(T);
  const n = triples.n;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const y = triples.y[i];
    const xi = triples.x[i];
    mixtureMeanFast(eL, L, y * nx, expDist, dist, i * nx, vals, T, w, m);
    let rm = 0;
    for (let l = 0; l < T; l++) {
      r[l] = vals[xi * T + l] - m[l];
      loss += r[l] * r[l];
      rm += r[l] * m[l];
    }
    for (let x = 0; x < nx; x++) {
      let rv = 0;
      for (let l = 0; l < T; l++) rv += r[l] * vals[x * T + l];
      G[y * nx + x] += (-2 / n) * w[x] * (rv - rm);
    }
  }
  loss /= n;
  grad.fill(0);
  for (let y = 0; y < f.rows; y++) {
    for (let x = 0; x < nx; x++) {
      const g = G[y * nx + x];
      if (g === 0) continue;
      for (let j = 0; j < cols; j++) grad[x * cols + j] += g * f.data[y * cols + j];
    }
  }
  for (let x = 0; x < nx; x++) {
    for (let j = 0; j < cols - 1; j++) {
      const a = weights[x * cols + j];
      loss += ridge * a * a;
      grad[x * cols + j] += 2 * ridge * a;
    }
  }
  return loss;
}

/** Fits the CDM head from zero feature weights and biases log of the (add-½ smoothed) empirical image marginal. */
export function fitCdmHead(d: CdmFitData, s: CdmHeadSettings): CdmHead {
  const { nx, f, triples } = d;
  const cols = f.cols;
  const weights = new Float64Array(nx * cols);
  const cx = new Float64Array(nx);
  for (let i = 0; i < triples.n; i++) cx[triples.x[i]]++;
  for (let x = 0; x < nx; x++) weights[x * cols + cols - 1] = Math.log((cx[x] + 0.5) / (triples.n + 0.5 * nx));
  adamMinimise(weights, (a, g) => cdmObjective(a, g, d, s.ridge), { steps: s.steps, lr: s.lr });
  return { nx, cols, weights };
}

/**
 * The population evaluation set of one model: every (x, y) pair with p(x, y) > 0 and `draws` noise draws z for each
 * (stratified Monte Carlo over z, exact over x and y), with the Bayes denoiser m(z, y) = E[x | z, y] at each.
 */
export interface CdmEvalSet {
  readonly pairs: number;
  readonly draws: number;
  /** p(x, y) of each pair. */
  readonly weight: Float64Array;
  readonly y: Int32Array;
  /** Distance terms [pairs·draws × nx]. */
  readonly dist: Float64Array;
  /** Bayes means [pairs·draws × T]. */
  readonly bayes: Float64Array;
  /** ‖v_x − m(z, y)‖² per draw (the Bayes denoising error). */
  readonly bayesSq: Float64Array;
  readonly nx: number;
  readonly T: number;
  readonly vals: ArrayLike<number>;
}

/** Builds the evaluation set at noise σ with `draws` z per (x, y) pair. */
export function cdmEvalSet(t: ExactTables, vals: ArrayLike<number>, sigma: number, draws: number, rng: Rng): CdmEvalSet {
  const J = jointTable(t);
  const nx = t.nx;
  const T = vals.length / nx;
  const idx: number[] = [];
  for (let c = 0; c < J.length; c++) if (J[c] > 0) idx.push(c);
  const pairs = idx.length;
  const weight = Float64Array.from(idx, (c) => J[c]);
  const y = Int32Array.from(idx, (c) => c % t.ny);
  const z = new Float64Array(pairs * draws * T);
  for (let k = 0; k < pairs; k++) {
    const x = Math.floor(idx[k] / t.ny);
    for (let r = 0; r < draws; r++) for (let l = 0; l < T; l++) z[(k * draws + r) * T + l] = vals[x * T + l] + sigma * rng.normal();
  }
  const dist = distanceTerms(z, pairs * draws, vals, nx, T, sigma);
  const logPost = new Float64Array(t.ny * nx); // log p(x | y)
  for (let yy = 0; yy < t.ny; yy++) for (let x = 0; x < nx; x++) logPost[yy * nx + x] = Math.log(J[x * t.ny + yy] / t.py[yy]);
  const bayes = new Float64Array(pairs * draws * T);
  const bayesSq = new Float64Array(pairs * draws);
  const w = new Float64Array(nx);
  const m = new Float64Array(T);
  for (let k = 0; k < pairs; k++) {
    const x = Math.floor(idx[k] / t.ny);
    for (let r = 0; r < draws; r++) {
      const i = k * draws + r;
      mixtureMean(logPost, y[k] * nx, dist, i * nx, vals, T, w, m);
      bayes.set(m, i * T);
      let s = 0;
      for (let l = 0; l < T; l++) s += (vals[x * T + l] - m[l]) ** 2;
      bayesSq[i] = s;
    }
  }
  return { pairs, draws, weight, y, dist, bayes, bayesSq, nx, T, vals };
}

/** ‖m(z, y) − m_head(z, e_y)‖² at every draw of the evaluation set, [pairs·draws]. */
export function cdmHeadGaps(set: CdmEvalSet, head: CdmHead, f: HeadFeatures): Float64Array {
  if (head.nx !== set.nx || head.cols !== f.cols) throw new RangeError('cdmHeadGaps: head, features and evaluation set disagree');
  const { nx, T } = set;
  const L = logitTable(head.weights, nx, f);
  const out = new Float64Array(set.pairs * set.draws);
  const w = new Float64Array(nx);
  const m = new Float64Array(T);
  for (let k = 0; k < set.pairs; k++) {
    for (let r = 0; r < set.draws; r++) {
      const i = k * set.draws + r;
      mixtureMean(L, set.y[k] * nx, set.dist, i * nx, set.vals, T, w, m);
      let s = 0;
      for (let l = 0; l < T; l++) s += (m[l] - set.bayes[i * T + l]) ** 2;
      out[i] = s;
    }
  }
  return out;
}

/**
 * Stratified estimate Σ_k p_k · mean_r v[k, r] of a per-draw quantity and its standard error
 * √(Σ_k p_k² s_k² / r) (s_k² the within-pair sample variance; needs r ≥ 2).
 */
export function stratifiedMean(set: CdmEvalSet, v: Float64Array): { mean: number; se: number } {
  const r = set.draws;
  if (r < 2) throw new RangeError('stratifiedMean: needs at least 2 draws per pair');
  let mean = 0;
  let varSum = 0;
  for (let k = 0; k < set.pairs; k++) {
    let a = 0;
    for (let j = 0; j < r; j++) a += v[k * r + j];
    a /= r;
    let s2 = 0;
    for (let j = 0; j < r; j++) s2 += (v[k * r + j] - a) ** 2;
    s2 /= r - 1;
    mean += set.weight[k] * a;
    varSum += (set.weight[k] * set.weight[k] * s2) / r;
  }
  return { mean, se: Math.sqrt(varSum) };
}
