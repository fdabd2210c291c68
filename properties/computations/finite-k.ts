/**
 * Finite-K quantities of theory.md §2.2 (T2) for an encoder E of one modality (anchor = the encoded modality):
 *   G_K = E[φ(R̄_K, S̄_K)],  R̄_K = (1/K) Σ_j r(x, y_j),  S̄_K = (1/K) Σ_j r_E(E(x), y_j),
 * x ∼ P_anchor, y_1..y_K i.i.d. ∼ P_candidate (all candidates from the marginal), exactly by enumeration of all
 * K-tuples (cost na·nc^K) and by Monte Carlo; and a Monte Carlo estimate of the one-direction excess
 * L_K(S_E) − L_K(PMI) from its per-sample definition (positive pair from the joint, K − 1 negatives from the marginal).
 * Both read the density-ratio tables r and r_E (`ratioTables`).
 */
import { EnumerationTooLargeError } from '../../theory/enumeration.js';
import { type ExactTables, densityRatio, tablesFrom } from '../../theory/exact-tables.js';
import type { FiniteEncoder } from '../../theory/encoders.js';
import { encoderRootLaw, phi } from '../../theory/information.js';
import type { Rng } from '../../theory/random.js';
import { CategoricalSampler } from './categorical-sampler.js';

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

/** Exact G_K by enumeration over x and all K-tuples of candidates (refused above `maxTuples` = na·nc^K). */
export function exactGK(t: ExactTables, enc: FiniteEncoder, K: number, maxTuples = 5e7): number {
  if (!Number.isInteger(K) || K < 1) throw new RangeError(`exactGK: K must be an integer ≥ 1 (got ${K})`);
  const { na, nc, pa, pc, r, rE } = ratioTables(t, enc);
  const cand: number[] = [];
  for (let c = 0; c < nc; c++) if (pc[c] > 0) cand.push(c);
  const m = cand.length;
  if (na * Math.pow(m, K) > maxTuples) throw new EnumerationTooLargeError('maxTuples', `exactGK: ${na}·${m}^${K} tuples exceed ${maxTuples}`);
  const idx = new Int32Array(K);
  let total = 0;
  for (let a = 0; a < na; a++) {
    if (!(pa[a] > 0)) continue;
    const row = a * nc;
    let acc = 0;
    idx.fill(0);
    for (;;) {
      let R = 0;
      let Se = 0;
      let p = 1;
      for (let j = 0; j < K; j++) {
        const c = cand[idx[j]];
        R += r[row + c];
        Se += rE[row + c];
        p *= pc[c];
      }
      acc += p * phi(R / K, Se / K);
      let j = 0;
      while (j < K && ++idx[j] === m) idx[j++] = 0;
      if (j === K) break;
    }
    total += pa[a] * acc;
  }
  return total;
}

function samplers(t: ExactTables, enc: FiniteEncoder) {
  const tabs = ratioTables(t, enc);
  const anchor = new CategoricalSampler(tabs.pa);
  const marginal = new CategoricalSampler(tabs.pc);
  const conditional = new Map<number, CategoricalSampler>();
  const condOf = (a: number) => {
    let s = conditional.get(a);
    if (!s) {
      s = new CategoricalSampler(Float64Array.from({ length: tabs.nc }, (_, c) => tabs.pc[c] * tabs.r[a * tabs.nc + c]));
      conditional.set(a, s);
    }
    return s;
  };
  return { tabs, anchor, marginal, condOf };
}

/**
 * n samples of −log softmax_1 S_E + log softmax_1 PMI for (x, y_1) ∼ P and y_2..y_K ∼ P_candidate: their mean is
 * L_K(S_E) − L_K(PMI) (S_E = log r_E, PMI = log r; the ratio form avoids logs of huge sums).
 */
export function mcExcessSamples(t: ExactTables, enc: FiniteEncoder, K: number, n: number, rng: Rng): Float64Array {
  const { tabs, anchor, marginal, condOf } = samplers(t, enc);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = anchor.sample(rng);
    const y1 = condOf(a).sample(rng);
    const row = a * tabs.nc;
    let zr = tabs.r[row + y1];
    let ze = tabs.rE[row + y1];
    for (let j = 1; j < K; j++) {
      const y = marginal.sample(rng);
      zr += tabs.r[row + y];
      ze += tabs.rE[row + y];
    }
    out[i] = Math.log(ze / tabs.rE[row + y1]) - Math.log(zr / tabs.r[row + y1]);
  }
  return out;
}

/** n samples of φ(R̄_K, S̄_K) with x ∼ P_anchor and y_1..y_K i.i.d. ∼ P_candidate: their mean is G_K. */
export function mcGKSamples(t: ExactTables, enc: FiniteEncoder, K: number, n: number, rng: Rng): Float64Array {
  const { tabs, anchor, marginal } = samplers(t, enc);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = anchor.sample(rng);
    const row = a * tabs.nc;
    let R = 0;
    let Se = 0;
    for (let j = 0; j < K; j++) {
      const y = marginal.sample(rng);
      R += tabs.r[row + y];
      Se += tabs.rE[row + y];
    }
    out[i] = phi(R / K, Se / K);
  }
  return out;
}
