/**
 * The quantities of learned claim 2 for one model: downstream heads on frozen trained CLIP encoders (models/heads).
 * For every training seed, one finite head sample is drawn from the model (n_vlm pairs, n_cdm denoising triples; a
 * stream labelled by the seed) and, on that same sample,
 * - the VLM linear-softmax decoder is trained on the image embeddings f(x) of every snapshot and on the ideal
 *   sufficient statistic log π_x; its exact excess over the Bayes VLM risk H(y | x) is compared with
 *   ΔCLIP_image(f, g) + excess(log π) + slack_vlm (constant 1: the CLIP-induced decoder lies in the head class);
 * - the CDM mixture denoiser is trained on the text embeddings g(y) of every snapshot and on log π_y; its gap over the
 *   Bayes denoiser (E‖m − m_head‖², enumeration over (x, y), stratified Monte Carlo over z with draws common to all
 *   heads of the model) is compared with ½D²·ΔCLIP_text(f, g) + gap(log π) + slack_cdm + z·SE(paired difference).
 * A seed misses a task when any of its snapshots breaks that task's bound; the scope counts the missing seeds.
 */
import type { ExactTables } from '../../theory/exact-tables.js';
import { allConfigurations } from '../../theory/enumeration.js';
import type { Rng } from '../../theory/random.js';
import {
  type CdmEvalSet,
  type HeadFeatures,
  cdmEvalSet,
  cdmFitData,
  cdmHeadGaps,
  fitCdmHead,
  fitVlmHead,
  headFeatures,
  logPosteriorTable,
  sampleCdmTriples,
  sampleJointCounts,
  stratifiedMean,
  vlmExcess,
  vlmLogConditional,
} from '../../models/heads/index.js';
import type { Scope } from '../engine/statement.js';
import { clipExcess } from './learned-quantities.js';
import type { LearnedRun } from './trained-clip.js';

/** Head settings and the bound's allowances. */
export interface HeadsParams {
  readonly vlm: { readonly n: number; readonly steps: number; readonly lr: number; readonly ridge: number };
  readonly cdm: { readonly n: number; readonly steps: number; readonly lr: number; readonly ridge: number; readonly sigma: number; readonly draws: number };
  /** Allowance for the learned head's estimation error beyond the ideal head's (nats). */
  readonly slackVlm: number;
  /** The same for the CDM gap (squared-error units). */
  readonly slackCdm: number;
  /** One-sided normal quantile applied to the Monte Carlo SE of each CDM comparison. */
  readonly zCdm: number;
  /** Claimed bound on a seed's probability of missing (per task). */
  readonly q: number;
  /** Seeds allowed to miss per model and task. */
  readonly allowed: number;
}

/** One seed's curves along its snapshots. */
export interface HeadsRun {
  readonly seed: number;
  readonly steps: number[];
  readonly vlmHead: number[];
  readonly vlmBound: number[];
  readonly clipImage: number[];
  readonly cdmHead: number[];
  readonly cdmBound: number[];
  readonly cdmSe: number[];
  readonly clipText: number[];
  /** Excess of the VLM head on log π (same sample), gap of the CDM head on log π. */
  readonly vlmIdeal: number;
  readonly cdmIdeal: number;
  readonly vlmMiss: boolean;
  readonly cdmMiss: boolean;
}

/** One model's record. */
export interface HeadsRecord {
  /** Bayes VLM risk H(y | x) (nats) and Bayes CDM risk E‖x − E[x | z, y]‖² (Monte Carlo). */
  readonly bayesVlm: number;
  readonly bayesCdm: number;
  /** ½D² with D² = T(S − 1)². */
  readonly cdmConstant: number;
  readonly runs: HeadsRun[];
  readonly ms: number;
}

/** Per-model data shared by all seeds: leaf values, the CDM evaluation set, the feature tables of log π. */
export interface HeadsModel {
  readonly t: ExactTables;
  readonly vals: Int32Array;
  readonly evalSet: CdmEvalSet;
  readonly idealImage: HeadFeatures;
  readonly idealText: HeadFeatures;
}

/** Builds the shared per-model data (the evaluation draws come from `rng`). */
export function headsModel(t: ExactTables, p: HeadsParams, rng: Rng): HeadsModel {
  const vals = Int32Array.from(allConfigurations(t.model, 'image').data);
  return {
    t,
    vals,
    evalSet: cdmEvalSet(t, vals, p.cdm.sigma, p.cdm.draws, rng),
    idealImage: headFeatures(logPosteriorTable(t.postIm), t.nx, t.S),
    idealText: headFeatures(logPosteriorTable(t.postTx), t.ny, t.S),
  };
}

/**
 * Feature tables fed to the heads in place of the snapshot's own embeddings (the planted twins), while the bound keeps
 * the snapshot's own CLIP excess: `image`/`text` transform the [rows × dim] table; `at` says whether the heads are
 * trained and evaluated on the transformed table ('both') or trained on the true one and deployed on the transformed
 * one ('eval').
 */
export interface HeadsFeed {
  readonly image?: (f: Float64Array, dim: number) => Float64Array;
  readonly text?: (g: Float64Array, dim: number) => Float64Array;
  readonly at?: 'both' | 'eval';
}

/** Heads for one training run (the snapshot's own embeddings unless `feed` says otherwise). */
export function headsRun(
  m: HeadsModel,
  run: LearnedRun,
  p: HeadsParams,
  rng: Rng,
  feed: HeadsFeed = {},
): HeadsRun {
  const { t, vals, evalSet } = m;
  const counts = sampleJointCounts(t, p.vlm.n, rng.split('vlm-sample'));
  const triples = sampleCdmTriples(t, vals, p.cdm.sigma, p.cdm.n, rng.split('cdm-sample'));
  const cdmConstant = 0.5 * t.model.image.leaves * (t.S - 1) ** 2;
  const vlmOf = (f: HeadFeatures, at = f) => vlmExcess(t, vlmLogConditional(fitVlmHead(f, counts, t.ny, p.vlm), at)).excess;
  const cdmGapsOf = (f: HeadFeatures, at = f) => cdmHeadGaps(evalSet, fitCdmHead(cdmFitData(vals, t.nx, f, triples, p.cdm.sigma), p.cdm), at);
  const vlmIdeal = vlmOf(m.idealImage);
  const idealGaps = cdmGapsOf(m.idealText);
  const cdmIdeal = stratifiedMean(evalSet, idealGaps).mean;
  const r: HeadsRun = { seed: run.seed, steps: [], vlmHead: [], vlmBound: [], clipImage: [], cdmHead: [], cdmBound: [], cdmSe: [], clipText: [], vlmIdeal, cdmIdeal, vlmMiss: false, cdmMiss: false };
  let vlmMiss = false;
  let cdmMiss = false;
  for (const s of run.snapshots) {
    const ex = clipExcess(t, s.similarity);
    const fx = headFeatures(s.imageEmbeddings, t.nx, s.dim);
    const gy = headFeatures(s.textEmbeddings, t.ny, s.dim);
    const fx2 = feed.image ? headFeatures(feed.image(s.imageEmbeddings, s.dim), t.nx, s.dim) : fx;
    const gy2 = feed.text ? headFeatures(feed.text(s.textEmbeddings, s.dim), t.ny, s.dim) : gy;
    const evalOnly = feed.at === 'eval';
    const vlm = evalOnly ? vlmOf(fx, fx2) : vlmOf(fx2);
    const gaps = evalOnly ? cdmGapsOf(gy, gy2) : cdmGapsOf(gy2);
    const cdm = stratifiedMean(evalSet, gaps);
    const diff = stratifiedMean(evalSet, Float64Array.from(gaps, (v, i) => v - idealGaps[i]));
    const vlmBound = ex.image + vlmIdeal + p.slackVlm;
    const cdmBound = cdmConstant * ex.text + cdmIdeal + p.slackCdm;
    r.steps.push(s.step);
    r.vlmHead.push(vlm);
    r.vlmBound.push(vlmBound);
    r.clipImage.push(ex.image);
    r.cdmHead.push(cdm.mean);
    r.cdmBound.push(cdmBound);
    r.cdmSe.push(diff.se);
    r.clipText.push(ex.text);
    if (vlm > vlmBound) vlmMiss = true;
    if (cdm.mean > cdmBound + p.zCdm * diff.se) cdmMiss = true;
  }
  return { ...r, vlmMiss, cdmMiss };
}

/** The scope { vlmMiss, cdmMiss, allowed } of one model and its record; seed i's head sample uses rng.split(`heads:<seed>`). */
export function headsScope(m: HeadsModel, runs: readonly LearnedRun[], p: HeadsParams, rng: Rng, feed: HeadsFeed = {}): { scope: Scope; record: HeadsRecord } {
  const t0 = performance.now();
  const rs = runs.map((run) => headsRun(m, run, p, rng.split(`heads:${run.seed}`), feed));
  const bayesVlm = vlmExcess(m.t, new Float64Array(m.t.nx * m.t.ny)).bayes;
  const bayesCdm = stratifiedMean(m.evalSet, m.evalSet.bayesSq).mean;
  return {
    scope: { vlmMiss: rs.filter((r) => r.vlmMiss).length, cdmMiss: rs.filter((r) => r.cdmMiss).length, allowed: p.allowed },
    record: { bayesVlm, bayesCdm, cdmConstant: 0.5 * m.t.model.image.leaves * (m.t.S - 1) ** 2, runs: rs, ms: performance.now() - t0 },
  };
}
