/**
 * Public entry of `experiments/`: trained-model experiments (specs of models × encoders × seeds × sample sizes ×
 * steps), the runner that computes their cells into a results folder (content-hashed, resumable, shardable, mergeable)
 * and the table printer. Sits above models/ and theory/ and below properties/ (learned claims may use the runner);
 * it never imports properties/, reports/, cli/ or bench/.
 */
export { ExperimentError } from './runner/errors.js';
export { TRAIN_SETTING_FIELDS, cellCount, validateSpec } from './runner/spec.js';
export type { ExperimentSpec, Labelled, ModelSpec, TrainSettings } from './runner/spec.js';
export { CELL_FORMAT, cellIdentity, expandCells, rowOf } from './runner/cells.js';
export type { Cell, CellLabels } from './runner/cells.js';
export { canonicalJson, sha256Hex } from './runner/canonical-json.js';
export { CODE_FILES, CODE_FOLDERS, CODE_PACKAGES, codeVersion, gitCommit } from './runner/code-version.js';
export { modelOf, modelSha256 } from './runner/model-of.js';
export { parseShard, shardCells } from './runner/shard.js';
export type { Shard } from './runner/shard.js';
export { RESULT_FORMAT, cellPaths, defaultResultsDir, deterministicPart, readResult, storedCellKeys, writeAtomic, writeJsonAtomic } from './runner/store.js';
export type { CellResult, EvalRecord, Provenance } from './runner/store.js';
export { staleReason, tryLock } from './runner/lock.js';
export type { HeldLock, LockInfo } from './runner/lock.js';
export { runCell } from './runner/run-cell.js';
export type { CellRunOptions } from './runner/run-cell.js';
export { DEFAULT_STALE_AFTER_MS, runSweep } from './runner/run-sweep.js';
export type { CellState, SweepEvent, SweepOptions, SweepSummary } from './runner/run-sweep.js';
export { mergeResults } from './runner/merge.js';
export type { MergeSummary } from './runner/merge.js';
export { readmeMarkers, renderTable, replaceReadmeBlock, seedList } from './runner/table.js';
export type { TableInput } from './runner/table.js';
export { loadTableInput } from './runner/table-input.js';
export { SPECS_DIR, experimentNames, loadSpec, loadSpecs } from './registry.js';
