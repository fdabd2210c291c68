/**
 * Public entry of `theory/`: the exact core (plain TypeScript, Float64Array; never tfjs). JGHM models and their
 * `jghm/v1` format, generators, seeded randomness, sampling, belief propagation (general, fast root posteriors,
 * next-token), brute-force enumeration (the slow twin), exact information quantities and CLIP losses, and Monte Carlo
 * Bayes risks.
 */
export { Rng, checkSeed } from './random.js';
export { NumpyLegacyRandom } from './numpy-legacy-random.js';
export {
  MODALITIES,
  ModelError,
  STOCHASTIC_TOLERANCE,
  checkProbabilityVector,
  kernelOf,
  layerSizesOf,
  leafConfigurationCount,
  makeJghm,
  makeTree,
  pathKernel,
  treeOf,
} from './model.js';
export type { Jghm, Modality, TreeModel } from './model.js';
export { JGHM_FORMAT, jghmToJson, parseJghm, parseJghmText } from './model-format.js';
export type { JghmJson, TreeJson } from './model-format.js';
export { PRESETS, dirichlet, generateAuthorsJghm, generateDirichletJghm, generatePaperJghm, generatePreset } from './generators.js';
export type { AuthorsGeneratorOptions, DirichletGeneratorOptions, PaperGeneratorOptions, PresetName, PresetShape } from './generators.js';
export { allocLeaves, leafBatchOf, leafRow, sampleMarginal, samplePairs, sampleRoots, sampleTreeGivenRoots } from './sampling.js';
export type { LeafArray, LeafBatch, PairBatch } from './sampling.js';
export {
  combineAtRoot,
  gaussianEvidence,
  leafMarginals,
  observedEvidence,
  posteriorMeans,
  rootMessageOf,
  rootPosteriorsFromEvidence,
  upward,
} from './belief-propagation.js';
export type { LeafEvidence, UpwardResult } from './belief-propagation.js';
export { rootPosteriors } from './root-posterior-fast.js';
export { createRootPosteriorPool } from './parallel-root-posteriors.js';
export type { RootPosteriorPool, RootPosteriorPoolOptions } from './parallel-root-posteriors.js';
export { nextTokenCrossEntropy, nextTokenPredictions } from './next-token.js';
export { nextTokenCrossEntropyFast } from './next-token-fast.js';
export { gaussianLeafPosteriorMeans, leafPosteriorMeansFromEvidence } from './leaf-posterior-means-fast.js';
export type { FastMeansOptions } from './leaf-posterior-means-fast.js';
export {
  BRUTE_FORCE_MAX_ASSIGNMENTS,
  DEFAULT_MAX_CONFIGURATIONS,
  EnumerationTooLargeError,
  allConfigurations,
  bruteForceInference,
  bruteForceLikelihoodTable,
  checkedConfigurationCount,
  configurationIndex,
  likelihoodTable,
} from './enumeration.js';
export type { BruteForceResult } from './enumeration.js';
export { DEFAULT_MAX_TABLE_ENTRIES, densityRatio, exactTables, jointTable, pmiTable, tablesFrom, transposeTables } from './exact-tables.js';
export type { EnumerationOptions, ExactTables } from './exact-tables.js';
export { encoderFromKeys, encoderFromName, leafEncoder, rootMapDiagnostics, rootMapEncoder, rootPosteriorEncoder } from './encoders.js';
export type { FiniteEncoder, RootMapDiagnostics } from './encoders.js';
export {
  bestEncoderSimilarity,
  encoderConditional,
  encoderMutualInformation,
  encoderRootLaw,
  encodersMutualInformation,
  encodersPmiSimilarity,
  expectedKlToEncoderConditional,
  leafLogLikelihood,
  mutualInformation,
  pairPmi,
  phi,
  rootPosteriorOf,
  sufficiency,
  sufficiencyBregman,
  sufficiencyKl,
  zeroShotBayesCrossEntropy,
  zeroShotClassPosterior,
  zeroShotClassifier,
  zeroShotExcess,
} from './information.js';
export type { EncoderRootLaw } from './information.js';
export { DEFAULT_MAX_TUPLES, exactClipLoss, exactOneDirectionLoss, infiniteKLoss } from './clip-loss-exact.js';
export type { ClipLossValue, ExactLossOptions } from './clip-loss-exact.js';
export { exactSummary } from './exact-summary.js';
export type { ExactSummary, ExactSummaryOptions } from './exact-summary.js';
export type { InferencePath } from './monte-carlo.js';
export { CHUNK, bayesCdmRisk, bayesClipRisk, bayesRisks, bayesVlmRisk, bayesZscRisk, estimate, noisyLeaves } from './monte-carlo.js';
export type { BayesRiskOptions, McEstimate, McSummary } from './monte-carlo.js';
export {
  DEFAULT_MAX_CELLS,
  describeCells,
  formatCount,
  formatLeafConfigurations,
  leafConfigurationsExceed,
  log10BigInt,
  log10LeafConfigurations,
  modelSize,
  treeSize,
} from './model-size.js';
export type { ModelSize, TreeShape, TreeSize } from './model-size.js';
