/**
 * `initBackend('auto')` chooses a backend only after its one-step smoke test passes (two steps of a tiny trainer
 * compared with cpu): the comparison itself, and a planted failing backend — wasm whose Sigmoid kernel (GELU's) is
 * replaced by its Tanh kernel, so it computes wrong numbers without throwing — which auto reports in one line and
 * passes over. Deterministic: no statistical false-failure rate.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendName } from '../../../models/backends/backend.js';
import { SMOKE_TOLERANCE, compareSmoke } from '../../../models/training/backend-smoke.js';

describe('smoke comparison', () => {
  it('accepts agreement within the tolerance and names the first quantity that disagrees', () => {
    const want = [1.5, 2.0, 1.2];
    expect(compareSmoke('x', want.map((v) => v * (1 + SMOKE_TOLERANCE / 2)), want)).toBeUndefined();
    expect(compareSmoke('x', [1.5, 2.0 * (1 + 3 * SMOKE_TOLERANCE), 1.2], want)).toMatch(/^smoke test: step-1 gradient norm .* on x vs .* on cpu/);
    expect(compareSmoke('x', [1.5, 2.0, NaN], want)).toMatch(/^smoke test: step-2 loss is NaN on x$/);
  });
});

describe("initBackend('auto') with a planted broken backend", () => {
  it('wasm with a wrong Sigmoid kernel fails its smoke test: one line, then the next backend', async () => {
    await import('@tensorflow/tfjs-backend-wasm');
    const tanh = tf.getKernel('Tanh', 'wasm')!;
    const sigmoid = tf.getKernel('Sigmoid', 'wasm')!;
    tf.unregisterKernel('Sigmoid', 'wasm');
    tf.registerKernel({ ...sigmoid, kernelFunc: tanh.kernelFunc });
    const skips: [BackendName, string][] = [];
    let info;
    try {
      info = await initBackend('auto', { onSkip: (b, reason) => skips.push([b, reason]) });
    } finally {
      tf.unregisterKernel('Sigmoid', 'wasm');
      tf.registerKernel(sigmoid);
    }
    if (info.name === 'tensorflow' || info.name === 'webgpu') {
      console.log(`[backend-auto] ${info.name} was chosen before wasm on this machine; the planted wasm failure was not reached`);
      return;
    }
    expect(skips.map(([b]) => b)).toEqual(['wasm']);
    expect(skips[0][1]).toMatch(/^smoke test: step-1 loss .* on wasm vs .* on cpu \(relative difference/);
    expect(skips[0][1]).not.toContain('\n');
    expect(info.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(info.skipped?.find((s) => s.backend === 'wasm')).toMatchObject({ smokeTest: true });
  }, 120_000);
});
