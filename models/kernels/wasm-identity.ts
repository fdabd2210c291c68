/**
 * Patched `Identity` for the tfjs wasm backend: shares the input's buffer (reference count + 1) instead of copying
 * it, as the cpu backend does. tfjs calls Identity for every tensor it saves for the backward pass, so the stock
 * copy costs ~300 copies per training step. Tensors are immutable, so sharing is safe.
 */
import * as tf from '@tensorflow/tfjs';

type KernelArgs = { inputs: Record<string, tf.TensorInfo>; backend: { incRef(dataId: object): void }; attrs: Record<string, unknown> };
type KernelFn = (args: KernelArgs) => tf.TensorInfo;

let stockIdentity: KernelFn | undefined;

/** Re-registers wasm `Identity` as a buffer-sharing kernel. Idempotent. */
export function patchWasmIdentity(): void {
  if (stockIdentity !== undefined) return;
  const orig = tf.getKernel('Identity', 'wasm');
  if (!orig) throw new Error('patchWasmIdentity: wasm Identity kernel is not registered');
  stockIdentity = orig.kernelFunc as unknown as KernelFn;
  const stock = stockIdentity;
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({
    ...orig,
    kernelFunc: ((args: KernelArgs) => {
      const x = args.inputs.x;
      if (x.dtype === 'string') return stock(args);
      args.backend.incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    }) as unknown as tf.KernelFunc,
  });
}
