/**
 * The quantities of learned claim 3 (trained encoders carry the BP root posterior) for one model: for each deep run
 * (depth L + 1, one per training seed), the softmax probe's KL to the BP root posterior at every snapshot (step 0 =
 * the initialisation), next to the run's K = ∞ CLIP excess, and two reference probes on the same model: the best
 * constant probe (KL = I(x; root), what there is to recover) and the best probe on the one-hot leaf values (a readout
 * ADDITIVE in the leaves, the part of BP a linear map of the raw input already gives).
 *
 * Counts per model: `shrinkMiss` — seeds whose final probe KL is not below `shrink` × their probe KL at
 * initialisation; `additiveMiss` — seeds whose final probe KL exceeds `ratio` × the leaf-additive probe's KL.
 */
import type { ExactTables } from '../../theory/exact-tables.js';
import { allConfigurations } from '../../theory/enumeration.js';
import type { Scope } from '../engine/statement.js';
import { clipExcess, imageProbe } from './learned-quantities.js';
import { fitSoftmaxProbe } from './softmax-probe.js';
import type { LearnedRun } from './trained-clip.js';

/** Thresholds and seed-count rule of the probe claim. */
export interface ProbeParams {
  /** Final probe KL must be below shrink × the initial probe KL (shrink ≤ 1). */
  readonly shrink: number;
  /** Final probe KL must be at most ratio × the KL of the best probe on the one-hot leaf values. */
  readonly ratio: number;
  /** Claimed bound on a seed's probability of missing (each side). */
  readonly q: number;
  /** Seeds allowed to miss, per model and side. */
  readonly allowed: number;
}

/** One seed's probe and CLIP-excess curves. */
export interface ProbeRun {
  readonly seed: number;
  readonly steps: number[];
  readonly probeKl: number[];
  readonly clipExcess: number[];
}

/** Everything the claim reports for one model. */
export interface ProbeRecord {
  readonly runs: ProbeRun[];
  /** I(x; root): the KL of the best constant probe. */
  readonly rootInformation: number;
  /** KL of the best softmax probe on the one-hot leaf values. */
  readonly leafAdditiveKl: number;
}

/** One-hot leaf values of every image configuration, [nx × leaves·S]. */
function leafOneHot(t: ExactTables): { features: Float64Array; dim: number } {
  const b = allConfigurations(t.model, 'image');
  const S = t.model.states;
  const dim = b.leaves * S;
  const features = new Float64Array(b.n * dim);
  for (let x = 0; x < b.n; x++) for (let i = 0; i < b.leaves; i++) features[x * dim + i * S + b.data[x * b.leaves + i]] = 1;
  return { features, dim };
}

/** The best probe on the one-hot leaf values (the leaf-additive reference). */
export function leafAdditiveProbeKl(t: ExactTables): number {
  const { features, dim } = leafOneHot(t);
  return fitSoftmaxProbe(features, dim, t.postIm, t.px, t.model.rootPrior).kl;
}

/** Scope { shrinkMiss, additiveMiss, allowed } and the per-seed curves of the deep runs. */
export function probeScope(t: ExactTables, deep: readonly LearnedRun[], p: ProbeParams): { scope: Scope; record: ProbeRecord } {
  let rootInformation = NaN;
  const runs: ProbeRun[] = deep.map((run) => {
    if (run.snapshots[0]?.step !== 0) throw new RangeError('probeScope: each run needs its initialisation (a snapshot at step 0)');
    const fits = run.snapshots.map((s) => imageProbe(t, s));
    rootInformation = fits[0].constantKl;
    return {
      seed: run.seed,
      steps: run.snapshots.map((s) => s.step),
      probeKl: fits.map((f) => f.kl),
      clipExcess: run.snapshots.map((s) => clipExcess(t, s.similarity).total),
    };
  });
  const last = (a: number[]) => a[a.length - 1];
  const leafAdditiveKl = leafAdditiveProbeKl(t);
  return {
    scope: {
      shrinkMiss: runs.filter((r) => !(last(r.probeKl) < p.shrink * r.probeKl[0])).length,
      additiveMiss: runs.filter((r) => !(last(r.probeKl) <= p.ratio * leafAdditiveKl)).length,
      allowed: p.allowed,
    },
    record: { runs, rootInformation, leafAdditiveKl },
  };
}
