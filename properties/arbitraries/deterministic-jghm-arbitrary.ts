/**
 * fast-check arbitrary over deterministic JGHMs (flip probability p = 0: every kernel a permutation, so each leaf is a
 * deterministic, invertible function of the root) with a uniform root prior, sized for enumeration; their Bayes CLIP
 * loss has the closed form of computations/deterministic-tree-loss.ts.
 */
import fc from 'fast-check';
import { generatePaperJghm } from '../../theory/generators.js';
import { type Jghm, layerSizesOf } from '../../theory/model.js';

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
