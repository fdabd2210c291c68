/**
 * `verify --tier full` with learned claims: prints the cost estimate first and refuses a CPU backend without `--force`
 * (a usage error, exit 2, before any claim runs). The backend is injected, so the test never trains.
 */
import { describe, expect, it } from 'vitest';
import { checkLearnedFullTier, extraTrainingOf } from '../../cli/commands/verify.js';
import { loadClaims } from '../../properties/engine/registry.js';
import { UsageError } from '../../cli/errors.js';
import { learnedTierCost, trainingCpuSeconds } from '../../properties/learned/learned-cost.js';
import { FULL_LEARNED, QUICK_LEARNED } from '../../properties/learned/learned-presets.js';

const all = await loadClaims();
const byId = (ids: readonly string[]) => all.filter((c) => ids.includes(c.id));
const LEARNED = byId(['bp-equals-enumeration', 'learned-depth-reaches-bayes']);

describe('verify --force (learned full tier)', () => {
  it('refuses a CPU backend without --force, naming the flag, after printing the estimate', async () => {
    const lines: string[] = [];
    const err = await checkLearnedFullTier(LEARNED, 'full', false, async () => 'wasm', (l) => lines.push(l)).catch((e) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/^--force: .*wasm/);
    expect((err as Error).message).not.toMatch(/\n/);
    expect(lines.join('')).toMatch(/learned claims, full tier: \d+ training runs .* about \d+ min/);
  });

  it('runs with --force on a CPU backend, and without it on a GPU backend', async () => {
    const quiet = () => {};
    await expect(checkLearnedFullTier(LEARNED, 'full', true, async () => 'wasm', quiet)).resolves.toBeUndefined();
    await expect(checkLearnedFullTier(LEARNED, 'full', false, async () => 'webgpu', quiet)).resolves.toBeUndefined();
  });

  it('does not look at the backend for the quick tier or without learned claims', async () => {
    const never = async (): Promise<string> => {
      throw new Error('backend picked');
    };
    await expect(checkLearnedFullTier(LEARNED, 'quick', false, never)).resolves.toBeUndefined();
    await expect(checkLearnedFullTier(byId(['bp-equals-enumeration']), 'full', false, never)).resolves.toBeUndefined();
  });

  it('estimates the full tier as more costly than the quick tier, in proportion to the work', () => {
    expect(learnedTierCost(FULL_LEARNED).cpuSeconds).toBeGreaterThan(learnedTierCost(QUICK_LEARNED).cpuSeconds);
    const c = QUICK_LEARNED.deep;
    expect(trainingCpuSeconds({ ...c, steps: 2 * c.steps })).toBeCloseTo(2 * trainingCpuSeconds(c), 12);
    expect(learnedTierCost(QUICK_LEARNED).runs).toBe(QUICK_LEARNED.models * QUICK_LEARNED.seeds.length * 2);
  });

  it('adds the trainings of the selected claims beyond the pool to the estimate', async () => {
    const extra = byId(['learned-sample-complexity', 'learned-excess-grows-with-flip', 'learned-guided-standard-shallow-order']);
    const e = extraTrainingOf(extra);
    expect(e.runs).toBeGreaterThan(0);
    expect(e.cpuSeconds).toBeGreaterThan(0);
    expect(extraTrainingOf(LEARNED)).toEqual({ runs: 0, cpuSeconds: 0 });
    const estimate = async (claims: typeof all) => {
      const lines: string[] = [];
      await checkLearnedFullTier(claims, 'full', true, async () => 'wasm', (l) => lines.push(l));
      return Number(/: (\d+) training runs/.exec(lines.join(''))![1]);
    };
    expect(await estimate([...LEARNED, ...extra])).toBe((await estimate(LEARNED)) + e.runs);
  });
});
