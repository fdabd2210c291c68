import { describe, expect, it } from 'vitest';
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { jghmArbitrary } from '../../properties/arbitraries/jghm-arbitrary.js';
import { leafMarginals, observedEvidence, rootMessageOf } from '../../theory/belief-propagation.js';
import { bruteForceInference } from '../../theory/enumeration.js';
import { nextTokenCrossEntropy, nextTokenPredictions } from '../../theory/next-token.js';
import { Rng } from '../../theory/random.js';
import { samplePairs } from '../../theory/sampling.js';
import { maxAbsDifference } from '../../properties/engine/max-difference.js';

describe('next-token Bayes predictor (VLM)', () => {
  fcTest.prop([jghmArbitrary({ maxLeaves: 6, maxNodes: 8 }), fc.nat()], { numRuns: 50 })(
    'incremental predictions equal masked BP and brute force for every position (1e-10)',
    (model, seed) => {
      const S = model.states;
      const pairs = samplePairs(model, 2, Rng.fromSeed(seed));
      const msg = rootMessageOf(model, 'image', pairs.image);
      const pred = nextTokenPredictions(model, 'text', pairs.text, msg);
      const T = pairs.text.leaves;
      for (let i = 0; i < 2; i++) {
        const one = { n: 1, leaves: T, data: pairs.text.data.slice(i * T, (i + 1) * T) };
        for (let t = 0; t < T; t++) {
          const mask = Array.from({ length: T }, (_, u) => (u < t ? 1 : 0));
          const ev = observedEvidence(S, one, mask);
          const m = msg.slice(i * S, (i + 1) * S);
          const slow = leafMarginals(model, 'text', ev, m).slice(t * S, (t + 1) * S);
          const fast = pred.slice((i * T + t) * S, (i * T + t + 1) * S);
          expect(maxAbsDifference(fast, slow)).toBeLessThan(1e-10);
          expect(maxAbsDifference(fast, bruteForceInference(model, 'text', ev.data, m).leafMarginals.slice(t * S, (t + 1) * S))).toBeLessThan(1e-10);
        }
      }
    },
  );

  it('cross-entropy averages −log p over positions from firstPosition, and validates it', () => {
    const rng = Rng.fromSeed(3);
    const model = fc.sample(jghmArbitrary({ maxLeaves: 4 }), { seed: 3, numRuns: 1 })[0];
    const pairs = samplePairs(model, 1, rng);
    const T = pairs.text.leaves;
    if (T < 2) return;
    const pred = nextTokenPredictions(model, 'text', pairs.text);
    let acc = 0;
    for (let t = 1; t < T; t++) acc -= Math.log(pred[t * model.states + pairs.text.data[t]]);
    expect(nextTokenCrossEntropy(model, 'text', pairs.text)[0]).toBeCloseTo(acc / (T - 1), 12);
    expect(() => nextTokenCrossEntropy(model, 'text', pairs.text, undefined, T)).toThrow(/firstPosition/);
  });
});
