/**
 * Public API of the statistics module of the claims engine: special functions and distributions, summary
 * statistics, mean bounds and calibrated mean assertions (every assertion states its false-failure rate), power
 * helpers, chi-square goodness of fit, linear and log-log fits with bootstrap intervals, and false-failure budgets.
 * Everything is plain TypeScript in Float64 (no tfjs).
 */

/** Input checks: one-line RangeErrors naming the function and the argument. */
export type { Samples } from './validate.js';

/** ln Γ and the regularised incomplete gamma functions P(a, x), Q(a, x). */
export { logGamma, regularizedGammaP, regularizedGammaQ } from './gamma-functions.js';

/** Standard normal density, CDF, survival and quantiles (Φ⁻¹ accurate to ~1e-15). */
export { normalPdf, normalCdf, normalSurvival, normalQuantile, normalQuantileUpper } from './normal.js';

/** Regularised incomplete beta function and ln B(a, b). */
export { logBeta, regularizedBeta } from './beta-functions.js';

/** Student t CDF, survival and upper quantile. */
export { studentTCdf, studentTSurvival, studentTQuantileUpper } from './student-t.js';

/** Chi-square CDF and survival (p-value). */
export { chiSquareCdf, chiSquareSurvival } from './chi-square.js';

/** Exact binomial probabilities, tails and critical counts (slack for frequency checks). */
export {
  binomialPmf,
  binomialTailAtLeast,
  binomialTailAtMost,
  binomialUpperCriticalCount,
  binomialLowerCriticalCount,
} from './binomial.js';

/** Mean, unbiased variance, standard error, paired differences. */
export { mean, variance, standardError, summarize, pairedDifferences } from './summary.js';
export type { SampleSummary } from './summary.js';

/** Per-method confidence radii for a mean. */
export { CLT_MIN_SAMPLES, cltRadius } from './clt.js';
export { hoeffdingRadius } from './hoeffding.js';
export { empiricalBernsteinRadius } from './empirical-bernstein.js';

/** Confidence bounds and intervals for a mean with a stated error rate. */
export { meanUpperBound, meanLowerBound, meanConfidenceInterval, meanEvidence } from './mean-bounds.js';
export type { MeanMethod, MeanEstimate, MeanData, MeanBoundOptions, MeanEvidence } from './mean-bounds.js';

/** Mean assertions returning structured verdicts. */
export { assertMeanAtLeast, assertMeanAtMost, assertMeanClose, assertPairedDifference } from './mean-assertions.js';
export type { MeanAssertionOptions, MeanCloseOptions, MeanVerdict, PairedRelation } from './mean-assertions.js';

/** Power: minimum detectable discrepancy and minimum sample size (CLT, Hoeffding). */
export {
  cltMinDetectableDiscrepancy,
  cltMinNumSamples,
  hoeffdingMinDetectableDiscrepancy,
  hoeffdingMinNumSamples,
} from './power.js';
export type { PowerOptions, CltPowerOptions } from './power.js';

/** Chi-square goodness of fit with pooling of small cells. */
export { chiSquareGoodnessOfFit } from './chi-square-gof.js';
export type { GoodnessOfFitOptions, GoodnessOfFitVerdict } from './chi-square-gof.js';

/** Linear fit y = a + b·g(x) and log-log power-law fits with bootstrap intervals. */
export { fitLinear, leastSquaresLine } from './linear-fit.js';
export type { LinearFit, LineCoefficients } from './linear-fit.js';
export { fitLogLog, fitLogLogBootstrap } from './log-log-fit.js';
export type { LogLogFit, LogLogBootstrapOptions, LogLogBootstrapFit } from './log-log-fit.js';

/** Union-bound false-failure budgets. */
export { Budget, splitFalseFailureBudget } from './budget.js';
export type { BudgetEntry } from './budget.js';
