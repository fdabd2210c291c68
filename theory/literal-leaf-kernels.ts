/**
 * Leaf-level kernels of the fast CDM path with the kernel entries written into the code as numeric literals (one
 * pair of functions per distinct leaf kernel; shortest round-trip decimals, so exact): no kernel loads in the two
 * S×S products every leaf costs. Same operations in the same order as `matVec` and `leafMean` of
 * unrolled-state-kernels.ts (their slow twins; tested bit for bit), only the loads of K replaced by constants.
 */
import type { TreeModel } from './model.js';
import { betaLines, rescaleLines, rescaleLocals } from './unrolled-state-kernels.js';

/** Upward message of leaf t from its evidence: dst[dOff..+S) = rescale(K·ev[evOff..+S)). */
export type LiteralLeafUp = (ev: Float64Array, evOff: number, dst: Float64Array, dOff: number) => void;
/** Posterior mean of leaf child c (see `LeafMean`, without the kernel arguments). */
export type LiteralLeafMean = (a: Float64Array, aOff: number, q: Float64Array, qOff: number, m: number, c: number, ev: Float64Array, evOff: number) => number;

/** The literal kernels of one tree's leaves. */
export interface LiteralLeafKernels {
  /** up[kernelIndex of leaf t]. */
  readonly up: readonly LiteralLeafUp[];
  /** mean[kernelIndex of leaf t]. */
  readonly mean: readonly LiteralLeafMean[];
  /** kernelIndex of each leaf. */
  readonly index: Int32Array;
}

/** Most distinct leaf kernels that get literal code (more: the array kernels run). */
export const MAX_LITERAL_LEAF_KERNELS = 32;
/** Largest S that gets literal code. */
export const MAX_LITERAL_STATES = 16;

function lit(x: number): string {
  if (Object.is(x, -0)) return '(-0)';
  return x < 0 ? `(${String(x)})` : String(x);
}

function upSource(S: number, K: Float64Array, off: number): string {
  const lines: string[] = [];
  for (let u = 0; u < S; u++) lines.push(`const x${u} = ev[evOff + ${u}];`);
  for (let s = 0; s < S; s++) lines.push(`const y${s} = ${Array.from({ length: S }, (_, u) => `${lit(K[off + s * S + u])} * x${u}`).join(' + ')};`);
  lines.push(...rescaleLines(S, (s) => `y${s}`, 'dst'));
  return `return function leafUp(ev, evOff, dst, dOff) {\n${lines.join('\n')}\n};`;
}

function meanSource(S: number, K: Float64Array, off: number): string {
  const lines = [...betaLines(S)];
  for (let u = 0; u < S; u++) lines.push(`let y${u} = ${Array.from({ length: S }, (_, s) => `b${s} * ${lit(K[off + s * S + u])}`).join(' + ')};`);
  lines.push(...rescaleLocals(S, (s) => `y${s}`));
  for (let s = 0; s < S; s++) lines.push(`y${s} *= ev[evOff + ${s}];`);
  lines.push(`const sum = ${Array.from({ length: S }, (_, s) => `y${s}`).join(' + ')};`);
  lines.push(`return ${Array.from({ length: S - 1 }, (_, s) => `${s + 1} * (y${s + 1} / sum)`).join(' + ')};`);
  return `return function leafMean(a, aOff, q, qOff, m, c, ev, evOff) {\n${lines.join('\n')}\n};`;
}

const cache = new WeakMap<TreeModel, Map<number, LiteralLeafKernels | null>>();

/** The (cached) literal leaf kernels of a tree, or null when it has too many distinct leaf kernels or too many states. */
export function literalLeafKernels(tree: TreeModel, S: number): LiteralLeafKernels | null {
  let byS = cache.get(tree);
  if (!byS) {
    byS = new Map();
    cache.set(tree, byS);
  }
  if (byS.has(S)) return byS.get(S)!;
  const K = tree.kernels[tree.depth - 1];
  const distinct = K.length / (S * S);
  let result: LiteralLeafKernels | null = null;
  if (distinct <= MAX_LITERAL_LEAF_KERNELS && S <= MAX_LITERAL_STATES) {
    const up: LiteralLeafUp[] = [];
    const mean: LiteralLeafMean[] = [];
    for (let d = 0; d < distinct; d++) {
      up.push(new Function(upSource(S, K, d * S * S))() as LiteralLeafUp);
      mean.push(new Function(meanSource(S, K, d * S * S))() as LiteralLeafMean);
    }
    result = { up, mean, index: tree.kernelIndex[tree.depth - 1] };
  }
  byS.set(S, result);
  return result;
}
