/**
 * The Joint Generative Hierarchical Model (JGHM, theory.md §4): a root state x_r ~ ψ_r generates an image tree and
 * a text tree through transition kernels; the trees are conditionally independent given the root.
 *
 * Layout. Layer 0 holds the root; layer l (1 ≤ l ≤ L) holds n_l = m_1·…·m_l nodes numbered breadth-first: node j of
 * layer l−1 has children j·m_l + c (c = 0..m_l−1). The leaves are layer L in that order. Every node at layer l ≥ 1 has
 * a kernel (S×S, row = parent state, column = child state, row-stochastic), stored once per distinct kernel:
 * `kernels[l-1]` holds the distinct kernels of layer l back to back and `kernelIndex[l-1][j]` says which one node j
 * uses. A translation-invariant tree has m_l kernels per layer (node j uses kernel j mod m_l); a per-edge tree has one
 * per node.
 */

/** One modality's tree. */
export interface TreeModel {
  /** Depth L ≥ 1. */
  readonly depth: number;
  /** Children per node at each layer: branching[l-1] = m_l ≥ 1. */
  readonly branching: readonly number[];
  /** Nodes per layer, n_0 = 1, …, n_L = number of leaves. */
  readonly layerSizes: readonly number[];
  /** Number of leaves n_L. */
  readonly leaves: number;
  /** True when one kernel per (layer, child index) is shared by all nodes of the layer. */
  readonly translationInvariant: boolean;
  /** Distinct kernels of each layer, row-major S×S each, back to back. */
  readonly kernels: readonly Float64Array[];
  /** kernelIndex[l-1][j]: which kernel of layer l node j uses. */
  readonly kernelIndex: readonly Int32Array[];
}

/** The two modalities of a JGHM. */
export type Modality = 'image' | 'text';

/** The list of modalities, image first. */
export const MODALITIES: readonly Modality[] = ['image', 'text'];

/** A complete JGHM. */
export interface Jghm {
  /** Number of states S ≥ 2 shared by every node. */
  readonly states: number;
  /** Root prior ψ_r, length S, sums to 1. */
  readonly rootPrior: Float64Array;
  /** The image tree. */
  readonly image: TreeModel;
  /** The text tree. */
  readonly text: TreeModel;
  /** Optional human-readable name. */
  readonly name?: string;
}

/** Error for a structurally invalid model; `field` names the offending field (JSON path style). */
export class ModelError extends Error {
  /** JSON-path-like name of the offending field, e.g. `trees.image.kernels[1][0]`. */
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'ModelError';
    this.field = field;
  }
}

/** Tolerance on row sums of kernels and of the root prior. */
export const STOCHASTIC_TOLERANCE = 1e-9;

/** Number of nodes at each layer of a tree with the given branching. */
export function layerSizesOf(branching: readonly number[]): number[] {
  const sizes = [1];
  for (const m of branching) sizes.push(sizes[sizes.length - 1] * m);
  return sizes;
}

/** Checks that `v` (length S) is a probability vector; throws ModelError naming `field`. */
export function checkProbabilityVector(v: ArrayLike<number>, field: string): void {
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== 'number' || Number.isNaN(x)) throw new ModelError(`${field}[${i}]`, 'must be a number (got NaN or non-number)');
    if (x < 0) throw new ModelError(`${field}[${i}]`, `must be non-negative (got ${x})`);
    if (!Number.isFinite(x)) throw new ModelError(`${field}[${i}]`, `must be finite (got ${x})`);
    sum += x;
  }
  if (Math.abs(sum - 1) > STOCHASTIC_TOLERANCE) {
    throw new ModelError(field, `must sum to 1 within ${STOCHASTIC_TOLERANCE} (sums to ${sum})`);
  }
}

/**
 * Builds a tree from per-layer kernel lists. `layerKernels[l-1]` lists S×S row-major kernels: for a
 * translation-invariant tree one per child index (length m_l), for a per-edge tree one per node (length n_l).
 * Validates shapes and stochasticity; `field` prefixes error field names.
 */
export function makeTree(
  states: number,
  branching: readonly number[],
  layerKernels: readonly (readonly Float64Array[])[],
  translationInvariant: boolean,
  field = 'tree',
): TreeModel {
  if (!Number.isInteger(states) || states < 2) throw new ModelError('states', `must be an integer ≥ 2 (got ${states})`);
  if (!Array.isArray(branching) || branching.length < 1) {
    throw new ModelError(`${field}.branching`, 'must be a non-empty array of positive integers (depth ≥ 1)');
  }
  branching.forEach((m, i) => {
    if (!Number.isInteger(m) || m < 1) throw new ModelError(`${field}.branching[${i}]`, `must be an integer ≥ 1 (got ${m})`);
  });
  const sizes = layerSizesOf(branching);
  const kname = translationInvariant ? 'kernels' : 'edgeKernels';
  if (layerKernels.length !== branching.length) {
    throw new ModelError(`${field}.${kname}`, `must have one entry per layer (${branching.length}), got ${layerKernels.length}`);
  }
  const S = states;
  const kernels: Float64Array[] = [];
  const kernelIndex: Int32Array[] = [];
  for (let l = 1; l <= branching.length; l++) {
    const list = layerKernels[l - 1];
    const expected = translationInvariant ? branching[l - 1] : sizes[l];
    if (list.length !== expected) {
      throw new ModelError(
        `${field}.${kname}[${l - 1}]`,
        `layer ${l} needs ${expected} kernels (${translationInvariant ? 'one per child index' : 'one per node'}), got ${list.length}`,
      );
    }
    const flat = new Float64Array(expected * S * S);
    list.forEach((k, idx) => {
      const f = `${field}.${kname}[${l - 1}][${idx}]`;
      if (k.length !== S * S) throw new ModelError(f, `must be a ${S}×${S} matrix`);
      for (let r = 0; r < S; r++) checkProbabilityVector(k.subarray(r * S, r * S + S), `${f}[${r}]`);
      flat.set(k, idx * S * S);
    });
    const index = new Int32Array(sizes[l]);
    for (let j = 0; j < sizes[l]; j++) index[j] = translationInvariant ? j % branching[l - 1] : j;
    kernels.push(flat);
    kernelIndex.push(index);
  }
  return {
    depth: branching.length,
    branching: [...branching],
    layerSizes: sizes,
    leaves: sizes[sizes.length - 1],
    translationInvariant,
    kernels,
    kernelIndex,
  };
}

/** Builds and validates a JGHM from its parts. */
export function makeJghm(states: number, rootPrior: ArrayLike<number>, image: TreeModel, text: TreeModel, name?: string): Jghm {
  if (!Number.isInteger(states) || states < 2) throw new ModelError('states', `must be an integer ≥ 2 (got ${states})`);
  if (rootPrior.length !== states) throw new ModelError('rootPrior', `must have ${states} entries (got ${rootPrior.length})`);
  checkProbabilityVector(rootPrior, 'rootPrior');
  return { states, rootPrior: Float64Array.from(rootPrior), image, text, ...(name === undefined ? {} : { name }) };
}

/** The kernel (row-major S×S view) of node j at layer l ≥ 1 of a tree. */
export function kernelOf(tree: TreeModel, states: number, layer: number, node: number): Float64Array {
  const k = tree.kernelIndex[layer - 1][node];
  const size = states * states;
  return tree.kernels[layer - 1].subarray(k * size, k * size + size);
}

/** Selects a tree by modality. */
export function treeOf(model: Jghm, modality: Modality): TreeModel {
  return modality === 'image' ? model.image : model.text;
}

/** Number of leaf configurations S^leaves of a tree (may be Infinity for huge trees). */
export function leafConfigurationCount(model: Jghm, modality: Modality): number {
  return Math.pow(model.states, treeOf(model, modality).leaves);
}

/** Multiplies the kernels along the path root → leaf `leaf`: T(s, v) = p(leaf = v | root = s), row-major S×S. */
export function pathKernel(model: Jghm, modality: Modality, leaf: number): Float64Array {
  const tree = treeOf(model, modality);
  const S = model.states;
  if (!Number.isInteger(leaf) || leaf < 0 || leaf >= tree.leaves) {
    throw new RangeError(`pathKernel: leaf must be in 0..${tree.leaves - 1} (got ${leaf})`);
  }
  // ancestors of the leaf, top-down
  const nodes: number[] = [];
  let j = leaf;
  for (let l = tree.depth; l >= 1; l--) {
    nodes.unshift(j);
    j = Math.floor(j / tree.branching[l - 1]);
  }
  let acc = new Float64Array(S * S);
  for (let s = 0; s < S; s++) acc[s * S + s] = 1;
  for (let l = 1; l <= tree.depth; l++) {
    const k = kernelOf(tree, S, l, nodes[l - 1]);
    const next = new Float64Array(S * S);
    for (let a = 0; a < S; a++) {
      for (let b = 0; b < S; b++) {
        const x = acc[a * S + b];
        if (x === 0) continue;
        for (let c = 0; c < S; c++) next[a * S + c] += x * k[b * S + c];
      }
    }
    acc = next;
  }
  return acc;
}
