/**
 * The one loader of the golden toys (properties/data/reference-toys.ts): the shipped toy files equal the toy built
 * from theory.md §10.0's written specification (S = 3, prior [0.5, 0.3, 0.2], both trees of depth 2 with 2 children,
 * kernels A(p, k) = (1 − p)·Perm_k + p·N), every kernel bit for bit; the theory.md golden values the claims use
 * (TOY_GOLDEN) agree with the shipped expected values where both list one.
 */
import { describe, expect, it } from 'vitest';
import { type Jghm, kernelOf, makeJghm, makeTree } from '../../../theory/model.js';
import { loadReferenceExpected, loadReferenceToy, referenceExpectedPath, referenceToyPath } from '../../../properties/data/reference-toys.js';
import { TOY_GOLDEN } from '../../../properties/data/toy-golden.js';

const S = 3;
const NOISE = [
  [0.6, 0.3, 0.1],
  [0.2, 0.5, 0.3],
  [0.1, 0.2, 0.7],
];

/** A(p, k) = (1 − p)·Perm_k + p·N, row-major 3×3 (Perm_k: row s has its 1 in column (s + k) mod 3). */
function toyKernel(p: number, k: number): Float64Array {
  const out = new Float64Array(S * S);
  for (let r = 0; r < S; r++) for (let c = 0; c < S; c++) out[r * S + c] = (c === (r + k) % S ? 1 - p : 0) + p * NOISE[r][c];
  return out;
}

/** The §10.0 toy from its specification: 'main' (child-dependent kernels) or 'symmetric' (child 0's kernel shared). */
function toyFromSpecification(variant: 'main' | 'symmetric'): Jghm {
  const text = [
    [toyKernel(0.2, 0), toyKernel(0.3, 1)],
    [toyKernel(0.1, 1), toyKernel(0.25, 0)],
  ];
  const image = [
    [toyKernel(0.15, 2), toyKernel(0.2, 0)],
    [toyKernel(0.3, 0), toyKernel(0.1, 1)],
  ];
  if (variant === 'symmetric') for (const layers of [text, image]) for (const layer of layers) layer[1] = layer[0];
  return makeJghm(S, [0.5, 0.3, 0.2], makeTree(S, [2, 2], image, true, 'trees.image'), makeTree(S, [2, 2], text, true, 'trees.text'));
}

describe('reference toys', () => {
  it('the shipped files are read from properties/data (inside the repository)', () => {
    expect(referenceToyPath('toy-jghm')).toMatch(/properties[\\/]data[\\/]toy-jghm\.json$/);
    expect(referenceExpectedPath('toy-jghm-symmetric')).toMatch(/properties[\\/]data[\\/]toy-jghm-symmetric\.expected\.json$/);
  });

  it('each shipped toy equals the toy built from theory.md §10.0 (both variants, every kernel, bit for bit)', () => {
    for (const [variant, file] of [['main', 'toy-jghm'], ['symmetric', 'toy-jghm-symmetric']] as const) {
      const shipped = loadReferenceToy(file);
      const spec = toyFromSpecification(variant);
      expect(shipped.states).toBe(3);
      expect(Array.from(shipped.rootPrior)).toEqual(Array.from(spec.rootPrior));
      for (const m of ['image', 'text'] as const) {
        expect(shipped[m].leaves).toBe(4);
        for (let l = 1; l <= 2; l++) for (let j = 0; j < spec[m].layerSizes[l]; j++) expect(Array.from(kernelOf(shipped[m], 3, l, j))).toEqual(Array.from(kernelOf(spec[m], 3, l, j)));
      }
    }
  });

  it('a kernel that differs from the specification is caught (planted twin)', () => {
    const spec = toyFromSpecification('main');
    const shipped = loadReferenceToy('toy-jghm-symmetric'); // the symmetric variant differs from 'main' at child 1
    expect(Array.from(kernelOf(shipped.image, 3, 1, 1))).not.toEqual(Array.from(kernelOf(spec.image, 3, 1, 1)));
  });

  it('TOY_GOLDEN (theory.md) agrees with toy-jghm.expected.json to 1e-12 where both list a value', () => {
    const e = loadReferenceExpected('toy-jghm');
    const pairs: [number, number][] = [
      [TOY_GOLDEN.mutualInformation, e.mutualInformation],
      [TOY_GOLDEN.suffImageLeaf0, e.sufficiency['image:leaf:0']],
      [TOY_GOLDEN.suffTextLeaf1, e.sufficiency['text:leaf:1']],
      [TOY_GOLDEN.zeroShotBayesCrossEntropy, e.zeroShotBayesCrossEntropy],
    ];
    for (const [ours, shipped] of pairs) expect(Math.abs(ours - shipped)).toBeLessThanOrEqual(1e-12);
    expect(e.input.textLeaves).toEqual(TOY_GOLDEN.cdmText);
  });
});
