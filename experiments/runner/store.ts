/**
 * The results folder of an experiment (default `runs/experiments/<name>`, git-ignored):
 *
 * ```
 * cells/<key>/cell.json      the cell (identity, labels, resolved config), written when it starts
 * cells/<key>/metrics.jsonl  step and eval lines of the run so far
 * cells/<key>/checkpoint/    the trainer state (models/ checkpoint format), for resume; the final weights at the end
 * cells/<key>/result.json    written atomically LAST: a cell with result.json is finished and never recomputed
 * locks/<key>.lock           held while a process computes the cell (`lock.ts`)
 * ```
 *
 * Every file is written to a unique temporary sibling and renamed into place, so readers never see half a file and
 * several processes (shards, machines on a shared file system) can share one folder.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import type { EvalMetrics } from '../../models/index.js';
import type { Cell } from './cells.js';
import { ExperimentError } from './errors.js';

/** Format tag of result.json. */
export const RESULT_FORMAT = 'clip-theory/experiment-result@1';

/** One evaluation of a finished cell (the wall time `ms` dropped: results are deterministic). */
export type EvalRecord = Omit<EvalMetrics, 'ms'>;

/** Where and how a cell was computed: everything in result.json that may differ between two computations of it. */
export interface Provenance {
  /** Backend of each segment (a resumed cell has several). */
  backends: { name: string; version: string }[];
  wallSeconds: number;
  finishedAt: string;
  host: string;
  gitCommit: string | null;
}

/** result.json of a finished cell. */
export interface CellResult extends Omit<Cell, 'row'> {
  format: typeof RESULT_FORMAT;
  /** Every evaluation in step order (the last one is at the planned last step). */
  evals: EvalRecord[];
  /** The evaluation at the last step. */
  final: EvalRecord;
  /** Training CLIP loss of the last step. */
  lastTrainLoss: number;
  /** Trainable parameters of both encoders. */
  parameters: number;
  provenance: Provenance;
}

/** The default results folder of an experiment (relative to the working directory). */
export function defaultResultsDir(name: string): string {
  return join('runs', 'experiments', name);
}

/** Paths of one cell. */
export function cellPaths(results: string, key: string) {
  const dir = join(results, 'cells', key);
  return {
    dir,
    cell: join(dir, 'cell.json'),
    metrics: join(dir, 'metrics.jsonl'),
    checkpoint: join(dir, 'checkpoint'),
    result: join(dir, 'result.json'),
    lock: join(results, 'locks', `${key}.lock`),
  };
}

/** A unique temporary sibling name of `path`. */
export function tempSibling(path: string): string {
  return join(dirname(resolve(path)), `.${basename(path)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
}

/** Writes text to `path` atomically (unique temp file + rename), creating the parent folder. */
export function writeAtomic(path: string, text: string): void {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  const tmp = tempSibling(path);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Writes JSON (2-space indented) atomically. */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** The finished result of a cell, or null when it has none; a malformed result.json is an ExperimentError naming it. */
export function readResult(results: string, key: string): CellResult | null {
  const file = cellPaths(results, key).result;
  if (!existsSync(file)) return null;
  let r: CellResult;
  try {
    r = JSON.parse(readFileSync(file, 'utf8')) as CellResult;
  } catch (e) {
    throw new ExperimentError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  if (r?.format !== RESULT_FORMAT || r.key !== key || !Array.isArray(r.evals)) throw new ExperimentError(`${file}: not a ${RESULT_FORMAT} result of cell ${key}`);
  return r;
}

/** Keys of the cell folders in a results folder (finished or not). */
export function storedCellKeys(results: string): string[] {
  const dir = join(results, 'cells');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((k) => /^[0-9a-f]{64}$/.test(k))
    .sort();
}

/** The part of a result that two computations of the same cell on the same backend agree on bit for bit. */
export function deterministicPart(r: CellResult): Omit<CellResult, 'provenance'> {
  const { provenance: _p, ...rest } = r;
  return rest;
}
