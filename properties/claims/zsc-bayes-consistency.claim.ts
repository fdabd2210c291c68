/**
 * Claim 12 — the zero-shot classifier induced by S = PMI + c is the Bayes classifier.
 *
 * Statement: with the class c = one text leaf (c ⟂ x_im | x_tx) and S = PMI + c₀ for any constant c₀, the M = ∞
 * zero-shot classifier p̂_S(c | x) ∝ p(c)·E_{y∼P(·|c)} e^{S(x, y)} = Σ_{y: c(y) = c} p(y)e^{S(x, y)} equals p(c | x)
 * for every image x of positive probability (because p(c | x) = p(c)·E_{y|c} r(x, y)).
 * Source: theory.md §10.1 item 12; §3.1 — RECONSTRUCTED (the code implements the finite-M version).
 * Quantities (exact): maxErrorPath = max |p̂_S(c | x) − p(c | x)| with p(c | x) = Σ_s π_x(s)·T(s, c) through the path
 *   kernel root → class leaf (theory/information zeroShotClassPosterior); maxErrorJoint = the same against
 *   p(c | x) = Σ_{y: c(y) = c} p(x, y)/p(x) from the enumerated joint table (the slow, obvious twin); tol = 1e-12.
 * Checks: the §10.0 toy (every class leaf, c₀ = 0 and 5), fast-check over random JGHMs with a random class leaf and a
 *   random constant c₀ ∈ [−20, 20], and the same on the adversarial arbitrary (exact zeros: PMI = −∞ somewhere).
 * Error budget: deterministic — false-failure rate 0.
 */
import { defineClaim } from '../engine/claim.js';
import { jghmArbitrary } from '../arbitraries/jghm-arbitrary.js';
import { zerosArbitrary } from '../arbitraries/zeros-arbitrary.js';
import { exactTables, jointTable, pmiTable, type ExactTables } from '../../theory/exact-tables.js';
import { zeroShotClassPosterior, zeroShotClassifier } from '../../theory/information.js';
import type { Jghm } from '../../theory/model.js';
import { loadReferenceToy } from '../data/reference-toys.js';
import { modelRng } from '../engine/model-rng.js';

/** p(c | x) with c = text leaf `classLeaf`, from the joint table: Σ_{y: c(y) = c} J[x, y]/p(x), [nx × S]. */
function classPosteriorFromJoint(t: ExactTables, classLeaf: number): Float64Array {
  const J = jointTable(t);
  const S = t.S;
  const div = Math.pow(S, t.model.text.leaves - 1 - classLeaf);
  const out = new Float64Array(t.nx * S);
  for (let x = 0; x < t.nx; x++) {
    let z = 0;
    for (let y = 0; y < t.ny; y++) {
      out[x * S + (Math.floor(y / div) % S)] += J[x * t.ny + y];
      z += J[x * t.ny + y];
    }
    for (let c = 0; c < S; c++) out[x * S + c] /= z;
  }
  return out;
}

function scopeFor(t: ExactTables, classLeaf: number, c0: number) {
  const S = t.S;
  const sim = pmiTable(t).map((v) => v + c0);
  const hat = zeroShotClassifier(t, sim, classLeaf);
  const path = zeroShotClassPosterior(t, classLeaf);
  const joint = classPosteriorFromJoint(t, classLeaf);
  let maxErrorPath = 0;
  let maxErrorJoint = 0;
  for (let x = 0; x < t.nx; x++) {
    if (!(t.px[x] > 0)) continue;
    for (let c = 0; c < S; c++) {
      const a = Math.abs(hat[x * S + c] - path[x * S + c]);
      const b = Math.abs(hat[x * S + c] - joint[x * S + c]);
      maxErrorPath = Number.isNaN(a) ? Infinity : Math.max(maxErrorPath, a);
      maxErrorJoint = Number.isNaN(b) ? Infinity : Math.max(maxErrorJoint, b);
    }
  }
  return { maxErrorPath, maxErrorJoint, tol: 1e-12 };
}

export default defineClaim<{ numRuns: number; maxConfigurations: number }>({
  id: 'zsc-bayes-consistency',
  title: 'ZSC: the classifier induced by S = PMI + c equals p(c | x_im) exactly',
  source: { kind: 'derived', tag: 'RECONSTRUCTED', reference: 'theory.md §10.1 item 12; §3.1 (Bayes consistency)' },
  statement: 'maxErrorPath <= tol and maxErrorJoint <= tol',
  symbols: {
    maxErrorPath: '\\max|\\hat p_{\\mathrm{PMI}+c}(c\\mid x)-p_{\\mathrm{path}}(c\\mid x)|',
    maxErrorJoint: '\\max|\\hat p_{\\mathrm{PMI}+c}(c\\mid x)-p_{\\mathrm{joint}}(c\\mid x)|',
    tol: '\\tau',
  },
  tier: 'quick',
  parameters: { quick: { numRuns: 25, maxConfigurations: 81 }, full: { numRuns: 300, maxConfigurations: 243 } },
  falseFailureRate: 0,
  run(ctx) {
    const toy = exactTables(loadReferenceToy('toy-jghm'));
    for (let leaf = 0; leaf < toy.model.text.leaves; leaf++) {
      for (const c0 of [0, 5]) ctx.check(scopeFor(toy, leaf, c0), `toy, class = text leaf ${leaf}, S = PMI + ${c0} (exact)`);
    }
    const scopeOf = (label: string) => (model: Jghm) => {
      const rng = modelRng(ctx.rng, model, label);
      const t = exactTables(model);
      return scopeFor(t, rng.int(model.text.leaves), 40 * rng.uniform() - 20);
    };
    ctx.property(jghmArbitrary({ maxConfigurations: ctx.params.maxConfigurations }), scopeOf('regular'), { label: 'random models, random class leaf, S = PMI + c₀, c₀ ∈ [−20, 20]' });
    ctx.progress(0.5);
    ctx.property(zerosArbitrary({ maxConfigurations: ctx.params.maxConfigurations }), scopeOf('zeros'), { label: 'adversarial random models (exact zeros, other entries ≥ 1e-12), random class leaf, S = PMI + c₀' });
  },
});
