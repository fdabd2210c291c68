/**
 * Fig. 8d — out of distribution: the VLM risk of BP run with the p = 0.2 kernels on data drawn at other p.
 *
 * Statement: our Monte Carlo risk of mis-specified BP (inference with the authors' p = 0.2 kernels, data from the
 * authors' kernels at p; both share permutations and noise matrices) agrees with the published "Mis-spec. BP" curve
 * within the two Monte Carlo errors.
 * Source: the paper's Fig. 8d (published data of the authors' code, FOUND-CODE; theory.md §7.3, §10.1 item 21).
 * Quantities: maxZ (largest standardised difference), zCrit (Bonferroni critical value).
 * Check: Monte Carlo, CLT; quick tier at p = 0.02 and 0.4, full tier at all 20 values.
 * Error budget: false-failure rate 2e-5.
 */
import { bayesCurveClaim, type CurveClaimOptions } from '../paper/bayes-curve-claim.js';

/** The claim's options (tests build planted variants from them). */
export const options: CurveClaimOptions = {
  id: 'fig8d-misspecified-bp-vlm',
  title: 'Fig. 8d: VLM risk of mis-specified BP (p = 0.2 kernels) matches the published curve',
  task: 'vlm',
  figure: 'fig8d_vlm_ood',
  series: 'Mis-spec. BP',
  inferenceP: 0.2,
  reference: 'arXiv 2501.04641 Fig. 8d; theory.md §7.3',
  quick: { pIndices: [0, 19], n: 500 },
  full: { pIndices: Array.from({ length: 20 }, (_, i) => i), n: 30000 },
  falseFailureRate: 2e-5,
  alternative: { figure: 'fig8d_vlm_ood', series: 'Bayes', what: 'exact Bayes (BP with the data\'s own kernels; the published Bayes curve)' },
};

export default bayesCurveClaim(options);
