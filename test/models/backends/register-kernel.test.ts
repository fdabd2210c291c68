/**
 * registerProjectKernel: replaces a kernel in place, keeps the replaced one as the fallback, is idempotent, and
 * refuses to replace a kernel that is not there. Deterministic: no statistical false-failure rate.
 * Uses the cpu backend and its stock `Neg` kernel (nothing else in this test file relies on Neg).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../models/backends/backend.js';
import { PROJECT_KERNELS, type KernelFn, projectKernelInstalled, registerProjectKernel, replacedKernel } from '../../../models/backends/index.js';

describe('registerProjectKernel', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('replaces a kernel over the previous one, which stays its fallback; a second call does nothing', () => {
    let calls = 0;
    const negTwice = {
      kernelName: 'Neg',
      backendName: 'cpu',
      kind: 'replace' as const,
      id: 'test/cpu/Neg',
      make: (previous: KernelFn): KernelFn => (args) => {
        calls++;
        return previous(args); // the stock result, so the rest of tfjs is unaffected
      },
    };
    const x = tf.tensor1d([1, -2, 3]);
    expect(projectKernelInstalled('test/cpu/Neg')).toBe(false);
    expect(() => replacedKernel('test/cpu/Neg')).toThrow('has not replaced');
    registerProjectKernel(negTwice);
    registerProjectKernel(negTwice); // idempotent: not wrapped twice
    expect(Array.from(tf.neg(x).dataSync())).toEqual([-1, 2, -3]);
    expect(calls).toBe(1);
    expect(projectKernelInstalled('test/cpu/Neg')).toBe(true);
    // the replaced kernel is reachable (parity tests call it directly)
    const stock = replacedKernel('test/cpu/Neg');
    const info = stock({ inputs: { x }, backend: tf.backend() as never, attrs: {} });
    expect(Array.from(tf.engine().makeTensorFromTensorInfo(info).dataSync())).toEqual([-1, 2, -3]);
    expect(calls).toBe(1);
  });

  it('registers a new kernel once and refuses to replace a kernel that does not exist', () => {
    const made: string[] = [];
    const fresh = {
      kernelName: 'ClipTestKernel',
      backendName: 'cpu',
      kind: 'new' as const,
      make: (previous: KernelFn): KernelFn => {
        made.push('made');
        expect(() => previous({ inputs: {}, backend: tf.backend() as never, attrs: {} })).toThrow('no cpu kernel to fall back to');
        return (args) => args.inputs.x;
      },
    };
    registerProjectKernel(fresh);
    registerProjectKernel(fresh);
    expect(made).toEqual(['made']);
    expect(tf.getKernel('ClipTestKernel', 'cpu')).toBeDefined();
    expect(() =>
      registerProjectKernel({ kernelName: 'NoSuchKernel', backendName: 'cpu', kind: 'replace', make: (p) => p }),
    ).toThrow('no cpu NoSuchKernel kernel is registered');
  });

  it('lists every project kernel once, each with a distinct registration id', () => {
    const ids = PROJECT_KERNELS.map((k) => k.id ?? `${k.backendName}/${k.kernelName}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(['wasm/OneHot', 'wasm/BatchMatMul', 'wasm/Sum', 'wasm/Identity', 'wasm/ClipLayerNorm', 'wasm/ClipLayerNormGrad']);
    expect(PROJECT_KERNELS.filter((k) => k.correctnessFix).map((k) => k.kernelName)).toEqual(['OneHot']);
  });
});
