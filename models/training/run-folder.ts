/**
 * A training run folder: what `clip-theory train --out DIR` writes and `--resume` continues.
 *
 * - `config.json`: the resolved training configuration, the model file and its SHA-256 (written atomically once);
 * - `metrics.jsonl`: one JSON object per line, `{"type":"step",…}` or `{"type":"eval",…}` (appended as training runs;
 *   on resume cut back to the checkpoint's step, so the file reads as one uninterrupted run);
 * - `checkpoint/`: the trainer state (`checkpoint.ts`, atomic);
 * - `summary.json`: status, final evaluation, backend, wall time (atomic).
 *
 * Refusals (a non-empty folder without resume, nothing to resume, a different model file, an unreadable checkpoint)
 * throw `RunFolderError` naming the field at fault, before anything is written. No tfjs here: the CLI opens the
 * folder and checks the model before it loads the heavy modules.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../../io/index.js';
import { type TrainerState, hasCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoint.js';

/** Why a run folder cannot be used; `field` is the input at fault (the CLI names its flag). */
export class RunFolderError extends Error {
  constructor(
    readonly field: 'out' | 'resume' | 'model',
    readonly detail: string,
  ) {
    super(`${field}: ${detail}`);
    this.name = 'RunFolderError';
  }
}

/** The content of `config.json`. */
export interface RunFolderConfig {
  /** The resolved training configuration. */
  config: Record<string, unknown>;
  /** The model file as given. */
  modelFile: string;
  /** SHA-256 (hex) of the model file's text. */
  modelSha256: string;
  /** Further fields (e.g. the command and task). */
  [key: string]: unknown;
}

/** SHA-256 (hex) of a model file's text, as stored in `config.json`. */
export function modelTextSha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** One run folder (see the file comment). */
export class RunFolder {
  /** Absolute path of the folder. */
  readonly dir: string;
  readonly configFile: string;
  readonly metricsFile: string;
  readonly checkpointDir: string;
  readonly summaryFile: string;

  private constructor(
    dir: string,
    /** Whether this run continues a saved one. */
    readonly resume: boolean,
    /** The saved `config.json` when resuming. */
    readonly saved: RunFolderConfig | undefined,
  ) {
    this.dir = dir;
    this.configFile = join(dir, 'config.json');
    this.metricsFile = join(dir, 'metrics.jsonl');
    this.checkpointDir = join(dir, 'checkpoint');
    this.summaryFile = join(dir, 'summary.json');
  }

  /**
   * Opens `dir` for a new run (absent or empty, else `RunFolderError('out')`) or, with `resume`, for continuing the
   * run saved there (its `config.json` must exist, else `RunFolderError('resume')`). Writes nothing.
   */
  static open(dir: string, resume: boolean): RunFolder {
    const abs = resolve(dir);
    const cfgFile = join(abs, 'config.json');
    if (resume) {
      if (!existsSync(cfgFile)) throw new RunFolderError('resume', `${abs} has no config.json (nothing to resume)`);
      return new RunFolder(abs, true, JSON.parse(readFileSync(cfgFile, 'utf8')) as RunFolderConfig);
    }
    if (existsSync(abs) && readdirSync(abs).length > 0) {
      throw new RunFolderError('out', `${abs} is not empty (use --resume to continue a run, or another folder)`);
    }
    return new RunFolder(abs, false, undefined);
  }

  /** Hashes the model text; when resuming, refuses (`RunFolderError('model')`) a model other than the saved one. */
  checkModel(modelText: string, modelPath: string): string {
    const sha = modelTextSha256(modelText);
    if (this.saved && this.saved.modelSha256 !== sha) {
      throw new RunFolderError('model', `${modelPath} differs from the model this run was started with (${this.saved.modelFile})`);
    }
    return sha;
  }

  /** True when the folder holds a checkpoint. */
  hasCheckpoint(): boolean {
    return hasCheckpoint(this.checkpointDir);
  }

  /** Starts a new run: writes `config.json` and an empty `metrics.jsonl`. */
  start(config: RunFolderConfig): void {
    mkdirSync(this.dir, { recursive: true });
    writeFileAtomic(this.configFile, JSON.stringify(config, null, 2) + '\n');
    writeFileAtomic(this.metricsFile, '');
  }

  /**
   * Continues the saved run: loads the checkpoint, hands it to `restore` (e.g. `trainer.restore`), and cuts
   * `metrics.jsonl` back to the checkpoint's step. A missing or damaged checkpoint, or one `restore` rejects, throws
   * `RunFolderError('resume')` with metrics.jsonl untouched. Returns the restored state.
   */
  resumeFrom(restore: (state: TrainerState) => void): TrainerState {
    mkdirSync(this.dir, { recursive: true });
    let state: TrainerState;
    try {
      state = loadCheckpoint(this.checkpointDir);
      restore(state);
    } catch (e) {
      throw new RunFolderError('resume', `cannot restore ${this.checkpointDir}: ${(e as Error).message}`);
    }
    const lines = existsSync(this.metricsFile) ? readFileSync(this.metricsFile, 'utf8').split('\n').filter((l) => l.trim() !== '') : [];
    const kept = lines.filter((l) => (JSON.parse(l) as { step: number }).step <= state.step);
    writeFileAtomic(this.metricsFile, kept.map((l) => l + '\n').join(''));
    return state;
  }

  /** Appends one record to `metrics.jsonl` as `{"type": type, …record}`. */
  appendMetrics(type: 'step' | 'eval', record: object): void {
    appendFileSync(this.metricsFile, JSON.stringify({ type, ...record }) + '\n');
  }

  /** Saves the trainer state to `checkpoint/` (atomically). */
  saveCheckpoint(state: TrainerState): void {
    saveCheckpoint(this.checkpointDir, state);
  }

  /** Writes `summary.json` (atomically). */
  writeSummary(summary: object): void {
    writeFileAtomic(this.summaryFile, JSON.stringify(summary, null, 2) + '\n');
  }
}
