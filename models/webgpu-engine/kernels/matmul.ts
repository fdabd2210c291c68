/**
 * Tiled matMul with a two-level batch (e.g. model/encoder × weight index), an optional sum over KB blocks of K
 * (C = Σ_kb A_kb·B_kb, i.e. a K-concatenation with its own strides), transposes, and fused epilogues:
 * C = alpha·Σ op(A)op(B) (+ beta·C) (+ bias[n]) then none | GELU (pre-activation written to aux) | × GELU′(aux).
 * 64×64 output tile per workgroup of 256 threads, 4×4 outputs per thread, K-tile 16 held in workgroup memory.
 *
 * Variant key: `${transA}${transB}${epilogue}${bias}${accumulate}` with t/n, epilogue 0 none, 1 gelu, 2 gelu-bwd,
 * bias b/-, accumulate a/-. Addressing of element (m,k) of A for batch (z0, z1) and block kb:
 * aOff + z0·sa0 + z1·sa1 + kb·ska + (transA ? k·lda + m : m·lda + k); B and C likewise.
 * Split-K: with S > 1 slices, workgroup z = (z0·Z1 + z1)·S + s sums only the concatenated-K range
 * [s·kc, (s+1)·kc) and writes its partial at C + s·scs (a `column-sum` over the S partials finishes the product;
 * deterministic, no atomics). Long reductions (weight gradients over N·T rows) then fill the GPU.
 */
import { COMMON, type KernelSpec, header } from './kernel.js';

const FIELDS = [
  'M', 'N', 'K', 'KB', 'Z1', 'lda', 'ldb', 'ldc', 'sa0', 'sa1', 'sb0', 'sb1', 'sc0', 'sc1', 'ska', 'skb',
  'aOff', 'bOff', 'cOff', 'biasOff', 'sbias0', 'auxOff', 'beta', 'S', 'kc', 'scs',
] as const;

const BINDINGS = [
  { name: 'A', write: false },
  { name: 'Bm', write: false },
  { name: 'C', write: true },
  { name: 'bias', write: false },
  { name: 'aux', write: true },
] as const;

/** Variant key of a matMul. */
export function matmulVariant(o: { transA: boolean; transB: boolean; epilogue: 0 | 1 | 2; bias: boolean; accumulate: boolean }): string {
  return `${o.transA ? 't' : 'n'}${o.transB ? 't' : 'n'}${o.epilogue}${o.bias ? 'b' : '-'}${o.accumulate ? 'a' : '-'}`;
}

export const MATMUL: KernelSpec = {
  name: 'matmul',
  fields: FIELDS,
  bindings: BINDINGS,
  source(variant: string): string {
    const transA = variant[0] === 't';
    const transB = variant[1] === 't';
    const epilogue = Number(variant[2]);
    const bias = variant[3] === 'b';
    const accumulate = variant[4] === 'a';
    const aIdx = transA ? 'k * u.lda + m' : 'm * u.lda + k';
    const bIdx = transB ? 'n * u.ldb + k' : 'k * u.ldb + n';
    return `${header({ fields: FIELDS, bindings: BINDINGS })}${COMMON}
const SQ: f32 = 0.7978845608028654;
const GC: f32 = 0.044715;
var<workgroup> As: array<array<f32, 64>, 16>;
var<workgroup> Bs: array<array<f32, 64>, 16>;
fn loadA(base: u32, m: u32, kk: u32, kEnd: u32) -> f32 {
  if (m >= u.M || kk >= kEnd) { return 0.0; }
  let kb = kk / u.K; let k = kk % u.K;
  return A[base + kb * u.ska + ${aIdx}];
}
fn loadB(base: u32, kk: u32, n: u32, kEnd: u32) -> f32 {
  if (n >= u.N || kk >= kEnd) { return 0.0; }
  let kb = kk / u.K; let k = kk % u.K;
  return Bm[base + kb * u.skb + ${bIdx}];
}
@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>) {
  let sl = wg.z % u.S; let zz = wg.z / u.S;
  let z0 = zz / u.Z1; let z1 = zz % u.Z1;
  let aBase = u.aOff + z0 * u.sa0 + z1 * u.sa1;
  let bBase = u.bOff + z0 * u.sb0 + z1 * u.sb1;
  let row0 = wg.y * 64u; let col0 = wg.x * 64u;
  let tid = l.y * 16u + l.x;
  var acc: array<array<f32, 4>, 4>;
  let KT = u.K * u.KB;
  let kStart = sl * u.kc;
  let kEnd = min(KT, kStart + u.kc);
  for (var k0 = kStart; k0 < kEnd; k0 += 16u) {
    for (var i = 0u; i < 4u; i++) {
      let e = tid + i * 256u;
      As[e % 16u][e / 16u] = loadA(aBase, row0 + e / 16u, k0 + e % 16u, kEnd);
      Bs[e / 64u][e % 64u] = loadB(bBase, k0 + e / 64u, col0 + e % 64u, kEnd);
    }
    workgroupBarrier();
    for (var k = 0u; k < 16u; k++) {
      var a: array<f32, 4>; var b: array<f32, 4>;
      for (var i = 0u; i < 4u; i++) { a[i] = As[k][l.y * 4u + i]; b[i] = Bs[k][l.x * 4u + i]; }
      for (var i = 0u; i < 4u; i++) { for (var j = 0u; j < 4u; j++) { acc[i][j] = fma(a[i], b[j], acc[i][j]); } }
    }
    workgroupBarrier();
  }
  let cBase = u.cOff + z0 * u.sc0 + z1 * u.sc1 + sl * u.scs;
  for (var i = 0u; i < 4u; i++) {
    let m = row0 + l.y * 4u + i;
    if (m >= u.M) { continue; }
    for (var j = 0u; j < 4u; j++) {
      let n = col0 + l.x * 4u + j;
      if (n >= u.N) { continue; }
      let ci = cBase + m * u.ldc + n;
      var v = acc[i][j];
      ${accumulate ? 'v = v + f(u.beta) * C[ci];' : ''}
      ${bias ? 'v = v + bias[u.biasOff + z0 * u.sbias0 + n];' : ''}
      ${
        epilogue === 1
          ? `aux[u.auxOff + ci - u.cOff] = v;
      let s = 1.0 / (1.0 + exp(-2.0 * SQ * (v + GC * v * v * v)));
      v = v * s;`
          : ''
      }
      ${
        epilogue === 2
          ? `let x = aux[u.auxOff + ci - u.cOff];
      let s = 1.0 / (1.0 + exp(-2.0 * SQ * (x + GC * x * x * x)));
      v = v * (s + x * s * (1.0 - s) * 2.0 * SQ * (1.0 + 3.0 * GC * x * x));`
          : ''
      }
      C[ci] = v;
    }
  }
}
`;
  },
};
