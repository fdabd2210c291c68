/**
 * Monte Carlo K-sample CLIP losses of arbitrary similarities on SHARED draws (for paired comparisons), in the paper's
 * convention (theory.md §1.2; the same layout as `bayesClipRisk` in theory/monte-carlo.ts): per sample, direction 1
 * scores a fresh pair (x, y) against K−1 fresh independent texts, direction 2 scores another fresh pair against
 * K−1 fresh independent images. Similarities are functions of the two root posteriors (π_x, π_y), which covers
 * PMI = log Σ_s π_x(s)π_y(s)/ψ_r(s) and its perturbations; the root posteriors are computed once by the fast path.
 */
import type { Jghm } from '../../theory/model.js';
import type { Rng } from '../../theory/random.js';
import { densityRatio } from '../../theory/exact-tables.js';
import { rootPosteriors } from '../../theory/root-posterior-fast.js';
import { sampleMarginal, samplePairs } from '../../theory/sampling.js';

/** A similarity of an image and a text given by their root posteriors: rows `imOff`, `txOff` (offsets) of the arrays. */
export type PosteriorSimilarity = (postIm: Float64Array, imOff: number, postTx: Float64Array, txOff: number) => number;

/** Root posteriors of n K-sample tuples of both directions. */
export interface ClipPosteriorTuples {
  /** Samples. */
  readonly n: number;
  /** Candidates per tuple. */
  readonly K: number;
  /** States. */
  readonly S: number;
  /** Direction 1 (image anchor): anchor images [n × S], positive texts [n × S], negative texts [n(K−1) × S]. */
  readonly d1: { readonly anchor: Float64Array; readonly positive: Float64Array; readonly negatives: Float64Array };
  /** Direction 2 (text anchor): anchor texts, positive images, negative images. */
  readonly d2: { readonly anchor: Float64Array; readonly positive: Float64Array; readonly negatives: Float64Array };
}

/** Draws the tuples (sub-streams 'direction1', 'direction2', 'negative-texts', 'negative-images' of `rng`). */
export function sampleClipPosteriorTuples(model: Jghm, n: number, K: number, rng: Rng): ClipPosteriorTuples {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`sampleClipPosteriorTuples: n must be an integer ≥ 2 (got ${n})`);
  if (!Number.isInteger(K) || K < 2) throw new RangeError(`sampleClipPosteriorTuples: K must be an integer ≥ 2 (got ${K})`);
  const a = samplePairs(model, n, rng.split('direction1'));
  const b = samplePairs(model, n, rng.split('direction2'));
  const negTx = sampleMarginal(model, 'text', n * (K - 1), rng.split('negative-texts'));
  const negIm = sampleMarginal(model, 'image', n * (K - 1), rng.split('negative-images'));
  return {
    n,
    K,
    S: model.states,
    d1: { anchor: rootPosteriors(model, 'image', a.image), positive: rootPosteriors(model, 'text', a.text), negatives: rootPosteriors(model, 'text', negTx) },
    d2: { anchor: rootPosteriors(model, 'text', b.text), positive: rootPosteriors(model, 'image', b.image), negatives: rootPosteriors(model, 'image', negIm) },
  };
}

/** Per-sample losses of one similarity: each direction and their sum (the symmetric loss). */
export interface ClipLossSamples {
  /** −log softmax of the positive, image anchor. */
  readonly imageAnchor: Float64Array;
  /** Same, text anchor. */
  readonly textAnchor: Float64Array;
  /** Their sum. */
  readonly symmetric: Float64Array;
}

function oneDirection(t: ClipPosteriorTuples, dir: 'd1' | 'd2', sim: PosteriorSimilarity): Float64Array {
  const { n, K, S } = t;
  const { anchor, positive, negatives } = t[dir];
  const out = new Float64Array(n);
  const v = new Float64Array(K);
  // similarity is oriented (image, text): direction 2 has the text as anchor
  const s = dir === 'd1' ? (ao: number, arr: Float64Array, o: number) => sim(anchor, ao, arr, o) : (ao: number, arr: Float64Array, o: number) => sim(arr, o, anchor, ao);
  for (let i = 0; i < n; i++) {
    v[0] = s(i * S, positive, i * S);
    let m = v[0];
    for (let j = 1; j < K; j++) {
      v[j] = s(i * S, negatives, (i * (K - 1) + j - 1) * S);
      if (v[j] > m) m = v[j];
    }
    let z = 0;
    for (let j = 0; j < K; j++) z += Math.exp(v[j] - m);
    out[i] = m + Math.log(z) - v[0];
  }
  return out;
}

/** Per-sample CLIP losses of `sim` on the shared tuples. */
export function clipLossSamples(t: ClipPosteriorTuples, sim: PosteriorSimilarity): ClipLossSamples {
  const imageAnchor = oneDirection(t, 'd1', sim);
  const textAnchor = oneDirection(t, 'd2', sim);
  return { imageAnchor, textAnchor, symmetric: imageAnchor.map((v, i) => v + textAnchor[i]) };
}

/** The Bayes similarity PMI(x, y) = log Σ_s π_x(s)π_y(s)/ψ_r(s) of `model`. */
export function pmiOfPosteriors(model: Jghm): PosteriorSimilarity {
  const prior = model.rootPrior;
  const S = model.states;
  return (pi, io, pt, to) => Math.log(densityRatio(prior, pi, io, pt, to, S));
}
