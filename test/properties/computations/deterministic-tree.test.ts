import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { deterministicJghmArbitrary } from '../../../properties/arbitraries/deterministic-jghm-arbitrary.js';
import { deterministicTreeBayesLoss } from '../../../properties/computations/deterministic-tree-loss.js';

/** Slow twin: enumerate the roots of the K−1 negatives (each equals the positive's root w.p. 1/S). */
function bruteForce(K: number, S: number): number {
  let e = 0;
  const n = Math.pow(S, K - 1);
  for (let a = 0; a < n; a++) {
    let same = 0;
    for (let r = a, j = 0; j < K - 1; j++, r = Math.floor(r / S)) if (r % S === 0) same++;
    e += Math.log(1 + same) / n;
  }
  return 2 * e;
}

describe('deterministicTreeBayesLoss', () => {
  it('equals the enumeration over negative roots', () => {
    for (const [K, S] of [[1, 2], [2, 2], [3, 3], [4, 10], [5, 4]]) expect(Math.abs(deterministicTreeBayesLoss(K, S) - bruteForce(K, S))).toBeLessThan(1e-13);
  });
  it("gives theory.md's 0.39897 at K = 4, S = 10", () => {
    expect(Math.abs(deterministicTreeBayesLoss(4, 10) - 0.39897)).toBeLessThan(5e-6);
  });
  it('rejects bad K and S naming the function', () => {
    expect(() => deterministicTreeBayesLoss(0, 3)).toThrow(/deterministicTreeBayesLoss: K/);
    expect(() => deterministicTreeBayesLoss(2, 1)).toThrow(/deterministicTreeBayesLoss: S/);
  });
  it('the arbitrary yields permutation kernels and a uniform prior', () => {
    fc.assert(
      fc.property(deterministicJghmArbitrary(), (m) => {
        const S = m.states;
        const uniform = Array.from(m.rootPrior).every((p) => Math.abs(p - 1 / S) < 1e-15);
        const perms = [m.image, m.text].every((t) =>
          t.kernels.every((k) => {
            for (let r = 0; r < S; r++) {
              const row = Array.from(k.subarray(r * S, (r + 1) * S));
              if (row.filter((v) => v === 1).length !== 1 || row.some((v) => v !== 0 && v !== 1)) return false;
            }
            for (let c = 0; c < S; c++) {
              let col = 0;
              for (let r = 0; r < S; r++) col += k[r * S + c];
              if (col !== 1) return false;
            }
            return true;
          }),
        );
        return uniform && perms;
      }),
      { numRuns: 30 },
    );
  });
});
