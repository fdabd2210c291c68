import { describe, expect, it } from 'vitest';
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { jghmArbitrary } from '../../properties/arbitraries/jghm-arbitrary.js';
import { gaussianEvidence, leafMarginals, observedEvidence, posteriorMeans, rootMessageOf } from '../../theory/belief-propagation.js';
import { gaussianLeafPosteriorMeans, leafPosteriorMeansFromEvidence } from '../../theory/leaf-posterior-means-fast.js';
import { generatePreset } from '../../theory/generators.js';
import type { Jghm, Modality } from '../../theory/model.js';
import { noisyLeaves } from '../../theory/monte-carlo.js';
import { Rng } from '../../theory/random.js';
import { samplePairs } from '../../theory/sampling.js';

/** max |a − b| / max(1, |b|): relative, absolute below 1 (posterior means lie in [0, S−1]); NaN counts as Infinity. */
function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = a.length === b.length ? 0 : Infinity;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return Number.isNaN(d) ? Infinity : d;
}

function general(model: Jghm, modality: Modality, z: Float64Array, sigma: number, other?: Parameters<typeof rootMessageOf>[2]): Float64Array {
  const S = model.states;
  const T = modality === 'image' ? model.image.leaves : model.text.leaves;
  const msg = other ? rootMessageOf(model, modality === 'image' ? 'text' : 'image', other) : undefined;
  return posteriorMeans(S, leafMarginals(model, modality, gaussianEvidence(S, T, z, sigma), msg));
}

const models = fc.oneof(jghmArbitrary({ maxLeaves: 9, maxNodes: 14, maxStates: 4 }), jghmArbitrary({ maxLeaves: 9, maxNodes: 14, maxStates: 4, zeros: true }));

describe('fast CDM path: leaf posterior means (slow twin: the general BP)', () => {
  fcTest.prop([models, fc.constantFrom<Modality>('image', 'text'), fc.double({ min: 0.3, max: 3, noNaN: true }), fc.nat()], { numRuns: 80 })(
    'equals posteriorMeans(leafMarginals(…)) to 1e-12 relative, with and without the cross-modal message (kernels with zeros included)',
    (model, modality, sigma, seed) => {
      const rng = Rng.fromSeed(seed);
      const pairs = samplePairs(model, 5, rng.split('pairs'));
      const mine = modality === 'image' ? pairs.image : pairs.text;
      const other = modality === 'image' ? pairs.text : pairs.image;
      const z = noisyLeaves(mine, sigma, rng.split('noise'));
      expect(maxRel(gaussianLeafPosteriorMeans(model, modality, z, sigma, other), general(model, modality, z, sigma, other))).toBeLessThanOrEqual(1e-12);
      expect(maxRel(gaussianLeafPosteriorMeans(model, modality, z, sigma), general(model, modality, z, sigma))).toBeLessThanOrEqual(1e-12);
    },
  );

  fcTest.prop([models, fc.nat()], { numRuns: 60 })('the evidence-level kernel is bit for bit the general BP (masked and noisy evidence)', (model, seed) => {
    const rng = Rng.fromSeed(seed);
    const S = model.states;
    const pairs = samplePairs(model, 4, rng.split('pairs'));
    const T = pairs.image.leaves;
    const msg = rootMessageOf(model, 'text', pairs.text);
    const mask = Array.from({ length: T }, () => (rng.uniform() < 0.6 ? 1 : 0));
    for (const ev of [observedEvidence(S, pairs.image, mask), gaussianEvidence(S, T, noisyLeaves(pairs.image, 0.8, rng.split('z')), 0.8)]) {
      for (const m of [msg, undefined]) {
        expect(Array.from(leafPosteriorMeansFromEvidence(model, 'image', ev, m))).toEqual(Array.from(posteriorMeans(S, leafMarginals(model, 'image', ev, m))));
      }
    }
  });

  fcTest.prop([models, fc.double({ min: 0.3, max: 3, noNaN: true }), fc.nat()], { numRuns: 40 })(
    'the literal leaf kernels are bit for bit the array kernels (their slow twin)',
    (model, sigma, seed) => {
      const rng = Rng.fromSeed(seed);
      const pairs = samplePairs(model, 3, rng.split('pairs'));
      const z = noisyLeaves(pairs.image, sigma, rng.split('noise'));
      const withLiterals = gaussianLeafPosteriorMeans(model, 'image', z, sigma, pairs.text, { literal: true });
      expect(Array.from(withLiterals)).toEqual(Array.from(gaussianLeafPosteriorMeans(model, 'image', z, sigma, pairs.text, { literal: false })));
    },
  );

  fcTest.prop([jghmArbitrary({ minStates: 17, maxStates: 27, maxLeaves: 4, maxNodes: 6 }), fc.nat()], { numRuns: 12 })(
    'many states (no literal kernels above 16, generic loops above 24) still agree to 1e-12 relative',
    (model, seed) => {
      const rng = Rng.fromSeed(seed);
      const pairs = samplePairs(model, 3, rng.split('pairs'));
      const z = noisyLeaves(pairs.image, 1.5, rng.split('noise'));
      expect(maxRel(gaussianLeafPosteriorMeans(model, 'image', z, 1.5, pairs.text), general(model, 'image', z, 1.5, pairs.text))).toBeLessThanOrEqual(1e-12);
    },
  );

  it('agrees on the paper preset (81 leaves, S = 10) to 1e-12 relative', () => {
    const model = generatePreset('paper', { p: 0.2, seed: 1 });
    const pairs = samplePairs(model, 30, Rng.fromSeed(7));
    const z = noisyLeaves(pairs.image, 1, Rng.fromSeed(8));
    expect(maxRel(gaussianLeafPosteriorMeans(model, 'image', z, 1, pairs.text), general(model, 'image', z, 1, pairs.text))).toBeLessThanOrEqual(1e-12);
  });

  it('planted twin: dropping the cross-modal message is detected', () => {
    const model = generatePreset('paper', { p: 0.2, seed: 1 });
    const pairs = samplePairs(model, 10, Rng.fromSeed(7));
    const z = noisyLeaves(pairs.image, 1, Rng.fromSeed(8));
    expect(maxRel(gaussianLeafPosteriorMeans(model, 'image', z, 1), general(model, 'image', z, 1, pairs.text))).toBeGreaterThan(1e-6);
  });

  it('refuses bad shapes naming them', () => {
    const model = generatePreset('small', { p: 0.2, seed: 1 });
    const pairs = samplePairs(model, 2, Rng.fromSeed(1));
    const z = noisyLeaves(pairs.image, 1, Rng.fromSeed(2));
    expect(() => gaussianLeafPosteriorMeans(model, 'image', z.subarray(1), 1)).toThrow(/z length/);
    expect(() => gaussianLeafPosteriorMeans(model, 'image', z, -1)).toThrow(/sigma must be > 0/);
    const other = samplePairs(model, 3, Rng.fromSeed(3)).text;
    expect(() => gaussianLeafPosteriorMeans(model, 'image', z, 1, other)).toThrow(/3 samples/);
    const ev = observedEvidence(model.states, pairs.image);
    expect(() => leafPosteriorMeansFromEvidence(model, 'image', ev, new Float64Array(1))).toThrow(/rootMessage must be/);
  });
});
