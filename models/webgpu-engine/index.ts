/**
 * Public entry of the project WebGPU engine: an explicit forward/backward of the CLIP encoders with fused WGSL
 * kernels (`kernels/`, one file each), one submit per step, many models in one program.
 */
export { acquireGpu } from './gpu-context.js';
export type { GpuContext } from './gpu-context.js';
export { encoderLayout, packParameters, unpackParameters } from './layout.js';
export type { EncoderLayout, LayoutEntry } from './layout.js';
export { WgslClipEngine } from './engine.js';
export type { EngineOptions, EngineStats } from './engine.js';
export { KERNELS } from './kernels/index.js';
export { WgslClipSweep } from './sweep.js';
export { bufferSizes, modelsPerProgram, resolveEngineOptions, splitKSlices } from './engine.js';
export { initialParameters } from './init.js';
export { trainSweep } from './train-sweep.js';
export type { SweepResult } from './train-sweep.js';
