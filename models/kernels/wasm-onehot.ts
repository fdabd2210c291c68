/**
 * Correct `OneHot` for the tfjs wasm backend. The stock 4.22 kernel always writes int32 values, so a float32 request
 * (`tf.oneHot(ids, V, 1, 0, 'float32')`) yields bit patterns like 1.4e-45 instead of 1. This JS kernel writes the
 * requested dtype directly into the wasm heap (indices outside [0, depth) give an all-`offValue` row, as in tfjs).
 * It is a correctness fix, so it is installed even when the stock kernels are requested for benchmarking.
 */
import * as tf from '@tensorflow/tfjs';
import type { WasmBackendLike } from './wasm-matmul.js';

type KernelArgs = { inputs: Record<string, tf.TensorInfo>; backend: WasmBackendLike; attrs: Record<string, unknown> };

let patched = false;

/** Re-registers wasm `OneHot` with the JS kernel above. Idempotent. */
export function patchWasmOneHot(): void {
  if (patched) return;
  const orig = tf.getKernel('OneHot', 'wasm');
  if (!orig) throw new Error('patchWasmOneHot: wasm OneHot kernel is not registered');
  tf.unregisterKernel('OneHot', 'wasm');
  tf.registerKernel({
    kernelName: 'OneHot',
    backendName: 'wasm',
    kernelFunc: (({ inputs, backend, attrs }: KernelArgs) => {
      const indices = inputs.indices;
      const depth = attrs.depth as number;
      const on = attrs.onValue as number;
      const off = attrs.offValue as number;
      const dtype = (attrs.dtype as tf.DataType | undefined) ?? 'int32';
      const out = backend.makeOutput([...indices.shape, depth], dtype);
      const ids = backend.typedArrayFromHeap(indices);
      const values = backend.typedArrayFromHeap(out);
      values.fill(off);
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i];
        if (id >= 0 && id < depth) values[i * depth + id] = on;
      }
      return out;
    }) as unknown as tf.KernelFunc,
  });
  patched = true;
}
