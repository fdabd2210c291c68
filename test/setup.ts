/**
 * Test-wide seed policy (fast-check's pattern): one root seed, fixed by default so CI never flakes beyond the stated
 * false-failure budgets, overridable with CLIP_THEORY_SEED to measure or replay; printed once per test file.
 */
import fc from 'fast-check';

const raw = process.env.CLIP_THEORY_SEED;
export const TEST_SEED = raw === undefined ? 20250108 : Number(raw);
if (!Number.isSafeInteger(TEST_SEED) || TEST_SEED < 0) throw new Error(`CLIP_THEORY_SEED must be a non-negative integer (got ${raw})`);
fc.configureGlobal({ seed: TEST_SEED, numRuns: 60 });
if (!(globalThis as { __seedPrinted?: boolean }).__seedPrinted) {
  (globalThis as { __seedPrinted?: boolean }).__seedPrinted = true;
  console.log(`[clip-theory tests] root seed ${TEST_SEED} (replay: CLIP_THEORY_SEED=${TEST_SEED} npm test)`);
}
