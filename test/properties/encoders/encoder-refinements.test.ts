import { describe, expect, it } from 'vitest';
import { exactTables, jointTable } from '../../../theory/exact-tables.js';
import { generatePreset } from '../../../theory/generators.js';
import { leafEncoder, rootMapEncoder } from '../../../theory/encoders.js';
import { sufficiency } from '../../../theory/information.js';
import type { FiniteEncoder } from '../../../theory/encoders.js';
import { Rng } from '../../../theory/random.js';
import {
  bruteForceJoint,
  bruteForceSufficiency,
  identityEncoder,
  leafPrefixChain,
  randomCoarsening,
  randomMergeChain,
} from '../../../properties/encoders/encoder-refinements.js';

const t = exactTables(generatePreset('small', { p: 0.25, seed: 3 }));

/** True when `coarse` is a function of `fine` (every fine class maps into one coarse class). */
function isCoarsening(fine: FiniteEncoder, coarse: FiniteEncoder): boolean {
  const map = new Map<number, number>();
  for (let x = 0; x < fine.classes.length; x++) {
    const c = map.get(fine.classes[x]);
    if (c !== undefined && c !== coarse.classes[x]) return false;
    map.set(fine.classes[x], coarse.classes[x]);
  }
  return true;
}

describe('encoder refinements', () => {
  it('chains are refinement chains from the identity to a constant encoder', () => {
    for (const chain of [leafPrefixChain(t, 'image'), randomMergeChain(t, 'text', Rng.fromSeed(4))]) {
      expect(chain[0].count).toBe(chain[0].classes.length);
      expect(chain[chain.length - 1].count).toBe(1);
      for (let i = 1; i < chain.length; i++) expect(isCoarsening(chain[i - 1], chain[i])).toBe(true);
    }
  });
  it('a random coarsening is a coarsening', () => {
    const id = identityEncoder(t, 'image');
    const c = randomCoarsening(id, 3, Rng.fromSeed(9));
    expect(isCoarsening(id, c)).toBe(true);
    expect(c.count).toBeLessThanOrEqual(3);
  });
  it('a random coarsening of the identity draws one rng.int(classes) per configuration, in order (the draws randomEncoder relies on)', () => {
    const c = randomCoarsening(identityEncoder(t, 'text'), 4, Rng.fromSeed(11), 'text:random-4');
    const rng = Rng.fromSeed(11);
    const keys = Array.from({ length: t.ny }, () => rng.int(4));
    const firstOf = new Map<number, number>();
    keys.forEach((k) => firstOf.has(k) || firstOf.set(k, firstOf.size));
    expect(Array.from(c.classes)).toEqual(keys.map((k) => firstOf.get(k)));
    expect(c.name).toBe('text:random-4');
  });
  it('the brute-force joint equals jointTable and its sufficiency equals theory sufficiency (Pinsker below)', () => {
    const J = jointTable(t);
    const B = bruteForceJoint(t);
    let d = 0;
    for (let k = 0; k < J.length; k++) d = Math.max(d, Math.abs(J[k] - B[k]));
    expect(d).toBeLessThan(1e-15);
    for (const enc of [leafEncoder(t, 'image', 0), rootMapEncoder(t, 'text'), identityEncoder(t, 'image')]) {
      const bf = bruteForceSufficiency(t, enc);
      expect(Math.abs(bf.suff - sufficiency(t, enc))).toBeLessThan(1e-12);
      expect(bf.pinsker).toBeLessThanOrEqual(bf.suff + 1e-12);
    }
  });
});
