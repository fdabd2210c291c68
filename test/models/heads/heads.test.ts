/**
 * The downstream heads against slow, obviously correct twins on tiny models (3 states, 2 leaves per tree: 9
 * configurations per modality): objective gradients against central finite differences; the exact VLM excess
 * against a brute-force sum over the joint law and, for the CLIP-induced decoder, against theory/'s K = ∞ CLIP excess;
 * the CDM Bayes denoiser against the Gaussian-weighted posterior mean written out directly, a head that can express
 * log p(x | y) exactly having gap 0, and the stratified estimate against a plain average. Deterministic (fixed seeds).
 */
import { describe, expect, it } from 'vitest';
import { generatePaperJghm } from '../../../theory/generators.js';
import { exactTables, pmiTable, type ExactTables } from '../../../theory/exact-tables.js';
import { allConfigurations } from '../../../theory/enumeration.js';
import { infiniteKLoss } from '../../../theory/clip-loss-exact.js';
import { Rng } from '../../../theory/random.js';
import {
  type HeadFeatures,
  cdmEvalSet,
  cdmFitData,
  cdmHeadGaps,
  cdmObjective,
  fitCdmHead,
  fitVlmHead,
  headFeatures,
  logPosteriorTable,
  permuteRows,
  sampleCdmTriples,
  sampleJointCounts,
  stratifiedMean,
  vlmExcess,
  vlmLogConditional,
  vlmObjective,
} from '../../../models/heads/index.js';

const tiny = (seed = 3, p = 0.15): ExactTables => exactTables(generatePaperJghm({ states: 3, imageBranching: [2], p, seed, name: 'tiny' }));
const vals = (t: ExactTables) => Int32Array.from(allConfigurations(t.model, 'image').data);

function randomFeatures(rows: number, d: number, rng: Rng): HeadFeatures {
  return headFeatures(Float64Array.from({ length: rows * d }, () => rng.normal()), rows, d);
}

/** Largest |analytic − central difference| relative to max(1, |fd|) over all coordinates. */
function gradientError(w: Float64Array, f: (w: Float64Array, g: Float64Array) => number): number {
  const g = new Float64Array(w.length);
  f(w, g);
  const scratch = new Float64Array(w.length);
  let worst = 0;
  const h = 1e-6;
  for (let i = 0; i < w.length; i++) {
    const keep = w[i];
    w[i] = keep + h;
    const up = f(w, scratch);
    w[i] = keep - h;
    const down = f(w, scratch);
    w[i] = keep;
    const fd = (up - down) / (2 * h);
    worst = Math.max(worst, Math.abs(g[i] - fd) / Math.max(1, Math.abs(fd)));
  }
  return worst;
}

describe('VLM head', () => {
  it('objective gradient matches central finite differences', () => {
    const t = tiny();
    const rng = Rng.fromSeed(11);
    const f = randomFeatures(t.nx, 4, rng);
    const counts = sampleJointCounts(t, 300, rng);
    const w = Float64Array.from({ length: t.ny * f.cols }, () => 0.5 * rng.normal());
    expect(gradientError(w, (a, g) => vlmObjective(a, g, f, counts, t.ny, 0.03))).toBeLessThan(1e-6);
  });

  it('exact excess equals a brute-force sum over the joint law built from the likelihood tables', () => {
    const t = tiny();
    const rng = Rng.fromSeed(12);
    const logQ = new Float64Array(t.nx * t.ny);
    for (let x = 0; x < t.nx; x++) {
      const row = Array.from({ length: t.ny }, () => Math.exp(rng.normal()));
      const z = row.reduce((a, b) => a + b, 0);
      for (let y = 0; y < t.ny; y++) logQ[x * t.ny + y] = Math.log(row[y] / z);
    }
    let risk = 0;
    let bayes = 0;
    for (let x = 0; x < t.nx; x++) {
      for (let y = 0; y < t.ny; y++) {
        let j = 0;
        for (let s = 0; s < t.S; s++) j += t.model.rootPrior[s] * t.likIm[s * t.nx + x] * t.likTx[s * t.ny + y];
        let px = 0;
        for (let yy = 0; yy < t.ny; yy++) for (let s = 0; s < t.S; s++) px += t.model.rootPrior[s] * t.likIm[s * t.nx + x] * t.likTx[s * t.ny + yy];
        risk -= j * logQ[x * t.ny + y];
        bayes -= j * Math.log(j / px);
      }
    }
    const r = vlmExcess(t, logQ);
    expect(Math.abs(r.bayes - bayes)).toBeLessThan(1e-12);
    expect(Math.abs(r.excess - (risk - bayes))).toBeLessThan(1e-12);
  });

  it('the CLIP-induced decoder is in the class: w_y = [g(y); log p(y)] on raw f gives exactly the image-anchor CLIP excess', () => {
    const t = tiny();
    const rng = Rng.fromSeed(13);
    const d = 3;
    const fx = Float64Array.from({ length: t.nx * d }, () => rng.normal());
    const gy = Float64Array.from({ length: t.ny * d }, () => rng.normal());
    const raw: HeadFeatures = { rows: t.nx, cols: d + 1, data: new Float64Array(t.nx * (d + 1)) };
    for (let x = 0; x < t.nx; x++) {
      for (let j = 0; j < d; j++) raw.data[x * (d + 1) + j] = fx[x * d + j];
      raw.data[x * (d + 1) + d] = 1;
    }
    const W = new Float64Array(t.ny * (d + 1));
    for (let y = 0; y < t.ny; y++) {
      for (let j = 0; j < d; j++) W[y * (d + 1) + j] = gy[y * d + j];
      W[y * (d + 1) + d] = Math.log(t.py[y]);
    }
    const sim = new Float64Array(t.nx * t.ny);
    for (let x = 0; x < t.nx; x++) for (let y = 0; y < t.ny; y++) for (let j = 0; j < d; j++) sim[x * t.ny + y] += fx[x * d + j] * gy[y * d + j];
    const clip = infiniteKLoss(t, sim).imageAnchor - infiniteKLoss(t, pmiTable(t)).imageAnchor;
    const head = vlmExcess(t, vlmLogConditional({ ny: t.ny, cols: d + 1, weights: W }, raw)).excess;
    expect(Math.abs(head - clip)).toBeLessThan(1e-12);
  });

  it('trained on a large sample with one-hot image features (the Bayes decoder is in the class) it nearly reaches Bayes; shuffled log π rows do not', () => {
    const t = tiny();
    const rng = Rng.fromSeed(14);
    const oneHot = new Float64Array(t.nx * t.nx);
    for (let x = 0; x < t.nx; x++) oneHot[x * t.nx + x] = 1;
    const counts = sampleJointCounts(t, 200_000, rng);
    const settings = { steps: 400, lr: 0.1, ridge: 1e-6 };
    const f = headFeatures(oneHot, t.nx, t.nx);
    const good = vlmExcess(t, vlmLogConditional(fitVlmHead(f, counts, t.ny, settings), f)).excess;
    // log π is a sufficient statistic too, but the Bayes decoder Σ_s p(y | s) π(s) is not linear-softmax in it
    const lp = headFeatures(logPosteriorTable(t.postIm), t.nx, t.S);
    const post = vlmExcess(t, vlmLogConditional(fitVlmHead(lp, counts, t.ny, settings), lp)).excess;
    // a permutation of low-dimensional features breaks what a linear head can read (one-hot ones would stay perfect)
    const perm = Int32Array.from({ length: t.nx }, (_, i) => (i + 1) % t.nx);
    const fs = headFeatures(permuteRows(logPosteriorTable(t.postIm), t.S, perm), t.nx, t.S);
    const bad = vlmExcess(t, vlmLogConditional(fitVlmHead(fs, counts, t.ny, settings), fs)).excess;
    // estimation error ≈ (#parameters)/(2n) = 9·9/(4e5) ≈ 2e-4 nats; optimisation adds little after 400 steps
    expect(good).toBeGreaterThanOrEqual(0);
    expect(good).toBeLessThan(3e-3);
    expect(post).toBeLessThan(0.05);
    // the decoder that ignores x has excess I(x; y): the shuffled rows lose a clear part of it (measured 0.092 of 0.854)
    const mi = vlmExcess(t, Float64Array.from({ length: t.nx * t.ny }, (_, i) => Math.log(t.py[i % t.ny]))).excess;
    console.log(`one-hot ${good.toExponential(2)}, log π ${post.toExponential(2)}, shuffled log π ${bad.toFixed(4)}, I(x; y) ${mi.toFixed(4)}`);
    expect(bad).toBeGreaterThan(0.05 * mi);
    expect(bad).toBeGreaterThan(5 * post);
  });

  it('sampled counts follow the joint law (total n; each cell within 5 standard errors: false-failure rate < 1e-4 for 81 cells)', () => {
    const t = tiny();
    const n = 50_000;
    const counts = sampleJointCounts(t, n, Rng.fromSeed(15));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(n);
    let j = 0;
    for (let x = 0; x < t.nx; x++) {
      for (let y = 0; y < t.ny; y++) {
        let p = 0;
        for (let s = 0; s < t.S; s++) p += t.model.rootPrior[s] * t.likIm[s * t.nx + x] * t.likTx[s * t.ny + y];
        const se = Math.sqrt((p * (1 - p)) / n);
        expect(Math.abs(counts[j++] / n - p)).toBeLessThanOrEqual(5 * se + 1e-12);
      }
    }
  });
});

describe('CDM head', () => {
  it('objective gradient matches central finite differences', () => {
    const t = tiny();
    const rng = Rng.fromSeed(21);
    const f = randomFeatures(t.ny, 3, rng);
    const tr = sampleCdmTriples(t, vals(t), 1, 60, rng);
    const data = cdmFitData(vals(t), t.nx, f, tr, 1);
    const w = Float64Array.from({ length: t.nx * f.cols }, () => 0.5 * rng.normal());
    expect(gradientError(w, (a, g) => cdmObjective(a, g, data, 0.02))).toBeLessThan(1e-6);
  });

  it('objective value equals the denoising MSE written out with log-sum-exp softmax (fast product-of-exponentials path and its underflow fallback)', () => {
    const t = tiny();
    const v = vals(t);
    const rng = Rng.fromSeed(27);
    const f = randomFeatures(t.ny, 3, rng);
    const T = v.length / t.nx;
    // σ = 0.05 with logits spread by 400: exp(logit − max)·exp(dist − max) underflows for some samples (counted below)
    for (const [sigma, scale, expectUnderflow] of [[0.7, 0.5, false], [0.05, 400, true]] as const) {
      const tr = sampleCdmTriples(t, v, sigma, 80, rng);
      const data = cdmFitData(v, t.nx, f, tr, sigma);
      const w = Float64Array.from({ length: t.nx * f.cols }, () => scale * rng.normal());
      let mse = 0;
      let underflows = 0;
      for (let i = 0; i < tr.n; i++) {
        const a = Array.from({ length: t.nx }, (_, x) => {
          let s = 0;
          for (let j = 0; j < f.cols; j++) s += w[x * f.cols + j] * f.data[tr.y[i] * f.cols + j];
          return s;
        });
        const d = Array.from({ length: t.nx }, (_, x) => {
          let d2 = 0;
          for (let l = 0; l < T; l++) d2 += (tr.z[i * T + l] - v[x * T + l]) ** 2;
          return -d2 / (2 * sigma * sigma);
        });
        const ma = Math.max(...a);
        const md = Math.max(...d);
        if (a.reduce((acc, ax, x) => acc + Math.exp(ax - ma) * Math.exp(d[x] - md), 0) <= 1e-250) underflows++;
        const logits = a.map((ax, x) => ax + d[x]);
        const mx = Math.max(...logits);
        const p = logits.map((l) => Math.exp(l - mx));
        const z = p.reduce((acc, b) => acc + b, 0);
        for (let l = 0; l < T; l++) {
          let m = 0;
          for (let x = 0; x < t.nx; x++) m += (p[x] / z) * v[x * T + l];
          mse += (v[tr.x[i] * T + l] - m) ** 2;
        }
      }
      mse /= tr.n;
      expect(underflows > 0).toBe(expectUnderflow);
      const got = cdmObjective(w, new Float64Array(w.length), data, 0);
      expect(Number.isFinite(got)).toBe(true);
      expect(Math.abs(got - mse)).toBeLessThan(1e-10 * Math.max(1, mse));
    }
  });

  it('the Bayes denoiser of the evaluation set equals Σ_x v_x p(x, y) N(z; v_x, σ²) / Σ_x p(x, y) N(z; v_x, σ²) written out', () => {
    const t = tiny();
    const v = vals(t);
    const sigma = 0.8;
    const set = cdmEvalSet(t, v, sigma, 2, Rng.fromSeed(22));
    const T = set.T;
    let worst = 0;
    for (let i = 0; i < set.pairs * set.draws; i += 7) {
      const k = Math.floor(i / set.draws);
      const y = set.y[k];
      const num = new Float64Array(T);
      let den = 0;
      for (let x = 0; x < t.nx; x++) {
        let j = 0;
        for (let s = 0; s < t.S; s++) j += t.model.rootPrior[s] * t.likIm[s * t.nx + x] * t.likTx[s * t.ny + y];
        const w = j * Math.exp(set.dist[i * t.nx + x]); // N(z; v_x, σ²) up to a constant, from the stored −‖z − v_x‖²/(2σ²) (those are checked at σ → 0 below)
        den += w;
        for (let l = 0; l < T; l++) num[l] += w * v[x * T + l];
      }
      for (let l = 0; l < T; l++) worst = Math.max(worst, Math.abs(num[l] / den - set.bayes[i * T + l]));
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it('the distance terms are −‖z − v_x‖²/(2σ²) for z drawn around the pair\'s own x (checked through the Bayes error at σ → 0)', () => {
    const t = tiny();
    const set = cdmEvalSet(t, vals(t), 1e-3, 2, Rng.fromSeed(23));
    const e = stratifiedMean(set, set.bayesSq);
    expect(e.mean).toBeLessThan(1e-9); // at tiny noise the denoiser recovers x exactly
  });

  it('a head that can express log p(x | y) (one-hot text features) has gap 0; a zero head has the gap of the prior denoiser', () => {
    const t = tiny();
    const v = vals(t);
    const set = cdmEvalSet(t, v, 1, 3, Rng.fromSeed(24));
    const oneHot: HeadFeatures = { rows: t.ny, cols: t.ny + 1, data: new Float64Array(t.ny * (t.ny + 1)) };
    for (let y = 0; y < t.ny; y++) (oneHot.data[y * (t.ny + 1) + y] = 1), (oneHot.data[y * (t.ny + 1) + t.ny] = 1);
    const W = new Float64Array(t.nx * (t.ny + 1));
    for (let x = 0; x < t.nx; x++) {
      for (let y = 0; y < t.ny; y++) {
        let j = 0;
        for (let s = 0; s < t.S; s++) j += t.model.rootPrior[s] * t.likIm[s * t.nx + x] * t.likTx[s * t.ny + y];
        W[x * (t.ny + 1) + y] = Math.log(j / t.py[y]);
      }
    }
    const exact = stratifiedMean(set, cdmHeadGaps(set, { nx: t.nx, cols: t.ny + 1, weights: W }, oneHot));
    expect(exact.mean).toBeLessThan(1e-20);
    const zero = stratifiedMean(set, cdmHeadGaps(set, { nx: t.nx, cols: t.ny + 1, weights: new Float64Array(W.length) }, oneHot));
    expect(zero.mean).toBeGreaterThan(0.01);
    expect(zero.se).toBeGreaterThan(0);
  });

  it('stratified mean equals Σ_k p_k mean_r v and its standard error the plug-in formula, on constant and known inputs', () => {
    const t = tiny();
    const set = cdmEvalSet(t, vals(t), 1, 2, Rng.fromSeed(25));
    const ones = new Float64Array(set.pairs * 2).fill(1);
    const c = stratifiedMean(set, ones);
    expect(Math.abs(c.mean - 1)).toBeLessThan(1e-12);
    expect(c.se).toBe(0);
    const alt = Float64Array.from({ length: set.pairs * 2 }, (_, i) => (i % 2 === 0 ? 0 : 2)); // mean 1, s² = 2 per pair
    const a = stratifiedMean(set, alt);
    let w2 = 0;
    for (let k = 0; k < set.pairs; k++) w2 += set.weight[k] ** 2;
    expect(Math.abs(a.mean - 1)).toBeLessThan(1e-12);
    expect(Math.abs(a.se - Math.sqrt((w2 * 2) / 2))).toBeLessThan(1e-12);
  });

  it('training lowers the gap: the fitted head on log π beats the prior denoiser it starts from', () => {
    const t = tiny();
    const v = vals(t);
    const rng = Rng.fromSeed(26);
    const f = headFeatures(logPosteriorTable(t.postTx), t.ny, t.S);
    const data = cdmFitData(v, t.nx, f, sampleCdmTriples(t, v, 1, 2000, rng), 1);
    const set = cdmEvalSet(t, v, 1, 4, rng);
    const start = fitCdmHead(data, { steps: 0, lr: 0.05, ridge: 1e-4, sigma: 1 });
    const fit = fitCdmHead(data, { steps: 200, lr: 0.05, ridge: 1e-4, sigma: 1 });
    const g0 = stratifiedMean(set, cdmHeadGaps(set, start, f)).mean;
    const g1 = stratifiedMean(set, cdmHeadGaps(set, fit, f)).mean;
    expect(g1).toBeLessThan(0.5 * g0);
  });
});
