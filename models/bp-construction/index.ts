/**
 * Public entry of `models/bp-construction/`: the transformer whose weights are constructed (not trained) to run
 * belief propagation (`BpTransformer`), and the plan of its layers with the error bound it meets
 * (`planBpTransformer`). Reads the JGHM from `theory/`; runs on whatever backend `backends/` activated.
 */
export { BpTransformer, bayesLinkSimilarity } from './bp-transformer.js';
export type { BpLayout } from './bp-transformer.js';
export { gridStepForError, interpolationLogError, messageOscillationBound, planBpTransformer } from './bp-transformer-bound.js';
export type { BpAttention, BpLevelPlan, BpMlp, BpPlan, BpTransformerOptions, PwlGrid } from './bp-transformer-bound.js';
