/**
 * Deterministic JGHMs (flip probability p = 0: every kernel a permutation, so each leaf is a deterministic, invertible
 * function of the root) with a uniform root prior, and their closed-form symmetric Bayes CLIP loss
 * 2·E log(1 + Bin(K−1, 1/S)) (theory.md §1.5 item 3): the positive's posterior is the root, each independent negative
 * has the same root with probability 1/S, and then it is indistinguishable from the positive.
 */
import fc from 'fast-check';
import { generatePaperJghm } from '../../theory/generators.js';
import { type Jghm, layerSizesOf } from '../../theory/model.js';
import { binomialPmf } from '../statistics/index.js';

/** 2·E log(1 + Bin(K−1, 1/S)), summed exactly over the binomial law. */
export function deterministicTreeBayesLoss(K: number, S: number): number {
  if (!Number.isInteger(K) || K < 1) throw new RangeError(`deterministicTreeBayesLoss: K must be an integer ≥ 1 (got ${K})`);
  if (!Number.isInteger(S) || S < 2) throw new RangeError(`deterministicTreeBayesLoss: S must be an integer ≥ 2 (got ${S})`);
  let e = 0;
  for (let k = 0; k <= K - 1; k++) e += binomialPmf(k, K - 1, 1 / S) * Math.log(1 + k);
  return 2 * e;
}

/** Options of `deterministicJghmArbitrary`. */
export interface DeterministicJghmOptions {
  /** Largest number of states (default 4). */
  maxStates?: number;
  /** Largest number of leaf configurations S^leaves per tree (default 81). */
  maxConfigurations?: number;
}

function branchingArb(S: number, maxConfigurations: number): fc.Arbitrary<number[]> {
  return fc
    .integer({ min: 1, max: 3 })
    .chain((depth) => fc.array(fc.integer({ min: 1, max: 3 }), { minLength: depth, maxLength: depth }))
    .filter((b) => {
      const sizes = layerSizesOf(b);
      return Math.pow(S, sizes[sizes.length - 1]) <= maxConfigurations;
    });
}

/**
 * Small deterministic JGHMs by the paper's construction at p = 0 (theory/generators.ts), uniform prior: random
 * states, per-tree shapes, per-layer or per-edge permutations, and generator seed.
 */
export function deterministicJghmArbitrary(options: DeterministicJghmOptions = {}): fc.Arbitrary<Jghm> {
  const maxStates = options.maxStates ?? 4;
  const maxConfigurations = options.maxConfigurations ?? 81;
  return fc.integer({ min: 2, max: maxStates }).chain((S) =>
    fc
      .record({
        imageBranching: branchingArb(S, maxConfigurations),
        textBranching: branchingArb(S, maxConfigurations),
        perEdge: fc.boolean(),
        seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      })
      .map((r) => generatePaperJghm({ states: S, imageBranching: r.imageBranching, textBranching: r.textBranching, p: 0, perEdge: r.perEdge, seed: r.seed, name: 'deterministic fast-check model' })),
  );
}
