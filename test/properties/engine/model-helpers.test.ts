import { describe, expect, it } from 'vitest';
import { generatePreset } from '../../../theory/generators.js';
import { makeJghm, makeTree } from '../../../theory/model.js';
import { Rng } from '../../../theory/random.js';
import { modelRng } from '../../../properties/engine/model-rng.js';
import { hasNoTinyKernelEntries } from '../../../properties/arbitraries/model-filters.js';
import { loadReferenceToy } from '../../../properties/data/reference-toys.js';

describe('model helpers', () => {
  it('modelRng is a function of the model', () => {
    const root = Rng.fromSeed(7);
    const a = generatePreset('small', { p: 0.2, seed: 1 });
    const b = generatePreset('small', { p: 0.2, seed: 1 });
    const c = generatePreset('small', { p: 0.2, seed: 2 });
    expect(modelRng(root, a).nextUint32()).toBe(modelRng(root, b).nextUint32());
    expect(modelRng(root, a).nextUint32()).not.toBe(modelRng(root, c).nextUint32());
  });
  it('hasNoTinyKernelEntries keeps exact zeros and rejects tiny positive entries', () => {
    const tree = (k: number[]) => makeTree(2, [1], [[Float64Array.from(k)]], true, 'tree');
    const ok = makeJghm(2, [0.5, 0.5], tree([1, 0, 0.5, 0.5]), tree([1, 0, 0, 1]));
    const tiny = makeJghm(2, [0.5, 0.5], tree([1, 0, 1, 5e-309]), tree([1, 0, 0, 1]));
    expect(hasNoTinyKernelEntries(ok)).toBe(true);
    expect(hasNoTinyKernelEntries(tiny)).toBe(false);
  });
  it('loads the golden toys', () => {
    expect(loadReferenceToy('toy-jghm').states).toBe(3);
    expect(loadReferenceToy('toy-jghm-symmetric').image.leaves).toBe(4);
  });
});
