/**
 * Where the training state lives and how the host reads it, by backend.
 * - `host`: backends whose tensors live in host memory (cpu, wasm, tensorflow). The optimizer moments are JS
 *   Float32Arrays and the update is one float64 JS loop per variable (`AdamW`); reads are memory copies.
 * - `device`: backends whose tensors live on an accelerator (webgpu). Moments, clipping and the update are tfjs ops
 *   (`DeviceAdamW`); the host reads only scalars, asynchronously (`await t.data()`), and never synchronously
 *   (tfjs-backend-webgpu's `dataSync` needs `OffscreenCanvas`, which Node lacks).
 */
import * as tf from '@tensorflow/tfjs';

/** Where optimizer state and the update live. */
export type Placement = 'host' | 'device';

const HOST_BACKENDS = new Set(['cpu', 'wasm', 'tensorflow']);

/** True when the named backend (default: the active one) keeps tensors in host memory, so `dataSync` is a copy. */
export function isHostBackend(name: string = tf.getBackend()): boolean {
  return HOST_BACKENDS.has(name);
}

/** The placement for the named backend (default: the active one): `host` on cpu/wasm/tensorflow, else `device`. */
export function defaultPlacement(name: string = tf.getBackend()): Placement {
  return isHostBackend(name) ? 'host' : 'device';
}
