/**
 * The plan of the fast root-posterior kernels (root-posterior-fast.ts builds it; the generated JavaScript kernel of
 * root-posterior-codegen.ts and the WebAssembly kernel of root-posterior-wasm.ts read it). Types only, in their own
 * file so that the kernels and the planner do not import each other.
 */

/** What a thread needs to instantiate and drive the module. */
export interface WasmKernelSpec {
  /** The module bytes. */
  readonly bytes: Uint8Array;
  /** Byte offset of the tables in memory. */
  readonly tablesOffset: number;
  /** Byte offset of the input rows. */
  readonly inputOffset: number;
  /** Byte offset of the output rows. */
  readonly outputOffset: number;
  /** Memory pages (64 KiB) the module declares. */
  readonly pages: number;
}

/**
 * Everything the hot kernel needs about one tree, packed in flat typed arrays (structured-cloneable, so workers can
 * receive it). Nodes are numbered globally: node j of layer l is `nodeBase[l] + j` (the root is node 0).
 */
export interface RootPosteriorPlan {
  /** Number of states S. */
  readonly S: number;
  /** Depth L ≥ 1. */
  readonly L: number;
  /** Number of leaves. */
  readonly leaves: number;
  /** branching[l-1] = m_l. */
  readonly branching: Int32Array;
  /** Nodes per layer, length L+1. */
  readonly layerSizes: Int32Array;
  /** First global node number of each layer, length L+2 (the last entry is the total node count). */
  readonly nodeBase: Int32Array;
  /** Row-major S×S kernels of every node of layers 1..L−1, back to back (distinct kernels only). */
  readonly kernels: Float64Array;
  /** Offset in `kernels` of the kernel of each global node (−1 for the root and for leaves). */
  readonly nodeKernelOff: Int32Array;
  /** Leaf messages: leafMsg[leafMsgOff[t] + v·S + s] = K_t(s, v) / max_s' K_t(s', v) (0 column stays 0). */
  readonly leafMsg: Float64Array;
  /** Offset in `leafMsg` of each leaf's block (S×S). */
  readonly leafMsgOff: Int32Array;
  /** 1 when the bottom layer (L−1, L ≥ 2) uses lookup tables. */
  readonly useTables: number;
  /** Bottom-node tables: tables[tableOff[j] + (Σ_c v_c·S^(m−1−c))·S + s] = rescaled outgoing message. */
  readonly tables: Float64Array;
  /** Offset in `tables` of the table of each node of layer L−1 (empty when `useTables` is 0). */
  readonly tableOff: Int32Array;
  /** Root prior ψ_r. */
  readonly prior: Float64Array;
  /** Length of the work buffer the kernel needs (doubles). */
  readonly workSize: number;
  /** Straight-line code for this tree (root-posterior-codegen.ts), or null: then the generic kernel runs. */
  readonly source: string | null;
  /** WebAssembly SIMD module for this tree (root-posterior-wasm.ts), or null; used for byte leaves. */
  readonly wasm: WasmKernelSpec | null;
}
