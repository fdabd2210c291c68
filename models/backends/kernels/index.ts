/**
 * The project's kernels, and their installation for one backend. wasm: a correct OneHot (the stock one ignores
 * float32), BatchMatMul, Sum and Identity (faster equivalents of the stock kernels) and the fused LayerNorm kernels.
 * Other backends: nothing yet (stock kernels). A new kernel is one file exporting a `ProjectKernel` plus one entry in
 * `PROJECT_KERNELS` (WebGPU kernels will be entries with `backendName: 'webgpu'`). The optional OpenBLAS BatchMatMul
 * (`blas-matmul.ts`) is installed separately by `initBackend`, over these, when the addon is present.
 */
import { type ProjectKernel, registerProjectKernel } from './register-kernel.js';
import { wasmOneHot } from './wasm-onehot.js';
import { wasmMatMul } from './wasm-matmul.js';
import { wasmSum } from './wasm-sum.js';
import { wasmIdentity } from './wasm-identity.js';
import { wasmLayerNorm, wasmLayerNormGrad } from './wasm-layernorm.js';

export { LAYER_NORM_GRAD_KERNEL, LAYER_NORM_KERNEL } from './wasm-layernorm.js';
export { blasMatMulInstalled, enableBlasMatMul, withoutBlasMatMul } from './blas-matmul.js';
export { projectKernelInstalled, registerProjectKernel, replacedKernel } from './register-kernel.js';
export type { KernelArgs, KernelFn, MultiKernelFn, ProjectKernel } from './register-kernel.js';

/** Every project kernel, in installation order. */
export const PROJECT_KERNELS: readonly ProjectKernel[] = [wasmOneHot, wasmMatMul, wasmSum, wasmIdentity, wasmLayerNorm, wasmLayerNormGrad];

const done = new Set<string>();

/**
 * True when the environment asks for tfjs's stock kernels only (`CLIP_THEORY_WASM_KERNELS=stock`), for A/B
 * benchmarks and for ruling the project kernels out when debugging. Correctness fixes are installed regardless.
 */
export function stockKernelsRequested(): boolean {
  return process.env.CLIP_THEORY_WASM_KERNELS === 'stock';
}

/** Registers the project kernels for `backend` ('wasm', 'cpu', 'tensorflow', 'webgpu'). Safe to call repeatedly. */
export function registerClipKernels(backend: string): void {
  if (done.has(backend)) return;
  const stock = stockKernelsRequested();
  for (const k of PROJECT_KERNELS) if (k.backendName === backend && (k.correctnessFix || !stock)) registerProjectKernel(k);
  done.add(backend);
}
