/**
 * Public entry of `models/encoders/`: the transformer encoder (`TransformerEncoder`), its layers (fused LayerNorm on
 * wasm, GELU, linear) and their plain-JS float64 reference twins. Uses `backends/` only (the fused kernel names).
 */
export { TransformerEncoder, checkEncoderConfig } from './transformer.js';
export type { EncoderConfig } from './transformer.js';
export { LAYER_NORM_EPS, gelu, geluReference, layerNorm, layerNormReference, linear } from './layers.js';
export { referenceEncoderForward } from './transformer-reference.js';
export type { ParamMap } from './transformer-reference.js';
