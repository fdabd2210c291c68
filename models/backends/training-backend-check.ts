/**
 * A guard for the trainer: tfjs-backend-wasm 4.22's stock `OneHot` kernel ignores `dtype: 'float32'` and writes int32
 * bit patterns (1 becomes 1.4e-45), which would make the encoders' token embedding `oneHot(ids)·tok_emb` ≈ 0 — the
 * encoders would silently train blind to the tokens. `backend.ts` (`initBackend`) installs the corrected
 * kernel (`kernels/wasm-onehot.ts`); this check refuses to train on a backend activated without it.
 */
import * as tf from '@tensorflow/tfjs';

/** True when tf.oneHot(…, 'float32') returns exact 0/1 values on the active backend. */
export function oneHotFloat32Works(): boolean {
  const ids = tf.tensor1d([1, 0], 'int32');
  const oh = tf.oneHot(ids, 2, 1, 0, 'float32');
  const v = oh.dataSync();
  ids.dispose();
  oh.dispose();
  return v[0] === 0 && v[1] === 1 && v[2] === 1 && v[3] === 0;
}

/** Throws a one-line error naming the backend when float32 one-hot is broken on it. */
export function assertOneHotFloat32(where: string): void {
  if (!oneHotFloat32Works()) {
    throw new Error(`${where}: tf.oneHot(…, 'float32') is wrong on backend '${tf.getBackend()}' (stock tfjs-backend-wasm bug); activate the backend with initBackend() (models/backends/backend.ts), which installs the corrected kernel`);
  }
}
