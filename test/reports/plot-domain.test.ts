/** Axis domains from the data: contain every value with padding, linear and log. */
import { describe, expect, it } from 'vitest';
import { DOMAIN_PADDING, paddedDomain } from '../../reports/plot-domain.js';

describe('paddedDomain', () => {
  it('pads the data span on both sides (linear)', () => {
    const [lo, hi] = paddedDomain([1.8, 3.0, 2.2], false)!;
    expect(lo).toBeCloseTo(1.8 - 1.2 * DOMAIN_PADDING, 12);
    expect(hi).toBeCloseTo(3.0 + 1.2 * DOMAIN_PADDING, 12);
  });
  it('pads in log space on a log axis and ignores non-positive values there', () => {
    const [lo, hi] = paddedDomain([1e-3, 0, -1, 10], true)!;
    expect(Math.log10(lo)).toBeCloseTo(-3 - 4 * DOMAIN_PADDING, 12);
    expect(Math.log10(hi)).toBeCloseTo(1 + 4 * DOMAIN_PADDING, 12);
  });
  it('widens a zero span and skips non-finite values', () => {
    expect(paddedDomain([2, 2, NaN, Infinity], false)).toEqual([1.9, 2.1]);
    expect(paddedDomain([0], false)).toEqual([-1, 1]);
    const [lo, hi] = paddedDomain([5], true)!;
    expect(lo).toBeLessThan(5);
    expect(hi).toBeGreaterThan(5);
  });
  it('returns undefined when nothing is usable', () => {
    expect(paddedDomain([], false)).toBeUndefined();
    expect(paddedDomain([0, -2], true)).toBeUndefined();
  });
  it('strictly contains every value (a planted twin: the raw extent does not leave room)', () => {
    const values = [0.37, 0.42, 1.71, 1.89];
    const [lo, hi] = paddedDomain(values, false)!;
    for (const v of values) expect(v > lo && v < hi).toBe(true);
    const [rawLo, rawHi] = paddedDomain(values, false, 0)!;
    expect(values.every((v) => v > rawLo && v < rawHi)).toBe(false);
  });
});
