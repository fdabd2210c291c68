/**
 * Learned claim 6 — out of distribution (paper Figs. 8–9): CLIP encoders trained at flip probability p₀ and evaluated
 * on the same kernels at other p have CLIP risk ≥ Bayes(p), and their risk stays within a stated distance of
 * mis-specified BP at p₀ (the PMI computed from the p₀ kernels, evaluated under the p law).
 *
 * Statement, per random model (trained at its own p₀, deep encoders, every training seed, the step budget's snapshot):
 *   (exact) ΔL_p(S_θ) = L_∞(S_θ; p) − L_∞(PMI_p; p) ≥ −τ for every p of the grid, and
 *   (seeds) each seed's distance D = max_p |ΔL_p(S_θ) − ΔL_p(PMI_{p₀})| exceeds ΔL_{p₀}(S_θ) + c·M with
 *   probability ≤ q, where M = max_p ΔL_p(PMI_{p₀}) is mis-specified BP's own largest excess on the grid; fail when
 *   more than `allowed` seeds do. At p = p₀ the difference is the in-distribution excess ΔL_{p₀}(S_θ) itself (the
 *   depth claim bounds it), so c·M states how much farther than that the trained similarity strays from
 *   mis-specified BP anywhere on the grid, relative to how far leaving p₀ moves BP itself.
 * Source: paper Figs. 8–9 (FOUND: the trained transformer's out-of-distribution risk follows mis-specified BP);
 *   the K = ∞ form, the grid and c are ours (RECONSTRUCTED). The first part is a theorem (the PMI of the p law
 *   minimises the K = ∞ loss under that law) checked on what training produces.
 * Quantities (exact, by enumeration over all 81 × 81 leaf configurations of each p): ΔL_p of the trained table and of
 *   the p₀ PMI table, both directions summed.
 * Quick tier: the shared draw's 2 models × 2 seeds (the depth claim's deep encoders, no extra training), grid
 *   p ∈ {0.05, 0.1, 0.15, 0.2, 0.25, 0.3} ∪ {p₀}, c = 0.2, q = 0.002, allowed = 1 of 2. History, stated because the
 *   rule changed after a failure: an absolute ε = 0.02 (D − ΔL_{p₀} was 0–0.007 on the draws of root seeds 1–2)
 *   failed on root seed 4's p₀ = 0.05 model (D − ΔL_{p₀} = 0.037–0.040; M = 0.44 there, as leaving a low-noise p₀
 *   costs BP much more). On root seeds 1 and 4 (4 models × 2 seeds, deep encoders), (D − ΔL_{p₀})/M = 0–0.091;
 *   c = 0.2 leaves a factor 2.2, and root seeds 3, 5 and the test seed were checked only after c was fixed.
 * Error budget: the exact part has rate 0 (τ = 1e-9·max(1, |ΔL|)); the seed count P(Bin(2, 0.002) ≥ 2) = 4e-6 per
 *   model, 8e-6 over 2 models (full tier: 6 × P(Bin(4, 0.002) ≥ 3) ≈ 1.9e-7).
 * Power: the untrained encoders (step 0) passed off as trained stray far more (D − ΔL_{p₀} ≈ 1 nat ≫ c·M ≤ 0.1: the
 *   planted twin in test/properties/learned/), so both seeds are far and the check fails with probability 1.
 */
import { defineClaim } from '../engine/claim.js';
import type { Jghm } from '../../theory/model.js';
import { learnedJghmArbitrary, learnedParams } from '../learned/learned-jghm.js';
import { FULL_LEARNED, LEARNED_DRAW, QUICK_LEARNED, type LearnedTier } from '../learned/learned-presets.js';
import { learnedPool } from '../learned/learned-pool.js';
import { learnedBackend } from '../learned/learned-backend.js';
import { oodScope, type OodParams, type OodRecord } from '../learned/ood-scope.js';
import { seedTailFalseFailure, seedCountResolution } from '../learned/seed-tail.js';

interface Params {
  learned: LearnedTier;
  ood: OodParams;
}

const GRID = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3];
const QUICK: Params = { learned: QUICK_LEARNED, ood: { grid: GRID, fraction: 0.2, q: 0.002, allowed: 1 } };
const FULL: Params = { learned: FULL_LEARNED, ood: { grid: GRID, fraction: 0.2, q: 0.002, allowed: 2 } };

const rate = (p: Params) => p.learned.models * seedTailFalseFailure({ seeds: p.learned.seeds.length, allowed: p.ood.allowed, q: p.ood.q });

export default defineClaim<Params>({
  id: 'learned-ood-tracks-misspecified-bp',
  title: 'Out of distribution: encoders trained at p₀ have risk ≥ Bayes(p) and track mis-specified BP at p₀',
  source: { kind: 'paper', tag: 'FOUND', reference: 'arXiv 2501.04641 Figs. 8–9; theory.md §7.3 (mis-specified BP); distance RECONSTRUCTED' },
  statement: 'minExcess >= -tol and farSeeds <= allowed',
  symbols: {
    minExcess: '\\min_{p,\\text{seed}}\\,[L_\\infty(S_\\theta;p)-L_\\infty(\\mathrm{PMI}_p;p)]',
    tol: '\\tau',
    farSeeds: '\\#\\{\\text{seeds}: \\max_p |\\Delta L_p(S_\\theta)-\\Delta L_p(\\mathrm{PMI}_{p_0})| > \\Delta L_{p_0}(S_\\theta)+c\\max_p\\Delta L_p(\\mathrm{PMI}_{p_0})\\}',
    allowed: 'a',
  },
  tier: 'quick',
  parameters: { quick: QUICK, full: FULL },
  falseFailureRate: Math.max(rate(QUICK), rate(FULL)),
  power: 'untrained encoders (step 0) in place of trained ones stray ≈ 1 nat beyond their in-distribution excess (≫ c·M) on every seed: fails with probability 1 (planted twin)',
  async run(ctx) {
    const { learned: tier, ood } = ctx.params;
    const backend = await learnedBackend(ctx.tier);
    ctx.budget.spend('seed counts of the distance, every model', rate(ctx.params));
    ctx.resolution(seedCountResolution({ seeds: ctx.params.learned.seeds.length, allowed: ctx.params.ood.allowed, q: ctx.params.ood.q }, 'landing on the wrong side'));
    const records = new Map<Jghm, OodRecord>();
    await ctx.asyncProperty(
      learnedJghmArbitrary(tier.family),
      async (model) => {
        const r = oodScope(model, learnedParams(model).p, (await learnedPool(model, tier)).deep, ood);
        records.set(model, r.record);
        return r.scope;
      },
      { numRuns: tier.models, shared: LEARNED_DRAW, endOnFailure: true, label: `random JGHMs, ${tier.seeds.length} seeds each, c = ${ood.fraction}` },
    );
    let m = 0;
    for (const [model, r] of records) {
      const { p, generatorSeed } = learnedParams(model);
      ctx.plot({
        id: `learned-ood-${m}`,
        title: `Model ${m + 1} (trained at p₀ = ${p}, generator seed ${generatorSeed}): CLIP excess over Bayes(p) across p`,
        xLabel: 'flip probability p of the test law',
        yLabel: 'K = ∞ CLIP excess over Bayes(p), nats',
        series: [
          ...r.runs.map((run) => ({ name: `trained at p₀, seed ${run.seed}`, kind: 'ours' as const, points: r.grid.map((x, i) => ({ x, y: run.learned[i] })) })),
          { name: `mis-specified BP (p₀ kernels)`, kind: 'bound' as const, points: r.grid.map((x, i) => ({ x, y: r.misspecified[i] })) },
        ],
      });
      m++;
    }
    ctx.table(
      ['model', 'curve', ...[...records.values()][0]?.grid.map((p) => `p = ${p}`) ?? [], 'D', '(D − ΔL(p₀))/M'],
      [...records].flatMap(([model, r]) => [
        [model.name ?? '', 'mis-specified BP', ...r.misspecified.map((v) => Number(v.toPrecision(4))), '', ''],
        ...r.runs.map((run) => [model.name ?? '', `seed ${run.seed}`, ...run.learned.map((v) => Number(v.toPrecision(4))), Number(run.distance.toPrecision(4)), Number(((run.distance - run.atP0) / r.misspecifiedMax).toPrecision(3))]),
      ]),
    );
    ctx.note(`backend ${backend}; c = ${ood.fraction}, q = ${ood.q}, at most ${ood.allowed} of ${tier.seeds.length} seeds farther than ΔL(p₀) + c·M per model; ${tier.deep.layers}-layer encoders, ${tier.deep.steps} steps`);
  },
});
