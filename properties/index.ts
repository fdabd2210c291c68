/**
 * Public entry of `properties/`: the claim API (`defineClaim`), the engine (registry, runner) and its helpers for
 * claim authors (per-model streams, reported quantities, first failing scope, max difference), the JGHM arbitraries
 * and filters, the shipped golden toys, and the statistics module.
 */
export { defineClaim } from './engine/claim.js';
export type { Claim, ClaimContext, ClaimDefinition, ClaimSource, PropertyOptions, Quantity, Tier } from './engine/claim.js';
export { compileStatement } from './engine/statement.js';
export type { Scope, Statement } from './engine/statement.js';
export { CLAIMS_DIR, claimsOfTier, loadClaims, shardOf } from './engine/registry.js';
export { QUICK_TIER_BUDGET, budgetOf, runClaims } from './engine/run-claims.js';
export type { RunClaimsOptions, RunEvent } from './engine/run-claims.js';
export { claimSeed, replayCommand, runClaim } from './engine/run-claim.js';
export type { ClaimFile, RunClaimOptions } from './engine/run-claim.js';
export { progressPrinter } from './engine/progress.js';
export { modelRng } from './engine/model-rng.js';
export { reportQuantity } from './engine/report-quantity.js';
export { firstFailingScope } from './engine/first-failing-scope.js';
export { maxAbsDifference } from './engine/max-difference.js';
export { jghmArbitrary } from './arbitraries/jghm-arbitrary.js';
export type { JghmArbitraryOptions } from './arbitraries/jghm-arbitrary.js';
export { zerosArbitrary } from './arbitraries/zeros-arbitrary.js';
export { MIN_POSITIVE_KERNEL_ENTRY, hasNoTinyKernelEntries } from './arbitraries/model-filters.js';
export { loadReferenceExpected, loadReferenceToy, referenceToyPath } from './data/reference-toys.js';
export type { ReferenceToy } from './data/reference-toys.js';
export * as statistics from './statistics/index.js';
