/**
 * Public entry of `models/`: tfjs backends (wasm with the project's kernels and optional OpenBLAS, cpu, optional
 * tensorflow / webgpu), the transformer encoder, CLIP losses, AdamW, CLIP training with checkpoints, evaluation against
 * the Bayes loss, and the BP-constructed transformer with its error bound.
 */
export { BACKEND_NAMES, BackendUnavailableError, currentBackend, initBackend } from './backend.js';
export type { BackendInfo, BackendName } from './backend.js';
export { loadNativeBlas, nativeBlas, nativeBlasUnavailableReason } from './native-blas.js';
export type { NativeBlas } from './native-blas.js';
export { TransformerEncoder, checkEncoderConfig } from './transformer.js';
export type { EncoderConfig } from './transformer.js';
export { inBatchClipLoss, inBatchClipLossReference, logSumExpRows, paperClipLoss, paperClipLossReference } from './clip-losses.js';
export { AdamW, clipByGlobalNorm, clipByGlobalNormAsync, cosineLr } from './optimizer.js';
export type { AdamWOptions, AdamWState, GradMap } from './optimizer.js';
export { chunkedClipGrads } from './chunked-grads.js';
export type { ChunkedGrads } from './chunked-grads.js';
export { FixedDatasetSampler, OnlineClipSampler, clipBatchTokens, leafTokens, makeClipTestSet } from './clip-batches.js';
export type { ClipBatchSampler, ClipLeafBatch, ClipTestSet } from './clip-batches.js';
export { embeddingSimilarity, encodeAll, evaluateClip, meanSe, pairedGap, perSampleClipLoss, pmiSimilarity } from './evaluation.js';
export type { Encoder, GapReport, SimilarityFn, SimilarityKind } from './evaluation.js';
export { ClipTrainer, DEFAULT_TRAIN_CONFIG, LOGIT_SCALE_INIT, LOGIT_SCALE_MAX, resolveTrainConfig, runTraining } from './training.js';
export type { EvalMetrics, RunOptions, StepMetrics, TrainConfig } from './training.js';
export { CHECKPOINT_FORMAT, CheckpointError, hasCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoint.js';
export type { SavedArray, TrainerState } from './checkpoint.js';
export { BpTransformer, bayesLinkSimilarity } from './bp-transformer.js';
export type { BpLayout } from './bp-transformer.js';
export { gridStepForError, interpolationLogError, messageOscillationBound, planBpTransformer } from './bp-transformer-bound.js';
export type { BpAttention, BpLevelPlan, BpMlp, BpPlan, BpTransformerOptions, PwlGrid } from './bp-transformer-bound.js';
