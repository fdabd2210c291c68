/**
 * The cell runner in-process on wasm, on one tiny cell: a cell stopped exactly at an evaluation step resumes without
 * losing or repeating that evaluation; a damaged checkpoint makes the cell restart cleanly from step 0; both end
 * bit-identical to an uninterrupted run. A cell whose lock a live process holds is left to it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cellPaths, codeVersion, expandCells, runSweep, tryLock, validateSpec } from '../../experiments/index.js';
import type { Cell, SweepEvent } from '../../experiments/index.js';
import { tempDir } from '../cli/run-cli.js';
import { TINY_SPEC, digest } from './tiny-spec.js';

const dir = tempDir('experiment-cell');
const spec = validateSpec({ ...TINY_SPEC, encoders: [TINY_SPEC.encoders[0]], seeds: [1] }, 'one-cell');
const version = codeVersion();
let cell: Cell;
let reference: Record<string, string>;

function sweep(results: string, opts: { stopAfter?: number } = {}) {
  const events: SweepEvent[] = [];
  let steps = 0;
  return runSweep(spec, {
    results,
    backend: 'wasm',
    codeVersion: version,
    shouldStop: () => opts.stopAfter !== undefined && steps >= opts.stopAfter,
    onEvent: (e) => {
      if (e.type === 'step') steps++;
      events.push(e);
    },
  }).then((summary) => ({ summary, events }));
}

beforeAll(async () => {
  cell = (await expandCells(spec, version)).cells[0];
  const r = await sweep(join(dir, 'ref'));
  expect(r.summary.computed).toBe(1);
  reference = digest(join(dir, 'ref'));
}, 120_000);

describe('runCell', () => {
  it('stopped right after the evaluation at step 20: resumes with every evaluation exactly once', async () => {
    const results = join(dir, 'at-eval');
    const first = await sweep(results, { stopAfter: 20 });
    expect(first.summary.stopped).toBe(true);
    expect(first.events.some((e) => e.type === 'eval' && e.metrics.step === 20)).toBe(true);
    const second = await sweep(results);
    expect(second.events.find((e) => e.type === 'cell-resume')).toMatchObject({ step: 20 });
    const result = JSON.parse(readFileSync(cellPaths(results, cell.key).result, 'utf8'));
    expect(result.evals.map((e: { step: number }) => e.step)).toEqual([20, 40, 60]);
    expect(digest(results)).toEqual(reference);
  });
  it('a damaged checkpoint: the cell restarts cleanly from step 0 and ends identical', async () => {
    const results = join(dir, 'damaged');
    await sweep(results, { stopAfter: 35 });
    const bin = join(cellPaths(results, cell.key).checkpoint, 'tensors.bin');
    writeFileSync(bin, readFileSync(bin).subarray(0, 100));
    const again = await sweep(results);
    expect(again.events.some((e) => e.type === 'cell-restart')).toBe(true);
    expect(again.events.some((e) => e.type === 'cell-resume')).toBe(false);
    expect(again.events.filter((e) => e.type === 'step')).toHaveLength(60);
    expect(digest(results)).toEqual(reference);
  });
  it('twin: the digest sees a 1e-9 relative change in one standard error', async () => {
    const results = join(dir, 'other');
    cpSync(join(dir, 'ref'), results, { recursive: true });
    const file = cellPaths(results, cell.key).result;
    const r = JSON.parse(readFileSync(file, 'utf8'));
    r.evals[0].gapSe *= 1 + 1e-9;
    writeFileSync(file, JSON.stringify(r));
    expect(digest(results)).not.toEqual(reference);
  });
  it('a cell held by a live lock is left to its holder', async () => {
    const results = join(dir, 'locked');
    const lock = tryLock(cellPaths(results, cell.key).lock, 60_000)!;
    try {
      const r = await sweep(results);
      expect(r.summary).toMatchObject({ computed: 0, elsewhere: 1, stopped: false });
      expect(r.events.find((e) => e.type === 'cell-elsewhere')).toMatchObject({ why: 'locked' });
      const plan = await runSweep(spec, { results, dryRun: true, codeVersion: version });
      expect(plan.states[0].state.kind).toBe('locked');
    } finally {
      lock.release();
    }
  });
});
