/**
 * `trainSweep` (many models in one program) against one-at-a-time `ClipTrainer` runs on the tfjs cpu backend: three
 * models (two seeds on one JGHM, a third on a JGHM with another flip probability), 4 steps each, paper loss.
 * Tolerances as in engine-step.test.ts (float32 on both sides, derived there): losses and gradient norms within
 * 1e−4 relative at every step; parameters after the last step within steps·lr·1e−3 + 1e−6·|p|. Refusals name the
 * field. Planted twin: a sweep given another seed for model 1 no longer matches that model's ClipTrainer run.
 * Deterministic (seeds printed).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../models/backends/index.js';
import { ClipTrainer, type TrainConfig } from '../../../models/training/index.js';
import { trainSweep } from '../../../models/webgpu-engine/index.js';
import { generatePaperJghm } from '../../../theory/generators.js';
import { TEST_SEED } from '../../setup.js';
import { gpu } from './gpu.js';

const A = generatePaperJghm({ states: 3, imageBranching: [2, 2], p: 0.1, seed: 5 });
const B = generatePaperJghm({ states: 3, imageBranching: [2, 2], p: 0.3, seed: 5 });
const BASE: Partial<TrainConfig> = { steps: 4, batch: 2, k: 3, layers: 1, width: 8, heads: 2, mlp: 8, lr: 1e-2, lrMin: 1e-3, weightDecay: 1e-2, gradClip: 0.5, testPairs: 10 };

function worstParamRatio(trainer: ClipTrainer, got: { image: Map<string, Float64Array>; text: Map<string, Float64Array> }, steps: number, lr: number): number {
  let worst = 0;
  for (const [which, enc] of [['image', trainer.image], ['text', trainer.text]] as const) {
    for (const [name, ref] of enc.parameterMap()) {
      const g = got[which].get(name)!;
      for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(g[i] - ref[i]) / (steps * lr * 1e-3 + 1e-6 * Math.abs(ref[i])));
    }
  }
  return worst;
}

describe.skipIf(!gpu)('trainSweep = one-at-a-time ClipTrainer runs', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  const seeds = [TEST_SEED % 1000, (TEST_SEED % 1000) + 1, (TEST_SEED % 1000) + 2];

  it('3 models (2 seeds × JGHM p = 0.1, 1 seed × p = 0.3), 4 steps', async () => {
    console.log(`[train-sweep] seeds ${seeds.join(', ')}`);
    const jghms = [A, A, B];
    const r = await trainSweep(gpu!, jghms, seeds.map((seed) => ({ ...BASE, seed })), () => {});
    expect(r.programs).toBe(1);
    for (let i = 0; i < 3; i++) {
      const t = new ClipTrainer(jghms[i], { ...BASE, seed: seeds[i] });
      try {
        for (let s = 0; s < BASE.steps!; s++) {
          const m = await t.trainStep();
          expect(Math.abs(r.loss[s][i] - m.clipLoss) / m.clipLoss, `model ${i} step ${s + 1} loss`).toBeLessThan(1e-4);
          expect(Math.abs(r.gradNorm[s][i] - m.gradNorm) / m.gradNorm, `model ${i} step ${s + 1} norm`).toBeLessThan(1e-4);
        }
        expect(worstParamRatio(t, r.parameters[i], BASE.steps!, BASE.lr!)).toBeLessThanOrEqual(1);
      } finally {
        t.dispose();
      }
    }
    // the models really differ
    expect(new Set(r.loss[0]).size).toBe(3);
  });

  it('planted failure: another seed for model 1 does not match its one-at-a-time run', async () => {
    const r = await trainSweep(gpu!, A, [{ ...BASE, seed: seeds[0] }, { ...BASE, seed: seeds[1] + 100 }]);
    const t = new ClipTrainer(A, { ...BASE, seed: seeds[1] });
    try {
      for (let s = 0; s < BASE.steps!; s++) await t.trainStep();
      expect(worstParamRatio(t, r.parameters[1], BASE.steps!, BASE.lr!)).toBeGreaterThan(1);
    } finally {
      t.dispose();
    }
  });

  it('refuses configurations that do not share the sweep fields, naming the field', async () => {
    await expect(trainSweep(gpu!, A, [{ ...BASE, seed: 1 }, { ...BASE, seed: 2, lr: 2e-2 }])).rejects.toThrow(/configs\[1\]\.lr/);
    await expect(trainSweep(gpu!, A, [{ ...BASE, seed: 1, guidedWeight: 1 }])).rejects.toThrow(/configs\[0\]\.guidedWeight/);
    await expect(trainSweep(gpu!, A, [{ ...BASE, seed: 1, batch: 0 }])).rejects.toThrow(/configs\[0\]: TrainConfig\.batch/);
  });
});
