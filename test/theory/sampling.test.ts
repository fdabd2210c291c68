import { describe, expect, it } from 'vitest';
import { chiSquareGoodnessOfFit } from '../../properties/statistics/index.js';
import { exactTables } from '../../theory/exact-tables.js';
import { configurationIndex } from '../../theory/enumeration.js';
import { generateDirichletJghm } from '../../theory/generators.js';
import { pathKernel } from '../../theory/model.js';
import { Rng } from '../../theory/random.js';
import { leafBatchOf, leafRow, sampleMarginal, samplePairs } from '../../theory/sampling.js';
import { TEST_SEED } from '../setup.js';
import { loadReferenceToy } from '../../properties/data/reference-toys.js';

// Each chi-square test below has false-failure rate 1e-6 (pooled to expected counts ≥ 5); 4 tests → ≤ 4e-6 per run.
const RATE = 1e-6;

describe('sampled frequencies match exact probabilities (chi-square, false-fail 1e-6 each)', () => {
  const toy = loadReferenceToy('toy-jghm');
  const t = exactTables(toy);

  it('joint law of (image configuration, text configuration) on the toy, n = 40 000', () => {
    const n = 40_000;
    const pairs = samplePairs(toy, n, Rng.fromSeed(TEST_SEED).split('joint'));
    // cells: image config × text leaf 0 (81 × 3)
    const counts = new Float64Array(t.nx * 3);
    for (let i = 0; i < n; i++) counts[configurationIndex(3, leafRow(pairs.image, i)) * 3 + pairs.text.data[i * 4]] += 1;
    const T0 = pathKernel(toy, 'text', 0);
    const probs = new Float64Array(t.nx * 3);
    for (let x = 0; x < t.nx; x++) for (let c = 0; c < 3; c++) for (let s = 0; s < 3; s++) probs[x * 3 + c] += t.px[x] * t.postIm[x * 3 + s] * T0[s * 3 + c];
    const v = chiSquareGoodnessOfFit(counts, probs, { falseFailureRate: RATE });
    expect(v.passed, `chi-square p = ${v.pValue} (seed ${TEST_SEED})`).toBe(true);
  });

  it('text marginal from fresh roots, n = 30 000', () => {
    const batch = sampleMarginal(toy, 'text', 30_000, Rng.fromSeed(TEST_SEED).split('marginal'));
    const counts = new Float64Array(t.ny);
    for (let i = 0; i < batch.n; i++) counts[configurationIndex(3, leafRow(batch, i))] += 1;
    const v = chiSquareGoodnessOfFit(counts, t.py, { falseFailureRate: RATE });
    expect(v.passed, `chi-square p = ${v.pValue} (seed ${TEST_SEED})`).toBe(true);
  });

  it('per-edge Dirichlet model with a non-uniform prior: leaf configurations, n = 30 000', () => {
    const model = generateDirichletJghm({ states: 2, imageBranching: [2, 3], alpha: 0.7, priorAlpha: 1, perEdge: true, seed: TEST_SEED });
    const tt = exactTables(model);
    const batch = sampleMarginal(model, 'image', 30_000, Rng.fromSeed(TEST_SEED).split('dirichlet'));
    const counts = new Float64Array(tt.nx);
    for (let i = 0; i < batch.n; i++) counts[configurationIndex(2, leafRow(batch, i))] += 1;
    const v = chiSquareGoodnessOfFit(counts, tt.px, { falseFailureRate: RATE });
    expect(v.passed, `chi-square p = ${v.pValue} (seed ${TEST_SEED})`).toBe(true);
  });

  it('power: the same data against a wrong law (leaf kernel of another child) is rejected', () => {
    const batch = sampleMarginal(toy, 'text', 30_000, Rng.fromSeed(TEST_SEED).split('marginal'));
    const counts = new Float64Array(t.ny);
    for (let i = 0; i < batch.n; i++) counts[configurationIndex(3, leafRow(batch, i))] += 1;
    const wrong = Float64Array.from(t.py, (p, i) => t.py[(i + 1) % t.ny] * 0.5 + p * 0.5);
    expect(chiSquareGoodnessOfFit(counts, wrong, { falseFailureRate: RATE }).passed).toBe(false);
  });
});

describe('sampling API', () => {
  it('is deterministic in the seed and stream label', () => {
    const toy = loadReferenceToy('toy-jghm');
    const a = samplePairs(toy, 50, Rng.fromSeed(7));
    const b = samplePairs(toy, 50, Rng.fromSeed(7));
    const c = samplePairs(toy, 50, Rng.fromSeed(8));
    expect(Array.from(a.image.data)).toEqual(Array.from(b.image.data));
    expect(Array.from(a.image.data)).not.toEqual(Array.from(c.image.data));
    expect(a.image.data).toBeInstanceOf(Uint8Array);
  });

  it('validates explicit leaves, naming the field', () => {
    expect(() => leafBatchOf(3, 4, [[0, 1, 3, 0]], '--image-leaves')).toThrow(/--image-leaves: leaf 2 must be an integer in 0..2/);
    expect(() => leafBatchOf(3, 4, [[0, 1]], '--image-leaves')).toThrow(/expected 4 leaf values/);
  });
});
