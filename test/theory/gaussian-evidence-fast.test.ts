import { describe, expect, it } from 'vitest';
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { gaussianEvidence } from '../../theory/belief-propagation.js';
import { fastGaussianApplies, fillGaussianEvidence, gaussianEvidenceTable } from '../../theory/gaussian-evidence-fast.js';

/** Largest entrywise relative difference (entries below 1e-290 in both count as equal: they are underflow noise). */
function maxRel(a: Float64Array, b: Float64Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    if (Math.abs(a[i]) < 1e-290 && Math.abs(b[i]) < 1e-290) continue;
    d = Math.max(d, Math.abs(a[i] - b[i]) / Math.abs(b[i]));
  }
  return Number.isNaN(d) ? Infinity : d;
}

function fast(S: number, sigma: number, z: number[]): Float64Array {
  const table = gaussianEvidenceTable(S, sigma);
  const out = new Float64Array(z.length * S);
  z.forEach((v, t) => fillGaussianEvidence(table, v, out, t * S));
  return out;
}

describe('fast Gaussian evidence (slow twin: gaussianEvidence)', () => {
  fcTest.prop(
    [fc.integer({ min: 2, max: 12 }), fc.double({ min: 0.25, max: 4, noNaN: true }), fc.array(fc.double({ min: -6, max: 18, noNaN: true }), { minLength: 1, maxLength: 8 })],
    { numRuns: 200 },
  )('agrees entrywise to 1e-12 relative, one exp per leaf where it applies', (S, sigma, z) => {
    const slow = gaussianEvidence(S, z.length, Float64Array.from(z), sigma).data;
    expect(maxRel(fast(S, sigma, z), slow)).toBeLessThanOrEqual(1e-12);
  });

  it('falls back to the direct formula (bit for bit) when the recurrence could overflow', () => {
    const table = gaussianEvidenceTable(10, 0.05);
    expect(fastGaussianApplies(table)).toBe(false);
    expect(fastGaussianApplies(gaussianEvidenceTable(10, 1))).toBe(true);
    const z = [-0.3, 4.49, 9.7, 20];
    expect(Array.from(fast(10, 0.05, z))).toEqual(Array.from(gaussianEvidence(10, 4, Float64Array.from(z), 0.05).data));
  });

  it('NaN z gives a NaN vector, and σ ≤ 0 is refused naming sigma', () => {
    expect(Array.from(fast(3, 1, [NaN])).every(Number.isNaN)).toBe(true);
    expect(() => gaussianEvidenceTable(3, 0)).toThrow(/sigma must be > 0/);
  });

  it('planted twin: σ off by 1e-9 relative is detected', () => {
    const z = [0.2, 2.7, -1.1];
    const slow = gaussianEvidence(5, 3, Float64Array.from(z), 1);
    expect(maxRel(fast(5, 1 + 1e-9, z), slow.data)).toBeGreaterThan(1e-12);
  });
});
