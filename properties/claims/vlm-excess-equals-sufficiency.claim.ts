/**
 * Claim 16 — VLM: the excess log-loss of the best decoder that sees the image only through E equals Suff(E).
 *
 * Statement: for a finite-range image encoder E,
 *   min_q E[−log q(y | E(x))] − H(y | x) = H(y | E(x)) − H(y | x) = Suff(E),
 * the minimum is attained at q = p(y | E) (any other q is worse: E KL(p(y | x) ‖ q(y | E)) ≥ Suff(E)), and the
 * autoregressive chain rule gives the same total: Σ_t { E[−log p(y_t | y_<t, E(x))] − E[−log p(y_t | y_<t, x)] }
 * = Suff(E) (all T text positions; the paper's VLM risk, positions 2..T, is a different quantity).
 * Source: theory.md §10.1 item 16; §3.3 — RECONSTRUCTED (the code matches it).
 * Quantities (exact): excessEnum = H(y | E) − H(y | x) from the enumerated joint table (entropy route); suff =
 *   I(x; y) − I(E; y) (theory/information sufficiency, mutual-information route); chainExcess = the per-token sum
 *   from theory/next-token's BP predictor (root message p(x | root) for the image, p(E = e | root) ∝ π_e/ψ for the
 *   encoder); qExcess = E KL(p(y | x) ‖ q(y | E)) for a random decoder q (p(y | E) perturbed in log space);
 *   tol = 1e-10·max(1, H(y | x)).
 * Checks: the §10.0 toy with E = first image leaf (golden Suff 0.30354) and MAP root, then fast-check over random
 *   JGHMs with random image encoders, and the adversarial arbitrary (exact zeros, other entries ≥ 1e-12).
 * Error budget: deterministic — false-failure rate 0.
 */
import { defineClaim } from '../engine/claim.js';
import { jghmArbitrary } from '../arbitraries/jghm-arbitrary.js';
import { zerosArbitrary } from '../arbitraries/zeros-arbitrary.js';
import { exactTables, jointTable, type ExactTables } from '../../theory/exact-tables.js';
import { leafEncoder, rootMapEncoder, type FiniteEncoder } from '../../theory/encoders.js';
import { encoderConditional, encoderRootLaw, expectedKlToEncoderConditional, sufficiency } from '../../theory/information.js';
import { allConfigurations } from '../../theory/enumeration.js';
import { rootMessageOf } from '../../theory/belief-propagation.js';
import { nextTokenPredictions } from '../../theory/next-token.js';
import type { Jghm } from '../../theory/model.js';
import type { Rng } from '../../theory/random.js';
import { TOY_GOLDEN } from '../data/toy-golden.js';
import { loadReferenceToy } from '../data/reference-toys.js';
import { randomEncoder } from '../encoders/random-encoders.js';
import { modelRng } from '../engine/model-rng.js';

/** H(y | x) and H(y | E(x)) from the joint table. */
function entropies(t: ExactTables, enc: FiniteEncoder): { hGivenX: number; hGivenE: number } {
  const J = jointTable(t);
  const pey = new Float64Array(enc.count * t.ny);
  const pe = new Float64Array(enc.count);
  let hGivenX = 0;
  for (let x = 0; x < t.nx; x++) {
    if (!(t.px[x] > 0)) continue;
    const e = enc.classes[x];
    pe[e] += t.px[x];
    for (let y = 0; y < t.ny; y++) {
      const j = J[x * t.ny + y];
      pey[e * t.ny + y] += j;
      if (j > 0) hGivenX -= j * Math.log(j / t.px[x]);
    }
  }
  let hGivenE = 0;
  for (let e = 0; e < enc.count; e++) for (let y = 0; y < t.ny; y++) if (pey[e * t.ny + y] > 0) hGivenE -= pey[e * t.ny + y] * Math.log(pey[e * t.ny + y] / pe[e]);
  return { hGivenX, hGivenE };
}

/** Σ_t E[−log p(y_t | y_<t, message)] over the joint, for the image (message p(x | root)) or the encoder classes. */
function chainRuleRisks(t: ExactTables, enc: FiniteEncoder): { givenX: number; givenE: number; perTokenExcess: Float64Array } {
  const model = t.model;
  const S = t.S;
  const texts = allConfigurations(model, 'text');
  const T = texts.leaves;
  const J = jointTable(t);
  const images = allConfigurations(model, 'image');
  const msgX = rootMessageOf(model, 'image', images);
  const { postE } = encoderRootLaw(t, enc);
  const perToken = new Float64Array(T);
  let givenX = 0;
  let givenE = 0;
  const predsE = new Map<number, Float64Array>();
  for (let x = 0; x < t.nx; x++) {
    if (!(t.px[x] > 0)) continue;
    const e = enc.classes[x];
    const msg = new Float64Array(texts.n * S);
    for (let y = 0; y < texts.n; y++) for (let s = 0; s < S; s++) msg[y * S + s] = msgX[x * S + s];
    const predX = nextTokenPredictions(model, 'text', texts, msg);
    let predE = predsE.get(e);
    if (!predE) {
      const m = new Float64Array(texts.n * S);
      for (let y = 0; y < texts.n; y++) for (let s = 0; s < S; s++) m[y * S + s] = postE[e * S + s] / model.rootPrior[s];
      predE = nextTokenPredictions(model, 'text', texts, m);
      predsE.set(e, predE);
    }
    for (let y = 0; y < texts.n; y++) {
      const w = J[x * t.ny + y];
      if (!(w > 0)) continue;
      for (let k = 0; k < T; k++) {
        const v = texts.data[y * T + k];
        const a = -Math.log(predX[(y * T + k) * S + v]);
        const b = -Math.log(predE[(y * T + k) * S + v]);
        givenX += w * a;
        givenE += w * b;
        perToken[k] += w * (b - a);
      }
    }
  }
  return { givenX, givenE, perTokenExcess: perToken };
}

/** p(y | E) perturbed in log space by N(0, 0.5²) and renormalised per class (a random suboptimal decoder). */
function randomDecoder(t: ExactTables, enc: FiniteEncoder, rng: Rng): Float64Array {
  const q = encoderConditional(t, enc);
  for (let e = 0; e < enc.count; e++) {
    let z = 0;
    for (let y = 0; y < t.ny; y++) {
      q[e * t.ny + y] *= Math.exp(0.5 * rng.normal());
      z += q[e * t.ny + y];
    }
    for (let y = 0; y < t.ny; y++) q[e * t.ny + y] = z > 0 ? q[e * t.ny + y] / z : 1 / t.ny;
  }
  return q;
}

function scopeFor(t: ExactTables, enc: FiniteEncoder, rng: Rng, chain = chainRuleRisks(t, enc)) {
  const { hGivenX, hGivenE } = entropies(t, enc);
  return {
    excessEnum: hGivenE - hGivenX,
    suff: sufficiency(t, enc),
    chainExcess: chain.givenE - chain.givenX,
    qExcess: expectedKlToEncoderConditional(t, enc, randomDecoder(t, enc, rng)),
    tol: 1e-10 * Math.max(1, hGivenX),
  };
}

export default defineClaim<{ numRuns: number; maxConfigurations: number }>({
  id: 'vlm-excess-equals-sufficiency',
  title: 'VLM: min_q E[−log q(y | E(x))] − H(y | x) = Suff(E), also as the autoregressive per-token sum',
  source: { kind: 'derived', tag: 'RECONSTRUCTED', reference: 'theory.md §10.1 item 16; §3.3' },
  statement: 'abs(excessEnum - suff) <= tol and abs(chainExcess - suff) <= tol and qExcess >= suff - tol',
  symbols: {
    excessEnum: 'H(y\\mid E(x))-H(y\\mid x)',
    suff: '\\mathrm{Suff}(E)',
    chainExcess: '\\sum_t \\Delta_t',
    qExcess: '\\mathbb{E}\\,\\mathrm{KL}(p(y\\mid x)\\|q(y\\mid E))',
    tol: '\\tau',
  },
  tier: 'quick',
  parameters: { quick: { numRuns: 15, maxConfigurations: 32 }, full: { numRuns: 150, maxConfigurations: 81 } },
  falseFailureRate: 0,
  run(ctx) {
    const toy = exactTables(loadReferenceToy('toy-jghm'));
    const leaf0 = leafEncoder(toy, 'image', 0);
    const chain = chainRuleRisks(toy, leaf0);
    const s0 = scopeFor(toy, leaf0, ctx.rng.split('toy-leaf0'), chain);
    ctx.check(s0, 'toy, E = first image leaf (exact)');
    const err = Math.abs(s0.excessEnum - TOY_GOLDEN.suffImageLeaf0);
    ctx.assert('toy: H(y | E) − H(y | x) matches theory.md §10.0 Suff(first image leaf) = 0.3035354989 to 1e-9', err <= 1e-9, `|difference| = ${err.toExponential(2)}`);
    ctx.table(
      ['text position t', 'E[−log p(y_t | y_<t, E(x))] − E[−log p(y_t | y_<t, x)]'],
      Array.from(chain.perTokenExcess, (v, k) => [k + 1, v] as (string | number)[]).concat([['total', chain.givenE - chain.givenX]]),
    );
    ctx.quantity({ name: 'suff', tex: '\\mathrm{Suff}(E)', estimate: s0.suff, exact: true, note: 'toy, E = first image leaf' });
    ctx.quantity({ name: 'chainExcess', tex: '\\sum_t\\Delta_t', estimate: s0.chainExcess, exact: true, note: 'toy, per-token sum by next-token BP' });
    ctx.check(scopeFor(toy, rootMapEncoder(toy, 'image'), ctx.rng.split('toy-map')), 'toy, E = MAP image root (exact)');
    const scopeOf = (label: string) => (model: Jghm) => {
      const rng = modelRng(ctx.rng, model, label);
      const t = exactTables(model);
      return scopeFor(t, randomEncoder(t, 'image', rng), rng);
    };
    ctx.property(jghmArbitrary({ maxConfigurations: ctx.params.maxConfigurations }), scopeOf('regular'), { label: 'random models, random image encoders' });
    ctx.progress(0.5);
    ctx.property(zerosArbitrary({ maxConfigurations: ctx.params.maxConfigurations }), scopeOf('zeros'), { label: 'adversarial random models (exact zeros, other entries ≥ 1e-12), random image encoders' });
  },
});
