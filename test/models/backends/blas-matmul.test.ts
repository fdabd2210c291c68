/**
 * The optional OpenBLAS BatchMatMul (models/backends/kernels/blas-matmul.ts, native/blas/) against tfjs's stock wasm kernel,
 * the project kernel it is registered over, and a float64 plain-JS twin: every transpose/batch combination, odd
 * shapes, no leaked tensors, equal gradients. When the addon is not built (CI without libopenblas-dev) the suites
 * that need it are skipped, and their titles say why. Deterministic inputs: no statistical false-failure rate.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { TEST_SEED } from '../../setup.js';
import { Rng } from '../../../theory/random.js';
import { maxAbsTensorDifference, randomTensor } from '../../helpers/tensors.js';
import { initBackend } from '../../../models/backends/backend.js';
import { stockWasmMatMul } from '../../../models/backends/kernels/wasm-matmul.js';
import { stockKernelsRequested } from '../../../models/backends/kernels/index.js';
import { blasMatMulInstalled, withoutBlasMatMul } from '../../../models/backends/kernels/blas-matmul.js';
import { blasMode, blasThreads, loadNativeBlas, nativeBlas, nativeBlasUnavailableReason } from '../../../models/backends/native-blas.js';

const blas = blasMode() === 'off' ? null : loadNativeBlas();
const skipReason =
  blasMode() === 'off' ? 'CLIP_THEORY_BLAS=off' : blas === null ? `${nativeBlasUnavailableReason()}; apt-get install -y libopenblas-dev && npm run build:blas` : '';
const needsBlas = (title: string) => (blas === null ? `${title} [SKIPPED: ${skipReason}]` : title);
// with CLIP_THEORY_WASM_KERNELS=stock initBackend installs no project kernel, the BLAS one included
const kernelSkipReason = stockKernelsRequested() ? 'CLIP_THEORY_WASM_KERNELS=stock' : skipReason;
const needsBlasKernel = (title: string) => (blas === null || stockKernelsRequested() ? `${title} [SKIPPED: ${kernelSkipReason}]` : title);


/** Float64 twin: C[t] = op(A[t])·op(B[t]) for batched row-major data (batch stride 0 broadcasts). */
function referenceMatMul(
  a: Float32Array, b: Float32Array, batch: number, batchA: number, batchB: number,
  m: number, k: number, n: number, ta: boolean, tb: boolean,
): Float64Array {
  const c = new Float64Array(batch * m * n);
  for (let t = 0; t < batch; t++) {
    const oa = batchA === 1 ? 0 : t * m * k;
    const ob = batchB === 1 ? 0 : t * k * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) {
          const x = ta ? a[oa + p * m + i] : a[oa + i * k + p];
          const y = tb ? b[ob + j * k + p] : b[ob + p * n + j];
          s += x * y;
        }
        c[t * m * n + i * n + j] = s;
      }
    }
  }
  return c;
}

describe('native BLAS loader', () => {
  it('returns null, silently, when the addon file does not exist', () => {
    const spies = (['log', 'warn', 'error', 'info', 'debug'] as const).map((k) => vi.spyOn(console, k));
    const stderr = vi.spyOn(process.stderr, 'write');
    const missing = join(tmpdir(), `clip-theory-no-such-dir-${process.pid}`, 'blas.node');
    try {
      expect(loadNativeBlas(missing)).toBeNull();
      expect(nativeBlasUnavailableReason(missing)).toMatch(/missing/);
      for (const s of [...spies, stderr]) expect(s).not.toHaveBeenCalled();
    } finally {
      for (const s of [...spies, stderr]) s.mockRestore();
    }
  });

  it('returns null when the file exists but is not a loadable addon', () => {
    // this test file itself: exists, not a shared library
    const notAnAddon = new URL(import.meta.url).pathname;
    expect(loadNativeBlas(notAnAddon)).toBeNull();
    expect(nativeBlasUnavailableReason(notAnAddon)).toMatch(/failed to load/);
  });

  describe('environment', () => {
    const saved = { mode: process.env.CLIP_THEORY_BLAS, threads: process.env.CLIP_THEORY_BLAS_THREADS };
    afterEach(() => {
      for (const [k, v] of [['CLIP_THEORY_BLAS', saved.mode], ['CLIP_THEORY_BLAS_THREADS', saved.threads]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    });

    it('CLIP_THEORY_BLAS=off disables the addon; unknown values are rejected by name', () => {
      process.env.CLIP_THEORY_BLAS = 'off';
      expect(nativeBlas()).toBeNull();
      process.env.CLIP_THEORY_BLAS = 'maybe';
      expect(() => nativeBlas()).toThrow(/CLIP_THEORY_BLAS must be one of off, on, auto; got 'maybe'/);
    });

    it('CLIP_THEORY_BLAS_THREADS defaults to 1 and must be a positive integer', () => {
      delete process.env.CLIP_THEORY_BLAS_THREADS;
      expect(blasThreads()).toBe(1);
      process.env.CLIP_THEORY_BLAS_THREADS = '2';
      expect(blasThreads()).toBe(2);
      for (const bad of ['0', '-1', '1.5', 'two']) {
        process.env.CLIP_THEORY_BLAS_THREADS = bad;
        expect(() => blasThreads()).toThrow(/CLIP_THEORY_BLAS_THREADS must be an integer in \[1, 1024\]/);
      }
    });
  });
});

describe.skipIf(blas === null)(needsBlas('native sgemm addon'), () => {
  it('runs single-threaded by default', () => {
    if (process.env.CLIP_THEORY_BLAS_THREADS === undefined) expect(blas!.numThreads()).toBe(1);
    expect(blas!.config()).toMatch(/OpenBLAS/);
  });

  it('computes alpha·op(A)·op(B) + beta·C with leading dimensions larger than the rows', () => {
    // A 2×3 inside a 2×4 buffer (lda 4), B 3×2 (ldb 2), C 2×2 pre-filled, beta 1
    const A = new Float32Array([1, 2, 3, 99, 4, 5, 6, 99]);
    const B = new Float32Array([1, 0, 0, 1, 1, 1]);
    const C = new Float32Array([10, 20, 30, 40]);
    blas!.sgemm(false, false, 2, 2, 3, 2, A, 4, B, 2, 1, C, 2);
    // A·B = [[4, 5], [10, 11]]
    expect(Array.from(C)).toEqual([18, 30, 50, 62]);
  });

  it('sgemmBatch broadcasts a stride-0 operand', () => {
    const A = new Float32Array([1, 2, 3, 4]); // one 2×2
    const B = new Float32Array([1, 0, 0, 1, 0, 1, 1, 0]); // identity, swap
    const C = new Float32Array(8);
    blas!.sgemmBatch(2, false, false, 2, 2, 2, 1, A, 2, 0, B, 2, 4, 0, C, 2, 4);
    expect(Array.from(C)).toEqual([1, 2, 3, 4, 2, 1, 4, 3]);
  });

  it('rejects bad arguments with a RangeError naming the function and argument, touching nothing', () => {
    const A = new Float32Array(6);
    const B = new Float32Array(6);
    const C = new Float32Array(4).fill(7);
    expect(() => blas!.sgemm(false, false, 2, 2, 4, 1, A, 4, B, 2, 0, C, 2)).toThrow(/^sgemm: A is too short/);
    expect(() => blas!.sgemm(false, false, 2, 2, 3, 1, A, 3, B, 2, 0, new Float32Array(3), 2)).toThrow(/^sgemm: C is too short/);
    expect(() => blas!.sgemm(false, false, 2, 2, 3, 1, A, 2, B, 2, 0, C, 2)).toThrow(/^sgemm: lda is smaller/);
    expect(() => blas!.sgemm(false, false, 2, 2, 3, 1, A, 3, new Float64Array(6) as unknown as Float32Array, 2, 0, C, 2)).toThrow(/^sgemm: B must be a Float32Array/);
    expect(() => blas!.sgemm(false, false, -1, 2, 3, 1, A, 3, B, 2, 0, C, 2)).toThrow(/^sgemm: M must be an integer/);
    expect(() => blas!.sgemm(0 as unknown as boolean, false, 2, 2, 3, 1, A, 3, B, 2, 0, C, 2)).toThrow(/^sgemm: transA must be a boolean/);
    expect(() => blas!.sgemmBatch(3, false, false, 2, 2, 1, 1, A, 1, 2, B, 2, 2, 0, C, 2, 4)).toThrow(/^sgemmBatch: C is too short/);
    expect(() => blas!.sgemmBatch(2, false, false, 2, 2, 1, 1, A, 1, 2, B, 2, 2, 0, new Float32Array(8), 2, 1)).toThrow(/outputs would overlap/);
    expect(Array.from(C)).toEqual([7, 7, 7, 7]);
  });
});

describe.skipIf(blas === null || stockKernelsRequested())(needsBlasKernel('OpenBLAS wasm BatchMatMul'), () => {
  beforeAll(async () => {
    const info = await initBackend('wasm');
    expect(blasMatMulInstalled()).toBe(true);
    expect(info.details).toMatch(/^wasm\+openblas /);
    expect(info.version).toMatch(/OpenBLAS/);
  });

  // [outerA, outerB], m, k, n, routed to BLAS?
  const cases: [number[], number[], number, number, number, boolean][] = [
    [[], [], 37, 19, 23, true],
    [[], [], 64, 300, 48, true],
    [[], [], 1, 1, 1, true],
    [[], [], 1, 17, 5, true],
    [[1], [1], 5, 7, 3, true],
    [[1], [], 5, 7, 3, true],
    [[6], [6], 9, 4, 11, true],
    [[2, 3], [2, 3], 5, 8, 6, true],
    [[1, 6], [6], 3, 5, 2, true],
    [[4], [], 7, 5, 3, true],
    [[], [4], 7, 5, 3, true],
    [[4], [1], 6, 6, 6, true],
    [[64], [64], 16, 16, 16, true],
    [[5], [], 1, 9, 4, true], // m = 1: one stacked product even with transposeA
    [[3, 2], [1], 1, 64, 7, true],
    [[6], [6], 3, 5, 1, true],
    [[2, 3], [3], 4, 5, 6, false], // general broadcasting: the fallback kernel
    [[2, 1], [1, 3], 4, 5, 6, false],
  ];
  for (const [oa, ob, m, k, n, routed] of cases) {
    for (const ta of [false, true]) {
      for (const tb of [false, true]) {
        it(`batch ${JSON.stringify(oa)}×${JSON.stringify(ob)}, ${m}×${k}·${k}×${n}, transposeA=${ta}, transposeB=${tb}`, () => {
          const rng = Rng.fromSeed(TEST_SEED).split(`blas|${oa}|${ob}|${m}|${k}|${n}|${ta}|${tb}`);
          const a = randomTensor(rng, [...oa, ...(ta ? [k, m] : [m, k])]);
          const b = randomTensor(rng, [...ob, ...(tb ? [n, k] : [k, n])]);
          const stock = stockWasmMatMul(a, b, ta, tb);
          const project = withoutBlasMatMul(() => tf.matMul(a, b, ta, tb));
          const s1 = vi.spyOn(blas!, 'sgemm');
          const s2 = vi.spyOn(blas!, 'sgemmBatch');
          const before = tf.memory().numTensors;
          let out: tf.Tensor;
          try {
            out = tf.matMul(a, b, ta, tb);
            expect(s1.mock.calls.length + s2.mock.calls.length).toBe(routed ? 1 : 0);
          } finally {
            s1.mockRestore();
            s2.mockRestore();
          }
          expect(tf.memory().numTensors).toBe(before + 1);
          expect(out.shape).toEqual(stock.shape);
          // float32 sums of k products of N(0,1) entries: rounding error ≲ k·2^-24·|terms|; 1e-4·sqrt(k) is ample
          const tol = 1e-4 * Math.sqrt(k);
          expect(maxAbsTensorDifference(out, stock)).toBeLessThan(tol);
          expect(maxAbsTensorDifference(out, project)).toBeLessThan(tol);
          if (routed) {
            const batchA = oa.reduce((x, y) => x * y, 1);
            const batchB = ob.reduce((x, y) => x * y, 1);
            const ref = referenceMatMul(a.dataSync() as Float32Array, b.dataSync() as Float32Array, Math.max(batchA, batchB), batchA, batchB, m, k, n, ta, tb);
            const got = out.dataSync();
            let err = 0;
            for (let i = 0; i < ref.length; i++) err = Math.max(err, Math.abs(got[i] - ref[i]));
            expect(err).toBeLessThan(tol);
          }
          tf.dispose([a, b, stock, project, out]);
        });
      }
    }
  }

  it('int32 products go to the fallback kernel (which rejects them, as the stock wasm kernel does)', () => {
    const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3], 'int32');
    const b = tf.tensor2d([1, 0, 0, 1, 1, 1], [3, 2], 'int32');
    const s1 = vi.spyOn(blas!, 'sgemm');
    try {
      expect(() => tf.matMul(a, b)).toThrow(/non-float32/);
      expect(s1).not.toHaveBeenCalled();
    } finally {
      s1.mockRestore();
    }
    tf.dispose([a, b]);
  });

  it('a product over k = 0 is all zeros (for every transpose and batch layout)', () => {
    for (const [shapeA, shapeB, ta, tb] of [
      [[3, 0], [0, 4], false, false],
      [[0, 3], [4, 0], true, true],
      [[2, 3, 0], [2, 0, 4], false, false],
    ] as [number[], number[], boolean, boolean][]) {
      // fill the heap region the output will likely reuse with non-zeros first
      tf.dispose(tf.fill([shapeA.length === 3 ? 24 : 12], 5));
      const a = tf.zeros(shapeA);
      const b = tf.zeros(shapeB);
      const c = tf.matMul(a, b, ta, tb);
      expect(c.shape).toEqual([...shapeA.slice(0, -2), 3, 4]);
      expect(Array.from(c.dataSync())).toEqual(new Array(c.size).fill(0));
      tf.dispose([a, b, c]);
    }
  });

  // (batched × unbatched products have no gradient in tfjs 4.22 on any backend or kernel: not tested here)
  for (const [oa, ob] of [[[], []], [[3], [3]], [[2, 3], [2, 3]]] as number[][][]) {
    for (const ta of [false, true]) {
      for (const tb of [false, true]) {
        it(`gradients through matMul equal the fallback's: batch ${JSON.stringify(oa)}×${JSON.stringify(ob)}, transposeA=${ta}, transposeB=${tb}`, () => {
          const [m, k, n] = [7, 13, 5];
          const rng = Rng.fromSeed(TEST_SEED).split(`blas-grad|${oa}|${ob}|${ta}|${tb}`);
          const a = randomTensor(rng, [...oa, ...(ta ? [k, m] : [m, k])]);
          const b = randomTensor(rng, [...ob, ...(tb ? [n, k] : [k, n])]);
          const w = randomTensor(rng, [...(oa.length >= ob.length ? oa : ob), m, n]);
          const f = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, y, ta, tb), w));
          const before = tf.memory().numTensors;
          const [ga, gb] = tf.grads(f)([a, b]);
          expect(tf.memory().numTensors).toBe(before + 2);
          const [fa, fb] = withoutBlasMatMul(() => tf.grads(f)([a, b]));
          expect(ga.shape).toEqual(a.shape);
          expect(gb.shape).toEqual(b.shape);
          expect(maxAbsTensorDifference(ga, fa)).toBeLessThan(1e-4 * Math.sqrt(Math.max(m, n)));
          expect(maxAbsTensorDifference(gb, fb)).toBeLessThan(1e-4 * Math.sqrt(Math.max(m, n)));
          tf.dispose([a, b, w, ga, gb, fa, fb]);
        });
      }
    }
  }

  it('writes the output correctly when allocating it grows the wasm heap', () => {
    // an output larger than the whole current heap forces makeOutput to grow (and so replace) the memory buffer;
    // the kernel must take its heap view afterwards
    const memory = (tf.backend() as unknown as { wasm: { asm: { memory: WebAssembly.Memory } } }).wasm.asm.memory;
    const heapBytes = memory.buffer.byteLength;
    const size = Math.ceil(Math.sqrt(heapBytes / 4)) + 16;
    const rng = Rng.fromSeed(TEST_SEED).split('blas-heap-growth');
    const a = randomTensor(rng, [size, 2]);
    const b = randomTensor(rng, [2, size]);
    const out = tf.matMul(a, b);
    expect(memory.buffer.byteLength).toBeGreaterThan(heapBytes);
    const ref = withoutBlasMatMul(() => tf.matMul(a, b));
    expect(maxAbsTensorDifference(out, ref)).toBeLessThan(1e-4);
    tf.dispose([a, b, out, ref]);
  });
});
