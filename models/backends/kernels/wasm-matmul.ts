/**
 * `BatchMatMul` for the tfjs wasm backend.
 *
 * The stock kernel sends everything except an untransposed, unbatched 2-D product to a naive C++ loop (1–3 GFLOP/s);
 * only `!transposeA && !transposeB && batch == 1` reaches XNNPACK (~30 GFLOP/s). Backprop through a matMul always
 * uses transposed products, and attention uses batched ones. This kernel routes:
 * - batch-1 products (any transposes): transpose the operand explicitly (a cheap copy) and call the stock kernel
 *   untransposed → XNNPACK;
 * - batched A × unbatched B without transposeA: flatten A to 2-D → XNNPACK;
 * - other batched products (equal batch sizes, or one side unbatched): explicit transposes, then the SIMD batched
 *   kernel `bmm` of `simd-module.ts` (~8 GFLOP/s on 16×16 blocks vs ~1–2.5 for the stock loop);
 * - anything else (general broadcasting of outer dims, non-float32): the stock kernel.
 * Tried and not faster (so not used): computing Aᵀ·B as (Bᵀ·A)ᵀ, splitting the k = 4096 reduction of weight
 * gradients into 512-row chunks, a hand-written Aᵀ·B SIMD kernel, and a fused [Wq|Wk|Wv] projection.
 * Outputs equal the stock kernel's within float32 rounding (tested in test/models/backends/kernels.test.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { heapOffset, simdKernels, type WasmBackendLike } from './wasm-backend.js';
import { type KernelArgs, type KernelFn, type ProjectKernel, replacedKernel } from './register-kernel.js';

function prod(shape: readonly number[]): number {
  let p = 1;
  for (const s of shape) p *= s;
  return p;
}

/** The routing wasm BatchMatMul (see above); needs the wasm Transpose and Reshape kernels. */
export const wasmMatMul: ProjectKernel = {
  kernelName: 'BatchMatMul',
  backendName: 'wasm',
  kind: 'replace',
  make: (stock: KernelFn): KernelFn => {
    const transpose = tf.getKernel('Transpose', 'wasm');
    const reshapeK = tf.getKernel('Reshape', 'wasm');
    if (!transpose || !reshapeK) throw new Error('wasmMatMul: wasm Transpose/Reshape kernels are not registered');
    const transposeFn = transpose.kernelFunc as unknown as KernelFn;
    const reshapeFn = reshapeK.kernelFunc as unknown as KernelFn;
    return (args: KernelArgs) => {
      const { inputs, backend, attrs } = args;
      const transposeA = attrs.transposeA as boolean;
      const transposeB = attrs.transposeB as boolean;
      const a0 = inputs.a;
      const b0 = inputs.b;
      if (a0.dtype !== 'float32' || b0.dtype !== 'float32') return stock(args);
      const outerA = a0.shape.slice(0, -2);
      const outerB = b0.shape.slice(0, -2);
      const batchA = prod(outerA);
      const batchB = prod(outerB);
      const rA = a0.shape.length;
      const rB = b0.shape.length;
      const m = transposeA ? a0.shape[rA - 1] : a0.shape[rA - 2];
      const k = transposeA ? a0.shape[rA - 2] : a0.shape[rA - 1];
      const kB = transposeB ? b0.shape[rB - 1] : b0.shape[rB - 2];
      const n = transposeB ? b0.shape[rB - 2] : b0.shape[rB - 1];
      if (k !== kB) return stock(args); // let the stock kernel report the shape error
      if (k === 0 && (batchA === batchB || batchA === 1 || batchB === 1)) {
        // the stock kernel returns uninitialised memory for an empty reduction: the product is all zeros
        const w = backend as unknown as { makeOutput(shape: number[], dtype: string): tf.TensorInfo; typedArrayFromHeap(t: tf.TensorInfo): Float32Array };
        const zeros = w.makeOutput([...(outerA.length >= outerB.length ? outerA : outerB), m, n], 'float32');
        w.typedArrayFromHeap(zeros).fill(0);
        return zeros;
      }
      const tmp: tf.TensorInfo[] = [];
      const keep = (t: tf.TensorInfo) => {
        tmp.push(t);
        return t;
      };
      const T3 = (x: tf.TensorInfo, batch: number) => {
        const r = x.shape.length;
        const x3 = keep(reshapeFn({ inputs: { x }, backend, attrs: { shape: [batch, x.shape[r - 2], x.shape[r - 1]] } }));
        return keep(transposeFn({ inputs: { x: x3 }, backend, attrs: { perm: [0, 2, 1] } }));
      };
      const cleanup = () => {
        for (const t of tmp) backend.disposeData(t.dataId);
      };
      if (batchA === 1 && batchB === 1) {
        if (!transposeA && !transposeB) return stock(args);
        const a = transposeA ? T3(a0, 1) : a0;
        const b = transposeB ? T3(b0, 1) : b0;
        const out = stock({ inputs: { a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
        cleanup();
        out.shape = [...(outerA.length >= outerB.length ? outerA : outerB), m, n];
        return out;
      }
      const sameOuter = outerA.length === outerB.length && outerA.every((d, i) => d === outerB[i]);
      if (!sameOuter && batchA !== 1 && batchB !== 1) return stock(args);
      const outShape = [...(batchA >= batchB ? outerA : outerB), m, n];
      if (batchB === 1 && !transposeA) {
        // [batch·m, k] · [k, n] in one XNNPACK call
        const a = keep(reshapeFn({ inputs: { x: a0 }, backend, attrs: { shape: [batchA * m, k] } }));
        const b = transposeB ? T3(b0, 1) : keep(reshapeFn({ inputs: { x: b0 }, backend, attrs: { shape: [k, n] } }));
        const out = stock({ inputs: { a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
        cleanup();
        out.shape = outShape;
        return out;
      }
      const a = transposeA ? T3(a0, batchA) : a0;
      const b = transposeB ? T3(b0, batchB) : b0;
      const batch = Math.max(batchA, batchB);
      const out = backend.makeOutput(outShape, 'float32');
      simdKernels(backend).bmm(
        heapOffset(backend, a),
        heapOffset(backend, b),
        heapOffset(backend, out),
        batch,
        m,
        k,
        n,
        batchA === 1 ? 0 : m * k,
        batchB === 1 ? 0 : k * n,
        m * n,
      );
      cleanup();
      return out;
    };
  },
};

/** Calls the stock (replaced) wasm BatchMatMul on tensors; used by parity tests. */
export function stockWasmMatMul(a: tf.Tensor, b: tf.Tensor, transposeA: boolean, transposeB: boolean): tf.Tensor {
  const backend = tf.backend() as unknown as WasmBackendLike;
  const info = replacedKernel('wasm/BatchMatMul')({ inputs: { a, b }, backend, attrs: { transposeA, transposeB } });
  return tf.engine().makeTensorFromTensorInfo(info);
}
