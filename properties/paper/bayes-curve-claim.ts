/**
 * Builds the claims "our exact-BP Bayes risk curve reproduces the paper's published Bayes curve" (Fig. 2a–d) and the
 * mis-specified-BP curves (Fig. 8a–d). For each flip probability p of the grid, the Bayes risk is estimated by Monte
 * Carlo on the authors' exact kernels at p (data model), with BP run on the kernels of `inferenceP` (Fig. 8: the
 * p = 0.2 kernels; Fig. 2: the data's own kernels). The statement: the largest standardised difference to the published
 * values stays below the Bonferroni critical value of the claim's false-failure rate,
 *   maxZ = max_p |ours_p − published_p| / √(se_p² + sePub_p²) ≤ zCrit = Φ⁻¹(1 − rate/(2m)).
 */
import { defineClaim, type Claim } from '../engine/claim.js';
import { normalQuantile } from '../statistics/index.js';
import { generateAuthorsJghm } from '../../theory/generators.js';
import { PUBLISHED_N, TASK_LABEL, type Task, publishedFigures, sampleSd, taskRisk } from './published-figures.js';

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
    power: `detects a difference of about (zCrit + 2)·√(se² + sePub²) at each p (≈ 0.1–0.3 of the published values' spacing at the quick tier's n; ${o.full.n} samples per p at the full tier)`,
    run(ctx) {
      const fig = publishedFigures()[o.figure];
      if (!fig) throw new RangeError(`${o.id}: published figure ${o.figure} missing`);
      const grid = fig.p_flip.map((v) => v / 100);
      const published = fig[o.series];
      const m = ctx.params.pIndices.length;
      ctx.budget.spend(`${m} comparisons with the published ${o.series} curve`, o.falseFailureRate);
      const zCrit = normalQuantile(1 - o.falseFailureRate / (2 * m));
      const inference = o.inferenceP === undefined ? undefined : generateAuthorsJghm({ p: o.inferenceP });
      const rows: (string | number)[][] = [];
      const ours: { x: number; y: number; lo: number; hi: number }[] = [];
      let maxZ = 0;
      ctx.params.pIndices.forEach((idx, k) => {
        const p = grid[idx];
        const model = generateAuthorsJghm({ p });
        const e = taskRisk(o.task, model, ctx.params.n, ctx.rng.split(`p${idx}`), inference ?? model);
        const sePub = sampleSd(e) / Math.sqrt(PUBLISHED_N[o.series][o.task]);
        const sd = Math.sqrt(e.se * e.se + sePub * sePub);
        const z = Math.abs(e.mean - published[idx]) / sd;
        maxZ = Math.max(maxZ, z);
        rows.push([p, published[idx], e.mean, e.se, sePub, z]);
        ours.push({ x: p, y: e.mean, lo: e.mean - 2 * e.se, hi: e.mean + 2 * e.se });
        ctx.progress((k + 1) / m);
      });
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
