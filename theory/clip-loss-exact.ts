/**
 * Exact K-sample CLIP losses by enumeration (theory.md §1.2): for a similarity table S [nx × ny] (image × text),
 *   L_K^→(S) = E[−S(x, y_1) + log Σ_{j=1..K} e^{S(x, y_j)}],  (x, y_1) ∼ P, y_2..y_K i.i.d. ∼ P_tx,
 * and L_K^← the same with the text as anchor; the symmetric loss is their sum. Also the K = ∞ limit
 * L_∞^→(S) = −E S(x, y) + E_x log E_{y'} e^{S(x, y')} (theory.md §1.5). Cost nx·ny^K: refused above `maxTuples`.
 */
import type { Modality } from './model.js';
import { EnumerationTooLargeError } from './enumeration.js';
import { type ExactTables, assertNotNaN, densityRatio, pmiTable, tablesFrom, transposeTable } from './exact-tables.js';

/** Default cap on anchor × candidate-tuple evaluations of an exact K-sample loss. */
export const DEFAULT_MAX_TUPLES = 300_000_000;

/** Exact CLIP loss of both directions. */
export interface ClipLossValue {
  /** L_K^→ + L_K^←. */
  readonly symmetric: number;
  /** L_K^→ (image anchor, text candidates). */
  readonly imageAnchor: number;
  /** L_K^← (text anchor, image candidates). */
  readonly textAnchor: number;
}

/** Options of the exact losses. */
export interface ExactLossOptions {
  /** Cap on nx·ny^K (default 3e8). */
  maxTuples?: number;
}

/**
 * Refuses an exact K-sample loss whose anchor × candidate-tuple count nAnchor·nCandidate^K exceeds `maxTuples`
 * (EnumerationTooLargeError, field 'maxTuples'), from the shape alone: callers run it before any enumeration.
 */
export function checkTupleCount(nAnchor: number, nCandidate: number, K: number, maxTuples = DEFAULT_MAX_TUPLES): void {
  const cost = nAnchor * Math.pow(nCandidate, K);
  if (!(cost <= maxTuples)) {
    throw new EnumerationTooLargeError(
      'maxTuples',
      `exact K=${K} loss too large: ${nAnchor}·${nCandidate}^${K} = ${cost.toExponential(3)} tuples exceed the limit of ${maxTuples} (raise maxTuples / --max-tuples, or use the Monte Carlo estimator)`,
    );
  }
}

function orientSimilarity(t: ExactTables, similarity: Float64Array, anchor: Modality): Float64Array {
  if (similarity.length !== t.nx * t.ny) throw new RangeError(`similarity must be an [nx × ny] = [${t.nx} × ${t.ny}] table (got ${similarity.length} entries)`);
  return anchor === 'image' ? similarity : transposeTable(similarity, t.nx, t.ny);
}

/** Exact one-direction K-sample loss with `anchor` as the anchor modality; `similarity` is oriented image × text. */
export function exactOneDirectionLoss(t: ExactTables, similarity: Float64Array, K: number, anchor: Modality, opts: ExactLossOptions = {}): number {
  if (!Number.isInteger(K) || K < 1) throw new RangeError(`exactOneDirectionLoss: K must be an integer ≥ 1 (got ${K})`);
  const o = tablesFrom(t, anchor);
  const sim = orientSimilarity(t, similarity, anchor);
  const { nx, ny, S } = o;
  checkTupleCount(nx, ny, K, opts.maxTuples ?? DEFAULT_MAX_TUPLES);
  const prior = t.model.rootPrior;
  // candidates with positive probability
  const cand: number[] = [];
  for (let y = 0; y < ny; y++) if (o.py[y] !== 0) cand.push(y);
  const nc = cand.length;
  const w = new Float64Array(nc);
  cand.forEach((y, i) => (w[i] = o.py[y]));
  const a = new Float64Array(nc);
  const idx = new Int32Array(Math.max(K - 1, 0));
  let total = 0;
  for (let x = 0; x < nx; x++) {
    if (o.px[x] === 0) continue; // weight 0
    let m = -Infinity;
    for (let i = 0; i < nc; i++) if (sim[x * ny + cand[i]] > m) m = sim[x * ny + cand[i]];
    for (let i = 0; i < nc; i++) a[i] = Math.exp(sim[x * ny + cand[i]] - m);
    let rowLoss = 0;
    for (let i1 = 0; i1 < nc; i1++) {
      const y1 = cand[i1];
      const pj = o.px[x] * o.py[y1] * densityRatio(prior, o.postIm, x * S, o.postTx, y1 * S, S);
      if (pj === 0) continue; // an impossible pair: weight 0, whatever its similarity
      if (K === 1) continue; // −S + log e^S = 0 for every similarity (also S = −∞, where the form is ∞ − ∞)
      // E over K−1 i.i.d. negatives of log(a1 + Σ a_neg)
      let e = 0;
      if (K === 2) {
        for (let i2 = 0; i2 < nc; i2++) e += w[i2] * Math.log(a[i1] + a[i2]);
      } else if (K === 3) {
        for (let i2 = 0; i2 < nc; i2++) {
          let inner = 0;
          const b = a[i1] + a[i2];
          for (let i3 = 0; i3 < nc; i3++) inner += w[i3] * Math.log(b + a[i3]);
          e += w[i2] * inner;
        }
      } else {
        idx.fill(0);
        for (;;) {
          let sum = a[i1];
          let prob = 1;
          for (let k = 0; k < K - 1; k++) {
            sum += a[idx[k]];
            prob *= w[idx[k]];
          }
          e += prob * Math.log(sum);
          let k = 0;
          while (k < K - 1 && ++idx[k] === nc) idx[k++] = 0;
          if (k === K - 1) break;
        }
      }
      rowLoss += pj * (e + m - sim[x * ny + y1]);
    }
    total += rowLoss;
  }
  return assertNotNaN(total, `exactOneDirectionLoss (K = ${K}, ${anchor} anchor)`);
}

/** Exact symmetric K-sample loss (sum of both directions) at `similarity` (default: the PMI, i.e. the Bayes loss). */
export function exactClipLoss(t: ExactTables, K: number, similarity: Float64Array = pmiTable(t), opts: ExactLossOptions = {}): ClipLossValue {
  const imageAnchor = exactOneDirectionLoss(t, similarity, K, 'image', opts);
  const textAnchor = exactOneDirectionLoss(t, similarity, K, 'text', opts);
  return { symmetric: imageAnchor + textAnchor, imageAnchor, textAnchor };
}

/** The K = ∞ loss L_∞ of both directions (without the log K term): −E S + E_anchor log E_{candidate} e^S. */
export function infiniteKLoss(t: ExactTables, similarity: Float64Array): ClipLossValue {
  const dir = (anchor: Modality) => {
    const o = tablesFrom(t, anchor);
    const sim = orientSimilarity(t, similarity, anchor);
    const { nx, ny, S } = o;
    const prior = t.model.rootPrior;
    let total = 0;
    for (let x = 0; x < nx; x++) {
      if (o.px[x] === 0) continue;
      let m = -Infinity;
      for (let y = 0; y < ny; y++) if (o.py[y] !== 0 && sim[x * ny + y] > m) m = sim[x * ny + y];
      let z = 0;
      let es = 0;
      for (let y = 0; y < ny; y++) {
        if (o.py[y] === 0) continue;
        z += o.py[y] * Math.exp(sim[x * ny + y] - m);
        const pyx = o.py[y] * densityRatio(prior, o.postIm, x * S, o.postTx, y * S, S);
        if (pyx !== 0) es += pyx * sim[x * ny + y];
      }
      total += o.px[x] * (Math.log(z) + m - es);
    }
    return assertNotNaN(total, `infiniteKLoss (${anchor} anchor)`);
  };
  const imageAnchor = dir('image');
  const textAnchor = dir('text');
  return { symmetric: imageAnchor + textAnchor, imageAnchor, textAnchor };
}
