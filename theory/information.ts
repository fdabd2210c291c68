/**
 * Exact information quantities of an enumerable JGHM (theory.md §1–§3): mutual information, PMI, sufficiency of
 * finite-range encoders in its equivalent forms, the best encoder-measurable similarity, and zero-shot classification.
 *
 * Everything is computed from root posteriors through the density ratio r(x, y) = Σ_s π_x(s)π_y(s)/ψ_r(s)
 * (conditional independence of the trees given the root), so p(x, y) = p(x)p(y)r(x, y) is never stored.
 * Sufficiency of an image encoder E: Suff(E) = E_x KL(p(y | x) ‖ p(y | E(x))) = I(x; y) − I(E(x); y); for a text
 * encoder the roles swap.
 */
import type { Jghm, Modality } from './model.js';
import { pathKernel } from './model.js';
import { type ExactTables, assertNotNaN, checkTableSize, densityRatio, tablesFrom } from './exact-tables.js';
import type { FiniteEncoder } from './encoders.js';
import { observedEvidence, upward } from './belief-propagation.js';
import { leafBatchOf } from './sampling.js';

/** x log x with 0 log 0 = 0 (exactly; NaN propagates, so the caller's NaN check throws). */
function xlogx(x: number): number {
  return x === 0 ? 0 : x * Math.log(x);
}

/** Bregman divergence φ(a, b) = a log(a/b) − a + b of x log x (φ(0, b) = b; φ(a, 0) = ∞ for a > 0). */
export function phi(a: number, b: number): number {
  if (a === 0) return b;
  return a * Math.log(a / b) - a + b;
}

/** I(x_im; x_tx) in nats. */
export function mutualInformation(t: ExactTables): number {
  const { S, nx, ny, postIm, postTx, px, py } = t;
  const prior = t.model.rootPrior;
  let acc = 0;
  for (let x = 0; x < nx; x++) {
    if (px[x] === 0) continue; // weight 0 (its posterior row is undefined)
    let row = 0;
    for (let y = 0; y < ny; y++) {
      if (py[y] === 0) continue;
      row += py[y] * xlogx(densityRatio(prior, postIm, x * S, postTx, y * S, S));
    }
    acc += px[x] * row;
  }
  return assertNotNaN(acc, 'mutualInformation');
}

/** Joint law of an encoder's classes and the root: p(e) and π_e(s) = p(root = s | E = e). */
export interface EncoderRootLaw {
  /** p(e), [count]. */
  readonly pe: Float64Array;
  /** π_e, [count × S]. */
  readonly postE: Float64Array;
}

/** p(e) and p(root | E = e) for a finite-range encoder. */
export function encoderRootLaw(t: ExactTables, enc: FiniteEncoder): EncoderRootLaw {
  const o = tablesFrom(t, enc.modality);
  const S = t.S;
  if (enc.classes.length !== o.nx) throw new RangeError(`encoderRootLaw: encoder ${enc.name} has ${enc.classes.length} classes entries, expected ${o.nx}`);
  const pe = new Float64Array(enc.count);
  const postE = new Float64Array(enc.count * S);
  for (let x = 0; x < o.nx; x++) {
    const w = o.px[x];
    if (w === 0) continue;
    const e = enc.classes[x];
    pe[e] += w;
    for (let s = 0; s < S; s++) postE[e * S + s] += w * o.postIm[x * S + s];
  }
  // classes of probability 0 keep an all-zero row: their density ratio is 0 and their weight is 0
  for (let e = 0; e < enc.count; e++) if (pe[e] !== 0) for (let s = 0; s < S; s++) postE[e * S + s] /= pe[e];
  return { pe, postE };
}

/** I(E(x); y) where y is the other modality. */
export function encoderMutualInformation(t: ExactTables, enc: FiniteEncoder): number {
  const o = tablesFrom(t, enc.modality);
  const { pe, postE } = encoderRootLaw(t, enc);
  const S = t.S;
  const prior = t.model.rootPrior;
  let acc = 0;
  for (let e = 0; e < enc.count; e++) {
    if (pe[e] === 0) continue;
    let row = 0;
    for (let y = 0; y < o.ny; y++) if (o.py[y] !== 0) row += o.py[y] * xlogx(densityRatio(prior, postE, e * S, o.postTx, y * S, S));
    acc += pe[e] * row;
  }
  return assertNotNaN(acc, 'encoderMutualInformation');
}

/** Suff(E) = I(x; y) − I(E(x); y) (theory.md §2.1 form (a)). */
export function sufficiency(t: ExactTables, enc: FiniteEncoder, mi = mutualInformation(t)): number {
  return mi - encoderMutualInformation(t, enc);
}

function forEachPair(
  t: ExactTables,
  enc: FiniteEncoder,
  f: (py: number, r: number, rE: number, e: number, y: number) => number,
  what: string,
): number {
  const o = tablesFrom(t, enc.modality);
  const { postE } = encoderRootLaw(t, enc);
  const S = t.S;
  const prior = t.model.rootPrior;
  let acc = 0;
  for (let x = 0; x < o.nx; x++) {
    if (o.px[x] === 0) continue;
    const e = enc.classes[x];
    let row = 0;
    for (let y = 0; y < o.ny; y++) {
      if (o.py[y] === 0) continue;
      const r = densityRatio(prior, o.postIm, x * S, o.postTx, y * S, S);
      const rE = densityRatio(prior, postE, e * S, o.postTx, y * S, S);
      row += f(o.py[y], r, rE, e, y);
    }
    acc += o.px[x] * row;
  }
  return assertNotNaN(acc, what);
}

/** Suff(E) as the expected KL E_x KL(p(y | x) ‖ p(y | E(x))) (theory.md §2.1 definition). */
export function sufficiencyKl(t: ExactTables, enc: FiniteEncoder): number {
  return forEachPair(t, enc, (py, r, rE) => (r === 0 ? 0 : py * r * Math.log(r / rE)), 'sufficiencyKl');
}

/** Suff(E) in Bregman form E_x E_{y∼P_y} φ(r(x, y), r_E(E(x), y)) (theory.md §2.1 form (c)). */
export function sufficiencyBregman(t: ExactTables, enc: FiniteEncoder): number {
  return forEachPair(t, enc, (py, r, rE) => py * phi(r, rE), 'sufficiencyBregman');
}

/**
 * E_x KL(p(y | x) ‖ q(y | E(x))) for a conditional law q given as [count × ny] rows (each summing to 1); ≥ Suff(E)
 * with equality at q = p(y | E) (theory.md §2.1 form (b)).
 */
export function expectedKlToEncoderConditional(t: ExactTables, enc: FiniteEncoder, q: Float64Array): number {
  const ny = enc.modality === 'image' ? t.ny : t.nx;
  if (q.length !== enc.count * ny) throw new RangeError(`expectedKlToEncoderConditional: q must be [${enc.count} × ${ny}]`);
  return forEachPair(t, enc, (py, r, _rE, e, y) => {
    const pyx = py * r; // p(y | x)
    return pyx === 0 ? 0 : pyx * Math.log(pyx / q[e * ny + y]);
  }, 'expectedKlToEncoderConditional');
}

/** p(y | E = e) as [count × ny] rows (the minimiser in form (b)). */
export function encoderConditional(t: ExactTables, enc: FiniteEncoder): Float64Array {
  const o = tablesFrom(t, enc.modality);
  const { postE } = encoderRootLaw(t, enc);
  const S = t.S;
  const prior = t.model.rootPrior;
  const out = new Float64Array(enc.count * o.ny);
  for (let e = 0; e < enc.count; e++) for (let y = 0; y < o.ny; y++) out[e * o.ny + y] = o.py[y] * densityRatio(prior, postE, e * S, o.postTx, y * S, S);
  return out;
}

/**
 * The best E-measurable similarity S_E = log r_E, as an [nx × ny] table oriented image × text (for a text encoder,
 * S_E(x, y) = log r_E(x, E(y))).
 */
export function bestEncoderSimilarity(t: ExactTables, enc: FiniteEncoder): Float64Array {
  checkTableSize(t, undefined, 'similarity table');
  const { postE } = encoderRootLaw(t, enc);
  const S = t.S;
  const prior = t.model.rootPrior;
  const out = new Float64Array(t.nx * t.ny);
  for (let x = 0; x < t.nx; x++) {
    for (let y = 0; y < t.ny; y++) {
      // −∞ on pairs of probability 0 (as in pmiTable); the class rows of an encoder are never NaN
      out[x * t.ny + y] =
        t.px[x] === 0 || t.py[y] === 0
          ? -Infinity
          : enc.modality === 'image'
            ? Math.log(densityRatio(prior, postE, enc.classes[x] * S, t.postTx, y * S, S))
            : Math.log(densityRatio(prior, t.postIm, x * S, postE, enc.classes[y] * S, S));
      assertNotNaN(out[x * t.ny + y], 'bestEncoderSimilarity');
    }
  }
  return out;
}

/** I(E_im(x); E_tx(y)). */
export function encodersMutualInformation(t: ExactTables, encIm: FiniteEncoder, encTx: FiniteEncoder): number {
  if (encIm.modality !== 'image' || encTx.modality !== 'text') throw new RangeError('encodersMutualInformation: needs an image encoder and a text encoder');
  const a = encoderRootLaw(t, encIm);
  const b = encoderRootLaw(t, encTx);
  const S = t.S;
  const prior = t.model.rootPrior;
  let acc = 0;
  for (let e = 0; e < encIm.count; e++) {
    if (a.pe[e] === 0) continue;
    for (let f = 0; f < encTx.count; f++) {
      if (b.pe[f] === 0) continue;
      acc += a.pe[e] * b.pe[f] * xlogx(densityRatio(prior, a.postE, e * S, b.postE, f * S, S));
    }
  }
  return assertNotNaN(acc, 'encodersMutualInformation');
}

/** The similarity PMI(E_im(x), E_tx(y)) as an [nx × ny] table (attains 2[I − I(E_im; E_tx)] at K = ∞, claim 9). */
export function encodersPmiSimilarity(t: ExactTables, encIm: FiniteEncoder, encTx: FiniteEncoder): Float64Array {
  checkTableSize(t, undefined, 'similarity table');
  const a = encoderRootLaw(t, encIm);
  const b = encoderRootLaw(t, encTx);
  const S = t.S;
  const prior = t.model.rootPrior;
  const out = new Float64Array(t.nx * t.ny);
  for (let x = 0; x < t.nx; x++) {
    for (let y = 0; y < t.ny; y++) {
      out[x * t.ny + y] = assertNotNaN(Math.log(densityRatio(prior, a.postE, encIm.classes[x] * S, b.postE, encTx.classes[y] * S, S)), 'encodersPmiSimilarity');
    }
  }
  return out;
}

/** Log-likelihood log p(leaves | root = s) for one leaf vector, length S (by BP, no enumeration). */
export function leafLogLikelihood(model: Jghm, modality: Modality, leaves: readonly number[]): Float64Array {
  const tree = modality === 'image' ? model.image : model.text;
  const batch = leafBatchOf(model.states, tree.leaves, [leaves], `${modality} leaves`);
  const { rootLikelihood, logScale } = upward(model, modality, observedEvidence(model.states, batch));
  return rootLikelihood.map((v) => Math.log(v) + logScale[0]);
}

/** Root posterior p(root | leaves) of one leaf vector (by BP). */
export function rootPosteriorOf(model: Jghm, modality: Modality, leaves: readonly number[]): Float64Array {
  const ll = leafLogLikelihood(model, modality, leaves);
  const S = model.states;
  let max = -Infinity;
  for (let s = 0; s < S; s++) if (model.rootPrior[s] > 0 && ll[s] > max) max = ll[s];
  const out = new Float64Array(S);
  let z = 0;
  for (let s = 0; s < S; s++) {
    out[s] = model.rootPrior[s] * Math.exp(ll[s] - max);
    z += out[s];
  }
  if (z === 0 || Number.isNaN(z)) throw new RangeError(`${modality} leaves [${leaves.join(', ')}] have probability 0 under the model: their root posterior is undefined`);
  for (let s = 0; s < S; s++) out[s] /= z;
  return out;
}

/**
 * PMI of one (image, text) pair, computed two ways: directly as log p(x, y)/(p(x)p(y)) from the leaf likelihoods,
 * and in closed form log Σ_s π_x(s)π_y(s)/ψ_r(s) (theory.md §4.5). No enumeration needed.
 */
export function pairPmi(model: Jghm, imageLeaves: readonly number[], textLeaves: readonly number[]): { direct: number; closedForm: number } {
  const S = model.states;
  const lx = leafLogLikelihood(model, 'image', imageLeaves);
  const ly = leafLogLikelihood(model, 'text', textLeaves);
  const lse = (f: (s: number) => number) => {
    let m = -Infinity;
    for (let s = 0; s < S; s++) if (f(s) > m) m = f(s);
    if (m === -Infinity) return -Infinity; // every term impossible
    let z = 0;
    for (let s = 0; s < S; s++) z += Math.exp(f(s) - m);
    return m + Math.log(z);
  };
  const lp = (s: number) => Math.log(model.rootPrior[s]);
  const direct = lse((s) => lp(s) + lx[s] + ly[s]) - lse((s) => lp(s) + lx[s]) - lse((s) => lp(s) + ly[s]);
  const px = rootPosteriorOf(model, 'image', imageLeaves);
  const py = rootPosteriorOf(model, 'text', textLeaves);
  return { direct, closedForm: Math.log(densityRatio(model.rootPrior, px, 0, py, 0, S)) };
}

/** p(c | x) for the zero-shot class c = text leaf `classLeaf`, [nx × S] (c ranges over the S leaf values). */
export function zeroShotClassPosterior(t: ExactTables, classLeaf = 0): Float64Array {
  const S = t.S;
  const T = pathKernel(t.model, 'text', classLeaf);
  const out = new Float64Array(t.nx * S);
  for (let x = 0; x < t.nx; x++) {
    for (let c = 0; c < S; c++) {
      let acc = 0;
      for (let s = 0; s < S; s++) acc += t.postIm[x * S + s] * T[s * S + c];
      out[x * S + c] = acc;
    }
  }
  return out;
}

/** ZSC Bayes cross-entropy H(c | x_im) with c = text leaf `classLeaf` (theory.md §3.1). */
export function zeroShotBayesCrossEntropy(t: ExactTables, classLeaf = 0): number {
  const S = t.S;
  const pc = zeroShotClassPosterior(t, classLeaf);
  let acc = 0;
  for (let x = 0; x < t.nx; x++) {
    if (t.px[x] === 0) continue;
    let h = 0;
    for (let c = 0; c < S; c++) h -= xlogx(pc[x * S + c]);
    acc += t.px[x] * h;
  }
  return assertNotNaN(acc, 'zeroShotBayesCrossEntropy');
}

/**
 * The M = ∞ zero-shot classifier induced by a similarity table [nx × ny]: p̂_S(c | x) ∝ Σ_{y: c(y) = c} p(y)e^{S(x, y)}
 * (= p(c)·E_{y|c} e^{S}), c = text leaf `classLeaf`. Returns [nx × S].
 */
export function zeroShotClassifier(t: ExactTables, similarity: Float64Array, classLeaf = 0): Float64Array {
  const S = t.S;
  if (similarity.length !== t.nx * t.ny) throw new RangeError(`zeroShotClassifier: similarity must be [${t.nx} × ${t.ny}]`);
  const leaves = t.model.text.leaves;
  if (!Number.isInteger(classLeaf) || classLeaf < 0 || classLeaf >= leaves) throw new RangeError(`zeroShotClassifier: classLeaf must be in 0..${leaves - 1}`);
  const div = Math.pow(S, leaves - 1 - classLeaf);
  const out = new Float64Array(t.nx * S);
  for (let x = 0; x < t.nx; x++) {
    let m = -Infinity;
    for (let y = 0; y < t.ny; y++) if (t.py[y] !== 0 && similarity[x * t.ny + y] > m) m = similarity[x * t.ny + y];
    let z = 0;
    for (let y = 0; y < t.ny; y++) {
      if (t.py[y] === 0) continue;
      const w = t.py[y] * Math.exp(similarity[x * t.ny + y] - m);
      out[x * S + (Math.floor(y / div) % S)] += w;
      z += w;
    }
    for (let c = 0; c < S; c++) out[x * S + c] /= z;
  }
  return out;
}

/** E_x KL(p(c | x) ‖ p̂(c | x)) and E_x TV for a classifier [nx × S] (the ZSC excess cross-entropy, claim 13). */
export function zeroShotExcess(t: ExactTables, classifier: Float64Array, classLeaf = 0): { kl: number; tv: number } {
  const S = t.S;
  const pc = zeroShotClassPosterior(t, classLeaf);
  let kl = 0;
  let tv = 0;
  for (let x = 0; x < t.nx; x++) {
    if (t.px[x] === 0) continue;
    let k = 0;
    let d = 0;
    for (let c = 0; c < S; c++) {
      const p = pc[x * S + c];
      const q = classifier[x * S + c];
      if (p !== 0) k += p * Math.log(p / q);
      d += Math.abs(p - q);
    }
    kl += t.px[x] * k;
    tv += t.px[x] * 0.5 * d;
  }
  return { kl: assertNotNaN(kl, 'zeroShotExcess'), tv: assertNotNaN(tv, 'zeroShotExcess') };
}
