/**
 * Runs a list of claims under one root seed and assembles the run's results (`clip-theory/results@1`). The quick
 * tier's total false-failure budget (union bound over its claims) must stay ≤ `QUICK_TIER_BUDGET`.
 */
import { cpus } from 'node:os';
import { readFileSync } from 'node:fs';
import { RESULTS_SCHEMA, type RunResults } from '../../reports/results-schema.js';
import type { Claim, Tier } from './claim.js';
import { type ClaimFile, runClaim } from './run-claim.js';

/** Maximum union-bound false-failure probability of one quick-tier run. */
export const QUICK_TIER_BUDGET = 1e-3;

/** Progress events of a run. */
export type RunEvent =
  | { type: 'start'; total: number; budget: number; seed: number; tier: Tier }
  | { type: 'claim-start'; index: number; total: number; id: string }
  | { type: 'claim-progress'; index: number; total: number; id: string; fraction: number }
  | { type: 'claim-end'; index: number; total: number; id: string; status: string; summary: string; durationMs: number; replay: string; powerStatus?: string; powerNote?: string };

/** Options of `runClaims`. */
export interface RunClaimsOptions {
  /** Root seed. */
  readonly seed: number;
  /** Tier. */
  readonly tier: Tier;
  /** Shard (1-based index of count) — recorded in the results. */
  readonly shard?: { index: number; count: number };
  /** Claims of the whole tier (for the budget check); defaults to `claims`. */
  readonly tierClaims?: readonly Claim[];
  /** Progress callback. */
  readonly onEvent?: (e: RunEvent) => void;
  /** Replay command of the run. */
  readonly replay?: string;
}

function toolVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Sum of the claims' false-failure rates (union bound). */
export function budgetOf(claims: readonly Claim[]): number {
  return claims.reduce((a, c) => a + c.falseFailureRate, 0);
}

/** Runs the claims in order; returns the results and the files they produced. */
export async function runClaims(claims: readonly Claim[], opts: RunClaimsOptions): Promise<{ results: RunResults; files: ClaimFile[] }> {
  const tierBudget = budgetOf(opts.tierClaims ?? claims);
  if (opts.tier === 'quick' && tierBudget > QUICK_TIER_BUDGET * (1 + 1e-12)) {
    throw new RangeError(`the quick tier's false-failure budget is ${tierBudget}, above the allowed ${QUICK_TIER_BUDGET}: lower some claims' falseFailureRate`);
  }
  const startedAt = new Date();
  const total = claims.length;
  opts.onEvent?.({ type: 'start', total, budget: budgetOf(claims), seed: opts.seed, tier: opts.tier });
  const results: RunResults['claims'] = [];
  const files: ClaimFile[] = [];
  for (let i = 0; i < total; i++) {
    const c = claims[i];
    opts.onEvent?.({ type: 'claim-start', index: i, total, id: c.id });
    const { result, files: f } = await runClaim(c, {
      rootSeed: opts.seed,
      tier: opts.tier,
      onProgress: (fraction) => opts.onEvent?.({ type: 'claim-progress', index: i, total, id: c.id, fraction }),
    });
    results.push(result);
    files.push(...f);
    opts.onEvent?.({ type: 'claim-end', index: i, total, id: c.id, status: result.status, summary: result.summary, durationMs: result.timing.durationMs, replay: result.replay, powerStatus: result.powerStatus, powerNote: result.powerNote });
  }
  const shardFlag = opts.shard ? ` --shard ${opts.shard.index}/${opts.shard.count}` : '';
  return {
    results: {
      schema: RESULTS_SCHEMA,
      tool: { name: 'clip-theory', version: toolVersion() },
      seed: opts.seed,
      tier: opts.tier,
      ...(opts.shard ? { shard: opts.shard } : {}),
      falseFailureBudget: budgetOf(claims),
      environment: { node: process.version, platform: `${process.platform}-${process.arch}`, cpus: cpus().length },
      timing: { startedAt: startedAt.toISOString(), durationMs: Date.now() - startedAt.getTime() },
      replay: opts.replay ?? `npm run verify -- --seed ${opts.seed} --tier ${opts.tier}${shardFlag}`,
      claims: results,
    },
    files,
  };
}
