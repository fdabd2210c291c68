import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../../properties/statistics/index.js';
import { gaussianEvidence, leafMarginals, posteriorMeans, rootMessageOf } from '../../theory/belief-propagation.js';
import { exactClipLoss } from '../../theory/clip-loss-exact.js';
import { allConfigurations } from '../../theory/enumeration.js';
import { densityRatio, exactTables } from '../../theory/exact-tables.js';
import { zeroShotBayesCrossEntropy } from '../../theory/information.js';
import { bayesClipRisk, bayesRisks, bayesVlmRisk, bayesZscRisk, estimate, noisyLeaves } from '../../theory/monte-carlo.js';
import { nextTokenPredictions } from '../../theory/next-token.js';
import { Rng } from '../../theory/random.js';
import { samplePairs } from '../../theory/sampling.js';
import { TEST_SEED } from '../setup.js';
import { loadReferenceToy } from '../../properties/data/reference-toys.js';

// Every check below is a two-sided CLT test at false-failure rate 1e-6 (z = 4.89), n ≥ 20 000 per check; 7 checks
// give ≤ 7e-6 per run. The estimators' values are per-sample i.i.d. and bounded or light-tailed, so the CLT applies.
const Z = normalQuantile(1 - 1e-6 / 2);
const toy = loadReferenceToy('toy-jghm');
const t = exactTables(toy);
const rng = Rng.fromSeed(TEST_SEED).split('monte-carlo-test');

function within(mean: number, se: number, exact: number, label: string): void {
  expect(Math.abs(mean - exact), `${label}: MC ${mean} ± ${se} vs exact ${exact} (seed ${TEST_SEED})`).toBeLessThanOrEqual(Z * se);
}

describe('Monte Carlo Bayes risks agree with exact enumeration on the toy (false-fail 1e-6 each)', () => {
  it('CLIP, K = 2 and K = 3 (paper convention: sum of both directions, fresh negatives)', () => {
    for (const k of [2, 3]) {
      const e = bayesClipRisk(toy, 20_000, k, rng.split(`clip${k}`));
      within(e.mean, e.se, exactClipLoss(t, k).symmetric, `clip K=${k}`);
    }
  });

  it('ZSC: H(c | x_im)', () => {
    const e = bayesZscRisk(toy, 20_000, rng.split('zsc'));
    within(e.mean, e.se, zeroShotBayesCrossEntropy(t), 'zsc');
  });

  it('VLM: exact next-token cross-entropy by enumeration over (x, y)', () => {
    const ys = allConfigurations(toy, 'text');
    const S = 3;
    let exact = 0;
    for (let x = 0; x < t.nx; x++) {
      const msg = new Float64Array(ys.n * S);
      for (let i = 0; i < ys.n; i++) for (let s = 0; s < S; s++) msg[i * S + s] = t.likIm[s * t.nx + x];
      const pred = nextTokenPredictions(toy, 'text', ys, msg);
      for (let y = 0; y < ys.n; y++) {
        const w = t.px[x] * t.py[y] * densityRatio(toy.rootPrior, t.postIm, x * S, t.postTx, y * S, S);
        let ce = 0;
        for (let tt = 1; tt < 4; tt++) ce -= Math.log(pred[(y * 4 + tt) * S + ys.data[y * 4 + tt]]);
        exact += (w * ce) / 3;
      }
    }
    const e = bayesVlmRisk(toy, 20_000, rng.split('vlm'));
    within(e.mean, e.se, exact, 'vlm');
  });

  it('posterior-mean identity E‖x̂‖² = E⟨x̂, x⟩ for the Bayes denoiser, conditional and not', () => {
    const n = 20_000;
    const p = samplePairs(toy, n, rng.split('identity'));
    const z = noisyLeaves(p.image, 1, rng.split('noise'));
    const ev = gaussianEvidence(3, 4, z, 1);
    for (const msg of [undefined, rootMessageOf(toy, 'text', p.text)]) {
      const m = posteriorMeans(3, leafMarginals(toy, 'image', ev, msg));
      const d = new Float64Array(n);
      for (let i = 0; i < n; i++) for (let k = 0; k < 4; k++) d[i] += m[i * 4 + k] * (m[i * 4 + k] - p.image.data[i * 4 + k]);
      const e = estimate(d);
      within(e.mean, e.se, 0, 'identity');
    }
  });
});

describe('bayesRisks', () => {
  it('is deterministic in the seed and reports all four tasks', () => {
    const a = bayesRisks(toy, { n: 300, seed: 4 });
    const b = bayesRisks(toy, { n: 300, seed: 4 });
    expect(a).toEqual(b);
    expect(Object.keys(a)).toEqual(expect.arrayContaining(['clip', 'zsc', 'cdm', 'vlm']));
    expect(a.clip!.k).toBe(4);
    expect(bayesRisks(toy, { n: 300, seed: 5 }).clip!.mean).not.toBe(a.clip!.mean);
  });

  it('rejects bad arguments naming them', () => {
    expect(() => bayesClipRisk(toy, 1, 4, rng)).toThrow(/bayesClipRisk: n must be an integer ≥ 2/);
    expect(() => bayesClipRisk(toy, 10, 1, rng)).toThrow(/k must be an integer ≥ 2/);
  });
});
