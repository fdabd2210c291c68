/**
 * CLIP training and test batches from a JGHM.
 *
 * Training layout (theory.md §1.2, the official `ClipSampler`; the row layout `paperClipLoss` expects): N = B(K+1)
 * rows per modality; rows 0..2B−1 are matched (image, text) pairs (0..B−1 for direction 1, B..2B−1 for direction 2);
 * rows 2B + j·B + i (j = 0..K−2) are independent items: their text is a negative for image i (direction 1), their
 * image a negative for text B+i (direction 2). Online: every batch is fresh (roots of the negatives independent of
 * everything else). Fixed dataset: positives and negatives are drawn from a fixed set of n pairs (for
 * sample-complexity runs): 2B distinct pairs as positives (with replacement when n < 2B), and each negative from a
 * uniformly chosen pair other than the positive's own.
 *
 * Test set (the PyTorch baseline's convention, pytorch-baseline.md): n fixed pairs; pair i's K−1 negatives (in both
 * directions) are the items of pairs i+1..i+K−1 (mod n), which are independent of pair i. The exact Bayes loss of
 * the same pairs and negatives comes from root posteriors (PMI = log Σ_s π_im π_tx/ψ_r), so a model's gap to Bayes
 * has a PAIRED standard error (`evaluation.ts`).
 *
 * Randomness: a sampler owns one `Rng` stream; each batch derives its sub-streams from a fresh 32-bit draw of that
 * stream, so the whole sampler state is the stream state (`getState`/`setState`, saved in checkpoints).
 */
import * as tf from '@tensorflow/tfjs';
import type { Jghm } from '../../theory/model.js';
import { Rng } from '../../theory/random.js';
import { type LeafBatch, type PairBatch, allocLeaves, sampleMarginal, samplePairs } from '../../theory/sampling.js';
import { observedEvidence, rootPosteriorsFromEvidence } from '../../theory/belief-propagation.js';
import { type ClipTestSet, perSampleClipLoss, pmiSimilarity } from './evaluation.js';

export type { ClipTestSet } from './evaluation.js';

/** One training batch on the host: leaves of both modalities, [B(K+1) × leaves] each, in the paper's row layout. */
export interface ClipLeafBatch {
  /** Matched pairs per direction. */
  readonly b: number;
  /** Candidates per anchor (1 positive + K−1 negatives). */
  readonly k: number;
  readonly image: LeafBatch;
  readonly text: LeafBatch;
}

/** A source of training batches whose state can be checkpointed. */
export interface ClipBatchSampler {
  /** Next batch with b pairs per direction and k candidates per anchor. */
  next(b: number, k: number): ClipLeafBatch;
  /** Stream state (for checkpoints). */
  getState(): number[];
  /** Restores `getState()`. */
  setState(state: readonly number[]): void;
}

function checkBatch(b: number, k: number, where: string): void {
  if (!Number.isSafeInteger(b) || b < 1) throw new RangeError(`${where}: b must be a positive integer, got ${String(b)}`);
  if (!Number.isSafeInteger(k) || k < 2) throw new RangeError(`${where}: k must be an integer ≥ 2, got ${String(k)}`);
}

function concatLeaves(states: number, parts: LeafBatch[]): LeafBatch {
  const leaves = parts[0].leaves;
  const n = parts.reduce((s, p) => s + p.n, 0);
  const data = allocLeaves(states, n * leaves);
  let off = 0;
  for (const p of parts) {
    data.set(p.data, off);
    off += p.data.length;
  }
  return { n, leaves, data };
}

/** Fresh samples every batch (online training). */
export class OnlineClipSampler implements ClipBatchSampler {
  private readonly rng: Rng;
  constructor(
    private readonly model: Jghm,
    rng: Rng,
  ) {
    this.rng = rng;
  }

  next(b: number, k: number): ClipLeafBatch {
    checkBatch(b, k, 'OnlineClipSampler.next');
    const r = this.rng.split(`batch-${this.rng.nextUint32()}`);
    const pairs = samplePairs(this.model, 2 * b, r.split('pairs'));
    const negIm = sampleMarginal(this.model, 'image', b * (k - 1), r.split('negative-images'));
    const negTx = sampleMarginal(this.model, 'text', b * (k - 1), r.split('negative-texts'));
    const S = this.model.states;
    return { b, k, image: concatLeaves(S, [pairs.image, negIm]), text: concatLeaves(S, [pairs.text, negTx]) };
  }

  getState(): number[] {
    return this.rng.getState();
  }

  setState(state: readonly number[]): void {
    this.rng.setState(state);
  }
}

function gatherRows(states: number, src: LeafBatch, rows: ArrayLike<number>): LeafBatch {
  const L = src.leaves;
  const data = allocLeaves(states, rows.length * L);
  for (let i = 0; i < rows.length; i++) data.set(src.data.subarray(rows[i] * L, rows[i] * L + L), i * L);
  return { n: rows.length, leaves: L, data };
}

/** Batches drawn from a fixed dataset of n pairs (sample-complexity runs). */
export class FixedDatasetSampler implements ClipBatchSampler {
  /** The fixed training pairs. */
  readonly dataset: PairBatch;
  private readonly rng: Rng;
  constructor(
    private readonly model: Jghm,
    n: number,
    rng: Rng,
  ) {
    if (!Number.isSafeInteger(n) || n < 2) throw new RangeError(`FixedDatasetSampler: n must be an integer ≥ 2, got ${String(n)}`);
    this.dataset = samplePairs(model, n, rng.split('dataset'));
    this.rng = rng.split('draws');
  }

  next(b: number, k: number): ClipLeafBatch {
    checkBatch(b, k, 'FixedDatasetSampler.next');
    const n = this.dataset.n;
    const r = this.rng;
    const pos = new Int32Array(2 * b);
    if (n >= 2 * b) {
      // 2B distinct pairs: partial Fisher–Yates
      const perm = new Int32Array(n);
      for (let i = 0; i < n; i++) perm[i] = i;
      for (let i = 0; i < 2 * b; i++) {
        const j = i + r.int(n - i);
        const t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
        pos[i] = perm[i];
      }
    } else {
      for (let i = 0; i < 2 * b; i++) pos[i] = r.int(n);
    }
    const other = (avoid: number) => {
      const j = r.int(n - 1);
      return j >= avoid ? j + 1 : j;
    };
    const negTx = new Int32Array(b * (k - 1));
    const negIm = new Int32Array(b * (k - 1));
    for (let j = 0; j < k - 1; j++) {
      for (let i = 0; i < b; i++) {
        negTx[j * b + i] = other(pos[i]); // text negative for image anchor i
        negIm[j * b + i] = other(pos[b + i]); // image negative for text anchor B+i
      }
    }
    const S = this.model.states;
    return {
      b,
      k,
      image: concatLeaves(S, [gatherRows(S, this.dataset.image, pos), gatherRows(S, this.dataset.image, negIm)]),
      text: concatLeaves(S, [gatherRows(S, this.dataset.text, pos), gatherRows(S, this.dataset.text, negTx)]),
    };
  }

  getState(): number[] {
    return this.rng.getState();
  }

  setState(state: readonly number[]): void {
    this.rng.setState(state);
  }
}

/** int32 token tensor [n, leaves] of a leaf batch. */
export function leafTokens(batch: LeafBatch): tf.Tensor2D {
  return tf.tensor2d(Int32Array.from(batch.data), [batch.n, batch.leaves], 'int32');
}

/** int32 token tensors of a training batch (the caller disposes them). */
export function clipBatchTokens(batch: ClipLeafBatch): { image: tf.Tensor2D; text: tf.Tensor2D } {
  return { image: leafTokens(batch.image), text: leafTokens(batch.text) };
}

/** Builds a test set of n pairs from `rng` and its exact Bayes losses. */
export function makeClipTestSet(model: Jghm, n: number, k: number, rng: Rng): ClipTestSet {
  if (!Number.isSafeInteger(n) || n < 2) throw new RangeError(`makeClipTestSet: n must be an integer ≥ 2, got ${String(n)}`);
  if (!Number.isSafeInteger(k) || k < 2 || k > n) throw new RangeError(`makeClipTestSet: k must be an integer in 2..n, got ${String(k)}`);
  const pairs = samplePairs(model, n, rng.split('test-pairs'));
  const S = model.states;
  const posteriorImage = rootPosteriorsFromEvidence(model, 'image', observedEvidence(S, pairs.image));
  const posteriorText = rootPosteriorsFromEvidence(model, 'text', observedEvidence(S, pairs.text));
  const bayesPerSample = perSampleClipLoss(n, k, pmiSimilarity(S, model.rootPrior, posteriorImage, posteriorText));
  let sum = 0;
  for (const v of bayesPerSample) sum += v;
  return { n, k, pairs, posteriorImage, posteriorText, bayesPerSample, bayesLoss: sum / n };
}
