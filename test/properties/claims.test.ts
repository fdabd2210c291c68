/**
 * The quick tier of every exact claim, one vitest test per claim (named by its id); the learned claims (ids
 * `learned-…`, which train models) run in learned-claims.test.ts, in a process of their own beside this one. Each
 * claim's own false-failure rate is part of the quick tier's union bound (≤ 1e-3 per run, checked below, over ALL
 * quick claims, learned ones included); the seed is the suite's TEST_SEED. Each result must carry its power fields
 * (powerStatus, powerNote, binding, contentFraction, resolution, powerChecks).
 */
import { describe, expect, it } from 'vitest';
import { claimsOfTier, loadClaims } from '../../properties/engine/registry.js';
import { budgetOf, QUICK_TIER_BUDGET } from '../../properties/engine/run-claims.js';
import { TEST_SEED } from '../setup.js';
import { checkClaimResult, isLearnedClaim } from './claim-result-checks.js';

const claims = claimsOfTier(await loadClaims(), 'quick');

describe('quick tier of every claim', () => {
  it(`the quick tier's false-failure budget is ≤ ${QUICK_TIER_BUDGET} (union bound)`, () => {
    const b = budgetOf(claims);
    console.log(`[claims] ${claims.length} quick-tier claims, false-failure budget ${b.toExponential(2)}, root seed ${TEST_SEED}`);
    expect(b).toBeLessThanOrEqual(QUICK_TIER_BUDGET);
  });

  it('the learned claims are there (they run in learned-claims.test.ts)', () => {
    expect(claims.filter(isLearnedClaim).length).toBeGreaterThan(0);
  });

  for (const claim of claims.filter((c) => !isLearnedClaim(c))) {
    it(claim.id, { timeout: 1_800_000 }, () => checkClaimResult(claim, TEST_SEED));
  }
});
