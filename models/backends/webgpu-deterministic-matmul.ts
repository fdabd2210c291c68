/**
 * Deterministic matMuls on webgpu. tfjs-backend-webgpu 4.22 picks `MatMulSplitKProgram` for a matMul with few output
 * tiles and a long reduction (batch 1, inner dimension ≥ 2000, ≤ 8 output tiles of 32×32: e.g. the weight gradients
 * of a narrow readout or the token embedding, whose reduction runs over batch × tokens). That program accumulates with
 * float atomics, so the summation order, and the last bits of the result, vary from run to run: a resumed run would
 * not be bit-identical. This wraps the `BatchMatMul` and `_FusedMatMul` kernels so that, exactly where tfjs would
 * choose split-K, it takes `MatMulSmallOutputSizeProgram` (what it uses for the same shapes below 2000), through the
 * backend's `WEBGPU_MATMUL_PROGRAM_TYPE` flag set for that one call. Every other matMul is unchanged.
 */
import * as tf from '@tensorflow/tfjs';

/** tfjs-backend-webgpu's MatMulProgramType values (webgpu_util.ts). */
const SMALL_OUTPUT_SIZE_PROGRAM = 2;
const FLAG = 'WEBGPU_MATMUL_PROGRAM_TYPE';

let installed = false;

/** The same test as tfjs-backend-webgpu 4.22's `batchMatMulImpl` for choosing split-K. */
export function wouldUseSplitK(aShape: number[], bShape: number[], transposeA: boolean, transposeB: boolean, threshold: number): boolean {
  const ra = aShape.length;
  const rb = bShape.length;
  const outerA = transposeA ? aShape[ra - 1] : aShape[ra - 2];
  const outerB = transposeB ? bShape[rb - 2] : bShape[rb - 1];
  const inner = transposeA ? aShape[ra - 2] : aShape[ra - 1];
  const batch = Math.max(aShape.slice(0, -2).reduce((x, y) => x * y, 1), bShape.slice(0, -2).reduce((x, y) => x * y, 1));
  const tiles = batch * Math.ceil(outerA / 32) * Math.ceil(outerB / 32);
  const few = tiles <= threshold || (outerA <= 8 && tiles <= threshold * 2);
  return few && batch * outerA * outerB > 128 && batch === 1 && inner >= 2000;
}

/** Installs the wrappers on the webgpu backend (idempotent). */
export function installDeterministicWebGpuMatMul(): void {
  if (installed) return;
  for (const name of ['BatchMatMul', '_FusedMatMul']) {
    const orig = tf.getKernel(name, 'webgpu');
    if (!orig) continue;
    tf.unregisterKernel(name, 'webgpu');
    tf.registerKernel({
      ...orig,
      kernelFunc: (args) => {
        const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
        const attrs = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
        const backend = args.backend as unknown as { thresholdToIncreaseWorkgroups?: number };
        const flag = tf.env().getNumber('WEBGPU_THRESHOLD_TO_INCREASE_WORKGROUPS_FOR_MATMUL');
        const threshold = flag > 0 ? flag : backend.thresholdToIncreaseWorkgroups ?? 8;
        if (tf.env().getNumber(FLAG) >= 0 || !wouldUseSplitK(a.shape, b.shape, Boolean(attrs.transposeA), Boolean(attrs.transposeB), threshold)) {
          return orig.kernelFunc(args);
        }
        tf.env().set(FLAG, SMALL_OUTPUT_SIZE_PROGRAM);
        try {
          return orig.kernelFunc(args);
        } finally {
          tf.env().set(FLAG, -1);
        }
      },
    });
  }
  installed = true;
}
