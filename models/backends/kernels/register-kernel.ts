/**
 * Registering a project kernel over tfjs's: the one place that unregisters the kernel in place, keeps it as the new
 * kernel's fallback (and for parity tests), registers the new one with the old one's configuration, and makes all
 * of it idempotent. A kernel file is then just its kernel: a `ProjectKernel` whose `make` receives the fallback.
 */
import * as tf from '@tensorflow/tfjs';
import type { WasmBackendLike } from './wasm-backend.js';

/** The arguments tfjs passes to a kernel function. */
export interface KernelArgs {
  inputs: Record<string, tf.TensorInfo>;
  backend: WasmBackendLike;
  attrs: Record<string, unknown>;
}
/** A kernel function with one output. */
export type KernelFn = (args: KernelArgs) => tf.TensorInfo;
/** A kernel function with several outputs. */
export type MultiKernelFn = (args: KernelArgs) => tf.TensorInfo[];

/** One project kernel. */
export interface ProjectKernel {
  /** tfjs kernel name (e.g. 'BatchMatMul', or a project name such as 'ClipLayerNorm'). */
  readonly kernelName: string;
  /** tfjs backend name. */
  readonly backendName: string;
  /**
   * 'replace': registered over the kernel registered now (which must exist; `make` gets it as its fallback);
   * 'new': a kernel tfjs does not have (skipped when one of that name is registered already).
   */
  readonly kind: 'replace' | 'new';
  /** Installed even when the stock kernels are requested (`CLIP_THEORY_WASM_KERNELS=stock`): a correctness fix. */
  readonly correctnessFix?: boolean;
  /** Identifies the registration (default `<backend>/<kernel>`); a second kernel over the same name needs its own. */
  readonly id?: string;
  /** Builds the kernel function; `previous` is the kernel it replaces (for 'new': a function that throws). */
  make(previous: KernelFn): KernelFn | MultiKernelFn;
}

/** The kernel each registration replaced, by id. */
const replaced = new Map<string, KernelFn | null>();

function idOf(k: ProjectKernel): string {
  return k.id ?? `${k.backendName}/${k.kernelName}`;
}

/**
 * Registers `kernel` (see `ProjectKernel`). Idempotent: a second call with the same id does nothing. Throws when a
 * 'replace' kernel has nothing to replace (the backend is not ready).
 */
export function registerProjectKernel(kernel: ProjectKernel): void {
  const id = idOf(kernel);
  if (replaced.has(id)) return;
  const { kernelName, backendName } = kernel;
  const prev = tf.getKernel(kernelName, backendName);
  if (kernel.kind === 'new') {
    if (prev) return; // already there (registered by an earlier copy of this module)
    const none: KernelFn = () => {
      throw new Error(`${kernelName}: no ${backendName} kernel to fall back to`);
    };
    tf.registerKernel({ kernelName, backendName, kernelFunc: kernel.make(none) as unknown as tf.KernelFunc });
    replaced.set(id, null);
    return;
  }
  if (!prev) throw new Error(`registerProjectKernel(${id}): no ${backendName} ${kernelName} kernel is registered (is the ${backendName} backend ready?)`);
  const previous = prev.kernelFunc as unknown as KernelFn;
  const kernelFunc = kernel.make(previous) as unknown as tf.KernelFunc;
  replaced.set(id, previous);
  tf.unregisterKernel(kernelName, backendName);
  tf.registerKernel({ ...prev, kernelFunc });
}

/** True once the registration `id` (default `<backend>/<kernel>`) has run in this process. */
export function projectKernelInstalled(id: string): boolean {
  return replaced.has(id);
}

/** The kernel registration `id` replaced (for parity tests and A/B measurements); throws before it ran. */
export function replacedKernel(id: string): KernelFn {
  const k = replaced.get(id);
  if (!k) throw new Error(`replacedKernel: ${id} has not replaced a kernel in this process`);
  return k;
}
