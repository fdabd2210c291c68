/**
 * Initial parameters of one encoder in the flat layout, drawn exactly as `TransformerEncoder`'s constructor draws
 * them (one `rng.split(part)` stream per variable; embeddings N(0, embeddingStd²), linear weights and biases
 * U(−1/√fan_in, 1/√fan_in), LayerNorm γ = 1, β = 0), without tfjs: the same Rng gives the same values.
 */
import type { Rng } from '../../theory/random.js';
import type { EncoderConfig } from '../encoders/index.js';
import { encoderLayout } from './layout.js';

/** Fan-in of each variable's uniform initialisation, or the kind of its initialisation. */
function initOf(name: string, c: EncoderConfig): { normal: number } | { uniform: number } | { constant: number } {
  const D = c.width;
  if (name === 'tok_emb' || name === 'pos_emb') return { normal: c.embeddingStd ?? 1 };
  if (name.endsWith('/gamma')) return { constant: 1 };
  if (name.endsWith('/beta')) return { constant: 0 };
  if (name.endsWith('mlp/w2') || name.endsWith('mlp/b2')) return { uniform: 1 / Math.sqrt(c.mlp) };
  if (name === 'pool/w' || name === 'pool/b') return { uniform: 1 / Math.sqrt(c.length) };
  return { uniform: 1 / Math.sqrt(D) };
}

/** The flat initial parameters of an encoder (`encoderLayout` order) from `rng`. */
export function initialParameters(config: EncoderConfig, rng: Rng): Float32Array {
  const layout = encoderLayout(config);
  const flat = new Float32Array(layout.size);
  for (const e of layout.entries) {
    const init = initOf(e.name, config);
    const values = flat.subarray(e.offset, e.offset + e.size);
    if ('normal' in init) {
      const r = rng.split(e.name);
      for (let i = 0; i < e.size; i++) values[i] = init.normal * r.normal();
    } else if ('uniform' in init) {
      const r = rng.split(e.name);
      for (let i = 0; i < e.size; i++) values[i] = (2 * r.uniform() - 1) * init.uniform;
    } else {
      values.fill(init.constant);
    }
  }
  return flat;
}
