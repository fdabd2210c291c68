/**
 * The right-hand side of theory.md §1.4 by plain enumeration: with a latent uniform index I of the positive among K
 * candidates, x ∼ P_im and y_1..y_K from the mixture law p(x)Π_j p(y_j)·(1/K)Σ_i r(x, y_i), the posterior of I is
 * w*_j = r(x, y_j)/Σ_l r(x, y_l), and
 *   E KL(w* ‖ softmax_j S(x, y_j))
 * is summed over every anchor and every K-tuple of candidates. It shares no code with theory/clip-loss-exact.ts (a
 * different formula for the same number), so the two are each other's twin. Cost nx·ny^K.
 */
import type { Modality } from '../../theory/model.js';
import { type ExactTables, densityRatio, tablesFrom, transposeTable } from '../../theory/exact-tables.js';

/** E KL(w* ‖ softmax S) over the mixture law, by enumeration; `similarity` is [nx × ny] image × text. */
export function expectedPositiveIndexKl(t: ExactTables, similarity: Float64Array, K: number, anchor: Modality): number {
  if (!Number.isInteger(K) || K < 1) throw new RangeError(`expectedPositiveIndexKl: K must be an integer ≥ 1 (got ${K})`);
  if (similarity.length !== t.nx * t.ny) throw new RangeError(`expectedPositiveIndexKl: similarity must be [${t.nx} × ${t.ny}]`);
  const o = tablesFrom(t, anchor);
  const sim = anchor === 'image' ? similarity : transposeTable(similarity, t.nx, t.ny);
  const { nx, ny, S } = o;
  const prior = t.model.rootPrior;
  const cand: number[] = [];
  for (let y = 0; y < ny; y++) if (o.py[y] > 0) cand.push(y);
  const nc = cand.length;
  const r = new Float64Array(nc); // r(x, y)
  const rs = new Float64Array(nc); // r·(log r − S), 0 where r = 0 (the w* log w* terms, up to normalisation)
  const e = new Float64Array(nc); // e^{S − max S}
  const w = new Float64Array(nc); // p(y)
  cand.forEach((y, i) => (w[i] = o.py[y]));
  const idx = new Int32Array(K);
  let total = 0;
  for (let x = 0; x < nx; x++) {
    if (!(o.px[x] > 0)) continue;
    let m = -Infinity;
    for (let i = 0; i < nc; i++) m = Math.max(m, sim[x * ny + cand[i]]);
    for (let i = 0; i < nc; i++) {
      const si = sim[x * ny + cand[i]];
      r[i] = densityRatio(prior, o.postIm, x * S, o.postTx, cand[i] * S, S);
      rs[i] = r[i] > 0 ? r[i] * (Math.log(r[i]) - si) : 0;
      e[i] = Math.exp(si - m);
    }
    idx.fill(0);
    for (;;) {
      // one anchor and one K-tuple of candidates: weight p(x)Πp(y_j)·(1/K)Σ r(x, y_j), and
      // KL(w* ‖ softmax S) = Σ_j w*_j (log w*_j − S_j + log Σ_l e^{S_l}) with w*_j = r_j/Σ r
      let prob = o.px[x];
      let rSum = 0;
      let rsSum = 0;
      let eSum = 0;
      for (let j = 0; j < K; j++) {
        const i = idx[j];
        prob *= w[i];
        rSum += r[i];
        rsSum += rs[i];
        eSum += e[i];
      }
      if (rSum > 0 && prob > 0) {
        const kl = rsSum / rSum - Math.log(rSum) + m + Math.log(eSum);
        total += ((prob * rSum) / K) * kl;
      }
      let k = 0;
      while (k < K && ++idx[k] === nc) idx[k++] = 0;
      if (k === K) break;
    }
  }
  return total;
}
