/**
 * Learned claim 2 — downstream heads on frozen trained encoders: a VLM decoder trained on the frozen image encoder and
 * a CDM denoiser conditioned on the frozen text encoder have excess over the Bayes VLM/CDM risk at most the stated
 * constant × the CLIP excess of the encoders + the head's own error, measured by training the same head on the exact
 * BP root posterior (the ideal sufficient statistic).
 *
 * Statement, per random model and training seed, at every snapshot (steps 0, 150, 300, 600) of the deep encoders
 * (f, g) with learned similarity S = ⟨f, g⟩:
 *   VLM: E[−log q̂_f(y | f(x))] − H(y | x) ≤ [L_∞^→(S) − L_∞^→(PMI)] + excess(q̂_{log π})
 *   CDM: E‖m(z, y) − m̂_g(z, g(y))‖² ≤ ½D²·[L_∞^←(S) − L_∞^←(PMI)] + gap(m̂_{log π}),
 * where q̂_e is the linear-softmax decoder softmax_y(w_y·[e; 1]) over all 81 text configurations and m̂_e the mixture
 * denoiser Σ_x x·softmax_x(a_x·[e; 1] − ‖z − x‖²/2σ²) (models/heads), each trained on one finite sample drawn from the
 * model for that seed (n = 20 000 pairs; 1 000 triples (x, y, z), σ = 1), the same sample for both features; m(z, y)
 * = E[x | z, y] the Bayes denoiser; D² = T(S − 1)² (leaf values 0..S − 1), ½D² the constant of
 * cdm-gap-bounded-by-sufficiency. Why it holds: the CLIP-induced decoder q_S(y | x) ∝ p(y)e^{S(x, y)} is the head
 * with w_y = [g(y); log p(y)], so the best head on f has VLM excess ≤ E_x KL(p(y | x) ‖ q_S(y | x)), the image-anchor
 * K = ∞ CLIP excess (constant 1, theory.md §3.3); the denoiser with a_x = [f(x); log p(x)] is the Bayes denoiser
 * of q_S(x | y) ∝ p(x)e^{S}, whose gap is ≤ ½D²·E_y KL(p(x | y) ‖ q_S(x | y)) (centred TV bound, Pinsker, data
 * processing over z; theory.md §3.2), the text-anchor CLIP excess. What the finite sample adds (estimation and
 * optimisation error) is what the theory adds as "+ head ERM error" (theory.md §6 item 2); it is measured by the same
 * head on the same sample fed log π (VLM: π_x; CDM: π_y). Feature: log π, not π: the Bayes decoder Σ_s p(y | s)π(s)
 * is in neither class, and the population-optimal head on log π came closer (VLM excess 0.013 against 0.021 for π on
 * the first model of root seed 1, n = 2·10⁶).
 * Source: derived (RECONSTRUCTED): theory.md §3.2–3.3, §6 item 2 (on trained encoders; issue "Claims that train", 2).
 * Quantities: VLM head excess, exact by enumeration over all 81 × 81 (x, y); CDM gap E‖m − m̂‖² by enumeration over
 *   (x, y) and stratified Monte Carlo over z (2 draws per pair, the same draws for every head of a model), with the
 *   paired difference head(g) − head(log π) and its standard error; the counts vlmMiss, cdmMiss of seeds whose any
 *   snapshot breaks the bound (CDM: by more than z = 3.72 standard errors of the paired difference).
 * Calibration (root seeds 1–3: 6 models × 2 seeds × 4 snapshots, measured before fixing the slack at 0): VLM head
 *   excess 0.014–0.019 at step 600 (Bayes line 0), ideal head 0.013–0.022, bound − head ≥ 0.013 over all 48
 *   snapshots; CDM gap 0.027–0.095 at step 600, ideal 0.021–0.062, bound − head ≥ 0.085. Heads cost about 3.5 s of CPU
 *   per model (n and the Adam step counts were cut from 2 000 triples × 150 steps / 300 steps to fit the 15 s budget;
 *   the margins barely moved). Root seed 20250108 (the test default) passes too.
 * Error budget: a seed misses with probability ≤ q = 0.002 per task (head-sample and Monte Carlo fluctuations; the
 *   CDM allowance z = 3.72 (one-sided 1e-4 per snapshot) leaves ≤ 4·1e-4 per seed); fail when more than 1 of 2 seeds
 *   miss: 2 models × 2 tasks × P(Bin(2, 0.002) ≥ 2) = 1.6e-5 (full tier: 6 × 2 × P(Bin(4, 0.002) ≥ 3) ≈ 3.8e-7).
 *   (First calibrated with z = 3.09 and q = 0.01 = 4e-4 in all, which overran the quick tier's 1e-3 union budget
 *   once all learned claims were in; z was raised to keep the per-seed q consistent with the allowance.)
 * Power: the planted twin (test/properties/learned/) deploys the heads, trained on the true embeddings, on another
 *   encoder's (image rows permuted, text embeddings negated) against the true encoders' CLIP excess: both sides fail
 *   on every seed (VLM 0.27 against ≤ 0.06, CDM 1.4–1.5 against ≤ 0.35, one-layer runs of root seed 1). The CDM side
 *   is weak at this scale: ½D² = 8 puts its bound at step 600 (0.12–0.24) near the gap of a denoiser that ignores
 *   the text, so text rows merely permuted (gap 0.24–0.33 on the one-layer runs) pass it; heads trained AND
 *   evaluated on permuted rows fail the VLM side only (excess 0.17–0.23 against a bound ≤ 0.04, deep runs).
 */
import { defineClaim } from '../engine/claim.js';
import { exactTables } from '../../theory/exact-tables.js';
import type { Jghm } from '../../theory/model.js';
import { learnedJghmArbitrary, learnedParams } from '../learned/learned-jghm.js';
import { FULL_LEARNED, LEARNED_DRAW, QUICK_LEARNED, type LearnedTier } from '../learned/learned-presets.js';
import { trainSeeds } from '../learned/learned-pool.js';
import { learnedBackend } from '../learned/learned-backend.js';
import { seedTailFalseFailure, seedCountResolution } from '../learned/seed-tail.js';
import { headsModel, headsScope, type HeadsParams, type HeadsRecord } from '../learned/heads-scope.js';
import { modelRng } from '../engine/model-rng.js';

interface Params {
  learned: LearnedTier;
  heads: HeadsParams;
}

const HEADS_QUICK: HeadsParams = {
  vlm: { n: 20_000, steps: 200, lr: 0.05, ridge: 1e-4 },
  cdm: { n: 1_000, steps: 100, lr: 0.05, ridge: 1e-4, sigma: 1, draws: 2 },
  slackVlm: 0,
  slackCdm: 0,
  zCdm: 3.72,
  q: 0.002,
  allowed: 1,
};
const QUICK: Params = { learned: QUICK_LEARNED, heads: HEADS_QUICK };
const FULL: Params = { learned: FULL_LEARNED, heads: { ...HEADS_QUICK, vlm: { ...HEADS_QUICK.vlm, n: 50_000, steps: 300 }, cdm: { ...HEADS_QUICK.cdm, n: 2_000, steps: 150, draws: 4 }, allowed: 2 } };

const rate = (p: Params) => 2 * p.learned.models * seedTailFalseFailure({ seeds: p.learned.seeds.length, allowed: p.heads.allowed, q: p.heads.q });

export default defineClaim<Params>({
  id: 'learned-downstream-heads-bounded',
  title: 'Heads on frozen trained encoders: VLM and CDM excess ≤ constant × CLIP excess + the same head\'s excess on the BP root posterior',
  source: { kind: 'derived', tag: 'RECONSTRUCTED', reference: 'theory.md §3.2–3.3, §6 item 2 (on trained encoders)' },
  statement: 'vlmMiss <= allowed and cdmMiss <= allowed',
  symbols: {
    vlmMiss: '\\#\\{\\text{seeds}: \\Delta_{\\mathrm{VLM}}(\\hat q_f) > \\Delta L^{\\to}_\\infty(S_\\theta) + \\Delta_{\\mathrm{VLM}}(\\hat q_{\\log\\pi})\\}',
    cdmMiss: '\\#\\{\\text{seeds}: \\mathbb{E}\\|m-\\hat m_g\\|^2 > \\tfrac12 D^2\\,\\Delta L^{\\leftarrow}_\\infty(S_\\theta) + \\mathbb{E}\\|m-\\hat m_{\\log\\pi}\\|^2 + z\\,\\mathrm{SE}\\}',
    allowed: 'a',
  },
  tier: 'quick',
  parameters: { quick: QUICK, full: FULL },
  falseFailureRate: Math.max(rate(QUICK), rate(FULL)),
  power: 'heads deployed on another encoder (permuted image rows, negated text embeddings) fail both sides on every seed (planted twin); the CDM bound is weak at this scale (½D² = 8: near the gap of ignoring the text); per model the seed count resolves per-seed miss probabilities ≥ the recorded resolution only',
  weakness:
    'the CDM side: with ½D² = 8 its bound after training (0.12–0.24) is about the gap of a denoiser that ignores the text, so a CDM head on a useless text encoder can pass it (heads on merely permuted text rows did); the VLM side (constant 1) is the strong one',
  async run(ctx) {
    const { learned: tier, heads } = ctx.params;
    const backend = await learnedBackend(ctx.tier);
    ctx.budget.spend('seed counts, VLM and CDM, every model', rate(ctx.params));
    ctx.resolution(seedCountResolution({ seeds: tier.seeds.length, allowed: heads.allowed, q: heads.q }, 'missing', 'seed counts per model and task'));
    const records = new Map<Jghm, HeadsRecord>();
    await ctx.asyncProperty(
      learnedJghmArbitrary(tier.family),
      async (model) => {
        const t = exactTables(model);
        const deep = await trainSeeds(model, tier.deep, tier.seeds, tier.snapshots); // the learned pool's deep runs (same cache entries)
        const rng = modelRng(ctx.rng, model, 'heads');
        const r = headsScope(headsModel(t, heads, rng.split('eval')), deep, heads, rng);
        records.set(model, r.record);
        return r.scope;
      },
      { numRuns: tier.models, shared: LEARNED_DRAW, endOnFailure: true, label: `deep encoders on random JGHMs, ${tier.seeds.length} seeds × ${tier.snapshots.length} snapshots, VLM and CDM heads` },
    );
    let m = 0;
    let ms = 0;
    for (const [model, r] of records) {
      const { p, generatorSeed } = learnedParams(model);
      ms += r.ms;
      ctx.plot({
        id: `learned-heads-vlm-${m}`,
        title: `Model ${m + 1} (p = ${p}, generator seed ${generatorSeed}): VLM head excess over Bayes (H(y | x) = ${r.bayesVlm.toFixed(3)}) and its bound during CLIP training`,
        xLabel: 'CLIP training step',
        yLabel: 'nats (Bayes = 0)',
        logY: true,
        series: r.runs.flatMap((x) => [
          { name: `head on f, seed ${x.seed}`, kind: 'ours' as const, points: x.steps.map((s, i) => ({ x: s, y: x.vlmHead[i] })) },
          { name: `bound ΔCLIP→ + head on log π, seed ${x.seed}`, kind: 'bound' as const, points: x.steps.map((s, i) => ({ x: s, y: x.vlmBound[i] })) },
        ]),
      });
      ctx.plot({
        id: `learned-heads-cdm-${m}`,
        title: `Model ${m + 1}: CDM denoiser gap over Bayes (MSE ${r.bayesCdm.toFixed(3)}, σ = ${heads.cdm.sigma}) and its bound during CLIP training`,
        xLabel: 'CLIP training step',
        yLabel: 'E‖m − m̂‖² (Bayes = 0)',
        logY: true,
        series: r.runs.flatMap((x) => [
          { name: `head on g, seed ${x.seed}`, kind: 'ours' as const, points: x.steps.map((s, i) => ({ x: s, y: x.cdmHead[i] })) },
          { name: `bound ½D²·ΔCLIP← + head on log π, seed ${x.seed}`, kind: 'bound' as const, points: x.steps.map((s, i) => ({ x: s, y: x.cdmBound[i] })) },
        ]),
      });
      m++;
    }
    const fmt = (v: number) => Number(v.toPrecision(3));
    ctx.table(
      ['model', 'seed', 'step', 'ΔCLIP→', 'VLM head(f)', 'VLM head(log π)', 'VLM bound', 'ΔCLIP←', 'CDM head(g)', 'SE', 'CDM head(log π)', 'CDM bound'],
      [...records].flatMap(([model, r]) =>
        r.runs.flatMap((x) =>
          x.steps.map((s, i) => [model.name ?? '', x.seed, s, fmt(x.clipImage[i]), fmt(x.vlmHead[i]), fmt(x.vlmIdeal), fmt(x.vlmBound[i]), fmt(x.clipText[i]), fmt(x.cdmHead[i]), fmt(x.cdmSe[i]), fmt(x.cdmIdeal), fmt(x.cdmBound[i])]),
        ),
      ),
    );
    ctx.note(
      `backend ${backend}; ${tier.models} models × ${tier.seeds.length} seeds (${tier.seeds.join(', ')}), deep encoders (${tier.deep.layers} layers) shared with the other learned claims; ` +
        `VLM head n = ${heads.vlm.n} pairs, ${heads.vlm.steps} Adam steps; CDM head n = ${heads.cdm.n} triples, ${heads.cdm.steps} steps, σ = ${heads.cdm.sigma}, ${heads.cdm.draws} z-draws per (x, y); ` +
        `q = ${heads.q}, at most ${heads.allowed} of ${tier.seeds.length} seeds may miss per task; heads took ${(ms / 1000).toFixed(1)} s (wall) on top of the shared encoders`,
    );
  },
});
