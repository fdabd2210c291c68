/**
 * The validation split of the sample-complexity claim: its pairs are the JGHM's pairs (or, shuffled, a permutation of
 * the texts), and its in-set CLIP loss matches a direct evaluation of the formula.
 */
import { describe, expect, it } from 'vitest';
import { configurationIndex } from '../../../theory/enumeration.js';
import { Rng } from '../../../theory/random.js';
import { samplePairs } from '../../../theory/sampling.js';
import { learnedModel, QUICK_FAMILY } from '../../../properties/learned/learned-jghm.js';
import { drawValidationPairs, validationClipLoss } from '../../../properties/learned/validation-clip-loss.js';

/** The formula term by term, no max shift: (1/m) Σ_i [log (1/m) Σ_j e^{S_ij} − S_ii] + (1/m) Σ_i [log (1/m) Σ_j e^{S_ji} − S_ii]. */
function slowLoss(sim: Float64Array, ny: number, image: Int32Array, text: Int32Array): number {
  const m = image.length;
  const S = (i: number, j: number) => sim[image[i] * ny + text[j]];
  let total = 0;
  for (let i = 0; i < m; i++) {
    let a = 0;
    let b = 0;
    for (let j = 0; j < m; j++) {
      a += Math.exp(S(i, j));
      b += Math.exp(S(j, i));
    }
    total += Math.log(a / m) - S(i, i) + Math.log(b / m) - S(i, i);
  }
  return total / m;
}

describe('validation split and its CLIP loss', () => {
  it('matches a direct evaluation of the formula on random tables', () => {
    const rng = Rng.fromSeed(11);
    for (let trial = 0; trial < 20; trial++) {
      const nx = 2 + rng.int(6);
      const ny = 2 + rng.int(6);
      const m = 1 + rng.int(9);
      const sim = Float64Array.from({ length: nx * ny }, () => 4 * (rng.uniform() - 0.5));
      const image = Int32Array.from({ length: m }, () => rng.int(nx));
      const text = Int32Array.from({ length: m }, () => rng.int(ny));
      expect(validationClipLoss(sim, ny, { image, text })).toBeCloseTo(slowLoss(sim, ny, image, text), 12);
    }
  });

  it('is 0 for a constant similarity, and log-sum-exp stable for large similarities', () => {
    const v = { image: Int32Array.from([0, 1, 2]), text: Int32Array.from([2, 0, 1]) };
    expect(validationClipLoss(new Float64Array(9).fill(7.5), 3, v)).toBeCloseTo(0, 12);
    const big = Float64Array.from({ length: 9 }, (_, k) => 1000 + k);
    expect(Number.isFinite(validationClipLoss(big, 3, v))).toBe(true);
  });

  it('hand example: two pairs, diagonal similarity d, off-diagonal 0', () => {
    const d = 2;
    const sim = Float64Array.from([d, 0, 0, d]); // 2 × 2 table
    const v = { image: Int32Array.from([0, 1]), text: Int32Array.from([0, 1]) };
    // each anchor: log((e^d + 1)/2) − d, four anchors averaged over m = 2 pairs → 2 × that
    expect(validationClipLoss(sim, 2, v)).toBeCloseTo(2 * (Math.log((Math.exp(d) + 1) / 2) - d), 14);
  });

  it('joint pairs are the JGHM pairs of the stream; shuffled pairs permute the same texts', () => {
    const model = learnedModel(QUICK_FAMILY, 4, 0.15);
    const rng = Rng.fromSeed(3);
    const joint = drawValidationPairs(model, 50, rng);
    const pairs = samplePairs(model, 50, rng.split('pairs'));
    const L = pairs.image.leaves;
    for (let i = 0; i < 50; i++) {
      expect(joint.image[i]).toBe(configurationIndex(3, pairs.image.data.subarray(i * L, (i + 1) * L)));
      expect(joint.text[i]).toBe(configurationIndex(3, pairs.text.data.subarray(i * L, (i + 1) * L)));
    }
    const shuffled = drawValidationPairs(model, 50, rng, 'shuffled');
    expect(Array.from(shuffled.image)).toEqual(Array.from(joint.image));
    expect([...shuffled.text].sort((a, b) => a - b)).toEqual([...joint.text].sort((a, b) => a - b));
    expect(Array.from(shuffled.text)).not.toEqual(Array.from(joint.text));
  });

  it('refuses a validation split of fewer than 2 pairs', () => {
    expect(() => drawValidationPairs(learnedModel(QUICK_FAMILY, 4, 0.15), 1, Rng.fromSeed(1))).toThrow(/m must be an integer ≥ 2/);
  });
});
