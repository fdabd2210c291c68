import { describe, expect, it } from 'vitest';
import { exactTables, pmiTable } from '../../../theory/exact-tables.js';
import { generatePreset } from '../../../theory/generators.js';
import { exactOneDirectionLoss } from '../../../theory/clip-loss-exact.js';
import { expectedPositiveIndexKl } from '../../../properties/computations/positive-index-kl.js';
import { Rng } from '../../../theory/random.js';

const t = exactTables(generatePreset('small', { p: 0.3, seed: 5 }));
const pmi = pmiTable(t);

describe('expectedPositiveIndexKl', () => {
  it('is 0 at the PMI and at K = 1', () => {
    expect(Math.abs(expectedPositiveIndexKl(t, pmi, 2, 'image'))).toBeLessThan(1e-14);
    const rng = Rng.fromSeed(1);
    const s = pmi.map(() => rng.normal());
    expect(Math.abs(expectedPositiveIndexKl(t, s, 1, 'text'))).toBeLessThan(1e-14);
  });
  it('equals the excess of the exact K = 2 loss for a random similarity, both anchors', () => {
    const rng = Rng.fromSeed(2);
    const s = pmi.map((v) => v + rng.normal());
    for (const anchor of ['image', 'text'] as const) {
      const excess = exactOneDirectionLoss(t, s, 2, anchor) - exactOneDirectionLoss(t, pmi, 2, anchor);
      expect(Math.abs(expectedPositiveIndexKl(t, s, 2, anchor) - excess)).toBeLessThan(1e-12);
      expect(excess).toBeGreaterThan(0);
    }
  });
  it('rejects bad K and a wrong-sized similarity', () => {
    expect(() => expectedPositiveIndexKl(t, pmi, 0, 'image')).toThrow(/expectedPositiveIndexKl: K/);
    expect(() => expectedPositiveIndexKl(t, new Float64Array(3), 2, 'image')).toThrow(/expectedPositiveIndexKl: similarity/);
  });
});
