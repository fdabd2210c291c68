/**
 * Random JGHMs for the learned-model claims: the paper's construction (theory.md §4.3; `generatePaperJghm`) with a
 * random generator seed and a random flip probability, at a shape small enough to enumerate both trees exactly, so
 * that every quantity of a TRAINED similarity (its K = ∞ CLIP excess, its zero-shot classifier, a probe's KL to the
 * BP root posterior) is computed exactly over all leaf configurations. The only randomness left in a learned claim is
 * the model draw and the training seeds.
 *
 * The paper's construction shares its permutations and noise matrices across p for one generator seed, so a model
 * can be regenerated at another flip probability (`atFlipProbability`), which the out-of-distribution claim uses.
 */
import fc from 'fast-check';
import { generatePaperJghm } from '../../theory/generators.js';
import type { Jghm } from '../../theory/model.js';

/** Shape and flip-probability grid of a learned-claim model family. */
export interface LearnedFamily {
  /** States S. */
  readonly states: number;
  /** Branching per layer of both trees (depth L = its length). */
  readonly branching: readonly number[];
  /** Flip probabilities the arbitrary draws from. */
  readonly flips: readonly number[];
}

/** The quick-tier family: S = 3, depth L = 2, 2 children (4 leaves, 81 configurations per modality). */
export const QUICK_FAMILY: LearnedFamily = { states: 3, branching: [2, 2], flips: [0.05, 0.1, 0.15, 0.2] };

/** Generator parameters of a learned-claim model. */
export interface LearnedModelParams {
  readonly family: LearnedFamily;
  readonly generatorSeed: number;
  readonly p: number;
}

const PARAMS = new WeakMap<Jghm, LearnedModelParams>();

/** The paper-construction JGHM of a family at generator seed and flip probability p. */
export function learnedModel(family: LearnedFamily, generatorSeed: number, p: number): Jghm {
  const model = generatePaperJghm({
    states: family.states,
    imageBranching: family.branching,
    p,
    seed: generatorSeed,
    name: `paper construction S=${family.states} branching=${family.branching.join(',')} p=${p} seed=${generatorSeed}`,
  });
  PARAMS.set(model, { family, generatorSeed, p });
  return model;
}

/** The generator parameters of a model made by `learnedModel` (throws for any other model). */
export function learnedParams(model: Jghm): LearnedModelParams {
  const p = PARAMS.get(model);
  if (!p) throw new Error('learnedParams: the model was not made by learnedModel');
  return p;
}

/** The same kernels' family member at another flip probability (same permutations and noise matrices). */
export function atFlipProbability(model: Jghm, p: number): Jghm {
  const params = learnedParams(model);
  return learnedModel(params.family, params.generatorSeed, p);
}

/** Depth L of the family's trees. */
export function familyDepth(family: LearnedFamily): number {
  return family.branching.length;
}

/** fast-check arbitrary over the family: a random generator seed and a random flip probability from its grid. */
export function learnedJghmArbitrary(family: LearnedFamily = QUICK_FAMILY): fc.Arbitrary<Jghm> {
  return fc
    .record({ generatorSeed: fc.integer({ min: 1, max: 1_000_000 }), p: fc.constantFrom(...family.flips) })
    .map(({ generatorSeed, p }) => learnedModel(family, generatorSeed, p));
}
