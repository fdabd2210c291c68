/**
 * `Identity` for the tfjs wasm backend: shares the input's buffer (reference count + 1) instead of copying it, as the
 * cpu backend does. tfjs calls Identity for every tensor it saves for the backward pass, so the stock copy costs ~300
 * copies per training step. Tensors are immutable, so sharing is safe. Strings go to the stock kernel.
 */
import type { KernelArgs, KernelFn, ProjectKernel } from './register-kernel.js';

/** The buffer-sharing wasm Identity. */
export const wasmIdentity: ProjectKernel = {
  kernelName: 'Identity',
  backendName: 'wasm',
  kind: 'replace',
  make: (stock: KernelFn): KernelFn => (args: KernelArgs) => {
    const x = args.inputs.x;
    if (x.dtype === 'string') return stock(args);
    args.backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  },
};
