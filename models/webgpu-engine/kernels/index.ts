/** The registry of the engine's WGSL kernels (one file each), by name. */
import type { KernelSpec } from './kernel.js';
import { ADAMW, GRAD_NORM } from './adamw.js';
import { ATTENTION_BWD, ATTENTION_FWD } from './attention.js';
import { CLIP_LOSS } from './clip-loss.js';
import { COLUMN_SUM } from './column-sum.js';
import { EMBED_BWD, EMBED_FWD } from './embedding.js';
import { LAYER_NORM_BWD, LAYER_NORM_FWD } from './layer-norm.js';
import { MATMUL } from './matmul.js';
import { POOL_BWD, POOL_FWD, READOUT_BWD, READOUT_FWD } from './readout.js';

export type { KernelSpec } from './kernel.js';
export { f32Bits, grid2d } from './kernel.js';
export { matmulVariant } from './matmul.js';
export { NONE } from './column-sum.js';
export { ATTENTION_MAX_T } from './attention.js';
export { READOUT_MAX_OUT } from './readout.js';
export { CLIP_LOSS_MAX_K } from './clip-loss.js';
export { NORM_CHUNK } from './adamw.js';

/** Every kernel of the engine. */
export const KERNELS: Readonly<Record<string, KernelSpec>> = Object.fromEntries(
  [MATMUL, EMBED_FWD, EMBED_BWD, LAYER_NORM_FWD, LAYER_NORM_BWD, COLUMN_SUM, ATTENTION_FWD, ATTENTION_BWD, POOL_FWD, READOUT_FWD, READOUT_BWD, POOL_BWD, CLIP_LOSS, GRAD_NORM, ADAMW].map((k) => [k.name, k]),
);
