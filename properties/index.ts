/**
 * Public entry of `properties/`: the claim API (`defineClaim`), the engine (registry, runner), the JGHM arbitraries
 * and the statistics module.
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
export { jghmArbitrary } from './arbitraries/jghm-arbitrary.js';
export type { JghmArbitraryOptions } from './arbitraries/jghm-arbitrary.js';
export * as statistics from './statistics/index.js';
