/**
 * Random finite-range encoders and encoder-factored similarities for the sufficiency claims (theory.md §10.1 items
 * 9–17): a per-model random stream (so a model's encoders are a function of the model, and fast-check shrinking and
 * replay see the same encoders), random encoders of several kinds (leaf, MAP root, root posterior, random
 * coarsenings, constant, identity), similarities S(x, y) = W[E_im(x), E_tx(y)] from an arbitrary class table W,
 * density-ratio tables, and a categorical sampler.
 */
import type { Modality, Jghm } from '../../theory/model.js';
import { jghmToJson } from '../../theory/model-format.js';
import type { Rng } from '../../theory/random.js';
import { type ExactTables, densityRatio, tablesFrom } from '../../theory/exact-tables.js';
import { type FiniteEncoder, encoderFromKeys, leafEncoder, rootMapEncoder, rootPosteriorEncoder } from '../../theory/encoders.js';
import { encoderRootLaw } from '../../theory/information.js';

/** A random stream that depends only on `rng`'s seed material and the model (same model → same stream). */
export function modelStream(rng: Rng, model: Jghm, label = 'model'): Rng {
  return rng.split(`${label}:${JSON.stringify(jghmToJson(model))}`);
}

/** E(x) = a uniformly random class in 0..classes−1 for every configuration (a random function; dense relabelling). */
export function randomCoarsening(t: ExactTables, modality: Modality, classes: number, rng: Rng): FiniteEncoder {
  const n = modality === 'image' ? t.nx : t.ny;
  const keys = new Int32Array(n);
  for (let x = 0; x < n; x++) keys[x] = rng.int(classes);
  return encoderFromKeys(`${modality}:random-${classes}`, modality, keys);
}

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
    case 'coarsening':
      return randomCoarsening(t, modality, 2 + rng.int(3), rng);
    case 'constant':
      return encoderFromKeys(`${modality}:constant`, modality, new Int32Array(n));
    case 'identity':
      return encoderFromKeys(`${modality}:identity`, modality, Int32Array.from({ length: n }, (_, x) => x));
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

/**
 * Density-ratio tables seen from the encoder's side (anchor = the encoded modality, candidates = the other):
 * r[a·nc + c] = r(a, c) and rE[a·nc + c] = r_E(E(a), c) = E[r(a', c) | E(a') = E(a)], with na anchors and nc candidates.
 */
export function ratioTables(t: ExactTables, enc: FiniteEncoder): { na: number; nc: number; pa: Float64Array; pc: Float64Array; r: Float64Array; rE: Float64Array } {
  const o = tablesFrom(t, enc.modality);
  const { postE } = encoderRootLaw(t, enc);
  const S = t.S;
  const prior = t.model.rootPrior;
  const r = new Float64Array(o.nx * o.ny);
  const rE = new Float64Array(o.nx * o.ny);
  for (let a = 0; a < o.nx; a++) {
    for (let c = 0; c < o.ny; c++) {
      r[a * o.ny + c] = o.px[a] > 0 ? densityRatio(prior, o.postIm, a * S, o.postTx, c * S, S) : 0;
      rE[a * o.ny + c] = o.px[a] > 0 ? densityRatio(prior, postE, enc.classes[a] * S, o.postTx, c * S, S) : 0;
    }
  }
  return { na: o.nx, nc: o.ny, pa: o.px, pc: o.py, r, rE };
}

/** Inverse-CDF sampler of a finite distribution (weights ≥ 0, not all 0). */
export class CategoricalSampler {
  private readonly cdf: Float64Array;
  private readonly last: number;

  /** Builds the sampler; throws a RangeError naming `weights` when they are negative or sum to 0. */
  constructor(weights: ArrayLike<number>) {
    this.cdf = new Float64Array(weights.length);
    let acc = 0;
    let last = -1;
    for (let i = 0; i < weights.length; i++) {
      if (!(weights[i] >= 0)) throw new RangeError(`CategoricalSampler: weights[${i}] must be ≥ 0 (got ${weights[i]})`);
      acc += weights[i];
      this.cdf[i] = acc;
      if (weights[i] > 0) last = i;
    }
    if (!(acc > 0)) throw new RangeError('CategoricalSampler: weights must have a positive sum');
    for (let i = 0; i < this.cdf.length; i++) this.cdf[i] /= acc;
    this.last = last;
  }

  /** One draw (an index with positive weight). */
  sample(rng: Rng): number {
    const u = rng.uniform();
    let lo = 0;
    let hi = this.last;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cdf[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/**
 * True when every kernel entry of both trees is exactly 0 or ≥ `minPositive` (default 1e-12). The adversarial
 * arbitrary (exact zeros) also produces subnormal entries such as 5.6e-309, on which theory/belief-propagation's
 * max-1 rescaling computes 1/max = Infinity and returns NaN likelihoods (reported to the lead); the sufficiency
 * claims are about the mathematics, so their adversarial regime is "exact zeros, other entries ≥ 1e-12".
 */
export function kernelsZeroOrAtLeast(model: Jghm, minPositive = 1e-12): boolean {
  for (const tree of [model.image, model.text]) {
    for (const layer of tree.kernels) for (const v of layer) if (v !== 0 && v < minPositive) return false;
  }
  return true;
}
