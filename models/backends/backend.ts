/**
 * Backend selection for the trainable models: `initBackend(name)` activates one tfjs backend, applies the
 * project's kernels where they exist (wasm: `kernels/`, listed in `kernels/index.ts`), and reports what runs.
 *
 * Backends:
 * - `tensorflow`: @tensorflow/tfjs-node-gpu or @tensorflow/tfjs-node (optional dependencies; absent offline).
 * - `webgpu`: @tensorflow/tfjs-backend-webgpu through the `webgpu` (Dawn) npm package, only when a real adapter exists.
 * - `wasm`: @tensorflow/tfjs-backend-wasm (SIMD, one thread under Node) with the patched kernels. The default.
 *   When the optional OpenBLAS addon is built (`npm run build:blas`), matMuls run on OpenBLAS sgemm
 *   ("wasm+openblas" in `details`); `CLIP_THEORY_BLAS=off` turns that off.
 * - `cpu`: the plain-JS reference backend (slow, always available).
 *
 * `'auto'` tries them in the order above and keeps the first that initialises.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { enableBlasMatMul, registerClipKernels, stockKernelsRequested } from './kernels/index.js';
import { nativeBlas } from './native-blas.js';

/** The tfjs backends the models can run on. */
export type BackendName = 'wasm' | 'cpu' | 'tensorflow' | 'webgpu';

/** Every backend name, in `'auto'` preference order (fastest first). */
export const BACKEND_NAMES: readonly BackendName[] = ['tensorflow', 'webgpu', 'wasm', 'cpu'];

/** What `initBackend` activated: backend name, version string and a one-line description. */
export interface BackendInfo {
  name: BackendName;
  version: string;
  details: string;
}

/** Thrown when a named backend cannot be initialised; `reason` says why in one line. */
export class BackendUnavailableError extends Error {
  constructor(
    readonly backend: BackendName,
    readonly reason: string,
  ) {
    super(`initBackend: backend '${backend}' is unavailable: ${reason}`);
    this.name = 'BackendUnavailableError';
  }
}

let current: BackendInfo | undefined;

/** The backend most recently activated by `initBackend`, or undefined before the first call. */
export function currentBackend(): BackendInfo | undefined {
  return current;
}

/**
 * Activates a backend and returns what runs. `name` defaults to `'wasm'`; `'auto'` picks the fastest working one
 * (tensorflow > webgpu > wasm > cpu). A named backend that cannot start throws `BackendUnavailableError`;
 * `'auto'` never throws for a missing optional backend (cpu always works).
 */
export async function initBackend(name: BackendName | 'auto' = 'wasm'): Promise<BackendInfo> {
  if (name === 'auto') {
    const skipped: string[] = [];
    for (const candidate of BACKEND_NAMES) {
      try {
        return await initBackend(candidate);
      } catch (e) {
        if (!(e instanceof BackendUnavailableError)) throw e;
        skipped.push(`${candidate}: ${e.reason}`);
      }
    }
    throw new Error(`initBackend: no backend could be initialised (${skipped.join('; ')})`);
  }
  if (!BACKEND_NAMES.includes(name)) {
    throw new RangeError(`initBackend: name must be one of auto, ${BACKEND_NAMES.join(', ')}; got '${String(name)}'`);
  }
  const info = await INIT[name]();
  current = info;
  return info;
}

const INIT: Record<BackendName, () => Promise<BackendInfo>> = {
  cpu: async () => {
    await activate('cpu');
    silenceCpuBanner();
    registerClipKernels('cpu');
    return { name: 'cpu', version: `tfjs ${tf.version.tfjs}`, details: 'tfjs cpu backend (plain JS), project kernels' };
  },
  wasm: async () => {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const before = processHandlers();
    await activate('wasm');
    restoreProcessHandlers(before);
    registerClipKernels('wasm');
    // optional OpenBLAS matMul (native/blas, CLIP_THEORY_BLAS=off disables it); not with the stock kernels
    const blas = stockKernelsRequested() ? undefined : enableBlasMatMul(nativeBlas());
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    return {
      name: 'wasm',
      version: `tfjs ${tf.version.tfjs}, tfjs-backend-wasm ${wasm.version_wasm}${blas ? `, ${blas.library}` : ''}`,
      details:
        `${blas ? 'wasm+openblas' : 'wasm'} ${simd ? 'SIMD' : 'no SIMD'}, 1 thread; ` +
        (stockKernelsRequested()
          ? 'stock tfjs kernels (CLIP_THEORY_WASM_KERNELS=stock)'
          : `project kernels: BatchMatMul (${blas ? `${blas.description}; fallback: ` : ''}XNNPACK routing + SIMD batched), Sum (SIMD column sums), Identity (shared buffers), fused LayerNorm`),
    };
  },
  tensorflow: async () => {
    let loaded: string | undefined;
    for (const spec of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
      try {
        await import(/* @vite-ignore */ spec);
        loaded = spec;
        break;
      } catch {
        // optional dependency absent or its native library missing: try the next one
      }
    }
    if (loaded === undefined) throw new BackendUnavailableError('tensorflow', 'neither @tensorflow/tfjs-node-gpu nor @tensorflow/tfjs-node can be imported');
    if (!tf.engine().registryFactory.tensorflow) throw new BackendUnavailableError('tensorflow', `${loaded} loaded but registered no 'tensorflow' backend (duplicate tfjs-core?)`);
    await activate('tensorflow');
    registerClipKernels('tensorflow');
    return { name: 'tensorflow', version: `tfjs ${tf.version.tfjs}, ${loaded}`, details: `libtensorflow via ${loaded}` };
  },
  webgpu: async () => {
    const reason = await prepareWebGpu();
    if (reason !== undefined) throw new BackendUnavailableError('webgpu', reason);
    const before = processHandlers();
    await activate('webgpu');
    restoreProcessHandlers(before);
    registerClipKernels('webgpu');
    return { name: 'webgpu', version: `tfjs ${tf.version.tfjs}, tfjs-backend-webgpu, webgpu (Dawn)`, details: 'WebGPU through Dawn (node webgpu package)' };
  },
};

/** setBackend that turns tfjs's console-logged failure into a BackendUnavailableError. */
async function activate(name: BackendName): Promise<void> {
  if (tf.getBackend() === name && tf.engine().backendName === name) return;
  const warn = console.warn;
  const messages: string[] = [];
  console.warn = (...args: unknown[]) => messages.push(args.map(String).join(' '));
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
    await tf.ready();
  } finally {
    console.warn = warn;
  }
  if (!ok || tf.getBackend() !== name) {
    throw new BackendUnavailableError(name, messages.length > 0 ? messages.join(' | ').slice(0, 300) : 'setBackend returned false');
  }
}

/** The cpu backend prints a "install tfjs-node" banner on first use in Node; it is noise here. */
function silenceCpuBanner(): void {
  const b = tf.findBackend('cpu') as unknown as { firstUse?: boolean } | null;
  if (b) b.firstUse = false;
}

type Handlers = Record<'uncaughtException' | 'unhandledRejection', Function[]>;

function processHandlers(): Handlers {
  const proc = process as unknown as NodeJS.EventEmitter;
  return { uncaughtException: proc.listeners('uncaughtException'), unhandledRejection: proc.listeners('unhandledRejection') };
}

/**
 * Emscripten installs process-wide `uncaughtException`/`unhandledRejection` handlers when the wasm module loads;
 * they abort with the whole minified module in the message. Remove the ones added during initialisation so that
 * errors surface as ordinary Node errors.
 */
function restoreProcessHandlers(before: Handlers): void {
  for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
    const proc = process as unknown as NodeJS.EventEmitter;
    for (const h of proc.listeners(event)) {
      if (!before[event].includes(h)) proc.removeListener(event, h as (...args: unknown[]) => void);
    }
  }
}

let webgpuPrepared: string | undefined | null = null;

/**
 * Makes `navigator.gpu` available (Dawn) and imports the tfjs WebGPU backend, only when a real adapter exists.
 * Returns undefined when ready, otherwise the reason it is not. Checks for the Vulkan loader first so that Dawn's
 * native "Couldn't load Vulkan" warning is not printed on machines without one.
 */
async function prepareWebGpu(): Promise<string | undefined> {
  if (webgpuPrepared !== null) return webgpuPrepared;
  webgpuPrepared = await (async () => {
    if (process.platform === 'linux' && !hasLibrary('libvulkan.so.1')) return 'no Vulkan loader (libvulkan.so.1) on this machine';
    let webgpu: { create: (opts: string[]) => unknown; globals: Record<string, unknown> };
    try {
      webgpu = (await import(/* @vite-ignore */ 'webgpu' as string)) as typeof webgpu;
    } catch {
      return "the optional 'webgpu' package cannot be imported";
    }
    const gpu = webgpu.create([]) as { requestAdapter(): Promise<unknown> };
    const adapter = await gpu.requestAdapter();
    if (adapter === null || adapter === undefined) return 'Dawn found no WebGPU adapter';
    Object.assign(globalThis, webgpu.globals);
    const g = globalThis as unknown as { navigator?: Record<string, unknown> };
    g.navigator ??= {};
    if (!('gpu' in g.navigator)) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
    try {
      await import(/* @vite-ignore */ '@tensorflow/tfjs-backend-webgpu' as string);
    } catch (e) {
      return `@tensorflow/tfjs-backend-webgpu cannot be imported (${(e as Error).message.split('\n')[0]})`;
    }
    return undefined;
  })();
  return webgpuPrepared;
}

function hasLibrary(file: string): boolean {
  const dirs = [
    ...(process.env.LD_LIBRARY_PATH ?? '').split(delimiter).filter((d) => d !== ''),
    '/usr/lib/x86_64-linux-gnu',
    '/usr/lib/aarch64-linux-gnu',
    '/usr/lib64',
    '/usr/lib',
    '/lib/x86_64-linux-gnu',
    '/usr/local/lib',
  ];
  return dirs.some((d) => existsSync(join(d, file)));
}
