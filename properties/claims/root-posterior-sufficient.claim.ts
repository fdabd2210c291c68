/**
 * Claim 8 — the root posterior is sufficient; coarsenings lose information.
 *
 * Statement: for either modality, Suff(E = π_x) = 0 (the root posterior is an exactly sufficient statistic, because
 * the trees are conditionally independent given the root); Suff(E = MAP root) ≥ 0, and > 0 whenever p(y | x)
 * varies within a MAP class — quantitatively Suff(E) ≥ 2·E_x TV(p(· | x), p(· | E(x)))² (Pinsker) for every E; and
 * along a refinement chain (each encoder a function of the next, finer one) Suff is non-increasing in fineness.
 * Source: theory.md §10.1 item 8; §2.1 (d) (RECONSTRUCTED).
 * Quantities: suffPosterior = max |Suff(root-posterior encoder)| over both modalities; suffMap = Suff(root-MAP),
 *   pinskerMap = its Pinsker lower bound from the brute-force joint table, taken for the modality with the smaller
 *   margin suffMap − pinskerMap; chainIncrease = the largest Suff(finer) − Suff(coarser) along two chains per
 *   modality: identity ⊃ leaves 0..L−2 ⊃ … ⊃ leaf 0 ⊃ constant, and identity ⊃ random merges ⊃ … ⊃ constant (plus the
 *   pair root-posterior ⊃ root-MAP); tol = 1e-10·(1 + I). Suff by theory/information.ts `sufficiency`.
 * Checks: fast-check properties over random small JGHMs (kernels bounded away from 0; and exact zeros, no positive
 *   entry below 1e-12); the golden symmetric toy of theory.md §10.0 (Suff(root posterior) = 0 and Suff(MAP) =
 *   0.10083126570766887 > 0, to 1e-9); and non-degeneracy: on models of the paper's construction (small preset,
 *   p = 0.2) the MAP encoder's Pinsker bound, hence Suff(MAP), must be > 1e-6.
 * Error budget: deterministic — false-failure rate 0.
 */
import { defineClaim } from '../engine/claim.js';
import { jghmArbitrary } from '../arbitraries/jghm-arbitrary.js';
import { type ExactTables, exactTables } from '../../theory/exact-tables.js';
import { type FiniteEncoder, rootMapEncoder, rootPosteriorEncoder } from '../../theory/encoders.js';
import { mutualInformation, sufficiency } from '../../theory/information.js';
import { generatePreset } from '../../theory/generators.js';
import type { Rng } from '../../theory/random.js';
import type { Jghm, Modality } from '../../theory/model.js';
import { bruteForceSufficiency, leafPrefixChain, randomMergeChain } from '../encoders/encoder-refinements.js';
import { hasNoTinyKernelEntries } from '../arbitraries/model-filters.js';
import { loadReferenceToy } from '../data/reference-toys.js';
import { reportQuantity } from '../engine/report-quantity.js';
import { modelRng } from '../engine/model-rng.js';

const TOL = 1e-10;
/** theory.md §10.0, symmetric variant: Suff(E_im = MAP root). */
const TOY_SYMMETRIC_SUFF_MAP = 0.10083126570766887;

/** Largest Suff(finer) − Suff(coarser) along a chain listed finest first. */
function chainIncrease(t: ExactTables, chain: FiniteEncoder[], mi: number): number {
  let worst = -Infinity;
  let prev = sufficiency(t, chain[0], mi);
  for (let i = 1; i < chain.length; i++) {
    const cur = sufficiency(t, chain[i], mi);
    const d = prev - cur;
    worst = Math.max(worst, Number.isNaN(d) ? Infinity : d);
    prev = cur;
  }
  return worst;
}

function scopeOf(t: ExactTables, rng: Rng) {
  const mi = mutualInformation(t);
  let suffPosterior = 0;
  let map = { suffMap: Infinity, pinskerMap: 0 };
  let increase = -Infinity;
  for (const m of ['image', 'text'] as Modality[]) {
    const post = rootPosteriorEncoder(t, m);
    const mapEnc = rootMapEncoder(t, m);
    const sp = sufficiency(t, post, mi);
    suffPosterior = Math.max(suffPosterior, Number.isNaN(sp) ? Infinity : Math.abs(sp));
    const sm = sufficiency(t, mapEnc, mi);
    const pinsker = bruteForceSufficiency(t, mapEnc).pinsker;
    if (!(sm - pinsker >= map.suffMap - map.pinskerMap)) map = { suffMap: sm, pinskerMap: pinsker };
    increase = Math.max(increase, chainIncrease(t, leafPrefixChain(t, m), mi), chainIncrease(t, randomMergeChain(t, m, rng.split(m)), mi), chainIncrease(t, [post, mapEnc], mi));
  }
  return { suffPosterior, ...map, chainIncrease: increase, tol: TOL * (1 + mi) };
}

export default defineClaim<{ numRuns: number; presetModels: number }>({
  id: 'root-posterior-sufficient',
  title: 'The root posterior is sufficient; the MAP root and other coarsenings are not',
  source: { kind: 'derived', tag: 'RECONSTRUCTED', reference: 'theory.md §10.1 item 8; §2.1 (d)' },
  statement: 'suffPosterior <= tol and suffMap >= pinskerMap - tol and pinskerMap >= 0 and chainIncrease <= tol',
  symbols: {
    suffPosterior: '|\\mathrm{Suff}(\\pi_x)|',
    suffMap: '\\mathrm{Suff}(\\mathrm{MAP})',
    pinskerMap: '2\\,\\mathbb{E}\\,\\mathrm{TV}^2(\\mathrm{MAP})',
    chainIncrease: '\\max\\,[\\mathrm{Suff}(E_{\\mathrm{fine}})-\\mathrm{Suff}(E_{\\mathrm{coarse}})]',
    tol: '\\tau',
  },
  tier: 'quick',
  parameters: { quick: { numRuns: 15, presetModels: 2 }, full: { numRuns: 300, presetModels: 20 } },
  falseFailureRate: 0,
  run(ctx) {
    const { numRuns, presetModels } = ctx.params;
    let worstPosterior = 0;
    let worstChain = -Infinity;
    const scope = (model: Jghm) => {
      const sc = scopeOf(exactTables(model), modelRng(ctx.rng, model));
      worstPosterior = Math.max(worstPosterior, sc.suffPosterior);
      worstChain = Math.max(worstChain, sc.chainIncrease);
      return sc;
    };
    ctx.property(jghmArbitrary({ maxStates: 3, maxConfigurations: 81 }), scope, { numRuns, label: 'root posterior, MAP and refinement chains of both trees; kernels bounded away from 0' });
    ctx.property(jghmArbitrary({ maxStates: 3, maxConfigurations: 81, zeros: true }).filter(hasNoTinyKernelEntries), scope, { numRuns, label: 'adversarial: kernels with exact zeros (no positive entry below 1e-12)' });
    reportQuantity(ctx, { name: 'maxSuffPosterior', tex: '\\max|\\mathrm{Suff}(\\pi_x)|', estimate: worstPosterior, exact: true, note: `over ${2 * numRuns} random models, both modalities` });
    reportQuantity(ctx, { name: 'maxChainIncrease', tex: '\\max\\,[\\mathrm{Suff}(\\mathrm{fine})-\\mathrm{Suff}(\\mathrm{coarse})]', estimate: worstChain, exact: true });

    // golden symmetric toy
    const t = exactTables(loadReferenceToy('toy-jghm-symmetric'));
    ctx.check(scopeOf(t, ctx.rng.split('toy')), 'golden symmetric toy (theory.md §10.0)');
    const sPost = sufficiency(t, rootPosteriorEncoder(t, 'image'));
    const sMap = sufficiency(t, rootMapEncoder(t, 'image'));
    ctx.assert(
      'golden symmetric toy: Suff(root posterior) = 0 and Suff(MAP) = 0.10083126570766887 (1e-9)',
      Math.abs(sPost) <= 1e-9 && Math.abs(sMap - TOY_SYMMETRIC_SUFF_MAP) <= 1e-9,
      `Suff(image:root-posterior) = ${sPost}, Suff(image:root-map) = ${sMap}`,
    );
    reportQuantity(ctx, { name: 'toySuffMap', tex: '\\mathrm{Suff}(\\mathrm{MAP})_{\\mathrm{toy}}', estimate: sMap, exact: true, note: `golden ${TOY_SYMMETRIC_SUFF_MAP}` });

    // non-degeneracy: the paper's construction (small preset, p = 0.2): p(y | x) varies within MAP classes
    const rows: (string | number)[][] = [];
    for (let i = 0; i < presetModels; i++) {
      const seed = ctx.rng.split(`preset${i}`).nextUint32();
      const tp = exactTables(generatePreset('small', { p: 0.2, seed }));
      for (const m of ['image', 'text'] as Modality[]) {
        const enc = rootMapEncoder(tp, m);
        const suff = sufficiency(tp, enc);
        const { pinsker } = bruteForceSufficiency(tp, enc);
        ctx.assert(`small preset p = 0.2 (seed ${seed}), ${m}: Suff(MAP) ≥ Pinsker bound > 1e-6`, pinsker > 1e-6 && suff >= pinsker - TOL, `Suff(MAP) = ${suff}, Pinsker bound = ${pinsker}`);
        rows.push([seed, m, suff, pinsker, sufficiency(tp, rootPosteriorEncoder(tp, m))]);
      }
    }
    ctx.table(['preset seed', 'modality', 'Suff(MAP)', 'Pinsker bound 2E TV²', 'Suff(root posterior)'], rows);
  },
});
