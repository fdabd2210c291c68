/**
 * Public entry of `models/`, in four wings that data flows through in one direction:
 * - `backends/`: tfjs backends (wasm with the project's kernels and optional OpenBLAS, cpu, optional tensorflow /
 *   webgpu) and the kernels themselves;
 * - `encoders/`: the transformer encoder and its layers, with plain-JS reference twins (uses backends);
 * - `training/`: CLIP batches, losses, AdamW, the trainer, evaluation against the Bayes loss, checkpoints and run
 *   folders (uses encoders and backends);
 * - `bp-construction/`: the BP-constructed transformer and its error bound;
 * - `webgpu-engine/`: the project WebGPU training engine (explicit forward/backward in WGSL, many models per
 *   program; uses training, encoders).
 * - `heads/`: downstream heads on frozen features (VLM decoder, CDM denoiser; plain Float64Array, theory/ only).
 * Each wing has its own `index.ts`; wings import each other only through those.
 */
export { BACKEND_NAMES, BackendUnavailableError, currentBackend, initBackend } from './backends/index.js';
export type { BackendInfo, BackendName, InitBackendOptions } from './backends/index.js';
export { defaultPlacement, isHostBackend } from './backends/index.js';
export type { Placement } from './backends/index.js';
export { dawnWillLoad, describeAdapter, ensureXdgRuntimeDir, probeWebGpuAdapter, softwareWebGpuAllowed, vulkanMissingReason } from './backends/index.js';
export type { WebGpuAdapterInfo, WebGpuProbe } from './backends/index.js';
export { loadNativeBlas, nativeBlas, nativeBlasUnavailableReason } from './backends/index.js';
export type { NativeBlas } from './backends/index.js';
export { TransformerEncoder, checkEncoderConfig } from './encoders/index.js';
export type { EncoderConfig } from './encoders/index.js';
export { inBatchClipLoss, inBatchClipLossReference, logSumExpRows, paperClipLoss, paperClipLossReference } from './training/index.js';
export { AdamW, clipByGlobalNorm, clipByGlobalNormAsync, cosineLr } from './training/index.js';
export type { AdamWOptions, AdamWState, GradMap } from './training/index.js';
export { DeviceAdamW } from './training/index.js';
export type { DeviceAdamWOptions } from './training/index.js';
export { SMOKE_TOLERANCE, compareSmoke, smokeSteps, smokeTest } from './training/index.js';
export { chunkedClipGrads } from './training/index.js';
export type { ChunkedGrads } from './training/index.js';
export { FixedDatasetSampler, OnlineClipSampler, clipBatchTokens, leafTokens, makeClipTestSet } from './training/index.js';
export type { ClipBatchSampler, ClipLeafBatch, ClipTestSet } from './training/index.js';
export { embeddingSimilarity, encodeAll, encodeAllAsync, evaluateClip, evaluateClipAsync, meanSe, pairedGap, perSampleClipLoss, pmiSimilarity } from './training/index.js';
export type { Encoder, GapReport, SimilarityFn, SimilarityKind } from './training/index.js';
export { ClipTrainer, DEFAULT_TRAIN_CONFIG, LOGIT_SCALE_INIT, LOGIT_SCALE_MAX, resolveTrainConfig, runTraining } from './training/index.js';
export type { EvalMetrics, RunOptions, StepMetrics, TrainConfig, TrainerOptions } from './training/index.js';
export { CHECKPOINT_FORMAT, CheckpointError, hasCheckpoint, loadCheckpoint, saveCheckpoint } from './training/index.js';
export type { SavedArray, TrainerState } from './training/index.js';
export { RunFolder, RunFolderError } from './training/index.js';
export type { RunFolderConfig } from './training/index.js';
export { BpTransformer, bayesLinkSimilarity } from './bp-construction/index.js';
export type { BpLayout } from './bp-construction/index.js';
export { gridStepForError, interpolationLogError, messageOscillationBound, planBpTransformer } from './bp-construction/index.js';
export type { BpAttention, BpLevelPlan, BpMlp, BpPlan, BpTransformerOptions, PwlGrid } from './bp-construction/index.js';
export { WgslClipEngine, WgslClipSweep, acquireGpu, encoderLayout, initialParameters, modelsPerProgram, packParameters, resolveEngineOptions, splitKSlices, trainSweep, unpackParameters } from './webgpu-engine/index.js';
export type { EngineOptions, EngineStats, GpuContext, SweepResult } from './webgpu-engine/index.js';
export { cdmEvalSet, cdmFitData, cdmHeadGaps, fitCdmHead, fitVlmHead, headFeatures, logPosteriorTable, permuteRows, sampleCdmTriples, sampleJointCounts, stratifiedMean, vlmExcess, vlmLogConditional } from './heads/index.js';
export type { CdmEvalSet, CdmFitData, CdmHead, CdmHeadSettings, HeadFeatures, VlmHead, VlmHeadSettings } from './heads/index.js';
