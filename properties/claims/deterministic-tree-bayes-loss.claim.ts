/**
 * Claim 6 — the Bayes CLIP loss of a deterministic tree.
 *
 * Statement: if every leaf is a deterministic, invertible function of the root (flip probability p = 0: every kernel
 * a permutation) and the root is uniform over S classes, then
 *   R_clip,K(PMI) = 2·E log(1 + Bin(K−1, 1/S))
 * (each of the K−1 independent negatives shares the positive's root with probability 1/S and is then
 * indistinguishable from it); 0.39897 for K = 4, S = 10.
 * Source: theory.md §10.1 item 6; §1.5 item 3 (RECONSTRUCTED; a sanity check of the authors' Bayes code).
 * Quantities: risk = R_clip,K(PMI), exact (enumeration, theory/clip-loss-exact.ts) or Monte Carlo
 *   (theory/monte-carlo.ts `bayesClipRisk`, the paper's convention); formula = the binomial sum; slack = the
 *   two-sided CLT allowance z_{1−α/2}·SE of the Monte Carlo estimate (0 for exact values); tol = 1e-10.
 * Checks: (1) exact, K = 2, 3, 4, fast-check property over small deterministic JGHMs made by the paper's construction
 *   at p = 0 (2–4 states, random shapes, per-layer or per-edge permutations, ≤ 81 leaf configurations per tree);
 *   (2) Monte Carlo at the paper preset generatePreset('paper', {p: 0, seed}) (S = 10, 81 leaves per tree), K = 4,
 *   against 0.39897; (3) the formula itself against theory.md's 0.39897 (K = 4, S = 10).
 * Error budget: exact parts 0; the Monte Carlo check spends the whole 1e-4 (two-sided CLT, asymptotic).
 */
import { defineClaim } from '../engine/claim.js';
import { exactTables } from '../../theory/exact-tables.js';
import { exactClipLoss } from '../../theory/clip-loss-exact.js';
import { generatePreset } from '../../theory/generators.js';
import { bayesClipRisk } from '../../theory/monte-carlo.js';
import type { Jghm } from '../../theory/model.js';
import { assertMeanClose, cltMinDetectableDiscrepancy } from '../statistics/index.js';
import { deterministicJghmArbitrary } from '../arbitraries/deterministic-jghm-arbitrary.js';
import { deterministicTreeBayesLoss } from '../computations/deterministic-tree-loss.js';
import { reportQuantity } from '../engine/report-quantity.js';

const TOL = 1e-10;
const RATE = 1e-4;

interface Params {
  numRuns: number;
  /** Monte Carlo samples. */
  n: number;
  /** Seed of the paper-preset model. */
  modelSeed: number;
}

export default defineClaim<Params>({
  id: 'deterministic-tree-bayes-loss',
  title: 'Deterministic trees: R_clip,K(PMI) = 2 E log(1 + Bin(K−1, 1/S))',
  source: { kind: 'derived', tag: 'RECONSTRUCTED', reference: 'theory.md §10.1 item 6; §1.5 item 3' },
  statement: 'abs(risk - formula) <= slack + tol',
  symbols: { risk: 'R_{\\mathrm{clip},K}(\\mathrm{PMI})', formula: '2\\,\\mathbb{E}\\log(1+\\mathrm{Bin}(K-1,1/S))', slack: '\\delta', tol: '\\tau' },
  tier: 'quick',
  parameters: { quick: { numRuns: 25, n: 4096, modelSeed: 1 }, full: { numRuns: 300, n: 131072, modelSeed: 1 } },
  falseFailureRate: RATE,
  power: 'Monte Carlo part: a Bayes loss off the formula by more than the reported detectable discrepancy (two-sided CLT, false-pass rate 1e-2) fails.',
  run(ctx) {
    const { numRuns, n, modelSeed } = ctx.params;
    // (1) exact on small deterministic models
    let worst = 0;
    let worstDesc = 'none';
    const scope = (model: Jghm) => {
      const t = exactTables(model);
      let out = { risk: 0, formula: 0, slack: 0, tol: TOL };
      let gap = -1;
      for (const K of [2, 3, 4]) {
        // only S positive-probability configurations per tree: the real work is tiny, so the tuple cap is lifted
        const risk = exactClipLoss(t, K, undefined, { maxTuples: Infinity }).symmetric;
        const formula = deterministicTreeBayesLoss(K, model.states);
        const g = Number.isNaN(risk) ? Infinity : Math.abs(risk - formula);
        if (g > gap) {
          gap = g;
          out = { risk, formula, slack: 0, tol: TOL };
        }
        if (g > worst) {
          worst = g;
          worstDesc = `K = ${K}, S = ${model.states}`;
        }
      }
      return out;
    };
    ctx.property(deterministicJghmArbitrary({ maxStates: 4, maxConfigurations: 81 }), scope, { numRuns, label: 'exact K = 2, 3, 4 on small deterministic JGHMs (p = 0, uniform prior)' });
    reportQuantity(ctx, { name: 'maxExactError', tex: '\\max|R_K-\\mathrm{formula}|', estimate: worst, exact: true, note: `largest at ${worstDesc}, over ${numRuns} random models` });
    ctx.progress(0.3);

    // (3) the formula against theory.md's number
    const f4 = deterministicTreeBayesLoss(4, 10);
    ctx.assert('formula at K = 4, S = 10 equals theory.md\'s 0.39897 (to its 5 digits)', Math.abs(f4 - 0.39897) <= 5e-6, `2 E log(1 + Bin(3, 0.1)) = ${f4}`);

    // (2) Monte Carlo at the paper preset, p = 0, K = 4
    const model = generatePreset('paper', { p: 0, seed: modelSeed });
    ctx.budget.spend('paper preset p = 0, K = 4', RATE);
    const est = bayesClipRisk(model, n, 4, ctx.rng.split('monte-carlo'));
    const v = assertMeanClose(est, f4, { falseFailureRate: RATE, label: 'R_clip,4(PMI)' });
    const slack = (v.interval[1] - v.interval[0]) / 2;
    ctx.check({ risk: est.mean, formula: f4, slack, tol: TOL }, `Monte Carlo, paper preset p = 0 (seed ${modelSeed}, S = 10, 81 leaves per tree), K = 4, n = ${n}`);
    const sd = est.se * Math.sqrt(est.n);
    const detectable = cltMinDetectableDiscrepancy(est.n, sd, { falseFailureRate: RATE, falsePassRate: 1e-2, sided: 'two' });
    reportQuantity(ctx, { name: 'riskMc_K4', tex: 'R_{\\mathrm{clip},4}(\\mathrm{PMI})', estimate: est.mean, se: est.se, ci: v.interval, exact: false, note: `paper preset p = 0, n = ${n}; interval at false-failure rate ${RATE}; detectable deviation ${detectable.toPrecision(3)} (CLT, false-pass 1e-2)` });
    reportQuantity(ctx, { name: 'formula_K4_S10', tex: '2\\,\\mathbb{E}\\log(1+\\mathrm{Bin}(3,0.1))', estimate: f4, exact: true });
    ctx.note(v.detail);
    ctx.note(ctx.budget.summary());
  },
});
