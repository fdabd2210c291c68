/**
 * Learned claim 5 — sample complexity: CLIP encoders of depth L + 1 trained on a FIXED dataset of n pairs, stopped
 * early on a held-out validation split, have an exact K = ∞ CLIP excess whose part above the optimisation floor decays
 * polynomially in n, at least like n^(−aMin).
 *
 * Protocol (issue 10's warning: a fixed step budget on a small fixed set measures overfitting, not the ERM's rate):
 *   for each n of a geometric grid and each training seed, the deep encoders of the tier (`learned-presets.ts`: same
 *   width, batch, K, lr, step cap as the other learned claims) train on n pairs (`data: fixed`); a validation split of
 *   m = max(n/4, 64) pairs, drawn separately, is scored every `evalEvery` steps by its in-set CLIP loss (every
 *   validation text a candidate for every validation image and vice versa, K = m, both directions; data only, no
 *   oracle), the best snapshot is kept and training stops after `patience` evaluations without improvement or at the
 *   step cap (`early-stopped-clip.ts`). The test quantity is the EXACT K = ∞ CLIP excess (both directions) of the kept
 *   snapshot, by enumeration. The optimisation floor is the mean final excess of the same encoders trained with fresh
 *   data every step for the full step budget: the learned pool's deep runs, shared with the other learned claims
 *   (trained once per run).
 * Statement, per random model: each training seed's curve (its nested datasets, its initialisation) has a
 *   least-squares slope of log(excess − floor) on log n, over the n whose excess is ≥ gateRatio × floor for every seed,
 *   of at most −aMin; a seed misses with probability ≤ q. Fail when more than `allowed` seeds miss (a seed with fewer
 *   than 2 gated points misses).
 * Source: theory.md §6 (RECONSTRUCTED generic ERM bound, excess ≲ √(P log n / n)) and §10.1 item 22 (a ∈ [0.5, 1]
 *   expected, no value asserted); aMin, gateRatio and the protocol are ours (RECONSTRUCTED).
 * Quantities: per n and seed the kept snapshot's excess; the floor; each seed's slope; pooled over seeds, for the
 *   report, `fitLogLogBootstrap` (seeds resampled within each n) of excess − floor, and whether its interval lies in
 *   the theory's range [−1, −0.5] (reported, not asserted).
 * Why a per-seed margin and not "the pooled slope's interval lies below 0": measured on the first model of root seed
 *   1, the planted twin (texts shuffled across pairs) also has a DEcreasing excess (2.2 → 1.6 → 1.45 nats over
 *   n = 64 … 1024: early stopping moves from the random initialisation, worse than a constant similarity, toward the
 *   constant similarity whose excess is 2·I(x; y)), with a bootstrap interval inside (−0.15, −0.07): below 0, so
 *   "below 0" cannot fail on it. Its slopes are above −0.25; the real curves' are below −0.5.
 * Measured (quick settings, floors 0.03–0.04): root seed 1, model 1 (p = 0.15) excess 0.69 / 0.71 at n = 64,
 *   0.39 / 0.40 at 256, 0.149 / 0.131 at 1024 (seeds 1 / 2), per-seed slopes of excess − floor −0.64 / −0.72, pooled
 *   bootstrap interval [−0.72, −0.64] (inside the theory's [0.5, 1]); model 2 (p = 0.2) 0.70 / 0.61, 0.29 / 0.37,
 *   0.175 / 0.146. First models of root seeds 2, 3, 4, 5 and 20250108 (the test seed), floor taken as 0.04: per-seed
 *   slopes −0.86 / −0.54, −0.32 / −0.85, −0.58 / −0.60, −0.57 / −0.53, −0.57 / −0.48. So one seed of twelve came
 *   within 0.07 of −aMin: q = 0.005 is a claim, not something twelve seeds establish (as for the other learned claims).
 * Quick tier: the FIRST model of the shared learned draw only (cost: 3 n × 2 seeds of early-stopped training, about
 *   45 s of one core; the second model would add as much), n ∈ {64, 256, 1024}, seeds 1 and 2, step cap 600,
 *   evalEvery 25, patience 3, aMin = 0.25, gateRatio = 2, q = 0.005, allowed = 1 of 2.
 * Full tier (GPU): every model of the full draw (6), seeds 1–4, n ∈ {64, …, 4096} (×2), step cap 1000, allowed 2 of 4.
 * Error budget: per model P(Bin(2, 0.005) ≥ 2) = 2.5e-5 (quick, 1 model); full: 6 × P(Bin(4, 0.005) ≥ 3) ≈ 3e-6. The
 *   pooled bootstrap interval is reported only (its nominal 95 % is not part of the budget).
 * Power: shuffled pairs (the planted twin in test/properties/learned/sample-complexity-twin.test.ts) give slopes
 *   about −0.07 to −0.15 > −aMin on every seed, so both seeds miss and the claim fails.
 */
import { defineClaim } from '../engine/claim.js';
import { exactTables } from '../../theory/exact-tables.js';
import type { Jghm } from '../../theory/model.js';
import { learnedJghmArbitrary, learnedParams } from '../learned/learned-jghm.js';
import { FULL_LEARNED, LEARNED_DRAW, QUICK_LEARNED, type LearnedTier } from '../learned/learned-presets.js';
import { trainSeeds } from '../learned/learned-pool.js';
import { learnedBackend } from '../learned/learned-backend.js';
import { clipExcess } from '../learned/learned-quantities.js';
import { seedTailFalseFailure, seedCountResolution } from '../learned/seed-tail.js';
import { trainingCpuSeconds } from '../learned/learned-cost.js';
import { type EarlyStopOptions, type EarlyStoppedRun, trainEarlyStopped } from '../learned/early-stopped-clip.js';
import { type SampleComplexityParams, type SampleComplexityRecord, sampleComplexityScope } from '../learned/sample-complexity-scope.js';

/** Settings of the sample-complexity claim per tier. */
export interface SampleComplexitySettings {
  learned: LearnedTier;
  /** Models of the shared learned draw (its first ones). */
  models: number;
  /** Dataset sizes n (ascending). */
  grid: number[];
  /** Early stopping: evaluation period and patience; the validation split is max(n · validationFraction, validationMin). */
  evalEvery: number;
  patience: number;
  validationFraction: number;
  validationMin: number;
  decay: SampleComplexityParams;
}

const DECAY_QUICK: SampleComplexityParams = { aMin: 0.25, gateRatio: 2, q: 0.005, allowed: 1, bootstrapReplicates: 2000, bootstrapRate: 0.05 };

const QUICK: SampleComplexitySettings = {
  learned: QUICK_LEARNED,
  models: 1,
  grid: [64, 256, 1024],
  evalEvery: 25,
  patience: 3,
  validationFraction: 0.25,
  validationMin: 64,
  decay: DECAY_QUICK,
};

const FULL: SampleComplexitySettings = {
  learned: FULL_LEARNED,
  models: FULL_LEARNED.models,
  grid: [64, 128, 256, 512, 1024, 2048, 4096],
  evalEvery: 25,
  patience: 4,
  validationFraction: 0.25,
  validationMin: 64,
  decay: { ...DECAY_QUICK, allowed: 2 },
};

/** The early-stopping options of grid point n. */
export function earlyStopOptionsOf(s: SampleComplexitySettings, n: number): EarlyStopOptions {
  return { evalEvery: s.evalEvery, patience: s.patience, validationPairs: Math.max(Math.round(n * s.validationFraction), s.validationMin) };
}

/**
 * Training runs of the claim beyond the learned pool (models × seeds × grid) and an upper bound of their CPU seconds
 * (every run at the step cap; early stopping cut the quick tier's runs to about a third of it).
 */
export function sampleComplexityCost(s: SampleComplexitySettings): { runs: number; cpuSecondsAtMost: number } {
  const runs = s.models * s.learned.seeds.length * s.grid.length;
  return { runs, cpuSecondsAtMost: runs * trainingCpuSeconds(s.learned.deep) };
}

const rate = (s: SampleComplexitySettings) => s.models * seedTailFalseFailure({ seeds: s.learned.seeds.length, allowed: s.decay.allowed, q: s.decay.q });

export default defineClaim<SampleComplexitySettings>({
  id: 'learned-sample-complexity',
  title: 'Early-stopped encoders trained on n fixed pairs: CLIP excess above the optimisation floor decays at least like n^(−aMin)',
  source: { kind: 'derived', tag: 'RECONSTRUCTED', reference: 'theory.md §6, §10.1 item 22; issue 10 claim 5' },
  statement: 'misses <= allowed',
  symbols: {
    misses: '\\#\\{\\text{seeds}: \\hat a_{\\text{seed}} < a_{\\min}\\}',
    allowed: 'a',
  },
  tier: 'quick',
  parameters: { quick: QUICK, full: FULL },
  falseFailureRate: Math.max(rate(QUICK), rate(FULL)),
  power: 'shuffled pairs (labels shuffled: planted twin) decay from the initialisation toward the constant similarity, slopes −0.07 to −0.15 > −aMin = −0.25 on every seed: fails',
  extraTraining: (s) =>
    Array.from({ length: s.models }, (_, m) => s.grid.flatMap((n) => s.learned.seeds.map((seed) => ({ key: `fixed n = ${n} model ${m} seed ${seed}`, cpuSeconds: trainingCpuSeconds(s.learned.deep) })))).flat(),
  async run(ctx) {
    const s = ctx.params;
    const tier = s.learned;
    const t0 = performance.now();
    const backend = await learnedBackend(ctx.tier);
    ctx.budget.spend('seed counts, every model', rate(s));
    ctx.resolution(seedCountResolution({ seeds: tier.seeds.length, allowed: s.decay.allowed, q: s.decay.q }, 'a slope above −aMin', 'seed count per model'));
    const records = new Map<Jghm, { record: SampleComplexityRecord; runs: EarlyStoppedRun[][]; floors: number[] }>();
    let done = 0;
    let trainCpuMs = 0;
    let trainWallMs = 0;
    const total = s.models * (tier.seeds.length * (s.grid.length + 1));
    await ctx.asyncProperty(
      learnedJghmArbitrary(tier.family),
      async (model) => {
        const t = exactTables(model);
        // the floor: unlimited fresh data, same encoders and step budget (the pool's deep runs, cached across claims)
        const floorRuns = await trainSeeds(model, tier.deep, tier.seeds, tier.snapshots);
        const floors = floorRuns.map((r) => clipExcess(t, r.snapshots[r.snapshots.length - 1].similarity).total);
        done += tier.seeds.length;
        ctx.progress(done / total);
        const floor = floors.reduce((a, b) => a + b, 0) / floors.length;
        const runs: EarlyStoppedRun[][] = [];
        for (const n of s.grid) {
          const row: EarlyStoppedRun[] = [];
          for (const seed of tier.seeds) {
            const cpu0 = process.cpuUsage();
            const wall0 = performance.now();
            row.push(await trainEarlyStopped(model, { ...tier.deep, datasetSize: n }, seed, earlyStopOptionsOf(s, n)));
            const cpu = process.cpuUsage(cpu0);
            trainCpuMs += (cpu.user + cpu.system) / 1000;
            trainWallMs += performance.now() - wall0;
            ctx.progress(++done / total);
          }
          runs.push(row);
        }
        const r = sampleComplexityScope(
          s.grid,
          runs.map((row) => row.map((x) => x.bestExcess)),
          floor,
          s.decay,
          ctx.rng.split(`bootstrap-${records.size}`),
        );
        records.set(model, { record: r.record, runs, floors });
        return r.scope;
      },
      { numRuns: s.models, shared: LEARNED_DRAW, endOnFailure: true, label: `random JGHMs, ${tier.seeds.length} seeds × n ∈ {${s.grid.join(', ')}}, aMin = ${s.decay.aMin}` },
    );
    const rows: (string | number)[][] = [];
    let m = 0;
    const fmt = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(3)) : String(v));
    for (const [model, { record, runs, floors }] of records) {
      const { p, generatorSeed } = learnedParams(model);
      const label = `model ${m + 1} (p = ${p}, generator seed ${generatorSeed})`;
      s.grid.forEach((n, i) => {
        const mean = record.excess[i].reduce((a, b) => a + b, 0) / record.excess[i].length;
        rows.push([
          label,
          n,
          ...record.excess[i].map(fmt),
          fmt(mean - record.floor),
          record.used.includes(i) ? 'yes' : 'no',
          runs[i].map((r) => `${r.best.step}/${r.stoppedAt}`).join(', '),
        ]);
      });
      rows.push([label, 'floor', ...floors.map(fmt), '', '', `fresh data, ${tier.deep.steps} steps`]);
      rows.push([label, 'slope', ...record.seedSlopes.map(fmt), record.fit ? `${fmt(record.fit.slope)} [${fmt(record.fit.slopeInterval[0])}, ${fmt(record.fit.slopeInterval[1])}]` : 'no fit', '', '']);
      ctx.plot({
        id: `learned-sample-complexity-${m}`,
        title: `Model ${m + 1} (p = ${p}, generator seed ${generatorSeed}): CLIP excess of early-stopped encoders vs dataset size`,
        xLabel: 'dataset size n (pairs)',
        yLabel: 'K = ∞ CLIP excess, nats',
        logX: true,
        logY: true,
        series: [
          ...tier.seeds.map((seed, si) => ({ name: `seed ${seed}`, kind: 'ours' as const, points: s.grid.map((n, i) => ({ x: n, y: record.excess[i][si] })) })),
          ...(record.fit
            ? [{ name: `fit of excess − floor (slope ${fmt(record.fit.slope)}) + floor`, kind: 'fit' as const, points: s.grid.map((n) => ({ x: n, y: Math.exp(record.fit!.intercept) * n ** record.fit!.slope + record.floor })) }]
            : []),
          { name: `floor (fresh data, ${tier.deep.steps} steps)`, kind: 'bound' as const, points: s.grid.map((n) => ({ x: n, y: record.floor })) },
        ],
      });
      if (record.fit) {
        const [lo, hi] = record.fit.slopeInterval;
        const inRange = lo >= -1 && hi <= -0.5 ? 'inside' : hi < -1 || lo > -0.5 ? 'outside' : 'overlapping';
        ctx.note(
          `${label}: pooled slope of excess − floor ${fmt(record.fit.slope)}, ${Math.round(100 * (1 - record.fit.falseFailureRate))} % bootstrap interval [${fmt(lo)}, ${fmt(hi)}] (seeds resampled within each n; with ${tier.seeds.length} seeds the percentile interval is about the range over seed choices; ` +
            `${hi < 0 ? 'below 0' : 'NOT below 0'}; ${inRange} the theory's expected range [−1, −0.5], reported only)`,
        );
      }
      m++;
    }
    ctx.table(['model', 'n', ...tier.seeds.map((x) => `seed ${x}`), 'mean − floor', 'in fit', 'best step / stopped at'], rows);
    ctx.note(
      `backend ${backend}; ${s.models} model(s) of the shared draw; validation split max(n/${1 / s.validationFraction}, ${s.validationMin}) pairs, evaluated every ${s.evalEvery} steps, patience ${s.patience}, ` +
        `step cap ${tier.deep.steps}; aMin = ${s.decay.aMin}, gate excess ≥ ${s.decay.gateRatio} × floor, q = ${s.decay.q}, at most ${s.decay.allowed} of ${tier.seeds.length} seeds may miss; ` +
        `early-stopped training ${(trainCpuMs / 1000).toFixed(1)} s of CPU (${(trainWallMs / 1000).toFixed(1)} s wall); claim wall time ${((performance.now() - t0) / 1000).toFixed(1)} s ` +
        `(the floor runs are cached when the other learned claims ran first in the process)`,
    );
  },
});
