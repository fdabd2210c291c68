/**
 * Fast next-token cross-entropy (the VLM Bayes risk's per-sample computation, monte-carlo.ts `bayesVlmRisk`):
 * for every position t, −log p(leaf t = y_t | leaves < t, other modality), averaged over t ≥ firstPosition.
 *
 * Leaves are revealed left to right; the messages are kept between positions and only what changed is recomputed:
 * - the upward messages of a fully unobserved subtree do not depend on the sample: they are computed once per tree
 *   (`maskedMessages`, the general BP's pass with all-ones leaf evidence) and copied in;
 * - revealing leaf t sets its message to a precomputed rescaled kernel column; the upward messages of its ancestors
 *   are recomputed only when the reveal order leaves their subtree (then it is complete), bottom-up; a complete
 *   bottom node's message is looked up in the bottom-node tables of the fast root-posterior plan when it has them;
 * - the downward messages of the ancestors shared by leaves t−1 and t do not depend on either leaf (both lie in the
 *   ancestors' own subtrees), so only the levels below the lowest common ancestor are recomputed;
 * - the prediction needs only p(y_t): with β the downward product at the leaf's parent,
 *   p(y_t) = Σ_s β(s) K(s, y_t) / Σ_s β(s) Σ_v K(s, v) (the kernel's row sums, precomputed), 2S operations.
 * So a tree of T leaves costs about one downward and one upward pass plus O(T·m·S), instead of T passes along a
 * path (next-token.ts) or T full BP passes. The slow twins are the general BP (`leafMarginals` with the leaves ≥ t
 * masked) and next-token.ts; the results agree with them to rounding (tested to 1e-12 relative).
 */
import { type Jghm, type Modality, type TreeModel, treeOf } from './model.js';
import type { LeafBatch } from './sampling.js';
import { type TreeLayout, treeLayout } from './tree-layout.js';
import { type StateKernels, stateKernels } from './unrolled-state-kernels.js';
import { crossModalRootWeights } from './root-weights.js';
import { rootPosteriorPlan } from './root-posterior-fast.js';

/** What the fast path precomputes for one tree. */
interface NextTokenPlan {
  readonly layout: TreeLayout;
  readonly k: StateKernels;
  /** Upward messages of every non-root node when no leaf is observed, [nodes × S]. */
  readonly maskedMessages: Float64Array;
  /** Rescaled kernel columns: leafCol[leafOff[t] + v·S + s] = message of leaf t observed at v. */
  readonly leafCol: Float64Array;
  /** Raw kernel columns: rawCol[leafOff[t] + v·S + s] = K_t(s, v). */
  readonly rawCol: Float64Array;
  /** Row sums rowSum[leafOff[t]/S + s] = Σ_v K_t(s, v) (the masked leaf's unnormalised prediction weights). */
  readonly rowSum: Float64Array;
  /** Offset of leaf t's block in leafCol/rawCol (S² per distinct leaf kernel). */
  readonly leafOff: Int32Array;
  /** anc[l·T + t] = index within layer l of the ancestor of leaf t. */
  readonly anc: Int32Array;
  /** enter[t] = the highest layer whose ancestor differs between leaves t−1 and t (enter[0] = 1). */
  readonly enter: Int32Array;
}

const cache = new WeakMap<TreeModel, Map<number, NextTokenPlan>>();

function planOf(tree: TreeModel, S: number): NextTokenPlan {
  let byS = cache.get(tree);
  if (!byS) {
    byS = new Map();
    cache.set(tree, byS);
  }
  let plan = byS.get(S);
  if (!plan) {
    plan = buildPlan(tree, S);
    byS.set(S, plan);
  }
  return plan;
}

function buildPlan(tree: TreeModel, S: number): NextTokenPlan {
  const layout = treeLayout(tree, S);
  const k = stateKernels(S);
  const { L, nodeBase, layerSizes, branching, kernels, nodeKernelOff } = layout;
  const SS = S * S;
  const maskedMessages = new Float64Array(nodeBase[L + 1] * S);
  const ones = new Float64Array(S).fill(1);
  for (let t = 0; t < layout.leaves; t++) k.matVec(kernels, nodeKernelOff[nodeBase[L] + t], ones, 0, maskedMessages, (nodeBase[L] + t) * S);
  for (let l = L - 1; l >= 1; l--) {
    const m = branching[l];
    for (let j = 0; j < layerSizes[l]; j++) {
      const g = nodeBase[l] + j;
      k.upNode(kernels, nodeKernelOff[g], maskedMessages, (nodeBase[l + 1] + j * m) * S, m, maskedMessages, g * S);
    }
  }
  const leafKernels = tree.kernels[L - 1];
  const distinct = leafKernels.length / SS;
  const leafCol = new Float64Array(distinct * SS);
  const rawCol = new Float64Array(distinct * SS);
  const rowSum = new Float64Array(distinct * S);
  const onehot = new Float64Array(S);
  for (let d = 0; d < distinct; d++) {
    for (let v = 0; v < S; v++) {
      onehot.fill(0);
      onehot[v] = 1;
      k.matVec(leafKernels, d * SS, onehot, 0, leafCol, d * SS + v * S); // the general BP's message of an observed leaf
      for (let s = 0; s < S; s++) rawCol[d * SS + v * S + s] = leafKernels[d * SS + s * S + v];
    }
    for (let s = 0; s < S; s++) {
      let acc = 0;
      for (let v = 0; v < S; v++) acc += leafKernels[d * SS + s * S + v];
      rowSum[d * S + s] = acc;
    }
  }
  const leafOff = new Int32Array(layout.leaves);
  for (let t = 0; t < layout.leaves; t++) leafOff[t] = tree.kernelIndex[L - 1][t] * SS;
  const T = layout.leaves;
  const anc = new Int32Array((L + 1) * T);
  for (let t = 0; t < T; t++) {
    let j = t;
    for (let l = L; l >= 0; l--) {
      anc[l * T + t] = j;
      if (l > 0) j = Math.floor(j / branching[l - 1]);
    }
  }
  const enter = new Int32Array(T).fill(1);
  for (let t = 1; t < T; t++) {
    let d = L;
    while (d > 1 && anc[(d - 1) * T + t - 1] !== anc[(d - 1) * T + t]) d--;
    enter[t] = d;
  }
  return { layout, k, maskedMessages, leafCol, rawCol, rowSum, leafOff, anc, enter };
}

/**
 * Per-sample mean next-token cross-entropy of `modality`'s leaves over positions t = firstPosition..T−1, conditioned
 * on the other modality's leaves `other` (omitted: none). Returns [n]. Equals next-token.ts
 * `nextTokenCrossEntropy(model, modality, leaves, rootMessageOf(model, other…), firstPosition)` up to rounding.
 */
export function nextTokenCrossEntropyFast(model: Jghm, modality: Modality, leaves: LeafBatch, other?: LeafBatch, firstPosition = 1): Float64Array {
  const fn = 'nextTokenCrossEntropyFast';
  const S = model.states;
  const plan = planOf(treeOf(model, modality), S);
  const { layout, k, maskedMessages, leafCol, rawCol, rowSum, leafOff, anc, enter } = plan;
  const { L, nodeBase, branching, kernels, nodeKernelOff } = layout;
  const T = layout.leaves;
  if (leaves.leaves !== T) throw new RangeError(`${fn}: leaves has ${leaves.leaves} leaves per sample, the ${modality} tree has ${T}`);
  if (!Number.isInteger(firstPosition) || firstPosition < 0 || firstPosition >= T) {
    throw new RangeError(`${fn}: firstPosition must be in 0..${T - 1} (got ${firstPosition})`);
  }
  const rp = L >= 2 ? rootPosteriorPlan(model, modality) : null;
  const useTables = rp !== null && rp.useTables === 1;
  const tables = useTables ? rp.tables : null;
  const tableOff = useTables ? rp.tableOff : null;
  const n = leaves.n;
  const weights = crossModalRootWeights(model, modality, n, other, fn);
  const q = new Float64Array(maskedMessages.length);
  const a = new Float64Array(nodeBase[L] * S);
  const out = new Float64Array(n);
  const data = leaves.data;
  const mL = branching[L - 1];
  const leafBase = nodeBase[L];
  for (let i = 0; i < n; i++) {
    q.set(maskedMessages);
    let max = 0;
    for (let s = 0; s < S; s++) {
      a[s] = weights[i * S + s];
      if (a[s] > max) max = a[s];
    }
    if (max !== 0 && max !== 1) {
      const inv = 1 / max;
      if (inv !== Infinity) for (let s = 0; s < S; s++) a[s] *= inv;
      else for (let s = 0; s < S; s++) a[s] /= max;
    }
    let ce = 0;
    let prod = 1;
    for (let t = 0; t < T; t++) {
      const d = enter[t];
      // complete the subtrees being left: layers L−1 .. d on the path of leaf t−1 (none before the first leaf)
      for (let l = L - 1; t > 0 && l >= d; l--) {
        const j = anc[l * T + t - 1];
        const g = nodeBase[l] + j;
        const m = branching[l];
        if (l === L - 1 && tables !== null && tableOff !== null) {
          let idx = 0;
          for (let c = 0; c < m; c++) idx = idx * S + data[i * T + j * m + c];
          const src = tableOff[j] + idx * S;
          for (let s = 0; s < S; s++) q[g * S + s] = tables[src + s];
        } else {
          k.upNode(kernels, nodeKernelOff[g], q, (nodeBase[l + 1] + j * m) * S, m, q, g * S);
        }
      }
      // downward messages below the common ancestors, layers d .. L−1
      for (let l = d; l <= L - 1; l++) {
        const j = anc[l * T + t];
        const jp = anc[(l - 1) * T + t];
        const m = branching[l - 1];
        const child = nodeBase[l] + j;
        k.downChild(kernels, nodeKernelOff[child], a, (nodeBase[l - 1] + jp) * S, q, (nodeBase[l] + jp * m) * S, m, j - jp * m, a, child * S);
      }
      // the prediction of leaf t
      const y = data[i * T + t];
      if (y >= S) throw new RangeError(`${fn}: leaf value ${y} out of range 0..${S - 1}`);
      if (t >= firstPosition) {
        const jp = anc[(L - 1) * T + t];
        const p = k.leafProbability(a, (nodeBase[L - 1] + jp) * S, q, (leafBase + jp * mL) * S, mL, t - jp * mL, rawCol, leafOff[t] + y * S, rowSum, leafOff[t] / S);
        // Σ −log p as −log Π p, one log per run of factors (flushed before the product could underflow)
        prod *= p;
        if (!(prod > 1e-250)) {
          ce -= Math.log(prod);
          prod = 1;
        }
      }
      // reveal leaf t
      const src = leafOff[t] + y * S;
      const dst = (leafBase + t) * S;
      for (let s = 0; s < S; s++) q[dst + s] = leafCol[src + s];
    }
    ce -= Math.log(prod);
    out[i] = ce / (T - firstPosition);
  }
  return out;
}
