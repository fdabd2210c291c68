/**
 * Fig. 2a — the CLIP Bayes risk as a function of the flip probability.
 *
 * Statement: our exact-BP Monte Carlo Bayes risk, on the authors' exact kernels (NumPy seed 42), agrees with the
 * published Bayes curve at every flip probability of the grid, within the two Monte Carlo errors.
 * Source: the paper's Fig. 2a (published data of the authors' code, FOUND-CODE; theory.md §7.3).
 * Quantities: maxZ (largest standardised difference), zCrit (Bonferroni critical value).
 * Check: Monte Carlo, CLT; quick tier at p = 0.02, 0.1, 0.2, 0.3, 0.4, full tier at all 20 values with the published sample size.
 * Error budget: false-failure rate 2e-5 (Bonferroni over the grid).
 */
import { bayesCurveClaim } from '../paper/bayes-curve-claim.js';

export default bayesCurveClaim({
  id: 'fig2a-bayes-clip-curve',
  title: 'Fig. 2a: CLIP Bayes risk vs flip probability matches the published curve',
  task: 'clip',
  figure: 'fig2a_clip_risk',
  series: 'Bayes',
  reference: 'arXiv 2501.04641 Fig. 2a; theory.md §7.3',
  quick: { pIndices: [0, 4, 9, 14, 19], n: 1500 },
  full: { pIndices: Array.from({ length: 20 }, (_, i) => i), n: 10000 },
  falseFailureRate: 2e-5,
});
