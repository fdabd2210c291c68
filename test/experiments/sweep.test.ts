/**
 * The runner end to end, in real subprocesses on wasm (tiny cells, a few seconds each process):
 * - one process computes every cell; a rerun recomputes none;
 * - `--shard 1/2` and `--shard 2/2` running at once into one results folder give the same results as one process,
 *   bit for bit (result.json's deterministic part and the final weights), and so does `experiment merge` of the
 *   shards' cells split into two folders (two machines);
 * - two unsharded processes sharing one folder compute every cell exactly once (locks);
 * - Ctrl-C (a real SIGINT) after the first finished cell, then a restart: finished cells are untouched (mtime and
 *   bytes), only the others are computed, the interrupted cell resumes from its checkpoint, and the results equal
 *   the uninterrupted ones (training on wasm with a fixed seed is deterministic: checked here, not assumed).
 * Each comparison has a twin showing it can fail (a changed result is detected).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { tempDir, runMain } from '../cli/run-cli.js';
import { digest, spawnExperiment, writeSpec, TINY_SPEC } from './tiny-spec.js';
import { expandCells, codeVersion, parseShard, shardCells, validateSpec } from '../../experiments/index.js';

const dir = tempDir('experiment-sweep');
const specFile = writeSpec(dir);
const run = (results: string, ...extra: string[]) => spawnExperiment(['run', specFile, '--results', results, '--backend', 'wasm', ...extra]);
const A = join(dir, 'A');
let reference: Record<string, string>;

function finishedCount(out: string): number {
  return Number(/: (\d+) computed/.exec(out)?.[1] ?? NaN);
}

beforeAll(async () => {
  const r = await run(A).done;
  expect(r.code, r.stderr).toBe(0);
  expect(finishedCount(r.stdout)).toBe(4);
  reference = digest(A);
}, 120_000);

describe('experiment run: one process', () => {
  it('finishes all 4 cells, each with result.json, metrics and a checkpoint', () => {
    expect(Object.keys(reference)).toHaveLength(4);
  });
  it('a rerun recomputes nothing and leaves the results byte-identical', async () => {
    const before = readdirSync(join(A, 'cells')).map((k) => statSync(join(A, 'cells', k, 'result.json')).mtimeMs);
    const r = await run(A).done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/: 0 computed, 4 already finished/);
    expect(readdirSync(join(A, 'cells')).map((k) => statSync(join(A, 'cells', k, 'result.json')).mtimeMs)).toEqual(before);
    expect(digest(A)).toEqual(reference);
  });
  it('twin: the digest sees a changed result', () => {
    const copy = join(dir, 'A-changed');
    cpSync(A, copy, { recursive: true });
    const key = Object.keys(reference)[0];
    const file = join(copy, 'cells', key, 'result.json');
    const r = JSON.parse(readFileSync(file, 'utf8'));
    r.final.gap += 1e-12;
    writeFileSync(file, JSON.stringify(r));
    expect(digest(copy)).not.toEqual(reference);
  });
});

describe('experiment run --shard', () => {
  it('shards 1/2 and 2/2 at once into one folder = one process, bit for bit; merge of split folders too', async () => {
    const B = join(dir, 'B');
    const [r1, r2] = await Promise.all([run(B, '--shard', '1/2').done, run(B, '--shard', '2/2').done]);
    expect(r1.code, r1.stderr).toBe(0);
    expect(r2.code, r2.stderr).toBe(0);
    expect(finishedCount(r1.stdout) + finishedCount(r2.stdout)).toBe(4);
    expect(r1.stdout).toMatch(/\(2 of 4 cells here\)/);
    expect(digest(B)).toEqual(reference);

    // two machines: each shard's cells in its own folder, then `experiment merge`
    const { cells } = await expandCells(validateSpec(TINY_SPEC, 'tiny.json'), codeVersion());
    const parts = [1, 2].map((i) => {
      const part = join(dir, `machine-${i}`);
      mkdirSync(join(part, 'cells'), { recursive: true });
      for (const c of shardCells(cells, parseShard(`${i}/2`))) cpSync(join(B, 'cells', c.key), join(part, 'cells', c.key), { recursive: true });
      return part;
    });
    const merged = join(dir, 'merged');
    const m = await runMain(['experiment', 'merge', specFile, ...parts, '--results', merged]);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stdout).toMatch(/4 cells copied, 0 identical, 0 conflicts/);
    expect(digest(merged)).toEqual(reference);
    // merging again is a no-op; a changed copy is a reported conflict and the destination's copy is kept
    const key = Object.keys(reference)[0];
    const file = join(parts[0], 'cells', key, 'result.json');
    const changed = { ...JSON.parse(readFileSync(file, 'utf8')) };
    changed.lastTrainLoss += 1;
    writeFileSync(file, JSON.stringify(changed));
    const again = await runMain(['experiment', 'merge', specFile, ...parts, '--results', merged]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 cells copied, 3 identical, 1 conflicts/);
    expect(again.stderr).toMatch(new RegExp(`conflict: cell ${key.slice(0, 12)}`));
    expect(digest(merged)).toEqual(reference);
  }, 120_000);

  it('two unsharded processes sharing one folder compute every cell exactly once', async () => {
    const E = join(dir, 'E');
    const [r1, r2] = await Promise.all([run(E).done, run(E).done]);
    expect(r1.code, r1.stderr).toBe(0);
    expect(r2.code, r2.stderr).toBe(0);
    expect(finishedCount(r1.stdout) + finishedCount(r2.stdout)).toBe(4);
    expect(digest(E)).toEqual(reference);
    expect(existsSync(join(E, 'locks')) ? readdirSync(join(E, 'locks')).filter((f) => f.endsWith('.lock')) : []).toEqual([]);
  }, 120_000);
});

describe('experiment run: Ctrl-C and restart', () => {
  it('recomputes no finished cell and resumes the interrupted one bit-identically', async () => {
    const F = join(dir, 'F');
    const p = run(F);
    const results = () => (existsSync(join(F, 'cells')) ? readdirSync(join(F, 'cells')).filter((k) => existsSync(join(F, 'cells', k, 'result.json'))) : []);
    const t0 = Date.now();
    while (results().length === 0 && Date.now() - t0 < 90_000) await new Promise((r) => setTimeout(r, 20));
    // let the second cell take a few steps (a checkpoint every 10 steps), then interrupt
    const metricsOfRunning = () =>
      readdirSync(join(F, 'cells'))
        .filter((k) => !existsSync(join(F, 'cells', k, 'result.json')) && existsSync(join(F, 'cells', k, 'checkpoint')))
        .length;
    while (metricsOfRunning() === 0 && Date.now() - t0 < 90_000) await new Promise((r) => setTimeout(r, 20));
    p.kill('SIGINT');
    const r = await p.done;
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/interrupted .* at step \d+: checkpoint saved/);
    const finished = results();
    expect(finished.length).toBeGreaterThanOrEqual(1);
    expect(finished.length).toBeLessThan(4);
    const stamp = (k: string) => {
      const f = join(F, 'cells', k, 'result.json');
      return `${statSync(f).mtimeMs} ${createHash('sha256').update(readFileSync(f)).digest('hex')}`;
    };
    const before = Object.fromEntries(finished.map((k) => [k, stamp(k)]));

    const again = await run(F).done;
    expect(again.code, again.stderr).toBe(0);
    expect(finishedCount(again.stdout)).toBe(4 - finished.length);
    expect(again.stdout).toMatch(new RegExp(`${finished.length} already finished`));
    expect(again.stderr).toMatch(/resumed .* at step \d+ from its checkpoint/);
    expect(Object.fromEntries(finished.map((k) => [k, stamp(k)]))).toEqual(before);
    expect(digest(F)).toEqual(reference);
  }, 180_000);
});
