/**
 * Monte Carlo estimators of the Bayes risks of the four tasks (theory.md §1.2, §3, §7), BP-based, any model size:
 *
 * - CLIP (paper convention): per sample, direction 1 scores a fresh pair (x, y) against K−1 fresh independent texts,
 *   direction 2 scores ANOTHER fresh pair against K−1 fresh independent images; the value is the sum of the two
 *   losses of the Bayes similarity PMI = log Σ_s π_x(s)π_y(s)/ψ_r(s).
 * - ZSC: −log p(c | x_im) with c = the first text leaf (the M = ∞ Bayes classifier).
 * - CDM: z = x_im + σ·g on every image leaf; the Bayes denoiser E[x_im | z, x_tx] (BP with the text's root message);
 *   the value is the summed squared error over the image leaves.
 * - VLM: mean over text positions t = 2..T (1-based) of −log p(y_t | y_<t, x_im).
 *
 * Each returns the mean, its standard error (sample standard deviation / √n) and the per-sample values (for paired
 * comparisons). Work is done in chunks of `CHUNK` samples with a sub-stream per chunk, so results depend only on the
 * seed and n.
 */
import { type Jghm, pathKernel } from './model.js';
import { Rng } from './random.js';
import { samplePairs, sampleMarginal, type LeafBatch } from './sampling.js';
import { gaussianEvidence, leafMarginals, posteriorMeans, rootMessageOf } from './belief-propagation.js';
import { rootPosteriors } from './root-posterior-fast.js';
import { nextTokenCrossEntropy } from './next-token.js';
import { densityRatio } from './exact-tables.js';
import { gaussianLeafPosteriorMeans } from './leaf-posterior-means-fast.js';
import { nextTokenCrossEntropyFast } from './next-token-fast.js';

/**
 * Which exact inference computes the CDM and VLM risks: 'fast' (default: leaf-posterior-means-fast.ts,
 * next-token-fast.ts) or 'general' (belief-propagation.ts, next-token.ts, their slow twins). The two agree to
 * rounding (≤ 1e-12 relative, tested), so a seed's estimate changes only at that level between them.
 */
export type InferencePath = 'fast' | 'general';

/** Samples per chunk (fixed: part of the definition of a seeded estimate). */
export const CHUNK = 2048;

/** A Monte Carlo estimate. */
export interface McEstimate {
  /** Sample mean. */
  readonly mean: number;
  /** Standard error of the mean (sd/√n). */
  readonly se: number;
  /** Number of samples. */
  readonly n: number;
  /** Per-sample values. */
  readonly values: Float64Array;
}

/** Mean and standard error of per-sample values. */
export function estimate(values: Float64Array): McEstimate {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) * (values[i] - mean);
  const se = n > 1 ? Math.sqrt(ss / (n - 1) / n) : NaN;
  return { mean, se, n, values };
}

function checkN(n: number, fn: string): void {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`${fn}: n must be an integer ≥ 2 (got ${n})`);
}

function checkPath(path: InferencePath, fn: string): void {
  if (path !== 'fast' && path !== 'general') throw new RangeError(`${fn}: path must be 'fast' or 'general' (got ${String(path)})`);
}

function checkCompatible(model: Jghm, inference: Jghm, fn: string): void {
  if (inference === model) return;
  const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);
  if (inference.states !== model.states || !same(inference.image.branching, model.image.branching) || !same(inference.text.branching, model.text.branching)) {
    throw new RangeError(`${fn}: inference model must have the data model's states and tree shapes`);
  }
}

function chunks(n: number, rng: Rng, body: (start: number, size: number, rng: Rng) => void): void {
  for (let start = 0, c = 0; start < n; start += CHUNK, c++) body(start, Math.min(CHUNK, n - start), rng.split(`chunk${c}`));
}

/**
 * Per-sample Bayes CLIP losses, paper convention (sum of both directions, K−1 fresh negatives each). Data come from
 * `model`; the similarity is computed with `inference` (default `model`; another model gives the mis-specified BP of
 * the paper's Fig. 8).
 */
export function bayesClipRisk(model: Jghm, n: number, k: number, rng: Rng, inference: Jghm = model): McEstimate {
  checkN(n, 'bayesClipRisk');
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`bayesClipRisk: k must be an integer ≥ 2 (got ${k})`);
  checkCompatible(model, inference, 'bayesClipRisk');
  const S = model.states;
  const prior = inference.rootPrior;
  const values = new Float64Array(n);
  chunks(n, rng, (start, size, r) => {
    const a = samplePairs(model, size, r.split('pairs-direction1'));
    const b = samplePairs(model, size, r.split('pairs-direction2'));
    const negTx = sampleMarginal(model, 'text', size * (k - 1), r.split('negative-texts'));
    const negIm = sampleMarginal(model, 'image', size * (k - 1), r.split('negative-images'));
    const pa = { im: rootPosteriors(inference, 'image', a.image), tx: rootPosteriors(inference, 'text', a.text) };
    const pb = { im: rootPosteriors(inference, 'image', b.image), tx: rootPosteriors(inference, 'text', b.text) };
    const nt = rootPosteriors(inference, 'text', negTx);
    const ni = rootPosteriors(inference, 'image', negIm);
    for (let i = 0; i < size; i++) {
      const r1 = densityRatio(prior, pa.im, i * S, pa.tx, i * S, S);
      let z1 = r1;
      for (let j = 0; j < k - 1; j++) z1 += densityRatio(prior, pa.im, i * S, nt, (i * (k - 1) + j) * S, S);
      const r2 = densityRatio(prior, pb.im, i * S, pb.tx, i * S, S);
      let z2 = r2;
      for (let j = 0; j < k - 1; j++) z2 += densityRatio(prior, ni, (i * (k - 1) + j) * S, pb.tx, i * S, S);
      values[start + i] = Math.log(z1 / r1) + Math.log(z2 / r2);
    }
  });
  return estimate(values);
}

/**
 * Per-sample ZSC Bayes cross-entropy −log p(c | x_im), c = text leaf `classLeaf` (default 0). With another
 * `inference` model the root posterior comes from it while the class channel p(c | root) stays the data model's
 * (the prompts come from the test distribution — the authors' Fig. 8b evaluation).
 */
export function bayesZscRisk(model: Jghm, n: number, rng: Rng, classLeaf = 0, inference: Jghm = model): McEstimate {
  checkN(n, 'bayesZscRisk');
  checkCompatible(model, inference, 'bayesZscRisk');
  const S = model.states;
  const T = pathKernel(model, 'text', classLeaf);
  const values = new Float64Array(n);
  chunks(n, rng, (start, size, r) => {
    const p = samplePairs(model, size, r.split('pairs'));
    const post = rootPosteriors(inference, 'image', p.image);
    for (let i = 0; i < size; i++) {
      const c = p.text.data[i * p.text.leaves + classLeaf];
      let pc = 0;
      for (let s = 0; s < S; s++) pc += post[i * S + s] * T[s * S + c];
      values[start + i] = -Math.log(pc);
    }
  });
  return estimate(values);
}

/** Adds N(0, σ²) noise to integer leaves: z = x + σ·g, [n × leaves]. */
export function noisyLeaves(batch: LeafBatch, sigma: number, rng: Rng): Float64Array {
  const z = new Float64Array(batch.data.length);
  for (let k = 0; k < z.length; k++) z[k] = batch.data[k] + sigma * rng.normal();
  return z;
}

/**
 * Per-sample CDM Bayes risk: Σ_leaves (x − E[x | z, x_tx])² with z = x_im + σ·g; `inference` as for CLIP; `path`
 * picks the fast or the general exact inference.
 */
export function bayesCdmRisk(model: Jghm, n: number, sigma: number, rng: Rng, inference: Jghm = model, path: InferencePath = 'fast'): McEstimate {
  checkN(n, 'bayesCdmRisk');
  checkPath(path, 'bayesCdmRisk');
  checkCompatible(model, inference, 'bayesCdmRisk');
  const S = model.states;
  const values = new Float64Array(n);
  chunks(n, rng, (start, size, r) => {
    const p = samplePairs(model, size, r.split('pairs'));
    const z = noisyLeaves(p.image, sigma, r.split('noise'));
    const means =
      path === 'fast'
        ? gaussianLeafPosteriorMeans(inference, 'image', z, sigma, p.text)
        : posteriorMeans(S, leafMarginals(inference, 'image', gaussianEvidence(S, p.image.leaves, z, sigma), rootMessageOf(inference, 'text', p.text)));
    const T = p.image.leaves;
    for (let i = 0; i < size; i++) {
      let acc = 0;
      for (let t = 0; t < T; t++) {
        const d = p.image.data[i * T + t] - means[i * T + t];
        acc += d * d;
      }
      values[start + i] = acc;
    }
  });
  return estimate(values);
}

/**
 * Per-sample VLM Bayes risk: mean over text positions 2..T (1-based) of −log p(y_t | y_<t, x_im); `inference` as for
 * CLIP; `path` picks the fast or the general exact inference.
 */
export function bayesVlmRisk(model: Jghm, n: number, rng: Rng, inference: Jghm = model, path: InferencePath = 'fast'): McEstimate {
  checkN(n, 'bayesVlmRisk');
  checkPath(path, 'bayesVlmRisk');
  checkCompatible(model, inference, 'bayesVlmRisk');
  const values = new Float64Array(n);
  const first = model.text.leaves > 1 ? 1 : 0;
  chunks(n, rng, (start, size, r) => {
    const p = samplePairs(model, size, r.split('pairs'));
    values.set(
      path === 'fast'
        ? nextTokenCrossEntropyFast(inference, 'text', p.text, p.image, first)
        : nextTokenCrossEntropy(inference, 'text', p.text, rootMessageOf(inference, 'image', p.image), first),
      start,
    );
  });
  return estimate(values);
}

/** Options of `bayesRisks`. */
export interface BayesRiskOptions {
  /** Samples per task. */
  n: number;
  /** Root seed. */
  seed: number;
  /** K of the CLIP loss (default 4, the paper's). */
  k?: number;
  /** CDM noise level (default 1, the paper's). */
  sigma?: number;
  /** Tasks to estimate (default all four). */
  tasks?: readonly ('clip' | 'zsc' | 'cdm' | 'vlm')[];
}

/** A JSON-able estimate (no per-sample values). */
export interface McSummary {
  mean: number;
  se: number;
  n: number;
}

/** Monte Carlo Bayes risks of the four tasks, each on its own sub-stream of `seed`. */
export function bayesRisks(model: Jghm, opts: BayesRiskOptions): {
  format: 'jghm-bayes/v1';
  seed: number;
  clip?: McSummary & { k: number; convention: string };
  zsc?: McSummary & { classLeaf: number };
  cdm?: McSummary & { sigma: number };
  vlm?: McSummary & { positions: string };
} {
  const root = Rng.fromSeed(opts.seed).split('bayes');
  const k = opts.k ?? 4;
  const sigma = opts.sigma ?? 1;
  const tasks = new Set(opts.tasks ?? ['clip', 'zsc', 'cdm', 'vlm']);
  const summary = (e: McEstimate): McSummary => ({ mean: e.mean, se: e.se, n: e.n });
  return {
    format: 'jghm-bayes/v1',
    seed: opts.seed,
    ...(tasks.has('clip')
      ? { clip: { ...summary(bayesClipRisk(model, opts.n, k, root.split('clip'))), k, convention: 'sum of both directions, K-1 fresh independent negatives each' } }
      : {}),
    ...(tasks.has('zsc') ? { zsc: { ...summary(bayesZscRisk(model, opts.n, root.split('zsc'))), classLeaf: 0 } } : {}),
    ...(tasks.has('cdm') ? { cdm: { ...summary(bayesCdmRisk(model, opts.n, sigma, root.split('cdm'))), sigma } } : {}),
    ...(tasks.has('vlm')
      ? { vlm: { ...summary(bayesVlmRisk(model, opts.n, root.split('vlm'))), positions: model.text.leaves > 1 ? `2..${model.text.leaves} (1-based)` : '1' } }
      : {}),
  };
}
