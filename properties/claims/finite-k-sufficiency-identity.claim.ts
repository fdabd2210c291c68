/**
 * Claim 10 — (T2) the finite-K excess of the best encoder-measurable similarity is sufficiency minus a Bregman gap.
 *
 * Statement: for an encoder E of one modality (the anchor) and S_E = log r_E, the best similarity that sees the anchor
 *   only through E,  excess_K := L_K(S_E) − L_K(PMI) = Suff(E) − G_K,  G_K = E φ(R̄_K, S̄_K),
 *   R̄_K = (1/K) Σ_j r(x, y_j), S̄_K = (1/K) Σ_j r_E(E(x), y_j), x ∼ P_anchor, y_1..y_K i.i.d. ∼ P_candidate.
 *   Consequences checked with it: excess_1 = 0, excess_K is non-decreasing in K, excess_K ≤ Suff(E) (so
 *   0 ≤ excess_K ≤ Suff), and excess_K → Suff as K grows (the MC points approach Suff; plotted).
 * Source: theory.md §10.1 item 10; §2.2 (T2) — RECONSTRUCTED (theory.md's own derivation, checked there on the toy).
 * Quantities: K; excessK (exact enumeration via theory/clip-loss-exact, or Monte Carlo); suff (exact); gK (exact
 *   enumeration of all K-tuples, or Monte Carlo); excessPrev = excess at the previous K of the list (0 before K = 1);
 *   tol = 1e-10·max(1, Suff) floating allowance; slackId, slackMono, slackUp = Monte Carlo allowances z·SE (0 for
 *   exact scopes).
 * Checks: (1) the §10.0 toy with E = first image leaf, exact at K = 1, 2 (quick) and 3 (full), plus the golden values
 *   of theory.md; (2) fast-check over random small JGHMs (≤ 27 leaf configurations per modality, so K = 3 is exact)
 *   with random encoders of either modality, exact K = 1, 2, 3; the same on the adversarial arbitrary (exact zeros, other entries ≥ 1e-12);
 *   (3) Monte Carlo on the toy at K = 8, 32 (full: also 128): excess_K (per-sample loss differences, positive from the
 *   joint, K − 1 negatives from the marginal) and G_K (independent samples) — identity two-sided, monotonicity from
 *   the previous K and the upper bound Suff one-sided, each a CLT bound.
 * Error budget: exact parts rate 0; Monte Carlo parts share 1e-4 equally (3 assertions per MC value of K; union bound).
 */
import { defineClaim } from '../engine/claim.js';
import { jghmArbitrary } from '../arbitraries/jghm-arbitrary.js';
import { zerosArbitrary } from '../arbitraries/zeros-arbitrary.js';
import { exactTables, pmiTable, type ExactTables } from '../../theory/exact-tables.js';
import { leafEncoder, type FiniteEncoder } from '../../theory/encoders.js';
import { bestEncoderSimilarity, sufficiency } from '../../theory/information.js';
import { exactOneDirectionLoss } from '../../theory/clip-loss-exact.js';
import { normalQuantileUpper, summarize, cltMinDetectableDiscrepancy } from '../statistics/index.js';
import { TOY_GOLDEN } from '../data/toy-golden.js';
import { loadReferenceToy } from '../data/reference-toys.js';
import { randomEncoder } from '../encoders/random-encoders.js';
import { exactGK, mcExcessSamples, mcGKSamples } from '../computations/finite-k.js';
import { firstFailingScope } from '../engine/first-failing-scope.js';
import type { Scope } from '../engine/statement.js';
import { modelRng } from '../engine/model-rng.js';

const STATEMENT =
  'abs(excessK - (suff - gK)) <= tol + slackId and excessK >= excessPrev - tol - slackMono and excessK <= suff + tol + slackUp and (K > 1 or abs(excessK) <= tol)';

interface Params {
  numRuns: number;
  toyExactK: number[];
  mcK: number[];
  mcSamples: number;
  maxConfigurations: number;
}

function exactScopes(t: ExactTables, enc: FiniteEncoder, ks: readonly number[]): Scope[] {
  const pmi = pmiTable(t);
  const se = bestEncoderSimilarity(t, enc);
  const suff = sufficiency(t, enc);
  const tol = 1e-10 * Math.max(1, suff);
  let prev = 0;
  return ks.map((K) => {
    const excessK = exactOneDirectionLoss(t, se, K, enc.modality) - exactOneDirectionLoss(t, pmi, K, enc.modality);
    const scope = { K, excessK, suff, gK: exactGK(t, enc, K), excessPrev: prev, tol, slackId: 0, slackMono: 0, slackUp: 0 };
    prev = excessK;
    return scope;
  });
}

export default defineClaim<Params>({
  id: 'finite-k-sufficiency-identity',
  title: '(T2) Finite-K CLIP excess of the best E-measurable similarity = Suff(E) − E φ(R̄_K, S̄_K)',
  source: { kind: 'derived', tag: 'RECONSTRUCTED', reference: 'theory.md §10.1 item 10; §2.2 (T2)' },
  statement: STATEMENT,
  symbols: {
    excessK: '\\mathrm{excess}_K',
    suff: '\\mathrm{Suff}(E)',
    gK: 'G_K',
    excessPrev: '\\mathrm{excess}_{K^-}',
    tol: '\\tau',
    slackId: '\\delta_{\\mathrm{id}}',
    slackMono: '\\delta_{\\mathrm{mono}}',
    slackUp: '\\delta_{\\mathrm{up}}',
  },
  tier: 'quick',
  parameters: {
    quick: { numRuns: 15, toyExactK: [1, 2], mcK: [8, 32], mcSamples: 40_000, maxConfigurations: 27 },
    full: { numRuns: 200, toyExactK: [1, 2, 3], mcK: [8, 32, 128], mcSamples: 400_000, maxConfigurations: 27 },
  },
  falseFailureRate: 1e-4,
  power:
    'Monte Carlo parts: the identity check detects a violation |excess_K − (Suff − G_K)| of the size printed in the notes ' +
    '(CLT, false-pass rate 1e-3); the exact parts detect any violation above 1e-10.',
  run(ctx) {
    const p = ctx.params;
    // (1) the toy, exact
    const toy = exactTables(loadReferenceToy('toy-jghm'));
    const enc = leafEncoder(toy, 'image', 0);
    const toyScopes = exactScopes(toy, enc, p.toyExactK);
    toyScopes.forEach((s) => ctx.check(s, `toy, E = first image leaf, K = ${s.K} (exact)`));
    ctx.progress(0.3);
    const golden = toyScopes.filter((s) => s.K in TOY_GOLDEN.gK);
    const goldenErr = Math.max(
      Math.abs(toyScopes[0].suff - TOY_GOLDEN.suffImageLeaf0),
      ...golden.map((s) => Math.max(Math.abs(s.gK - TOY_GOLDEN.gK[s.K]), Math.abs(s.excessK - TOY_GOLDEN.excessK[s.K]))),
    );
    ctx.assert('toy values match theory.md §10.0 (independent NumPy) to 1e-9', goldenErr <= 1e-9, `max |difference| = ${goldenErr.toExponential(2)} over Suff and K ∈ {${golden.map((s) => s.K).join(', ')}}`);

    // (2) random small models, exact K = 1, 2, 3
    const ks = [1, 2, 3];
    const scopeOf = (label: string) => (model: Parameters<typeof exactTables>[0]) => {
      const t = exactTables(model);
      const rng = modelRng(ctx.rng, model, label);
      const e = randomEncoder(t, rng.uniform() < 0.5 ? 'image' : 'text', rng);
      return firstFailingScope(STATEMENT, exactScopes(t, e, ks));
    };
    ctx.property(jghmArbitrary({ maxConfigurations: p.maxConfigurations, maxStates: 3 }), scopeOf('regular'), {
      label: 'random models (kernels ≥ 0.02 before normalisation), random encoders, exact K = 1, 2, 3',
    });
    ctx.progress(0.6);
    ctx.property(zerosArbitrary({ maxConfigurations: p.maxConfigurations, maxStates: 3 }), scopeOf('zeros'), {
      label: 'adversarial random models (exact zeros, other entries ≥ 1e-12), random encoders, exact K = 1, 2, 3',
      numRuns: Math.max(5, Math.round(p.numRuns / 2)),
    });
    ctx.progress(0.8);

    // (3) Monte Carlo on the toy for larger K
    const rate = ctx.budget.total / (3 * p.mcK.length);
    const zOne = normalQuantileUpper(rate);
    const zTwo = normalQuantileUpper(rate / 2);
    const suff = toyScopes[0].suff;
    let prev = toyScopes[toyScopes.length - 1];
    let prevSe = 0;
    const mcPoints: { x: number; y: number; lo: number; hi: number }[] = [];
    for (const K of p.mcK) {
      const ex = summarize(mcExcessSamples(toy, enc, K, p.mcSamples, ctx.rng.split(`excess-K${K}`)));
      const g = summarize(mcGKSamples(toy, enc, K, p.mcSamples, ctx.rng.split(`gK-K${K}`)));
      ctx.budget.spend(`identity K=${K}`, rate);
      ctx.budget.spend(`monotone K=${K}`, rate);
      ctx.budget.spend(`upper K=${K}`, rate);
      const seId = Math.hypot(ex.se, g.se);
      const scope = {
        K,
        excessK: ex.mean,
        suff,
        gK: g.mean,
        excessPrev: prev.excessK,
        tol: toyScopes[0].tol,
        slackId: zTwo * seId,
        slackMono: zOne * Math.hypot(ex.se, prevSe),
        slackUp: zOne * ex.se,
      };
      ctx.check(scope, `toy, K = ${K} (Monte Carlo, n = ${p.mcSamples}, false-failure rate ${(3 * rate).toExponential(2)} for the three parts)`);
      const detect = cltMinDetectableDiscrepancy(p.mcSamples, Math.sqrt(ex.variance + g.variance), { falseFailureRate: rate, falsePassRate: 1e-3, sided: 'two' });
      ctx.note(`K = ${K}: excess ${ex.mean.toFixed(5)} ± ${ex.se.toExponential(2)} (SE), G_K ${g.mean.toFixed(5)} ± ${g.se.toExponential(2)} (K·G_K = ${(K * g.mean).toFixed(3)}; roughly constant in K means G_K ≈ c/K), Suff − G_K = ${(suff - g.mean).toFixed(5)}; the identity check detects violations ≥ ${detect.toExponential(2)} with probability ≥ 0.999`);
      ctx.quantity({ name: `excess_${K}`, estimate: ex.mean, se: ex.se, ci: [ex.mean - zTwo * ex.se, ex.mean + zTwo * ex.se], exact: false, note: 'toy, E = first image leaf, Monte Carlo' });
      ctx.quantity({ name: `G_${K}`, estimate: g.mean, se: g.se, exact: false, note: 'toy, Monte Carlo' });
      mcPoints.push({ x: K, y: ex.mean, lo: ex.mean - zTwo * ex.se, hi: ex.mean + zTwo * ex.se });
      prev = scope;
      prevSe = ex.se;
    }
    for (const s of toyScopes) {
      ctx.quantity({ name: `excess_${s.K}`, estimate: s.excessK, exact: true, note: 'toy, E = first image leaf' });
      ctx.quantity({ name: `G_${s.K}`, estimate: s.gK, exact: true, note: 'toy, enumeration of all K-tuples' });
    }
    ctx.quantity({ name: 'suff', tex: '\\mathrm{Suff}(E)', estimate: suff, exact: true, note: 'toy, E = first image leaf' });
    const kMax = p.mcK[p.mcK.length - 1];
    ctx.plot({
      id: 'excess-vs-k',
      title: 'Toy: one-direction excess of S_E vs K, against Suff(E)',
      xLabel: 'K',
      yLabel: 'L_K(S_E) − L_K(PMI)',
      logX: true,
      series: [
        { name: 'exact (enumeration)', kind: 'ours', points: toyScopes.map((s) => ({ x: s.K, y: s.excessK })) },
        { name: `Monte Carlo (±z·SE, z = ${zTwo.toFixed(2)})`, kind: 'ours', points: mcPoints },
        { name: 'Suff(E) (the K → ∞ limit)', kind: 'bound', points: [{ x: 1, y: suff }, { x: kMax, y: suff }] },
      ],
    });
    ctx.table(
      ['K', 'excess_K', 'G_K', 'Suff − G_K', 'how'],
      [
        ...toyScopes.map((s) => [s.K, s.excessK, s.gK, s.suff - s.gK, 'exact'] as (string | number)[]),
        ...p.mcK.map((K, i) => [K, mcPoints[i].y, '', '', 'Monte Carlo'] as (string | number)[]),
      ],
    );
  },
});
