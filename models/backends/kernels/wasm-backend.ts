/**
 * What the project's wasm kernels need from tfjs's wasm backend: the heap, tensor offsets in it, outputs, and the
 * project's SIMD module instantiated on the same memory.
 */
import type * as tf from '@tensorflow/tfjs';
import { instantiateSimd, type SimdKernels } from './simd-module.js';

/** The parts of tfjs's BackendWasm the project kernels use. */
export interface WasmBackendLike {
  wasm: { asm: { memory: WebAssembly.Memory } };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  disposeData(dataId: object): boolean;
  incRef(dataId: object): void;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

let simd: SimdKernels | undefined;

/** The SIMD kernels instantiated on the wasm backend's memory (created on first use). */
export function simdKernels(backend: WasmBackendLike): SimdKernels {
  simd ??= instantiateSimd(backend.wasm.asm.memory);
  return simd;
}

/** Byte offset of a tensor's data in the wasm heap. */
export function heapOffset(backend: WasmBackendLike, t: tf.TensorInfo): number {
  const d = backend.dataIdMap.get(t.dataId);
  if (!d) throw new Error('wasm kernel: tensor data not found in the wasm backend');
  return d.memoryOffset;
}
