/**
 * Brute-force enumeration: the slow, obviously correct twin of belief propagation, and the enumeration of leaf
 * configurations that the exact information quantities sum over.
 *
 * Configurations of a tree's leaves are indexed lexicographically with leaf 0 most significant:
 * index = Σ_t v_t · S^(leaves−1−t).
 */
import { type Jghm, type Modality, type TreeModel, kernelOf, treeOf } from './model.js';
import { type LeafBatch, allocLeaves } from './sampling.js';
import { observedEvidence, upward } from './belief-propagation.js';

/** Default cap on the number of leaf configurations enumerated per modality. */
export const DEFAULT_MAX_CONFIGURATIONS = 20_000;

/** Thrown when an enumeration is refused because it is too large; `field` names the setting that limits it. */
export class EnumerationTooLargeError extends Error {
  /** The option or flag that sets the limit. */
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = 'EnumerationTooLargeError';
    this.field = field;
  }
}

/** Number of leaf configurations of a tree, refusing (before any work) above `maxConfigurations`. */
export function checkedConfigurationCount(model: Jghm, modality: Modality, maxConfigurations = DEFAULT_MAX_CONFIGURATIONS): number {
  const tree = treeOf(model, modality);
  const count = Math.pow(model.states, tree.leaves);
  if (!(count <= maxConfigurations)) {
    throw new EnumerationTooLargeError(
      'maxConfigurations',
      `enumeration too large: the ${modality} tree has ${model.states}^${tree.leaves} = ${count.toExponential(3)} leaf configurations, above the limit of ${maxConfigurations} (raise maxConfigurations / --max-configurations, or use the Monte Carlo estimators)`,
    );
  }
  return count;
}

/** All leaf configurations of a tree as a batch, in lexicographic order (leaf 0 most significant). */
export function allConfigurations(model: Jghm, modality: Modality, maxConfigurations = DEFAULT_MAX_CONFIGURATIONS): LeafBatch {
  const count = checkedConfigurationCount(model, modality, maxConfigurations);
  const leaves = treeOf(model, modality).leaves;
  const S = model.states;
  const data = allocLeaves(S, count * leaves);
  for (let idx = 0; idx < count; idx++) {
    let r = idx;
    for (let t = leaves - 1; t >= 0; t--) {
      data[idx * leaves + t] = r % S;
      r = Math.floor(r / S);
    }
  }
  return { n: count, leaves, data };
}

/** Index of a leaf configuration (leaf 0 most significant). */
export function configurationIndex(states: number, leafValues: ArrayLike<number>): number {
  let idx = 0;
  for (let t = 0; t < leafValues.length; t++) idx = idx * states + leafValues[t];
  return idx;
}

/**
 * Likelihood table p(leaves = x | root = s) for every configuration x, [S × configurations] row-major, computed by
 * BP (verified against `bruteForceLikelihoodTable` in the tests).
 */
export function likelihoodTable(model: Jghm, modality: Modality, maxConfigurations = DEFAULT_MAX_CONFIGURATIONS): Float64Array {
  const configs = allConfigurations(model, modality, maxConfigurations);
  const S = model.states;
  const { rootLikelihood, logScale } = upward(model, modality, observedEvidence(S, configs));
  const n = configs.n;
  const table = new Float64Array(S * n);
  for (let x = 0; x < n; x++) {
    const scale = Math.exp(logScale[x]);
    for (let s = 0; s < S; s++) table[s * n + x] = rootLikelihood[x * S + s] * scale;
  }
  return table;
}

/** Cap on S^(non-root nodes) for the brute-force twin. */
export const BRUTE_FORCE_MAX_ASSIGNMENTS = 5_000_000;

function nodeCount(tree: TreeModel): number {
  return tree.layerSizes.slice(1).reduce((a, b) => a + b, 0);
}

/**
 * Visits every assignment of the non-root nodes for every root state, calling `visit(root, weight, leafStates)` with
 * the product of kernels along all edges. The obviously-correct definition of the tree's law.
 */
function forEachAssignment(model: Jghm, tree: TreeModel, visit: (root: number, weight: number, leafStates: Int32Array) => void): void {
  const S = model.states;
  const N = nodeCount(tree);
  const total = Math.pow(S, N);
  if (total * S > BRUTE_FORCE_MAX_ASSIGNMENTS) {
    throw new EnumerationTooLargeError('bruteForce', `brute-force enumeration refused: ${S}^${N + 1} assignments exceed ${BRUTE_FORCE_MAX_ASSIGNMENTS}`);
  }
  const states = new Int32Array(N);
  const layerStart: number[] = [];
  let acc = 0;
  for (let l = 1; l <= tree.depth; l++) {
    layerStart.push(acc);
    acc += tree.layerSizes[l];
  }
  const leafStart = layerStart[tree.depth - 1];
  for (let root = 0; root < S; root++) {
    for (let a = 0; a < total; a++) {
      let r = a;
      for (let k = N - 1; k >= 0; k--) {
        states[k] = r % S;
        r = Math.floor(r / S);
      }
      let w = 1;
      for (let l = 1; l <= tree.depth && w !== 0; l++) {
        const m = tree.branching[l - 1];
        for (let j = 0; j < tree.layerSizes[l]; j++) {
          const parent = l === 1 ? root : states[layerStart[l - 2] + Math.floor(j / m)];
          const k = kernelOf(tree, S, l, j);
          w *= k[parent * S + states[layerStart[l - 1] + j]];
        }
      }
      if (w !== 0) visit(root, w, states.subarray(leafStart));
    }
  }
}

/** Brute-force p(leaves = x | root = s) table, [S × configurations] (the twin of `likelihoodTable`). */
export function bruteForceLikelihoodTable(model: Jghm, modality: Modality): Float64Array {
  const tree = treeOf(model, modality);
  const S = model.states;
  const n = Math.pow(S, tree.leaves);
  const table = new Float64Array(S * n);
  forEachAssignment(model, tree, (root, w, leafStates) => {
    table[root * n + configurationIndex(S, leafStates)] += w;
  });
  return table;
}

/** Brute-force quantities for one sample with arbitrary leaf evidence. */
export interface BruteForceResult {
  /** p(evidence | root = s), length S. */
  readonly rootLikelihood: Float64Array;
  /** Root posterior given the evidence (and external message), length S. */
  readonly rootPosterior: Float64Array;
  /** Leaf marginals given the evidence (and external message), [leaves × S]. */
  readonly leafMarginals: Float64Array;
}

/**
 * Brute-force inference for one sample: evidence is [leaves × S] likelihood vectors; `rootMessage` (length S)
 * multiplies the root prior (cross-modal conditioning).
 */
export function bruteForceInference(model: Jghm, modality: Modality, evidence: Float64Array, rootMessage?: ArrayLike<number>): BruteForceResult {
  const tree = treeOf(model, modality);
  const S = model.states;
  const leaves = tree.leaves;
  const lik = new Float64Array(S);
  const perLeaf = new Float64Array(S * leaves * S); // [root][leaf][value]
  forEachAssignment(model, tree, (root, w, leafStates) => {
    let e = w;
    for (let t = 0; t < leaves; t++) e *= evidence[t * S + leafStates[t]];
    if (e === 0) return;
    lik[root] += e;
    for (let t = 0; t < leaves; t++) perLeaf[(root * leaves + t) * S + leafStates[t]] += e;
  });
  const post = new Float64Array(S);
  let z = 0;
  for (let s = 0; s < S; s++) {
    post[s] = model.rootPrior[s] * lik[s] * (rootMessage ? rootMessage[s] : 1);
    z += post[s];
  }
  const marg = new Float64Array(leaves * S);
  for (let s = 0; s < S; s++) {
    const wr = model.rootPrior[s] * (rootMessage ? rootMessage[s] : 1);
    for (let t = 0; t < leaves; t++) for (let v = 0; v < S; v++) marg[t * S + v] += wr * perLeaf[(s * leaves + t) * S + v];
  }
  for (let s = 0; s < S; s++) post[s] /= z;
  for (let k = 0; k < marg.length; k++) marg[k] /= z;
  return { rootLikelihood: lik, rootPosterior: post, leafMarginals: marg };
}
