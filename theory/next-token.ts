/**
 * Next-token Bayes predictor (the VLM Bayes model, theory.md §3.3 and §4.4): for every position t,
 * p(leaf t = v | leaves 0..t−1, external root message), computed incrementally.
 *
 * Leaves are revealed left to right. Revealing leaf t changes only the upward messages on the path from leaf t to the
 * root (L nodes), and the prediction for leaf t+1 needs the downward messages along its own path; so each position
 * costs O(L·S·(S + m)) instead of a full BP pass. The slow twin is `leafMarginals` with the leaves ≥ t masked
 * (tested), and brute-force enumeration for tiny trees.
 */
import { type Jghm, type Modality, treeOf } from './model.js';
import type { LeafBatch } from './sampling.js';

function rescaleMax(v: Float64Array, off: number, S: number): void {
  let max = 0;
  for (let s = 0; s < S; s++) if (v[off + s] > max) max = v[off + s];
  if (max > 0 && max !== 1) {
    const inv = 1 / max;
    if (inv !== Infinity) for (let s = 0; s < S; s++) v[off + s] *= inv;
    else for (let s = 0; s < S; s++) v[off + s] /= max; // subnormal max
  }
}

/**
 * Predictions p(leaf t | leaves < t, rootMessage) for every sample and every position t = 0..T−1, as
 * [n × T × S]. `rootMessage` ([n × S], likelihoods of external evidence given the root, any positive scale) conditions
 * on the other modality (cross-modal conditioning); omitted means none.
 */
export function nextTokenPredictions(model: Jghm, modality: Modality, leaves: LeafBatch, rootMessage?: Float64Array): Float64Array {
  const tree = treeOf(model, modality);
  const S = model.states;
  const L = tree.depth;
  const T = tree.leaves;
  if (leaves.leaves !== T) throw new RangeError(`nextTokenPredictions: leaves has ${leaves.leaves} leaves per sample, the ${modality} tree has ${T}`);
  if (rootMessage && rootMessage.length !== leaves.n * S) {
    throw new RangeError(`nextTokenPredictions: rootMessage must be [n × S] = ${leaves.n * S} numbers (got ${rootMessage.length})`);
  }
  const sizes = tree.layerSizes;
  // h[l], q[l]: upward messages (all ones when nothing below is observed); a: downward message along one path.
  const h = sizes.map((n) => new Float64Array(n * S));
  const q = sizes.map((n) => new Float64Array(n * S));
  const path = new Int32Array(L + 1); // path[l] = node index at layer l
  const alpha = new Float64Array((L + 1) * S);
  const beta = new Float64Array(S);
  const out = new Float64Array(leaves.n * T * S);

  for (let i = 0; i < leaves.n; i++) {
    for (let l = 0; l <= L; l++) {
      h[l].fill(1);
      q[l].fill(1);
    }
    for (let t = 0; t < T; t++) {
      // ancestors of leaf t
      let node = t;
      for (let l = L; l >= 0; l--) {
        path[l] = node;
        if (l > 0) node = Math.floor(node / tree.branching[l - 1]);
      }
      // downward along the path
      for (let s = 0; s < S; s++) alpha[s] = model.rootPrior[s] * (rootMessage ? rootMessage[i * S + s] : 1);
      rescaleMax(alpha, 0, S);
      for (let l = 1; l <= L; l++) {
        const m = tree.branching[l - 1];
        const parent = path[l - 1];
        const child = path[l];
        const ql = q[l];
        for (let s = 0; s < S; s++) {
          let v = alpha[(l - 1) * S + s];
          for (let c = 0; c < m; c++) {
            const sib = parent * m + c;
            if (sib !== child) v *= ql[sib * S + s];
          }
          beta[s] = v;
        }
        const kernels = tree.kernels[l - 1];
        const kOff = tree.kernelIndex[l - 1][child] * S * S;
        const aOff = l * S;
        for (let u = 0; u < S; u++) alpha[aOff + u] = 0;
        for (let s = 0; s < S; s++) {
          const b = beta[s];
          if (b === 0) continue;
          const row = kOff + s * S;
          for (let u = 0; u < S; u++) alpha[aOff + u] += b * kernels[row + u];
        }
        rescaleMax(alpha, aOff, S);
      }
      // the leaf itself is unobserved: its marginal is the downward message
      const base = (i * T + t) * S;
      let z = 0;
      for (let u = 0; u < S; u++) z += alpha[L * S + u];
      for (let u = 0; u < S; u++) out[base + u] = alpha[L * S + u] / z;

      // reveal leaf t and update the upward messages on its path
      const v = leaves.data[i * T + t];
      if (v >= S) throw new RangeError(`nextTokenPredictions: leaf value ${v} out of range 0..${S - 1}`);
      h[L].fill(0, t * S, t * S + S);
      h[L][t * S + v] = 1;
      for (let l = L; l >= 1; l--) {
        const nd = path[l];
        const kernels = tree.kernels[l - 1];
        const kOff = tree.kernelIndex[l - 1][nd] * S * S;
        const hl = h[l];
        const ql = q[l];
        for (let s = 0; s < S; s++) {
          let acc = 0;
          const row = kOff + s * S;
          for (let u = 0; u < S; u++) acc += kernels[row + u] * hl[nd * S + u];
          ql[nd * S + s] = acc;
        }
        rescaleMax(ql, nd * S, S);
        const m = tree.branching[l - 1];
        const parent = path[l - 1];
        const hp = h[l - 1];
        for (let s = 0; s < S; s++) {
          let prod = 1;
          for (let c = 0; c < m; c++) prod *= ql[(parent * m + c) * S + s];
          hp[parent * S + s] = prod;
        }
        rescaleMax(hp, parent * S, S);
      }
    }
  }
  return out;
}

/**
 * Per-sample mean next-token cross-entropy −log p(leaf t = observed | leaves < t, rootMessage) over positions
 * t = firstPosition..T−1 (the paper's VLM risk predicts text leaves 2..T, i.e. firstPosition = 1). Returns [n].
 */
export function nextTokenCrossEntropy(model: Jghm, modality: Modality, leaves: LeafBatch, rootMessage?: Float64Array, firstPosition = 1): Float64Array {
  const T = leaves.leaves;
  const S = model.states;
  if (!Number.isInteger(firstPosition) || firstPosition < 0 || firstPosition >= T) {
    throw new RangeError(`nextTokenCrossEntropy: firstPosition must be in 0..${T - 1} (got ${firstPosition})`);
  }
  const pred = nextTokenPredictions(model, modality, leaves, rootMessage);
  const out = new Float64Array(leaves.n);
  for (let i = 0; i < leaves.n; i++) {
    let acc = 0;
    for (let t = firstPosition; t < T; t++) acc -= Math.log(pred[(i * T + t) * S + leaves.data[i * T + t]]);
    out[i] = acc / (T - firstPosition);
  }
  return out;
}
