/**
 * Fast posterior means of the leaves of one tree under per-leaf evidence, conditioned on the root by an external
 * message: the per-sample computation of the CDM Bayes risk (monte-carlo.ts `bayesCdmRisk`: noisy image leaves,
 * the text's root message).
 *
 * The slow twin is belief-propagation.ts `posteriorMeans(S, leafMarginals(…))`. `leafPosteriorMeansFromEvidence`
 * does the same floating-point operations in the same order (tested bit for bit); the speed comes from flat typed
 * arrays (tree-layout.ts), matrix–vector kernels unrolled over the states (unrolled-state-kernels.ts), the leaf
 * kernels' entries as literals in generated code (literal-leaf-kernels.ts), a work buffer reused across samples, no per-node allocation, and skipping what the means
 * do not need (the root's own upward product, the internal nodes' h once their message is sent).
 * `gaussianLeafPosteriorMeans`, the CDM entry point, also builds the Gaussian evidence with one exp per leaf
 * (gaussian-evidence-fast.ts) and takes the root message from the other tree's fast root posterior
 * (root-weights.ts); it agrees with the general BP to rounding (tested to 1e-12 relative).
 */
import { type Jghm, type Modality, type TreeModel, treeOf } from './model.js';
import type { LeafBatch } from './sampling.js';
import type { LeafEvidence } from './belief-propagation.js';
import { type TreeLayout, treeLayout } from './tree-layout.js';
import { fillGaussianEvidence, gaussianEvidenceTable } from './gaussian-evidence-fast.js';
import { crossModalRootWeights } from './root-weights.js';
import { type StateKernels, stateKernels } from './unrolled-state-kernels.js';
import { type LiteralLeafKernels, literalLeafKernels } from './literal-leaf-kernels.js';

/** Options of the fast posterior means. */
export interface FastMeansOptions {
  /** Use the leaf kernels with literal entries (literal-leaf-kernels.ts) when the tree allows (default true). */
  literal?: boolean;
}

/** Scratch of one run. */
interface Work {
  /** Upward message of every non-root node to its parent, [nodes × S]. */
  q: Float64Array;
  /** Downward message α of every node of layers 0..L−1, [nodes × S]. */
  a: Float64Array;
  /** The state kernels of S. */
  k: StateKernels;
  /** The tree's leaf kernels with literal entries, or null (then `k` runs). */
  lit: LiteralLeafKernels | null;
}

function work(p: TreeLayout, tree: TreeModel, literal: boolean): Work {
  const nodes = p.nodeBase[p.L + 1];
  return { q: new Float64Array(nodes * p.S), a: new Float64Array(nodes * p.S), k: stateKernels(p.S), lit: literal ? literalLeafKernels(tree, p.S) : null };
}

/** Rescales v[off..off+S) to max 1, exactly as belief-propagation.ts does. */
function rescale(v: Float64Array, off: number, S: number): void {
  let max = 0;
  for (let s = 0; s < S; s++) if (v[off + s] > max) max = v[off + s];
  if (max === 0 || max === 1) return;
  const inv = 1 / max;
  if (inv !== Infinity) for (let s = 0; s < S; s++) v[off + s] *= inv;
  else for (let s = 0; s < S; s++) v[off + s] /= max;
}

/**
 * One sample: `ev` holds the leaves' evidence at ev[evOff + t·S ..], `a` already holds α_root at a[0..S) (not yet
 * rescaled). Writes the leaves' posterior means to out[outOff + t].
 */
function meansOne(p: TreeLayout, ev: Float64Array, evOff: number, w: Work, out: Float64Array, outOff: number): void {
  const S = p.S;
  const L = p.L;
  const { kernels, nodeKernelOff, nodeBase, layerSizes, branching } = p;
  const { q, a, lit } = w;
  const { matVec, upNode, downChild, leafMean } = w.k;
  // leaves → root
  const leafBase = nodeBase[L];
  for (let t = 0; t < p.leaves; t++) {
    const kOff = nodeKernelOff[leafBase + t];
    const hOff = evOff + t * S;
    if (lit !== null) lit.up[lit.index[t]](ev, hOff, q, (leafBase + t) * S);
    else matVec(kernels, kOff, ev, hOff, q, (leafBase + t) * S);
  }
  for (let l = L - 1; l >= 1; l--) {
    const m = branching[l];
    const childBase = nodeBase[l + 1];
    for (let j = 0; j < layerSizes[l]; j++) {
      const g = nodeBase[l] + j;
      upNode(kernels, nodeKernelOff[g], q, (childBase + j * m) * S, m, q, g * S);
    }
  }
  // root → leaves
  rescale(a, 0, S);
  for (let l = 1; l <= L; l++) {
    const m = branching[l - 1];
    const parentBase = nodeBase[l - 1];
    const base = nodeBase[l];
    for (let j = 0; j < layerSizes[l - 1]; j++) {
      const aOff = (parentBase + j) * S;
      const qOff = (base + j * m) * S;
      for (let c = 0; c < m; c++) {
        const child = base + j * m + c;
        if (l < L) downChild(kernels, nodeKernelOff[child], a, aOff, q, qOff, m, c, a, child * S);
        else if (lit !== null) out[outOff + j * m + c] = lit.mean[lit.index[j * m + c]](a, aOff, q, qOff, m, c, ev, evOff + (j * m + c) * S);
        else out[outOff + j * m + c] = leafMean(kernels, nodeKernelOff[child], a, aOff, q, qOff, m, c, ev, evOff + (j * m + c) * S);
      }
    }
  }
}

function checkRows(p: TreeLayout, leaves: number, n: number, rootLen: number | undefined, fn: string): void {
  if (leaves !== p.leaves) throw new RangeError(`${fn}: evidence has ${leaves} leaves, the tree has ${p.leaves}`);
  if (rootLen !== undefined && rootLen !== n * p.S) throw new RangeError(`${fn}: rootMessage must be [n × S] = ${n * p.S} numbers (got ${rootLen})`);
}

/**
 * Posterior means [n × leaves] of every leaf given general evidence and an optional root message (both as in
 * `leafMarginals`): bit for bit `posteriorMeans(S, leafMarginals(model, modality, evidence, rootMessage))`.
 */
export function leafPosteriorMeansFromEvidence(model: Jghm, modality: Modality, evidence: LeafEvidence, rootMessage?: Float64Array, options: FastMeansOptions = {}): Float64Array {
  const S = model.states;
  const tree = treeOf(model, modality);
  const p = treeLayout(tree, S);
  checkRows(p, evidence.leaves, evidence.n, rootMessage?.length, 'leafPosteriorMeansFromEvidence');
  const w = work(p, tree, options.literal !== false);
  const out = new Float64Array(evidence.n * p.leaves);
  for (let i = 0; i < evidence.n; i++) {
    for (let s = 0; s < S; s++) w.a[s] = model.rootPrior[s] * (rootMessage ? rootMessage[i * S + s] : 1);
    meansOne(p, evidence.data, i * p.leaves * S, w, out, i * p.leaves);
  }
  return out;
}

/**
 * The CDM path: posterior means E[x_t | z, other leaves] [n × leaves] of the leaves of `modality` from noisy values
 * z = x + σ·g ([n × leaves]), conditioned on the other modality's observed leaves when `other` is given. Equals
 * `posteriorMeans(S, leafMarginals(model, modality, gaussianEvidence(S, leaves, z, σ), rootMessageOf(model, other…)))`
 * up to rounding.
 */
export function gaussianLeafPosteriorMeans(model: Jghm, modality: Modality, z: Float64Array, sigma: number, other?: LeafBatch, options: FastMeansOptions = {}): Float64Array {
  const fn = 'gaussianLeafPosteriorMeans';
  const S = model.states;
  const tree = treeOf(model, modality);
  const p = treeLayout(tree, S);
  if (z.length % p.leaves !== 0) throw new RangeError(`${fn}: z length ${z.length} is not a multiple of leaves ${p.leaves}`);
  const table = gaussianEvidenceTable(S, sigma);
  const n = z.length / p.leaves;
  const weights = crossModalRootWeights(model, modality, n, other, fn);
  const w = work(p, tree, options.literal !== false);
  const ev = new Float64Array(p.leaves * S);
  const out = new Float64Array(n * p.leaves);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < p.leaves; t++) fillGaussianEvidence(table, z[i * p.leaves + t], ev, t * S);
    for (let s = 0; s < S; s++) w.a[s] = weights[i * S + s];
    meansOne(p, ev, 0, w, out, i * p.leaves);
  }
  return out;
}
