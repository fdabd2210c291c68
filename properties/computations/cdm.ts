/**
 * Conditional-diffusion (CDM) quantities of theory.md §3.2 on an enumerable JGHM, with exact enumeration over the image
 * configurations x and Monte Carlo over the noise: z = x + σ·g on every image leaf (leaf values 0..S−1),
 *   m(z, y) = E[x | z, y] ∝ Σ_x x·p(x) r(x, y) N(z; x, σ²),
 *   m_E(z, e) = E[x | z, E(y) = e] ∝ Σ_x x·p(x) r_E(x, e) N(z; x, σ²),  r_E(x, e) = p(e | x)/p(e) = Σ_s π_x(s)π_e(s)/ψ(s)
 * (π_e = p(root | E = e) from theory/information encoderRootLaw), and the σ = ∞ limits E[x | y], E[x | E(y)].
 */
import { type ExactTables, densityRatio } from '../../theory/exact-tables.js';
import type { FiniteEncoder } from '../../theory/encoders.js';
import { encoderRootLaw } from '../../theory/information.js';
import type { Rng } from '../../theory/random.js';
import { CategoricalSampler } from './categorical-sampler.js';

/** Leaf values of every image configuration, [nx × T] (leaf 0 most significant). */
export function imageLeafValues(t: ExactTables): Int32Array {
  const T = t.model.image.leaves;
  const out = new Int32Array(t.nx * T);
  for (let x = 0; x < t.nx; x++) {
    let r = x;
    for (let l = T - 1; l >= 0; l--) {
      out[x * T + l] = r % t.S;
      r = Math.floor(r / t.S);
    }
  }
  return out;
}

/** Prior weights over x for the full (given y) and the encoder (given E(y)) posteriors: [ny × nx] each. */
function weights(t: ExactTables, enc: FiniteEncoder): { full: Float64Array; coarse: Float64Array } {
  if (enc.modality !== 'text') throw new RangeError('cdm: the encoder must encode the text');
  const { postE } = encoderRootLaw(t, enc);
  const S = t.S;
  const prior = t.model.rootPrior;
  const full = new Float64Array(t.ny * t.nx);
  const coarse = new Float64Array(t.ny * t.nx);
  for (let y = 0; y < t.ny; y++) {
    for (let x = 0; x < t.nx; x++) {
      if (!(t.px[x] > 0)) continue;
      full[y * t.nx + x] = t.px[x] * densityRatio(prior, t.postIm, x * S, t.postTx, y * S, S);
      coarse[y * t.nx + x] = t.px[x] * densityRatio(prior, t.postIm, x * S, postE, enc.classes[y] * S, S);
    }
  }
  return { full, coarse };
}

/** Posterior mean Σ_x x·w_x·lik_x / Σ_x w_x·lik_x into `out` (length T). */
function posteriorMean(vals: Int32Array, T: number, w: Float64Array, wOff: number, lik: Float64Array, out: Float64Array): void {
  out.fill(0);
  let z = 0;
  for (let x = 0; x < lik.length; x++) {
    const v = w[wOff + x] * lik[x];
    if (v === 0) continue;
    z += v;
    for (let l = 0; l < T; l++) out[l] += v * vals[x * T + l];
  }
  for (let l = 0; l < T; l++) out[l] /= z;
}

/** Per-sample Monte Carlo values at noise σ: squared errors of m and m_E, and the gap ‖m − m_E‖². */
export interface CdmSamples {
  /** ‖x − m(z, y)‖². */
  readonly mseFull: Float64Array;
  /** ‖x − m_E(z, E(y))‖². */
  readonly mseEnc: Float64Array;
  /** ‖m − m_E‖². */
  readonly gap: Float64Array;
}

/** n samples of (x, y) ∼ P, z = x + σ·g, with exact posterior means by enumeration over x. */
export function cdmSamples(t: ExactTables, enc: FiniteEncoder, sigma: number, n: number, rng: Rng): CdmSamples {
  if (!(sigma > 0) || !Number.isFinite(sigma)) throw new RangeError(`cdmSamples: sigma must be a finite number > 0 (got ${sigma})`);
  const T = t.model.image.leaves;
  const S = t.S;
  const vals = imageLeafValues(t);
  const { full, coarse } = weights(t, enc);
  const textSampler = new CategoricalSampler(t.py);
  const imageGiven = new Map<number, CategoricalSampler>();
  const lik = new Float64Array(t.nx);
  const logN = new Float64Array(T * S);
  const z = new Float64Array(T);
  const m = new Float64Array(T);
  const mE = new Float64Array(T);
  const out = { mseFull: new Float64Array(n), mseEnc: new Float64Array(n), gap: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const y = textSampler.sample(rng);
    let cond = imageGiven.get(y);
    if (!cond) {
      cond = new CategoricalSampler(full.subarray(y * t.nx, (y + 1) * t.nx));
      imageGiven.set(y, cond);
    }
    const x = cond.sample(rng);
    for (let l = 0; l < T; l++) {
      z[l] = vals[x * T + l] + sigma * rng.normal();
      for (let v = 0; v < S; v++) logN[l * S + v] = -((z[l] - v) ** 2) / (2 * sigma * sigma);
    }
    let max = -Infinity;
    for (let xx = 0; xx < t.nx; xx++) {
      let a = 0;
      for (let l = 0; l < T; l++) a += logN[l * S + vals[xx * T + l]];
      lik[xx] = a;
      if (a > max) max = a;
    }
    for (let xx = 0; xx < t.nx; xx++) lik[xx] = Math.exp(lik[xx] - max);
    posteriorMean(vals, T, full, y * t.nx, lik, m);
    posteriorMean(vals, T, coarse, y * t.nx, lik, mE);
    let a = 0;
    let b = 0;
    let c = 0;
    for (let l = 0; l < T; l++) {
      const xv = vals[x * T + l];
      a += (xv - m[l]) ** 2;
      b += (xv - mE[l]) ** 2;
      c += (m[l] - mE[l]) ** 2;
    }
    out.mseFull[i] = a;
    out.mseEnc[i] = b;
    out.gap[i] = c;
  }
  return out;
}

/** Exact σ = ∞ quantities: E‖x − E[x | y]‖², E‖x − E[x | E(y)]‖², E‖E[x | y] − E[x | E(y)]‖². */
export function cdmInfiniteNoise(t: ExactTables, enc: FiniteEncoder): { mseFull: number; mseEnc: number; gap: number } {
  const T = t.model.image.leaves;
  const vals = imageLeafValues(t);
  const { full, coarse } = weights(t, enc);
  const ones = new Float64Array(t.nx).fill(1);
  const m = new Float64Array(T);
  const mE = new Float64Array(T);
  let mseFull = 0;
  let mseEnc = 0;
  let gap = 0;
  for (let y = 0; y < t.ny; y++) {
    if (!(t.py[y] > 0)) continue;
    posteriorMean(vals, T, full, y * t.nx, ones, m);
    posteriorMean(vals, T, coarse, y * t.nx, ones, mE);
    for (let x = 0; x < t.nx; x++) {
      const pxy = full[y * t.nx + x] * t.py[y];
      if (!(pxy > 0)) continue;
      for (let l = 0; l < T; l++) {
        mseFull += pxy * (vals[x * T + l] - m[l]) ** 2;
        mseEnc += pxy * (vals[x * T + l] - mE[l]) ** 2;
      }
    }
    let g = 0;
    for (let l = 0; l < T; l++) g += (m[l] - mE[l]) ** 2;
    gap += t.py[y] * g;
  }
  return { mseFull, mseEnc, gap };
}

/**
 * Posterior means by enumeration at one noisy image z: E[x | z] (no text) and E[x | z, y] (text configuration y), and
 * E[x | z, E(y) = E(yIndex)] for `enc` — the slow twin of BP's posterior means.
 */
export function cdmPosteriorMeansAt(t: ExactTables, enc: FiniteEncoder, z: readonly number[], sigma: number, yIndex: number): { plain: Float64Array; full: Float64Array; coarse: Float64Array } {
  const T = t.model.image.leaves;
  const vals = imageLeafValues(t);
  const { full, coarse } = weights(t, enc);
  const lik = new Float64Array(t.nx);
  for (let x = 0; x < t.nx; x++) {
    let a = 0;
    for (let l = 0; l < T; l++) a -= (z[l] - vals[x * T + l]) ** 2 / (2 * sigma * sigma);
    lik[x] = Math.exp(a);
  }
  const out = { plain: new Float64Array(T), full: new Float64Array(T), coarse: new Float64Array(T) };
  posteriorMean(vals, T, t.px, 0, lik, out.plain);
  posteriorMean(vals, T, full, yIndex * t.nx, lik, out.full);
  posteriorMean(vals, T, coarse, yIndex * t.nx, lik, out.coarse);
  return out;
}
