import { describe, expect, it } from 'vitest';
import { bayesCdmRisk, bayesVlmRisk, type InferencePath } from '../../theory/monte-carlo.js';
import { generatePreset } from '../../theory/generators.js';
import { Rng } from '../../theory/random.js';

/** max |a − b| / max(1, |b|); NaN counts as Infinity. */
function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = a.length === b.length ? 0 : Infinity;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return Number.isNaN(d) ? Infinity : d;
}

describe('Monte Carlo CDM/VLM risks: the fast paths (default) against the general BP on the same draws', () => {
  const model = generatePreset('small', { p: 0.1, seed: 2 });
  const misspecified = generatePreset('small', { p: 0.25, seed: 2 });

  for (const inference of [model, misspecified]) {
    const label = inference === model ? 'well-specified' : 'mis-specified';
    it(`CDM per-sample values agree to 1e-12 relative (${label}; seed printed: 11)`, () => {
      const fast = bayesCdmRisk(model, 300, 1, Rng.fromSeed(11), inference);
      const slow = bayesCdmRisk(model, 300, 1, Rng.fromSeed(11), inference, 'general');
      expect(maxRel(fast.values, slow.values)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(fast.mean - slow.mean)).toBeLessThanOrEqual(1e-12 * Math.max(1, slow.mean));
    });
    it(`VLM per-sample values agree to 1e-12 relative (${label}; seed printed: 12)`, () => {
      const fast = bayesVlmRisk(model, 300, Rng.fromSeed(12), inference);
      const slow = bayesVlmRisk(model, 300, Rng.fromSeed(12), inference, 'general');
      expect(maxRel(fast.values, slow.values)).toBeLessThanOrEqual(1e-12);
    });
  }

  it('planted twin: the mis-specified inference model is detected by the same comparison', () => {
    const fast = bayesVlmRisk(model, 100, Rng.fromSeed(12), misspecified);
    const slow = bayesVlmRisk(model, 100, Rng.fromSeed(12), model, 'general');
    expect(maxRel(fast.values, slow.values)).toBeGreaterThan(1e-6);
  });

  it('refuses an unknown path naming it', () => {
    expect(() => bayesCdmRisk(model, 10, 1, Rng.fromSeed(1), model, 'slow' as InferencePath)).toThrow(/bayesCdmRisk: path must be 'fast' or 'general'/);
    expect(() => bayesVlmRisk(model, 10, Rng.fromSeed(1), model, 'slow' as InferencePath)).toThrow(/bayesVlmRisk: path must be/);
  });
});
