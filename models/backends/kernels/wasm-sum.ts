/**
 * `Sum` for the tfjs wasm backend: reductions over leading axes (the bias, LayerNorm and broadcast gradients, e.g.
 * [4096, 64] → [64]) run as a SIMD column sum (`colsum` of `simd-module.ts`) over the heap instead of the stock
 * transpose-then-reduce. Other reductions go to the stock kernel. Float32 accumulation in row order.
 */
import * as tf from '@tensorflow/tfjs';
import { heapOffset, simdKernels, type WasmBackendLike } from './wasm-backend.js';
import { type KernelArgs, type KernelFn, type ProjectKernel, replacedKernel } from './register-kernel.js';

/** The leading-axes wasm Sum. */
export const wasmSum: ProjectKernel = {
  kernelName: 'Sum',
  backendName: 'wasm',
  kind: 'replace',
  make: (stock: KernelFn): KernelFn => (args: KernelArgs) => {
    const { inputs, backend, attrs } = args;
    const x = inputs.x;
    if (x.dtype !== 'float32' || x.shape.length === 0) return stock(args);
    const r = x.shape.length;
    const raw = attrs.axis as number | number[] | null | undefined;
    const axes = (raw === null || raw === undefined ? [...Array(r).keys()] : Array.isArray(raw) ? raw : [raw]).map((a) => (a < 0 ? a + r : a));
    const sorted = [...new Set(axes)].sort((p, q) => p - q);
    const q = sorted.length;
    if (q === 0 || sorted.some((a, i) => a !== i)) return stock(args); // not a prefix of the axes
    const rows = x.shape.slice(0, q).reduce((s, d) => s * d, 1);
    const cols = x.shape.slice(q).reduce((s, d) => s * d, 1);
    if (rows * cols === 0) return stock(args);
    const keepDims = attrs.keepDims as boolean;
    const outShape = keepDims ? x.shape.map((d, i) => (i < q ? 1 : d)) : x.shape.slice(q);
    const out = backend.makeOutput(outShape, 'float32');
    simdKernels(backend).colsum(heapOffset(backend, x), heapOffset(backend, out), rows, cols);
    return out;
  },
};

/** Calls the stock (replaced) wasm Sum; used by parity tests. */
export function stockWasmSum(x: tf.Tensor, axis: number | number[], keepDims = false): tf.Tensor {
  const backend = tf.backend() as unknown as WasmBackendLike;
  return tf.engine().makeTensorFromTensorInfo(replacedKernel('wasm/Sum')({ inputs: { x }, backend, attrs: { axis, keepDims } }));
}
