/**
 * The quantities of the sample-complexity claim for one model, from the exact K = ∞ CLIP excess of early-stopped
 * encoders trained on fixed datasets of n pairs (one value per grid point n and training seed) and the optimisation
 * floor (the same encoders' excess with unlimited fresh data at the same step budget):
 *
 * - gated grid: the n whose excess is clearly above the floor for every seed (excess ≥ gateRatio × floor), so that
 *   the estimation part excess − floor is positive and not dominated by the floor's own seed scatter;
 * - per seed (the statistical unit: a seed's datasets are nested prefixes of one stream, its initialisation is shared
 *   across n, seeds are independent): the least-squares slope of log(excess − floor) on log n over the gated grid; the
 *   seed MISSES when its slope is above −aMin (its curve decays slower than n^(−aMin));
 * - pooled over seeds, for the report: `fitLogLogBootstrap` of (excess − floor) with the seeds as replicates at each n
 *   (percentile-bootstrap slope interval).
 */
import type { Rng } from '../../theory/random.js';
import type { Scope } from '../engine/statement.js';
import { fitLogLog, fitLogLogBootstrap, type LogLogBootstrapFit } from '../statistics/log-log-fit.js';

/** Thresholds and seed-count rule of the sample-complexity claim. */
export interface SampleComplexityParams {
  /** A seed misses when its fitted slope of log(excess − floor) on log n is > −aMin. */
  readonly aMin: number;
  /** Grid points enter the fit only when every seed's excess is ≥ gateRatio × floor. */
  readonly gateRatio: number;
  /** Claimed bound on a seed's probability of missing. */
  readonly q: number;
  /** Seeds allowed to miss per model. */
  readonly allowed: number;
  /** Bootstrap resamples and two-sided nominal miss rate of the reported slope interval. */
  readonly bootstrapReplicates: number;
  readonly bootstrapRate: number;
}

/** What decided the claim on one model. */
export interface SampleComplexityRecord {
  readonly floor: number;
  /** Grid, and excess[i][s] for grid point i and seed s. */
  readonly grid: readonly number[];
  readonly excess: readonly (readonly number[])[];
  /** The gated grid points (indices into grid). */
  readonly used: readonly number[];
  /** Each seed's slope over the gated grid (NaN when fewer than 2 points are gated). */
  readonly seedSlopes: readonly number[];
  /** Pooled fit with bootstrap interval (absent when fewer than 2 points are gated). */
  readonly fit?: LogLogBootstrapFit;
}

/** Scope { misses, allowed, points } and the record; `excess[i][s]` is seed s's excess at grid[i]. */
export function sampleComplexityScope(
  grid: readonly number[],
  excess: readonly (readonly number[])[],
  floor: number,
  p: SampleComplexityParams,
  rng: Rng,
): { scope: Scope; record: SampleComplexityRecord } {
  if (grid.length !== excess.length) throw new RangeError('sampleComplexityScope: grid and excess must have the same length');
  const seeds = excess[0]?.length ?? 0;
  if (seeds < 1 || excess.some((e) => e.length !== seeds)) throw new RangeError('sampleComplexityScope: every grid point needs one excess per seed');
  if (!(floor >= 0) || !Number.isFinite(floor)) throw new RangeError(`sampleComplexityScope: floor must be a finite number ≥ 0, got ${floor}`);
  const used = grid.map((_, i) => i).filter((i) => excess[i].every((e) => e >= p.gateRatio * floor && e > floor));
  const x = used.map((i) => grid[i]);
  const seedSlopes: number[] = [];
  for (let s = 0; s < seeds; s++) seedSlopes.push(used.length >= 2 ? fitLogLog(x, used.map((i) => excess[i][s] - floor)).slope : NaN);
  const fit =
    used.length >= 2
      ? fitLogLogBootstrap(
          x,
          used.map((i) => excess[i].map((e) => e - floor)),
          { rng, replicates: p.bootstrapReplicates, falseFailureRate: p.bootstrapRate },
        )
      : undefined;
  // a seed whose slope cannot be fitted (fewer than 2 gated points) counts as a miss
  const misses = seedSlopes.filter((s) => !(s <= -p.aMin)).length;
  return { scope: { misses, allowed: p.allowed, points: used.length }, record: { floor, grid, excess, used, seedSlopes, fit } };
}
