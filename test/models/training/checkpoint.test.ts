/**
 * Checkpoints: bit-exact round trip, and exact resume — N steps straight vs N/2 + save + reload into a freshly
 * constructed trainer + N/2 give identical losses and weights bit for bit on the same backend (wasm).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '../../../models/backends/backend.js';
import { ClipTrainer, type TrainConfig } from '../../../models/training/trainer.js';
import { CheckpointError, loadCheckpoint, saveCheckpoint } from '../../../models/training/checkpoint.js';
import { generatePaperJghm } from '../../../theory/generators.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const model = generatePaperJghm({ states: 3, imageBranching: [2, 2], textBranching: [3], p: 0.2, seed: 3 });

function bits(a: Float32Array): Uint32Array {
  return new Uint32Array(a.buffer, a.byteOffset, a.length);
}

function runSteps(t: ClipTrainer, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(t.trainStep().loss);
  return out;
}

describe.each([
  ['paper loss, dot similarity, online data', { similarity: 'dot', loss: 'paper', data: { kind: 'online' } }],
  ['in-batch loss, cosine similarity (logit scale), fixed dataset', { similarity: 'cosine', loss: 'in-batch', data: { kind: 'fixed', n: 40 } }],
  ['guided training', { guidedWeight: 1e-3 }],
] as const)('exact resume: %s', (_name, extra) => {
  it('N straight = N/2 + save + reload + N/2, bit for bit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clip-theory-ckpt-'));
    const config: Partial<TrainConfig> = { seed: 9, steps: 8, batch: 6, k: 3, layers: 2, width: 8, heads: 2, testPairs: 20, ...(extra as Partial<TrainConfig>) };
    const a = new ClipTrainer(model, config);
    const straight = runSteps(a, 8);
    const final = a.state();
    a.dispose();

    const b = new ClipTrainer(model, config);
    const first = runSteps(b, 4);
    saveCheckpoint(join(dir, 'checkpoint'), b.state({ note: 'half' }));
    b.dispose();

    const c = new ClipTrainer(model, config);
    const loaded = loadCheckpoint(join(dir, 'checkpoint'));
    expect(loaded.meta).toEqual({ note: 'half' });
    c.restore(loaded);
    expect(c.step).toBe(4);
    const second = runSteps(c, 4);
    const resumed = c.state();
    c.dispose();

    expect([...first, ...second]).toEqual(straight);
    expect(resumed.variables.map((v) => v.name)).toEqual(final.variables.map((v) => v.name));
    resumed.variables.forEach((v, i) => expect(bits(v.data)).toEqual(bits(final.variables[i].data)));
    resumed.optimizer.m.forEach((m, i) => expect(bits(m)).toEqual(bits(final.optimizer.m[i])));
    resumed.optimizer.v.forEach((v, i) => expect(bits(v)).toEqual(bits(final.optimizer.v[i])));
    expect(resumed.samplerState).toEqual(final.samplerState);
    expect(resumed.optimizer.step).toBe(8);
  });
});

describe('checkpoint files', () => {
  it('round-trips special float32 values bit for bit and replaces an older checkpoint atomically', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'clip-theory-ckpt-')), 'ck');
    const data = new Float32Array([0, -0, 1.5, -3.25e-38, 3.4e38, Math.PI, 1e-45]);
    const state = { step: 7, samplerState: [1, 2, 3, 4], variables: [{ name: 'w', shape: [7], data }], optimizer: { step: 7, names: ['w'], m: [data.map((x) => x * 2)], v: [data.map((x) => x * x)] } };
    saveCheckpoint(dir, { ...state, step: 1 });
    saveCheckpoint(dir, state);
    const back = loadCheckpoint(dir);
    expect(back.step).toBe(7);
    expect(bits(back.variables[0].data)).toEqual(bits(data));
    expect(bits(back.optimizer.m[0])).toEqual(bits(state.optimizer.m[0]));
    expect(back.samplerState).toEqual([1, 2, 3, 4]);
  });
  it('reports a missing or malformed checkpoint by file and field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clip-theory-ckpt-'));
    expect(() => loadCheckpoint(dir)).toThrow(CheckpointError);
    writeFileSync(join(dir, 'checkpoint.json'), '{"format":"other"}');
    writeFileSync(join(dir, 'tensors.bin'), new Uint8Array(8));
    expect(() => loadCheckpoint(dir)).toThrow(/format must be/);
  });
});
