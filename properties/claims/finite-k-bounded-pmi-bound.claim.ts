/**
 * Claim 11 — (T3) with bounded PMI the finite-K CLIP excess of an encoder-factored S dominates a fraction of the
 * encoders' sufficiency.
 *
 * Statement: with B = max |PMI(x, y)| over pairs with p(x)p(y) > 0, for every K ≥ 2 and every
 * S(x, y) = Υ(E_im(x), E_tx(y)) through finite-range encoders,
 *   R_K(S) − R_K(PMI) ≥ (1 − 2e^{2B}/K)·[Suff(E_im) + Suff(E_tx)]    (R_K = symmetric K-sample CLIP risk).
 * The right side is ≤ 0 (vacuous) unless K > 2e^{2B}, i.e. B < ½ log(K/2): never at K = 2, and at K = 3 only for
 * B < 0.2027. So the claim is tested where it has content: small B (weakly informative kernels — the paper generator
 * with p near 1 and small noise scale, Dirichlet rows with large α, random kernels with entries in [0.5, 1] before
 * normalisation), and the fraction of vacuous cases is reported.
 * Source: theory.md §10.1 item 11; §2.2 (T3) — RECONSTRUCTED (a weaker form of the (T2) identity).
 * Quantities (exact, by enumeration): excessK = R_K(S) − R_K(PMI) (theory/clip-loss-exact), B, coef = 1 − 2e^{2B}/K,
 *   suffSum = Suff(E_im) + Suff(E_tx), tol = 1e-12·max(1, R_K(PMI)) (floating allowance on a difference of two
 *   enumerated losses).
 * Checks: a fixed family of small-B models (paper generator S = 2, depth 2, p ∈ {0.8, 0.9, 0.95}, flip scale 0.5 and
 *   1; Dirichlet α ∈ {5, 20}) with random encoders and random S through them (arbitrary class tables and perturbed
 *   PMI(E_im, E_tx)), K = 2, 3; fast-check over random near-uniform models; fast-check over generic random models
 *   (where the bound is mostly vacuous — it must still hold).
 * Error budget: deterministic — false-failure rate 0.
 */
import { defineClaim } from '../engine/claim.js';
import { jghmArbitrary } from '../arbitraries/jghm-arbitrary.js';
import { exactTables, pmiTable, type ExactTables } from '../../theory/exact-tables.js';
import type { FiniteEncoder } from '../../theory/encoders.js';
import { encodersPmiSimilarity, sufficiency } from '../../theory/information.js';
import { exactClipLoss } from '../../theory/clip-loss-exact.js';
import { generateDirichletJghm, generatePaperJghm } from '../../theory/generators.js';
import type { Jghm } from '../../theory/model.js';
import type { Rng } from '../../theory/random.js';
import { classTableSimilarity, randomClassTable, randomEncoder } from '../encoders/random-encoders.js';
import { firstFailingScope } from '../engine/first-failing-scope.js';
import { modelRng } from '../engine/model-rng.js';

const STATEMENT = 'excessK >= coef * suffSum - tol';

interface Params {
  numRuns: number;
  maxConfigurations: number;
  seedsPerFamily: number;
}

/** max |PMI| over pairs of positive marginal probability (Infinity when some such pair has p(x, y) = 0). */
function maxAbsPmi(t: ExactTables, pmi: Float64Array): number {
  let B = 0;
  for (let x = 0; x < t.nx; x++) {
    if (!(t.px[x] > 0)) continue;
    for (let y = 0; y < t.ny; y++) if (t.py[y] > 0) B = Math.max(B, Math.abs(pmi[x * t.ny + y]));
  }
  return B;
}

/** A random similarity through the encoders: an arbitrary N(0, 1) class table or PMI(E_im, E_tx) + N(0, 0.1²). */
function randomSimilarity(t: ExactTables, encIm: FiniteEncoder, encTx: FiniteEncoder, rng: Rng): Float64Array {
  if (rng.uniform() < 0.5) return classTableSimilarity(t, encIm, encTx, randomClassTable(encIm.count, encTx.count, 1, rng));
  // PMI(E_im, E_tx) is finite here (bounded PMI ⇒ every r_E > 0); the noise is per (e, f) class pair
  const noise = randomClassTable(encIm.count, encTx.count, 0.1, rng);
  const base = encodersPmiSimilarity(t, encIm, encTx);
  return base.map((v, i) => v + noise[encIm.classes[Math.floor(i / t.ny)] * encTx.count + encTx.classes[i % t.ny]]);
}

/** The bound says something when its right side is positive beyond rounding (Suff > 1e-15 and K > 2e^{2B}). */
function nonVacuous(coef: number, suffSum: number): boolean {
  return coef > 0 && suffSum > 1e-15;
}

interface Tally {
  total: number;
  vacuous: number;
  minRatio: number;
}

function scopesFor(model: Jghm, rng: Rng, tally: Tally) {
  const t = exactTables(model);
  const pmi = pmiTable(t);
  const B = maxAbsPmi(t, pmi);
  const encIm = randomEncoder(t, 'image', rng);
  const encTx = randomEncoder(t, 'text', rng);
  const sim = randomSimilarity(t, encIm, encTx, rng);
  const suffSum = sufficiency(t, encIm) + sufficiency(t, encTx);
  return [2, 3].map((K) => {
    const bayes = exactClipLoss(t, K, pmi).symmetric;
    const excessK = exactClipLoss(t, K, sim).symmetric - bayes;
    const coef = 1 - (2 * Math.exp(2 * B)) / K;
    tally.total++;
    if (!nonVacuous(coef, suffSum)) tally.vacuous++;
    else tally.minRatio = Math.min(tally.minRatio, excessK / (coef * suffSum));
    return { K, B, excessK, coef, suffSum, tol: 1e-12 * Math.max(1, bayes) };
  });
}

export default defineClaim<Params>({
  id: 'finite-k-bounded-pmi-bound',
  title: '(T3) With |PMI| ≤ B: R_K(S) − R_K(PMI) ≥ (1 − 2e^{2B}/K)(Suff(E_im) + Suff(E_tx))',
  source: { kind: 'derived', tag: 'RECONSTRUCTED', reference: 'theory.md §10.1 item 11; §2.2 (T3)' },
  statement: STATEMENT,
  symbols: { excessK: 'R_K(S)-R_K(\\mathrm{PMI})', coef: '\\left(1-\\frac{2e^{2B}}{K}\\right)', suffSum: '\\mathrm{Suff}(E_{im})+\\mathrm{Suff}(E_{tx})', tol: '\\tau' },
  tier: 'quick',
  parameters: {
    quick: { numRuns: 20, maxConfigurations: 16, seedsPerFamily: 1 },
    full: { numRuns: 300, maxConfigurations: 32, seedsPerFamily: 5 },
  },
  falseFailureRate: 0,
  run(ctx) {
    const p = ctx.params;
    const family: Tally = { total: 0, vacuous: 0, minRatio: Infinity };
    const rows: (string | number)[][] = [];
    for (let seedIndex = 0; seedIndex < p.seedsPerFamily; seedIndex++) {
      const seed = ctx.rng.split(`family-seed${seedIndex}`).nextUint32();
      const models: [string, Jghm][] = [];
      for (const pp of [0.8, 0.9, 0.95]) {
        for (const fs of [0.5, 1]) models.push([`paper S=2 [2,2] p=${pp} flipScale=${fs}`, generatePaperJghm({ states: 2, imageBranching: [2, 2], p: pp, flipScale: fs, seed })]);
      }
      for (const a of [5, 20]) models.push([`Dirichlet S=2 [2,2] α=${a}`, generateDirichletJghm({ states: 2, imageBranching: [2, 2], alpha: a, seed })]);
      for (const [name, m] of models) {
        for (const s of scopesFor(m, modelRng(ctx.rng, m, 'family'), family)) {
          ctx.check(s, `${name}, seed ${seed}, K = ${s.K} (exact; ${nonVacuous(s.coef, s.suffSum) ? 'non-vacuous' : 'vacuous'})`);
          rows.push([name, seed, s.K, s.B, s.coef, s.excessK, s.suffSum]);
        }
      }
    }
    ctx.progress(0.4);
    const near: Tally = { total: 0, vacuous: 0, minRatio: Infinity };
    ctx.property(
      jghmArbitrary({ maxConfigurations: p.maxConfigurations, minEntry: 0.5 }),
      (model) => firstFailingScope(STATEMENT, scopesFor(model, modelRng(ctx.rng, model, 'near-uniform'), near)),
      { label: 'random near-uniform models (kernel entries in [0.5, 1] before normalisation), K = 2, 3' },
    );
    ctx.progress(0.7);
    const generic: Tally = { total: 0, vacuous: 0, minRatio: Infinity };
    ctx.property(
      jghmArbitrary({ maxConfigurations: p.maxConfigurations }),
      (model) => firstFailingScope(STATEMENT, scopesFor(model, modelRng(ctx.rng, model, 'generic'), generic)),
      { label: 'generic random models (entries in [0.02, 1] before normalisation), K = 2, 3' },
    );
    for (const [name, tly] of [
      ['small-B family', family],
      ['near-uniform random models', near],
      ['generic random models', generic],
    ] as const) {
      ctx.quantity({
        name: `vacuous fraction (${name})`,
        estimate: tly.vacuous / tly.total,
        exact: true,
        note: `${tly.vacuous} of ${tly.total} (model, K) cases have 1 − 2e^{2B}/K ≤ 0 or Suff_im + Suff_tx ≤ 1e-15; smallest excess/bound ratio among the others: ${Number.isFinite(tly.minRatio) ? tly.minRatio.toFixed(3) : 'none'}`,
      });
    }
    ctx.assert(
      'the bound is non-vacuous on some tested cases (otherwise the check says nothing)',
      family.vacuous < family.total && near.vacuous < near.total,
      `non-vacuous cases: small-B family ${family.total - family.vacuous} of ${family.total}, near-uniform ${near.total - near.vacuous} of ${near.total}`,
    );
    ctx.table(['model', 'seed', 'K', 'B', '1 − 2e^{2B}/K', 'R_K(S) − R_K(PMI)', 'Suff_im + Suff_tx'], rows);
  },
});
