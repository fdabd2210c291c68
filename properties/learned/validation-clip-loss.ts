/**
 * A held-out validation set for early stopping, and its CLIP loss under a learned similarity table. The pairs are
 * stored as configuration indices (enumeration order, `configurationIndex`), so the loss of any snapshot is read off
 * its similarity table without running the encoders.
 *
 * The loss uses only the data: every validation text is a candidate for every validation image (and vice versa), as in
 * an in-batch CLIP loss over the whole set (K = m, the positive included), averaged over both directions:
 *   ℓ = (1/m) Σ_i [log (1/m) Σ_j e^{S(x_i, y_j)} − S(x_i, y_i)] + (1/m) Σ_i [log (1/m) Σ_j e^{S(x_j, y_i)} − S(x_i, y_i)].
 * It estimates the K = ∞ loss L_∞(S) (both anchors) with an O(1/m) bias that does not depend on the snapshot's
 * quality beyond second order, so its minimiser over snapshots tracks the minimiser of the exact excess.
 */
import { configurationIndex } from '../../theory/enumeration.js';
import type { Jghm } from '../../theory/model.js';
import type { Rng } from '../../theory/random.js';
import { samplePairs } from '../../theory/sampling.js';

/** m validation pairs as (image configuration, text configuration) indices. */
export interface ValidationPairs {
  readonly image: Int32Array;
  readonly text: Int32Array;
}

/**
 * How the pairs of a data set are formed: `joint` = image and text of a pair share their root (the JGHM); `shuffled` =
 * the texts are randomly permuted across pairs (labels shuffled: image and text independent), the planted failing
 * twin of the sample-complexity claim.
 */
export type Pairing = 'joint' | 'shuffled';

/** Draws m validation pairs from `rng` (pairs from `samplePairs`; texts permuted when `pairing` is `shuffled`). */
export function drawValidationPairs(model: Jghm, m: number, rng: Rng, pairing: Pairing = 'joint'): ValidationPairs {
  if (!Number.isSafeInteger(m) || m < 2) throw new RangeError(`drawValidationPairs: m must be an integer ≥ 2, got ${String(m)}`);
  const pairs = samplePairs(model, m, rng.split('pairs'));
  const order = pairing === 'shuffled' ? rng.split('shuffle').permutation(m) : null;
  const S = model.states;
  const image = new Int32Array(m);
  const text = new Int32Array(m);
  const li = pairs.image.leaves;
  const lt = pairs.text.leaves;
  for (let i = 0; i < m; i++) {
    const j = order ? order[i] : i;
    image[i] = configurationIndex(S, pairs.image.data.subarray(i * li, (i + 1) * li));
    text[i] = configurationIndex(S, pairs.text.data.subarray(j * lt, (j + 1) * lt));
  }
  return { image, text };
}

/** The in-set CLIP loss of the validation pairs under `similarity` ([nx × ny], enumeration order), both directions. */
export function validationClipLoss(similarity: Float64Array, ny: number, v: ValidationPairs): number {
  const m = v.image.length;
  if (v.text.length !== m || m < 1) throw new RangeError('validationClipLoss: image and text index arrays must have the same positive length');
  const s = new Float64Array(m * m); // s[i * m + j] = S(x_i, y_j)
  for (let i = 0; i < m; i++) {
    const row = v.image[i] * ny;
    for (let j = 0; j < m; j++) s[i * m + j] = similarity[row + v.text[j]];
  }
  const logMeanExp = (get: (j: number) => number) => {
    let mx = -Infinity;
    for (let j = 0; j < m; j++) mx = Math.max(mx, get(j));
    let z = 0;
    for (let j = 0; j < m; j++) z += Math.exp(get(j) - mx);
    return mx + Math.log(z / m);
  };
  let total = 0;
  for (let i = 0; i < m; i++) {
    const pos = s[i * m + i];
    total += logMeanExp((j) => s[i * m + j]) - pos; // image anchor
    total += logMeanExp((j) => s[j * m + i]) - pos; // text anchor
  }
  return total / m;
}
