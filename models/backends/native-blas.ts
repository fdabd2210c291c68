/**
 * Loader for the optional native BLAS addon (`native/blas/`, OpenBLAS `cblas_sgemm` through a small N-API addon).
 *
 * The addon is never built by `npm ci`: `npm run build:blas` builds it when OpenBLAS is installed
 * (Debian: `apt-get install -y libopenblas-dev`). When it is absent or fails to load, `nativeBlas()` returns null
 * without logging anything, and the models run on the plain wasm kernels.
 *
 * Environment:
 * - `CLIP_THEORY_BLAS=off` disables the fast path (`nativeBlas()` returns null); `on` makes a missing addon an
 *   error (for benchmarks that must not silently measure the fallback); unset or `auto`: use it when present.
 * - `CLIP_THEORY_BLAS_THREADS=n` sets OpenBLAS's thread count (default 1: one core per training process; the
 *   matrices of the models are too small for threads to help, and several processes share the machine).
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The functions of `blas.node` (row-major single-precision GEMM; see native/blas/blas.c). */
export interface NativeBlas {
  /** C = alpha·op(A)·op(B) + beta·C with op(A) M×K, op(B) K×N, C M×N; op(X) = Xᵀ when transX. Throws RangeError on bad arguments. */
  sgemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: Float32Array,
    lda: number,
    b: Float32Array,
    ldb: number,
    beta: number,
    c: Float32Array,
    ldc: number,
  ): void;
  /** `sgemm` for t < batch on A + t·strideA, B + t·strideB, C + t·strideC (element strides; 0 broadcasts). */
  sgemmBatch(
    batch: number,
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: Float32Array,
    lda: number,
    strideA: number,
    b: Float32Array,
    ldb: number,
    strideB: number,
    beta: number,
    c: Float32Array,
    ldc: number,
    strideC: number,
  ): void;
  /** openblas_set_num_threads(n), n ≥ 1. */
  setNumThreads(n: number): void;
  /** openblas_get_num_threads(). */
  numThreads(): number;
  /** openblas_get_config(), e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY SkylakeX MAX_THREADS=64". */
  config(): string;
}

/** Where `npm run build:blas` puts the addon. */
export const DEFAULT_BLAS_ADDON_PATH = fileURLToPath(new URL('../../native/blas/build/Release/blas.node', import.meta.url));

const requireNative = createRequire(import.meta.url);
const loaded = new Map<string, { blas: NativeBlas | null; reason?: string }>();

/**
 * Loads the addon at `path` (default: the build output) and sets its thread count; null, silently, when the file
 * is missing or cannot be loaded (e.g. libopenblas.so.0 uninstalled after the build). Cached per path.
 */
export function loadNativeBlas(path: string = DEFAULT_BLAS_ADDON_PATH): NativeBlas | null {
  return loadWithReason(path).blas;
}

/** Why the addon at `path` did not load (undefined when it loaded). Loads it if not yet tried. */
export function nativeBlasUnavailableReason(path: string = DEFAULT_BLAS_ADDON_PATH): string | undefined {
  return loadWithReason(path).reason;
}

function loadWithReason(path: string): { blas: NativeBlas | null; reason?: string } {
  const cached = loaded.get(path);
  if (cached) return cached;
  let result: { blas: NativeBlas | null; reason?: string };
  if (!existsSync(path)) {
    result = { blas: null, reason: `addon not built (${path} is missing)` };
  } else {
    const threads = blasThreads(); // a bad CLIP_THEORY_BLAS_THREADS is a usage error, not a missing addon
    try {
      const blas = requireNative(path) as NativeBlas;
      if (typeof blas.sgemm !== 'function' || typeof blas.sgemmBatch !== 'function') throw new Error('not the project BLAS addon');
      blas.setNumThreads(threads);
      result = { blas };
    } catch (e) {
      result = { blas: null, reason: `addon failed to load: ${String((e as Error).message).split('\n')[0]}` };
    }
  }
  loaded.set(path, result);
  return result;
}

/** The thread count requested by `CLIP_THEORY_BLAS_THREADS` (default 1). */
export function blasThreads(): number {
  const raw = process.env.CLIP_THEORY_BLAS_THREADS;
  if (raw === undefined || raw === '') return 1;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1 || n > 1024) {
    throw new RangeError(`CLIP_THEORY_BLAS_THREADS must be an integer in [1, 1024], got '${raw}'`);
  }
  return n;
}

/** The `CLIP_THEORY_BLAS` mode: 'off', 'on' or 'auto' (default). */
export function blasMode(): 'off' | 'on' | 'auto' {
  const raw = process.env.CLIP_THEORY_BLAS;
  if (raw === undefined || raw === '' || raw === 'auto') return 'auto';
  if (raw === 'off' || raw === 'on') return raw;
  throw new RangeError(`CLIP_THEORY_BLAS must be one of off, on, auto; got '${raw}'`);
}

/**
 * The addon as the environment asks for it: null when `CLIP_THEORY_BLAS=off` or (in `auto` mode) when it is not
 * available; with `CLIP_THEORY_BLAS=on` a missing addon throws an Error saying why.
 */
export function nativeBlas(): NativeBlas | null {
  const mode = blasMode();
  if (mode === 'off') return null;
  const { blas, reason } = loadWithReason(DEFAULT_BLAS_ADDON_PATH);
  if (blas === null && mode === 'on') throw new Error(`nativeBlas: CLIP_THEORY_BLAS=on but the OpenBLAS addon is unavailable: ${reason}`);
  return blas;
}
