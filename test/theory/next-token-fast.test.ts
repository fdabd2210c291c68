import { describe, expect, it } from 'vitest';
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { jghmArbitrary } from '../../properties/arbitraries/jghm-arbitrary.js';
import { leafMarginals, observedEvidence, rootMessageOf } from '../../theory/belief-propagation.js';
import { nextTokenCrossEntropy } from '../../theory/next-token.js';
import { nextTokenCrossEntropyFast } from '../../theory/next-token-fast.js';
import { generatePreset } from '../../theory/generators.js';
import type { Jghm, Modality } from '../../theory/model.js';
import { Rng } from '../../theory/random.js';
import { type LeafBatch, samplePairs } from '../../theory/sampling.js';

/** max |a − b| / max(1, |b|): relative, absolute below 1; NaN counts as Infinity. */
function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = a.length === b.length ? 0 : Infinity;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return Number.isNaN(d) ? Infinity : d;
}

/** The general BP, one full pass per position: leaves ≥ t masked, −log of the marginal of leaf t at its value. */
function generalCrossEntropy(model: Jghm, modality: Modality, leaves: LeafBatch, msg: Float64Array | undefined, first: number): Float64Array {
  const S = model.states;
  const T = leaves.leaves;
  const out = new Float64Array(leaves.n);
  for (let i = 0; i < leaves.n; i++) {
    const one = { n: 1, leaves: T, data: leaves.data.slice(i * T, (i + 1) * T) };
    const m = msg?.slice(i * S, (i + 1) * S);
    let acc = 0;
    for (let t = first; t < T; t++) {
      const ev = observedEvidence(S, one, Array.from({ length: T }, (_, u) => (u < t ? 1 : 0)));
      acc -= Math.log(leafMarginals(model, modality, ev, m)[t * S + one.data[t]]);
    }
    out[i] = acc / (T - first);
  }
  return out;
}

const models = fc.oneof(jghmArbitrary({ maxLeaves: 9, maxNodes: 14, maxStates: 4 }), jghmArbitrary({ maxLeaves: 9, maxNodes: 14, maxStates: 4, zeros: true }));

describe('fast VLM path: next-token cross-entropy (slow twins: the general BP per position, next-token.ts)', () => {
  fcTest.prop([models, fc.constantFrom<Modality>('image', 'text'), fc.nat()], { numRuns: 80 })(
    'equals the general BP (one masked pass per position) to 1e-12 relative, with and without the cross-modal message (kernels with zeros included)',
    (model, modality, seed) => {
      const pairs = samplePairs(model, 4, Rng.fromSeed(seed));
      const mine = modality === 'image' ? pairs.image : pairs.text;
      const other = modality === 'image' ? pairs.text : pairs.image;
      const T = mine.leaves;
      const msg = rootMessageOf(model, modality === 'image' ? 'text' : 'image', other);
      for (const first of new Set([0, Math.min(1, T - 1), T - 1])) {
        expect(maxRel(nextTokenCrossEntropyFast(model, modality, mine, other, first), generalCrossEntropy(model, modality, mine, msg, first))).toBeLessThanOrEqual(1e-12);
        expect(maxRel(nextTokenCrossEntropyFast(model, modality, mine, undefined, first), generalCrossEntropy(model, modality, mine, undefined, first))).toBeLessThanOrEqual(1e-12);
      }
    },
  );

  fcTest.prop([jghmArbitrary({ minStates: 17, maxStates: 27, maxLeaves: 4, maxNodes: 6 }), fc.nat()], { numRuns: 12 })(
    'many states (generic loops above 24) still agree with the general BP to 1e-12 relative',
    (model, seed) => {
      const pairs = samplePairs(model, 3, Rng.fromSeed(seed));
      const msg = rootMessageOf(model, 'image', pairs.image);
      expect(maxRel(nextTokenCrossEntropyFast(model, 'text', pairs.text, pairs.image, 0), generalCrossEntropy(model, 'text', pairs.text, msg, 0))).toBeLessThanOrEqual(1e-12);
    },
  );

  it('equals next-token.ts on the paper preset (81 leaves, S = 10) to 1e-12 relative', () => {
    const model = generatePreset('paper', { p: 0.2, seed: 1 });
    const pairs = samplePairs(model, 40, Rng.fromSeed(5));
    const slow = nextTokenCrossEntropy(model, 'text', pairs.text, rootMessageOf(model, 'image', pairs.image), 1);
    expect(maxRel(nextTokenCrossEntropyFast(model, 'text', pairs.text, pairs.image, 1), slow)).toBeLessThanOrEqual(1e-12);
  });

  it('planted twin: dropping the cross-modal message is detected', () => {
    const model = generatePreset('paper', { p: 0.2, seed: 1 });
    const pairs = samplePairs(model, 10, Rng.fromSeed(5));
    const slow = nextTokenCrossEntropy(model, 'text', pairs.text, rootMessageOf(model, 'image', pairs.image), 1);
    expect(maxRel(nextTokenCrossEntropyFast(model, 'text', pairs.text, undefined, 1), slow)).toBeGreaterThan(1e-6);
  });

  it('refuses bad input naming it', () => {
    const model = generatePreset('small', { p: 0.2, seed: 1 });
    const pairs = samplePairs(model, 2, Rng.fromSeed(1));
    const T = pairs.text.leaves;
    expect(() => nextTokenCrossEntropyFast(model, 'text', pairs.text, pairs.image, T)).toThrow(/firstPosition must be in/);
    expect(() => nextTokenCrossEntropyFast(model, 'text', pairs.image.leaves === T ? { ...pairs.text, leaves: T + 1 } : pairs.image)).toThrow(/leaves per sample/);
    const bad = { ...pairs.text, data: pairs.text.data.slice() };
    bad.data[3] = model.states;
    expect(() => nextTokenCrossEntropyFast(model, 'text', bad)).toThrow(/out of range/);
    expect(() => nextTokenCrossEntropyFast(model, 'text', pairs.text, samplePairs(model, 3, Rng.fromSeed(2)).image)).toThrow(/3 samples/);
  });
});
