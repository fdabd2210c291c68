/**
 * The quantities of learned claim 1 for one model: for every run (deep and shallow, every seed) and snapshot, the
 * exact zero-shot excess of the learned similarity and its exact K = ∞ CLIP excess (image anchor); the scope is the
 * worst case (largest zscKl − clipExcess).
 */
import type { ExactTables } from '../../theory/exact-tables.js';
import type { Scope } from '../engine/statement.js';
import { clipExcess, zeroShotOf } from './learned-quantities.js';
import type { LearnedPool } from './learned-pool.js';
import type { LearnedRun } from './trained-clip.js';

/** Per-run curves of one model. */
export interface ZscRecord {
  readonly depth: 'deep' | 'shallow';
  readonly seed: number;
  readonly steps: number[];
  readonly zscKl: number[];
  readonly clipExcess: number[];
}

/** Scope of the worst case and the per-run curves. `pairing` picks which snapshot's excess a classifier is compared to (identity: its own). */
export function zscScope(
  t: ExactTables,
  pool: LearnedPool,
  classLeaf: number,
  pairing: (snapshot: number, count: number) => number = (i) => i,
): { scope: Scope; records: ZscRecord[] } {
  let worst: Scope | undefined;
  const records: ZscRecord[] = [];
  const add = (depth: 'deep' | 'shallow', run: LearnedRun) => {
    const zsc = run.snapshots.map((s) => zeroShotOf(t, s.similarity, classLeaf).kl);
    const ex = run.snapshots.map((s) => clipExcess(t, s.similarity).image);
    records.push({ depth, seed: run.seed, steps: run.snapshots.map((s) => s.step), zscKl: zsc, clipExcess: ex });
    for (let i = 0; i < zsc.length; i++) {
      const e = ex[pairing(i, zsc.length)];
      const scope = { zscKl: zsc[i], clipExcess: e, tol: 1e-9 * Math.max(1, Math.abs(e)) };
      if (!worst || scope.zscKl - scope.clipExcess > worst.zscKl - worst.clipExcess) worst = scope;
    }
  };
  pool.deep.forEach((r) => add('deep', r));
  pool.shallow.forEach((r) => add('shallow', r));
  return { scope: worst!, records };
}
