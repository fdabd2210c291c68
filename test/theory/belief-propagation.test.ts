import { describe, expect, it } from 'vitest';
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { jghmArbitrary } from '../../properties/arbitraries/jghm-arbitrary.js';
import {
  gaussianEvidence,
  leafMarginals,
  observedEvidence,
  posteriorMeans,
  rootMessageOf,
  rootPosteriorsFromEvidence,
  upward,
} from '../../theory/belief-propagation.js';
import { bruteForceInference } from '../../theory/enumeration.js';
import { type Jghm, type Modality, makeJghm, makeTree } from '../../theory/model.js';
import { Rng } from '../../theory/random.js';
import { leafBatchOf, samplePairs, sampleMarginal } from '../../theory/sampling.js';
import { loadReferenceExpected, loadReferenceToy } from '../../properties/data/reference-toys.js';
import { maxAbsDifference } from '../../properties/engine/max-difference.js';

const TOL = 1e-10;

/** A sample, a random mask and Gaussian noise for one model, drawn from a seed chosen by fast-check. */
function scenario(model: Jghm, modality: Modality, seed: number) {
  const rng = Rng.fromSeed(seed);
  const pair = samplePairs(model, 1, rng.split('pair'));
  const leaves = modality === 'image' ? pair.image : pair.text;
  const other = modality === 'image' ? pair.text : pair.image;
  const T = leaves.leaves;
  const mask = Array.from({ length: T }, () => (rng.uniform() < 0.7 ? 1 : 0));
  const z = new Float64Array(T).map((_, t) => leaves.data[t] + 0.8 * rng.normal());
  return { leaves, other, mask, z };
}

describe('belief propagation equals brute-force enumeration', () => {
  const models = jghmArbitrary({ maxStates: 3, maxNodes: 8 });
  const adversarial = jghmArbitrary({ maxStates: 3, maxNodes: 7, zeros: true });

  fcTest.prop([models, fc.constantFrom<Modality>('image', 'text'), fc.nat()], { numRuns: 80 })(
    'root posteriors, masked leaf marginals and cross-modal conditioning (1e-10)',
    (model, modality, seed) => {
      const S = model.states;
      const { leaves, other, mask } = scenario(model, modality, seed);
      const ev = observedEvidence(S, leaves, mask);
      const otherModality: Modality = modality === 'image' ? 'text' : 'image';
      const msg = rootMessageOf(model, otherModality, other);
      const bf = bruteForceInference(model, modality, ev.data, msg);
      expect(maxAbsDifference(rootPosteriorsFromEvidence(model, modality, ev, msg), bf.rootPosterior)).toBeLessThan(TOL);
      expect(maxAbsDifference(leafMarginals(model, modality, ev, msg), bf.leafMarginals)).toBeLessThan(TOL);
      const bf0 = bruteForceInference(model, modality, ev.data);
      expect(maxAbsDifference(rootPosteriorsFromEvidence(model, modality, ev), bf0.rootPosterior)).toBeLessThan(TOL);
      // log-likelihood of the evidence: scaled BP vs brute force
      const up = upward(model, modality, ev);
      for (let s = 0; s < S; s++) {
        const lik = up.rootLikelihood[s] * Math.exp(up.logScale[0]);
        expect(Math.abs(lik - bf0.rootLikelihood[s])).toBeLessThan(TOL * Math.max(1, bf0.rootLikelihood[s]));
      }
    },
  );

  fcTest.prop([models, fc.constantFrom<Modality>('image', 'text'), fc.nat()], { numRuns: 60 })(
    'posterior means of noisy leaves (CDM denoiser), with and without the other modality (1e-10)',
    (model, modality, seed) => {
      const S = model.states;
      const { leaves, other, z } = scenario(model, modality, seed);
      const ev = gaussianEvidence(S, leaves.leaves, z, 0.8);
      const msg = rootMessageOf(model, modality === 'image' ? 'text' : 'image', other);
      for (const m of [undefined, msg]) {
        const bf = bruteForceInference(model, modality, ev.data, m);
        expect(maxAbsDifference(posteriorMeans(S, leafMarginals(model, modality, ev, m)), posteriorMeans(S, bf.leafMarginals))).toBeLessThan(TOL);
      }
    },
  );

  fcTest.prop([adversarial, fc.nat()], { numRuns: 60 })('adversarial kernels with exact zeros (leaves drawn from the model)', (model, seed) => {
    const { leaves } = scenario(model, 'image', seed);
    const ev = observedEvidence(model.states, leaves);
    const bf = bruteForceInference(model, 'image', ev.data);
    expect(maxAbsDifference(rootPosteriorsFromEvidence(model, 'image', ev), bf.rootPosterior)).toBeLessThan(TOL);
    expect(maxAbsDifference(leafMarginals(model, 'image', ev), bf.leafMarginals)).toBeLessThan(TOL);
  });
});

describe('golden toy (theory.md §10.0)', () => {
  const toy = loadReferenceToy('toy-jghm');
  const expected = loadReferenceExpected('toy-jghm');
  const im = leafBatchOf(3, 4, [[0, 1, 2, 0]]);
  const tx = leafBatchOf(3, 4, [[1, 1, 0, 2]]);

  it('root posteriors to 1e-9', () => {
    expect(maxAbsDifference(rootPosteriorsFromEvidence(toy, 'image', observedEvidence(3, im)), expected.rootPosterior.image)).toBeLessThan(1e-9);
    expect(maxAbsDifference(rootPosteriorsFromEvidence(toy, 'text', observedEvidence(3, tx)), expected.rootPosterior.text)).toBeLessThan(1e-9);
  });

  it('CDM posterior means E[x_im | z] and E[x_im | z, x_tx] to 1e-9', () => {
    const ev = gaussianEvidence(3, 4, new Float64Array([0.3, 1.7, 2.2, -0.4]), 1);
    expect(maxAbsDifference(posteriorMeans(3, leafMarginals(toy, 'image', ev)), [0.8277620781, 1.7311452753, 1.8457119424, 0.1557182151])).toBeLessThan(1e-9);
    const cond = posteriorMeans(3, leafMarginals(toy, 'image', ev, rootMessageOf(toy, 'text', tx)));
    expect(maxAbsDifference(cond, [0.2737826372, 1.1619726858, 1.6010486497, 0.5819608159])).toBeLessThan(1e-9);
  });
});

describe('structural properties', () => {
  fcTest.prop([jghmArbitrary({ maxStates: 4 }), fc.nat()], { numRuns: 40 })('relabelling states permutes the posteriors', (model, seed) => {
    const S = model.states;
    const rng = Rng.fromSeed(seed);
    const perm = rng.permutation(S); // new label of old state s is perm[s]
    const relabelTree = (tree: typeof model.image) =>
      makeTree(
        S,
        tree.branching,
        tree.kernels.map((flat) => {
          const out: Float64Array[] = [];
          for (let k = 0; k < flat.length / (S * S); k++) {
            const m = new Float64Array(S * S);
            for (let a = 0; a < S; a++) for (let b = 0; b < S; b++) m[perm[a] * S + perm[b]] = flat[k * S * S + a * S + b];
            out.push(m);
          }
          return out;
        }),
        tree.translationInvariant,
      );
    const prior = new Float64Array(S);
    for (let s = 0; s < S; s++) prior[perm[s]] = model.rootPrior[s];
    const relabelled = makeJghm(S, prior, relabelTree(model.image), relabelTree(model.text));
    const batch = sampleMarginal(model, 'image', 3, rng.split('x'));
    const mapped = { ...batch, data: batch.data.map((v) => perm[v]) };
    const a = rootPosteriorsFromEvidence(model, 'image', observedEvidence(S, batch));
    const b = rootPosteriorsFromEvidence(relabelled, 'image', observedEvidence(S, mapped));
    for (let i = 0; i < 3; i++) for (let s = 0; s < S; s++) expect(Math.abs(a[i * S + s] - b[i * S + perm[s]])).toBeLessThan(1e-12);
  });

  fcTest.prop([jghmArbitrary(), fc.nat()], { numRuns: 30 })('batch and single-sample results agree exactly', (model, seed) => {
    const S = model.states;
    const batch = sampleMarginal(model, 'text', 5, Rng.fromSeed(seed));
    const ev = gaussianEvidence(S, batch.leaves, Float64Array.from(batch.data, (v, i) => v + Math.sin(i)), 1);
    const all = leafMarginals(model, 'text', ev);
    const T = batch.leaves;
    for (let i = 0; i < 5; i++) {
      const one = leafMarginals(model, 'text', { n: 1, leaves: T, data: ev.data.slice(i * T * S, (i + 1) * T * S) });
      expect(Array.from(one)).toEqual(Array.from(all.slice(i * T * S, (i + 1) * T * S)));
    }
  });

  it('rejects evidence of the wrong size, naming the function', () => {
    const toy = loadReferenceToy('toy-jghm');
    expect(() => upward(toy, 'image', { n: 1, leaves: 3, data: new Float64Array(9) })).toThrow(/upward: evidence has 3 leaves/);
    expect(() => gaussianEvidence(3, 4, new Float64Array(4), 0)).toThrow(/sigma/);
  });
});
