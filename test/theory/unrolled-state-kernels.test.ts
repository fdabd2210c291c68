import { describe, expect, it } from 'vitest';
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { type StateKernels, genericStateKernels, stateKernels } from '../../theory/unrolled-state-kernels.js';

/** Non-negative entries with exact zeros, ones and subnormals mixed in (the values messages take). */
const entry = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, 5e-324, 1e-310));

function run(k: StateKernels, S: number, kern: Float64Array, x: Float64Array, q: Float64Array, m: number, c: number): number[] {
  const out: number[] = [];
  const dst = new Float64Array(S + 1);
  k.matVec(kern, 0, x, 0, dst, 1);
  out.push(...dst);
  k.vecMat(kern, 0, x, 0, dst, 1);
  out.push(...dst);
  k.upNode(kern, 0, q, 0, m, dst, 1);
  out.push(...dst);
  k.downChild(kern, 0, x, 0, q, 0, m, c, dst, 1);
  out.push(...dst);
  out.push(k.leafMean(kern, 0, x, 0, q, 0, m, c, x, 0));
  out.push(k.leafProbability(x, 0, q, 0, m, c, kern, S, kern, 0));
  return out;
}

describe('state-unrolled kernels (slow twin: the generic loops)', () => {
  fcTest.prop([fc.integer({ min: 2, max: 12 }).chain((S) => fc.tuple(fc.constant(S), fc.integer({ min: 1, max: 4 }), fc.nat()))], { numRuns: 60 })(
    'are bit for bit the generic loops (random kernels and messages with zeros and subnormals)',
    ([S, m, seed]) => {
      const draw = (len: number, s: number) => Float64Array.from(fc.sample(entry, { seed: s, numRuns: len }));
      const kern = draw(S * S, seed);
      const x = draw(S, seed + 1);
      const q = draw(m * S, seed + 2);
      const c = seed % m;
      const fast = run(stateKernels(S), S, kern, x, q, m, c);
      const slow = run(genericStateKernels(S), S, kern, x, q, m, c);
      expect(fast.map((v) => Object.is(v, v) ? v : 'NaN')).toEqual(slow.map((v) => Object.is(v, v) ? v : 'NaN'));
    },
  );

  it('planted twin: a kernel with one entry changed by 1e-12 relative is detected', () => {
    const S = 4;
    const kern = Float64Array.from({ length: S * S }, (_, i) => (i % 5) / 7 + 0.1);
    const x = Float64Array.from({ length: S }, (_, i) => 0.3 + i / 11);
    const a = new Float64Array(S);
    const b = new Float64Array(S);
    stateKernels(S).matVec(kern, 0, x, 0, a, 0);
    const bumped = kern.slice();
    bumped[5] = bumped[5] * (1 + 1e-12);
    genericStateKernels(S).matVec(bumped, 0, x, 0, b, 0);
    expect(Array.from(a)).not.toEqual(Array.from(b));
  });
});
