/**
 * The quantities of the flip-probability trend (paper Fig. 2's second observation) for one model: deep encoders
 * trained on the same kernels at a small and a large flip probability (the paper construction regenerated at p_lo and
 * p_hi, `atFlipProbability`), one run per training seed at each; each run's final K = ∞ CLIP excess (both directions)
 * against the Bayes loss of its own law. Counts: `lowMiss` — seeds whose excess at p_lo exceeds δ (not ≈ 0);
 * `notGrowing` — seeds whose excess at p_hi is not above their excess at p_lo.
 */
import type { ExactTables } from '../../theory/exact-tables.js';
import type { Scope } from '../engine/statement.js';
import { clipExcess } from './learned-quantities.js';
import type { LearnedRun } from './trained-clip.js';

/** Thresholds and seed-count rule of the trend claim. */
export interface FlipTrendParams {
  /** The small and the large flip probability. */
  readonly pLo: number;
  readonly pHi: number;
  /** "≈ 0" at p_lo: total K = ∞ CLIP excess ≤ delta (nats). */
  readonly delta: number;
  /** Claimed bound on a seed's probability of missing (each side). */
  readonly q: number;
  /** Seeds allowed to miss, per model and side. */
  readonly allowed: number;
}

/** One seed's curves at both flip probabilities. */
export interface FlipTrendRun {
  readonly seed: number;
  readonly steps: number[];
  readonly lo: number[];
  readonly hi: number[];
}

const curve = (t: ExactTables, r: LearnedRun) => r.snapshots.map((s) => clipExcess(t, s.similarity).total);

/** Scope { lowMiss, notGrowing, allowed } and the per-seed curves; runs pair up by index (seed). */
export function flipTrendScope(
  lo: { tables: ExactTables; runs: readonly LearnedRun[] },
  hi: { tables: ExactTables; runs: readonly LearnedRun[] },
  p: FlipTrendParams,
): { scope: Scope; runs: FlipTrendRun[] } {
  if (lo.runs.length !== hi.runs.length || lo.runs.some((r, i) => r.seed !== hi.runs[i].seed)) {
    throw new RangeError('flipTrendScope: the runs at p_lo and p_hi must pair up by seed');
  }
  const runs = lo.runs.map((r, i) => ({ seed: r.seed, steps: r.snapshots.map((s) => s.step), lo: curve(lo.tables, r), hi: curve(hi.tables, hi.runs[i]) }));
  const last = (a: number[]) => a[a.length - 1];
  return {
    scope: {
      lowMiss: runs.filter((r) => !(last(r.lo) <= p.delta)).length,
      notGrowing: runs.filter((r) => !(last(r.hi) > last(r.lo))).length,
      allowed: p.allowed,
    },
    runs,
  };
}
