import { describe, expect, it } from 'vitest';
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { jghmArbitrary } from '../../properties/arbitraries/jghm-arbitrary.js';
import { observedEvidence, rootPosteriorsFromEvidence } from '../../theory/belief-propagation.js';
import { bruteForceInference } from '../../theory/enumeration.js';
import { generatePreset } from '../../theory/generators.js';
import { type Jghm, MODALITIES, type Modality, makeJghm, makeTree } from '../../theory/model.js';
import { Rng } from '../../theory/random.js';
import { type LeafBatch, leafBatchOf, leafRow, samplePairs } from '../../theory/sampling.js';
import {
  type RootPosteriorPlanOptions,
  buildRootPosteriorPlan,
  rootPosteriorPlan,
  rootPosteriors,
  rootPosteriorsWithPlan,
} from '../../theory/root-posterior-fast.js';
import { rootPosteriorSource } from '../../theory/root-posterior-codegen.js';
import { loadReferenceExpected, loadReferenceToy } from '../../properties/data/reference-toys.js';
import { maxAbsDifference } from '../../properties/engine/max-difference.js';
import { TEST_SEED } from '../setup.js';

/** Contract of the fast path against its slow twin (belief-propagation.ts): max abs difference. */
const TOL = 1e-12;

function slowPosteriors(model: Jghm, modality: Modality, leaves: LeafBatch): Float64Array {
  return rootPosteriorsFromEvidence(model, modality, observedEvidence(model.states, leaves));
}

/**
 * Every kernel of the fast path: the default (WebAssembly SIMD for byte leaves with tables), the same leaves as
 * 16-bit values (no WebAssembly), generated JavaScript with and without tables, the generic kernel with and without.
 */
function allVariants(model: Jghm, modality: Modality, leaves: LeafBatch): Float64Array[] {
  const variant = (o: RootPosteriorPlanOptions) => rootPosteriorsWithPlan(buildRootPosteriorPlan(model, modality, o), leaves, undefined, modality);
  return [
    rootPosteriors(model, modality, leaves),
    rootPosteriors(model, modality, { ...leaves, data: Uint16Array.from(leaves.data) }),
    variant({ wasm: false }),
    variant({ wasm: false, tables: false }),
    variant({ wasm: false, generate: false }),
    variant({ wasm: false, generate: false, tables: false }),
  ];
}

/** Same bits everywhere (NaN equals NaN): the variants perform the same operations in the same order. */
function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function leavesOf(model: Jghm, modality: Modality, n: number, seed: number): LeafBatch {
  const pairs = samplePairs(model, n, Rng.fromSeed(seed).split('root-posterior-fast'));
  return modality === 'image' ? pairs.image : pairs.text;
}

describe('fast root posteriors equal generic belief propagation', () => {
  // states 2..5, depth 1..4, branching 1..4 per layer and per tree (≤ 64 leaves), invariant or per-edge kernels with
  // exact zeros (and, from fc.double, subnormal entries), non-uniform prior; leaves sampled from the model.
  const models = jghmArbitrary({
    minStates: 2,
    maxStates: 5,
    maxDepth: 4,
    maxBranching: 4,
    maxLeaves: 64,
    maxNodes: 100,
    maxConfigurations: Infinity,
    zeros: true,
  });

  fcTest.prop([models, fc.nat()], { numRuns: 60 })('random models, both trees, every kernel variant (1e-12)', (model, seed) => {
    for (const modality of MODALITIES) {
      const leaves = leavesOf(model, modality, 13, seed); // odd: the SIMD kernel pads the last pair
      const slow = slowPosteriors(model, modality, leaves);
      const variants = allVariants(model, modality, leaves);
      for (const fast of variants) {
        expect(maxAbsDifference(fast, slow)).toBeLessThanOrEqual(TOL);
        expect(sameBits(fast, variants[0])).toBe(true);
      }
      for (let i = 0; i < leaves.n; i++) {
        let sum = 0;
        for (let s = 0; s < model.states; s++) sum += variants[0][i * model.states + s];
        expect(Math.abs(sum - 1)).toBeLessThanOrEqual(1e-12);
      }
    }
  });

  fcTest.prop([jghmArbitrary({ maxStates: 3, maxNodes: 8, zeros: true }), fc.nat()], { numRuns: 40 })(
    'small random models equal brute-force enumeration (1e-12)',
    (model, seed) => {
      for (const modality of MODALITIES) {
        const leaves = leavesOf(model, modality, 4, seed);
        const fast = rootPosteriors(model, modality, leaves);
        const S = model.states;
        for (let i = 0; i < leaves.n; i++) {
          const ev = observedEvidence(S, { n: 1, leaves: leaves.leaves, data: leafRow(leaves, i) }).data;
          const brute = bruteForceInference(model, modality, ev).rootPosterior;
          expect(maxAbsDifference(fast.subarray(i * S, (i + 1) * S), brute)).toBeLessThanOrEqual(TOL);
        }
      }
    },
  );

  for (const p of [0.2, 0]) {
    it(`paper preset at p = ${p} (81 leaves, S = 10${p === 0 ? ', permutation kernels: exact zeros' : ''})`, () => {
      const model = generatePreset('paper', { p, seed: TEST_SEED });
      const pairs = samplePairs(model, 300, Rng.fromSeed(TEST_SEED).split(`paper-${p}`));
      for (const modality of MODALITIES) {
        const leaves = modality === 'image' ? pairs.image : pairs.text;
        const slow = slowPosteriors(model, modality, leaves);
        const variants = allVariants(model, modality, leaves);
        // the fastest paths are the ones tested
        expect(rootPosteriorPlan(model, modality).wasm).not.toBeNull();
        expect(rootPosteriorPlan(model, modality).source).not.toBeNull();
        expect(rootPosteriorPlan(model, modality).useTables).toBe(1);
        for (const fast of variants) {
          expect(maxAbsDifference(fast, slow)).toBeLessThanOrEqual(TOL);
          expect(sameBits(fast, variants[0])).toBe(true);
        }
        if (p === 0) {
          // a deterministic tree determines its root: posteriors are one-hot at the sampled root
          for (let i = 0; i < 50; i++) expect(variants[0][i * model.states + pairs.roots[i]]).toBe(1);
        }
      }
    });
  }

  it('impossible leaves give a NaN row, like the generic pass', () => {
    const model = generatePreset('paper', { p: 0, seed: TEST_SEED });
    const rng = Rng.fromSeed(TEST_SEED).split('impossible');
    const rows = Array.from({ length: 20 }, () => Array.from({ length: 81 }, () => rng.int(10)));
    const leaves = leafBatchOf(10, 81, rows);
    const slow = slowPosteriors(model, 'image', leaves);
    const fast = rootPosteriors(model, 'image', leaves);
    expect(Number.isNaN(fast[0])).toBe(true); // uniform random leaves are impossible under a deterministic tree
    expect(sameBits(fast, slow)).toBe(true);
  });
});

describe('scaling: no underflow with 81 leaves and tiny kernel entries', () => {
  it('posteriors stay finite and equal generic BP where unscaled products would underflow', () => {
    const S = 3;
    const eps = 1e-120;
    const tiny = Float64Array.from([1 - 2 * eps, eps, eps, eps, 1 - 2 * eps, eps, eps, eps, 1 - 2 * eps]);
    const branching = [3, 3, 3, 3];
    const kernels = branching.map((m) => Array.from({ length: m }, () => tiny));
    const tree = makeTree(S, branching, kernels, true);
    const model = makeJghm(S, [0.5, 0.3, 0.2], tree, tree);
    // every other leaf disagrees with its neighbours: p(leaves | root) ~ eps^40 = 1e-4800 for every root
    const row = Array.from({ length: 81 }, (_, t) => t % 3);
    const leaves = leafBatchOf(S, 81, [row, row.map((v) => (v + 1) % 3), Array(81).fill(2)]);
    const fast = rootPosteriors(model, 'image', leaves);
    expect(fast.every(Number.isFinite)).toBe(true);
    expect(maxAbsDifference(fast, slowPosteriors(model, 'image', leaves))).toBeLessThanOrEqual(TOL);
    expect(fast[2 * S + 2]).toBeCloseTo(1, 12); // all leaves 2: the root is 2
  });
});

describe('golden toy (theory.md §10.0)', () => {
  it('image leaves (0,1,2,0) and text leaves (1,1,0,2) reproduce the reference posteriors to 1e-9', () => {
    const model = loadReferenceToy('toy-jghm');
    const expected = loadReferenceExpected('toy-jghm');
    const image = rootPosteriors(model, 'image', leafBatchOf(3, 4, [[0, 1, 2, 0]]));
    expect(maxAbsDifference(image, [0.0482304482, 0.786565743, 0.1652038088])).toBeLessThanOrEqual(1e-9);
    expect(maxAbsDifference(image, expected.rootPosterior.image)).toBeLessThanOrEqual(1e-9);
    const text = rootPosteriors(model, 'text', leafBatchOf(3, 4, [[1, 1, 0, 2]]));
    expect(maxAbsDifference(text, expected.rootPosterior.text)).toBeLessThanOrEqual(1e-9);
  });
});

describe('batching and outputs', () => {
  it('a batch equals its rows computed one at a time, and `out` is filled in place', () => {
    const model = generatePreset('small', { p: 0.3, seed: TEST_SEED });
    for (const modality of MODALITIES) {
      const leaves = leavesOf(model, modality, 40, TEST_SEED);
      const out = new Float64Array(leaves.n * model.states);
      const batch = rootPosteriors(model, modality, leaves, out);
      expect(batch).toBe(out);
      for (let i = 0; i < leaves.n; i++) {
        const one = rootPosteriors(model, modality, { n: 1, leaves: leaves.leaves, data: leafRow(leaves, i) });
        expect(sameBits(one, batch.subarray(i * model.states, (i + 1) * model.states))).toBe(true);
      }
    }
  });

  it('batches crossing the SIMD kernel chunk (1024 rows), odd sizes, equal the generic kernel bit for bit', () => {
    const model = generatePreset('small', { p: 0.3, seed: TEST_SEED });
    const generic = buildRootPosteriorPlan(model, 'text', { wasm: false, generate: false });
    expect(rootPosteriorPlan(model, 'text').wasm).not.toBeNull();
    for (const n of [1, 2, 1023, 1025, 2049]) {
      const leaves = leavesOf(model, 'text', n, TEST_SEED + n);
      expect(sameBits(rootPosteriors(model, 'text', leaves), rootPosteriorsWithPlan(generic, leaves, undefined, 'text'))).toBe(true);
    }
  });

  it('an empty batch gives an empty result', () => {
    const model = generatePreset('small', { p: 0.3, seed: TEST_SEED });
    expect(rootPosteriors(model, 'image', leafBatchOf(3, 4, [])).length).toBe(0);
  });

  it('plans are cached per tree and large trees fall back to the generic kernel', () => {
    const model = generatePreset('paper', { p: 0.2, seed: TEST_SEED });
    expect(rootPosteriorPlan(model, 'image')).toBe(rootPosteriorPlan(model, 'image'));
    // 10 states, 6 children at the bottom: 10^6 tuples exceed the table limit; depth 3 × 6^3 leaves: no codegen
    const big = generatePreset('paper', { p: 0.2, seed: TEST_SEED });
    const S = big.states;
    const k = big.image.kernels[0].subarray(0, S * S);
    const tree = makeTree(S, [6, 6, 6], [Array(6).fill(k), Array(6).fill(k), Array(6).fill(k)], true);
    const model2 = makeJghm(S, big.rootPrior, tree, tree);
    const plan = buildRootPosteriorPlan(model2, 'image');
    expect(plan.useTables).toBe(0);
    const leaves = leavesOf(model2, 'image', 30, TEST_SEED);
    expect(maxAbsDifference(rootPosteriors(model2, 'image', leaves), slowPosteriors(model2, 'image', leaves))).toBeLessThanOrEqual(TOL);
    expect(rootPosteriorSource(buildRootPosteriorPlan(model2, 'image', { tables: false }))).not.toBeNull(); // split into units
  });
});

describe('bad input', () => {
  const model = generatePreset('small', { p: 0.3, seed: TEST_SEED });
  it('leaf count mismatch throws a RangeError naming `leaves`', () => {
    expect(() => rootPosteriors(model, 'image', leafBatchOf(3, 3, [[0, 1, 2]]))).toThrow(RangeError);
    expect(() => rootPosteriors(model, 'image', leafBatchOf(3, 3, [[0, 1, 2]]))).toThrow(/rootPosteriors: leaves has 3 leaves.*4/);
  });
  it('leaf values out of range throw a RangeError naming `leaves` and the row', () => {
    const data = new Uint8Array([0, 1, 2, 0, 0, 1, 7, 0]);
    expect(() => rootPosteriors(model, 'text', { n: 2, leaves: 4, data })).toThrow(/rootPosteriors: leaves\.data row 1 leaf 2 is 7/);
    expect(() =>
      rootPosteriorsWithPlan(buildRootPosteriorPlan(model, 'text', { generate: false, tables: false }), { n: 2, leaves: 4, data }),
    ).toThrow(RangeError);
  });
  it('short data, a wrong `out` and an unknown modality throw RangeErrors naming them', () => {
    expect(() => rootPosteriors(model, 'image', { n: 3, leaves: 4, data: new Uint8Array(8) })).toThrow(/leaves\.data has 8 values/);
    expect(() => rootPosteriors(model, 'image', leafBatchOf(3, 4, [[0, 1, 2, 0]]), new Float64Array(2))).toThrow(/out must be/);
    expect(() => rootPosteriors(model, 'audio' as Modality, leafBatchOf(3, 4, [[0, 1, 2, 0]]))).toThrow(/modality/);
  });
});
