/**
 * WebAssembly SIMD kernel for root posteriors (the fastest path of root-posterior-fast.ts, used when the plan has
 * bottom-node tables and the leaves are bytes).
 *
 * Two samples at a time, one per lane of an f64x2 vector: each lane performs exactly the scalar operations of the
 * generated JavaScript kernel (root-posterior-codegen.ts) for its own sample, in the same order (IEEE double
 * arithmetic, no fused multiply-add), so the output is bit-for-bit the same. The rescaling branch
 * `if (max ≠ 0 && max ≠ 1) v *= 1/max` becomes branch-free: v *= 1/(max = 0 ? 1 : max), exact because v·1 = v.
 *
 * The module is emitted directly as bytes (no toolchain). Memory: [tables | input rows (bytes) | output rows (f64)].
 * `run(pairs)` processes `pairs` pairs of rows from the input area and returns −1, or the index of the first pair
 * holding a leaf value ≥ S (the caller then locates it).
 */
import type { RootPosteriorPlan, WasmKernelSpec } from './root-posterior-plan.js';
import { SECTION, VALTYPE, WASM_HEADER, f64Bytes, writeName, writeSection, writeSleb, writeUleb } from './wasm-bytes.js';

/** Rows per call of the module (its input and output areas hold this many). */
export const WASM_CHUNK_ROWS = 1024;
/** Largest number of kernel terms the module is emitted for. */
export const MAX_WASM_TERMS = 200_000;

export type { WasmKernelSpec } from './root-posterior-plan.js';

const OP = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  return: 0x0f,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  select: 0x1b,
  i32Load8u: 0x2d,
  i32Const: 0x41,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Mul: 0x6c,
  i32Or: 0x72,
  simd: 0xfd,
} as const;
const SIMD = {
  load64Splat: 0x0a,
  const: 0x0c,
  f64x2Eq: 0x47,
  bitselect: 0x52,
  load64Lane: 0x57,
  store64Lane: 0x5b,
  f64x2Add: 0xf0,
  f64x2Mul: 0xf2,
  f64x2Div: 0xf3,
  f64x2Pmax: 0xf7,
} as const;

/**
 * Builds the module for a plan, or null when this path does not apply (no bottom tables, or too large).
 */
export function rootPosteriorWasm(plan: RootPosteriorPlan): WasmKernelSpec | null {
  const { S, L, leaves, branching, nodeBase, kernels, nodeKernelOff, useTables, tableOff, prior, tables } = plan;
  if (useTables !== 1 || L < 2 || S > 256) return null;
  let terms = 0;
  for (let l = 1; l <= L - 2; l++) {
    for (let j = 0; j < plan.layerSizes[l]; j++) {
      const off = nodeKernelOff[nodeBase[l] + j];
      for (let k = 0; k < S * S; k++) if (kernels[off + k] !== 0) terms++;
    }
  }
  if (terms > MAX_WASM_TERMS) return null;

  const tablesOffset = 0;
  const inputOffset = tables.length * 8;
  const outputOffset = Math.ceil((inputOffset + WASM_CHUNK_ROWS * leaves) / 16) * 16;
  const end = outputOffset + WASM_CHUNK_ROWS * S * 8;
  const pages = Math.ceil(end / 65536) + 1;

  // locals: 0 = pairs (param); i32 locals then v128 locals, numbered as they are created
  let nextLocal = 1;
  const I32 = () => nextLocal++;
  const p = I32();
  const ra = I32();
  const rb = I32();
  const oa = I32();
  const ob = I32();
  const bad = I32();
  const ia = I32();
  const ib = I32();
  const cnd = I32();
  const maxM = Math.max(...Array.from(branching));
  const xa = Array.from({ length: maxM }, () => I32());
  const xb = Array.from({ length: maxM }, () => I32());
  const firstV128 = nextLocal;
  let v128Count = 0;
  const V = () => {
    v128Count++;
    return nextLocal++;
  };

  const c: number[] = []; // function body code
  const get = (i: number) => {
    c.push(OP.localGet);
    writeUleb(c, i);
  };
  const set = (i: number) => {
    c.push(OP.localSet);
    writeUleb(c, i);
  };
  const i32c = (x: number) => {
    c.push(OP.i32Const);
    writeSleb(c, x);
  };
  const simd = (op: number) => {
    c.push(OP.simd);
    writeUleb(c, op);
  };
  const memarg = (align: number, offset: number) => {
    writeUleb(c, align);
    writeUleb(c, offset);
  };
  const vconst = (x: number) => {
    simd(SIMD.const);
    const b = f64Bytes(x);
    c.push(...b, ...b);
  };

  /** Rescales the vectors v (locals) to max 1 per lane, exactly as the scalar kernels do. */
  const rescale = (v: number[]) => {
    const mx = V();
    get(v[0]);
    for (let s = 1; s < S; s++) {
      get(v[s]);
      simd(SIMD.f64x2Pmax); // pmax(mx, v) = mx < v ? v : mx, i.e. `if (v > mx) mx = v`
    }
    set(mx);
    // inv = 1 / (mx == 0 ? 1 : mx)
    const inv = V();
    vconst(1);
    vconst(1);
    get(mx);
    get(mx);
    vconst(0);
    simd(SIMD.f64x2Eq);
    simd(SIMD.bitselect);
    simd(SIMD.f64x2Div);
    set(inv);
    for (let s = 0; s < S; s++) {
      get(v[s]);
      get(inv);
      simd(SIMD.f64x2Mul);
      set(v[s]);
    }
  };

  type Child = (s: number) => void; // pushes the child's message entry s (a vector)
  const visit = (l: number, j: number): Child => {
    const m = branching[l];
    if (l === L - 1) {
      // bottom node: table lookup per lane
      for (let k = 0; k < m; k++) {
        const t = j * m + k;
        for (const [row, x] of [
          [ra, xa[k]],
          [rb, xb[k]],
        ] as const) {
          // x = leaf value; a value ≥ S flags the pair and is replaced by 0 so the lookup stays inside the table
          get(row);
          c.push(OP.i32Load8u);
          memarg(0, inputOffset + t);
          c.push(OP.localTee);
          writeUleb(c, x);
          i32c(S);
          c.push(OP.i32GeU);
          c.push(OP.localTee);
          writeUleb(c, cnd);
          get(bad);
          c.push(OP.i32Or);
          set(bad);
          i32c(0);
          get(x);
          get(cnd);
          c.push(OP.select);
          set(x);
        }
      }
      for (const [x, idx] of [
        [xa, ia],
        [xb, ib],
      ] as const) {
        get(x[0]);
        for (let k = 1; k < m; k++) {
          i32c(S);
          c.push(OP.i32Mul);
          get(x[k]);
          c.push(OP.i32Add);
        }
        i32c(S * 8);
        c.push(OP.i32Mul);
        set(idx);
      }
      const base = tablesOffset + tableOff[j] * 8;
      // the lookups of one node must be read before the next node overwrites ia/ib: copy into vector locals
      const q: number[] = [];
      for (let s = 0; s < S; s++) {
        const v = V();
        get(ib);
        get(ia);
        simd(SIMD.load64Splat);
        memarg(3, base + s * 8);
        simd(SIMD.load64Lane);
        memarg(3, base + s * 8);
        c.push(1);
        set(v);
        q.push(v);
      }
      return (s) => get(q[s]);
    }
    const children: Child[] = [];
    for (let k = 0; k < m; k++) children.push(visit(l + 1, j * m + k));
    const h: number[] = [];
    for (let s = 0; s < S; s++) {
      const v = V();
      children[0](s);
      for (let k = 1; k < m; k++) {
        children[k](s);
        simd(SIMD.f64x2Mul);
      }
      set(v);
      h.push(v);
    }
    rescale(h);
    if (l === 0) return (s) => get(h[s]);
    const kOff = nodeKernelOff[nodeBase[l] + j];
    const q: number[] = [];
    for (let s = 0; s < S; s++) {
      const v = V();
      let first = true;
      for (let t = 0; t < S; t++) {
        const k = kernels[kOff + s * S + t];
        if (k === 0) continue;
        if (k === 1) get(h[t]);
        else {
          vconst(k);
          get(h[t]);
          simd(SIMD.f64x2Mul);
        }
        if (!first) simd(SIMD.f64x2Add);
        first = false;
      }
      if (first) vconst(0);
      set(v);
      q.push(v);
    }
    rescale(q);
    return (s) => get(q[s]);
  };

  // loop over pairs
  i32c(0);
  set(p);
  c.push(OP.block, 0x40, OP.loop, 0x40);
  get(p);
  get(0);
  c.push(OP.i32GeU, OP.brIf);
  writeUleb(c, 1);
  // ra = p·2·leaves (input rows are relative to inputOffset, added as a memarg offset); rb = ra + leaves
  get(p);
  i32c(2 * leaves);
  c.push(OP.i32Mul);
  c.push(OP.localTee);
  writeUleb(c, ra);
  i32c(leaves);
  c.push(OP.i32Add);
  set(rb);
  get(p);
  i32c(2 * S * 8);
  c.push(OP.i32Mul);
  c.push(OP.localTee);
  writeUleb(c, oa);
  i32c(S * 8);
  c.push(OP.i32Add);
  set(ob);
  i32c(0);
  set(bad);
  const root = visit(0, 0);
  // root: p_s = prior_s · h_s, sum, out = p_s / sum
  const pv: number[] = [];
  for (let s = 0; s < S; s++) {
    const v = V();
    vconst(prior[s]);
    root(s);
    simd(SIMD.f64x2Mul);
    set(v);
    pv.push(v);
  }
  const sum = V();
  get(pv[0]);
  for (let s = 1; s < S; s++) {
    get(pv[s]);
    simd(SIMD.f64x2Add);
  }
  set(sum);
  get(bad);
  c.push(OP.if, 0x40);
  get(p);
  c.push(OP.return, OP.end);
  for (let s = 0; s < S; s++) {
    const r = V();
    get(pv[s]);
    get(sum);
    simd(SIMD.f64x2Div);
    set(r);
    for (const [o, lane] of [
      [oa, 0],
      [ob, 1],
    ] as const) {
      get(o);
      get(r);
      simd(SIMD.store64Lane);
      memarg(3, outputOffset + s * 8);
      c.push(lane);
    }
  }
  get(p);
  i32c(1);
  c.push(OP.i32Add);
  set(p);
  c.push(OP.br);
  writeUleb(c, 0);
  c.push(OP.end, OP.end);
  i32c(-1);
  c.push(OP.end);

  // function body = locals + code
  const body: number[] = [];
  writeUleb(body, 2);
  writeUleb(body, firstV128 - 1);
  body.push(VALTYPE.i32);
  writeUleb(body, v128Count);
  body.push(VALTYPE.v128);
  body.push(...c);

  const mod: number[] = [...WASM_HEADER];
  writeSection(mod, SECTION.type, [0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f]); // type: (i32) -> i32
  writeSection(mod, SECTION.function, [0x01, 0x00]); // function 0 has type 0
  const memSec: number[] = [0x01, 0x00];
  writeUleb(memSec, pages);
  writeSection(mod, SECTION.memory, memSec); // memory: min pages
  const exp: number[] = [0x02];
  const name = (sname: string) => writeName(exp, sname);
  name('run');
  exp.push(0x00, 0x00);
  name('memory');
  exp.push(0x02, 0x00);
  writeSection(mod, SECTION.export, exp);
  const code: number[] = [0x01];
  writeUleb(code, body.length);
  code.push(...body);
  writeSection(mod, SECTION.code, code);
  return { bytes: Uint8Array.from(mod), tablesOffset, inputOffset, outputOffset, pages };
}

/** The compiled driver of a module: same contract as `rootPosteriorRows` (Uint8Array leaves only). */
export type WasmKernel = (data: Uint8Array, out: Float64Array, rowStart: number, rowEnd: number) => number;

/**
 * Instantiates a module and returns its driver. Self-contained (no imports, no closures over module scope) so
 * worker threads can evaluate its source text.
 */
export function instantiateRootPosteriorWasm(spec: WasmKernelSpec, tables: Float64Array, S: number, leaves: number, chunkRows: number): WasmKernel {
  if (chunkRows % 2 !== 0) throw new RangeError('instantiateRootPosteriorWasm: chunkRows must be even');
  const module = new WebAssembly.Module(spec.bytes as Uint8Array<ArrayBuffer>);
  const instance = new WebAssembly.Instance(module, {});
  const memory = instance.exports.memory as WebAssembly.Memory;
  const run = instance.exports.run as (pairs: number) => number;
  new Float64Array(memory.buffer, spec.tablesOffset, tables.length).set(tables);
  const input = new Uint8Array(memory.buffer, spec.inputOffset, chunkRows * leaves);
  const output = new Float64Array(memory.buffer, spec.outputOffset, chunkRows * S);
  return (data, out, rowStart, rowEnd) => {
    for (let a = rowStart; a < rowEnd; a += chunkRows) {
      const b = Math.min(rowEnd, a + chunkRows);
      const rows = b - a;
      input.set(data.subarray(a * leaves, b * leaves));
      if (rows % 2 === 1) input.copyWithin(rows * leaves, (rows - 1) * leaves, rows * leaves); // pad with a copy
      const pairs = (rows + 1) >> 1;
      const badPair = run(pairs);
      if (badPair >= 0) {
        // rows before the bad pair are done; locate the first bad value from there
        out.set(output.subarray(0, 2 * badPair * S), a * S);
        for (let k = (a + 2 * badPair) * leaves; k < b * leaves; k++) if (data[k] >= S) return k;
      }
      out.set(output.subarray(0, rows * S), a * S);
    }
    return -1;
  };
}
