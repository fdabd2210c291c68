/**
 * Runs an experiment: expands the spec into cells, keeps this process's shard, skips every finished cell (result.json
 * present), and computes the others one after another, each under its lock (`lock.ts`), resuming any from its
 * checkpoint. Stopping (`shouldStop`, e.g. after Ctrl-C) checkpoints the running cell; a restart recomputes no
 * finished cell and continues the interrupted one. Cells held by a live process elsewhere are left to it.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { BackendName, EvalMetrics, StepMetrics } from '../../models/index.js';
import { type Cell, expandCells } from './cells.js';
import { codeVersion as currentCodeVersion, gitCommit } from './code-version.js';
import { ExperimentError } from './errors.js';
import { staleReason, tryLock } from './lock.js';
import { runCell } from './run-cell.js';
import { type Shard, shardCells } from './shard.js';
import type { ExperimentSpec } from './spec.js';
import { cellPaths, readResult } from './store.js';

/** State of a cell in the results folder. */
export type CellState = { kind: 'done' } | { kind: 'partial'; step: number } | { kind: 'locked' } | { kind: 'todo' };

/** Something the runner reports while it works. */
export type SweepEvent =
  | { type: 'plan'; codeVersion: string; total: number; shard: Shard; mine: number; done: number; todo: Cell[]; backend?: string }
  | { type: 'cell-start'; cell: Cell; index: number; of: number }
  | { type: 'cell-resume'; cell: Cell; step: number }
  | { type: 'cell-restart'; cell: Cell; why: string }
  | { type: 'stale-lock'; cell: Cell; why: string }
  | { type: 'step'; cell: Cell; metrics: StepMetrics }
  | { type: 'eval'; cell: Cell; metrics: EvalMetrics }
  | { type: 'cell-done'; cell: Cell; wallSeconds: number; gap: number; gapSe: number }
  | { type: 'cell-elsewhere'; cell: Cell; why: 'locked' | 'finished' }
  | { type: 'cell-stopped'; cell: Cell; step: number };

/** Options of `runSweep`. */
export interface SweepOptions {
  /** The results folder. */
  results: string;
  /** This process's shard (default 1/1). */
  shard?: Shard;
  /** tfjs backend (default 'auto'). */
  backend?: BackendName | 'auto';
  /** A lock whose heartbeat is older than this is stale (default 10 minutes). */
  staleAfterMs?: number;
  /** Only plan: report the state of every cell, compute and write nothing. */
  dryRun?: boolean;
  /** Checked before every step. */
  shouldStop?: () => boolean;
  onEvent?: (e: SweepEvent) => void;
  /** Code version override (tests); default `codeVersion()`. */
  codeVersion?: string;
}

/** What a sweep did. */
export interface SweepSummary {
  codeVersion: string;
  /** Cells of the spec, and of this shard. */
  total: number;
  mine: number;
  /** Cells of this shard finished before this run started. */
  alreadyDone: number;
  /** Cells this run finished. */
  computed: number;
  /** Cells left to other processes (held by a live lock, or finished by them meanwhile). */
  elsewhere: number;
  /** True when stopped before the end. */
  stopped: boolean;
  /** State of every cell of this shard, in spec order (as found before computing). */
  states: { cell: Cell; state: CellState }[];
}

/** Default stale-lock age. */
export const DEFAULT_STALE_AFTER_MS = 10 * 60 * 1000;

/** Steps of the checkpoint saved for a cell, or null. */
function checkpointStep(results: string, key: string): number | null {
  const f = `${cellPaths(results, key).checkpoint}/checkpoint.json`;
  if (!existsSync(f)) return null;
  try {
    const s = (JSON.parse(readFileSync(f, 'utf8')) as { step?: unknown }).step;
    return typeof s === 'number' ? s : null;
  } catch {
    return null;
  }
}

/** Runs (or with `dryRun`, plans) the cells of `spec` in this shard. */
export async function runSweep(spec: ExperimentSpec, opts: SweepOptions): Promise<SweepSummary> {
  const shard = opts.shard ?? { index: 1, count: 1 };
  const staleAfter = opts.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  const version = opts.codeVersion ?? currentCodeVersion();
  const { cells, models } = await expandCells(spec, version);
  const mine = shardCells(cells, shard);
  const states = mine.map((cell) => {
    const p = cellPaths(opts.results, cell.key);
    let state: CellState;
    if (readResult(opts.results, cell.key)) state = { kind: 'done' };
    else if (existsSync(p.lock) && !staleReason(p.lock, staleAfter)) state = { kind: 'locked' };
    else {
      const step = checkpointStep(opts.results, cell.key);
      state = step === null ? { kind: 'todo' } : { kind: 'partial', step };
    }
    return { cell, state };
  });
  const todo = states.filter((s) => s.state.kind !== 'done').map((s) => s.cell);
  const summary: SweepSummary = {
    codeVersion: version,
    total: cells.length,
    mine: mine.length,
    alreadyDone: mine.length - todo.length,
    computed: 0,
    elsewhere: 0,
    stopped: false,
    states,
  };
  const emit = opts.onEvent ?? (() => {});
  if (opts.dryRun || todo.length === 0) {
    emit({ type: 'plan', codeVersion: version, total: cells.length, shard, mine: mine.length, done: summary.alreadyDone, todo });
    return summary;
  }
  const { initBackend, BackendUnavailableError } = await import('../../models/index.js');
  let backend;
  try {
    backend = await initBackend(opts.backend ?? 'auto');
  } catch (e) {
    if (e instanceof BackendUnavailableError) throw new ExperimentError(`--backend: ${e.message}`);
    throw e;
  }
  emit({ type: 'plan', codeVersion: version, total: cells.length, shard, mine: mine.length, done: summary.alreadyDone, todo, backend: `${backend.name} ${backend.version}` });
  const commit = gitCommit();
  const stop = opts.shouldStop ?? (() => false);
  for (const [i, cell] of todo.entries()) {
    if (stop()) {
      summary.stopped = true;
      break;
    }
    const p = cellPaths(opts.results, cell.key);
    const lock = tryLock(p.lock, staleAfter, (why) => emit({ type: 'stale-lock', cell, why }));
    if (!lock) {
      summary.elsewhere++;
      emit({ type: 'cell-elsewhere', cell, why: 'locked' });
      continue;
    }
    try {
      if (readResult(opts.results, cell.key)) {
        summary.elsewhere++;
        emit({ type: 'cell-elsewhere', cell, why: 'finished' });
        continue;
      }
      emit({ type: 'cell-start', cell, index: i + 1, of: todo.length });
      const c = cell.config;
      const checkpointEvery = spec.checkpointEvery ?? (c.evalEvery > 0 ? c.evalEvery : Math.max(1, Math.ceil(c.steps / 10)));
      const out = await runCell(cell, models.get(cell.modelSha256)!, {
        results: opts.results,
        backend,
        checkpointEvery,
        gitCommit: commit,
        shouldStop: stop,
        onStep: (metrics) => {
          lock.heartbeat();
          emit({ type: 'step', cell, metrics });
        },
        onEval: (metrics) => emit({ type: 'eval', cell, metrics }),
        onResume: (e) => emit('step' in e ? { type: 'cell-resume', cell, step: e.step } : { type: 'cell-restart', cell, why: e.restartBecause }),
      });
      if (out.status === 'stopped') {
        summary.stopped = true;
        emit({ type: 'cell-stopped', cell, step: out.step });
        break;
      }
      summary.computed++;
      emit({ type: 'cell-done', cell, wallSeconds: out.result.provenance.wallSeconds, gap: out.result.final.gap, gapSe: out.result.final.gapSe });
    } finally {
      lock.release();
    }
  }
  return summary;
}
