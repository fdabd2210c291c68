/**
 * Fast exact root posteriors p(root | fully observed integer leaves) for one tree of a JGHM, batched.
 *
 * Same algorithm and the same floating-point operations, in the same order, as the generic leaves → root pass of
 * belief-propagation.ts (`rootPosteriorsFromEvidence` with one-hot evidence), which is its slow twin; the speed
 * comes from specialising to observed leaves:
 * - a leaf's message to its parent is a column of its kernel, rescaled to max 1: precomputed, contiguous (`leafMsg`);
 * - a bottom node (all children leaves, m of them) has only S^m possible outgoing messages: they are tabulated once
 *   per distinct (node kernel, child kernels) combination and looked up by the children's values (`tables`); trees
 *   whose tables would be too large fall back to the loop over leaf messages;
 * - everything lives in flat typed arrays (`RootPosteriorPlan`, cached per tree), the hot loops allocate nothing.
 * Messages are rescaled to max 1 at every node exactly as in the generic pass, so 81 leaves with tiny kernel entries
 * do not underflow, and no division by a message is ever taken, so kernels with exact zeros are fine. A sample whose
 * leaves have probability 0 under the model gets a NaN row (0/0), as in `combineAtRoot`.
 *
 * Three kernels compute the same bits, fastest first (`runPlanRows` picks):
 * 1. root-posterior-wasm.ts: WebAssembly SIMD, two samples per f64x2 vector (tables present, byte leaves);
 * 2. root-posterior-codegen.ts: straight-line JavaScript with the kernel entries as literals (trees small enough);
 * 3. `rootPosteriorRows` below: the generic loop, any tree. It is self-contained (no imports, no closures, only its
 *    arguments and `Math`) so that parallel-root-posteriors.ts can ship its source text to worker threads.
 */
import { type Jghm, type Modality, type TreeModel, treeOf } from './model.js';
import type { LeafBatch, LeafArray } from './sampling.js';
import { type GeneratedKernel, compileRootPosteriorSource, rootPosteriorSource } from './root-posterior-codegen.js';
import type { RootPosteriorPlan, WasmKernelSpec } from './root-posterior-plan.js';
import { type WasmKernel, WASM_CHUNK_ROWS, instantiateRootPosteriorWasm, rootPosteriorWasm } from './root-posterior-wasm.js';
import { observedEvidence, rootPosteriorsFromEvidence } from './belief-propagation.js';

/** Largest number of child-value tuples S^m of one bottom-node table. */
export const MAX_TABLE_TUPLES = 1 << 16;
/** Largest number of doubles held by all the bottom-node tables of one plan (32 MiB). */
export const MAX_TABLE_DOUBLES = 1 << 22;

export type { RootPosteriorPlan } from './root-posterior-plan.js';

/** Options of `buildRootPosteriorPlan`. */
export interface RootPosteriorPlanOptions {
  /** Tabulate bottom nodes when the tables fit the limits (default true). */
  tables?: boolean;
  /** Generate straight-line code when the tree is small enough (default true). */
  generate?: boolean;
  /** Emit the WebAssembly SIMD kernel when it applies (default true). */
  wasm?: boolean;
}

/** Builds the plan of one tree (uncached; `rootPosteriorPlan` caches). */
export function buildRootPosteriorPlan(model: Jghm, modality: Modality, options: RootPosteriorPlanOptions = {}): RootPosteriorPlan {
  const tree = treeOf(model, modality);
  const S = model.states;
  const L = tree.depth;
  const branching = Int32Array.from(tree.branching);
  const layerSizes = Int32Array.from(tree.layerSizes);
  const nodeBase = new Int32Array(L + 2);
  for (let l = 0; l <= L; l++) nodeBase[l + 1] = nodeBase[l] + layerSizes[l];
  const totalNodes = nodeBase[L + 1];
  const SS = S * S;

  // kernels of internal non-root nodes (layers 1..L-1): distinct kernels of each layer, back to back
  const internalLayers = tree.kernels.slice(0, L - 1);
  const kernels = new Float64Array(internalLayers.reduce((a, k) => a + k.length, 0));
  const nodeKernelOff = new Int32Array(totalNodes).fill(-1);
  let off = 0;
  for (let l = 1; l <= L - 1; l++) {
    kernels.set(tree.kernels[l - 1], off);
    const index = tree.kernelIndex[l - 1];
    for (let j = 0; j < layerSizes[l]; j++) nodeKernelOff[nodeBase[l] + j] = off + index[j] * SS;
    off += tree.kernels[l - 1].length;
  }

  // leaf messages: rescaled kernel columns, one S×S block per distinct leaf kernel
  const leafKernels = tree.kernels[L - 1];
  const distinctLeaf = leafKernels.length / SS;
  const leafMsg = new Float64Array(distinctLeaf * SS);
  for (let k = 0; k < distinctLeaf; k++) {
    for (let v = 0; v < S; v++) {
      const base = k * SS + v * S;
      let max = 0;
      for (let s = 0; s < S; s++) {
        const x = leafKernels[k * SS + s * S + v];
        leafMsg[base + s] = x;
        if (x > max) max = x;
      }
      if (max !== 0 && max !== 1) {
        const inv = 1 / max;
        for (let s = 0; s < S; s++) leafMsg[base + s] *= inv;
      }
    }
  }
  const leafMsgOff = new Int32Array(tree.leaves);
  for (let t = 0; t < tree.leaves; t++) leafMsgOff[t] = tree.kernelIndex[L - 1][t] * SS;

  const prior = Float64Array.from(model.rootPrior);
  const workSize = totalNodes * S + S;
  const base = { S, L, leaves: tree.leaves, branching, layerSizes, nodeBase, kernels, nodeKernelOff, leafMsg, leafMsgOff, prior, workSize };
  const withSource = (p: Omit<RootPosteriorPlan, 'source' | 'wasm'>): RootPosteriorPlan => ({
    ...p,
    source: options.generate === false ? null : rootPosteriorSource({ ...p, source: null, wasm: null }),
    wasm: options.wasm === false || !wasmAvailable() ? null : rootPosteriorWasm({ ...p, source: null, wasm: null }),
  });
  const noTables = () => withSource({ ...base, useTables: 0, tables: new Float64Array(0), tableOff: new Int32Array(0) });
  if (options.tables === false || L < 2) return noTables();

  // bottom-node tables, one per distinct (node kernel, child kernels) combination
  const m = branching[L - 1];
  const tuples = Math.pow(S, m);
  if (tuples > MAX_TABLE_TUPLES) return noTables();
  const nBottom = layerSizes[L - 1];
  const keyOf = new Map<string, number>();
  const keys: { node: number; childLeaf0: number }[] = [];
  const tableOff = new Int32Array(nBottom);
  for (let j = 0; j < nBottom; j++) {
    const parts = [nodeKernelOff[nodeBase[L - 1] + j]];
    for (let c = 0; c < m; c++) parts.push(leafMsgOff[j * m + c]);
    const key = parts.join(',');
    let which = keyOf.get(key);
    if (which === undefined) {
      which = keys.length;
      keyOf.set(key, which);
      keys.push({ node: j, childLeaf0: j * m });
    }
    tableOff[j] = which * tuples * S;
  }
  if (keys.length * tuples * S > MAX_TABLE_DOUBLES) return noTables();
  const tables = new Float64Array(keys.length * tuples * S);
  const h = new Float64Array(S);
  const values = new Int32Array(m);
  keys.forEach(({ node, childLeaf0 }, which) => {
    const kOff = nodeKernelOff[nodeBase[L - 1] + node];
    for (let idx = 0; idx < tuples; idx++) {
      // digits of idx, child 0 most significant (the kernel computes idx by Horner's rule in child order)
      let rest = idx;
      for (let c = m - 1; c >= 0; c--) {
        values[c] = rest % S;
        rest = (rest - values[c]) / S;
      }
      // the same operations as the kernel's loop over leaf messages
      for (let s = 0; s < S; s++) h[s] = 1;
      for (let c = 0; c < m; c++) {
        const lo = leafMsgOff[childLeaf0 + c] + values[c] * S;
        for (let s = 0; s < S; s++) h[s] *= leafMsg[lo + s];
      }
      rescaleInPlace(h, 0, S);
      const out = which * tuples * S + idx * S;
      for (let s = 0; s < S; s++) {
        let acc = 0;
        const row = kOff + s * S;
        for (let t = 0; t < S; t++) acc += kernels[row + t] * h[t];
        tables[out + s] = acc;
      }
      rescaleInPlace(tables, out, S);
    }
  });
  return withSource({ ...base, useTables: 1, tables, tableOff });
}

function rescaleInPlace(v: Float64Array, off: number, S: number): void {
  let max = 0;
  for (let s = 0; s < S; s++) if (v[off + s] > max) max = v[off + s];
  if (max !== 0 && max !== 1) {
    const inv = 1 / max;
    for (let s = 0; s < S; s++) v[off + s] *= inv;
  }
}

const planCache = new WeakMap<TreeModel, Map<string, RootPosteriorPlan>>();

/**
 * The cached plan of one tree of a model (WeakMap keyed by the TreeModel, so it lives as long as the model; the
 * key also includes the state count and the root prior, which the plan bakes in).
 */
export function rootPosteriorPlan(model: Jghm, modality: Modality): RootPosteriorPlan {
  const tree = treeOf(model, modality);
  let byModel = planCache.get(tree);
  if (!byModel) {
    byModel = new Map();
    planCache.set(tree, byModel);
  }
  const key = `${model.states}|${Array.from(model.rootPrior).join(',')}`;
  let plan = byModel.get(key);
  if (!plan) {
    plan = buildRootPosteriorPlan(model, modality);
    byModel.set(key, plan);
  }
  return plan;
}

/**
 * The hot kernel: root posteriors of rows [rowStart, rowEnd) of `data` (row-major [n × leaves] leaf values) into
 * `out` (row-major [n × S]), using `work` (length ≥ plan.workSize) as scratch. Returns −1, or the flat index in
 * `data` of the first leaf value ≥ S (rows before it are done, the rest untouched).
 *
 * Self-contained on purpose (no imports, no closures, no helpers): its source text is evaluated in worker threads.
 */
export function rootPosteriorRows(
  plan: RootPosteriorPlan,
  data: LeafArray,
  out: Float64Array,
  rowStart: number,
  rowEnd: number,
  work: Float64Array,
): number {
  const S = plan.S;
  const L = plan.L;
  const leaves = plan.leaves;
  const branching = plan.branching;
  const layerSizes = plan.layerSizes;
  const nodeBase = plan.nodeBase;
  const kernels = plan.kernels;
  const nodeKernelOff = plan.nodeKernelOff;
  const leafMsg = plan.leafMsg;
  const leafMsgOff = plan.leafMsgOff;
  const useTables = plan.useTables;
  const tables = plan.tables;
  const tableOff = plan.tableOff;
  const prior = plan.prior;
  const msg = work; // message of global node g at msg[g·S ..]; root h at msg[0..S)
  const hOff = nodeBase[L + 1] * S; // scratch h of the node being processed
  const mB = branching[L - 1];
  const nB = layerSizes[L - 1];
  const bBase = nodeBase[L - 1];
  for (let i = rowStart; i < rowEnd; i++) {
    const rowOff = i * leaves;
    // ---- layer L−1: nodes whose children are all leaves
    for (let j = 0; j < nB; j++) {
      const leaf0 = rowOff + j * mB;
      const dst = (bBase + j) * S;
      if (useTables === 1) {
        let idx = 0;
        for (let c = 0; c < mB; c++) {
          const v = data[leaf0 + c];
          if (v >= S) return leaf0 + c;
          idx = idx * S + v;
        }
        const src = tableOff[j] + idx * S;
        for (let s = 0; s < S; s++) msg[dst + s] = tables[src + s];
        continue;
      }
      for (let s = 0; s < S; s++) msg[hOff + s] = 1;
      for (let c = 0; c < mB; c++) {
        const v = data[leaf0 + c];
        if (v >= S) return leaf0 + c;
        const lo = leafMsgOff[j * mB + c] + v * S;
        for (let s = 0; s < S; s++) msg[hOff + s] *= leafMsg[lo + s];
      }
      let max = 0;
      for (let s = 0; s < S; s++) if (msg[hOff + s] > max) max = msg[hOff + s];
      if (max !== 0 && max !== 1) {
        const inv = 1 / max;
        for (let s = 0; s < S; s++) msg[hOff + s] *= inv;
      }
      if (L === 1) {
        for (let s = 0; s < S; s++) msg[s] = msg[hOff + s];
        continue;
      }
      const kOff = nodeKernelOff[bBase + j];
      max = 0;
      for (let s = 0; s < S; s++) {
        let acc = 0;
        const row = kOff + s * S;
        for (let t = 0; t < S; t++) acc += kernels[row + t] * msg[hOff + t];
        msg[dst + s] = acc;
        if (acc > max) max = acc;
      }
      if (max !== 0 && max !== 1) {
        const inv = 1 / max;
        for (let s = 0; s < S; s++) msg[dst + s] *= inv;
      }
    }
    // ---- layers L−2 .. 0: product of the children's messages, then (below the root) the node's kernel
    for (let l = L - 2; l >= 0; l--) {
      const m = branching[l];
      const nl = layerSizes[l];
      const childBase = nodeBase[l + 1];
      const nodeBaseL = nodeBase[l];
      for (let j = 0; j < nl; j++) {
        const c0 = (childBase + j * m) * S;
        for (let s = 0; s < S; s++) msg[hOff + s] = 1;
        for (let c = 0; c < m; c++) {
          const co = c0 + c * S;
          for (let s = 0; s < S; s++) msg[hOff + s] *= msg[co + s];
        }
        let max = 0;
        for (let s = 0; s < S; s++) if (msg[hOff + s] > max) max = msg[hOff + s];
        if (max !== 0 && max !== 1) {
          const inv = 1 / max;
          for (let s = 0; s < S; s++) msg[hOff + s] *= inv;
        }
        if (l === 0) {
          for (let s = 0; s < S; s++) msg[s] = msg[hOff + s];
          break;
        }
        const dst = (nodeBaseL + j) * S;
        const kOff = nodeKernelOff[nodeBaseL + j];
        max = 0;
        for (let s = 0; s < S; s++) {
          let acc = 0;
          const row = kOff + s * S;
          for (let t = 0; t < S; t++) acc += kernels[row + t] * msg[hOff + t];
          msg[dst + s] = acc;
          if (acc > max) max = acc;
        }
        if (max !== 0 && max !== 1) {
          const inv = 1 / max;
          for (let s = 0; s < S; s++) msg[dst + s] *= inv;
        }
      }
    }
    // ---- root: prior ⊙ likelihood, normalised (0/0 = NaN when the leaves are impossible)
    const o = i * S;
    let sum = 0;
    for (let s = 0; s < S; s++) {
      const v = prior[s] * msg[s];
      out[o + s] = v;
      sum += v;
    }
    for (let s = 0; s < S; s++) out[o + s] /= sum;
  }
  return -1;
}

/** Checks a leaf batch against a plan; throws RangeError naming the argument (`leaves`) and `fn`. */
export function checkLeafBatch(plan: RootPosteriorPlan, leaves: LeafBatch, fn: string, modality: Modality): void {
  if (!leaves || typeof leaves !== 'object' || !leaves.data) throw new RangeError(`${fn}: leaves must be a LeafBatch {n, leaves, data}`);
  if (!Number.isInteger(leaves.n) || leaves.n < 0) throw new RangeError(`${fn}: leaves.n must be a non-negative integer (got ${leaves.n})`);
  if (leaves.leaves !== plan.leaves) {
    throw new RangeError(`${fn}: leaves has ${leaves.leaves} leaves per sample, the ${modality} tree has ${plan.leaves}`);
  }
  if (!(leaves.data instanceof Uint8Array || leaves.data instanceof Uint16Array)) {
    throw new RangeError(`${fn}: leaves.data must be a Uint8Array or Uint16Array`);
  }
  if (leaves.data.length < leaves.n * leaves.leaves) {
    throw new RangeError(`${fn}: leaves.data has ${leaves.data.length} values, need n × leaves = ${leaves.n * leaves.leaves}`);
  }
}

/** Throws the RangeError for a bad leaf value found by the kernel at flat index `bad`. */
export function badLeafError(fn: string, leaves: LeafBatch, bad: number, S: number): RangeError {
  const row = Math.floor(bad / leaves.leaves);
  return new RangeError(`${fn}: leaves.data row ${row} leaf ${bad - row * leaves.leaves} is ${leaves.data[bad]}, must be in 0..${S - 1}`);
}

/**
 * Exact root posteriors p(root | leaves) for fully observed integer leaves of one tree, [n × S] row-major (into
 * `out` when given, which must have length n × S). Any tree shape, invariant or per-edge kernels, kernels with
 * zeros, non-uniform root prior. Throws RangeError naming `leaves` or `out` on bad input.
 */
export function rootPosteriors(model: Jghm, modality: Modality, leaves: LeafBatch, out?: Float64Array): Float64Array {
  if (modality !== 'image' && modality !== 'text') throw new RangeError(`rootPosteriors: modality must be 'image' or 'text' (got ${String(modality)})`);
  const result = rootPosteriorsWithPlan(rootPosteriorPlan(model, modality), leaves, out, modality);
  // A NaN row means impossible evidence or a subnormal message maximum (whose inverse overflows in the fast kernels):
  // recompute such rows with the slow twin, which divides in that case (and also returns NaN for impossible evidence).
  const S = model.states;
  for (let i = 0; i < leaves.n; i++) {
    if (!Number.isNaN(result[i * S])) continue;
    const row = { n: 1, leaves: leaves.leaves, data: leaves.data.subarray(i * leaves.leaves, (i + 1) * leaves.leaves) };
    result.set(rootPosteriorsFromEvidence(model, modality, observedEvidence(S, row)), i * S);
  }
  return result;
}

/** `rootPosteriors` with an explicit plan (e.g. one built without tables). */
export function rootPosteriorsWithPlan(plan: RootPosteriorPlan, leaves: LeafBatch, out?: Float64Array, modality: Modality = 'image'): Float64Array {
  const fn = 'rootPosteriors';
  checkLeafBatch(plan, leaves, fn, modality);
  const n = leaves.n;
  const S = plan.S;
  if (out !== undefined && (!(out instanceof Float64Array) || out.length !== n * S)) {
    throw new RangeError(`${fn}: out must be a Float64Array of length n × S = ${n * S} (got ${out instanceof Float64Array ? out.length : typeof out})`);
  }
  const result = out ?? new Float64Array(n * S);
  const bad = runPlanRows(plan, leaves.data, result, 0, n, workFor(plan));
  if (bad >= 0) throw badLeafError(fn, leaves, bad, S);
  return result;
}

let wasmSupport: boolean | undefined;
/** Whether this runtime compiles WebAssembly SIMD (checked once with a tiny module). */
export function wasmAvailable(): boolean {
  if (wasmSupport === undefined) {
    // (func (result v128) v128.const 0) — valid only where SIMD is supported
    const probe = Uint8Array.from([
      0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11,
    ]);
    try {
      wasmSupport = typeof WebAssembly === 'object' && WebAssembly.validate(probe);
    } catch {
      wasmSupport = false;
    }
  }
  return wasmSupport;
}

const compiled = new WeakMap<RootPosteriorPlan, GeneratedKernel>();
const compiledWasm = new WeakMap<RootPosteriorPlan, WasmKernel>();

/** The instantiated WebAssembly kernel of a plan (cached), or null when the plan has none. */
export function wasmKernelOf(plan: RootPosteriorPlan): WasmKernel | null {
  if (plan.wasm === null) return null;
  let k = compiledWasm.get(plan);
  if (!k) {
    k = instantiateRootPosteriorWasm(plan.wasm, plan.tables, plan.S, plan.leaves, WASM_CHUNK_ROWS);
    compiledWasm.set(plan, k);
  }
  return k;
}

/** The compiled straight-line kernel of a plan (cached), or null when the plan has no generated source. */
export function generatedKernelOf(plan: RootPosteriorPlan): GeneratedKernel | null {
  if (plan.source === null) return null;
  let k = compiled.get(plan);
  if (!k) {
    k = compileRootPosteriorSource(plan.source);
    compiled.set(plan, k);
  }
  return k;
}

/**
 * Runs rows [rowStart, rowEnd) with the fastest kernel the plan has: WebAssembly (byte leaves), generated
 * JavaScript, or the generic `rootPosteriorRows`. All three give the same bits.
 */
export function runPlanRows(plan: RootPosteriorPlan, data: LeafArray, out: Float64Array, rowStart: number, rowEnd: number, work: Float64Array): number {
  if (plan.wasm !== null && data instanceof Uint8Array) return wasmKernelOf(plan)!(data, out, rowStart, rowEnd);
  const gen = generatedKernelOf(plan);
  return gen ? gen(data, out, rowStart, rowEnd, plan.tables, plan.leafMsg) : rootPosteriorRows(plan, data, out, rowStart, rowEnd, work);
}

let sharedWork = new Float64Array(0);
function workFor(plan: RootPosteriorPlan): Float64Array {
  if (sharedWork.length < plan.workSize) sharedWork = new Float64Array(plan.workSize);
  return sharedWork;
}
