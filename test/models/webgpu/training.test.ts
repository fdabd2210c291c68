/**
 * Training on webgpu, end to end, in-process (software Vulkan in CI): a short run learns, and a checkpointed run
 * resumes bit for bit. The optimizer is on the device (DeviceAdamW); nothing is read synchronously.
 *
 * Learning: S = 3, depth 2, 1 block of width 8, 16 pairs × K = 4, lr 2e-2, 12 steps; the test CLIP loss on 2000 test
 * pairs must drop by ≥ 0.25 nats. Measured when written: 3.008 → 2.527 (a drop of 0.481) on webgpu and on wasm alike
 * (they agree to 2e-7); each test loss has SE ≈ 0.03, so 0.25 is ≈ 8 SE below the measured drop and ≈ 8 SE above no
 * learning. The run is deterministic in its seed: no statistical false-failure rate. Planted failure: lr 0 drops 0.
 * Guided training (penalty toward exact BP messages) runs on webgpu and agrees with the same device code path on
 * cpu to float32 tolerance (1e-4 relative on the loss, the penalty and the gradient norm over 2 steps).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClipTrainer, type StepMetrics, type TrainConfig } from '../../../models/training/trainer.js';
import { initBackend } from '../../../models/backends/backend.js';
import { DeviceAdamW } from '../../../models/training/adamw-device.js';
import { loadCheckpoint, saveCheckpoint } from '../../../models/training/checkpoint.js';
import { generatePaperJghm } from '../../../theory/generators.js';
import { webgpuUnavailableReason } from './webgpu-available.js';

const skip = await webgpuUnavailableReason('training.test.ts');

const model = generatePaperJghm({ states: 3, imageBranching: [2, 2], p: 0.2, seed: 7 });
const MARGIN = 0.25;

async function drop(config: Partial<TrainConfig>, steps: number): Promise<{ drop: number; trainer: string }> {
  const t = new ClipTrainer(model, { seed: 1, steps, batch: 16, k: 4, layers: 1, width: 8, heads: 1, testPairs: 2000, ...config });
  try {
    const before = await t.evaluate();
    for (let i = 0; i < steps; i++) await t.trainStep();
    const after = await t.evaluate();
    return { drop: before.loss - after.loss, trainer: t.optimizer.constructor.name };
  } finally {
    t.dispose();
  }
}

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe.skipIf(skip !== undefined)('training on webgpu', () => {
  it(`a short run learns: the test loss drops by ≥ ${MARGIN} nats in 12 steps (optimizer on the device)`, async () => {
    const r = await drop({ lr: 2e-2, lrMin: 1e-3 }, 12);
    expect(r.trainer).toBe(DeviceAdamW.name);
    expect(r.drop).toBeGreaterThanOrEqual(MARGIN);
  }, 180_000);

  it('planted failure: with lr 0 the same check fails (drop 0)', async () => {
    const r = await drop({ lr: 0, lrMin: 0 }, 2);
    expect(r.drop).toBeLessThan(MARGIN);
  }, 120_000);

  it('N straight = N/2 + save + reload into a new trainer + N/2, bit for bit (weights, moments, losses)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clip-theory-webgpu-ckpt-'));
    const config: Partial<TrainConfig> = { seed: 9, steps: 4, batch: 4, k: 3, layers: 1, width: 8, heads: 2, testPairs: 20, similarity: 'cosine', gradClip: 0.5 };
    const steps = async (t: ClipTrainer, n: number) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push((await t.trainStep()).loss);
      return out;
    };
    const a = new ClipTrainer(model, config);
    const straight = await steps(a, 4);
    const final = await a.state();
    a.dispose();
    const b = new ClipTrainer(model, config);
    const first = await steps(b, 2);
    saveCheckpoint(join(dir, 'ck'), await b.state());
    b.dispose();
    const c = new ClipTrainer(model, config);
    c.restore(loadCheckpoint(join(dir, 'ck')));
    const second = await steps(c, 2);
    const resumed = await c.state();
    c.dispose();
    expect([...first, ...second]).toEqual(straight);
    resumed.variables.forEach((v, i) => expect(bits(v.data)).toEqual(bits(final.variables[i].data)));
    resumed.optimizer.m.forEach((m, i) => expect(bits(m)).toEqual(bits(final.optimizer.m[i])));
    resumed.optimizer.v.forEach((v, i) => expect(bits(v)).toEqual(bits(final.optimizer.v[i])));
    expect(resumed.optimizer.step).toBe(4);
  }, 180_000);

  it('guided training runs on webgpu and agrees with the same code path on cpu (2 steps)', async () => {
    const config: Partial<TrainConfig> = { seed: 5, steps: 2, batch: 4, k: 3, layers: 3, width: 8, heads: 1, testPairs: 20, guidedWeight: 1 };
    const run = async (backend: 'cpu' | 'webgpu') => {
      await initBackend(backend);
      const t = new ClipTrainer(model, config, { placement: 'device' });
      const out: StepMetrics[] = [];
      for (let i = 0; i < 2; i++) out.push(await t.trainStep());
      t.dispose();
      return out;
    };
    const c = await run('cpu');
    const w = await run('webgpu');
    c.forEach((m, i) => {
      for (const f of ['loss', 'guidedPenalty', 'gradNorm'] as const) {
        expect(Math.abs(w[i][f]! - m[f]!), `${f} at step ${i + 1}`).toBeLessThanOrEqual(1e-4 * Math.abs(m[f]!));
      }
    });
    expect(c[0].guidedPenalty!).toBeGreaterThan(0);
  }, 180_000);
});
