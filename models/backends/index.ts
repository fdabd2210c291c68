/**
 * Public entry of `models/backends/`, the bottom wing of `models/`: tfjs backend selection (`initBackend`), the
 * optional native OpenBLAS addon, the project's kernels (`kernels/`, one file each, listed in `kernels/index.ts`)
 * and the check that a backend is fit for training. Imports nothing else from `models/`.
 */
export { BACKEND_NAMES, BackendUnavailableError, currentBackend, initBackend } from './backend.js';
export type { BackendInfo, BackendName } from './backend.js';
export { DEFAULT_BLAS_ADDON_PATH, blasMode, blasThreads, loadNativeBlas, nativeBlas, nativeBlasUnavailableReason } from './native-blas.js';
export type { NativeBlas } from './native-blas.js';
export { assertOneHotFloat32, oneHotFloat32Works } from './training-backend-check.js';
export {
  LAYER_NORM_GRAD_KERNEL,
  LAYER_NORM_KERNEL,
  PROJECT_KERNELS,
  blasMatMulInstalled,
  projectKernelInstalled,
  registerClipKernels,
  registerProjectKernel,
  replacedKernel,
  stockKernelsRequested,
  withoutBlasMatMul,
} from './kernels/index.js';
export type { KernelArgs, KernelFn, MultiKernelFn, ProjectKernel } from './kernels/index.js';
