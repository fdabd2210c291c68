/**
 * CLIP losses on embedding pairs, with loop-based float64 reference twins for parity tests.
 *
 * Similarity: s(x, y) = <f(x), g(y)> (raw inner product, the paper's convention) when `logitScale` is omitted;
 * otherwise both embeddings are L2-normalised and s = exp(logitScale)·cos(f(x), g(y)) (open_clip's convention).
 * Both losses use log-sum-exp (never exp-then-log).
 */
import * as tf from '@tensorflow/tfjs';

type CustomGradientFunc = Parameters<typeof tf.customGrad>[0];

/**
 * log Σ_j exp(x[i][j]) over the last axis of a 2-D tensor, with a hand-written gradient dy·softmax(x). (tfjs's
 * logSumExp differentiates through its max shift, which costs a broadcast Equal that is slow on wasm.)
 */
export function logSumExpRows(x: tf.Tensor): tf.Tensor1D {
  const f = tf.customGrad(((xi: tf.Tensor, save: tf.GradSaveFunc) => {
    const m = tf.max(xi, 1, true);
    const lse = tf.add(tf.log(tf.sum(tf.exp(tf.sub(xi, m)), 1, true)), m);
    save([xi, lse]);
    return {
      value: tf.reshape(lse, [xi.shape[0]]),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, l] = saved;
        return [tf.mul(tf.reshape(dy, [xs.shape[0], 1]), tf.exp(tf.sub(xs, l)))];
      },
    };
  }) as unknown as CustomGradientFunc);
  return f(x) as tf.Tensor1D;
}

function checkPair(where: string, im: tf.Tensor, tx: tf.Tensor): void {
  if (im.rank !== 2) throw new RangeError(`${where}: imEmb must be 2-D [rows, dim], got rank ${im.rank}`);
  if (tx.rank !== 2) throw new RangeError(`${where}: txEmb must be 2-D [rows, dim], got rank ${tx.rank}`);
  if (im.shape[0] !== tx.shape[0] || im.shape[1] !== tx.shape[1]) {
    throw new RangeError(`${where}: imEmb [${im.shape.join(', ')}] and txEmb [${tx.shape.join(', ')}] must have the same shape`);
  }
}

function l2normalise(x: tf.Tensor2D): tf.Tensor2D {
  return tf.mul(x, tf.rsqrt(tf.add(tf.sum(tf.square(x), 1, true), 1e-12)));
}

/** Rows of the two embeddings after the similarity convention: raw, or normalised with the scale folded into `im`. */
function prepare(im: tf.Tensor2D, tx: tf.Tensor2D, logitScale?: tf.Scalar): [tf.Tensor2D, tf.Tensor2D] {
  if (logitScale === undefined) return [im, tx];
  return [tf.mul(l2normalise(im), tf.exp(logitScale)), l2normalise(tx)];
}

/**
 * The paper's K-sample symmetric CLIP loss (theory.md §1.2; the official `ClipLoss` layout).
 *
 * Batch layout: `imEmb` and `txEmb` have N = B(K+1) rows, B = N/(K+1):
 * - rows 0..B−1: matched pairs, direction 1 (image anchor): image i is scored against text i (positive) and the
 *   K−1 independent texts at rows 2B + j·B + i, j = 0..K−2;
 * - rows B..2B−1: matched pairs, direction 2 (text anchor): text B+i against image B+i (positive) and the K−1
 *   independent images at rows 2B + j·B + i;
 * - rows 2B..N−1: independent items (image and text roots drawn independently), used as negatives.
 * Loss = (1/B) Σ_i [ −log softmax_1(s(im_i, tx_i), s(im_i, tx_{2B+jB+i})...) − log softmax_1(s(im_{B+i}, tx_{B+i}),
 * s(im_{2B+jB+i}, tx_{B+i})...) ], i.e. the SUM of the two directions averaged over the batch (the paper's
 * reduction; chance level is 2·log K).
 */
export function paperClipLoss(imEmb: tf.Tensor2D, txEmb: tf.Tensor2D, k: number, logitScale?: tf.Scalar): tf.Scalar {
  const where = 'paperClipLoss';
  checkPair(where, imEmb, txEmb);
  if (!Number.isSafeInteger(k) || k < 2) throw new RangeError(`${where}: k must be an integer >= 2, got ${String(k)}`);
  const n = imEmb.shape[0];
  if (n % (k + 1) !== 0 || n === 0) throw new RangeError(`${where}: rows (${n}) must be a positive multiple of k+1 (${k + 1})`);
  const b = n / (k + 1);
  const d = imEmb.shape[1];
  return tf.tidy(() => {
    const [im, tx] = prepare(imEmb, txEmb, logitScale);
    const direction = (anchor: tf.Tensor2D, positive: tf.Tensor2D, negatives: tf.Tensor2D) => {
      const sPos = tf.sum(tf.mul(anchor, positive), 1, true); // [B, 1]
      // negatives [(K−1)B, d] → [K−1, B, d]; anchor broadcasts over the K−1 blocks
      const sNeg = tf.sum(tf.mul(tf.reshape(negatives, [k - 1, b, d]), anchor), 2); // [K−1, B]
      const logits = tf.concat([sPos, tf.transpose(sNeg)], 1); // [B, K], positive in column 0
      return tf.sub(logSumExpRows(logits), tf.reshape(sPos, [b]));
    };
    const l1 = direction(tf.slice(im, [0, 0], [b, d]), tf.slice(tx, [0, 0], [b, d]), tf.slice(tx, [2 * b, 0], [n - 2 * b, d]));
    const l2 = direction(tf.slice(tx, [b, 0], [b, d]), tf.slice(im, [b, 0], [b, d]), tf.slice(im, [2 * b, 0], [n - 2 * b, d]));
    return tf.mean(tf.add(l1, l2)) as tf.Scalar;
  });
}

/**
 * open_clip's in-batch symmetric loss on B matched pairs (row i of each is a pair; all other rows are negatives):
 * (CE(logits, arange) + CE(logitsᵀ, arange)) / 2 with logits[i][j] = s(im_i, tx_j), averaged over the batch
 * (the MEAN of both directions; chance level is log B).
 */
export function inBatchClipLoss(imEmb: tf.Tensor2D, txEmb: tf.Tensor2D, logitScale?: tf.Scalar): tf.Scalar {
  checkPair('inBatchClipLoss', imEmb, txEmb);
  return tf.tidy(() => {
    const [im, tx] = prepare(imEmb, txEmb, logitScale);
    const logits = tf.matMul(im, tx, false, true);
    const diag = tf.sum(tf.mul(im, tx), 1);
    const rows = tf.sub(logSumExpRows(logits), diag);
    const cols = tf.sub(logSumExpRows(tf.transpose(logits)), diag);
    return tf.mul(tf.mean(tf.add(rows, cols)), 0.5) as tf.Scalar;
  });
}

/** Plain-number embeddings (rows of equal length) for the reference implementations. */
export type Rows = ArrayLike<ArrayLike<number>>;

function simRef(a: ArrayLike<number>, b: ArrayLike<number>, logitScale?: number): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  if (logitScale === undefined) return dot;
  return (Math.exp(logitScale) * dot) / Math.sqrt(na + 1e-12) / Math.sqrt(nb + 1e-12);
}

/** −log(e^{s_0} / Σ_j e^{s_j}) in float64 with a max shift. */
function nllFirst(s: number[]): number {
  const m = Math.max(...s);
  let z = 0;
  for (const v of s) z += Math.exp(v - m);
  return -(s[0] - m - Math.log(z));
}

/** Loop-based float64 twin of `paperClipLoss` (same layout and reduction). */
export function paperClipLossReference(im: Rows, tx: Rows, k: number, logitScale?: number): number {
  const n = im.length;
  const b = n / (k + 1);
  if (!Number.isInteger(b) || tx.length !== n) throw new RangeError('paperClipLossReference: rows must be B(k+1) for both');
  let total = 0;
  for (let i = 0; i < b; i++) {
    const s1 = [simRef(im[i], tx[i], logitScale)];
    const s2 = [simRef(im[b + i], tx[b + i], logitScale)];
    for (let j = 0; j < k - 1; j++) {
      s1.push(simRef(im[i], tx[2 * b + j * b + i], logitScale));
      s2.push(simRef(im[2 * b + j * b + i], tx[b + i], logitScale));
    }
    total += nllFirst(s1) + nllFirst(s2);
  }
  return total / b;
}

/** Loop-based float64 twin of `inBatchClipLoss`. */
export function inBatchClipLossReference(im: Rows, tx: Rows, logitScale?: number): number {
  const b = im.length;
  let total = 0;
  for (let i = 0; i < b; i++) {
    const row: number[] = [simRef(im[i], tx[i], logitScale)];
    const col: number[] = [simRef(im[i], tx[i], logitScale)];
    for (let j = 0; j < b; j++) {
      if (j === i) continue;
      row.push(simRef(im[i], tx[j], logitScale));
      col.push(simRef(im[j], tx[i], logitScale));
    }
    total += nllFirst(row) + nllFirst(col);
  }
  return total / (2 * b);
}
