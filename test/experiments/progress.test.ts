/**
 * `experiment run` progress: a terminal gets one redrawn bar line with the sweep's ETA and a permanent line per
 * finished cell; elsewhere, plain lines (plan, cell start, evaluations, a step line every tenth of a cell, end).
 */
import { describe, expect, it } from 'vitest';
import { progressReporter } from '../../cli/commands/experiment-progress.js';
import { expandCells, validateSpec } from '../../experiments/index.js';
import type { SweepEvent } from '../../experiments/index.js';
import { TINY_SPEC } from './tiny-spec.js';

async function feed(tty: boolean): Promise<string> {
  const { cells } = await expandCells(validateSpec(TINY_SPEC, 't'), 'v');
  let out = '';
  const report = progressReporter((s) => (out += s), tty);
  const events: SweepEvent[] = [{ type: 'plan', codeVersion: 'v', total: 4, shard: { index: 1, count: 2 }, mine: 2, done: 0, todo: cells.slice(0, 2), backend: 'wasm x' }];
  for (const [i, cell] of cells.slice(0, 2).entries()) {
    events.push({ type: 'cell-start', cell, index: i + 1, of: 2 });
    for (let step = 1; step <= 60; step++) {
      events.push({ type: 'step', cell, metrics: { step, loss: 1, clipLoss: 1, gradNorm: 1, lr: 1e-3, ms: 1 } });
      if (step % 20 === 0) events.push({ type: 'eval', cell, metrics: { step, loss: 1.2, lossSe: 0.01, bayes: 1, bayesSe: 0.01, gap: 0.2, gapSe: 0.005, n: 60, ms: 1 } });
    }
    events.push({ type: 'cell-done', cell, wallSeconds: 1, gap: 0.2, gapSe: 0.005 });
  }
  for (const e of events) {
    report(e);
    if (tty && e.type === 'step') await new Promise((r) => setTimeout(r, e.metrics.step % 20 === 0 ? 210 : 0));
  }
  return out;
}

describe('progress', () => {
  it('plain lines off a terminal', async () => {
    const out = await feed(false);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('code version v; 4 cells, shard 1/2: 2 here, 0 already finished, 2 to compute on wasm x');
    expect(lines[1]).toMatch(/^\[1\/2\] start s3\/L1\/online\/60 seed 1 \([0-9a-f]{12}\)$/);
    expect(out).toMatch(/ {2}cells 0\/2 \| s3\/L1\/online\/60 seed 1 step 6\/60 loss 1\.0000 \| [\d.]+ steps\/s \| ETA \S+/);
    expect(out).toMatch(/eval step 20: test 1\.2000 bayes 1\.0000 gap 0\.2000±0\.0050 \(n=60\)/);
    expect(lines.filter((l) => l.startsWith('done '))).toHaveLength(2);
    expect(out).not.toMatch(/\r|\x1b/);
  });
  it('a redrawn bar with the ETA on a terminal', async () => {
    const out = await feed(true);
    expect(out).toMatch(/\r\[\.{20}\] cells 0\/2 \| s3\/L1\/online\/60 seed 1 step \d+\/60 .*ETA \S+\x1b\[K/);
    expect(out).toMatch(/\r\[#{10}\.{10}\] cells 1\/2 /);
    expect(out).toMatch(/\r\x1b\[Kdone s3\/L1\/online\/60 seed 1: gap 0\.2000±0\.0050/);
    expect(out).not.toMatch(/eval step/);
  });
});
