/**
 * Downstream heads on frozen encoders (plain TypeScript, Float64Array, no tfjs): the VLM linear-softmax decoder and
 * the CDM mixture denoiser of theory.md §3.2–3.3, trained on finite samples drawn from a JGHM and evaluated exactly
 * (VLM) or by enumeration over (x, y) with Monte Carlo over the noise (CDM). Uses theory/ only.
 */
export { adamMinimise } from './adam.js';
export type { AdamSettings } from './adam.js';
export { headFeatures, logPosteriorTable, permuteRows } from './features.js';
export type { HeadFeatures } from './features.js';
export { sampleCdmTriples, sampleJointCounts } from './joint-sample.js';
export type { CdmTriples } from './joint-sample.js';
export { fitVlmHead, vlmExcess, vlmLogConditional, vlmObjective } from './vlm-head.js';
export type { VlmHead, VlmHeadSettings } from './vlm-head.js';
export { cdmEvalSet, cdmFitData, cdmHeadGaps, cdmObjective, fitCdmHead, stratifiedMean } from './cdm-head.js';
export type { CdmEvalSet, CdmFitData, CdmHead, CdmHeadSettings } from './cdm-head.js';
