/**
 * Ancestral sampling from a JGHM, batched. Leaves come back as compact integer arrays, row-major [n × leaves]
 * (Uint8Array when S ≤ 256, Uint16Array otherwise). Draws use 32-bit uniforms (probability resolution 2^-32).
 */
import { type Jghm, type Modality, type TreeModel, treeOf } from './model.js';
import { Rng } from './random.js';

/** Compact integer leaf storage. */
export type LeafArray = Uint8Array | Uint16Array;

/** A batch of n leaf vectors of one tree, row-major [n × leaves]. */
export interface LeafBatch {
  /** Number of samples. */
  readonly n: number;
  /** Leaves per sample. */
  readonly leaves: number;
  /** Leaf values in 0..S−1, row-major [n × leaves]. */
  readonly data: LeafArray;
}

/** n paired samples (image and text leaves generated from the same root). */
export interface PairBatch {
  /** Number of pairs. */
  readonly n: number;
  /** The shared roots. */
  readonly roots: Int32Array;
  /** Image leaves. */
  readonly image: LeafBatch;
  /** Text leaves. */
  readonly text: LeafBatch;
}

/** Allocates leaf storage for S states. */
export function allocLeaves(states: number, size: number): LeafArray {
  return states <= 256 ? new Uint8Array(size) : new Uint16Array(size);
}

function cumulative(kernels: Float64Array, S: number): Float64Array {
  const out = new Float64Array(kernels.length);
  for (let row = 0; row < kernels.length / S; row++) {
    let acc = 0;
    for (let c = 0; c < S; c++) {
      acc += kernels[row * S + c];
      out[row * S + c] = acc;
    }
    out[row * S + S - 1] = Infinity; // guards against rounding: the last state absorbs the remainder
  }
  return out;
}

function draw(cdf: Float64Array, offset: number, S: number, u: number): number {
  let c = 0;
  while (c < S - 1 && u >= cdf[offset + c]) c++;
  return c;
}

/** Draws n roots from the root prior. */
export function sampleRoots(model: Jghm, n: number, rng: Rng): Int32Array {
  checkCount(n, 'sampleRoots');
  const S = model.states;
  const cdf = cumulative(model.rootPrior, S);
  const roots = new Int32Array(n);
  for (let i = 0; i < n; i++) roots[i] = draw(cdf, 0, S, rng.uniform32());
  return roots;
}

function checkCount(n: number, fn: string): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${fn}: n must be a non-negative integer (got ${n})`);
}

/** Samples the leaves of one tree given the roots (one sample per root). */
export function sampleTreeGivenRoots(model: Jghm, tree: TreeModel, roots: Int32Array, rng: Rng): LeafBatch {
  const S = model.states;
  const n = roots.length;
  const L = tree.depth;
  const cdfs = tree.kernels.map((k) => cumulative(k, S));
  const leaves = tree.leaves;
  const out = allocLeaves(S, n * leaves);
  let cur = new Int32Array(leaves);
  let next = new Int32Array(leaves);
  for (let i = 0; i < n; i++) {
    cur[0] = roots[i];
    for (let l = 1; l <= L; l++) {
      const m = tree.branching[l - 1];
      const parents = tree.layerSizes[l - 1];
      const cdf = cdfs[l - 1];
      const index = tree.kernelIndex[l - 1];
      for (let j = 0; j < parents; j++) {
        const ps = cur[j];
        for (let c = 0; c < m; c++) {
          const node = j * m + c;
          next[node] = draw(cdf, (index[node] * S + ps) * S, S, rng.uniform32());
        }
      }
      const t = cur;
      cur = next;
      next = t;
    }
    out.set(cur.subarray(0, leaves), i * leaves);
  }
  return { n, leaves, data: out };
}

/** Samples n (image, text) pairs sharing their roots. Streams: `roots`, `image`, `text` under `rng`. */
export function samplePairs(model: Jghm, n: number, rng: Rng): PairBatch {
  checkCount(n, 'samplePairs');
  const roots = sampleRoots(model, n, rng.split('roots'));
  return {
    n,
    roots,
    image: sampleTreeGivenRoots(model, model.image, roots, rng.split('image')),
    text: sampleTreeGivenRoots(model, model.text, roots, rng.split('text')),
  };
}

/** Samples n leaf vectors of one modality from its marginal (fresh independent roots). */
export function sampleMarginal(model: Jghm, modality: Modality, n: number, rng: Rng): LeafBatch {
  checkCount(n, 'sampleMarginal');
  const roots = sampleRoots(model, n, rng.split('roots'));
  return sampleTreeGivenRoots(model, treeOf(model, modality), roots, rng.split(modality));
}

/** Row i of a leaf batch (a view, no copy). */
export function leafRow(batch: LeafBatch, i: number): LeafArray {
  return batch.data.subarray(i * batch.leaves, (i + 1) * batch.leaves);
}

/** Wraps explicit leaf vectors (validated against S and the leaf count) as a batch. */
export function leafBatchOf(states: number, leaves: number, rows: readonly (readonly number[])[], field = 'leaves'): LeafBatch {
  const data = allocLeaves(states, rows.length * leaves);
  rows.forEach((row, i) => {
    if (row.length !== leaves) throw new RangeError(`${field}: expected ${leaves} leaf values, got ${row.length}`);
    row.forEach((v, t) => {
      if (!Number.isInteger(v) || v < 0 || v >= states) {
        throw new RangeError(`${field}: leaf ${t} must be an integer in 0..${states - 1} (got ${v})`);
      }
      data[i * leaves + t] = v;
    });
  });
  return { n: rows.length, leaves, data };
}
