/**
 * Fig. 2d — the VLM Bayes risk as a function of the flip probability.
 *
 * Statement: our exact-BP Monte Carlo Bayes risk, on the authors' exact kernels (NumPy seed 42), agrees with the
 * published Bayes curve at every flip probability of the grid, within the two Monte Carlo errors.
 * Source: the paper's Fig. 2d (published data of the authors' code, FOUND-CODE; theory.md §7.3).
 * Quantities: maxZ (largest standardised difference), zCrit (Bonferroni critical value).
 * Check: Monte Carlo, CLT; quick tier at p = 0.02, 0.1, 0.2, 0.3, 0.4, full tier at all 20 values with the published sample size.
 * Error budget: false-failure rate 2e-5 (Bonferroni over the grid).
 */
import { bayesCurveClaim, type CurveClaimOptions } from '../paper/bayes-curve-claim.js';

/** The claim's options (tests build planted variants from them). */
export const options: CurveClaimOptions = {
  id: 'fig2d-bayes-vlm-curve',
  title: 'Fig. 2d: VLM Bayes risk vs flip probability matches the published curve',
  task: 'vlm',
  figure: 'fig2d_vlm_risk',
  series: 'Bayes',
  reference: 'arXiv 2501.04641 Fig. 2d; theory.md §7.3',
  quick: { pIndices: [0, 4, 9, 14, 19], n: 500 },
  full: { pIndices: Array.from({ length: 20 }, (_, i) => i), n: 30000 },
  falseFailureRate: 2e-5,
  alternative: { figure: 'fig8d_vlm_ood', series: 'Mis-spec. BP', what: 'BP with the p = 0.2 kernels (the published Fig. 8 curve)' },
};

export default bayesCurveClaim(options);
