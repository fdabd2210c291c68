/**
 * Test CLIP loss of a similarity function next to the exact Bayes loss on the same test pairs and negatives, with
 * the PAIRED standard error of the gap (theory.md §1.2, pytorch-baseline.md).
 *
 * Per-sample loss of pair i (negatives: pairs i+1..i+K−1 mod n), both directions summed:
 *   ℓ_i = [−s(i,i) + LSE_{j=0..K−1} s(i, i+j)] + [−s(i,i) + LSE_{j=0..K−1} s(i+j, i)],
 * where s(a, b) is the similarity of image a and text b. Chance level is 2·log K. The gap's SE is the SE of the
 * per-sample differences ℓ_i(model) − ℓ_i(Bayes), which is much smaller than either loss's SE.
 */
import * as tf from '@tensorflow/tfjs';
import type { PairBatch } from '../../theory/sampling.js';

/** A fixed CLIP test set with its exact Bayes per-sample losses (built by `makeClipTestSet` of clip-batches.ts). */
export interface ClipTestSet {
  /** Number of test pairs. */
  readonly n: number;
  /** Candidates per anchor. */
  readonly k: number;
  /** The pairs (pair i's negatives: pairs i+1..i+k−1 mod n). */
  readonly pairs: PairBatch;
  /** Root posteriors π_im, π_tx of every pair, [n × S] (float64 BP). */
  readonly posteriorImage: Float64Array;
  readonly posteriorText: Float64Array;
  /** Exact Bayes (PMI similarity) per-sample symmetric losses (sum of both directions). */
  readonly bayesPerSample: Float64Array;
  /** Their mean. */
  readonly bayesLoss: number;
}

/** s(imageIndex, textIndex). */
export type SimilarityFn = (image: number, text: number) => number;

/** Per-sample symmetric test losses (float64) for n pairs and k candidates. */
export function perSampleClipLoss(n: number, k: number, sim: SimilarityFn): Float64Array {
  const out = new Float64Array(n);
  const a = new Float64Array(k);
  const b = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      a[j] = sim(i, (i + j) % n);
      b[j] = sim((i + j) % n, i);
    }
    out[i] = lse(a) - a[0] + lse(b) - b[0];
  }
  return out;
}

function lse(v: Float64Array): number {
  let m = -Infinity;
  for (const x of v) if (x > m) m = x;
  let z = 0;
  for (const x of v) z += Math.exp(x - m);
  return m + Math.log(z);
}

/** The exact PMI similarity from root posteriors [n × S]: log Σ_s π_im(s) π_tx(s)/ψ_r(s). */
export function pmiSimilarity(states: number, rootPrior: ArrayLike<number>, postIm: Float64Array, postTx: Float64Array): SimilarityFn {
  const S = states;
  return (i, j) => {
    let acc = 0;
    for (let s = 0; s < S; s++) acc += (postIm[i * S + s] * postTx[j * S + s]) / rootPrior[s];
    return Math.log(acc);
  };
}

/** How embeddings are compared. */
export type SimilarityKind =
  /** Raw inner product (the paper). */
  | { kind: 'dot' }
  /** exp(logitScale)·cos (open_clip). */
  | { kind: 'cosine'; logitScale: number }
  /** Embeddings are log-posteriors: log Σ_s e^{u_s + v_s}/ψ_r(s) (the Bayes link). */
  | { kind: 'bayes-link'; rootPrior: ArrayLike<number> };

/** Similarity of rows of two embedding matrices [n × dim] (float32 or float64), computed in float64. */
export function embeddingSimilarity(im: ArrayLike<number>, tx: ArrayLike<number>, dim: number, kind: SimilarityKind): SimilarityFn {
  if (kind.kind === 'dot') {
    return (i, j) => {
      let acc = 0;
      for (let d = 0; d < dim; d++) acc += im[i * dim + d] * tx[j * dim + d];
      return acc;
    };
  }
  if (kind.kind === 'cosine') {
    const norm = (x: ArrayLike<number>, i: number) => {
      let s = 0;
      for (let d = 0; d < dim; d++) s += x[i * dim + d] * x[i * dim + d];
      return Math.sqrt(s + 1e-12);
    };
    const scale = Math.exp(kind.logitScale);
    return (i, j) => {
      let acc = 0;
      for (let d = 0; d < dim; d++) acc += im[i * dim + d] * tx[j * dim + d];
      return (scale * acc) / norm(im, i) / norm(tx, j);
    };
  }
  const logPrior = Array.from(kind.rootPrior, (p) => Math.log(p));
  return (i, j) => {
    let m = -Infinity;
    for (let d = 0; d < dim; d++) m = Math.max(m, im[i * dim + d] + tx[j * dim + d] - logPrior[d]);
    let z = 0;
    for (let d = 0; d < dim; d++) z += Math.exp(im[i * dim + d] + tx[j * dim + d] - logPrior[d] - m);
    return m + Math.log(z);
  };
}

/** Mean and standard error of a sample. */
export function meanSe(x: ArrayLike<number>): { mean: number; se: number } {
  const n = x.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i];
  m /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (x[i] - m) ** 2;
  return { mean: m, se: n > 1 ? Math.sqrt(v / (n - 1) / n) : NaN };
}

/** Test loss of a model next to the Bayes loss on the same pairs. */
export interface GapReport {
  /** Model test loss and its SE. */
  loss: number;
  lossSe: number;
  /** Bayes loss on the same pairs and its SE. */
  bayes: number;
  bayesSe: number;
  /** Mean paired difference (model − Bayes) and its paired SE. */
  gap: number;
  gapSe: number;
  /** Number of test pairs. */
  n: number;
}

/** Gap report from per-sample losses (model and Bayes on the same samples). */
export function pairedGap(model: Float64Array, bayes: Float64Array): GapReport {
  if (model.length !== bayes.length) throw new RangeError(`pairedGap: model (${model.length}) and bayes (${bayes.length}) must have the same length`);
  const d = new Float64Array(model.length);
  for (let i = 0; i < d.length; i++) d[i] = model[i] - bayes[i];
  const a = meanSe(model);
  const b = meanSe(bayes);
  const g = meanSe(d);
  return { loss: a.mean, lossSe: a.se, bayes: b.mean, bayesSe: b.se, gap: g.mean, gapSe: g.se, n: model.length };
}

/** Anything that maps int32 tokens [B, T] to embeddings [B, dim]. */
export interface Encoder {
  apply(tokens: tf.Tensor2D): tf.Tensor2D;
}

/** Embeddings of all rows of a leaf batch, encoded in chunks; returns a flat Float32Array [n × dim] and dim. */
export function encodeAll(encoder: Encoder, leaves: ClipTestSet['pairs']['image'], chunk = 1024): { data: Float32Array; dim: number } {
  const parts: Float32Array[] = [];
  let dim = 0;
  for (let start = 0; start < leaves.n; start += chunk) {
    const n = Math.min(chunk, leaves.n - start);
    const sub = { n, leaves: leaves.leaves, data: leaves.data.subarray(start * leaves.leaves, (start + n) * leaves.leaves) };
    const tok = tf.tensor2d(Int32Array.from(sub.data), [n, leaves.leaves], 'int32');
    const emb = encoder.apply(tok);
    dim = emb.shape[1];
    parts.push(emb.dataSync() as Float32Array);
    tok.dispose();
    emb.dispose();
  }
  const data = new Float32Array(leaves.n * dim);
  let off = 0;
  for (const p of parts) {
    data.set(p, off);
    off += p.length;
  }
  return { data, dim };
}

/** Encodes the test set with both encoders and reports the test loss next to the Bayes loss (paired gap). */
export function evaluateClip(imageEncoder: Encoder, textEncoder: Encoder, test: ClipTestSet, similarity: SimilarityKind): GapReport {
  const im = encodeAll(imageEncoder, test.pairs.image);
  const tx = encodeAll(textEncoder, test.pairs.text);
  const sim = embeddingSimilarity(im.data, tx.data, im.dim, similarity);
  return pairedGap(perSampleClipLoss(test.n, test.k, sim), test.bayesPerSample);
}
