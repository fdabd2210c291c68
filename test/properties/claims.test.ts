/**
 * The quick tier of every claim, one vitest test per claim (named by its id). Each claim's own false-failure rate is
 * part of the quick tier's union bound (≤ 1e-3 per run, checked below); the seed is the suite's TEST_SEED. Each result
 * must carry its power fields (powerStatus, powerNote, binding, contentFraction, resolution, powerChecks).
 */
import { describe, expect, it } from 'vitest';
import { claimsOfTier, loadClaims } from '../../properties/engine/registry.js';
import { budgetOf, QUICK_TIER_BUDGET } from '../../properties/engine/run-claims.js';
import { runClaim } from '../../properties/engine/run-claim.js';
import { TEST_SEED } from '../setup.js';

const claims = claimsOfTier(await loadClaims(), 'quick');

describe('quick tier of every claim', () => {
  it(`the quick tier's false-failure budget is ≤ ${QUICK_TIER_BUDGET} (union bound)`, () => {
    const b = budgetOf(claims);
    console.log(`[claims] ${claims.length} quick-tier claims, false-failure budget ${b.toExponential(2)}, root seed ${TEST_SEED}`);
    expect(b).toBeLessThanOrEqual(QUICK_TIER_BUDGET);
  });

  for (const claim of claims) {
    // no timing limit of note: a claim is a statistical check, not a timing test (the learned claims train models)
    it(claim.id, { timeout: 1_800_000 }, async () => {
      const { result } = await runClaim(claim, { rootSeed: TEST_SEED, tier: 'quick' });
      const failed = result.checks.filter((c) => !c.passed).map((c) => `  - ${c.description}: ${c.detail}`);
      const explain = `${result.summary}\n${failed.join('\n')}\n${result.message ?? ''}\nreplay: ${result.replay}${
        result.counterexample ? `\ncounterexample: ${result.counterexample.replay}` : ''
      }`;
      expect(result.status, explain).toBe('pass');
      // issue 11: every claim records its power next to its verdict
      expect(['ok', 'weak', 'vacuous']).toContain(result.powerStatus);
      expect(result.powerNote).toMatch(new RegExp(`^${result.powerStatus}: .+`));
      for (const key of ['binding', 'contentFraction', 'resolution', 'powerChecks'] as const) expect(result, `power field ${key}`).toHaveProperty(key);
      if (claim.falseFailureRate > 0) expect(result.resolution, 'a statistical claim states its resolution').toBeGreaterThan(0);
      if (claim.bounds?.length) expect(result.contentFraction, 'a claim with bounds measures them').not.toBeNull();
    });
  }
});
