/**
 * The quick tier of every learned claim (ids `learned-…`: they train CLIP encoders on the CPU), one vitest test per
 * claim, in one process so that they share their trained encoders (properties/learned/trained-clip.ts). The vitest
 * config starts this file first so the rest of the suite runs beside it. Prints what the learned claims cost.
 */
import { afterAll, describe, it } from 'vitest';
import { claimsOfTier, loadClaims } from '../../properties/engine/registry.js';
import { trainedRunCount } from '../../properties/learned/trained-clip.js';
import { earlyStoppedRunCount } from '../../properties/learned/early-stopped-clip.js';
import { TEST_SEED } from '../setup.js';
import { checkClaimResult, isLearnedClaim } from './claim-result-checks.js';

const learned = claimsOfTier(await loadClaims(), 'quick').filter(isLearnedClaim);
const seconds: [string, number][] = [];

describe('quick tier of every learned claim', () => {
  for (const claim of learned) {
    // no timing limit of note: a claim is a statistical check, not a timing test
    it(claim.id, { timeout: 1_800_000 }, async () => {
      const t0 = performance.now();
      try {
        await checkClaimResult(claim, TEST_SEED);
      } finally {
        seconds.push([claim.id, (performance.now() - t0) / 1000]);
      }
    });
  }
  afterAll(() => {
    const total = seconds.reduce((a, [, s]) => a + s, 0);
    console.log(
      `[learned claims] ${seconds.length} claims, ${trainedRunCount} trainings + ${earlyStoppedRunCount} early-stopped ones, ${total.toFixed(0)} s in all (wall, this process): ` +
        seconds.map(([id, s]) => `${id} ${s.toFixed(0)} s`).join(', '),
    );
  });
});
