/** Tensor helpers shared by the kernel tests (test/models/backends/kernels.test.ts, test/models/backends/blas-matmul.test.ts). */
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import type { Rng } from '../../theory/random.js';
import { maxAbsDifference } from '../../properties/engine/max-difference.js';

/** A float32 tensor of the given shape with standard-normal entries drawn from `rng`. */
export function randomTensor(rng: Rng, shape: number[]): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = rng.normal();
  return tf.tensor(v, shape);
}

/** max |a − b| over all entries (asserts equal sizes): `maxAbsDifference` of the tensors' data. */
export function maxAbsTensorDifference(a: tf.Tensor, b: tf.Tensor): number {
  const x = a.dataSync();
  const y = b.dataSync();
  expect(x.length).toBe(y.length);
  return maxAbsDifference(x, y);
}
