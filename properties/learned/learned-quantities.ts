/**
 * Exact quantities of a learned similarity table S (image × text, enumeration order) on an enumerable JGHM, computed
 * with the exact tables of theory/: the K = ∞ CLIP excess in both directions, the zero-shot classifier's excess, and
 * the softmax probe's KL to the BP root posterior.
 */
import { type ExactTables, pmiTable } from '../../theory/exact-tables.js';
import { infiniteKLoss } from '../../theory/clip-loss-exact.js';
import { zeroShotClassifier, zeroShotExcess } from '../../theory/information.js';
import { fitSoftmaxProbe, type ProbeFit } from './softmax-probe.js';
import type { LearnedSnapshot } from './trained-clip.js';

/** K = ∞ CLIP excess of S over the PMI: L_∞(S) − L_∞(PMI) per anchor modality, and their sum. */
export interface ClipExcess {
  /** Image anchor: E_x KL(p(y | x) ‖ q_S(y | x)). */
  readonly image: number;
  /** Text anchor. */
  readonly text: number;
  /** image + text (the symmetric loss the encoders are trained on, at K = ∞). */
  readonly total: number;
}

const pmiLosses = new WeakMap<ExactTables, { imageAnchor: number; textAnchor: number }>();

/** The exact K = ∞ CLIP excess of a similarity table. */
export function clipExcess(t: ExactTables, similarity: Float64Array): ClipExcess {
  let base = pmiLosses.get(t);
  if (!base) {
    base = infiniteKLoss(t, pmiTable(t));
    pmiLosses.set(t, base);
  }
  const l = infiniteKLoss(t, similarity);
  const image = l.imageAnchor - base.imageAnchor;
  const text = l.textAnchor - base.textAnchor;
  return { image, text, total: image + text };
}

/** Zero-shot classification with class = one text leaf: the classifier's excess E_x KL(p(c | x) ‖ p̂_S(c | x)) and E TV. */
export function zeroShotOf(t: ExactTables, similarity: Float64Array, classLeaf: number): { kl: number; tv: number } {
  return zeroShotExcess(t, zeroShotClassifier(t, similarity, classLeaf), classLeaf);
}

/** The softmax probe from a snapshot's image embeddings to the root posterior π_x. */
export function imageProbe(t: ExactTables, snap: LearnedSnapshot): ProbeFit {
  return fitSoftmaxProbe(snap.imageEmbeddings, snap.dim, t.postIm, t.px, t.model.rootPrior);
}
