/**
 * Claim 18 — a transformer with analytically set weights computes belief propagation.
 *
 * Statement: for every JGHM with kernels bounded away from 0, the BP-constructed transformer (depth L + 1:
 * position-driven attention sums each node's child messages, the MLP computes u ↦ log(K·e^u)) outputs the root
 * log-posterior within its stated bound: with an MLP of sup-error δ per level (piecewise-linear on a grid) and hard
 * attention, ‖log π̂ − log π‖∞ ≤ 2δ(n_1 + … + n_{L−1}) + δ ≤ 2δ(m + m² + … + m^L) (theory.md's form), plus a stated
 * float32 rounding allowance; with the exact MLP the bound is 0 (rounding only).
 * Source: derived (theory.md §5.2, §10.1 item 18, RECONSTRUCTED; the architecture is FOUND-CODE).
 * Quantities: err = max over samples and states of |log π̂ − log π| (float32 transformer vs float64 BP);
 *   bound = the construction's stated bound for its δ (models/bp-construction/bp-transformer-bound.ts planBpTransformer);
 *   allowance = worst-case float32 rounding allowance of the forward pass.
 * Check: fast-check property over random JGHMs (entries ≥ 0.05 before normalisation), δ drawn from {1e-3, 4e-3, 2e-2}
 *   and the exact MLP; 32 sampled leaf vectors per model. Deterministic (no statistical error): rate 0.
 */
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { defineClaim } from '../engine/claim.js';
import { jghmArbitrary } from '../arbitraries/jghm-arbitrary.js';
import { BpTransformer, type BpTransformerOptions, initBackend } from '../../models/index.js';
import { observedEvidence, rootPosteriorsFromEvidence } from '../../theory/belief-propagation.js';
import { modelRng } from '../engine/model-rng.js';
import type { Jghm } from '../../theory/model.js';
import { Rng } from '../../theory/random.js';
import { samplePairs } from '../../theory/sampling.js';

interface Params {
  numRuns: number;
  samples: number;
}

function transformerError(model: Jghm, options: BpTransformerOptions, n: number, rng: Rng): { err: number; bound: number; allowance: number } {
  const pairs = samplePairs(model, n, rng);
  const exact = rootPosteriorsFromEvidence(model, 'image', observedEvidence(model.states, pairs.image));
  const bp = new BpTransformer(model, 'image', options);
  const tokens = tf.tensor2d(Int32Array.from(pairs.image.data), [n, pairs.image.leaves], 'int32');
  const lp = bp.logPosterior(tokens);
  const v = lp.dataSync();
  let err = 0;
  for (let i = 0; i < v.length; i++) err = Math.max(err, Math.abs(v[i] - Math.log(exact[i])));
  const out = { err, bound: bp.plan.logPosteriorBound, allowance: bp.plan.roundingAllowance };
  tokens.dispose();
  lp.dispose();
  bp.dispose();
  return out;
}

export default defineClaim<Params>({
  id: 'bp-transformer-approximates-bp',
  title: 'The BP-constructed transformer outputs the BP root posterior within its stated bound',
  source: { kind: 'derived', tag: 'RECONSTRUCTED', reference: 'theory.md §5.2, §10.1 item 18' },
  statement: 'err <= bound + allowance',
  symbols: { err: '\\|\\log\\hat\\pi-\\log\\pi\\|_\\infty', bound: '2\\delta(n_1+\\dots+n_{L-1})+\\delta', allowance: '\\gamma_{\\mathrm{f32}}' },
  tier: 'quick',
  parameters: { quick: { numRuns: 8, samples: 32 }, full: { numRuns: 100, samples: 256 } },
  falseFailureRate: 0,
  async run(ctx) {
    await initBackend('auto');
    let worstRatio = 0;
    const models = jghmArbitrary({ maxStates: 4, maxDepth: 3, maxBranching: 3, maxLeaves: 12, maxNodes: 20, maxConfigurations: Number.MAX_SAFE_INTEGER, minEntry: 0.05 });
    const mlp = fc.constantFrom<BpTransformerOptions['mlp']>({ kind: 'exact' }, { kind: 'pwl', delta: 1e-3 }, { kind: 'pwl', delta: 4e-3 }, { kind: 'pwl', delta: 2e-2 });
    const arb = fc.tuple(models, mlp).map(([model, m]) => Object.assign(model, { __mlp: m }) as Jghm & { __mlp: BpTransformerOptions['mlp'] });
    ctx.property(
      arb,
      (model) => {
        const r = transformerError(model, { mlp: (model as Jghm & { __mlp: BpTransformerOptions['mlp'] }).__mlp, attention: { kind: 'hard' } }, ctx.params.samples, modelRng(ctx.rng, model));
        if (r.bound > 0) worstRatio = Math.max(worstRatio, r.err / r.bound);
        return r;
      },
      { label: 'float32 transformer vs float64 BP on random JGHMs (exact MLP and δ ∈ {1e-3, 4e-3, 2e-2})' },
    );
    ctx.quantity({ name: 'worstErrOverBound', estimate: worstRatio, exact: true, note: 'largest err/bound seen with a pwl MLP (≤ 1 up to the rounding allowance)' });
  },
});
