/**
 * Cell locks (live, dead holder, stale heartbeat, foreign host) and the table printer (medians, ranges, targets,
 * missing cells, other code versions) with the README marker replacement, in-process.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ExperimentError, expandCells, readmeMarkers, renderTable, replaceReadmeBlock, seedList, staleReason, tryLock, validateSpec } from '../../experiments/index.js';
import type { CellResult } from '../../experiments/index.js';
import { ROOT, tempDir } from '../cli/run-cli.js';
import { TINY_SPEC } from './tiny-spec.js';

const dir = tempDir('experiment-lock');

describe('cell locks', () => {
  it('a live lock is not taken; releasing frees it', () => {
    const path = join(dir, 'live.lock');
    const a = tryLock(path, 60_000)!;
    expect(a).not.toBeNull();
    expect(tryLock(path, 60_000)).toBeNull();
    expect(staleReason(path, 60_000)).toBeNull();
    a.release();
    expect(existsSync(path)).toBe(false);
    const b = tryLock(path, 60_000);
    expect(b).not.toBeNull();
    b!.release();
  });
  it("a dead holder's lock on this host is taken over at once", () => {
    const path = join(dir, 'dead.lock');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const pid = Number(dead.stdout);
    writeFileSync(path, JSON.stringify({ pid, host: hostname(), token: 'old', started: new Date().toISOString() }));
    let why = '';
    const l = tryLock(path, 60_000, (w) => (why = w));
    expect(l).not.toBeNull();
    expect(why).toMatch(new RegExp(`process ${pid} on this host has ended`));
    expect(JSON.parse(readFileSync(path, 'utf8')).token).toBe(l!.token);
    l!.release();
  });
  it("another host's lock is stale only after its heartbeat is older than the limit", () => {
    const path = join(dir, 'remote.lock');
    writeFileSync(path, JSON.stringify({ pid: 1, host: 'some-other-machine', token: 'remote', started: '' }));
    expect(tryLock(path, 60_000)).toBeNull();
    const old = Date.now() / 1000 - 120;
    utimesSync(path, old, old);
    expect(staleReason(path, 60_000)).toMatch(/no heartbeat for 1[12]\d s/);
    const l = tryLock(path, 60_000);
    expect(l).not.toBeNull();
    l!.release();
  });
});

function fakeResult(cell: { key: string }, gaps: Record<number, number>, extra: Partial<CellResult> = {}): CellResult {
  const evals = Object.entries(gaps).map(([step, gap]) => ({ step: Number(step), gap, gapSe: 0.01, loss: 1 + gap, lossSe: 0.02, bayes: 1, bayesSe: 0.02, n: 60 }));
  return {
    ...(cell as unknown as CellResult),
    format: 'clip-theory/experiment-result@1',
    evals,
    final: evals.at(-1)!,
    lastTrainLoss: 1,
    parameters: 10,
    provenance: { backends: [{ name: 'wasm', version: 'x' }], wallSeconds: 1, finishedAt: '', host: 'h', gitCommit: null },
    ...extra,
  };
}

describe('table', () => {
  it('median [min–max] over finished seeds, targets, missing cells, other code versions', async () => {
    const spec = validateSpec({ ...TINY_SPEC, seeds: [1, 2, 3, 5], table: { evalSteps: [20, 60], targets: [{ step: 60, maxGap: 0.1 }] } }, 't');
    const { cells } = await expandCells(spec, 'v1');
    const l1 = cells.filter((c) => c.labels.encoder === 'L1');
    const results = new Map<string, CellResult>([
      [l1[0].key, fakeResult(l1[0], { 20: 0.3, 60: 0.05 })],
      [l1[1].key, fakeResult(l1[1], { 20: 0.5, 60: 0.2 })],
      [l1[2].key, fakeResult(l1[2], { 20: 0.4, 60: 0.08 })],
    ]);
    const t = renderTable({ spec, cells, results, otherVersions: 2, resultsDir: 'R', codeVersion: 'v1' });
    const lines = t.split('\n');
    expect(lines[0]).toBe('| row | seeds finished | step 20 | step 60 | max paired SE | ≤ target (0.1 @ 60) |');
    expect(lines[2]).toBe('| 1 layer (`L1`) | 3 of 4 (1–3) | 0.400 [0.300–0.500] | 0.080 [0.050–0.200] | 0.010 | 2 |');
    expect(lines[3]).toBe('| 2 layers (`L2`) | 0 of 4 | — | — | — | — |');
    expect(t).toMatch(/3 of 8 cells finished \(results `R`, code version `v1`, backend wasm \(x\)\)/);
    expect(t).toMatch(/Missing cells: L1: seeds 5; L2: seeds 1–3, 5\./);
    expect(t).toMatch(/2 finished cell\(s\) of this experiment were computed by another code version and are not used/);
  });
  it('seedList folds runs', () => {
    expect(seedList([224, 225, 226, 227, 230, 231, 233])).toBe('224–227, 230, 231, 233');
  });
  it('replaceReadmeBlock replaces exactly the marked block; refuses missing or doubled markers', () => {
    const { start, end } = readmeMarkers('x');
    const text = `a\n${start}\nold\n${end}\nb\n`;
    expect(replaceReadmeBlock(text, 'x', 'new')).toBe(`a\n${start}\nnew\n${end}\nb\n`);
    expect(() => replaceReadmeBlock('a\n', 'x', 'new')).toThrow(ExperimentError);
    expect(() => replaceReadmeBlock(text + text, 'x', 'new')).toThrow(/found 2 start, 2 end/);
    expect(() => replaceReadmeBlock(`${end}\n${start}\n`, 'x', 'new')).toThrow(/end marker .* before its start/);
  });
  it("the README carries the marker pairs of the registered experiments' tables", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const name of ['learning-curve', 'learning-curve-smoke']) {
      const { start, end } = readmeMarkers(name);
      expect(readme).toContain(start);
      expect(readme).toContain(end);
    }
  });
});
