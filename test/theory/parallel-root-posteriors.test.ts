import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jghmArbitrary } from '../../properties/arbitraries/jghm-arbitrary.js';
import { generatePreset } from '../../theory/generators.js';
import { MODALITIES } from '../../theory/model.js';
import { Rng } from '../../theory/random.js';
import { leafBatchOf, samplePairs } from '../../theory/sampling.js';
import { rootPosteriors } from '../../theory/root-posterior-fast.js';
import { type RootPosteriorPool, createRootPosteriorPool } from '../../theory/parallel-root-posteriors.js';
import { TEST_SEED } from '../setup.js';

function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

const pools: RootPosteriorPool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

describe('root posterior pool', () => {
  const model = generatePreset('paper', { p: 0.2, seed: TEST_SEED });
  const pairs = samplePairs(model, 2000, Rng.fromSeed(TEST_SEED).split('pool'));

  it('equals the serial fast path bit for bit (2 threads, small chunks so both threads share every batch)', async () => {
    const pool = createRootPosteriorPool(model, { threads: 2, chunk: 16 });
    pools.push(pool);
    expect(pool.threads).toBe(2);
    for (const modality of MODALITIES) {
      const leaves = modality === 'image' ? pairs.image : pairs.text;
      const serial = rootPosteriors(model, modality, leaves);
      for (let rep = 0; rep < 3; rep++) expect(sameBits(await pool.rootPosteriors(modality, leaves), serial)).toBe(true);
    }
    // requests issued together are queued and each gets its own answer
    const [a, b] = await Promise.all([pool.rootPosteriors('image', pairs.image), pool.rootPosteriors('text', pairs.text)]);
    expect(sameBits(a, rootPosteriors(model, 'image', pairs.image))).toBe(true);
    expect(sameBits(b, rootPosteriors(model, 'text', pairs.text))).toBe(true);
  });

  it('a worker equals the serial path on random models (generic kernel and generated code alike)', async () => {
    const models = fc.sample(
      jghmArbitrary({ minStates: 2, maxStates: 5, maxDepth: 4, maxBranching: 4, maxLeaves: 64, maxNodes: 100, maxConfigurations: Infinity, zeros: true }),
      { numRuns: 4, seed: TEST_SEED },
    );
    for (const [k, m] of models.entries()) {
      const p = samplePairs(m, 200, Rng.fromSeed(TEST_SEED).split(`random-${k}`));
      for (const generate of [true, false]) {
        const pool = createRootPosteriorPool(m, { threads: 1, callerComputes: false, chunk: 8, generate });
        pools.push(pool);
        for (const modality of MODALITIES) {
          const leaves = modality === 'image' ? p.image : p.text;
          expect(sameBits(await pool.rootPosteriors(modality, leaves), rootPosteriors(m, modality, leaves))).toBe(true);
        }
        await pool.close();
      }
    }
  });

  it('a worker alone (calling thread idle) computes the same bits', async () => {
    const pool = createRootPosteriorPool(model, { threads: 1, callerComputes: false, chunk: 64 });
    pools.push(pool);
    expect(pool.workers).toBe(1);
    for (const modality of MODALITIES) {
      const leaves = modality === 'image' ? pairs.image : pairs.text;
      expect(sameBits(await pool.rootPosteriors(modality, leaves), rootPosteriors(model, modality, leaves))).toBe(true);
    }
  });

  it('a one-thread pool runs without workers', async () => {
    const pool = createRootPosteriorPool(model, { threads: 1 });
    pools.push(pool);
    expect(pool.workers).toBe(0);
    expect(sameBits(await pool.rootPosteriors('image', pairs.image), rootPosteriors(model, 'image', pairs.image))).toBe(true);
  });

  it('bad input rejects with RangeErrors naming the argument; a closed pool rejects', async () => {
    expect(() => createRootPosteriorPool(model, { threads: 0 })).toThrow(/threads/);
    const pool = createRootPosteriorPool(model, { threads: 2, chunk: 8 });
    pools.push(pool);
    await expect(pool.rootPosteriors('image', leafBatchOf(10, 3, [[0, 1, 2]]))).rejects.toThrow(/leaves has 3 leaves/);
    const data = new Uint8Array(pairs.image.data.subarray(0, 500 * 81));
    data[321 * 81 + 5] = 10;
    data[400 * 81 + 7] = 12;
    // the first bad value is reported, whichever thread met it
    await expect(pool.rootPosteriors('image', { n: 500, leaves: 81, data })).rejects.toThrow(/row 321 leaf 5 is 10/);
    // the pool still works afterwards
    expect(sameBits(await pool.rootPosteriors('text', pairs.text), rootPosteriors(model, 'text', pairs.text))).toBe(true);
    await pool.close();
    await expect(pool.rootPosteriors('image', pairs.image)).rejects.toThrow(/closed/);
  });
});
