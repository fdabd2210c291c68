/**
 * Claim 7 — the equivalent forms of sufficiency agree.
 *
 * Statement: for every finite-range encoder E of either modality (here for an image encoder; a text encoder swaps
 * the roles):
 *   (a) E_x KL(p(y | x) ‖ p(y | E(x)))  =  (b) I(x; y) − I(E(x); y)  =  (c) E_x E_{y∼P_y} φ(r(x, y), r_E(E(x), y)),
 * φ(a, b) = a log(a/b) − a + b; and (b′) E_x KL(p(y | x) ‖ q(y | E(x))) ≥ Suff(E) for every conditional law q that
 * depends on x only through E(x), with equality at q = p(y | E).
 * Source: theory.md §10.1 item 7; §2.1 forms (a)–(c) (RECONSTRUCTED; the KL definition is FOUND for Definition 1).
 * Quantities (over every encoder tried on a model): formGap = the largest difference between the forms: (a)
 *   `sufficiencyKl`, (b) `sufficiency`, (c) `sufficiencyBregman` of theory/information.ts and a brute-force (a)
 *   straight from the joint table (properties/encoders/encoder-refinements.ts); qExcess = the smallest
 *   E KL(p ‖ q) − Suff over random q (Dirichlet-like rows, and mixtures (1−λ)p(y|E) + λ·q near the optimum);
 *   optimumGap = |E KL(p ‖ p(y|E)) − Suff|; tol = 1e-10·(1 + I(x; y)).
 * Encoders: every leaf encoder of both trees, root-MAP of both, the constant encoder, and random coarsenings of the
 *   identity (encoderFromKeys with 2–4 random labels).
 * Checks: fast-check properties over random small JGHMs (kernels bounded away from 0; and exact zeros, no positive
 *   entry below 1e-12 — see properties/arbitraries/model-filters.ts), and the
 *   golden toy of theory.md §10.0 (Suff(first image leaf) = 0.3035354989416223, Suff(second text leaf) =
 *   0.19896470704859281, every form).
 * Error budget: deterministic — false-failure rate 0.
 */
import { defineClaim } from '../engine/claim.js';
import { jghmArbitrary } from '../arbitraries/jghm-arbitrary.js';
import { type ExactTables, exactTables } from '../../theory/exact-tables.js';
import { type FiniteEncoder, encoderFromKeys, leafEncoder, rootMapEncoder } from '../../theory/encoders.js';
import {
  encoderConditional,
  expectedKlToEncoderConditional,
  mutualInformation,
  sufficiency,
  sufficiencyBregman,
  sufficiencyKl,
} from '../../theory/information.js';
import { Rng } from '../../theory/random.js';
import type { Jghm, Modality } from '../../theory/model.js';
import { bruteForceSufficiency, identityEncoder, randomCoarsening } from '../encoders/encoder-refinements.js';
import { loadReferenceToy } from '../data/reference-toys.js';
import { hasNoTinyKernelEntries } from '../arbitraries/model-filters.js';
import { reportQuantity } from '../engine/report-quantity.js';
import { modelRng } from '../engine/model-rng.js';

const TOL = 1e-10;
const TOY_SUFF = { image0: 0.3035354989416223, text1: 0.19896470704859281 };

function encodersOf(t: ExactTables, rng: Rng): FiniteEncoder[] {
  const out: FiniteEncoder[] = [];
  for (const m of ['image', 'text'] as Modality[]) {
    const leaves = m === 'image' ? t.model.image.leaves : t.model.text.leaves;
    for (let l = 0; l < leaves; l++) out.push(leafEncoder(t, m, l));
    out.push(rootMapEncoder(t, m));
    out.push(encoderFromKeys(`${m}:constant`, m, new Int32Array(m === 'image' ? t.nx : t.ny)));
    for (let k = 0; k < 2; k++) out.push(randomCoarsening(identityEncoder(t, m), 2 + rng.int(3), rng, `${m}:random-coarsening-${k}`));
  }
  return out;
}

/** A random conditional law [count × ny_other]: rows of Gamma(1)-like weights (positive), normalised. */
function randomConditional(rows: number, cols: number, rng: Rng): Float64Array {
  const q = new Float64Array(rows * cols);
  for (let e = 0; e < rows; e++) {
    let z = 0;
    for (let y = 0; y < cols; y++) {
      q[e * cols + y] = -Math.log(rng.uniformOpen()) + 1e-3;
      z += q[e * cols + y];
    }
    for (let y = 0; y < cols; y++) q[e * cols + y] /= z;
  }
  return q;
}

function scopeOf(t: ExactTables, rng: Rng) {
  const mi = mutualInformation(t);
  let formGap = 0;
  let qExcess = Infinity;
  let optimumGap = 0;
  for (const enc of encodersOf(t, rng)) {
    const b = sufficiency(t, enc, mi);
    const a = sufficiencyKl(t, enc);
    const c = sufficiencyBregman(t, enc);
    const brute = bruteForceSufficiency(t, enc).suff;
    const g = Math.max(Math.abs(a - b), Math.abs(c - b), Math.abs(brute - b));
    formGap = Math.max(formGap, Number.isNaN(g) ? Infinity : g);
    const cols = enc.modality === 'image' ? t.ny : t.nx;
    const opt = encoderConditional(t, enc);
    const atOpt = expectedKlToEncoderConditional(t, enc, opt);
    optimumGap = Math.max(optimumGap, Number.isNaN(atOpt - b) ? Infinity : Math.abs(atOpt - b));
    for (const lambda of [1, 0.1, 1e-3]) {
      const r = randomConditional(enc.count, cols, rng);
      const q = lambda === 1 ? r : opt.map((v, k) => (1 - lambda) * v + lambda * r[k]);
      const d = expectedKlToEncoderConditional(t, enc, q) - b;
      qExcess = Math.min(qExcess, Number.isNaN(d) ? -Infinity : d);
    }
  }
  return { formGap, qExcess, optimumGap, tol: TOL * (1 + mi) };
}

export default defineClaim<{ numRuns: number }>({
  id: 'sufficiency-forms-agree',
  title: 'Sufficiency: expected KL = information loss = Bregman form; variational form minimised at p(y | E)',
  source: { kind: 'derived', tag: 'RECONSTRUCTED', reference: 'theory.md §10.1 item 7; §2.1 forms (a)–(c)' },
  statement: 'formGap <= tol and qExcess >= -tol and optimumGap <= tol',
  symbols: {
    formGap: '\\max|\\mathrm{Suff}_{(a)}-\\mathrm{Suff}_{(b)}|,|\\mathrm{Suff}_{(c)}-\\mathrm{Suff}_{(b)}|',
    qExcess: '\\min_q\\,\\mathbb{E}\\,\\mathrm{KL}(p\\|q)-\\mathrm{Suff}',
    optimumGap: '|\\mathbb{E}\\,\\mathrm{KL}(p\\|p(y|E))-\\mathrm{Suff}|',
    tol: '\\tau',
  },
  tier: 'quick',
  parameters: { quick: { numRuns: 20 }, full: { numRuns: 300 } },
  falseFailureRate: 0,
  run(ctx) {
    const { numRuns } = ctx.params;
    let worstForm = 0;
    let minQ = Infinity;
    const scope = (model: Jghm) => {
      const sc = scopeOf(exactTables(model), modelRng(ctx.rng, model));
      worstForm = Math.max(worstForm, sc.formGap, sc.optimumGap);
      minQ = Math.min(minQ, sc.qExcess);
      return sc;
    };
    ctx.property(jghmArbitrary({ maxStates: 3, maxConfigurations: 81 }), scope, { numRuns, label: 'leaf, root-MAP, constant and random-coarsening encoders of both trees; kernels bounded away from 0' });
    ctx.property(jghmArbitrary({ maxStates: 3, maxConfigurations: 81, zeros: true }).filter(hasNoTinyKernelEntries), scope, { numRuns, label: 'adversarial: kernels with exact zeros (no positive entry below 1e-12)' });
    reportQuantity(ctx, { name: 'maxFormGap', tex: '\\max|\\mathrm{form}-\\mathrm{form}\'|', estimate: worstForm, exact: true, note: `over ${2 * numRuns} random models` });
    reportQuantity(ctx, { name: 'minQExcess', tex: '\\min_q\\,[\\mathbb{E}\\,\\mathrm{KL}(p\\|q)-\\mathrm{Suff}]', estimate: minQ, exact: true, note: 'smallest over random and near-optimal q' });

    // golden toy
    const t = exactTables(loadReferenceToy('toy-jghm'));
    const toyRng = ctx.rng.split('toy');
    ctx.check(scopeOf(t, toyRng), 'golden toy (theory.md §10.0): every encoder');
    const rows: (string | number)[][] = [];
    for (const [enc, golden] of [[leafEncoder(t, 'image', 0), TOY_SUFF.image0], [leafEncoder(t, 'text', 1), TOY_SUFF.text1]] as const) {
      const forms = [sufficiencyKl(t, enc), sufficiency(t, enc), sufficiencyBregman(t, enc), bruteForceSufficiency(t, enc).suff];
      const err = Math.max(...forms.map((f) => Math.abs(f - golden)));
      ctx.assert(`golden toy: Suff(${enc.name}) = ${golden} in every form (1e-9)`, err <= 1e-9, `(a) ${forms[0]}, (b) ${forms[1]}, (c) ${forms[2]}, brute force ${forms[3]}`);
      rows.push([enc.name, ...forms, golden]);
      reportQuantity(ctx, { name: `toySuff_${enc.name.replace(/:/g, '_')}`, tex: `\\mathrm{Suff}(\\mathrm{${enc.name.replace(/:/g, '\\!:\\!')}})`, estimate: forms[1], exact: true, note: `golden ${golden}` });
    }
    ctx.table(['encoder', '(a) E KL', '(b) I − I(E; y)', '(c) Bregman', 'brute force (joint table)', 'golden'], rows);
  },
});
