/**
 * RunFolder (no tfjs): refusals name the field and write nothing; a new run writes config.json and an empty
 * metrics.jsonl; resuming cuts metrics.jsonl back to the checkpoint's step, and leaves it untouched when the
 * checkpoint cannot be restored. Deterministic: no statistical false-failure rate.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RunFolder, RunFolderError, modelTextSha256 } from '../../../models/training/run-folder.js';
import type { TrainerState } from '../../../models/training/checkpoint.js';
import { makeTempDir, removeTempDirs } from '../../reports/temp-dir.js';

afterAll(removeTempDirs);

const state = (step: number): TrainerState => ({
  step,
  variables: [{ name: 'w', shape: [2], data: new Float32Array([1, 2]) }],
  optimizer: { step, names: ['w'], m: [new Float32Array([0, 0])], v: [new Float32Array([0, 0])] },
  samplerState: [1, 2, 3, 4],
});

function refusal(fn: () => unknown): RunFolderError {
  try {
    fn();
  } catch (e) {
    if (e instanceof RunFolderError) return e;
    throw e;
  }
  throw new Error('expected a RunFolderError');
}

describe('RunFolder', () => {
  it('refuses a non-empty folder for a new run, and a folder without config.json for resuming', () => {
    const root = makeTempDir('run-folder');
    writeFileSync(join(root, 'stray.txt'), 'x');
    expect(refusal(() => RunFolder.open(root, false)).field).toBe('out');
    const empty = join(root, 'empty');
    expect(refusal(() => RunFolder.open(empty, true))).toMatchObject({ field: 'resume', detail: expect.stringContaining('no config.json') });
    expect(existsSync(empty)).toBe(false); // nothing written
    expect(RunFolder.open(empty, false).dir).toBe(empty); // absent: fine for a new run
  });

  it('starts a run, records metrics and a checkpoint, and resumes from the checkpoint', () => {
    const dir = join(makeTempDir('run-folder'), 'run');
    const folder = RunFolder.open(dir, false);
    const sha = folder.checkModel('{"model": 1}', 'm.json');
    expect(sha).toBe(modelTextSha256('{"model": 1}'));
    folder.start({ config: { steps: 4 }, modelFile: 'm.json', modelSha256: sha, command: 'train' });
    expect(readFileSync(folder.metricsFile, 'utf8')).toBe('');
    for (let s = 1; s <= 4; s++) folder.appendMetrics('step', { step: s, loss: 1 / s });
    folder.appendMetrics('eval', { step: 2, loss: 0.5 });
    folder.saveCheckpoint(state(2));
    folder.writeSummary({ status: 'interrupted' });
    expect(readdirSync(dir).sort()).toEqual(['checkpoint', 'config.json', 'metrics.jsonl', 'summary.json']);

    const again = RunFolder.open(dir, true);
    expect(again.saved).toMatchObject({ config: { steps: 4 }, modelFile: 'm.json', command: 'train' });
    expect(refusal(() => again.checkModel('{"model": 2}', 'other.json'))).toMatchObject({ field: 'model', detail: expect.stringContaining('m.json') });
    expect(again.hasCheckpoint()).toBe(true);
    let restored: TrainerState | undefined;
    expect(again.resumeFrom((s) => (restored = s)).step).toBe(2);
    expect(restored?.samplerState).toEqual([1, 2, 3, 4]);
    const records = readFileSync(again.metricsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(records).toEqual([
      { type: 'step', step: 1, loss: 1 },
      { type: 'step', step: 2, loss: 0.5 },
      { type: 'eval', step: 2, loss: 0.5 },
    ]);
  });

  it('leaves metrics.jsonl untouched when the checkpoint cannot be restored', () => {
    const dir = join(makeTempDir('run-folder'), 'run');
    const folder = RunFolder.open(dir, false);
    folder.start({ config: {}, modelFile: 'm.json', modelSha256: folder.checkModel('m', 'm.json') });
    for (let s = 1; s <= 3; s++) folder.appendMetrics('step', { step: s });
    folder.saveCheckpoint(state(1));
    const before = readFileSync(folder.metricsFile, 'utf8');
    const again = RunFolder.open(dir, true);
    const e = refusal(() =>
      again.resumeFrom(() => {
        throw new Error('shape mismatch (simulated)');
      }),
    );
    expect(e.field).toBe('resume');
    expect(e.detail).toContain('shape mismatch (simulated)');
    expect(readFileSync(folder.metricsFile, 'utf8')).toBe(before);
    writeFileSync(join(folder.checkpointDir, 'checkpoint.json'), '{broken');
    expect(refusal(() => RunFolder.open(dir, true).resumeFrom(() => {})).detail).toContain('not valid JSON');
  });
});
