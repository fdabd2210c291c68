/**
 * The closed-form symmetric Bayes CLIP loss 2·E log(1 + Bin(K−1, 1/S)) of a deterministic JGHM (flip probability
 * p = 0: every kernel a permutation, so each leaf is a deterministic, invertible function of the root) with a uniform
 * root prior (theory.md §1.5 item 3; the models: arbitraries/deterministic-jghm-arbitrary.ts): the positive's
 * posterior is the root, each independent negative has the same root with probability 1/S, and then it is
 * indistinguishable from the positive.
 */
import { binomialPmf } from '../statistics/index.js';

/** 2·E log(1 + Bin(K−1, 1/S)), summed exactly over the binomial law. */
export function deterministicTreeBayesLoss(K: number, S: number): number {
  if (!Number.isInteger(K) || K < 1) throw new RangeError(`deterministicTreeBayesLoss: K must be an integer ≥ 1 (got ${K})`);
  if (!Number.isInteger(S) || S < 2) throw new RangeError(`deterministicTreeBayesLoss: S must be an integer ≥ 2 (got ${S})`);
  let e = 0;
  for (let k = 0; k <= K - 1; k++) e += binomialPmf(k, K - 1, 1 / S) * Math.log(1 + k);
  return 2 * e;
}
