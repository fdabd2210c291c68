/**
 * The tiled matMul kernel against a float64 loop twin on random shapes and flags (fast-check; shapes cross the 64
 * tile and 16 K-tile edges): two-level batch, K blocks, transposes, bias, accumulate, GELU and GELU′ epilogues.
 *
 * Tolerance (derived): inputs are exact float32 values; a float32 sum of n products differs from the exact sum by
 * ≤ γ_n·Σ|a_i b_i|, γ_n = n·u/(1 − n·u), u = 2⁻²⁴, with n = K·KB + 2 (plus β·C and the bias). The GELU epilogues
 * multiply that error by |GELU′| ≤ 1.13 (or |GELU″·x|-scale ≤ 1 for the backward) and add the error of WGSL's exp
 * and division (≤ 2⁻¹⁴ relative on the sigmoid for |z| ≤ 20 by WGSL's accuracy rules: exp within 3 + 2|x| ULP):
 * tolerance 1.2·γ_n·Σ|ab| + 1e−5·(|ref| + 1e−3). Split-K (S slices, weight-gradient variant): the S partials are
 * summed here in float64 (the engine's column-sum adds S more float32 terms, inside γ_n's n = K·KB + 2 + S). Deterministic (seed printed): no false-failure rate.
 * Planted twin: the same comparison fails when the bias is left out.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KERNELS } from '../../../models/webgpu-engine/index.js';
import { Program } from '../../../models/webgpu-engine/program.js';
import { f32Bits, matmulVariant } from '../../../models/webgpu-engine/kernels/index.js';
import { TEST_SEED } from '../../setup.js';
import { gpu } from './gpu.js';

const SQ = Math.sqrt(2 / Math.PI);
const GC = 0.044715;
const sig = (x: number) => 1 / (1 + Math.exp(-2 * SQ * (x + GC * x ** 3)));
const gelu = (x: number) => x * sig(x);
const geluGrad = (x: number) => {
  const s = sig(x);
  return s + x * s * (1 - s) * 2 * SQ * (1 + 3 * GC * x * x);
};

interface Case {
  M: number; N: number; K: number; KB: number; Z0: number; Z1: number; S: number;
  transA: boolean; transB: boolean; epilogue: 0 | 1 | 2; bias: boolean; accumulate: boolean; seed: number;
}

/** The variants the engine dispatches (each new variant compiles a shader: slow on software Vulkan). */
const VARIANTS = [
  { transA: false, transB: false, epilogue: 0, bias: false, accumulate: false }, // Q/K/V projections
  { transA: false, transB: false, epilogue: 0, bias: false, accumulate: true }, // h += O·Wo
  { transA: false, transB: false, epilogue: 1, bias: true, accumulate: false }, // GELU(c·W1 + b1)
  { transA: false, transB: false, epilogue: 0, bias: true, accumulate: true }, // h += g·W2 + b2
  { transA: false, transB: true, epilogue: 2, bias: false, accumulate: false }, // (dh·W2ᵀ)·GELU′(u)
  { transA: true, transB: false, epilogue: 0, bias: false, accumulate: false }, // weight gradients
  { transA: false, transB: true, epilogue: 0, bias: false, accumulate: false }, // input gradients
] as const;

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    M: fc.integer({ min: 1, max: 70 }), N: fc.integer({ min: 1, max: 70 }), K: fc.integer({ min: 1, max: 40 }),
    KB: fc.integer({ min: 1, max: 3 }), Z0: fc.integer({ min: 1, max: 2 }), Z1: fc.integer({ min: 1, max: 2 }),
    S: fc.integer({ min: 1, max: 3 }), variant: fc.integer({ min: 0, max: VARIANTS.length - 1 }), seed: fc.integer({ min: 0, max: 1e6 }),
  })
  // split-K only on the weight-gradient variant (transA, no epilogue), as the engine uses it
  .map(({ variant, ...r }) => ({ ...r, ...VARIANTS[variant], S: VARIANTS[variant].transA ? r.S : 1 }) as Case);

function rand(n: number, seed: number): Float32Array {
  let s = seed >>> 0 || 1;
  return Float32Array.from({ length: n }, () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return (s / 2 ** 32) * 2 - 1;
  });
}

async function runCase(c: Case, dropBias = false): Promise<number> {
  const device = gpu!.device;
  const { M, N, K, KB, Z0, Z1 } = c;
  const Z = Z0 * Z1;
  const aSize = Z * KB * M * K;
  const bSize = Z * KB * K * N;
  const S = c.S ?? 1;
  const cSize = Z * M * N;
  const kc = Math.ceil((K * KB) / S);
  const A = rand(aSize, c.seed + 1);
  const B = rand(bSize, c.seed + 2);
  const C0 = rand(cSize, c.seed + 3);
  const bias = rand(Z0 * N, c.seed + 4);
  const aux = rand(cSize, c.seed + 5);
  const mk = (data: Float32Array) => {
    const b = device.createBuffer({ size: Math.max(16, data.byteLength), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC });
    device.queue.writeBuffer(b, 0, new Float32Array(data));
    return b;
  };
  // with S slices, C holds S partial products [s][z][M][N] (slice 0 over the original C, others start at 0)
  const Cinit = new Float32Array(S * cSize);
  Cinit.set(C0);
  const bufs = [mk(A), mk(B), mk(Cinit), mk(bias), mk(aux)];
  // layout: A[z][kb][M][K] (or [K][M] when transposed), B[z][kb][K][N] (or [N][K]), C[z][M][N]
  const prog = new Program(gpu!);
  const fields = {
    M, N, K, KB, Z1, lda: c.transA ? M : K, ldb: c.transB ? K : N, ldc: N,
    sa0: Z1 * KB * M * K, sa1: KB * M * K, sb0: Z1 * KB * K * N, sb1: KB * K * N, sc0: Z1 * M * N, sc1: M * N,
    ska: M * K, skb: K * N, aOff: 0, bOff: 0, cOff: 0, biasOff: 0, sbias0: N, auxOff: 0, beta: f32Bits(c.accumulate ? 1 : 0),
    S, kc, scs: cSize,
  };
  prog.record(() => prog.add('mm', KERNELS.matmul, matmulVariant({ ...c, bias: c.bias && !dropBias }), fields, bufs, [Math.ceil(N / 64), Math.ceil(M / 64), Z * S]));
  await prog.validate();
  prog.run();
  const read = device.createBuffer({ size: Math.max(16, S * cSize * 4), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const enc = device.createCommandEncoder();
  enc.copyBufferToBuffer(bufs[2], 0, read, 0, S * cSize * 4);
  device.queue.submit([enc.finish()]);
  await read.mapAsync(GPUMapMode.READ);
  const parts = new Float32Array(read.getMappedRange().slice(0, S * cSize * 4));
  read.unmap();
  // the slices' sum (the engine's column-sum reduction, here in float64: its own rounding is covered by γ_n)
  const got = new Float64Array(cSize);
  for (let sl = 0; sl < S; sl++) for (let i = 0; i < cSize; i++) got[i] += parts[sl * cSize + i];
  // float64 twin; returns the worst |got − ref| / tolerance
  const u = 2 ** -24;
  const n = K * KB + 2 + S;
  const gamma = (n * u) / (1 - n * u);
  let worst = 0;
  for (let z0 = 0; z0 < Z0; z0++) {
    for (let z1 = 0; z1 < Z1; z1++) {
      const z = z0 * Z1 + z1;
      for (let m = 0; m < M; m++) {
        for (let j = 0; j < N; j++) {
          let s = 0;
          let sa = 0;
          for (let kb = 0; kb < KB; kb++) {
            for (let k = 0; k < K; k++) {
              const a = A[z * KB * M * K + kb * M * K + (c.transA ? k * M + m : m * K + k)];
              const b = B[z * KB * K * N + kb * K * N + (c.transB ? j * K + k : k * N + j)];
              s += a * b;
              sa += Math.abs(a * b);
            }
          }
          const ci = z * M * N + m * N + j;
          if (c.accumulate) { s += C0[ci]; sa += Math.abs(C0[ci]); }
          if (c.bias) { s += bias[z0 * N + j]; sa += Math.abs(bias[z0 * N + j]); }
          let ref = s;
          if (c.epilogue === 1) ref = gelu(s);
          if (c.epilogue === 2) ref = s * geluGrad(aux[ci]);
          const tol = 1.2 * gamma * sa + 1e-5 * (Math.abs(ref) + 1e-3);
          worst = Math.max(worst, Math.abs(got[ci] - ref) / tol);
        }
      }
    }
  }
  for (const b of bufs) b.destroy();
  read.destroy();
  prog.dispose();
  return worst;
}

describe.skipIf(!gpu)('matmul kernel vs float64 twin', () => {
  it('random shapes and flags (fast-check, 20 runs)', async () => {
    console.log(`[matmul-kernel] seed ${TEST_SEED}`);
    let worst = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const w = await runCase(c);
        worst = Math.max(worst, w);
        expect(w).toBeLessThanOrEqual(1);
      }),
      { numRuns: 20 },
    );
    console.log(`[matmul-kernel] worst error ${(worst * 100).toFixed(1)} % of the tolerance`);
  });

  it('Program.validate reports a kernel the adapter rejects (a WGSL error), naming it', async () => {
    const broken = { ...KERNELS['column-sum'], name: 'broken', source: () => 'this is not WGSL' };
    const prog = new Program(gpu!);
    const buf = gpu!.device.createBuffer({ size: 64, usage: GPUBufferUsage.STORAGE });
    prog.record(() => prog.add('broken', broken, '', { R: 1, C: 1, P: 1, oA: 0, oB: 0, xOff: 0 }, [buf, buf, buf], [1]));
    await expect(prog.validate()).rejects.toThrow(/invalid on this adapter/);
    buf.destroy();
    prog.dispose();
  });

  it('planted failure: leaving the bias out is detected', async () => {
    const w = await runCase({ M: 5, N: 7, K: 9, KB: 1, Z0: 1, Z1: 1, S: 1, transA: false, transB: true, epilogue: 0, bias: true, accumulate: false, seed: 3 }, true);
    expect(w).toBeGreaterThan(1);
  });
});
