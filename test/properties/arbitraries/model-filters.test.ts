/** The one tiny-kernel filter (`hasNoTinyKernelEntries`, threshold 1e-12) and the adversarial arbitrary built on it. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeJghm, makeTree } from '../../../theory/model.js';
import { TEST_SEED } from '../../setup.js';
import { MIN_POSITIVE_KERNEL_ENTRY, hasNoTinyKernelEntries } from '../../../properties/arbitraries/model-filters.js';
import { zerosArbitrary } from '../../../properties/arbitraries/zeros-arbitrary.js';

const tree = (k: number[]) => makeTree(2, [1], [[Float64Array.from(k)]], true, 'tree');
const withEntry = (v: number) => makeJghm(2, [0.5, 0.5], tree([1, 0, v, 1 - v]), tree([1, 0, 0, 1]));

describe('hasNoTinyKernelEntries', () => {
  it('threshold is 1e-12', () => expect(MIN_POSITIVE_KERNEL_ENTRY).toBe(1e-12));
  it('keeps exact zeros and entries ≥ 1e-12; rejects subnormal and other tiny positive entries in either tree', () => {
    expect(hasNoTinyKernelEntries(withEntry(0.5))).toBe(true);
    expect(hasNoTinyKernelEntries(withEntry(0))).toBe(true);
    expect(hasNoTinyKernelEntries(withEntry(1e-12))).toBe(true);
    expect(hasNoTinyKernelEntries(withEntry(9.9e-13))).toBe(false);
    expect(hasNoTinyKernelEntries(withEntry(1e-30))).toBe(false);
    expect(hasNoTinyKernelEntries(withEntry(5.6e-309))).toBe(false);
    expect(hasNoTinyKernelEntries(makeJghm(2, [0.5, 0.5], tree([1, 0, 0, 1]), tree([1, 0, 5e-309, 1])))).toBe(false);
  });
  it('zerosArbitrary yields only models that pass the filter, and some with exact zeros', () => {
    const models = fc.sample(zerosArbitrary({ maxConfigurations: 27 }), { numRuns: 60, seed: TEST_SEED });
    expect(models.every(hasNoTinyKernelEntries)).toBe(true);
    expect(models.some((m) => [m.image, m.text].some((t) => t.kernels.some((k) => k.some((v) => v === 0))))).toBe(true);
  });
});
