import { describe, expect, it } from 'vitest';
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { jghmArbitrary } from '../../properties/arbitraries/jghm-arbitrary.js';
import { exactTables, jointTable, pmiTable } from '../../theory/exact-tables.js';
import { encoderFromName, leafEncoder, rootMapEncoder, rootPosteriorEncoder } from '../../theory/encoders.js';
import {
  bestEncoderSimilarity,
  encoderConditional,
  encodersMutualInformation,
  encodersPmiSimilarity,
  expectedKlToEncoderConditional,
  mutualInformation,
  pairPmi,
  sufficiency,
  sufficiencyBregman,
  sufficiencyKl,
  zeroShotBayesCrossEntropy,
  zeroShotClassifier,
  zeroShotExcess,
} from '../../theory/information.js';
import { exactClipLoss, exactOneDirectionLoss, infiniteKLoss } from '../../theory/clip-loss-exact.js';
import { exactSummary } from '../../theory/exact-summary.js';
import { EnumerationTooLargeError } from '../../theory/enumeration.js';
import { generatePreset } from '../../theory/generators.js';
import { loadReferenceExpected, loadReferenceToy } from '../../properties/data/reference-toys.js';

const toy = loadReferenceToy('toy-jghm');
const t = exactTables(toy);
const G = 1e-9;

describe('golden values of theory.md §10.0', () => {
  it('mutual information, PMI both ways, ZSC Bayes cross-entropy', () => {
    expect(Math.abs(mutualInformation(t) - 0.605990923384501)).toBeLessThan(G);
    const p = pairPmi(toy, [0, 1, 2, 0], [1, 1, 0, 2]);
    expect(Math.abs(p.direct - 0.8570694805882)).toBeLessThan(G);
    expect(Math.abs(p.closedForm - 0.8570694805882)).toBeLessThan(G);
    expect(Math.abs(zeroShotBayesCrossEntropy(t) - 0.6174676028013106)).toBeLessThan(G);
  });

  it('Bayes CLIP losses K = 2, 3 (symmetric and one direction)', () => {
    const k2 = exactClipLoss(t, 2);
    const k3 = exactClipLoss(t, 3);
    expect(Math.abs(k2.symmetric - 0.837229358788915)).toBeLessThan(G);
    expect(Math.abs(k2.imageAnchor - 0.4182649861063209)).toBeLessThan(G);
    expect(Math.abs(k3.symmetric - 1.4318037368049479)).toBeLessThan(G);
    expect(Math.abs(k3.imageAnchor - 0.7155880827593554)).toBeLessThan(G);
  });

  it('sufficiency, the (T2) excess of the best E-measurable similarity and its gap G_K', () => {
    const E = leafEncoder(t, 'image', 0);
    const F = leafEncoder(t, 'text', 1);
    expect(Math.abs(sufficiency(t, E) - 0.3035354989416223)).toBeLessThan(G);
    expect(Math.abs(sufficiency(t, F) - 0.19896470704859281)).toBeLessThan(G);
    const pmi = pmiTable(t);
    const SE = bestEncoderSimilarity(t, E);
    const ex2 = exactOneDirectionLoss(t, SE, 2, 'image') - exactOneDirectionLoss(t, pmi, 2, 'image');
    const ex3 = exactOneDirectionLoss(t, SE, 3, 'image') - exactOneDirectionLoss(t, pmi, 3, 'image');
    expect(Math.abs(ex2 - 0.13327666796462212)).toBeLessThan(G);
    expect(Math.abs(ex3 - 0.18898840524405325)).toBeLessThan(G);
    expect(Math.abs(sufficiency(t, E) - ex2 - 0.17025883097700018)).toBeLessThan(G);
    expect(Math.abs(sufficiency(t, E) - ex3 - 0.11454709369756905)).toBeLessThan(G);
    const exInf = infiniteKLoss(t, SE).imageAnchor - infiniteKLoss(t, pmi).imageAnchor;
    expect(Math.abs(exInf - 0.3035354989416223)).toBeLessThan(G);
  });

  it('encoder-pair quantities and ZSC excess of S_E', () => {
    const E = leafEncoder(t, 'image', 0);
    const F = leafEncoder(t, 'text', 1);
    expect(Math.abs(encodersMutualInformation(t, E, F) - 0.20936494649989607)).toBeLessThan(G);
    const sym = infiniteKLoss(t, encodersPmiSimilarity(t, E, F)).symmetric - infiniteKLoss(t, pmiTable(t)).symmetric;
    expect(Math.abs(sym - 0.7932519537692)).toBeLessThan(G);
    const zsc = zeroShotExcess(t, zeroShotClassifier(t, bestEncoderSimilarity(t, E)));
    expect(Math.abs(zsc.kl - 0.20647568042649445)).toBeLessThan(G);
  });

  it('exactSummary reproduces toy-jghm.expected.json and the symmetric variant', () => {
    for (const [name, opts] of [
      ['toy-jghm', { imageLeaves: [0, 1, 2, 0], textLeaves: [1, 1, 0, 2], encoders: ['image:leaf:0', 'text:leaf:1', 'image:root-map', 'image:root-posterior'], k: [2, 3] }],
      ['toy-jghm-symmetric', { encoders: ['image:root-posterior', 'image:root-map'], k: [2] }],
    ] as const) {
      const s = exactSummary(loadReferenceToy(name), opts) as unknown as Record<string, unknown>;
      const e = loadReferenceExpected(name);
      const cmp = (a: unknown, b: unknown, path: string): void => {
        if (typeof b === 'number') expect(Math.abs((a as number) - b), path).toBeLessThan(G);
        else if (b && typeof b === 'object') for (const k of Object.keys(b)) cmp((a as Record<string, unknown>)?.[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      };
      for (const key of ['mutualInformation', 'bayesClipLoss', 'bayesClipLossByDirection', 'rootPosterior', 'pmi', 'sufficiency', 'zeroShotBayesCrossEntropy', 'diagnostics']) {
        cmp(s[key], e[key], key);
      }
    }
    const sym = exactTables(loadReferenceToy('toy-jghm-symmetric'));
    expect(rootPosteriorEncoder(sym, 'image').count).toBe(21);
  });

  it('refuses enumerations that are too large, naming the limit', () => {
    const paper = generatePreset('paper', { p: 0.2, seed: 1 });
    expect(() => exactTables(paper)).toThrow(EnumerationTooLargeError);
    expect(() => exactTables(paper)).toThrow(/limit of 20000/);
    expect(() => exactClipLoss(t, 3, undefined, { maxTuples: 1000 })).toThrow(/maxTuples|limit of 1000/);
    expect(() => encoderFromName(t, 'image:leaf:9')).toThrow(/encoder/);
    expect(() => encoderFromName(t, 'sound:leaf:0')).toThrow(/encoder/);
  });
});

describe('identities on random models', () => {
  const models = jghmArbitrary({ maxConfigurations: 200, maxLeaves: 4 });
  fcTest.prop([models, fc.nat({ max: 3 }), fc.constantFrom('image', 'text' as const)], { numRuns: 40 })(
    'the forms of sufficiency agree; p(y|E) minimises the variational form; the root posterior is sufficient',
    (model, which, modality) => {
      const tt = exactTables(model);
      const tree = modality === 'image' ? model.image : model.text;
      const encs = [leafEncoder(tt, modality, which % tree.leaves), rootMapEncoder(tt, modality), rootPosteriorEncoder(tt, modality)];
      const mi = mutualInformation(tt);
      for (const e of encs) {
        const a = sufficiency(tt, e, mi);
        expect(Math.abs(sufficiencyKl(tt, e) - a)).toBeLessThan(1e-10);
        expect(Math.abs(sufficiencyBregman(tt, e) - a)).toBeLessThan(1e-10);
        expect(a).toBeGreaterThan(-1e-12);
        const q = encoderConditional(tt, e);
        expect(Math.abs(expectedKlToEncoderConditional(tt, e, q) - a)).toBeLessThan(1e-10);
        const flat = new Float64Array(q.length).fill(1 / (modality === 'image' ? tt.ny : tt.nx));
        expect(expectedKlToEncoderConditional(tt, e, flat)).toBeGreaterThanOrEqual(a - 1e-12);
      }
      expect(Math.abs(sufficiency(tt, encs[2], mi))).toBeLessThan(1e-10);
    },
  );

  fcTest.prop([models], { numRuns: 30 })('MI equals the sum over the materialised joint table', (model) => {
    const tt = exactTables(model);
    const J = jointTable(tt);
    let mi = 0;
    for (let x = 0; x < tt.nx; x++) for (let y = 0; y < tt.ny; y++) if (J[x * tt.ny + y] > 0) mi += J[x * tt.ny + y] * Math.log(J[x * tt.ny + y] / (tt.px[x] * tt.py[y]));
    expect(Math.abs(mi - mutualInformation(tt))).toBeLessThan(1e-12);
  });
});
