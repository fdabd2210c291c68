import { describe, expect, it } from 'vitest';
import { test as fcTest } from '@fast-check/vitest';
import { jghmArbitrary } from '../../properties/arbitraries/jghm-arbitrary.js';
import { jghmToJson, parseJghm, parseJghmText } from '../../theory/model-format.js';
import { ModelError } from '../../theory/model.js';
import { generatePaperJghm, generatePreset } from '../../theory/generators.js';
import { loadReferenceToy } from '../../properties/data/reference-toys.js';

describe('jghm/v1 format', () => {
  fcTest.prop([jghmArbitrary({ zeros: true })], { numRuns: 30 })('round-trips exactly through JSON', (model) => {
    const again = parseJghmText(JSON.stringify(jghmToJson(model)));
    expect(jghmToJson(again)).toEqual(jghmToJson(model));
  });

  const base = () => jghmToJson(loadReferenceToy('toy-jghm')) as unknown as Record<string, any>;
  const cases: [string, (m: Record<string, any>) => unknown, RegExp][] = [
    ['wrong format tag', (m) => ({ ...m, format: 'jghm/v2' }), /^format: must be "jghm\/v1"/],
    ['states < 2', (m) => ({ ...m, states: 1 }), /^states: must be an integer ≥ 2/],
    ['prior not summing to 1', (m) => ({ ...m, rootPrior: [0.5, 0.3, 0.3] }), /^rootPrior: must sum to 1/],
    ['negative entry', (m) => { m.trees.image.kernels[0][0][0] = [-0.1, 0.6, 0.5]; return m; }, /^trees\.image\.kernels\[0\]\[0\]\[0\]\[0\]: must be non-negative/],
    ['NaN entry as string', (m) => { m.trees.text.kernels[1][1][2][1] = 'NaN'; return m; }, /^trees\.text\.kernels\[1\]\[1\]\[2\]\[1\]: must be a number/],
    ['row not summing to 1', (m) => { m.trees.text.kernels[1][1][2] = [0.5, 0.5, 0.1]; return m; }, /^trees\.text\.kernels\[1\]\[1\]\[2\]: must sum to 1/],
    ['wrong kernel count', (m) => { m.trees.image.kernels[1].pop(); return m; }, /^trees\.image\.kernels\[1\]: layer 2 needs 2 kernels/],
    ['branching < 1', (m) => { m.trees.image.branching = [2, 0]; return m; }, /^trees\.image\.branching\[1\]: must be an integer ≥ 1/],
    ['missing tree', (m) => { delete m.trees.text; return m; }, /^trees\.text: is missing/],
    ['both kernel kinds', (m) => { m.trees.image.edgeKernels = m.trees.image.kernels; return m; }, /exactly one of "kernels"/],
    ['matrix of wrong shape', (m) => { m.trees.image.kernels[0][0] = [[1, 0], [0, 1]]; return m; }, /must be a 3×3 matrix/],
  ];
  for (const [name, mutate, re] of cases) {
    it(`rejects ${name}, naming the field`, () => {
      const bad = mutate(base());
      expect(() => parseJghm(bad)).toThrow(ModelError);
      expect(() => parseJghm(bad)).toThrow(re);
    });
  }
  it('rejects malformed JSON', () => {
    expect(() => parseJghmText('{"format": ')).toThrow(/^\(json\): malformed JSON/);
  });
});

describe('generators', () => {
  it('models at different p share permutations and noise matrices (same seed)', () => {
    const a = generatePaperJghm({ states: 4, imageBranching: [2, 3], p: 0.1, seed: 5 });
    const b = generatePaperJghm({ states: 4, imageBranching: [2, 3], p: 0.3, seed: 5 });
    const z = generatePaperJghm({ states: 4, imageBranching: [2, 3], p: 0, seed: 5 });
    const one = generatePaperJghm({ states: 4, imageBranching: [2, 3], p: 1, seed: 5 });
    for (const tree of ['image', 'text'] as const) {
      for (let l = 0; l < 2; l++) {
        const P = z[tree].kernels[l];
        const N = one[tree].kernels[l];
        for (let i = 0; i < P.length; i++) {
          expect(Math.abs(a[tree].kernels[l][i] - (0.9 * P[i] + 0.1 * N[i]))).toBeLessThan(1e-15);
          expect(Math.abs(b[tree].kernels[l][i] - (0.7 * P[i] + 0.3 * N[i]))).toBeLessThan(1e-15);
        }
      }
    }
  });

  it('p = 0 gives one permutation per layer shared by all child indices; trees differ', () => {
    const m = generatePaperJghm({ states: 5, imageBranching: [3, 3], p: 0, seed: 2 });
    const k = m.image.kernels[1];
    expect(Array.from(k.subarray(0, 25))).toEqual(Array.from(k.subarray(25, 50)));
    expect(Array.from(m.image.kernels[0])).not.toEqual(Array.from(m.text.kernels[0]));
  });

  it('presets have the documented shapes and are deterministic', () => {
    const p = generatePreset('paper', { p: 0.2, seed: 1 });
    expect(p.states).toBe(10);
    expect(p.image.leaves).toBe(81);
    expect(p.text.branching).toEqual([3, 3, 3, 3]);
    expect(jghmToJson(generatePreset('small', { p: 0.2, seed: 3 }))).toEqual(jghmToJson(generatePreset('small', { p: 0.2, seed: 3 })));
    expect(generatePreset('paper', { p: 0.2, seed: 1, perEdge: true }).image.kernels[3].length).toBe(81 * 100);
  });

  it('rejects bad parameters, naming them', () => {
    expect(() => generatePaperJghm({ states: 3, imageBranching: [2], p: 1.5, seed: 1 })).toThrow(/^p: must be a number in \[0, 1\]/);
    expect(() => generatePaperJghm({ states: 1, imageBranching: [2], p: 0.1, seed: 1 })).toThrow(/^states/);
  });
});
