/**
 * Claim 5 — the InfoNCE bound.
 *
 * Statement: for every K ≥ 1, log K − L_K^→(PMI) ≤ I(x_im; x_tx), and the left side is non-decreasing in K
 * (it starts at 0 for K = 1 and tends to I as K → ∞); the same with the text as anchor.
 * Source: theory.md §10.1 item 5; §1.5 item 1 (RECONSTRUCTED; the special case of (T2) with a constant encoder).
 * Quantities: lb1, lb2, lb3 = log K − L_K(PMI) for K = 1, 2, 3 (exact one-direction Bayes losses by enumeration,
 *   theory/clip-loss-exact.ts); mi = I(x; y) (theory/information.ts); tol = 1e-10 (floating point). In each model
 *   the scope is taken from the anchor direction whose chain comes closest to violating the statement.
 * Checks: fast-check properties over random small JGHMs (≤ 27 leaf configurations per modality), kernels bounded away
 *   from 0 and, separately, with exact zeros (no positive entry below 1e-12, see
 *   properties/arbitraries/model-filters.ts); and the golden toy of theory.md §10.0, whose values
 *   (lb2 = 0.2749, lb3 = 0.3830, I = 0.6060 from its golden Bayes losses) are checked to 1e-9.
 * Error budget: deterministic — false-failure rate 0.
 */
import { defineClaim } from '../engine/claim.js';
import { jghmArbitrary } from '../arbitraries/jghm-arbitrary.js';
import { type ExactTables, exactTables, pmiTable } from '../../theory/exact-tables.js';
import { exactOneDirectionLoss } from '../../theory/clip-loss-exact.js';
import { mutualInformation } from '../../theory/information.js';
import type { Jghm, Modality } from '../../theory/model.js';
import { loadReferenceToy } from '../data/reference-toys.js';
import { reportQuantity } from '../engine/report-quantity.js';
import { hasNoTinyKernelEntries } from '../arbitraries/model-filters.js';

const TOL = 1e-10;
/** theory.md §10.0 golden values: I and the image-anchor Bayes losses at K = 2, 3. */
const TOY = { mi: 0.605990923384501, loss2: 0.4182649861063209, loss3: 0.7155880827593554 };

function chain(t: ExactTables, anchor: Modality, mi: number) {
  const pmi = pmiTable(t);
  const lb = [1, 2, 3].map((K) => Math.log(K) - exactOneDirectionLoss(t, pmi, K, anchor));
  return { lb1: lb[0], lb2: lb[1], lb3: lb[2], mi, tol: TOL };
}

/** Smallest margin of the chain lb1 ≤ lb2 ≤ lb3 ≤ mi (negative = violated). */
function margin(c: { lb1: number; lb2: number; lb3: number; mi: number }): number {
  const m = Math.min(c.lb2 - c.lb1, c.lb3 - c.lb2, c.mi - c.lb3);
  return Number.isNaN(m) ? -Infinity : m;
}

export default defineClaim<{ numRuns: number }>({
  id: 'infonce-bound',
  title: 'InfoNCE bound: log K − L_K(PMI) ≤ I(x; y), non-decreasing in K',
  source: { kind: 'derived', tag: 'RECONSTRUCTED', reference: 'theory.md §10.1 item 5; §1.5 item 1' },
  statement: 'lb1 <= lb2 + tol and lb2 <= lb3 + tol and lb3 <= mi + tol',
  symbols: {
    lb1: '\\log 1-L^{\\to}_1(\\mathrm{PMI})',
    lb2: '\\log 2-L^{\\to}_2(\\mathrm{PMI})',
    lb3: '\\log 3-L^{\\to}_3(\\mathrm{PMI})',
    mi: 'I(x;y)',
    tol: '\\tau',
  },
  tier: 'quick',
  parameters: { quick: { numRuns: 20 }, full: { numRuns: 400 } },
  falseFailureRate: 0,
  run(ctx) {
    const { numRuns } = ctx.params;
    let smallestMargin = Infinity;
    const scope = (model: Jghm) => {
      const t = exactTables(model);
      const mi = mutualInformation(t);
      const a = chain(t, 'image', mi);
      const b = chain(t, 'text', mi);
      const worse = margin(a) <= margin(b) ? a : b;
      smallestMargin = Math.min(smallestMargin, margin(worse));
      return worse;
    };
    ctx.property(jghmArbitrary({ maxStates: 3, maxConfigurations: 27 }), scope, { numRuns, label: 'K = 1, 2, 3, both anchors; kernels bounded away from 0' });
    ctx.property(jghmArbitrary({ maxStates: 3, maxConfigurations: 27, zeros: true }).filter(hasNoTinyKernelEntries), scope, { numRuns, label: 'adversarial: kernels with exact zeros (no positive entry below 1e-12)' });
    reportQuantity(ctx, { name: 'smallestMargin', tex: '\\min\\,\\mathrm{margin}', estimate: smallestMargin, exact: true, note: 'smallest step of lb1 ≤ lb2 ≤ lb3 ≤ I over all random models' });

    // golden toy
    const t = exactTables(loadReferenceToy('toy-jghm'));
    const mi = mutualInformation(t);
    const c = chain(t, 'image', mi);
    ctx.check(c, 'golden toy (theory.md §10.0), image anchor');
    const golden = { lb2: Math.log(2) - TOY.loss2, lb3: Math.log(3) - TOY.loss3 };
    const err = Math.max(Math.abs(c.lb2 - golden.lb2), Math.abs(c.lb3 - golden.lb3), Math.abs(mi - TOY.mi));
    ctx.assert('golden toy values: lb2 = 0.2749, lb3 = 0.3830, I = 0.6060 (to 1e-9 of the golden losses)', err <= 1e-9, `lb1 = ${c.lb1}, lb2 = ${c.lb2} (golden ${golden.lb2}), lb3 = ${c.lb3} (golden ${golden.lb3}), I = ${mi} (golden ${TOY.mi}); max error ${err}`);
    for (const [K, v] of [[1, c.lb1], [2, c.lb2], [3, c.lb3]] as const) reportQuantity(ctx, { name: `toyLb${K}`, tex: `\\log ${K}-L^{\\to}_{${K}}(\\mathrm{PMI})`, estimate: v, exact: true, note: 'golden toy' });
    reportQuantity(ctx, { name: 'toyMi', tex: 'I(x;y)', estimate: mi, exact: true, note: 'golden toy' });
    ctx.plot({
      id: 'infonce-toy',
      title: 'InfoNCE lower bound log K − L_K(PMI) on the golden toy',
      xLabel: 'K',
      yLabel: 'nats',
      series: [
        { name: 'log K − L_K(PMI)', kind: 'ours', points: [1, 2, 3].map((K) => ({ x: K, y: [c.lb1, c.lb2, c.lb3][K - 1] })) },
        { name: 'I(x; y)', kind: 'bound', points: [1, 2, 3].map((K) => ({ x: K, y: mi })) },
      ],
    });
  },
});
