/**
 * Backend selection for the trainable models: `initBackend(name)` activates one tfjs backend, applies the
 * project's kernels where they exist (wasm: `kernels/`, listed in `kernels/index.ts`), and reports what runs.
 *
 * Backends:
 * - `tensorflow`: @tensorflow/tfjs-node-gpu or @tensorflow/tfjs-node (optional dependencies; absent offline).
 * - `webgpu`: @tensorflow/tfjs-backend-webgpu through the `webgpu` (Dawn) npm package, only when an adapter exists
 *   (probed in a child process, `webgpu-setup.ts`); `'auto'` skips software adapters (lavapipe) unless
 *   CLIP_THEORY_WEBGPU_SOFTWARE=1. Training on it keeps the optimizer on the device (`device-placement.ts`).
 * - `wasm`: @tensorflow/tfjs-backend-wasm (SIMD, one thread under Node) with the patched kernels. The default.
 *   When the optional OpenBLAS addon is built (`npm run build:blas`), matMuls run on OpenBLAS sgemm
 *   ("wasm+openblas" in `details`); `CLIP_THEORY_BLAS=off` turns that off.
 * - `cpu`: the plain-JS reference backend (slow, always available).
 *
 * `'auto'` tries them in the order above and keeps the first that initialises AND passes a one-step smoke test
 * (`backend-smoke.ts`: two steps of a tiny trainer compared with cpu). A backend that is not there (package absent, no
 * Vulkan, no driver, no adapter) is skipped silently; one that initialises but fails its smoke test is reported in
 * one line (`onSkip`, default: stderr) and skipped. It never throws for an optional backend (cpu always works).
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { enableBlasMatMul, registerClipKernels, stockKernelsRequested } from './kernels/index.js';
import { nativeBlas } from './native-blas.js';
import { describeAdapter, prepareWebGpu, softwareWebGpuAllowed } from './webgpu-setup.js';
import { installDeterministicWebGpuMatMul } from './webgpu-deterministic-matmul.js';

/** The tfjs backends the models can run on. */
export type BackendName = 'wasm' | 'cpu' | 'tensorflow' | 'webgpu';

/** Every backend name, in `'auto'` preference order (fastest first). */
export const BACKEND_NAMES: readonly BackendName[] = ['tensorflow', 'webgpu', 'wasm', 'cpu'];

/** What `initBackend` activated: backend name, version string and a one-line description. */
export interface BackendInfo {
  name: BackendName;
  version: string;
  details: string;
  /** `'auto'` only: the candidates it passed over and why (unavailable, or a failed smoke test). */
  skipped?: { backend: BackendName; reason: string; smokeTest: boolean }[];
}

/** Options of `initBackend`. */
export interface InitBackendOptions {
  /**
   * `'auto'`: called when a candidate initialised but failed its smoke test (`reason` is one line). Default: writes
   * `note: backend NAME failed its smoke test (REASON); trying the next one` to stderr.
   */
  onSkip?: (backend: BackendName, reason: string) => void;
  /** `'auto'`: run the smoke test (default true). */
  smokeTest?: boolean;
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
export async function initBackend(name: BackendName | 'auto' = 'wasm', options: InitBackendOptions = {}): Promise<BackendInfo> {
  if (name === 'auto') return initAuto(options);
  if (!BACKEND_NAMES.includes(name)) {
    throw new RangeError(`initBackend: name must be one of auto, ${BACKEND_NAMES.join(', ')}; got '${String(name)}'`);
  }
  const info = await INIT[name]({ auto: false });
  current = info;
  return info;
}

/**
 * The one-step smoke test `initBackend('auto')` runs on each candidate backend. It trains a tiny CLIP trainer, so it
 * lives in the training wing (models/training/backend-smoke.ts), which registers it here when it loads: the backends
 * wing stays below the training wing.
 */
export interface BackendSmokeTest {
  /** The reference: the smoke steps' numbers on the current (cpu) backend. */
  smokeSteps(): Promise<number[]>;
  /** Why `backend` fails against the reference (undefined when it passes). */
  smokeTest(backend: BackendName, reference: number[]): Promise<string | undefined>;
}

let smokeImpl: BackendSmokeTest | undefined;

/** Registers the smoke test of `initBackend('auto')` (called by models/training/backend-smoke.ts). */
export function registerBackendSmokeTest(impl: BackendSmokeTest): void {
  smokeImpl = impl;
}

async function initAuto(options: InitBackendOptions): Promise<BackendInfo> {
  const smoke = options.smokeTest ?? true;
  const onSkip = options.onSkip ?? ((b: BackendName, reason: string) => process.stderr.write(`note: backend ${b} failed its smoke test (${reason}); trying the next one\n`));
  const skipped: NonNullable<BackendInfo['skipped']> = [];
  if (smoke && !smokeImpl) {
    throw new Error("initBackend('auto'): the smoke test is not registered (it lives in the training wing: import models/index.js or models/training/index.js first, or pass { smokeTest: false })");
  }
  const { smokeSteps, smokeTest } = smokeImpl ?? { smokeSteps: async () => [], smokeTest: async () => undefined };
  let reference: number[] | undefined;
  for (const candidate of BACKEND_NAMES) {
    let info: BackendInfo;
    try {
      info = await INIT[candidate]({ auto: true });
    } catch (e) {
      if (!(e instanceof BackendUnavailableError)) {
        // an unexpected failure while initialising an optional backend: report it like a failed smoke test
        const reason = `initialisation failed: ${((e as Error)?.message ?? String(e)).split('\n')[0].slice(0, 200)}`;
        skipped.push({ backend: candidate, reason, smokeTest: true });
        onSkip(candidate, reason);
        continue;
      }
      skipped.push({ backend: candidate, reason: e.reason, smokeTest: false });
      continue;
    }
    if (smoke) {
      if (reference === undefined) {
        // the cpu reference, computed once (cpu is the plain-JS backend every other one is compared with)
        await INIT.cpu({ auto: true });
        reference = await smokeSteps();
        await activate(candidate);
      }
      const why = await smokeTest(candidate, reference);
      if (why !== undefined) {
        skipped.push({ backend: candidate, reason: why, smokeTest: true });
        onSkip(candidate, why);
        continue;
      }
    }
    current = { ...info, ...(skipped.length > 0 ? { skipped } : {}) };
    return current;
  }
  throw new Error(`initBackend: no backend could be initialised (${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')})`);
}

const INIT: Record<BackendName, (o: { auto: boolean }) => Promise<BackendInfo>> = {
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
  webgpu: async ({ auto }) => {
    const probe = await prepareWebGpu(!auto || softwareWebGpuAllowed());
    if (!probe.ok) throw new BackendUnavailableError('webgpu', probe.reason);
    const before = processHandlers();
    await activate('webgpu');
    restoreProcessHandlers(before);
    // Small ops whose inputs happen to be in host memory (e.g. weights just restored from a checkpoint) would run on
    // the CPU instead (tfjs "CPU forwarding"), with different rounding: a resumed run would not be bit-identical.
    tf.env().set('WEBGPU_CPU_FORWARD', false);
    // ... and split-K matMuls accumulate with float atomics (run-to-run rounding differences): avoided
    installDeterministicWebGpuMatMul();
    registerClipKernels('webgpu');
    return {
      name: 'webgpu',
      version: `tfjs ${tf.version.tfjs}, tfjs-backend-webgpu, webgpu (Dawn)`,
      details: `WebGPU through Dawn (node webgpu package) on ${describeAdapter(probe.adapter)}; optimizer on the device`,
    };
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
