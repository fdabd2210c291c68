/**
 * VLM head (theory.md §3.3): a linear-softmax decoder over all text configurations y of a frozen image feature e,
 *   q(y | e) = softmax_y (w_y · [e; 1]),
 * trained on the empirical log-loss of a finite sample of n pairs (as counts per (x, y)) plus a ridge λ‖w‖² on the
 * non-bias weights, by full-batch Adam; and evaluated EXACTLY on the population: its excess over the Bayes VLM risk
 *   E[−log q(y | e(x))] − H(y | x) = E_x KL(p(y | x) ‖ q(y | e(x))).
 * The CLIP-induced decoder q_S(y | x) ∝ p(y) e^{⟨f(x), g(y)⟩} is in this class for e = f (w_y = [g(y); log p(y)]), so
 * the population-optimal head on f has excess ≤ the image-anchor K = ∞ CLIP excess.
 */
import { type ExactTables, jointTable } from '../../theory/exact-tables.js';
import { adamMinimise } from './adam.js';
import type { HeadFeatures } from './features.js';

/** Fitted VLM head: weights [ny × cols] (cols = feature columns incl. bias). */
export interface VlmHead {
  readonly ny: number;
  readonly cols: number;
  readonly weights: Float64Array;
}

/** Optimiser settings of the VLM head. */
export interface VlmHeadSettings {
  readonly steps: number;
  readonly lr: number;
  /** Ridge λ on the non-bias weights (per pair: the loss is a mean over the n pairs). */
  readonly ridge: number;
}

/** Log q(y | e_r) for every feature row r: [rows × ny]. */
export function vlmLogConditional(head: VlmHead, f: HeadFeatures): Float64Array {
  const { ny, cols, weights: W } = head;
  if (f.cols !== cols) throw new RangeError(`vlm head: ${cols} feature columns expected, got ${f.cols}`);
  const out = new Float64Array(f.rows * ny);
  for (let r = 0; r < f.rows; r++) {
    let m = -Infinity;
    for (let y = 0; y < ny; y++) {
      let a = 0;
      for (let j = 0; j < cols; j++) a += W[y * cols + j] * f.data[r * cols + j];
      out[r * ny + y] = a;
      if (a > m) m = a;
    }
    let z = 0;
    for (let y = 0; y < ny; y++) z += Math.exp(out[r * ny + y] - m);
    const lz = m + Math.log(z);
    for (let y = 0; y < ny; y++) out[r * ny + y] -= lz;
  }
  return out;
}

/**
 * Empirical objective −(1/n) Σ c[x, y] log q(y | e_x) + λ Σ_{y, j < d} w_{y j}², its gradient written into `grad`
 * (the fast path; its slow twin is the finite-difference test).
 */
export function vlmObjective(weights: Float64Array, grad: Float64Array, f: HeadFeatures, counts: Float64Array, ny: number, ridge: number): number {
  const cols = f.cols;
  let n = 0;
  for (let i = 0; i < counts.length; i++) n += counts[i];
  grad.fill(0);
  const logits = new Float64Array(ny);
  let loss = 0;
  for (let x = 0; x < f.rows; x++) {
    let nx = 0;
    for (let y = 0; y < ny; y++) nx += counts[x * ny + y];
    if (nx === 0) continue;
    let m = -Infinity;
    for (let y = 0; y < ny; y++) {
      let a = 0;
      for (let j = 0; j < cols; j++) a += weights[y * cols + j] * f.data[x * cols + j];
      logits[y] = a;
      if (a > m) m = a;
    }
    let z = 0;
    for (let y = 0; y < ny; y++) z += Math.exp(logits[y] - m);
    const lz = m + Math.log(z);
    for (let y = 0; y < ny; y++) {
      const c = counts[x * ny + y];
      if (c > 0) loss -= c * (logits[y] - lz);
      const d = (nx * Math.exp(logits[y] - lz) - c) / n;
      if (d === 0) continue;
      for (let j = 0; j < cols; j++) grad[y * cols + j] += d * f.data[x * cols + j];
    }
  }
  loss /= n;
  for (let y = 0; y < ny; y++) {
    for (let j = 0; j < cols - 1; j++) {
      const w = weights[y * cols + j];
      loss += ridge * w * w;
      grad[y * cols + j] += 2 * ridge * w;
    }
  }
  return loss;
}

/**
 * Fits the VLM head on counts [rows × ny] of sampled pairs, starting from zero feature weights and biases log of the
 * (add-½ smoothed) empirical text marginal.
 */
export function fitVlmHead(f: HeadFeatures, counts: Float64Array, ny: number, s: VlmHeadSettings): VlmHead {
  if (counts.length !== f.rows * ny) throw new RangeError(`fitVlmHead: counts must be ${f.rows} × ${ny}`);
  const cols = f.cols;
  const weights = new Float64Array(ny * cols);
  const my = new Float64Array(ny);
  let n = 0;
  for (let x = 0; x < f.rows; x++) for (let y = 0; y < ny; y++) (my[y] += counts[x * ny + y]), (n += counts[x * ny + y]);
  for (let y = 0; y < ny; y++) weights[y * cols + cols - 1] = Math.log((my[y] + 0.5) / (n + 0.5 * ny));
  adamMinimise(weights, (w, g) => vlmObjective(w, g, f, counts, ny, s.ridge), { steps: s.steps, lr: s.lr });
  return { ny, cols, weights };
}

/** Exact excess over the Bayes VLM risk: Σ_x p(x) KL(p(· | x) ‖ q(· | e_x)), and the Bayes risk H(y | x). */
export function vlmExcess(t: ExactTables, logQ: Float64Array): { excess: number; bayes: number } {
  const J = jointTable(t);
  let excess = 0;
  let bayes = 0;
  for (let x = 0; x < t.nx; x++) {
    if (!(t.px[x] > 0)) continue;
    for (let y = 0; y < t.ny; y++) {
      const j = J[x * t.ny + y];
      if (j === 0) continue;
      const lp = Math.log(j / t.px[x]);
      bayes -= j * lp;
      excess += j * (lp - logQ[x * t.ny + y]);
    }
  }
  return { excess, bayes };
}
