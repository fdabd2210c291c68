/**
 * Memory-bounded gradients of a CLIP loss ("gradient caching", Gao et al. 2021): the loss couples all rows of the
 * batch, but its gradient factors through the embeddings. So:
 * 1. embed both sides chunk by chunk without recording a tape (activation memory of one chunk at a time);
 * 2. differentiate the loss with respect to the embeddings only (cheap: [rows, outDim]);
 * 3. for each chunk, re-run the encoder with a tape and back-propagate the surrogate Σ (embedding ⊙ dLoss/dEmbedding),
 *    accumulating the parameter gradients.
 * The result equals `tf.variableGrads(loss)` up to float32 summation order, at the cost of one extra forward pass,
 * with peak memory set by `chunkRows` instead of the batch. It lets the paper-sized workload (640 sequences of 81
 * tokens, width 128, 5 layers per encoder) fit the 4 GiB wasm heap.
 */
import * as tf from '@tensorflow/tfjs';
import type { TransformerEncoder } from '../encoders/index.js';

/** Loss and gradients (keyed by variable name) from `chunkedClipGrads`. */
export interface ChunkedGrads {
  loss: number;
  grads: tf.NamedTensorMap;
}

function rowChunks(rows: number, chunkRows: number): [number, number][] {
  const out: [number, number][] = [];
  for (let s = 0; s < rows; s += chunkRows) out.push([s, Math.min(chunkRows, rows - s)]);
  return out;
}

/**
 * Gradients of `loss(imEmb, txEmb, extra)` with respect to both encoders' variables and the `extra` variables
 * (e.g. a learnable logit scale), computed `chunkRows` rows at a time. `imTokens`/`txTokens` are int32 [rows, T].
 * The caller disposes the returned gradients.
 */
export function chunkedClipGrads(
  im: TransformerEncoder,
  tx: TransformerEncoder,
  imTokens: tf.Tensor2D,
  txTokens: tf.Tensor2D,
  loss: (imEmb: tf.Tensor2D, txEmb: tf.Tensor2D) => tf.Scalar,
  chunkRows: number,
  extra: tf.Variable[] = [],
): ChunkedGrads {
  const where = 'chunkedClipGrads';
  if (!Number.isSafeInteger(chunkRows) || chunkRows < 1) throw new RangeError(`${where}: chunkRows must be a positive integer, got ${String(chunkRows)}`);
  if (imTokens.rank !== 2 || txTokens.rank !== 2) throw new RangeError(`${where}: imTokens and txTokens must be 2-D [rows, T]`);
  const embedNoTape = (enc: TransformerEncoder, tokens: tf.Tensor2D) =>
    tf.tidy(() => {
      const parts = rowChunks(tokens.shape[0], chunkRows).map(([s, n]) => enc.apply(tf.slice(tokens, [s, 0], [n, -1])));
      return parts.length === 1 ? parts[0] : (tf.concat(parts, 0) as tf.Tensor2D);
    });
  // 1. embeddings (tf.tidy outside any gradient scope records no tape)
  const eIm = embedNoTape(im, imTokens);
  const eTx = embedNoTape(tx, txTokens);
  // 2. loss and its gradients with respect to the embeddings and the extra variables
  const grads: tf.NamedTensorMap = {};
  const vIm = tf.variable(eIm, true, undefined);
  const vTx = tf.variable(eTx, true, undefined);
  let lossValue: number;
  let dIm: tf.Tensor2D;
  let dTx: tf.Tensor2D;
  try {
    const r = tf.variableGrads(() => loss(vIm as unknown as tf.Tensor2D, vTx as unknown as tf.Tensor2D), [vIm, vTx, ...extra]);
    lossValue = (r.value.dataSync() as Float32Array)[0];
    r.value.dispose();
    dIm = r.grads[vIm.name] as tf.Tensor2D;
    dTx = r.grads[vTx.name] as tf.Tensor2D;
    for (const v of extra) if (r.grads[v.name]) grads[v.name] = r.grads[v.name];
  } finally {
    tf.dispose([vIm, vTx, eIm, eTx]);
  }
  // 3. back-propagate each chunk's surrogate Σ e ⊙ dL/de and accumulate
  const accumulate = (enc: TransformerEncoder, tokens: tf.Tensor2D, dEmb: tf.Tensor2D) => {
    for (const [s, n] of rowChunks(tokens.shape[0], chunkRows)) {
      const chunk = tf.slice(tokens, [s, 0], [n, -1]);
      const dChunk = tf.slice(dEmb, [s, 0], [n, -1]);
      const r = tf.variableGrads(() => tf.sum(tf.mul(enc.apply(chunk), dChunk)) as tf.Scalar, enc.variables);
      r.value.dispose();
      for (const [name, g] of Object.entries(r.grads)) {
        const prev = grads[name];
        if (prev === undefined) grads[name] = g;
        else {
          grads[name] = tf.add(prev, g);
          tf.dispose([prev, g]);
        }
      }
      tf.dispose([chunk, dChunk]);
    }
  };
  try {
    accumulate(im, imTokens, dIm);
    accumulate(tx, txTokens, dTx);
  } finally {
    tf.dispose([dIm, dTx]);
  }
  return { loss: lossValue, grads };
}
