/**
 * A small hand-assembled WebAssembly SIMD module that shares the tfjs wasm backend's memory, for the kernels the
 * stock backend runs slowly:
 * - `bmm(a, b, c, batch, m, k, n, strideA, strideB, strideC)`: batched row-major C[t] = A[t]·B[t] (no transposes;
 *   pointers in bytes, batch strides in elements; stride 0 broadcasts). Columns are processed 16 at a time in four
 *   f32x4 accumulators, then 4 at a time, then one by one.
 * - `colsum(x, out, rows, cols)`: out[j] = Σ_i x[i·cols + j] (float32 accumulation in row order);
 * - `lnFwd` / `lnBwd`: fused LayerNorm forward and backward over rows whose length is a multiple of 4.
 * (A Aᵀ·B kernel in 2×16 register tiles for weight gradients was tried and was not faster than transpose + XNNPACK.)
 *
 * The binary is built by the tiny assembler below (no toolchain needed). Every function has a plain-JS twin in the
 * tests (test/models/backends/kernels.test.ts).
 */

import { SECTION, VALTYPE, name as str, section, sleb, uleb, vec, wasmModule } from '../../../theory/wasm-bytes.js';

const I32 = VALTYPE.i32;
const V128 = VALTYPE.v128;
const F32 = VALTYPE.f32;

/** Instruction helpers (each returns bytes). */
const op = {
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  tee: (i: number) => [0x22, ...uleb(i)],
  i32: (v: number) => [0x41, ...sleb(v)],
  add: [0x6a],
  sub: [0x6b],
  mul: [0x6c],
  shl: [0x74],
  ltU: [0x49],
  leU: [0x4d],
  geU: [0x4f],
  f32load: (offset = 0) => [0x2a, 2, ...uleb(offset)],
  f32store: (offset = 0) => [0x38, 2, ...uleb(offset)],
  f32add: [0x92],
  f32mul: [0x94],
  f32zero: [0x43, 0, 0, 0, 0],
  vload: (offset = 0) => [0xfd, 0x00, 0, ...uleb(offset)],
  vstore: (offset = 0) => [0xfd, 0x0b, 0, ...uleb(offset)],
  vsplat: [0xfd, 0x13],
  vadd: [0xfd, ...uleb(0xe4)],
  vsub: [0xfd, ...uleb(0xe5)],
  lane: (i: number) => [0xfd, 0x1f, i],
  f32sub: [0x93],
  f32div: [0x95],
  f32sqrt: [0x91],
  f32fromI32: [0xb2],
  f32one: [0x43, 0x00, 0x00, 0x80, 0x3f],
  vmul: [0xfd, ...uleb(0xe6)],
  vzero: [0xfd, 0x0c, ...new Array(16).fill(0)],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  br: (d: number) => [0x0c, ...uleb(d)],
  brIf: (d: number) => [0x0d, ...uleb(d)],
  end: [0x0b],
  eqz: [0x45],
};

/** while (cond) { body } as block/loop; `cond` leaves an i32 on the stack. */
function whileLoop(cond: number[], body: number[]): number[] {
  return [...op.block, ...op.loop, ...cond, ...op.eqz, ...op.brIf(1), ...body, ...op.br(0), ...op.end, ...op.end];
}

function bmmBody(): { locals: number[][]; code: number[] } {
  // params: 0 a, 1 b, 2 c, 3 batch, 4 m, 5 k, 6 n, 7 sa, 8 sb, 9 sc (all i32)
  const [A, B, C, BATCH, M, K, N, SA, SB, SC] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  // i32 locals
  const [T, I, J, P, AB, BB, CB, AP, BP, CROW, NB] = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
  // v128 locals
  const [V0, V1, V2, V3, AV] = [21, 22, 23, 24, 25];
  const S = 26; // f32 scalar accumulator
  const g = op.get;
  const s = op.set;
  const accLoop = (vs: number[]) => [
    // ap = ab + i*k*4 ; bp = bb + j*4 ; p = 0
    ...g(AB), ...g(I), ...g(K), ...op.mul, ...op.i32(2), ...op.shl, ...op.add, ...s(AP),
    ...g(BB), ...g(J), ...op.i32(2), ...op.shl, ...op.add, ...s(BP),
    ...vs.flatMap((v) => [...op.vzero, ...s(v)]),
    ...op.i32(0), ...s(P),
    ...whileLoop([...g(P), ...g(K), ...op.ltU], [
      ...g(AP), ...op.f32load(), ...op.vsplat, ...s(AV),
      ...vs.flatMap((v, q) => [...g(v), ...g(AV), ...g(BP), ...op.vload(16 * q), ...op.vmul, ...op.vadd, ...s(v)]),
      ...g(AP), ...op.i32(4), ...op.add, ...s(AP),
      ...g(BP), ...g(NB), ...op.add, ...s(BP),
      ...g(P), ...op.i32(1), ...op.add, ...s(P),
    ]),
    // store at crow + j*4
    ...vs.flatMap((v, q) => [...g(CROW), ...g(J), ...op.i32(2), ...op.shl, ...op.add, ...g(v), ...op.vstore(16 * q)]),
    ...g(J), ...op.i32(4 * vs.length), ...op.add, ...s(J),
  ];
  const scalarLoop = [
    ...g(AB), ...g(I), ...g(K), ...op.mul, ...op.i32(2), ...op.shl, ...op.add, ...s(AP),
    ...g(BB), ...g(J), ...op.i32(2), ...op.shl, ...op.add, ...s(BP),
    ...op.f32zero, ...s(S),
    ...op.i32(0), ...s(P),
    ...whileLoop([...g(P), ...g(K), ...op.ltU], [
      ...g(S), ...g(AP), ...op.f32load(), ...g(BP), ...op.f32load(), ...op.f32mul, ...op.f32add, ...s(S),
      ...g(AP), ...op.i32(4), ...op.add, ...s(AP),
      ...g(BP), ...g(NB), ...op.add, ...s(BP),
      ...g(P), ...op.i32(1), ...op.add, ...s(P),
    ]),
    ...g(CROW), ...g(J), ...op.i32(2), ...op.shl, ...op.add, ...g(S), ...op.f32store(),
    ...g(J), ...op.i32(1), ...op.add, ...s(J),
  ];
  const code = [
    ...g(N), ...op.i32(2), ...op.shl, ...s(NB),
    ...op.i32(0), ...s(T),
    ...whileLoop([...g(T), ...g(BATCH), ...op.ltU], [
      ...g(A), ...g(T), ...g(SA), ...op.mul, ...op.i32(2), ...op.shl, ...op.add, ...s(AB),
      ...g(B), ...g(T), ...g(SB), ...op.mul, ...op.i32(2), ...op.shl, ...op.add, ...s(BB),
      ...g(C), ...g(T), ...g(SC), ...op.mul, ...op.i32(2), ...op.shl, ...op.add, ...s(CB),
      ...op.i32(0), ...s(I),
      ...whileLoop([...g(I), ...g(M), ...op.ltU], [
        ...g(CB), ...g(I), ...g(N), ...op.mul, ...op.i32(2), ...op.shl, ...op.add, ...s(CROW),
        ...op.i32(0), ...s(J),
        ...whileLoop([...g(J), ...op.i32(16), ...op.add, ...g(N), ...op.leU], accLoop([V0, V1, V2, V3])),
        ...whileLoop([...g(J), ...op.i32(4), ...op.add, ...g(N), ...op.leU], accLoop([V0])),
        ...whileLoop([...g(J), ...g(N), ...op.ltU], scalarLoop),
        ...g(I), ...op.i32(1), ...op.add, ...s(I),
      ]),
      ...g(T), ...op.i32(1), ...op.add, ...s(T),
    ]),
  ];
  return { locals: [[...uleb(11), I32], [...uleb(5), V128], [...uleb(1), F32]], code };
}

function colsumBody(): { locals: number[][]; code: number[] } {
  // params: 0 x, 1 out, 2 rows, 3 cols
  const [X, OUT, ROWS, COLS] = [0, 1, 2, 3];
  const [I, J, XP, RB] = [4, 5, 6, 7];
  const V = 8;
  const S = 9;
  const g = op.get;
  const s = op.set;
  const code = [
    ...g(COLS), ...op.i32(2), ...op.shl, ...s(RB),
    // vector part: j in steps of 4
    ...op.i32(0), ...s(J),
    ...whileLoop([...g(J), ...op.i32(4), ...op.add, ...g(COLS), ...op.leU], [
      ...op.vzero, ...s(V),
      ...g(X), ...g(J), ...op.i32(2), ...op.shl, ...op.add, ...s(XP),
      ...op.i32(0), ...s(I),
      ...whileLoop([...g(I), ...g(ROWS), ...op.ltU], [
        ...g(V), ...g(XP), ...op.vload(), ...op.vadd, ...s(V),
        ...g(XP), ...g(RB), ...op.add, ...s(XP),
        ...g(I), ...op.i32(1), ...op.add, ...s(I),
      ]),
      ...g(OUT), ...g(J), ...op.i32(2), ...op.shl, ...op.add, ...g(V), ...op.vstore(),
      ...g(J), ...op.i32(4), ...op.add, ...s(J),
    ]),
    // scalar tail
    ...whileLoop([...g(J), ...g(COLS), ...op.ltU], [
      ...op.f32zero, ...s(S),
      ...g(X), ...g(J), ...op.i32(2), ...op.shl, ...op.add, ...s(XP),
      ...op.i32(0), ...s(I),
      ...whileLoop([...g(I), ...g(ROWS), ...op.ltU], [
        ...g(S), ...g(XP), ...op.f32load(), ...op.f32add, ...s(S),
        ...g(XP), ...g(RB), ...op.add, ...s(XP),
        ...g(I), ...op.i32(1), ...op.add, ...s(I),
      ]),
      ...g(OUT), ...g(J), ...op.i32(2), ...op.shl, ...op.add, ...g(S), ...op.f32store(),
      ...g(J), ...op.i32(1), ...op.add, ...s(J),
    ]),
  ];
  return { locals: [[...uleb(4), I32], [...uleb(1), V128], [...uleb(1), F32]], code };
}

/** Horizontal sum of a v128 local: leaves an f32 on the stack. */
function hsum(v: number): number[] {
  return [...op.get(v), ...op.lane(0), ...op.get(v), ...op.lane(1), ...op.f32add, ...op.get(v), ...op.lane(2), ...op.f32add, ...op.get(v), ...op.lane(3), ...op.f32add];
}

function lnFwdBody(): { locals: number[][]; code: number[] } {
  // params: 0 x, 1 g, 2 b, 3 y, 4 xh, 5 rs, 6 rows, 7 cols (i32), 8 eps (f32)
  const [X, G, Bt, Y, XH, RS, ROWS, COLS, EPS] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [R, J, XP, CB, RO] = [9, 10, 11, 12, 13];
  const [SUMV, T, MEANV, RSTDV] = [14, 15, 16, 17];
  const [MEAN, RSTD, NF] = [18, 19, 20];
  const g = op.get;
  const s = op.set;
  const code = [
    ...g(COLS), ...op.i32(2), ...op.shl, ...s(CB),
    ...g(COLS), ...op.f32fromI32, ...s(NF),
    ...op.i32(0), ...s(R),
    ...whileLoop([...g(R), ...g(ROWS), ...op.ltU], [
      ...g(R), ...g(CB), ...op.mul, ...s(RO),
      ...g(X), ...g(RO), ...op.add, ...s(XP),
      ...op.vzero, ...s(SUMV), ...op.i32(0), ...s(J),
      ...whileLoop([...g(J), ...g(CB), ...op.ltU], [
        ...g(SUMV), ...g(XP), ...g(J), ...op.add, ...op.vload(), ...op.vadd, ...s(SUMV),
        ...g(J), ...op.i32(16), ...op.add, ...s(J),
      ]),
      ...hsum(SUMV), ...g(NF), ...op.f32div, ...s(MEAN),
      ...g(MEAN), ...op.vsplat, ...s(MEANV),
      ...op.vzero, ...s(SUMV), ...op.i32(0), ...s(J),
      ...whileLoop([...g(J), ...g(CB), ...op.ltU], [
        ...g(XP), ...g(J), ...op.add, ...op.vload(), ...g(MEANV), ...op.vsub, ...s(T),
        ...g(SUMV), ...g(T), ...g(T), ...op.vmul, ...op.vadd, ...s(SUMV),
        ...g(J), ...op.i32(16), ...op.add, ...s(J),
      ]),
      // rstd = 1 / sqrt(var + eps)
      ...op.f32one, ...hsum(SUMV), ...g(NF), ...op.f32div, ...g(EPS), ...op.f32add, ...op.f32sqrt, ...op.f32div, ...s(RSTD),
      ...g(RS), ...g(R), ...op.i32(2), ...op.shl, ...op.add, ...g(RSTD), ...op.f32store(),
      ...g(RSTD), ...op.vsplat, ...s(RSTDV),
      ...op.i32(0), ...s(J),
      ...whileLoop([...g(J), ...g(CB), ...op.ltU], [
        ...g(XP), ...g(J), ...op.add, ...op.vload(), ...g(MEANV), ...op.vsub, ...g(RSTDV), ...op.vmul, ...s(T),
        ...g(XH), ...g(RO), ...op.add, ...g(J), ...op.add, ...g(T), ...op.vstore(),
        ...g(Y), ...g(RO), ...op.add, ...g(J), ...op.add,
        ...g(T), ...g(G), ...g(J), ...op.add, ...op.vload(), ...op.vmul, ...g(Bt), ...g(J), ...op.add, ...op.vload(), ...op.vadd,
        ...op.vstore(),
        ...g(J), ...op.i32(16), ...op.add, ...s(J),
      ]),
      ...g(R), ...op.i32(1), ...op.add, ...s(R),
    ]),
  ];
  return { locals: [[...uleb(5), I32], [...uleb(4), V128], [...uleb(3), F32]], code };
}

function lnBwdBody(): { locals: number[][]; code: number[] } {
  // params: 0 dy, 1 xh, 2 rs, 3 g, 4 dx, 5 dg, 6 db, 7 rows, 8 cols
  const [DY, XH, RS, G, DX, DG, DB, ROWS, COLS] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [R, J, CB, RO] = [9, 10, 11, 12];
  const [S1, S2, GY, DYV, XHV, M1V, M2V, RSTDV] = [13, 14, 15, 16, 17, 18, 19, 20];
  const NF = 21;
  const g = op.get;
  const s = op.set;
  const at = (base: number, withRow: boolean) => (withRow ? [...g(base), ...g(RO), ...op.add, ...g(J), ...op.add] : [...g(base), ...g(J), ...op.add]);
  const code = [
    ...g(COLS), ...op.i32(2), ...op.shl, ...s(CB),
    ...g(COLS), ...op.f32fromI32, ...s(NF),
    ...op.i32(0), ...s(J),
    ...whileLoop([...g(J), ...g(CB), ...op.ltU], [
      ...at(DG, false), ...op.vzero, ...op.vstore(),
      ...at(DB, false), ...op.vzero, ...op.vstore(),
      ...g(J), ...op.i32(16), ...op.add, ...s(J),
    ]),
    ...op.i32(0), ...s(R),
    ...whileLoop([...g(R), ...g(ROWS), ...op.ltU], [
      ...g(R), ...g(CB), ...op.mul, ...s(RO),
      ...op.vzero, ...s(S1), ...op.vzero, ...s(S2), ...op.i32(0), ...s(J),
      ...whileLoop([...g(J), ...g(CB), ...op.ltU], [
        ...at(DY, true), ...op.vload(), ...s(DYV),
        ...at(XH, true), ...op.vload(), ...s(XHV),
        ...g(DYV), ...at(G, false), ...op.vload(), ...op.vmul, ...s(GY),
        ...g(S1), ...g(GY), ...op.vadd, ...s(S1),
        ...g(S2), ...g(GY), ...g(XHV), ...op.vmul, ...op.vadd, ...s(S2),
        ...at(DG, false), ...at(DG, false), ...op.vload(), ...g(DYV), ...g(XHV), ...op.vmul, ...op.vadd, ...op.vstore(),
        ...at(DB, false), ...at(DB, false), ...op.vload(), ...g(DYV), ...op.vadd, ...op.vstore(),
        ...g(J), ...op.i32(16), ...op.add, ...s(J),
      ]),
      ...hsum(S1), ...g(NF), ...op.f32div, ...op.vsplat, ...s(M1V),
      ...hsum(S2), ...g(NF), ...op.f32div, ...op.vsplat, ...s(M2V),
      ...g(RS), ...g(R), ...op.i32(2), ...op.shl, ...op.add, ...op.f32load(), ...op.vsplat, ...s(RSTDV),
      ...op.i32(0), ...s(J),
      ...whileLoop([...g(J), ...g(CB), ...op.ltU], [
        ...at(DX, true),
        ...at(DY, true), ...op.vload(), ...at(G, false), ...op.vload(), ...op.vmul,
        ...g(M1V), ...op.vsub,
        ...at(XH, true), ...op.vload(), ...g(M2V), ...op.vmul, ...op.vsub,
        ...g(RSTDV), ...op.vmul,
        ...op.vstore(),
        ...g(J), ...op.i32(16), ...op.add, ...s(J),
      ]),
      ...g(R), ...op.i32(1), ...op.add, ...s(R),
    ]),
  ];
  return { locals: [[...uleb(4), I32], [...uleb(8), V128], [...uleb(1), F32]], code };
}

function funcBody(f: { locals: number[][]; code: number[] }): number[] {
  const body = [...vec(f.locals), ...f.code, ...op.end];
  return [...uleb(body.length), ...body];
}

/** The module's binary (imports `env.memory`; exports `bmm` and `colsum`). */
export function simdModuleBytes(): Uint8Array<ArrayBuffer> {
  const types = vec([
    [0x60, ...vec(new Array(10).fill([I32])), 0x00],
    [0x60, ...vec(new Array(4).fill([I32])), 0x00],
    [0x60, ...vec([...new Array(8).fill([I32]), [F32]]), 0x00],
    [0x60, ...vec(new Array(9).fill([I32])), 0x00],
  ]);
  const imports = vec([[...str('env'), ...str('memory'), 0x02, 0x00, 0x01]]);
  const funcs = vec([[0], [1], [2], [3]]);
  const exports = vec([
    [...str('bmm'), 0x00, 0],
    [...str('colsum'), 0x00, 1],
    [...str('lnFwd'), 0x00, 2],
    [...str('lnBwd'), 0x00, 3],
  ]);
  const code = vec([funcBody(bmmBody()), funcBody(colsumBody()), funcBody(lnFwdBody()), funcBody(lnBwdBody())]);
  return wasmModule([
    section(SECTION.type, types),
    section(SECTION.import, imports),
    section(SECTION.function, funcs),
    section(SECTION.export, exports),
    section(SECTION.code, code),
  ]);
}


/** The instantiated functions. */
export interface SimdKernels {
  bmm(a: number, b: number, c: number, batch: number, m: number, k: number, n: number, sa: number, sb: number, sc: number): void;
  colsum(x: number, out: number, rows: number, cols: number): void;
  /** LayerNorm forward over rows of `cols` (a multiple of 4): y, x̂ = (x − mean)·rstd, rstd = 1/sqrt(var + eps). */
  lnFwd(x: number, g: number, b: number, y: number, xh: number, rs: number, rows: number, cols: number, eps: number): void;
  /** LayerNorm backward: dx = rstd·(dy·g − mean(dy·g) − x̂·mean(dy·g·x̂)), dg = Σ_rows dy·x̂, db = Σ_rows dy. */
  lnBwd(dy: number, xh: number, rs: number, g: number, dx: number, dg: number, db: number, rows: number, cols: number): void;
}

/** Instantiates the module on `memory` (synchronously; the module is ~1 KB). */
export function instantiateSimd(memory: WebAssembly.Memory): SimdKernels {
  const mod = new WebAssembly.Module(simdModuleBytes());
  const inst = new WebAssembly.Instance(mod, { env: { memory } });
  return inst.exports as unknown as SimdKernels;
}
