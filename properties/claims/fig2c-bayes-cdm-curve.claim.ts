/**
 * Fig. 2c — the CDM Bayes risk as a function of the flip probability.
 *
 * Statement: our exact-BP Monte Carlo Bayes risk, on the authors' exact kernels (NumPy seed 42), agrees with the
 * published Bayes curve at every flip probability of the grid, within the two Monte Carlo errors.
 * Source: the paper's Fig. 2c (published data of the authors' code, FOUND-CODE; theory.md §7.3).
 * Quantities: maxZ (largest standardised difference), zCrit (Bonferroni critical value).
 * Check: Monte Carlo, CLT; quick tier at p = 0.02, 0.1, 0.2, 0.3, 0.4, full tier at all 20 values with the published sample size.
 * Power: quick tier n = 3 000 per p so that BP whose downward messages double-count a child (bias ≈ 1.3 at p = 0.1,
 *   test/helpers/mutant-bp.ts) fails with ≥ 80 % probability; n = 500 resolved only 2.9 (the planted test runs it).
 * Error budget: false-failure rate 2e-5 (Bonferroni over the grid).
 */
import { bayesCurveClaim, type CurveClaimOptions } from '../paper/bayes-curve-claim.js';

/** The claim's options (tests build planted variants from them). */
export const options: CurveClaimOptions = {
  id: 'fig2c-bayes-cdm-curve',
  title: 'Fig. 2c: CDM Bayes risk vs flip probability matches the published curve',
  task: 'cdm',
  figure: 'fig2c_cdm_risk',
  series: 'Bayes',
  reference: 'arXiv 2501.04641 Fig. 2c; theory.md §7.3',
  quick: { pIndices: [0, 4, 9, 14, 19], n: 3000 },
  full: { pIndices: Array.from({ length: 20 }, (_, i) => i), n: 30000 },
  falseFailureRate: 2e-5,
  // test/helpers/mutant-bp.ts: paired bias of the double-counting BP 0.62, 1.30, 1.36, 1.24, 1.04 (± 0.06–0.08) at
  // p = 0.02, 0.1, 0.2, 0.3, 0.4 (n = 1 000, seed 7); 1.15 is the lower end of its 95 % interval at p = 0.1.
  planted: { pIndex: 4, bias: 1.15, what: "BP whose downward messages double-count a child" },
  alternative: { figure: 'fig8c_cdm_ood', series: 'Mis-spec. BP', what: 'BP with the p = 0.2 kernels (the published Fig. 8 curve)' },
};

export default bayesCurveClaim(options);
