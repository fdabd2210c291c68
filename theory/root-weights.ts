/**
 * The downward message into the root for cross-modal conditioning: ψ_r ⊙ (the other tree's root likelihood), which is
 * proportional to the other tree's root posterior, so the fast root-posterior path (root-posterior-fast.ts) provides
 * it. The general BP forms ψ_r(s)·message(s) instead; the two agree up to rounding (the scale cancels: every
 * downward message is rescaled to max 1).
 */
import { type Jghm, type Modality } from './model.js';
import type { LeafBatch } from './sampling.js';
import { rootPosteriors } from './root-posterior-fast.js';

/** The other modality. */
export function otherModality(modality: Modality): Modality {
  return modality === 'image' ? 'text' : 'image';
}

/**
 * Per-sample root weights [n × S] ∝ ψ_r ⊙ p(other leaves | root): the other tree's root posteriors when `other` is
 * given (it must have `n` samples), else ψ_r repeated n times.
 */
export function crossModalRootWeights(model: Jghm, modality: Modality, n: number, other: LeafBatch | undefined, fn: string): Float64Array {
  const S = model.states;
  if (other === undefined) {
    const out = new Float64Array(n * S);
    for (let i = 0; i < n; i++) out.set(model.rootPrior, i * S);
    return out;
  }
  if (other.n !== n) throw new RangeError(`${fn}: the ${otherModality(modality)} leaves have ${other.n} samples, the ${modality} data ${n}`);
  return rootPosteriors(model, otherModality(modality), other);
}
