/**
 * The quantities of the depth claim for one model: each seed's total K = ∞ CLIP excess (both directions) along its
 * snapshots for deep and one-layer encoders, and the counts of seeds on the wrong side of δ.
 */
import type { ExactTables } from '../../theory/exact-tables.js';
import type { Scope } from '../engine/statement.js';
import { clipExcess } from './learned-quantities.js';
import type { LearnedPool } from './learned-pool.js';
import type { LearnedRun } from './trained-clip.js';

/** Threshold and seed-count rule of the depth claim. */
export interface DepthParams {
  /** Target: total K = ∞ CLIP excess ≤ delta (nats). */
  readonly delta: number;
  /** Claimed bound on a seed's probability of landing on the wrong side. */
  readonly q: number;
  /** Seeds allowed on the wrong side, per model and side. */
  readonly allowed: number;
}

/** One seed's curve and final excess. */
export interface DepthRun {
  readonly curve: { x: number; y: number }[];
  readonly final: number;
}

/** Both sides of one model. */
export interface DepthRecord {
  readonly deep: DepthRun[];
  readonly shallow: DepthRun[];
}

function runOf(t: ExactTables, run: LearnedRun): DepthRun {
  const curve = run.snapshots.map((s) => ({ x: s.step, y: clipExcess(t, s.similarity).total }));
  return { curve, final: curve[curve.length - 1].y };
}

/** Scope { deepMiss, shallowReach, allowed } and the curves. */
export function depthScope(t: ExactTables, pool: LearnedPool, p: DepthParams): { scope: Scope; record: DepthRecord } {
  const deep = pool.deep.map((r) => runOf(t, r));
  const shallow = pool.shallow.map((r) => runOf(t, r));
  return {
    scope: {
      deepMiss: deep.filter((r) => r.final > p.delta).length,
      shallowReach: shallow.filter((r) => r.final <= p.delta).length,
      allowed: p.allowed,
    },
    record: { deep, shallow },
  };
}
