/**
 * Public entry of `models/`: tfjs backends (wasm with the project's kernels and optional OpenBLAS, cpu, optional
 * tensorflow / webgpu), the transformer encoder, CLIP losses, AdamW, CLIP training with checkpoints, evaluation against
 * the Bayes loss, and the BP-constructed transformer with its error bound.
 */
export { BACKEND_NAMES, BackendUnavailableError, currentBackend, initBackend } from './backend.js';
export type { BackendInfo, BackendName, InitBackendOptions } from './backend.js';
export { SMOKE_TOLERANCE, compareSmoke, smokeSteps, smokeTest } from './backend-smoke.js';
export { defaultPlacement, isHostBackend } from './device-placement.js';
export type { Placement } from './device-placement.js';
export { dawnWillLoad, ensureXdgRuntimeDir, probeWebGpuAdapter, softwareWebGpuAllowed, vulkanMissingReason } from './webgpu-setup.js';
export type { WebGpuAdapterInfo, WebGpuProbe } from './webgpu-setup.js';
export { loadNativeBlas, nativeBlas, nativeBlasUnavailableReason } from './native-blas.js';
export type { NativeBlas } from './native-blas.js';
export { TransformerEncoder, checkEncoderConfig } from './transformer.js';
export type { EncoderConfig } from './transformer.js';
export { inBatchClipLoss, inBatchClipLossReference, logSumExpRows, paperClipLoss, paperClipLossReference } from './clip-losses.js';
export { AdamW, clipByGlobalNorm, clipByGlobalNormAsync, cosineLr } from './optimizer.js';
export type { AdamWOptions, AdamWState, GradMap } from './optimizer.js';
export { DeviceAdamW } from './adamw-device.js';
export type { DeviceAdamWOptions } from './adamw-device.js';
export { chunkedClipGrads } from './chunked-grads.js';
export type { ChunkedGrads } from './chunked-grads.js';
export { FixedDatasetSampler, OnlineClipSampler, clipBatchTokens, leafTokens, makeClipTestSet } from './clip-batches.js';
export type { ClipBatchSampler, ClipLeafBatch, ClipTestSet } from './clip-batches.js';
export { embeddingSimilarity, encodeAll, encodeAllAsync, evaluateClip, evaluateClipAsync, meanSe, pairedGap, perSampleClipLoss, pmiSimilarity } from './evaluation.js';
export type { Encoder, GapReport, SimilarityFn, SimilarityKind } from './evaluation.js';
export { ClipTrainer, DEFAULT_TRAIN_CONFIG, LOGIT_SCALE_INIT, LOGIT_SCALE_MAX, resolveTrainConfig, runTraining } from './training.js';
export type { EvalMetrics, RunOptions, StepMetrics, TrainConfig, TrainerOptions } from './training.js';
export { CHECKPOINT_FORMAT, CheckpointError, hasCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoint.js';
export type { SavedArray, TrainerState } from './checkpoint.js';
export { BpTransformer, bayesLinkSimilarity } from './bp-transformer.js';
export type { BpLayout } from './bp-transformer.js';
export { gridStepForError, interpolationLogError, messageOscillationBound, planBpTransformer } from './bp-transformer-bound.js';
export type { BpAttention, BpLevelPlan, BpMlp, BpPlan, BpTransformerOptions, PwlGrid } from './bp-transformer-bound.js';
