/**
 * Public entry of `models/training/`, read in the order of the training flow: batches of fresh JGHM samples
 * (`clip-batches`), the CLIP losses, gradients (`chunked-grads`), AdamW (`optimizer`), the trainer and its loop
 * (`trainer`, with guided targets), evaluation against the exact Bayes loss (`evaluation`), checkpoints, and the run
 * folder (config.json, metrics.jsonl, checkpoint/, summary.json; resume). Uses `encoders/` and `backends/`.
 */
export { FixedDatasetSampler, OnlineClipSampler, clipBatchTokens, leafTokens, makeClipTestSet } from './clip-batches.js';
export type { ClipBatchSampler, ClipLeafBatch } from './clip-batches.js';
export { inBatchClipLoss, inBatchClipLossReference, logSumExpRows, paperClipLoss, paperClipLossReference } from './clip-losses.js';
export type { Rows } from './clip-losses.js';
export { chunkedClipGrads } from './chunked-grads.js';
export type { ChunkedGrads } from './chunked-grads.js';
export { AdamW, clipByGlobalNorm, clipByGlobalNormAsync, cosineLr } from './optimizer.js';
export type { AdamWOptions, AdamWState, GradMap } from './optimizer.js';
export { ClipTrainer, DEFAULT_TRAIN_CONFIG, LOGIT_SCALE_INIT, LOGIT_SCALE_MAX, resolveTrainConfig, runTraining } from './trainer.js';
export type { EvalMetrics, RunOptions, StepMetrics, TrainConfig } from './trainer.js';
export { GuidedTargets } from './guided-targets.js';
export { embeddingSimilarity, encodeAll, evaluateClip, meanSe, pairedGap, perSampleClipLoss, pmiSimilarity } from './evaluation.js';
export type { ClipTestSet, Encoder, GapReport, SimilarityFn, SimilarityKind } from './evaluation.js';
export { CHECKPOINT_FORMAT, CheckpointError, hasCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoint.js';
export type { SavedArray, TrainerState } from './checkpoint.js';
export { RunFolder, RunFolderError, modelTextSha256 } from './run-folder.js';
export type { RunFolderConfig } from './run-folder.js';
