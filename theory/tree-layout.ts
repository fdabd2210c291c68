/**
 * A tree's structure and kernels flattened for the fast message-passing loops (leaf-posterior-means-fast.ts,
 * next-token-fast.ts): nodes numbered globally breadth-first (node j of layer l is `nodeBase[l] + j`, the root is 0),
 * one offset per node into one array holding every layer's distinct kernels. Built once per tree and cached.
 */
import { type TreeModel } from './model.js';

/** Flat layout of one tree. */
export interface TreeLayout {
  /** Number of states S. */
  readonly S: number;
  /** Depth L ≥ 1. */
  readonly L: number;
  /** Number of leaves n_L. */
  readonly leaves: number;
  /** branching[l-1] = m_l. */
  readonly branching: Int32Array;
  /** Nodes per layer, length L+1. */
  readonly layerSizes: Int32Array;
  /** First global node number of each layer, length L+2 (the last entry is the node count). */
  readonly nodeBase: Int32Array;
  /** The distinct S×S kernels of layers 1..L, row-major, back to back. */
  readonly kernels: Float64Array;
  /** Offset in `kernels` of the kernel of each global node (−1 for the root). */
  readonly nodeKernelOff: Int32Array;
}

const cache = new WeakMap<TreeModel, Map<number, TreeLayout>>();

/** The (cached) flat layout of a tree with S states. */
export function treeLayout(tree: TreeModel, S: number): TreeLayout {
  let byS = cache.get(tree);
  if (!byS) {
    byS = new Map();
    cache.set(tree, byS);
  }
  let layout = byS.get(S);
  if (!layout) {
    layout = buildTreeLayout(tree, S);
    byS.set(S, layout);
  }
  return layout;
}

function buildTreeLayout(tree: TreeModel, S: number): TreeLayout {
  const L = tree.depth;
  const layerSizes = Int32Array.from(tree.layerSizes);
  const nodeBase = new Int32Array(L + 2);
  for (let l = 0; l <= L; l++) nodeBase[l + 1] = nodeBase[l] + layerSizes[l];
  const kernels = new Float64Array(tree.kernels.reduce((a, k) => a + k.length, 0));
  const nodeKernelOff = new Int32Array(nodeBase[L + 1]).fill(-1);
  let off = 0;
  for (let l = 1; l <= L; l++) {
    kernels.set(tree.kernels[l - 1], off);
    const index = tree.kernelIndex[l - 1];
    for (let j = 0; j < layerSizes[l]; j++) nodeKernelOff[nodeBase[l] + j] = off + index[j] * S * S;
    off += tree.kernels[l - 1].length;
  }
  return { S, L, leaves: tree.leaves, branching: Int32Array.from(tree.branching), layerSizes, nodeBase, kernels, nodeKernelOff };
}
