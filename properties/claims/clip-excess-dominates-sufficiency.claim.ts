/**
 * Claim 9 — (T1) at K = ∞ the CLIP excess of an encoder-factored similarity dominates the encoders' sufficiency.
 *
 * Statement: for finite-range encoders E_im, E_tx and every similarity S(x, y) = Υ(E_im(x), E_tx(y)),
 *   [L_∞^→ + L_∞^←](S) − [L_∞^→ + L_∞^←](PMI) ≥ 2[I(x; y) − I(E_im; E_tx)] ≥ Suff(E_im) + Suff(E_tx),
 * the first step is an equality at S = PMI(E_im, E_tx), and each direction alone dominates its own sufficiency:
 *   L_∞^→(S) − L_∞^→(PMI) ≥ Suff(E_im),  L_∞^←(S) − L_∞^←(PMI) ≥ Suff(E_tx).
 * Source: theory.md §10.1 item 9; §2.2 (T1) — RECONSTRUCTED (the qualitative claim is FOUND).
 * Quantities (exact, by enumeration): excess, excessIm, excessTx for a random S = W[E_im(x), E_tx(y)] (an arbitrary
 *   function table of the two classes, or PMI(E_im, E_tx) plus noise on that table); excessPmiE = symmetric excess of
 *   S = PMI(E_im, E_tx); infoGap = 2[I − I(E_im; E_tx)]; suffIm, suffTx; tol = 1e-10·max(1, infoGap) (floating).
 * Checks: the §10.0 toy (E_im = first image leaf, E_tx = second text leaf, golden values), then fast-check over random
 *   small JGHMs with random encoders of each modality (leaf, MAP root, root posterior, random coarsenings, constant,
 *   identity), and the same on the adversarial arbitrary (exact zeros, other entries ≥ 1e-12).
 * Error budget: deterministic — false-failure rate 0.
 */
import { defineClaim } from '../engine/claim.js';
import { jghmArbitrary } from '../arbitraries/jghm-arbitrary.js';
import { zerosArbitrary } from '../arbitraries/zeros-arbitrary.js';
import { densityRatio, exactTables, pmiTable, type ExactTables } from '../../theory/exact-tables.js';
import { leafEncoder, type FiniteEncoder } from '../../theory/encoders.js';
import { encoderRootLaw, encodersMutualInformation, encodersPmiSimilarity, mutualInformation, sufficiency } from '../../theory/information.js';
import { infiniteKLoss } from '../../theory/clip-loss-exact.js';
import type { Jghm } from '../../theory/model.js';
import type { Rng } from '../../theory/random.js';
import { TOY_GOLDEN } from '../data/toy-golden.js';
import { loadReferenceToy } from '../data/reference-toys.js';
import { classTableSimilarity, randomClassTable, randomEncoder } from '../encoders/random-encoders.js';
import { modelRng } from '../engine/model-rng.js';

/** The class table of PMI(E_im, E_tx): log r over (e, f) (−Infinity where p(e, f) = 0). */
function encoderPmiClassTable(t: ExactTables, encIm: FiniteEncoder, encTx: FiniteEncoder): Float64Array {
  const a = encoderRootLaw(t, encIm);
  const b = encoderRootLaw(t, encTx);
  const W = new Float64Array(encIm.count * encTx.count);
  for (let e = 0; e < encIm.count; e++) {
    for (let f = 0; f < encTx.count; f++) W[e * encTx.count + f] = Math.log(densityRatio(t.model.rootPrior, a.postE, e * t.S, b.postE, f * t.S, t.S));
  }
  return W;
}

function scopeFor(t: ExactTables, encIm: FiniteEncoder, encTx: FiniteEncoder, W: Float64Array) {
  const base = infiniteKLoss(t, pmiTable(t));
  const ls = infiniteKLoss(t, classTableSimilarity(t, encIm, encTx, W));
  const lp = infiniteKLoss(t, encodersPmiSimilarity(t, encIm, encTx));
  const mi = mutualInformation(t);
  const infoGap = 2 * (mi - encodersMutualInformation(t, encIm, encTx));
  return {
    excess: ls.symmetric - base.symmetric,
    excessIm: ls.imageAnchor - base.imageAnchor,
    excessTx: ls.textAnchor - base.textAnchor,
    excessPmiE: lp.symmetric - base.symmetric,
    infoGap,
    suffIm: sufficiency(t, encIm, mi),
    suffTx: sufficiency(t, encTx, mi),
    tol: 1e-10 * Math.max(1, Math.abs(infoGap)),
  };
}

/** An arbitrary function table of the two classes: W[e, f] i.i.d. N(0, 2²). */
function arbitraryTable(encIm: FiniteEncoder, encTx: FiniteEncoder, rng: Rng): Float64Array {
  return randomClassTable(encIm.count, encTx.count, 2, rng);
}

/** PMI(E_im, E_tx) + N(0, 0.3²) on its finite class-table entries (−Infinity, where p(e, f) = 0, stays). */
function perturbedPmiTable(t: ExactTables, encIm: FiniteEncoder, encTx: FiniteEncoder, rng: Rng): Float64Array {
  const noise = randomClassTable(encIm.count, encTx.count, 0.3, rng);
  return encoderPmiClassTable(t, encIm, encTx).map((v, i) => (Number.isFinite(v) ? v + noise[i] : v));
}

/** A random S through the two encoders: an arbitrary table or a perturbed PMI(E_im, E_tx), with probability 1/2 each. */
function randomTable(t: ExactTables, encIm: FiniteEncoder, encTx: FiniteEncoder, rng: Rng): Float64Array {
  return rng.uniform() < 0.5 ? arbitraryTable(encIm, encTx, rng) : perturbedPmiTable(t, encIm, encTx, rng);
}

export default defineClaim<{ numRuns: number; maxConfigurations: number }>({
  id: 'clip-excess-dominates-sufficiency',
  title: '(T1) K = ∞ CLIP excess of an encoder-factored S ≥ 2[I − I(E_im; E_tx)] ≥ Suff(E_im) + Suff(E_tx)',
  source: { kind: 'derived', tag: 'RECONSTRUCTED', reference: 'theory.md §10.1 item 9; §2.2 (T1) (qualitative form FOUND)' },
  statement:
    'excess >= infoGap - tol and abs(excessPmiE - infoGap) <= tol and infoGap >= suffIm + suffTx - tol and excessIm >= suffIm - tol and excessTx >= suffTx - tol',
  symbols: {
    excess: '\\Delta L_\\infty(S)',
    excessIm: '\\Delta L^{\\to}_\\infty(S)',
    excessTx: '\\Delta L^{\\leftarrow}_\\infty(S)',
    excessPmiE: '\\Delta L_\\infty(\\mathrm{PMI}_{E})',
    infoGap: '2[I-I(E_{im};E_{tx})]',
    suffIm: '\\mathrm{Suff}(E_{im})',
    suffTx: '\\mathrm{Suff}(E_{tx})',
    tol: '\\tau',
  },
  tier: 'quick',
  parameters: { quick: { numRuns: 20, maxConfigurations: 81 }, full: { numRuns: 300, maxConfigurations: 243 } },
  falseFailureRate: 0,
  run(ctx) {
    const toy = exactTables(loadReferenceToy('toy-jghm'));
    const eIm = leafEncoder(toy, 'image', 0);
    const eTx = leafEncoder(toy, 'text', 1);
    const toyRng = ctx.rng.split('toy');
    for (const [name, W] of [
      ['S = PMI(E_im, E_tx)', encoderPmiClassTable(toy, eIm, eTx)],
      ['S = arbitrary class table', arbitraryTable(eIm, eTx, toyRng)],
      ['S = perturbed PMI(E_im, E_tx)', perturbedPmiTable(toy, eIm, eTx, toyRng)],
    ] as const) {
      const s = scopeFor(toy, eIm, eTx, W);
      ctx.check(s, `toy, E_im = first image leaf, E_tx = second text leaf, ${name} (exact)`);
      if (name === 'S = PMI(E_im, E_tx)') {
        const err = Math.max(
          Math.abs(s.excessPmiE - TOY_GOLDEN.infiniteKExcessOfEncoderPmi),
          Math.abs(s.suffIm + s.suffTx - TOY_GOLDEN.suffSum),
          Math.abs(s.infoGap / 2 - (TOY_GOLDEN.mutualInformation - TOY_GOLDEN.encodersMutualInformation)),
        );
        ctx.assert('toy values match theory.md §10.0 (0.7932519537692 ≥ 0.5025002059902) to 1e-9', err <= 1e-9, `max |difference| = ${err.toExponential(2)}`);
        ctx.quantity({ name: 'excessPmiE', tex: '\\Delta L_\\infty(\\mathrm{PMI}_E)', estimate: s.excessPmiE, exact: true, note: 'toy' });
        ctx.quantity({ name: 'infoGap', tex: '2[I-I(E_{im};E_{tx})]', estimate: s.infoGap, exact: true, note: 'toy' });
        ctx.quantity({ name: 'suffSum', tex: '\\mathrm{Suff}(E_{im})+\\mathrm{Suff}(E_{tx})', estimate: s.suffIm + s.suffTx, exact: true, note: 'toy' });
      }
    }
    const scopeOf = (label: string) => (model: Jghm) => {
      const t = exactTables(model);
      const rng = modelRng(ctx.rng, model, label);
      const encIm = randomEncoder(t, 'image', rng);
      const encTx = randomEncoder(t, 'text', rng);
      return scopeFor(t, encIm, encTx, randomTable(t, encIm, encTx, rng));
    };
    ctx.property(jghmArbitrary({ maxConfigurations: ctx.params.maxConfigurations }), scopeOf('regular'), {
      label: 'random models, random encoders, random S through the encoders',
    });
    ctx.progress(0.6);
    ctx.property(zerosArbitrary({ maxConfigurations: ctx.params.maxConfigurations }), scopeOf('zeros'), {
      label: 'adversarial random models (exact zeros, other entries ≥ 1e-12), random encoders, random S through the encoders',
    });
  },
});
