/**
 * Claim 13 — the zero-shot excess cross-entropy is at most the K = ∞ CLIP excess (data processing), and the excess
 * total variation is at most its Pinsker square root.
 *
 * Statement: for every similarity S (image × text table) and the class c = one text leaf,
 *   E_x KL(p(c | x) ‖ p̂_S(c | x)) ≤ L_∞^→(S) − L_∞^→(PMI) = E_x KL(p(· | x) ‖ q_S(· | x)),
 *   E_x TV(p(c | x), p̂_S(c | x)) ≤ √(½ E_x KL(p(c | x) ‖ p̂_S)) ≤ √(½ [L_∞^→(S) − L_∞^→(PMI)])   (Pinsker + Jensen),
 * where p̂_S is the M = ∞ classifier p̂_S(c | x) = Σ_y p(c | y) q_S(y | x) (the text → label channel applied to q_S).
 * Source: theory.md §10.1 item 13; §3.1 (guarantee by data processing) — RECONSTRUCTED (mechanism FOUND).
 * Quantities (exact): zscKl, zscTv (theory/information zeroShotExcess of zeroShotClassifier); clipExcess =
 *   L_∞^→(S) − L_∞^→(PMI) (theory/clip-loss-exact infiniteKLoss); tol = 1e-10·max(1, clipExcess). The Pinsker
 *   steps are checked squared, (E TV)² ≤ E KL/2, which is equivalent since E TV ≥ 0.
 * Checks: the §10.0 toy (golden: excess of S_E for E = first image leaf is 0.20647568 ≤ Suff = 0.30353550; Bayes
 *   cross-entropy H(c | x) = 0.61746760), then fast-check over random JGHMs with a random class leaf and random
 *   similarities: an arbitrary N(0, 2²) table, PMI + N(0, 0.5²) noise, PMI + f(x) (no excess at all), the best
 *   similarity S_E of a random image encoder, and a class table through random encoders of both modalities; the same
 *   on the adversarial arbitrary (exact zeros, other entries ≥ 1e-12).
 * Error budget: deterministic — false-failure rate 0.
 */
import { defineClaim } from '../engine/claim.js';
import { jghmArbitrary } from '../arbitraries/jghm-arbitrary.js';
import { zerosArbitrary } from '../arbitraries/zeros-arbitrary.js';
import { exactTables, pmiTable, type ExactTables } from '../../theory/exact-tables.js';
import { leafEncoder } from '../../theory/encoders.js';
import { bestEncoderSimilarity, sufficiency, zeroShotBayesCrossEntropy, zeroShotClassifier, zeroShotExcess } from '../../theory/information.js';
import { infiniteKLoss } from '../../theory/clip-loss-exact.js';
import type { Jghm } from '../../theory/model.js';
import type { Rng } from '../../theory/random.js';
import { TOY_GOLDEN } from '../data/toy-golden.js';
import { loadReferenceToy } from '../data/reference-toys.js';
import { classTableSimilarity, perturbed, randomClassTable, randomEncoder } from '../encoders/random-encoders.js';
import { modelRng } from '../engine/model-rng.js';

function scopeFor(t: ExactTables, sim: Float64Array, classLeaf: number) {
  const { kl, tv } = zeroShotExcess(t, zeroShotClassifier(t, sim, classLeaf), classLeaf);
  const clipExcess = infiniteKLoss(t, sim).imageAnchor - infiniteKLoss(t, pmiTable(t)).imageAnchor;
  return { zscKl: kl, zscTv: tv, clipExcess, tol: 1e-10 * Math.max(1, Math.abs(clipExcess)) };
}

const KINDS = ['arbitrary', 'perturbed-pmi', 'pmi-plus-f', 'best-encoder', 'class-table'] as const;

function randomSimilarity(t: ExactTables, rng: Rng): { kind: (typeof KINDS)[number]; sim: Float64Array } {
  const kind = KINDS[rng.int(KINDS.length)];
  const pmi = pmiTable(t);
  switch (kind) {
    case 'arbitrary':
      return { kind, sim: perturbed(new Float64Array(pmi.length), 2, rng) };
    case 'perturbed-pmi':
      return { kind, sim: perturbed(pmi, 0.5, rng) };
    case 'pmi-plus-f': {
      const f = Float64Array.from({ length: t.nx }, () => 3 * rng.normal());
      return { kind, sim: pmi.map((v, i) => v + f[Math.floor(i / t.ny)]) };
    }
    case 'best-encoder':
      return { kind, sim: bestEncoderSimilarity(t, randomEncoder(t, 'image', rng)) };
    case 'class-table': {
      const a = randomEncoder(t, 'image', rng);
      const b = randomEncoder(t, 'text', rng);
      return { kind, sim: classTableSimilarity(t, a, b, randomClassTable(a.count, b.count, 1, rng)) };
    }
  }
}

export default defineClaim<{ numRuns: number; maxConfigurations: number }>({
  id: 'zsc-excess-bounded-by-clip-excess',
  title: 'ZSC excess cross-entropy ≤ K = ∞ CLIP excess; E TV ≤ √(excess/2)',
  source: { kind: 'derived', tag: 'RECONSTRUCTED', reference: 'theory.md §10.1 item 13; §3.1 (data processing; mechanism FOUND)' },
  // Pinsker in squared form ((E TV)² ≤ E KL/2, E TV ≥ 0): avoids sqrt of a −1e-17 rounding residue (complex in mathjs)
  statement: 'zscKl <= clipExcess + tol and zscTv^2 <= zscKl / 2 + tol and zscTv^2 <= clipExcess / 2 + tol',
  symbols: {
    zscKl: '\\mathbb{E}\\,\\mathrm{KL}(p(c\\mid x)\\|\\hat p_S(c\\mid x))',
    zscTv: '\\mathbb{E}\\,\\mathrm{TV}',
    clipExcess: 'L^{\\to}_\\infty(S)-L^{\\to}_\\infty(\\mathrm{PMI})',
    tol: '\\tau',
  },
  tier: 'quick',
  parameters: { quick: { numRuns: 20, maxConfigurations: 81 }, full: { numRuns: 300, maxConfigurations: 243 } },
  falseFailureRate: 0,
  run(ctx) {
    const toy = exactTables(loadReferenceToy('toy-jghm'));
    const enc = leafEncoder(toy, 'image', 0);
    const toyScope = scopeFor(toy, bestEncoderSimilarity(toy, enc), 0);
    ctx.check(toyScope, 'toy, S = S_E (E = first image leaf), class = first text leaf (exact)');
    const suff = sufficiency(toy, enc);
    const h = zeroShotBayesCrossEntropy(toy, 0);
    const err = Math.max(
      Math.abs(toyScope.zscKl - TOY_GOLDEN.zeroShotExcessOfBestEncoderSimilarity),
      Math.abs(toyScope.clipExcess - TOY_GOLDEN.suffImageLeaf0),
      Math.abs(suff - TOY_GOLDEN.suffImageLeaf0),
      Math.abs(h - TOY_GOLDEN.zeroShotBayesCrossEntropy),
    );
    ctx.assert('toy values match theory.md §10.0 (ZSC excess 0.20647568 ≤ Suff 0.30353550, H(c | x) 0.61746760) to 1e-9', err <= 1e-9, `max |difference| = ${err.toExponential(2)}`);
    ctx.quantity({ name: 'zscKl', tex: '\\mathbb{E}\\,\\mathrm{KL}', estimate: toyScope.zscKl, exact: true, note: 'toy, S = S_E, E = first image leaf' });
    ctx.quantity({ name: 'clipExcess', tex: '\\Delta L^{\\to}_\\infty', estimate: toyScope.clipExcess, exact: true, note: 'toy, S = S_E (= Suff(E))' });
    ctx.quantity({ name: 'zscTv', tex: '\\mathbb{E}\\,\\mathrm{TV}', estimate: toyScope.zscTv, exact: true, note: `toy; Pinsker bound √(KL/2) = ${Math.sqrt(toyScope.zscKl / 2).toFixed(6)}` });
    const toyRng = ctx.rng.split('toy');
    for (let i = 0; i < 4; i++) {
      const { kind, sim } = randomSimilarity(toy, toyRng);
      const leaf = toyRng.int(toy.model.text.leaves);
      ctx.check(scopeFor(toy, sim, leaf), `toy, random S (${kind}), class = text leaf ${leaf} (exact)`);
    }
    const scopeOf = (label: string) => (model: Jghm) => {
      const rng = modelRng(ctx.rng, model, label);
      const t = exactTables(model);
      const { sim } = randomSimilarity(t, rng);
      return scopeFor(t, sim, rng.int(model.text.leaves));
    };
    ctx.property(jghmArbitrary({ maxConfigurations: ctx.params.maxConfigurations }), scopeOf('regular'), { label: 'random models, random S, random class leaf' });
    ctx.progress(0.5);
    ctx.property(zerosArbitrary({ maxConfigurations: ctx.params.maxConfigurations }), scopeOf('zeros'), { label: 'adversarial random models (exact zeros, other entries ≥ 1e-12), random S, random class leaf' });
  },
});
