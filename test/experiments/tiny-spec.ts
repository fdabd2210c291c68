/**
 * Test helpers: a tiny experiment spec (4 cells of 60 steps on a 4-leaf JGHM, about a second each) written as a
 * JSON spec file, a spawned `experiment` subprocess, and a digest of a results folder's finished cells that ignores
 * provenance (wall time, host), so two folders compare equal exactly when their results are bit-identical.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, deterministicPart, readResult, storedCellKeys } from '../../experiments/index.js';
import { ROOT } from '../cli/run-cli.js';

/** The tiny spec: 2 encoders × 2 seeds × 60 steps. */
export const TINY_SPEC = {
  name: 'tiny',
  title: 'tiny test experiment',
  description: 'two 1–2-layer width-8 encoders on a 4-leaf JGHM, 60 steps',
  models: [{ label: 's3', title: "authors' kernels, S = 3, depth 2, 2 children", value: { kind: 'authors', states: 3, depth: 2, children: 2, p: 0.2, numpySeed: 42 } }],
  encoders: [
    { label: 'L1', title: '1 layer', value: { layers: 1 } },
    { label: 'L2', title: '2 layers', value: { layers: 2 } },
  ],
  seeds: [1, 2],
  sampleSizes: ['online'],
  steps: [60],
  train: { width: 8, heads: 1, batch: 8, k: 3, evalEvery: 20, testPairs: 60 },
  checkpointEvery: 10,
  table: { evalSteps: [20, 60] },
};

/** Writes a spec as JSON into `dir` and returns the file. */
export function writeSpec(dir: string, spec: unknown = TINY_SPEC, name = 'tiny.json'): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

/** A spawned `clip-theory experiment …` process. */
export interface Spawned {
  pid: number;
  kill(signal: NodeJS.Signals): void;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Spawns `clip-theory experiment ARGS` from the repository root (stdout/stderr piped: plain progress lines). */
export function spawnExperiment(args: readonly string[]): Spawned {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'experiment', ...args], {
    cwd: ROOT,
    env: { ...process.env, CLIP_THEORY_DEBUG: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((res, rej) => {
    child.on('error', rej);
    child.on('close', (code, signal) => res({ code, signal, stdout, stderr }));
  });
  return { pid: child.pid!, kill: (s) => child.kill(s), done };
}

/** key → sha256 of (deterministic part of result.json, final checkpoint tensors) for every finished cell. */
export function digest(results: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of storedCellKeys(results)) {
    const r = readResult(results, key);
    if (!r) continue;
    const h = createHash('sha256').update(canonicalJson(deterministicPart(r)));
    h.update(readFileSync(join(results, 'cells', key, 'checkpoint', 'tensors.bin')));
    out[key] = h.digest('hex');
  }
  return out;
}
