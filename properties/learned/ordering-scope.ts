/**
 * The quantities of the ordering claim (paper Fig. 2) for one model: each seed's final total K = ∞ CLIP excess of
 * guided, standard (deep) and shallow (one-layer) encoders trained with the same seed, and the counts of seeds out of
 * the order guided ≤ standard ≤ shallow.
 */
import type { ExactTables } from '../../theory/exact-tables.js';
import type { Scope } from '../engine/statement.js';
import { clipExcess } from './learned-quantities.js';
import type { LearnedRun } from './trained-clip.js';

/** The three kinds of encoders of one model, each one run per seed, paired by index. */
export interface OrderingRuns {
  readonly guided: readonly LearnedRun[];
  readonly standard: readonly LearnedRun[];
  readonly shallow: readonly LearnedRun[];
}

/** Final excesses per seed. */
export interface OrderingRecord {
  readonly seeds: number[];
  readonly guided: number[];
  readonly standard: number[];
  readonly shallow: number[];
}

const finalExcess = (t: ExactTables, r: LearnedRun) => clipExcess(t, r.snapshots[r.snapshots.length - 1].similarity).total;

/** Scope { guidedAbove, standardAbove, allowed } and the per-seed excesses. */
export function orderingScope(t: ExactTables, runs: OrderingRuns, allowed: number): { scope: Scope; record: OrderingRecord } {
  const n = runs.standard.length;
  if (runs.guided.length !== n || runs.shallow.length !== n) throw new RangeError('orderingScope: guided, standard and shallow runs must pair up by seed');
  const record: OrderingRecord = {
    seeds: runs.standard.map((r) => r.seed),
    guided: runs.guided.map((r) => finalExcess(t, r)),
    standard: runs.standard.map((r) => finalExcess(t, r)),
    shallow: runs.shallow.map((r) => finalExcess(t, r)),
  };
  return {
    scope: {
      guidedAbove: record.guided.filter((g, i) => g > record.standard[i]).length,
      standardAbove: record.standard.filter((s, i) => s > record.shallow[i]).length,
      allowed,
    },
    record,
  };
}
