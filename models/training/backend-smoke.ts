/**
 * The one-step smoke test `initBackend('auto')` runs on each candidate backend before choosing it: two training steps
 * of a tiny CLIP trainer (the trainer's own code path on that backend: host or device optimizer), compared with the
 * same two steps on the cpu backend (the reference). It catches a backend that initialises but computes wrongly
 * (e.g. tfjs-backend-wasm's stock float32 one-hot, which silently zeroes the token embedding), one that throws
 * (e.g. a synchronous read on webgpu), and one that hangs (a time limit).
 *
 * Compared: the first step's loss and gradient norm (forward and backward) and the second step's loss (after one
 * optimizer update), each within 1e-3 relative. Backends agree to ~1e-6 here (float32 rounding, measured); a wrong
 * kernel moves these by far more.
 */
import * as tf from '@tensorflow/tfjs';
import { makeJghm, makeTree } from '../../theory/model.js';
import type { Jghm } from '../../theory/model.js';
import { ClipTrainer } from './trainer.js';
import { registerBackendSmokeTest } from '../backends/index.js';

/** Relative tolerance of the comparison with the cpu reference. */
export const SMOKE_TOLERANCE = 1e-3;

/** Default time limit of one smoke test (first use of a GPU backend compiles its shaders). */
export const SMOKE_TIMEOUT_MS = 180_000;

let model: Jghm | undefined;

/** A fixed 2-state JGHM with 2 image leaves and 2 text leaves. */
function smokeModel(): Jghm {
  if (!model) {
    const k = Float64Array.from([0.8, 0.2, 0.3, 0.7]);
    const tree = makeTree(2, [2], [[k, k]], false, 'smoke');
    model = makeJghm(2, [0.5, 0.5], tree, tree);
  }
  return model;
}

/** [loss of step 1, gradient norm of step 1, loss of step 2] of the tiny trainer on the active backend. */
export async function smokeSteps(): Promise<number[]> {
  const trainer = new ClipTrainer(smokeModel(), { seed: 1, steps: 2, batch: 2, k: 2, layers: 1, width: 4, heads: 1, outDim: 2, lr: 0.05, lrMin: 0.05, testPairs: 2 });
  try {
    const a = await trainer.trainStep();
    const b = await trainer.trainStep();
    return [a.loss, a.gradNorm, b.loss];
  } finally {
    trainer.dispose();
  }
}

/** Why the smoke steps `got` on backend `name` disagree with the cpu reference `want` (undefined when they agree). */
export function compareSmoke(name: string, got: number[], want: number[]): string | undefined {
  const labels = ['step-1 loss', 'step-1 gradient norm', 'step-2 loss'];
  for (let i = 0; i < want.length; i++) {
    if (!Number.isFinite(got[i])) return `smoke test: ${labels[i]} is ${got[i]} on ${name}`;
    const rel = Math.abs(got[i] - want[i]) / Math.max(Math.abs(want[i]), 1e-12);
    if (!(rel <= SMOKE_TOLERANCE)) return `smoke test: ${labels[i]} ${got[i].toPrecision(7)} on ${name} vs ${want[i].toPrecision(7)} on cpu (relative difference ${rel.toExponential(1)} > ${SMOKE_TOLERANCE})`;
  }
  return undefined;
}

/**
 * Runs the smoke steps on the active backend (`name`, already activated) with a time limit and compares them with
 * `reference` (from `smokeSteps()` on cpu). Returns undefined on success, else the reason in one line. Never throws.
 */
export async function smokeTest(name: string, reference: number[], timeoutMs = SMOKE_TIMEOUT_MS): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const before = tf.memory().numTensors;
  try {
    const got = await Promise.race([
      smokeSteps(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`smoke test: no result after ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
        timer.unref();
      }),
    ]);
    const why = compareSmoke(name, got, reference);
    if (why) return why;
    const leaked = tf.memory().numTensors - before;
    return leaked > 0 ? `smoke test: ${leaked} tensors leaked per run on ${name}` : undefined;
  } catch (e) {
    const msg = (e as Error)?.message ?? String(e);
    return msg.startsWith('smoke test:') ? msg : `smoke test failed: ${msg.split('\n')[0].slice(0, 200)}`;
  } finally {
    if (timer) clearTimeout(timer);
  }
}

registerBackendSmokeTest({ smokeSteps, smokeTest });
