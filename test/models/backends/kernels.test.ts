/**
 * Project kernels on wasm against the stock kernels: the patched BatchMatMul equals the stock one for every
 * transpose/batch combination, without leaking tensors. Deterministic inputs: no statistical false-failure rate.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { TEST_SEED } from '../../setup.js';
import { Rng } from '../../../theory/random.js';
import { maxAbsTensorDifference, randomTensor } from '../../helpers/tensors.js';
import { initBackend } from '../../../models/backends/backend.js';
import { stockWasmMatMul } from '../../../models/backends/kernels/wasm-matmul.js';


describe('wasm BatchMatMul patch', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  // [batchA, batchB] shapes (rank-2 when batch is empty), m, k, n
  const cases: [number[], number[], number, number, number][] = [
    [[], [], 37, 19, 23],
    [[], [], 64, 300, 48],
    [[1], [1], 5, 7, 3],
    [[6], [6], 9, 4, 11],
    [[2, 3], [2, 3], 5, 8, 6],
    [[4], [], 7, 5, 3],
    [[], [4], 7, 5, 3],
    [[4], [1], 6, 6, 6],
  ];
  for (const [ba, bb, m, k, n] of cases) {
    for (const ta of [false, true]) {
      for (const tb of [false, true]) {
        it(`batch ${JSON.stringify(ba)}×${JSON.stringify(bb)}, ${m}×${k}·${k}×${n}, transposeA=${ta}, transposeB=${tb}`, () => {
          const rng = Rng.fromSeed(TEST_SEED).split(`${ba}|${bb}|${m}|${k}|${n}|${ta}|${tb}`);
          const a = randomTensor(rng, [...ba, ...(ta ? [k, m] : [m, k])]);
          const b = randomTensor(rng, [...bb, ...(tb ? [n, k] : [k, n])]);
          const stock = stockWasmMatMul(a, b, ta, tb);
          const before = tf.memory().numTensors;
          const patched = tf.matMul(a, b, ta, tb);
          expect(tf.memory().numTensors).toBe(before + 1);
          expect(patched.shape).toEqual(stock.shape);
          // float32 sums of k products of N(0,1) entries: rounding error ≲ k·2^-24·|terms|; 1e-4·sqrt(k) is ample
          expect(maxAbsTensorDifference(patched, stock)).toBeLessThan(1e-4 * Math.sqrt(k));
          tf.dispose([a, b, stock, patched]);
        });
      }
    }
  }
});

describe('wasm Sum patch (leading-axes SIMD column sum)', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  const cases: [number[], number | number[], boolean][] = [
    [[37, 23], 0, false],
    [[4096, 64], 0, false],
    [[5, 6, 7], [0, 1], false],
    [[5, 6, 7], 0, true],
    [[5, 6, 7], [1, 0], true],
    [[5, 6, 7], [-3], false],
    [[9, 3], [0, 1], false],
    [[5, 6, 7], 1, false], // not a prefix: stock path
    [[5, 6, 7], [0, 2], false], // not a prefix: stock path
    [[11], 0, false],
  ];
  for (const [shape, axis, keepDims] of cases) {
    it(`shape ${JSON.stringify(shape)}, axis ${JSON.stringify(axis)}, keepDims ${keepDims} equals the stock kernel`, async () => {
      const { stockWasmSum } = await import('../../../models/backends/kernels/wasm-sum.js');
      const x = randomTensor(Rng.fromSeed(TEST_SEED).split(`sum${shape}${axis}`), shape);
      const stock = stockWasmSum(x, axis, keepDims);
      const before = tf.memory().numTensors;
      const got = tf.sum(x, axis, keepDims);
      expect(tf.memory().numTensors).toBe(before + 1);
      expect(got.shape).toEqual(stock.shape);
      // float32 sums of up to 4096 N(0,1) terms: |error| ≲ rows·2^-24·Σ|x| ≈ 1e-3 in the worst case; typically 1e-5
      expect(maxAbsTensorDifference(got, stock)).toBeLessThan(2e-3);
      tf.dispose([x, stock, got]);
    });
  }
});

describe('wasm Identity patch (buffer sharing)', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('clones share values, survive disposal of the original, and do not leak', () => {
    const before = tf.memory().numTensors;
    const x = tf.tensor2d([[1, 2], [3, 4]]);
    const y = tf.clone(x);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4]);
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gradients through saved tensors are unchanged (square saves its input)', () => {
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.square(x)))(tf.tensor1d([1, -2, 3]));
    expect(Array.from(g.dataSync())).toEqual([2, -4, 6]);
    g.dispose();
  });
});

describe('SIMD module against plain loops', () => {
  it('bmm and colsum match float64 loops on odd shapes (own memory)', async () => {
    const { instantiateSimd } = await import('../../../models/backends/kernels/simd-module.js');
    const mem = new WebAssembly.Memory({ initial: 4 });
    const k = instantiateSimd(mem);
    const f = new Float32Array(mem.buffer);
    const rng = Rng.fromSeed(TEST_SEED).split('simd');
    for (const [batch, m, kk, n] of [[3, 5, 7, 23], [2, 16, 16, 16], [1, 4, 3, 1], [4, 3, 5, 36], [2, 1, 1, 4]]) {
      const a = 0;
      const b = batch * m * kk;
      const c = b + batch * kk * n;
      for (let i = 0; i < c; i++) f[i] = rng.normal();
      k.bmm(a * 4, b * 4, c * 4, batch, m, kk, n, m * kk, kk * n, m * n);
      for (let t = 0; t < batch; t++) {
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let p = 0; p < kk; p++) s += f[a + t * m * kk + i * kk + p] * f[b + t * kk * n + p * n + j];
            expect(Math.abs(s - f[c + t * m * n + i * n + j])).toBeLessThan(1e-5 * Math.sqrt(kk));
          }
        }
      }
    }
    const rows = 37;
    const cols = 23;
    for (let i = 0; i < rows * cols; i++) f[i] = rng.normal();
    k.colsum(0, rows * cols * 4, rows, cols);
    for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let i = 0; i < rows; i++) s += f[i * cols + j];
      expect(Math.abs(s - f[rows * cols + j])).toBeLessThan(1e-5 * rows);
    }
  });
});

describe('wasm OneHot fix', () => {
  it('float32 and int32 one-hot match the cpu backend (including out-of-range indices and on/off values)', async () => {
    const ids = [0, 3, 1, -1, 4, 7];
    const run = () =>
      [
        tf.oneHot(tf.tensor1d(ids, 'int32'), 5, 1, 0, 'float32'),
        tf.oneHot(tf.tensor1d(ids, 'int32'), 5),
        tf.oneHot(tf.tensor2d([[2, 0], [1, 4]], [2, 2], 'int32'), 5, 0.5, -2, 'float32'),
      ].map((t) => ({ dtype: t.dtype, shape: t.shape, values: Array.from(t.dataSync()) }));
    await initBackend('cpu');
    const cpu = run();
    await initBackend('wasm');
    const wasm = run();
    expect(wasm).toEqual(cpu);
    expect(cpu[0].values.slice(0, 5)).toEqual([1, 0, 0, 0, 0]);
  });
});
