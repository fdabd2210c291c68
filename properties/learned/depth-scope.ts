/**
 * The quantities of the depth claim for one model: each seed's total K = ∞ CLIP excess (both directions) along its
 * snapshots for deep and one-layer encoders, the count of deep seeds that miss δ, and the count of seeds whose
 * one-layer encoders do not stay above the deep ones (same seed) by the factor ρ.
 */
import type { ExactTables } from '../../theory/exact-tables.js';
import type { Scope } from '../engine/statement.js';
import { clipExcess } from './learned-quantities.js';
import type { LearnedPool } from './learned-pool.js';
import type { LearnedRun } from './trained-clip.js';

/** Thresholds and seed-count rule of the depth claim. */
export interface DepthParams {
  /** Target of the deep encoders: total K = ∞ CLIP excess ≤ delta (nats). */
  readonly delta: number;
  /** Factor: one-layer excess ≥ ratio × deep excess, per training seed. */
  readonly ratio: number;
  /** Claimed bound on a seed's probability of landing on the wrong side (each side). */
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

/** Scope { deepMiss, shallowClose, allowed } and the curves; deep and shallow runs are paired by index (seed). */
export function depthScope(t: ExactTables, pool: LearnedPool, p: DepthParams): { scope: Scope; record: DepthRecord } {
  if (pool.deep.length !== pool.shallow.length) throw new RangeError('depthScope: deep and shallow runs must pair up by seed');
  const deep = pool.deep.map((r) => runOf(t, r));
  const shallow = pool.shallow.map((r) => runOf(t, r));
  return {
    scope: {
      deepMiss: deep.filter((r) => r.final > p.delta).length,
      shallowClose: shallow.filter((r, i) => r.final < p.ratio * deep[i].final).length,
      allowed: p.allowed,
    },
    record: { deep, shallow },
  };
}
