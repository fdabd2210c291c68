/**
 * The deterministic toy JGHM of theory.md §10.0, built from its written specification (S = 3, prior [0.5, 0.3, 0.2],
 * both trees of depth 2 with 2 children, kernels A(p, k) = (1 − p)·Perm_k + p·N), and the golden values theory.md
 * lists for it (computed there by an independent NumPy enumeration). Used by the sufficiency / downstream claims
 * (theory.md §10.1 items 9–17) as their fixed reference model.
 */
import { type Jghm, makeJghm, makeTree } from '../../theory/model.js';

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

/**
 * The §10.0 toy: 'main' (child-dependent kernels) or 'symmetric' (both children of a layer share the layer's child-0
 * kernel).
 */
export function toyJghm(variant: 'main' | 'symmetric' = 'main'): Jghm {
  const text = [
    [toyKernel(0.2, 0), toyKernel(0.3, 1)],
    [toyKernel(0.1, 1), toyKernel(0.25, 0)],
  ];
  const image = [
    [toyKernel(0.15, 2), toyKernel(0.2, 0)],
    [toyKernel(0.3, 0), toyKernel(0.1, 1)],
  ];
  if (variant === 'symmetric') {
    for (const layers of [text, image]) for (const layer of layers) layer[1] = layer[0];
  }
  return makeJghm(
    S,
    [0.5, 0.3, 0.2],
    makeTree(S, [2, 2], image, true, 'trees.image'),
    makeTree(S, [2, 2], text, true, 'trees.text'),
    `theory.md §10.0 toy (${variant})`,
  );
}

/** Golden values of the main toy from theory.md §10.0 (independent NumPy enumeration; reproduce to ≈1e-9). */
export const TOY_GOLDEN = {
  /** I(x_im; x_tx). */
  mutualInformation: 0.605990923384501,
  /** Suff(E_im = first image leaf). */
  suffImageLeaf0: 0.3035354989416223,
  /** Suff(E_tx = second text leaf). */
  suffTextLeaf1: 0.19896470704859281,
  /** I(E_im; E_tx) for those two encoders. */
  encodersMutualInformation: 0.20936494649989607,
  /** K = ∞ symmetric excess of S = PMI(E_im, E_tx). */
  infiniteKExcessOfEncoderPmi: 0.7932519537692,
  /** Suff(E_im) + Suff(E_tx). */
  suffSum: 0.5025002059902,
  /** One-direction excess of the best E_im-measurable S, K = 2 and 3. */
  excessK: { 2: 0.13327666796462212, 3: 0.18898840524405325 } as Record<number, number>,
  /** G_K = E φ(R̄_K, S̄_K), K = 2 and 3. */
  gK: { 2: 0.17025883097700018, 3: 0.11454709369756905 } as Record<number, number>,
  /** ZSC (class = first text leaf) Bayes cross-entropy H(c | x_im). */
  zeroShotBayesCrossEntropy: 0.6174676028013106,
  /** ZSC cross-entropy excess of the classifier induced by S_E (E = first image leaf). */
  zeroShotExcessOfBestEncoderSimilarity: 0.20647568042649445,
  /** CDM, σ = 1, z = (0.3, 1.7, 2.2, −0.4): E[x_im | z] and E[x_im | z, x_tx = (1, 1, 0, 2)]. */
  cdmZ: [0.3, 1.7, 2.2, -0.4],
  cdmPosteriorMean: [0.8277620781, 1.7311452753, 1.8457119424, 0.1557182151],
  cdmConditionalPosteriorMean: [0.2737826372, 1.1619726858, 1.6010486497, 0.5819608159],
  cdmText: [1, 1, 0, 2],
} as const;
