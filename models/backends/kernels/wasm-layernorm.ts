/**
 * Fused LayerNorm kernels for the tfjs wasm backend (SIMD, `simd-module.ts`), replacing ~20 elementwise and reduction
 * kernels per LayerNorm call (forward + backward):
 * - `ClipLayerNorm` {x [rows, cols], gamma, beta} (attr eps) → [y, x̂, rstd];
 * - `ClipLayerNormGrad` {dy, xhat, rstd, gamma} → [dx, dgamma, dbeta].
 * Only for float32 and cols a multiple of 4; `models/encoders/layers.ts` falls back to the composite otherwise.
 */
import type * as tf from '@tensorflow/tfjs';
import { heapOffset, simdKernels } from './wasm-backend.js';
import type { KernelArgs, MultiKernelFn, ProjectKernel } from './register-kernel.js';

/** Kernel names of the fused LayerNorm. */
export const LAYER_NORM_KERNEL = 'ClipLayerNorm';
export const LAYER_NORM_GRAD_KERNEL = 'ClipLayerNormGrad';

function check(where: string, x: tf.TensorInfo): [number, number] {
  if (x.shape.length !== 2 || x.dtype !== 'float32' || x.shape[1] % 4 !== 0) {
    throw new Error(`${where}: needs a float32 [rows, cols] input with cols a multiple of 4, got ${x.dtype} [${x.shape.join(', ')}]`);
  }
  return [x.shape[0], x.shape[1]];
}

/** Fused LayerNorm forward for wasm. */
export const wasmLayerNorm: ProjectKernel = {
  kernelName: LAYER_NORM_KERNEL,
  backendName: 'wasm',
  kind: 'new',
  make: (): MultiKernelFn => ({ inputs, backend, attrs }: KernelArgs) => {
    const { x, gamma, beta } = inputs;
    const [rows, cols] = check(LAYER_NORM_KERNEL, x);
    const y = backend.makeOutput([rows, cols], 'float32');
    const xh = backend.makeOutput([rows, cols], 'float32');
    const rs = backend.makeOutput([rows, 1], 'float32');
    const k = simdKernels(backend);
    const o = (t: tf.TensorInfo) => heapOffset(backend, t);
    k.lnFwd(o(x), o(gamma), o(beta), o(y), o(xh), o(rs), rows, cols, attrs.eps as number);
    return [y, xh, rs];
  },
};

/** Fused LayerNorm backward for wasm. */
export const wasmLayerNormGrad: ProjectKernel = {
  kernelName: LAYER_NORM_GRAD_KERNEL,
  backendName: 'wasm',
  kind: 'new',
  make: (): MultiKernelFn => ({ inputs, backend }: KernelArgs) => {
    const { dy, xhat, rstd, gamma } = inputs;
    const [rows, cols] = check(LAYER_NORM_GRAD_KERNEL, dy);
    const dx = backend.makeOutput([rows, cols], 'float32');
    const dg = backend.makeOutput([cols], 'float32');
    const db = backend.makeOutput([cols], 'float32');
    const o = (t: tf.TensorInfo) => heapOffset(backend, t);
    simdKernels(backend).lnBwd(o(dy), o(xhat), o(rstd), o(gamma), o(dx), o(dg), o(db), rows, cols);
    return [dx, dg, db];
  },
};
