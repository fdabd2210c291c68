/**
 * The quick tier of every claim, one vitest test per claim (named by its id). Each claim's own false-failure rate is
 * part of the quick tier's union bound (≤ 1e-3 per run, checked below); the seed is the suite's TEST_SEED.
 */
import { describe, expect, it } from 'vitest';
import { claimsOfTier, loadClaims } from '../../properties/engine/registry.js';
import { budgetOf, QUICK_TIER_BUDGET } from '../../properties/engine/run-claims.js';
import { runClaim } from '../../properties/engine/run-claim.js';
import { TEST_SEED } from '../setup.js';

const claims = claimsOfTier(await loadClaims(), 'quick');
/** The learned claims train encoders synchronously (minutes on a loaded machine); the others keep the default timeout. */
const LEARNED_TIMEOUT = (id: string): number | undefined => (id.startsWith('learned-') ? 30 * 60_000 : undefined);

describe('quick tier of every claim', () => {
  it(`the quick tier's false-failure budget is ≤ ${QUICK_TIER_BUDGET} (union bound)`, () => {
    const b = budgetOf(claims);
    console.log(`[claims] ${claims.length} quick-tier claims, false-failure budget ${b.toExponential(2)}, root seed ${TEST_SEED}`);
    expect(b).toBeLessThanOrEqual(QUICK_TIER_BUDGET);
  });

  for (const claim of claims) {
    it(claim.id, async () => {
      const { result } = await runClaim(claim, { rootSeed: TEST_SEED, tier: 'quick' });
      const failed = result.checks.filter((c) => !c.passed).map((c) => `  - ${c.description}: ${c.detail}`);
      const explain = `${result.summary}\n${failed.join('\n')}\n${result.message ?? ''}\nreplay: ${result.replay}${
        result.counterexample ? `\ncounterexample: ${result.counterexample.replay}` : ''
      }`;
      expect(result.status, explain).toBe('pass');
    }, LEARNED_TIMEOUT(claim.id));
  }
});
