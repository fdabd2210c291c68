/**
 * What every claim's quick-tier test asserts about its result (shared by claims.test.ts and learned-claims.test.ts):
 * it passed (else the failed checks, replay line and counterexample are the message) and it carries its power fields.
 */
import { expect } from 'vitest';
import type { Claim } from '../../properties/engine/claim.js';
import { runClaim } from '../../properties/engine/run-claim.js';

/** Claims that train models (ids `learned-…`); they run in their own test file and process. */
export function isLearnedClaim(claim: Claim): boolean {
  return claim.id.startsWith('learned-');
}

/** Runs a claim's quick tier at `rootSeed` and asserts it passed with its power fields. */
export async function checkClaimResult(claim: Claim, rootSeed: number): Promise<void> {
  const { result } = await runClaim(claim, { rootSeed, tier: 'quick' });
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
}
