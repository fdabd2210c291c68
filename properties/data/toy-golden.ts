/**
 * Golden values of the main toy JGHM of theory.md §10.0 (`loadReferenceToy('toy-jghm')`) as theory.md lists them
 * (computed there by an independent NumPy enumeration; reproduce to ≈1e-9). Used by the sufficiency / downstream
 * claims (theory.md §10.1 items 9–17), which include the toy as a fixed reference model. The values also found in
 * toy-jghm.expected.json are checked against it in test/properties/data/reference-toys.test.ts.
 */

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
