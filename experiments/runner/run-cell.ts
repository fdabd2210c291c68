/**
 * Computes one cell: trains its encoders with `runTraining` (models/), appending step and eval lines to
 * metrics.jsonl, saving a checkpoint every `checkpointEvery` steps and when stopped, and finally writing result.json
 * atomically, last. A cell with a checkpoint resumes from it (bit-identical on the same backend, as `train --resume`);
 * a checkpoint that cannot be restored is discarded and the cell restarts cleanly from step 0.
 *
 * A checkpoint at an evaluation step is saved after that evaluation's line is written, so a resumed cell never loses
 * an evaluation. This file enters the code version (`code-version.ts`): change what it computes, and every cell is new.
 */
import { appendFileSync, existsSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import type { BackendInfo, EvalMetrics, StepMetrics, TrainerState } from '../../models/index.js';
import type { Jghm } from '../../theory/index.js';
import { CELL_FORMAT, type Cell } from './cells.js';
import { RESULT_FORMAT, cellPaths, writeAtomic, writeJsonAtomic, type CellResult, type EvalRecord } from './store.js';

/** Options of `runCell`. */
export interface CellRunOptions {
  /** The results folder. */
  results: string;
  /** The backend this process initialised. */
  backend: BackendInfo;
  /** Save a checkpoint every this many steps (and when stopped). */
  checkpointEvery: number;
  /** Checked before every step; true stops the cell with a checkpoint. */
  shouldStop: () => boolean;
  /** After every step (e.g. a progress bar, a lock heartbeat). */
  onStep?: (m: StepMetrics) => void;
  /** After every evaluation. */
  onEval?: (m: EvalMetrics) => void;
  /** When a cell resumes from its checkpoint (step) or restarts because its checkpoint is unusable (why). */
  onResume?: (e: { step: number } | { restartBecause: string }) => void;
  /** Git commit for the provenance. */
  gitCommit: string | null;
}

/** Checkpoint metadata the runner keeps. */
interface CellMeta {
  key: string;
  backends: { name: string; version: string }[];
  wallSeconds: number;
}

function evalRecord(m: EvalMetrics): EvalRecord {
  const { ms: _ms, ...rest } = m;
  return rest;
}

/** Trains `cell` on `model` to its last step, or until stopped. */
export async function runCell(cell: Cell, model: Jghm, opts: CellRunOptions): Promise<{ status: 'done'; result: CellResult } | { status: 'stopped'; step: number }> {
  const { ClipTrainer, runTraining, hasCheckpoint, loadCheckpoint, saveCheckpoint } = await import('../../models/index.js');
  const p = cellPaths(opts.results, cell.key);
  mkdirSync(p.dir, { recursive: true });
  if (!existsSync(p.cell)) {
    const { row: _row, ...stored } = cell;
    writeJsonAtomic(p.cell, { format: CELL_FORMAT, ...stored });
  }
  let trainer = new ClipTrainer(model, cell.config);
  let prior: CellMeta = { key: cell.key, backends: [], wallSeconds: 0 };
  if (hasCheckpoint(p.checkpoint)) {
    let state: TrainerState | undefined;
    try {
      state = loadCheckpoint(p.checkpoint);
      const meta = state.meta as unknown as CellMeta | undefined;
      if (meta?.key !== cell.key) throw new Error(`the checkpoint belongs to cell ${String(meta?.key)}`);
      trainer.restore(state);
      prior = meta;
    } catch (e) {
      trainer.dispose();
      trainer = new ClipTrainer(model, cell.config);
      state = undefined;
      rmSync(p.checkpoint, { recursive: true, force: true });
      opts.onResume?.({ restartBecause: (e as Error).message });
    }
    if (state) {
      const lines = existsSync(p.metrics) ? readFileSync(p.metrics, 'utf8').split('\n').filter((l) => l.trim() !== '') : [];
      const kept = lines.filter((l) => (JSON.parse(l) as { step: number }).step <= state.step);
      writeAtomic(p.metrics, kept.map((l) => `${l}\n`).join(''));
      opts.onResume?.({ step: state.step });
    } else {
      writeAtomic(p.metrics, '');
    }
  } else {
    writeAtomic(p.metrics, '');
  }

  const c = cell.config;
  const t0 = performance.now();
  const backend = { name: opts.backend.name, version: opts.backend.version };
  const backends = [...prior.backends, backend];
  const meta = (): CellMeta => ({ key: cell.key, backends, wallSeconds: prior.wallSeconds + (performance.now() - t0) / 1000 });
  const save = async () => saveCheckpoint(p.checkpoint, await trainer.state(meta() as unknown as Record<string, unknown>));
  const isEvalStep = (s: number) => (c.evalEvery > 0 && s % c.evalEvery === 0) || s === c.steps;
  let lastTrainLoss = NaN;
  let status: 'done' | 'stopped';
  try {
    status = await runTraining(trainer, {
      shouldStop: opts.shouldStop,
      onStep: async (m) => {
        lastTrainLoss = m.clipLoss;
        appendFileSync(p.metrics, `${JSON.stringify({ type: 'step', ...m })}\n`);
        if (m.step % opts.checkpointEvery === 0 && !isEvalStep(m.step)) await save();
        opts.onStep?.(m);
      },
      onEval: async (m) => {
        appendFileSync(p.metrics, `${JSON.stringify({ type: 'eval', ...m })}\n`);
        if (m.step % opts.checkpointEvery === 0 && m.step !== c.steps) await save();
        opts.onEval?.(m);
      },
    });
    if (status === 'stopped') {
      await save();
      return { status: 'stopped', step: trainer.step };
    }
    await save(); // the final weights
    const lines = readFileSync(p.metrics, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { type: string } & EvalMetrics & StepMetrics);
    const evals = lines.filter((l) => l.type === 'eval').map(({ type: _t, ...e }) => evalRecord(e as EvalMetrics));
    if (Number.isNaN(lastTrainLoss)) lastTrainLoss = lines.filter((l) => l.type === 'step').at(-1)?.clipLoss ?? NaN;
    const final = evals.at(-1);
    if (!final || final.step !== c.steps) throw new Error(`cell ${cell.key}: no evaluation at the last step ${c.steps} in ${p.metrics}`);
    const { row: _row, ...stored } = cell;
    const result: CellResult = {
      format: RESULT_FORMAT,
      ...stored,
      evals,
      final,
      lastTrainLoss,
      parameters: trainer.image.parameterCount + trainer.text.parameterCount,
      provenance: { backends, wallSeconds: meta().wallSeconds, finishedAt: new Date().toISOString(), host: hostname(), gitCommit: opts.gitCommit },
    };
    writeJsonAtomic(p.result, result); // LAST: from here on the cell is finished
    return { status: 'done', result };
  } finally {
    trainer.dispose();
  }
}
