import { describe, expect, it } from 'vitest';
import { chiSquareGoodnessOfFit } from '../../properties/statistics/index.js';
import { Rng } from '../../theory/random.js';
import { TEST_SEED } from '../setup.js';

describe('Rng', () => {
  it('same seed and path give the same stream; different labels differ', () => {
    const a = Rng.fromSeed(42).split('x');
    const b = Rng.fromSeed(42).split('x');
    const c = Rng.fromSeed(42).split('y');
    const xs = Array.from({ length: 5 }, () => a.nextUint32());
    expect(xs).toEqual(Array.from({ length: 5 }, () => b.nextUint32()));
    expect(xs).not.toEqual(Array.from({ length: 5 }, () => c.nextUint32()));
  });

  it('children do not depend on how much the parent has drawn', () => {
    const p = Rng.fromSeed(9);
    const before = p.split('child').uniform();
    p.uniform();
    p.uniform();
    expect(p.split('child').uniform()).toBe(before);
  });

  it('state round-trips (checkpoints)', () => {
    const r = Rng.fromSeed(1);
    r.uniform();
    const s = r.getState();
    const x = r.uniform();
    r.setState(s);
    expect(r.uniform()).toBe(x);
    expect(() => r.setState([1, 2])).toThrow(/setState/);
  });

  it('int(n) is uniform (chi-square, false-fail 1e-6)', () => {
    const r = Rng.fromSeed(TEST_SEED).split('int');
    const counts = new Float64Array(7);
    for (let i = 0; i < 70_000; i++) counts[r.int(7)]++;
    expect(chiSquareGoodnessOfFit(counts, new Float64Array(7).fill(1 / 7), { falseFailureRate: 1e-6 }).passed).toBe(true);
  });

  it('normal and gamma have the right first two moments (6-sigma bounds, false-fail < 1e-8 each)', () => {
    const r = Rng.fromSeed(TEST_SEED).split('moments');
    const n = 100_000;
    let m = 0;
    let m2 = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      m += z;
      m2 += z * z;
    }
    expect(Math.abs(m / n)).toBeLessThan(6 / Math.sqrt(n));
    expect(Math.abs(m2 / n - 1)).toBeLessThan(6 * Math.sqrt(2 / n));
    let g = 0;
    for (let i = 0; i < n; i++) g += r.gamma(0.5);
    expect(Math.abs(g / n - 0.5)).toBeLessThan(6 * Math.sqrt(0.5 / n));
  });

  it('rejects bad seeds, naming the argument', () => {
    expect(() => Rng.fromSeed(-1)).toThrow(/seed must be a non-negative integer/);
    expect(() => Rng.fromSeed(1.5)).toThrow(/seed/);
  });
});
