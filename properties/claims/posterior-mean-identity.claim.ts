/**
 * Claim 17 — the posterior-mean identity of the Bayes denoiser (the authors' unit test).
 *
 * Statement: for x̂ = E[x_im | z] and for x̂ = E[x_im | z, x_tx] (z = x_im + σ·g on every image leaf),
 *   E‖x̂‖² = E⟨x̂, x_im⟩,
 * because E[⟨x̂, x − x̂⟩ | z, ·] = 0 (x̂ is the conditional mean).
 * Source: theory.md §10.1 item 17 — FOUND-CODE (the code checks it with tolerance 3e-3 at 10k samples).
 * Quantities: normSq = mean of ‖x̂‖², inner = mean of ⟨x̂, x⟩ over n samples (x̂ by theory/belief-propagation leaf
 *   marginals; the conditional one with the text's root message); slack = z·SE of the paired difference ‖x̂‖² − ⟨x̂, x⟩
 *   at the per-check false-failure rate (two-sided CLT).
 * Checks: σ = 1 on the §10.0 toy, a 'small' preset model (p = 0.3), a paper-construction model with S = 5, depth 3,
 *   3 children (27 leaves, beyond enumeration) and a Dirichlet(α = 0.5) model; each unconditional and conditional.
 * Error budget: 1e-4 shared equally by the 8 checks (union bound).
 */
import { defineClaim } from '../engine/claim.js';
import { gaussianEvidence, leafMarginals, posteriorMeans, rootMessageOf } from '../../theory/belief-propagation.js';
import { generateDirichletJghm, generatePaperJghm, generatePreset } from '../../theory/generators.js';
import { noisyLeaves } from '../../theory/monte-carlo.js';
import { samplePairs } from '../../theory/sampling.js';
import type { Jghm } from '../../theory/model.js';
import { cltMinDetectableDiscrepancy, normalQuantileUpper, summarize } from '../statistics/index.js';
import { loadReferenceToy } from '../data/reference-toys.js';

export default defineClaim<{ samples: number; largeSamples: number; sigma: number }>({
  id: 'posterior-mean-identity',
  title: 'Bayes denoiser: E‖x̂‖² = E⟨x̂, x_im⟩ (conditional or not)',
  source: { kind: 'derived', tag: 'FOUND-CODE', reference: "theory.md §10.1 item 17 (the authors' unit test)" },
  statement: 'abs(normSq - inner) <= slack',
  symbols: { normSq: '\\overline{\\|\\hat x\\|^2}', inner: '\\overline{\\langle \\hat x, x\\rangle}', slack: '\\delta' },
  tier: 'quick',
  parameters: { quick: { samples: 20000, largeSamples: 4000, sigma: 1 }, full: { samples: 400000, largeSamples: 100000, sigma: 1 } },
  falseFailureRate: 1e-4,
  power: 'each check detects |E‖x̂‖² − E⟨x̂, x⟩| above the size printed in the notes with probability ≥ 0.999 (CLT).',
  run(ctx) {
    const p = ctx.params;
    const seedOf = (label: string) => ctx.rng.split(label).nextUint32();
    const models: [string, Jghm, number][] = [
      ['toy', loadReferenceToy('toy-jghm'), p.samples],
      ['small preset p = 0.3', generatePreset('small', { p: 0.3, seed: seedOf('small') }), p.samples],
      ['paper construction S = 5, [3, 3, 3], p = 0.3', generatePaperJghm({ states: 5, imageBranching: [3, 3, 3], p: 0.3, seed: seedOf('paper') }), p.largeSamples],
      ['Dirichlet α = 0.5, S = 3, [2, 2]', generateDirichletJghm({ states: 3, imageBranching: [2, 2], alpha: 0.5, seed: seedOf('dirichlet') }), p.samples],
    ];
    const rate = ctx.budget.total / (2 * models.length);
    const z = normalQuantileUpper(rate / 2);
    models.forEach(([name, model, n], i) => {
      const S = model.states;
      const rng = ctx.rng.split(`model${i}`);
      const pairs = samplePairs(model, n, rng.split('pairs'));
      const T = pairs.image.leaves;
      const noisy = noisyLeaves(pairs.image, p.sigma, rng.split('noise'));
      const ev = gaussianEvidence(S, T, noisy, p.sigma);
      for (const conditional of [false, true]) {
        const xhat = posteriorMeans(S, leafMarginals(model, 'image', ev, conditional ? rootMessageOf(model, 'text', pairs.text) : undefined));
        const norm = new Float64Array(n);
        const inner = new Float64Array(n);
        const diff = new Float64Array(n);
        for (let k = 0; k < n; k++) {
          let a = 0;
          let b = 0;
          for (let t = 0; t < T; t++) {
            const h = xhat[k * T + t];
            a += h * h;
            b += h * pairs.image.data[k * T + t];
          }
          norm[k] = a;
          inner[k] = b;
          diff[k] = a - b;
        }
        const d = summarize(diff);
        const label = `${name}, ${conditional ? 'x̂ = E[x | z, x_tx]' : 'x̂ = E[x | z]'}, σ = ${p.sigma}`;
        ctx.budget.spend(label, rate);
        const nS = summarize(norm);
        const iS = summarize(inner);
        ctx.check({ normSq: nS.mean, inner: iS.mean, slack: z * d.se }, `${label} (Monte Carlo, n = ${n}, false-failure rate ${rate.toExponential(2)})`);
        const detect = cltMinDetectableDiscrepancy(n, Math.sqrt(d.variance), { falseFailureRate: rate, falsePassRate: 1e-3, sided: 'two' });
        ctx.note(`${label}: E‖x̂‖² ≈ ${nS.mean.toFixed(4)}, E⟨x̂, x⟩ ≈ ${iS.mean.toFixed(4)}, difference ${d.mean.toExponential(2)} ± ${d.se.toExponential(2)} (SE); detects |difference| ≥ ${detect.toExponential(2)}`);
        ctx.quantity({ name: `difference (${label})`, tex: '\\overline{\\|\\hat x\\|^2-\\langle\\hat x,x\\rangle}', estimate: d.mean, se: d.se, ci: [d.mean - z * d.se, d.mean + z * d.se], exact: false });
      }
      ctx.progress((i + 1) / models.length);
    });
  },
});
