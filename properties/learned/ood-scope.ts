/**
 * The quantities of the out-of-distribution claim for one model trained at flip probability p₀: for every p of a grid,
 * the exact K = ∞ CLIP excess over Bayes(p) of (a) the trained similarity S_θ and (b) mis-specified BP, the PMI table
 * computed from the p₀ kernels (theory.md §7.3, the paper's Fig. 8 "BP with p = 0.2 kernels"), both evaluated under
 * the law of the model at p (`atFlipProbability`: the same permutations and noise matrices, another p).
 */
import { exactTables, pmiTable, type ExactTables } from '../../theory/exact-tables.js';
import type { Jghm } from '../../theory/model.js';
import type { Scope } from '../engine/statement.js';
import { atFlipProbability } from './learned-jghm.js';
import { clipExcess } from './learned-quantities.js';
import type { LearnedRun } from './trained-clip.js';

/** Distance rule of the out-of-distribution claim (far seeds: distance > in-distribution excess + c·M). */
export interface OodParams {
  /** Flip probabilities the trained similarity is evaluated at (p₀ itself need not be listed). */
  readonly grid: readonly number[];
  /**
   * Stated distance beyond the in-distribution excess, as a fraction c of mis-specified BP's own largest excess on the
   * grid M = max_p ΔL_p(PMI_{p₀}): max_p |ΔL_p(S_θ) − ΔL_p(PMI_{p₀})| ≤ ΔL_{p₀}(S_θ) + c·M (at p = p₀ the left side
   * IS ΔL_{p₀}(S_θ); c·M bounds what leaving p₀ adds, relative to how much leaving p₀ costs BP itself).
   */
  readonly fraction: number;
  /** Claimed bound on a seed's probability of exceeding the distance. */
  readonly q: number;
  /** Seeds allowed beyond the distance, per model. */
  readonly allowed: number;
}

/** One seed's curves over the grid. */
export interface OodRun {
  readonly seed: number;
  /** ΔL_p(S_θ) per grid point. */
  readonly learned: number[];
  /** max_p |ΔL_p(S_θ) − ΔL_p(PMI_{p₀})|. */
  readonly distance: number;
  /** ΔL_{p₀}(S_θ), the in-distribution excess. */
  readonly atP0: number;
}

/** Curves of one model. */
export interface OodRecord {
  readonly grid: number[];
  /** ΔL_p(PMI_{p₀}) per grid point (mis-specified BP). */
  readonly misspecified: number[];
  /** M = max_p ΔL_p(PMI_{p₀}). */
  readonly misspecifiedMax: number;
  readonly runs: OodRun[];
}

const tablesAt = new Map<string, ExactTables>();

function tables(model: Jghm, p: number): ExactTables {
  const m = atFlipProbability(model, p);
  const key = `${m.name}`;
  let t = tablesAt.get(key);
  if (!t) {
    t = exactTables(m);
    tablesAt.set(key, t);
  }
  return t;
}

/**
 * Scope { minExcess, tol, farSeeds, allowed } and the curves. `snapshot` picks the snapshot of every run that is
 * called "trained" (default: the last, the step budget; the planted twin passes 0, the initialisation).
 */
export function oodScope(
  model: Jghm,
  p0: number,
  runs: readonly LearnedRun[],
  params: OodParams,
  snapshot: (count: number) => number = (n) => n - 1,
): { scope: Scope; record: OodRecord } {
  const grid = [...new Set([...params.grid, p0])].sort((a, b) => a - b);
  const misPmi = pmiTable(tables(model, p0));
  const perP = grid.map((p) => tables(model, p));
  const misspecified = perP.map((t) => clipExcess(t, misPmi).total);
  const misspecifiedMax = Math.max(...misspecified);
  let minExcess = Infinity;
  let scale = 1;
  const out: OodRun[] = runs.map((run) => {
    const sim = run.snapshots[snapshot(run.snapshots.length)].similarity;
    const learned = perP.map((t) => clipExcess(t, sim).total);
    let distance = 0;
    learned.forEach((v, i) => {
      minExcess = Math.min(minExcess, v);
      scale = Math.max(scale, Math.abs(v));
      distance = Math.max(distance, Math.abs(v - misspecified[i]));
    });
    return { seed: run.seed, learned, distance, atP0: learned[grid.indexOf(p0)] };
  });
  return {
    scope: {
      minExcess,
      tol: 1e-9 * scale,
      farSeeds: out.filter((r) => r.distance > r.atP0 + params.fraction * misspecifiedMax).length,
      allowed: params.allowed,
    },
    record: { grid, misspecified, misspecifiedMax, runs: out },
  };
}
