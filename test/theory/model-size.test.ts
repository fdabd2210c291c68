/**
 * theory/model-size.ts: the sizes computed from the shape alone equal what a built model actually holds (the slow
 * twin: generate the model and count), they never overflow, and the messages never say Infinity.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TEST_SEED } from '../setup.js';
import { generatePaperJghm } from '../../theory/generators.js';
import { MODALITIES, treeOf } from '../../theory/model.js';
import {
  describeCells,
  formatCount,
  formatLeafConfigurations,
  leafConfigurationsExceed,
  log10BigInt,
  modelSize,
  treeSize,
} from '../../theory/model-size.js';

const SEED = TEST_SEED;

describe('model size from the shape', () => {
  it('equals the counts of the built model (random small shapes)', () => {
    console.log(`model-size: fast-check seed ${SEED}`);
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }),
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        (S, ib, tb, perEdge) => {
          const model = generatePaperJghm({ states: S, imageBranching: ib, textBranching: tb, p: 0.2, perEdge, seed: 1 });
          const size = modelSize(S, { branching: ib, perEdge }, { branching: tb, perEdge });
          let cells = S;
          for (const m of MODALITIES) {
            const tree = treeOf(model, m);
            const t = size[m];
            const nodes = tree.layerSizes.slice(1).reduce((a, b) => a + b, 0);
            const kernelEntries = tree.kernels.reduce((a, k) => a + k.length, 0);
            expect(t.leaves).toBe(BigInt(tree.leaves));
            expect(t.nodes).toBe(BigInt(nodes));
            expect(t.kernelEntries).toBe(BigInt(kernelEntries));
            expect(t.kernels).toBe(BigInt(kernelEntries / (S * S)));
            expect(t.cells).toBe(BigInt(kernelEntries + nodes * S));
            cells += kernelEntries + nodes * S;
          }
          expect(size.cells).toBe(BigInt(cells));
        },
      ),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('does not overflow on huge shapes', () => {
    const t = treeSize(3, { branching: [100000, 100000], perEdge: false });
    expect(t.leaves).toBe(10_000_000_000n);
    expect(t.nodes).toBe(10_000_100_000n);
    expect(t.kernels).toBe(200_000n);
    const huge = treeSize(10, { branching: Array(40).fill(1000), perEdge: true });
    expect(huge.leaves).toBe(10n ** 120n);
    expect(formatCount(huge.cells)).toBe('≈1.10·10^122'); // 1.001·10^120 kernels × 100 + 1.001·10^120 nodes × 10
    expect(() => treeSize(3, { branching: [2, 0], perEdge: false })).toThrow(RangeError);
  });

  it('formats counts and powers readably, never Infinity', () => {
    expect(formatCount(1_048_576n)).toBe('1 048 576');
    expect(formatCount(6_000_000_000n)).toBe('≈6.00·10^9');
    expect(formatCount(9_999_999_999n)).toBe('≈10^10');
    expect(log10BigInt(10n ** 400n)).toBeCloseTo(400, 12);
    expect(formatLeafConfigurations(3, 4n)).toBe('3^4 = 81');
    expect(formatLeafConfigurations(3, 1_048_576n)).toBe('3^1 048 576 ≈ 7.88·10^500 297'); // 1 048 576 · log10 3 = 500 297.8968 (50-digit decimal)
    expect(formatLeafConfigurations(2, 10_000_000_000n)).toBe('2^10 000 000 000 ≈ 10^3 010 299 957');
    expect(formatLeafConfigurations(10, 81n)).toBe('10^81 ≈ 1.00·10^81');
    expect(formatLeafConfigurations(2, 10_000_000_000n)).not.toContain('Infinity');
    const size = modelSize(3, { branching: [1000, 1000, 1000], perEdge: false }, { branching: [1000, 1000, 1000], perEdge: false });
    expect(describeCells(3, size)).toBe('≈6.01·10^9 cells (S = 3; image: ≈1.00·10^9 nodes, 3 000 kernels; text: ≈1.00·10^9 nodes, 3 000 kernels)');
  });

  it('compares S^leaves with a limit exactly near the boundary', () => {
    expect(leafConfigurationsExceed(3, 4n, 81)).toBe(false);
    expect(leafConfigurationsExceed(3, 4n, 80)).toBe(true);
    expect(leafConfigurationsExceed(10, 5n, 100_000)).toBe(false);
    expect(leafConfigurationsExceed(10, 5n, 99_999)).toBe(true);
    expect(leafConfigurationsExceed(2, 1_048_576n, 1e300)).toBe(true);
    expect(leafConfigurationsExceed(2, 1n, 2)).toBe(false);
  });
});
