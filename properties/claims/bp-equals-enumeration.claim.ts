/**
 * Claim 1 — belief propagation is exact.
 *
 * Statement: for every JGHM and every evidence, BP's leaf likelihood table p(x | root) over all configurations, its
 * root posterior, its leaf marginals (some leaves masked, with the
 * other tree's root message) and its posterior means of noisy leaves equal brute-force enumeration.
 * Source: theory.md §10.1 item 1 (FOUND-CODE: the authors' BP; they never checked it against enumeration).
 * Quantities: maxError = the largest absolute difference over all those numbers, on one random sample per model;
 *   tol = 1e-10 (floating-point allowance).
 * Check: fast-check property over random small JGHMs (any prior, invariant or per-edge kernels, exact zeros allowed).
 * Error budget: deterministic — false-failure rate 0.
 */
import { defineClaim } from '../engine/claim.js';
import { jghmArbitrary } from '../arbitraries/jghm-arbitrary.js';
import { gaussianEvidence, leafMarginals, observedEvidence, posteriorMeans, rootMessageOf, rootPosteriorsFromEvidence } from '../../theory/belief-propagation.js';
import { bruteForceInference, bruteForceLikelihoodTable, likelihoodTable } from '../../theory/enumeration.js';
import { Rng } from '../../theory/random.js';
import { samplePairs } from '../../theory/sampling.js';
import type { Jghm } from '../../theory/model.js';
import { maxAbsDifference as maxDiff } from '../engine/max-difference.js';
import { modelRng } from '../engine/model-rng.js';

function bpError(model: Jghm, rng: Rng): number {
  const S = model.states;
  const p = samplePairs(model, 1, rng.split('pair'));
  const T = p.image.leaves;
  const mask = Array.from({ length: T }, () => (rng.uniform() < 0.7 ? 1 : 0));
  const msg = rootMessageOf(model, 'text', p.text);
  const ev = observedEvidence(S, p.image, mask);
  const bf = bruteForceInference(model, 'image', ev.data, msg);
  const z = Float64Array.from(p.image.data, (v) => v + rng.normal());
  const gev = gaussianEvidence(S, T, z, 1);
  const gbf = bruteForceInference(model, 'image', gev.data, msg);
  return Math.max(
    maxDiff(likelihoodTable(model, 'image'), bruteForceLikelihoodTable(model, 'image')),
    maxDiff(rootPosteriorsFromEvidence(model, 'image', ev, msg), bf.rootPosterior),
    maxDiff(leafMarginals(model, 'image', ev, msg), bf.leafMarginals),
    maxDiff(posteriorMeans(S, leafMarginals(model, 'image', gev, msg)), posteriorMeans(S, gbf.leafMarginals)),
  );
}

export default defineClaim({
  id: 'bp-equals-enumeration',
  title: 'Belief propagation equals brute-force enumeration',
  source: { kind: 'derived', tag: 'FOUND-CODE', reference: 'theory.md §10.1 item 1; §4.4 (the BP equations of the authors\' code)' },
  statement: 'maxError <= tol',
  symbols: { maxError: '\\max\\left|\\mathrm{BP}-\\mathrm{enumeration}\\right|', tol: '\\tau' },
  tier: 'quick',
  parameters: { quick: { numRuns: 40 }, full: { numRuns: 500 } },
  falseFailureRate: 0,
  run(ctx) {
    let worst = 0;
    ctx.property(
      jghmArbitrary({ maxStates: 3, maxNodes: 7, zeros: true }),
      (model) => {
        // the sample is a function of the model (so a shrunk counterexample reproduces its own quantities)
        const e = bpError(model, modelRng(ctx.rng, model));
        worst = Math.max(worst, e);
        return { maxError: e, tol: 1e-10 };
      },
      { label: 'root posteriors, masked leaf marginals and CDM posterior means match enumeration' },
    );
    ctx.quantity({ name: 'maxError', tex: '\\max|\\mathrm{BP}-\\mathrm{enum}|', estimate: worst, exact: true, note: `largest difference seen over ${ctx.params.numRuns} random models` });
  },
});
