/**
 * Builds the claims "our exact-BP Bayes risk curve reproduces the paper's published Bayes curve" (Fig. 2a–d) and the
 * mis-specified-BP curves (Fig. 8a–d). For each flip probability p of the grid, the Bayes risk is estimated by Monte
 * Carlo on the authors' exact kernels at p (data model), with BP run on the kernels of `inferenceP` (Fig. 8: the
 * p = 0.2 kernels; Fig. 2: the data's own kernels). The statement: the largest standardised difference to the published
 * values stays below the Bonferroni critical value of the claim's false-failure rate,
 *   maxZ = max_p |ours_p − published_p| / √(se_p² + sePub_p²) ≤ zCrit = Φ⁻¹(1 − rate/(2m)).
 */
import { defineClaim, type Claim } from '../engine/claim.js';
import { normalQuantile, normalQuantileUpper } from '../statistics/index.js';
import { generateAuthorsJghm } from '../../theory/generators.js';
import type { Jghm } from '../../theory/model.js';
import type { Rng } from '../../theory/random.js';
import type { McEstimate } from '../../theory/monte-carlo.js';
import { PUBLISHED_N, TASK_LABEL, type Task, publishedFigures, sampleSd, taskRisk } from './published-figures.js';

/** Power of the curve claims is stated at 80 % (the probability of detecting the planted alternative). */
export const CURVE_POWER = 0.8;

/** The Monte Carlo risk estimator of a curve claim (default `taskRisk`; tests inject planted wrong ones). */
export type RiskEstimator = (task: Task, model: Jghm, n: number, rng: Rng, inference: Jghm) => McEstimate;

/** A published curve the claim must tell apart from its own (the planted alternative of its power statement). */
export interface CurveAlternative {
  /** Key in paper-figures.json. */
  readonly figure: string;
  /** Series name. */
  readonly series: string;
  /** What it is, in words (e.g. "BP with the p = 0.2 kernels (Fig. 8)"). */
  readonly what: string;
}

/** Parameters of a curve claim. */
export interface CurveParams {
  /** Indices into the published p grid (0..19 ↔ p = 0.02..0.40). */
  readonly pIndices: readonly number[];
  /** Monte Carlo samples per p. */
  readonly n: number;
}

/** Options of `bayesCurveClaim`. */
export interface CurveClaimOptions {
  readonly id: string;
  readonly title: string;
  readonly task: Task;
  /** Key in paper-figures.json. */
  readonly figure: string;
  /** Published series compared (e.g. 'Bayes' or 'Mis-spec. BP'). */
  readonly series: 'Bayes' | 'Mis-spec. BP';
  /** Reference for the source. */
  readonly reference: string;
  /** Flip probability of the inference kernels (Fig. 8: 0.2); omitted → the data's own kernels (Bayes). */
  readonly inferenceP?: number;
  readonly quick: CurveParams;
  readonly full: CurveParams;
  readonly falseFailureRate: number;
  readonly tier?: 'quick' | 'full';
  /** The planted alternative: a published curve that differs from the compared one by an inference error. */
  readonly alternative: CurveAlternative;
  /**
   * A planted wrong implementation the claim must reject, with the bias it causes at one flip probability (measured
   * in the planted test): recorded as a second resolution with that bias as its target.
   */
  readonly planted?: { readonly pIndex: number; readonly bias: number; readonly what: string };
  /** Why the check is weak, when it is (see `ClaimDefinition.weakness`). */
  readonly weakness?: string;
  /** The risk estimator (tests only: a planted wrong BP); default `taskRisk`. */
  readonly risk?: RiskEstimator;
}

/** A claim comparing our Monte Carlo curve with a published one. */
export function bayesCurveClaim(o: CurveClaimOptions): Claim<CurveParams> {
  return defineClaim<CurveParams>({
    id: o.id,
    title: o.title,
    source: { kind: 'paper', tag: 'FOUND-CODE', reference: o.reference },
    statement: 'maxZ <= zCrit',
    symbols: {
      maxZ: '\\max_p \\frac{|\\hat R_p - R^{\\mathrm{pub}}_p|}{\\sqrt{\\hat\\sigma_p^2+\\hat\\sigma_{\\mathrm{pub},p}^2}}',
      zCrit: 'z_{1-\\delta/(2m)}',
    },
    tier: o.tier ?? 'quick',
    parameters: { quick: o.quick, full: o.full },
    falseFailureRate: o.falseFailureRate,
    power: `detects, with ${100 * CURVE_POWER} % probability, a difference of (zCrit + z_${CURVE_POWER})·√(se² + sePub²) at any one p of the grid; the planted alternative is ${o.alternative.what}; ${o.full.n} samples per p at the full tier`,
    ...(o.weakness ? { weakness: o.weakness } : {}),
    run(ctx) {
      const fig = publishedFigures()[o.figure];
      if (!fig) throw new RangeError(`${o.id}: published figure ${o.figure} missing`);
      const grid = fig.p_flip.map((v) => v / 100);
      const published = fig[o.series];
      const m = ctx.params.pIndices.length;
      ctx.budget.spend(`${m} comparisons with the published ${o.series} curve`, o.falseFailureRate);
      const zCrit = normalQuantile(1 - o.falseFailureRate / (2 * m));
      const inference = o.inferenceP === undefined ? undefined : generateAuthorsJghm({ p: o.inferenceP });
      const altFig = publishedFigures()[o.alternative.figure];
      const alternative = altFig?.[o.alternative.series];
      if (!alternative) throw new RangeError(`${o.id}: alternative ${o.alternative.figure}/${o.alternative.series} missing`);
      const risk = o.risk ?? taskRisk;
      const zPower = normalQuantileUpper(1 - CURVE_POWER);
      // the p at which the alternative is easiest to detect: largest |alternative − published| / sd
      let best = { ratio: -1, p: 0, resolution: 0, target: 0 };
      let plantedResolution: number | undefined;
      const rows: (string | number)[][] = [];
      const ours: { x: number; y: number; lo: number; hi: number }[] = [];
      let maxZ = 0;
      ctx.params.pIndices.forEach((idx, k) => {
        const p = grid[idx];
        const model = generateAuthorsJghm({ p });
        const e = risk(o.task, model, ctx.params.n, ctx.rng.split(`p${idx}`), inference ?? model);
        const sePub = sampleSd(e) / Math.sqrt(PUBLISHED_N[o.series][o.task]);
        const sd = Math.sqrt(e.se * e.se + sePub * sePub);
        const z = Math.abs(e.mean - published[idx]) / sd;
        maxZ = Math.max(maxZ, z);
        const target = Math.abs(alternative[idx] - published[idx]);
        if (target / sd > best.ratio) best = { ratio: target / sd, p, resolution: (zCrit + zPower) * sd, target };
        if (o.planted?.pIndex === idx) plantedResolution = (zCrit + zPower) * sd;
        rows.push([p, published[idx], e.mean, e.se, sePub, z]);
        ours.push({ x: p, y: e.mean, lo: e.mean - 2 * e.se, hi: e.mean + 2 * e.se });
        ctx.progress((k + 1) / m);
      });
      ctx.resolution({
        label: `difference from the published ${o.series} curve at p = ${best.p}`,
        value: best.resolution,
        power: CURVE_POWER,
        ...(best.target > 0 ? { target: best.target } : {}),
        note: `(${TASK_LABEL[o.task]}; target: |${o.alternative.what} − published ${o.series}| there)`,
      });
      if (o.planted) {
        if (plantedResolution === undefined) throw new RangeError(`${o.id}: the planted alternative's p index ${o.planted.pIndex} is not in the grid`);
        ctx.resolution({
          label: `bias of ${o.planted.what} at p = ${grid[o.planted.pIndex]}`,
          value: plantedResolution,
          power: CURVE_POWER,
          target: o.planted.bias,
          note: `(${TASK_LABEL[o.task]})`,
        });
      }
      ctx.quantity({ name: 'maxZ', estimate: maxZ, exact: false, note: `largest standardised difference over ${m} flip probabilities` });
      ctx.quantity({ name: 'zCrit', estimate: zCrit, exact: true, note: `Bonferroni over ${m} comparisons at false-failure rate ${o.falseFailureRate}` });
      ctx.table(['p', `published ${o.series}`, 'ours', 'SE (ours)', 'SE (published, est.)', '|z|'], rows.map((r) => r.map((v, i) => (i === 0 ? v : Number((v as number).toPrecision(5))))));
      const contextSeries = Object.keys(fig)
        .filter((k) => k !== 'p_flip' && k !== o.series)
        .map((name) => ({ name: `${name} (published)`, kind: 'published' as const, points: grid.map((x, i) => ({ x, y: fig[name][i] })) }));
      ctx.plot({
        id: `${o.id}-curve`,
        title: `${TASK_LABEL[o.task]} vs flip probability: ${o.series} (ours ±2 SE vs published)`,
        xLabel: 'flip probability p',
        yLabel: TASK_LABEL[o.task],
        series: [
          { name: `${o.series} (ours, authors' kernels)`, kind: 'ours', points: ours },
          { name: `${o.series} (published)`, kind: 'published', points: grid.map((x, i) => ({ x, y: published[i] })) },
          ...contextSeries,
        ],
      });
      ctx.check({ maxZ, zCrit }, `our ${o.series} risk agrees with the published curve at ${m} flip probabilities within Monte Carlo error`);
    },
  });
}
