/**
 * Random finite-range encoders and encoder-factored similarities for the sufficiency claims (theory.md §10.1 items
 * 9–17): random encoders of several kinds (leaf, MAP root, root posterior, random coarsenings, constant, identity),
 * drawn from a per-model stream (`engine/model-rng.ts`) so a model's encoders are a function of the model, and
 * similarities S(x, y) = W[E_im(x), E_tx(y)] from an arbitrary class table W.
 */
import type { Modality } from '../../theory/model.js';
import type { Rng } from '../../theory/random.js';
import type { ExactTables } from '../../theory/exact-tables.js';
import { type FiniteEncoder, encoderFromKeys, leafEncoder, rootMapEncoder, rootPosteriorEncoder } from '../../theory/encoders.js';
import { identityEncoder, randomCoarsening } from './encoder-refinements.js';

/** Kinds of random encoders drawn by `randomEncoder`. */
export const ENCODER_KINDS = ['leaf', 'root-map', 'root-posterior', 'coarsening', 'constant', 'identity'] as const;

/** One random encoder of `modality`: a random kind among `ENCODER_KINDS` (coarsenings with 2..4 classes). */
export function randomEncoder(t: ExactTables, modality: Modality, rng: Rng): FiniteEncoder {
  const kind = ENCODER_KINDS[rng.int(ENCODER_KINDS.length)];
  const n = modality === 'image' ? t.nx : t.ny;
  const leaves = (modality === 'image' ? t.model.image : t.model.text).leaves;
  switch (kind) {
    case 'leaf':
      return leafEncoder(t, modality, rng.int(leaves));
    case 'root-map':
      return rootMapEncoder(t, modality);
    case 'root-posterior':
      return rootPosteriorEncoder(t, modality);
    case 'coarsening': {
      const classes = 2 + rng.int(3);
      return randomCoarsening(identityEncoder(t, modality), classes, rng, `${modality}:random-${classes}`);
    }
    case 'constant':
      return encoderFromKeys(`${modality}:constant`, modality, new Int32Array(n));
    case 'identity':
      return identityEncoder(t, modality);
  }
}

/** An arbitrary class table W [countIm × countTx] with i.i.d. N(0, scale²) entries. */
export function randomClassTable(countIm: number, countTx: number, scale: number, rng: Rng): Float64Array {
  return Float64Array.from({ length: countIm * countTx }, () => scale * rng.normal());
}

/** The similarity S(x, y) = W[E_im(x), E_tx(y)] as an [nx × ny] table (it factors through both encoders). */
export function classTableSimilarity(t: ExactTables, encIm: FiniteEncoder, encTx: FiniteEncoder, W: Float64Array): Float64Array {
  if (encIm.modality !== 'image' || encTx.modality !== 'text') throw new RangeError('classTableSimilarity: needs an image encoder and a text encoder');
  if (W.length !== encIm.count * encTx.count) throw new RangeError(`classTableSimilarity: W must be [${encIm.count} × ${encTx.count}]`);
  const out = new Float64Array(t.nx * t.ny);
  for (let x = 0; x < t.nx; x++) for (let y = 0; y < t.ny; y++) out[x * t.ny + y] = W[encIm.classes[x] * encTx.count + encTx.classes[y]];
  return out;
}

/** Adds i.i.d. N(0, scale²) noise to a table (a copy). */
export function perturbed(table: Float64Array, scale: number, rng: Rng): Float64Array {
  return Float64Array.from(table, (v) => v + scale * rng.normal());
}
