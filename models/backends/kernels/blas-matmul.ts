/**
 * Optional wasm `BatchMatMul` on OpenBLAS (`cblas_sgemm` through the project's N-API addon, models/backends/native-blas.ts).
 *
 * Registered on top of whatever wasm BatchMatMul is installed (normally the project kernel of wasm-matmul.ts),
 * which stays the fallback. Every float32 product whose outer (batch) dims are equal or where one side is
 * unbatched goes to sgemm, for all four transpose combinations, reading the operands and writing the output
 * straight in the wasm heap (Float32Array views on the wasm memory: no copies):
 * - one product, or batched A × unbatched B without transposeA (or with m = 1): a single sgemm
 *   ([batch·m, k] · op(B));
 * - other batches: one `sgemmBatch` call that loops over the batch in C (stride 0 for an unbatched side).
 * A product over k = 0 is written as zeros (the stock kernel leaves such an output uninitialised). Everything else
 * (general broadcasting of outer dims, empty outputs, non-float32) goes to the fallback.
 * Outputs equal the stock kernel's within float32 rounding (test/models/backends/blas-matmul.test.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { NativeBlas } from '../native-blas.js';
import { heapOffset } from './wasm-backend.js';
import { type KernelArgs, type KernelFn, registerProjectKernel } from './register-kernel.js';

let installed: NativeBlas | undefined;
let disabled = 0;

/** True once `registerBlasMatMul` has replaced the wasm BatchMatMul in this process. */
export function blasMatMulInstalled(): boolean {
  return installed !== undefined;
}

/**
 * Runs `fn` with the BLAS kernel switched off (products go to the kernel it was registered over), then switches
 * it back on. For parity tests and A/B measurements in one process; nests.
 */
export function withoutBlasMatMul<T>(fn: () => T): T {
  disabled++;
  try {
    return fn();
  } finally {
    disabled--;
  }
}

function prod(shape: readonly number[]): number {
  let p = 1;
  for (const s of shape) p *= s;
  return p;
}

/**
 * Registers the OpenBLAS BatchMatMul for the wasm backend over the current one (call after the wasm backend is
 * ready and the project kernels are registered). Idempotent: later calls, with any addon, do nothing.
 */
export function registerBlasMatMul(blas: NativeBlas): void {
  if (installed !== undefined) return;
  const lib = blas;
  registerProjectKernel({
    kernelName: 'BatchMatMul',
    backendName: 'wasm',
    kind: 'replace',
    id: 'wasm/BatchMatMul/openblas',
    make: (fallback: KernelFn): KernelFn => (args: KernelArgs) => {
      if (disabled > 0) return fallback(args);
      const { inputs, backend, attrs } = args;
      const a = inputs.a;
      const b = inputs.b;
      if (a.dtype !== 'float32' || b.dtype !== 'float32') return fallback(args);
      const transA = attrs.transposeA === true;
      const transB = attrs.transposeB === true;
      const rA = a.shape.length;
      const rB = b.shape.length;
      if (rA < 2 || rB < 2) return fallback(args);
      const m = transA ? a.shape[rA - 1] : a.shape[rA - 2];
      const k = transA ? a.shape[rA - 2] : a.shape[rA - 1];
      const kB = transB ? b.shape[rB - 1] : b.shape[rB - 2];
      const n = transB ? b.shape[rB - 2] : b.shape[rB - 1];
      if (k !== kB || m === 0 || n === 0) return fallback(args); // shape errors and empty outputs
      const outerA = a.shape.slice(0, -2);
      const outerB = b.shape.slice(0, -2);
      let outer: number[];
      try {
        outer = tf.backend_util.assertAndGetBroadcastShape(outerA, outerB);
      } catch {
        return fallback(args); // the fallback reports the shape error
      }
      const batchA = prod(outerA);
      const batchB = prod(outerB);
      const batch = prod(outer);
      // linear batch indexing is valid when each side is unbatched or has exactly the output's batch
      if ((batchA !== 1 && batchA !== batch) || (batchB !== 1 && batchB !== batch)) return fallback(args);
      const offA = heapOffset(backend, a);
      const offB = heapOffset(backend, b);
      if (offA % 4 !== 0 || offB % 4 !== 0) return fallback(args);

      const out = backend.makeOutput([...outer, m, n], 'float32');
      const offC = heapOffset(backend, out);
      // the heap view is taken after makeOutput, which may grow (and so replace) the wasm memory buffer
      const heap = new Float32Array(backend.wasm.asm.memory.buffer);
      const A = heap.subarray(offA >> 2, (offA >> 2) + batchA * m * k);
      const B = heap.subarray(offB >> 2, (offB >> 2) + batchB * k * n);
      const C = heap.subarray(offC >> 2, (offC >> 2) + batch * m * n);
      if (k === 0) {
        C.fill(0); // an empty sum (the stock kernel leaves the output uninitialised here)
        return out;
      }
      const lda = transA ? m : k;
      const ldb = transB ? k : n;
      if (batch === 1) {
        lib.sgemm(transA, transB, m, n, k, 1, A, lda, B, ldb, 0, C, n);
      } else if (batchB === 1 && (!transA || m === 1)) {
        // the A matrices are stacked rows (a 1×k row and its k×1 transpose have the same layout):
        // one [batch·m, k] · op(B) product
        lib.sgemm(false, transB, batch * m, n, k, 1, A, k, B, ldb, 0, C, n);
      } else {
        lib.sgemmBatch(batch, transA, transB, m, n, k, 1, A, lda, batchA === 1 ? 0 : m * k, B, ldb, batchB === 1 ? 0 : k * n, 0, C, n, m * n);
      }
      return out;
    },
  });
  installed = blas;
}

/**
 * Installs the OpenBLAS BatchMatMul on wasm when `blas` is given and says what runs: `library` (e.g.
 * "OpenBLAS 0.3.21") and a one-line `description`; undefined when `blas` is null (addon absent or
 * `CLIP_THEORY_BLAS=off`).
 */
export function enableBlasMatMul(blas: NativeBlas | null): { library: string; description: string } | undefined {
  if (blas === null) return undefined;
  registerBlasMatMul(blas);
  const threads = installed!.numThreads();
  const library = installed!.config().split(' ').slice(0, 2).join(' ');
  return { library, description: `${library} sgemm, ${threads} thread${threads === 1 ? '' : 's'}` };
}
