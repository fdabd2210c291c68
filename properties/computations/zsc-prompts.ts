/**
 * The M-prompt zero-shot classifier of theory.md §3.1 on an enumerable JGHM, by Monte Carlo: the class c is text leaf
 * `classLeaf`; for each class, M prompts y^{(c,1..M)} are drawn i.i.d. from p(y | c); the logit of class c is
 *   log (1/M) Σ_m e^{S(x, y^{(c,m)})}  (+ log p(c) with the prior factor, as in theory.md's p̂_S; without it, as in
 *   the authors' code),
 * and the per-sample value is the cross-entropy −log softmax(logits)_c at a fresh pair (x, y) ∼ P with c = c(y).
 * Classes with p(c) = 0 cannot be prompted and are left out of the softmax (the M = ∞ classifier gives them 0).
 * Also the exact M = ∞ risk of both variants by enumeration.
 */
import { type ExactTables, pmiTable } from '../../theory/exact-tables.js';
import { zeroShotClassPosterior } from '../../theory/information.js';
import type { Rng } from '../../theory/random.js';
import { CategoricalSampler } from './categorical-sampler.js';

/** Class (value of text leaf `classLeaf`) of every text configuration. */
export function classOfTexts(t: ExactTables, classLeaf: number): Int32Array {
  const div = Math.pow(t.S, t.model.text.leaves - 1 - classLeaf);
  return Int32Array.from({ length: t.ny }, (_, y) => Math.floor(y / div) % t.S);
}

/** p(c) of the class leaf, [S]. */
export function classPrior(t: ExactTables, classLeaf: number): Float64Array {
  const cls = classOfTexts(t, classLeaf);
  const pc = new Float64Array(t.S);
  for (let y = 0; y < t.ny; y++) pc[cls[y]] += t.py[y];
  return pc;
}

/**
 * Exact M = ∞ cross-entropy of the classifier with logits log p(c) + log E_{y|c} e^{S} (`withPrior`) or
 * log E_{y|c} e^{S}, at S = PMI: with the prior it is H(c | x); without it, E −log[(p(c|x)/p(c)) / Σ_c' p(c'|x)/p(c')].
 */
export function exactInfinitePromptRisk(t: ExactTables, classLeaf: number, withPrior: boolean): number {
  const S = t.S;
  const post = zeroShotClassPosterior(t, classLeaf);
  const pc = classPrior(t, classLeaf);
  let acc = 0;
  for (let x = 0; x < t.nx; x++) {
    if (!(t.px[x] > 0)) continue;
    let z = 0;
    for (let c = 0; c < S; c++) if (pc[c] > 0) z += withPrior ? post[x * S + c] : post[x * S + c] / pc[c];
    for (let c = 0; c < S; c++) {
      const p = post[x * S + c];
      if (!(p > 0)) continue;
      const q = (withPrior ? p : p / pc[c]) / z;
      acc -= t.px[x] * p * Math.log(q);
    }
  }
  return acc;
}

/**
 * Per-sample cross-entropies of the M-prompt classifier with S = PMI (n samples), see the module comment. With
 * `controlVariate`, each value has the exact M = ∞ cross-entropy −log p̂_∞(c | x) of the same (x, c) subtracted (a
 * control variate of known mean, `exactInfinitePromptRisk`): the mean is then CE(M) − CE(∞), with far less variance.
 */
export function promptClassifierSamples(
  t: ExactTables,
  classLeaf: number,
  M: number,
  withPrior: boolean,
  n: number,
  rng: Rng,
  controlVariate = false,
): Float64Array {
  if (!Number.isInteger(M) || M < 1) throw new RangeError(`promptClassifierSamples: M must be an integer ≥ 1 (got ${M})`);
  const S = t.S;
  const cls = classOfTexts(t, classLeaf);
  const pc = classPrior(t, classLeaf);
  const r = pmiTable(t).map(Math.exp);
  const anchor = new CategoricalSampler(t.px);
  const promptSampler: (CategoricalSampler | null)[] = [];
  for (let c = 0; c < S; c++) promptSampler.push(pc[c] > 0 ? new CategoricalSampler(Float64Array.from(t.py, (v, y) => (cls[y] === c ? v : 0))) : null);
  const textGiven = new Map<number, CategoricalSampler>();
  const post = zeroShotClassPosterior(t, classLeaf);
  const infLogit = (x: number, k: number) => Math.log(post[x * S + k]) - (withPrior ? 0 : Math.log(pc[k]));
  const logits = new Float64Array(S);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = anchor.sample(rng);
    let cond = textGiven.get(x);
    if (!cond) {
      cond = new CategoricalSampler(Float64Array.from(t.py, (v, y) => v * r[x * t.ny + y]));
      textGiven.set(x, cond);
    }
    const c = cls[cond.sample(rng)];
    let max = -Infinity;
    for (let k = 0; k < S; k++) {
      const sampler = promptSampler[k];
      if (!sampler) {
        logits[k] = -Infinity;
        continue;
      }
      let sum = 0;
      for (let m = 0; m < M; m++) sum += r[x * t.ny + sampler.sample(rng)];
      logits[k] = Math.log(sum / M) + (withPrior ? Math.log(pc[k]) : 0);
      if (logits[k] > max) max = logits[k];
    }
    let z = 0;
    for (let k = 0; k < S; k++) z += Math.exp(logits[k] - max);
    out[i] = Math.log(z) + max - logits[c];
    if (controlVariate) {
      let zi = 0;
      for (let k = 0; k < S; k++) if (pc[k] > 0) zi += Math.exp(infLogit(x, k));
      out[i] -= Math.log(zi) - infLogit(x, c);
    }
  }
  return out;
}
