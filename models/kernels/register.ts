/**
 * Installs the project's kernels for one backend. wasm: a correct OneHot (the stock one ignores float32), patched
 * BatchMatMul, Sum and Identity (faster equivalents of the stock kernels) and the fused LayerNorm kernels.
 * Other backends: nothing (stock kernels). Idempotent.
 */
import { patchWasmMatMul } from './wasm-matmul.js';
import { patchWasmSum } from './wasm-sum.js';
import { patchWasmIdentity } from './wasm-identity.js';
import { registerWasmLayerNorm } from './wasm-layernorm.js';
import { patchWasmOneHot } from './wasm-onehot.js';

const done = new Set<string>();

/**
 * True when the environment asks for tfjs's stock kernels only (`CLIP_THEORY_WASM_KERNELS=stock`), for A/B
 * benchmarks and for ruling the project kernels out when debugging.
 */
export function stockKernelsRequested(): boolean {
  return process.env.CLIP_THEORY_WASM_KERNELS === 'stock';
}

/** Registers the project kernels for `backend` ('wasm', 'cpu', 'tensorflow', 'webgpu'). Safe to call repeatedly. */
export function registerClipKernels(backend: string): void {
  if (done.has(backend)) return;
  if (backend === 'wasm') patchWasmOneHot(); // correctness fix: always
  if (backend === 'wasm' && !stockKernelsRequested()) {
    patchWasmMatMul();
    patchWasmSum();
    patchWasmIdentity();
    registerWasmLayerNorm();
  }
  done.add(backend);
}
