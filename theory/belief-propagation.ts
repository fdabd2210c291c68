/**
 * Exact belief propagation on one tree of a JGHM, batched over samples (theory.md §4.4), in scaled probabilities:
 * every message is renormalised to max 1 and the log of the scale is accumulated, so nothing underflows and the
 * exact log-likelihood stays available. No division by messages is ever taken, so kernels with exact zeros
 * (p = 0, deterministic trees) are handled.
 *
 * Leaves → root: q_i(s) = Σ_s' K_i(s, s') h_i(s') from node i to its parent; h_j = Π_c q_{jm+c}; at the leaves h is the
 * evidence (a likelihood vector per leaf: one-hot when observed, all ones when masked, a Gaussian when noisy).
 * Root → leaves: α_root = ψ_r ⊙ (external root message); for child i = jm + c of j,
 * α_i(s') = Σ_s α_j(s) Π_{c'≠c} q_{jm+c'}(s) K_i(s, s'); the marginal of node i is ∝ α_i ⊙ h_i.
 */
import { type Jghm, type Modality, type TreeModel, treeOf } from './model.js';
import type { LeafBatch } from './sampling.js';

/** Likelihood vectors of every leaf: data[(i·leaves + t)·S + s] = p(evidence at leaf t | leaf = s) up to scale. */
export interface LeafEvidence {
  /** Number of samples. */
  readonly n: number;
  /** Leaves per sample. */
  readonly leaves: number;
  /** Row-major [n × leaves × S]. */
  readonly data: Float64Array;
}

/**
 * One-hot evidence for observed leaves. `observed` (length = leaves, 1 = observed) masks leaves: a masked leaf gets
 * the all-ones vector (it carries no information).
 */
export function observedEvidence(states: number, batch: LeafBatch, observed?: ArrayLike<number>): LeafEvidence {
  const { n, leaves } = batch;
  if (observed && observed.length !== leaves) {
    throw new RangeError(`observedEvidence: observed mask must have ${leaves} entries (got ${observed.length})`);
  }
  const S = states;
  const data = new Float64Array(n * leaves * S);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < leaves; t++) {
      const base = (i * leaves + t) * S;
      if (observed && !observed[t]) {
        data.fill(1, base, base + S);
      } else {
        const v = batch.data[i * leaves + t];
        if (v >= S) throw new RangeError(`observedEvidence: leaf value ${v} out of range 0..${S - 1}`);
        data[base + v] = 1;
      }
    }
  }
  return { n, leaves, data };
}

/**
 * Gaussian evidence of noisy leaves z = x + σ·g with x ∈ {0..S−1}: exp(−(z − s)²/(2σ²)), shifted so the largest entry
 * of each leaf is 1 (the shift is a per-leaf constant and cancels in every posterior).
 */
export function gaussianEvidence(states: number, leaves: number, z: Float64Array, sigma: number): LeafEvidence {
  if (!(sigma > 0) || !Number.isFinite(sigma)) throw new RangeError(`gaussianEvidence: sigma must be > 0 (got ${sigma})`);
  if (z.length % leaves !== 0) throw new RangeError(`gaussianEvidence: z length ${z.length} is not a multiple of leaves ${leaves}`);
  const n = z.length / leaves;
  const S = states;
  const data = new Float64Array(n * leaves * S);
  const inv = 1 / (2 * sigma * sigma);
  for (let k = 0; k < n * leaves; k++) {
    const zk = z[k];
    let minD = Infinity;
    for (let s = 0; s < S; s++) {
      const d = (zk - s) * (zk - s);
      if (d < minD) minD = d;
    }
    for (let s = 0; s < S; s++) data[k * S + s] = Math.exp(-((zk - s) * (zk - s) - minD) * inv);
  }
  return { n, leaves, data };
}

/** Per-sample working memory for one tree: h and q for every node of every layer. */
interface Workspace {
  /** h[l]: [n_l × S] (h[0] is the root). */
  h: Float64Array[];
  /** q[l]: [n_l × S] for l ≥ 1 (message from each node of layer l to its parent). */
  q: Float64Array[];
  /** α[l]: [n_l × S] downward messages. */
  a: Float64Array[];
  scratch: Float64Array;
}

function workspace(tree: TreeModel, S: number): Workspace {
  const make = () => tree.layerSizes.map((n) => new Float64Array(n * S));
  return { h: make(), q: make(), a: make(), scratch: new Float64Array(S) };
}

/** Rescales v[off..off+S) to max 1; returns log of the factor removed (−Infinity when all zero). */
function rescale(v: Float64Array, off: number, S: number): number {
  let max = 0;
  for (let s = 0; s < S; s++) if (v[off + s] > max) max = v[off + s];
  if (max === 0) return -Infinity;
  if (max !== 1) {
    const inv = 1 / max;
    if (inv !== Infinity) {
      for (let s = 0; s < S; s++) v[off + s] *= inv;
    } else {
      // max is subnormal: 1/max overflows, so divide instead
      for (let s = 0; s < S; s++) v[off + s] /= max;
    }
  }
  return Math.log(max);
}

/** Runs leaves → root for sample i; fills ws.h / ws.q; returns the accumulated log scale. */
function upwardOne(tree: TreeModel, S: number, ev: Float64Array, evOffset: number, ws: Workspace): number {
  const L = tree.depth;
  let logScale = 0;
  ws.h[L].set(ev.subarray(evOffset, evOffset + tree.leaves * S));
  for (let l = L; l >= 1; l--) {
    const nl = tree.layerSizes[l];
    const h = ws.h[l];
    const q = ws.q[l];
    const kernels = tree.kernels[l - 1];
    const index = tree.kernelIndex[l - 1];
    for (let i = 0; i < nl; i++) {
      const kOff = index[i] * S * S;
      const hOff = i * S;
      for (let s = 0; s < S; s++) {
        let acc = 0;
        const row = kOff + s * S;
        for (let t = 0; t < S; t++) acc += kernels[row + t] * h[hOff + t];
        q[hOff + s] = acc;
      }
      logScale += rescale(q, hOff, S);
    }
    const m = tree.branching[l - 1];
    const np = tree.layerSizes[l - 1];
    const hp = ws.h[l - 1];
    for (let j = 0; j < np; j++) {
      const off = j * S;
      for (let s = 0; s < S; s++) {
        let prod = 1;
        for (let c = 0; c < m; c++) prod *= q[(j * m + c) * S + s];
        hp[off + s] = prod;
      }
      logScale += rescale(hp, off, S);
    }
  }
  return logScale;
}

/** Result of the leaves → root pass. */
export interface UpwardResult {
  /** Root likelihood up to scale, [n × S], max 1 per sample: p(evidence | root = s) = rootLikelihood · e^logScale. */
  readonly rootLikelihood: Float64Array;
  /** Log of the scale per sample (−Infinity if the evidence is impossible). */
  readonly logScale: Float64Array;
}

/** Leaves → root pass for every sample of a batch of evidence. */
export function upward(model: Jghm, modality: Modality, evidence: LeafEvidence): UpwardResult {
  const tree = treeOf(model, modality);
  const S = model.states;
  checkEvidence(tree, evidence, 'upward');
  const ws = workspace(tree, S);
  const rootLikelihood = new Float64Array(evidence.n * S);
  const logScale = new Float64Array(evidence.n);
  for (let i = 0; i < evidence.n; i++) {
    logScale[i] = upwardOne(tree, S, evidence.data, i * tree.leaves * S, ws);
    rootLikelihood.set(ws.h[0], i * S);
  }
  return { rootLikelihood, logScale };
}

function checkEvidence(tree: TreeModel, ev: LeafEvidence, fn: string): void {
  if (ev.leaves !== tree.leaves) throw new RangeError(`${fn}: evidence has ${ev.leaves} leaves, the tree has ${tree.leaves}`);
}

/**
 * Root posteriors π(s) ∝ ψ_r(s)·p(evidence | s)·(rootMessage(s)) for every sample, [n × S]. `rootMessage`
 * ([n × S] likelihoods, any positive scale per sample) conditions on external evidence such as the other tree.
 */
export function rootPosteriorsFromEvidence(model: Jghm, modality: Modality, evidence: LeafEvidence, rootMessage?: Float64Array): Float64Array {
  const { rootLikelihood } = upward(model, modality, evidence);
  return combineAtRoot(model, rootLikelihood, evidence.n, rootMessage);
}

/** ψ_r ⊙ likelihood ⊙ message, normalised per sample (NaN row if the product vanishes). */
export function combineAtRoot(model: Jghm, likelihood: Float64Array, n: number, rootMessage?: Float64Array): Float64Array {
  const S = model.states;
  if (rootMessage && rootMessage.length !== n * S) throw new RangeError(`rootMessage must be [n × S] = ${n * S} numbers (got ${rootMessage.length})`);
  const out = new Float64Array(n * S);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let s = 0; s < S; s++) {
      const v = model.rootPrior[s] * likelihood[i * S + s] * (rootMessage ? rootMessage[i * S + s] : 1);
      out[i * S + s] = v;
      sum += v;
    }
    for (let s = 0; s < S; s++) out[i * S + s] /= sum;
  }
  return out;
}

/**
 * Leaf marginals p(leaf t = s | evidence, external root message) for every sample, [n × leaves × S]. Masked leaves
 * (all-ones evidence) get their predictive distribution; observed leaves get a point mass.
 */
export function leafMarginals(model: Jghm, modality: Modality, evidence: LeafEvidence, rootMessage?: Float64Array): Float64Array {
  const tree = treeOf(model, modality);
  const S = model.states;
  checkEvidence(tree, evidence, 'leafMarginals');
  if (rootMessage && rootMessage.length !== evidence.n * S) {
    throw new RangeError(`leafMarginals: rootMessage must be [n × S] = ${evidence.n * S} numbers (got ${rootMessage.length})`);
  }
  const ws = workspace(tree, S);
  const L = tree.depth;
  const out = new Float64Array(evidence.n * tree.leaves * S);
  const beta = ws.scratch;
  for (let i = 0; i < evidence.n; i++) {
    upwardOne(tree, S, evidence.data, i * tree.leaves * S, ws);
    const a0 = ws.a[0];
    for (let s = 0; s < S; s++) a0[s] = model.rootPrior[s] * (rootMessage ? rootMessage[i * S + s] : 1);
    rescale(a0, 0, S);
    for (let l = 1; l <= L; l++) {
      const m = tree.branching[l - 1];
      const np = tree.layerSizes[l - 1];
      const ap = ws.a[l - 1];
      const al = ws.a[l];
      const q = ws.q[l];
      const kernels = tree.kernels[l - 1];
      const index = tree.kernelIndex[l - 1];
      for (let j = 0; j < np; j++) {
        for (let c = 0; c < m; c++) {
          const child = j * m + c;
          for (let s = 0; s < S; s++) {
            let v = ap[j * S + s];
            for (let c2 = 0; c2 < m; c2++) if (c2 !== c) v *= q[(j * m + c2) * S + s];
            beta[s] = v;
          }
          const kOff = index[child] * S * S;
          const cOff = child * S;
          for (let t = 0; t < S; t++) al[cOff + t] = 0;
          for (let s = 0; s < S; s++) {
            const b = beta[s];
            if (b === 0) continue;
            const row = kOff + s * S;
            for (let t = 0; t < S; t++) al[cOff + t] += b * kernels[row + t];
          }
          rescale(al, cOff, S);
        }
      }
    }
    const aL = ws.a[L];
    const hL = ws.h[L];
    const base = i * tree.leaves * S;
    for (let t = 0; t < tree.leaves; t++) {
      let sum = 0;
      for (let s = 0; s < S; s++) {
        const v = aL[t * S + s] * hL[t * S + s];
        out[base + t * S + s] = v;
        sum += v;
      }
      for (let s = 0; s < S; s++) out[base + t * S + s] /= sum;
    }
  }
  return out;
}

/** Posterior means Σ_s s·p(leaf = s | ·) from leaf marginals [n × leaves × S]; returns [n × leaves]. */
export function posteriorMeans(states: number, marginals: Float64Array): Float64Array {
  const S = states;
  const out = new Float64Array(marginals.length / S);
  for (let k = 0; k < out.length; k++) {
    let acc = 0;
    for (let s = 1; s < S; s++) acc += s * marginals[k * S + s];
    out[k] = acc;
  }
  return out;
}

/**
 * Root likelihood messages of observed leaves, normalised to max 1 per sample ([n × S]): the message one tree sends to
 * the root for cross-modal conditioning of the other tree.
 */
export function rootMessageOf(model: Jghm, modality: Modality, leaves: LeafBatch): Float64Array {
  return upward(model, modality, observedEvidence(model.states, leaves)).rootLikelihood;
}
