/**
 * Correct `OneHot` for the tfjs wasm backend. The stock 4.22 kernel always writes int32 values, so a float32 request
 * (`tf.oneHot(ids, V, 1, 0, 'float32')`) yields bit patterns like 1.4e-45 instead of 1. This JS kernel writes the
 * requested dtype directly into the wasm heap (indices outside [0, depth) give an all-`offValue` row, as in tfjs).
 * It is a correctness fix, so it is installed even when the stock kernels are requested for benchmarking.
 */
import type * as tf from '@tensorflow/tfjs';
import type { KernelArgs, KernelFn, ProjectKernel } from './register-kernel.js';

/** The corrected wasm OneHot. */
export const wasmOneHot: ProjectKernel = {
  kernelName: 'OneHot',
  backendName: 'wasm',
  kind: 'replace',
  correctnessFix: true,
  make: (): KernelFn => ({ inputs, backend, attrs }: KernelArgs) => {
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
  },
};
