/**
 * Learned claim 1 — trained near-minimisers are good zero-shot classifiers: the zero-shot excess cross-entropy of the
 * similarity S = ⟨f(x), g(y)⟩ a trained pair of CLIP encoders learns is at most its K = ∞ CLIP excess.
 *
 * Statement: for the learned S at every training snapshot, seed and depth,
 *   E_x KL(p(c | x) ‖ p̂_S(c | x)) ≤ L_∞^→(S) − L_∞^→(PMI),
 * with p̂_S(c | x) = Σ_y p(c | y) q_S(y | x), q_S(y | x) ∝ p(y) e^{S(x, y)} (the M = ∞ zero-shot classifier; class c =
 * one text leaf), the data-processing inequality of theory.md §3.1 applied to what training actually produces. (On an
 * injective learned encoder Suff(E) = 0 trivially, so sufficiency is checked through this downstream use instead.)
 * Source: theory.md §10.1 item 13, §3.1 (RECONSTRUCTED; mechanism FOUND), on trained encoders (issue "Claims that train").
 * Quantities (exact, by enumeration of all 81 × 81 leaf configurations): zscKl, clipExcess of the trained table, and
 *   the worst case over snapshots (steps 0, 150, 300, 600), seeds (2) and depths (L + 1 and 1) of zscKl − clipExcess.
 * Models: 2 random paper-construction JGHMs (S = 3, L = 2; random generator seed and flip probability), the shared
 *   draw of the learned claims; class leaf: a random text leaf per model.
 * Error budget: deterministic given the trained weights: exact float64 arithmetic on the (float32) embeddings with
 *   tolerance τ = 1e-9·max(1, excess) — false-failure rate 0. The theorem holds for every S, so training seeds only
 *   change which similarities are checked.
 * Power: a classifier and a CLIP excess taken from different snapshots (the untrained classifier against the trained
 *   excess) must fail — the planted twin in test/properties/learned/.
 */
import { defineClaim } from '../engine/claim.js';
import { exactTables } from '../../theory/exact-tables.js';
import type { Jghm } from '../../theory/model.js';
import { Rng } from '../../theory/random.js';
import { learnedJghmArbitrary, learnedParams } from '../learned/learned-jghm.js';
import { FULL_LEARNED, LEARNED_DRAW, QUICK_LEARNED, type LearnedTier } from '../learned/learned-presets.js';
import { learnedPool } from '../learned/learned-pool.js';
import { learnedBackend } from '../learned/learned-backend.js';
import { zscScope, type ZscRecord } from '../learned/zsc-scope.js';

export default defineClaim<{ learned: LearnedTier }>({
  id: 'learned-zsc-excess-bounded',
  title: 'Trained CLIP encoders: zero-shot excess ≤ K = ∞ CLIP excess, across snapshots, seeds and depths',
  source: { kind: 'derived', tag: 'RECONSTRUCTED', reference: 'theory.md §10.1 item 13; §3.1 (on trained encoders)' },
  statement: 'zscKl <= clipExcess + tol',
  symbols: {
    zscKl: '\\mathbb{E}\\,\\mathrm{KL}(p(c\\mid x)\\|\\hat p_{S_\\theta}(c\\mid x))',
    clipExcess: 'L^{\\to}_\\infty(S_\\theta)-L^{\\to}_\\infty(\\mathrm{PMI})',
    tol: '\\tau',
  },
  tier: 'quick',
  parameters: { quick: { learned: QUICK_LEARNED }, full: { learned: FULL_LEARNED } },
  falseFailureRate: 0,
  power: 'exact check on every trained snapshot; the planted twin (classifier of the untrained snapshot against the trained excess) fails',
  async run(ctx) {
    const tier = ctx.params.learned;
    const backend = await learnedBackend(ctx.tier);
    const records = new Map<Jghm, ZscRecord[]>();
    await ctx.asyncProperty(
      learnedJghmArbitrary(tier.family),
      async (model) => {
        const t = exactTables(model);
        const classLeaf = Rng.fromSeed(ctx.seed).split(`class:${model.name}`).int(model.text.leaves);
        const pool = await learnedPool(model, tier);
        const { scope, records: rs } = zscScope(t, pool, classLeaf);
        records.set(model, rs);
        return scope;
      },
      { numRuns: tier.models, shared: LEARNED_DRAW, endOnFailure: true, label: `trained encoders on random JGHMs (${tier.seeds.length} seeds × deep/shallow × ${tier.snapshots.length} snapshots each)` },
    );
    let m = 0;
    for (const [model, rs] of records) {
      const { p, generatorSeed } = learnedParams(model);
      ctx.plot({
        id: `learned-zsc-${m}`,
        title: `Model ${m + 1} (p = ${p}, generator seed ${generatorSeed}): ZSC excess and CLIP excess during training`,
        xLabel: 'training step',
        yLabel: 'nats (Bayes = 0)',
        logY: false,
        series: rs.flatMap((r) => [
          { name: `CLIP excess, ${r.depth} seed ${r.seed}`, kind: 'ours' as const, points: r.steps.map((x, i) => ({ x, y: r.clipExcess[i] })) },
          { name: `ZSC excess, ${r.depth} seed ${r.seed}`, kind: 'bound' as const, points: r.steps.map((x, i) => ({ x, y: r.zscKl[i] })) },
        ]),
      });
      m++;
    }
    const rows = [...records].flatMap(([model, rs]) =>
      rs.map((r) => [model.name ?? '', r.depth, r.seed, ...r.steps.flatMap((_, i) => [Number(r.zscKl[i].toPrecision(4)), Number(r.clipExcess[i].toPrecision(4))])]),
    );
    const steps = tier.snapshots;
    ctx.table(['model', 'encoders', 'seed', ...steps.flatMap((s) => [`ZSC excess @${s}`, `CLIP excess @${s}`])], rows);
    ctx.note(`backend ${backend}; ${tier.models} models × ${tier.seeds.length} seeds (${tier.seeds.join(', ')}) × deep (${tier.deep.layers} layers)/shallow (1 layer), ${tier.deep.steps} steps`);
  },
});
